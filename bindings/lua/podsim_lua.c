/*
 * podsim_lua.c - the Lua 5.4 binding of podsim (module "podsim").
 *
 * A thin layer over podsim.h: it converts arguments and results, maps
 * podsim_status to Lua's two error conventions and manages the lifetime of
 * the cluster handle. No Kubernetes logic lives here.
 *
 * Error convention (the same for every function):
 *   - programmer errors (wrong argument type, unknown kind or view, unknown
 *     option, a closed cluster) raise through luaL_argerror / luaL_error;
 *   - expected domain failures (unreadable file, parse error, duplicate
 *     object, not found, bad quantity text, unsupported Kubernetes version)
 *     return `nil, message, status_name`, where message reads
 *     "file:line:column: what" when the core knows the position and
 *     status_name is podsim_status_name ("PODSIM_EPARSE");
 *   - PODSIM_ENOMEM raises Lua's memory error.
 *
 * Model objects are copied into plain tables whose keys are exactly the
 * field names of the C structs in podsim.h (`namespace_` is spelled
 * `namespace`). A pointer + count pair becomes one sequence under the
 * pointer's name; optional values that are absent (NULL pointers,
 * PODSIM_NO_TIME, unset podsim_opt_i64, PODSIM_NO_ID) are nil; enums are the
 * Kubernetes strings of podsim_enum_name; quantities are podsim.Quantity
 * userdata. Object ids are the core's 0-based ids.
 *
 * The module keeps no C statics: metatables live in the registry under
 * "podsim.Cluster" and "podsim.Quantity", and the Quantity methods table is
 * an upvalue of its __index.
 */

/***
 * Kubernetes cluster model: load YAML/JSON, read nodes, pods and the other
 * kinds, render kubectl tables.
 *
 *     local podsim = require "podsim"
 *     local cluster <close> = assert(podsim.load("cluster.yaml"))
 *     for _, node in ipairs(cluster:nodes()) do print(node.meta.name) end
 *
 * @module podsim
 */

#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "lauxlib.h"
#include "lua.h"

#include "podsim.h"

#if defined(_WIN32)
#define PODSIM_LUA_EXPORT __declspec(dllexport)
#else
#define PODSIM_LUA_EXPORT __attribute__((visibility("default")))
#endif

PODSIM_LUA_EXPORT int luaopen_podsim(lua_State *L);

#define CLUSTER_MT "podsim.Cluster"
#define QUANTITY_MT "podsim.Quantity"

/* The cluster userdata: NULL once closed. */
typedef struct cluster_box {
    podsim_cluster *cluster;
} cluster_box;

/* ===================================================================== */
/* Errors                                                                 */
/* ===================================================================== */

/*
 * Push the message of a failure: "source:line:column: message" when the
 * core knows the line, "source: message" when it knows only the source,
 * else the message alone (the status description when the handle has no
 * message). The Python binding formats its exceptions the same way.
 * `cluster` may be NULL (no handle: failures of podsim_cluster_new and of
 * quantity parsing).
 */
static void push_message(lua_State *L, const podsim_cluster *cluster,
                         podsim_status status) {
    const podsim_error *err = cluster ? podsim_cluster_error(cluster) : NULL;
    luaL_Buffer b;

    luaL_buffinit(L, &b);
    if (err != NULL && err->source != NULL) {
        luaL_addstring(&b, err->source);
        if (err->line > 0) {
            lua_pushfstring(L, ":%d:%d", err->line, err->column);
            luaL_addvalue(&b);
        }
        luaL_addstring(&b, ": ");
    }
    if (err != NULL && err->status == status && err->message != NULL &&
        err->message[0] != '\0')
        luaL_addstring(&b, err->message);
    else
        luaL_addstring(&b, podsim_status_str(status));
    luaL_pushresult(&b);
}

/*
 * The one mapping from podsim_status to Lua: raises Lua's memory error for
 * PODSIM_ENOMEM, otherwise pushes `nil, message, status_name` and returns 3.
 */
static int push_failure(lua_State *L, const podsim_cluster *cluster,
                        podsim_status status) {
    if (status == PODSIM_ENOMEM) {
        lua_pushliteral(L, "not enough memory");
        return lua_error(L);
    }
    luaL_pushfail(L);
    push_message(L, cluster, status);
    lua_pushstring(L, podsim_status_name(status));
    return 3;
}

/* For core failures that can only come from a binding bug or a misuse the
 * binding cannot check beforehand: raise with the same message. */
static int raise_failure(lua_State *L, const podsim_cluster *cluster,
                         podsim_status status) {
    if (status == PODSIM_ENOMEM) {
        lua_pushliteral(L, "not enough memory");
        return lua_error(L);
    }
    push_message(L, cluster, status);
    return luaL_error(L, "%s (%s)", lua_tostring(L, -1),
                      podsim_status_name(status));
}

/* ===================================================================== */
/* Quantities                                                             */
/* ===================================================================== */

static void push_quantity(lua_State *L, const podsim_quantity *q) {
    podsim_quantity *box = lua_newuserdatauv(L, sizeof *box, 0);
    *box = *q;
    luaL_setmetatable(L, QUANTITY_MT);
}

static podsim_quantity *check_quantity(lua_State *L, int arg) {
    return luaL_checkudata(L, arg, QUANTITY_MT);
}

/* An enum as its Kubernetes string; a value the core cannot name (never
 * expected) comes through as a plain integer, as in the Python binding. */
static void push_enum(lua_State *L, podsim_enum type, int value) {
    const char *name = podsim_enum_name(type, value);
    if (name != NULL)
        lua_pushstring(L, name);
    else
        lua_pushinteger(L, value);
}

/***
 * Parse a Kubernetes quantity.
 *
 * Accepts a string ("1.5Gi", "100m", "1e3"), a number (converted to its
 * string) or a Quantity (returned as a copy).
 * @function quantity
 * @tparam string|number|Quantity text
 * @treturn Quantity on success
 * @return nil, message, status name ("PODSIM_EINVAL" for text that is not
 *   a quantity, "PODSIM_ERANGE" for more than 18 significant digits)
 * @usage assert(tostring(podsim.quantity("1024Mi")) == "1Gi")
 */
static int l_quantity(lua_State *L) {
    podsim_quantity q;
    podsim_status st;
    size_t len;
    const char *text;

    if (luaL_testudata(L, 1, QUANTITY_MT) != NULL) {
        push_quantity(L, check_quantity(L, 1));
        return 1;
    }
    text = luaL_checklstring(L, 1, &len);
    st = podsim_quantity_parse(text, len, &q);
    if (st != PODSIM_OK) {
        if (st == PODSIM_ENOMEM) return push_failure(L, NULL, st);
        luaL_pushfail(L);
        lua_pushfstring(L, "quantity \"%s\": %s", text, podsim_status_str(st));
        lua_pushstring(L, podsim_status_name(st));
        return 3;
    }
    push_quantity(L, &q);
    return 1;
}

/***
 * The quantity milli/1000 in a format (podsim_quantity_from_milli).
 * @function quantity_from_milli
 * @tparam integer milli
 * @tparam[opt="DecimalSI"] string format "DecimalSI", "BinarySI" or
 *   "DecimalExponent"
 * @treturn Quantity
 */
static int l_quantity_from_milli(lua_State *L) {
    const char *names[4];
    int i, format;
    podsim_quantity q;
    lua_Integer milli = luaL_checkinteger(L, 1);

    for (i = 0; i < 3; i++)
        names[i] = podsim_enum_name(PODSIM_ENUM_QUANTITY_FORMAT, i);
    names[3] = NULL;
    format = luaL_checkoption(L, 2, names[0], names);
    q = podsim_quantity_from_milli((int64_t)milli, (podsim_qformat)format);
    push_quantity(L, &q);
    return 1;
}

/***
 * An exact Kubernetes quantity (k8s.io/apimachinery resource.Quantity).
 *
 * Fields: `format` ("DecimalSI", "BinarySI", "DecimalExponent"),
 * `mantissa` and `exponent` (value = mantissa x 10^exponent).
 * Operators: `tostring` (canonical form), `==`, `<`, `<=` (exact values,
 * format ignored), `+` (exact sum in the format of the left operand;
 * raises on overflow).
 * @type Quantity
 */

/***
 * Upstream MilliValue(): ceil(value x 1000) away from zero.
 * @function Quantity:milli
 * @treturn integer
 * @return nil, message, "PODSIM_ERANGE" when it does not fit an integer
 */
static int quantity_milli(lua_State *L) {
    int64_t v;
    podsim_status st = podsim_quantity_milli(check_quantity(L, 1), &v);
    if (st != PODSIM_OK) return push_failure(L, NULL, st);
    lua_pushinteger(L, (lua_Integer)v);
    return 1;
}

/***
 * Upstream Value(): the value rounded up to an integer away from zero.
 * @function Quantity:value
 * @treturn integer
 * @return nil, message, "PODSIM_ERANGE" when it does not fit an integer
 */
static int quantity_value(lua_State *L) {
    int64_t v;
    podsim_status st = podsim_quantity_value(check_quantity(L, 1), &v);
    if (st != PODSIM_OK) return push_failure(L, NULL, st);
    lua_pushinteger(L, (lua_Integer)v);
    return 1;
}

static int quantity_tostring(lua_State *L) {
    char buf[PODSIM_QUANTITY_STRING_MAX];
    size_t len = 0;
    podsim_status st =
        podsim_quantity_format(check_quantity(L, 1), buf, sizeof buf, &len);
    if (st != PODSIM_OK) return raise_failure(L, NULL, st);
    lua_pushlstring(L, buf, len);
    return 1;
}

/* __eq: a Quantity never equals another kind of userdata. */
static int quantity_eq(lua_State *L) {
    const podsim_quantity *a = luaL_testudata(L, 1, QUANTITY_MT);
    const podsim_quantity *b = luaL_testudata(L, 2, QUANTITY_MT);
    lua_pushboolean(L,
                    a != NULL && b != NULL && podsim_quantity_cmp(a, b) == 0);
    return 1;
}

static int quantity_lt(lua_State *L) {
    lua_pushboolean(
        L, podsim_quantity_cmp(check_quantity(L, 1), check_quantity(L, 2)) < 0);
    return 1;
}

static int quantity_le(lua_State *L) {
    lua_pushboolean(L, podsim_quantity_cmp(check_quantity(L, 1),
                                           check_quantity(L, 2)) <= 0);
    return 1;
}

static int quantity_add(lua_State *L) {
    podsim_quantity sum;
    podsim_status st =
        podsim_quantity_add(check_quantity(L, 1), check_quantity(L, 2), &sum);
    if (st != PODSIM_OK) return raise_failure(L, NULL, st);
    push_quantity(L, &sum);
    return 1;
}

/* __index: the struct fields, then the methods table (upvalue 1). */
static int quantity_index(lua_State *L) {
    const podsim_quantity *q = check_quantity(L, 1);
    const char *key = lua_tostring(L, 2);

    if (key != NULL && lua_type(L, 2) == LUA_TSTRING) {
        if (strcmp(key, "format") == 0) {
            push_enum(L, PODSIM_ENUM_QUANTITY_FORMAT, (int)q->format);
            return 1;
        }
        if (strcmp(key, "mantissa") == 0) {
            lua_pushinteger(L, (lua_Integer)q->mantissa);
            return 1;
        }
        if (strcmp(key, "exponent") == 0) {
            lua_pushinteger(L, (lua_Integer)q->exponent);
            return 1;
        }
    }
    lua_pushvalue(L, 2);
    lua_rawget(L, lua_upvalueindex(1));
    return 1;
}

/* ===================================================================== */
/* Model conversion: C views to Lua tables                                */
/* ===================================================================== */

/* Each push_<type> pushes one new table for one struct. The SET_* macros
 * set field `f` of the struct pointer `o` on the table at the top, under
 * the field's own C name, so keys cannot drift from podsim.h. */

static void set_string(lua_State *L, const char *key, const char *s) {
    if (s == NULL) return;
    lua_pushstring(L, s);
    lua_setfield(L, -2, key);
}

static void set_integer(lua_State *L, const char *key, int64_t v) {
    lua_pushinteger(L, (lua_Integer)v);
    lua_setfield(L, -2, key);
}

static void set_time(lua_State *L, const char *key, int64_t ms) {
    if (ms == PODSIM_NO_TIME) return;
    set_integer(L, key, ms);
}

static void set_id(lua_State *L, const char *key, podsim_id id) {
    if (id == PODSIM_NO_ID) return;
    set_integer(L, key, id);
}

static void set_opt(lua_State *L, const char *key, podsim_opt_i64 v) {
    if (!v.set) return;
    set_integer(L, key, v.value);
}

static void set_boolean(lua_State *L, const char *key, bool v) {
    lua_pushboolean(L, v);
    lua_setfield(L, -2, key);
}

static void set_enum(lua_State *L, const char *key, podsim_enum type,
                     int value) {
    push_enum(L, type, value);
    lua_setfield(L, -2, key);
}

static void set_quantity(lua_State *L, const char *key,
                         const podsim_quantity *q) {
    push_quantity(L, q);
    lua_setfield(L, -2, key);
}

static void push_kvs(lua_State *L, const podsim_kvs *kvs) {
    size_t i;
    lua_createtable(L, 0, (int)kvs->count);
    for (i = 0; i < kvs->count; i++) {
        lua_pushstring(L, kvs->items[i].value ? kvs->items[i].value : "");
        lua_setfield(L, -2, kvs->items[i].key);
    }
}

static void push_strings(lua_State *L, const podsim_strings *s) {
    size_t i;
    lua_createtable(L, (int)s->count, 0);
    for (i = 0; i < s->count; i++) {
        lua_pushstring(L, s->items[i]);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
}

static void push_resources(lua_State *L, const podsim_resources *r) {
    size_t i;
    lua_createtable(L, 0, (int)r->count);
    for (i = 0; i < r->count; i++) {
        push_quantity(L, &r->items[i].quantity);
        lua_setfield(L, -2, r->items[i].name);
    }
}

#define SET_STR(f) set_string(L, #f, o->f)
#define SET_INT(f) set_integer(L, #f, (int64_t)o->f)
#define SET_TIME(f) set_time(L, #f, o->f)
#define SET_ID(f) set_id(L, #f, o->f)
#define SET_OPT(f) set_opt(L, #f, o->f)
#define SET_BOOL(f) set_boolean(L, #f, o->f)
#define SET_ENUM(f, type) set_enum(L, #f, type, (int)o->f)
#define SET_WITH(f, push)        \
    do {                         \
        push(L, &o->f);          \
        lua_setfield(L, -2, #f); \
    } while (0)
#define SET_KVS(f) SET_WITH(f, push_kvs)
#define SET_STRINGS(f) SET_WITH(f, push_strings)
#define SET_RESOURCES(f) SET_WITH(f, push_resources)
/* An optional sub-object behind a pointer: nil when NULL. */
#define SET_PTR(f, push)             \
    do {                             \
        if (o->f != NULL) {          \
            push(L, o->f);           \
            lua_setfield(L, -2, #f); \
        }                            \
    } while (0)
/* A pointer + count pair: one sequence named after the pointer. */
#define SET_ARRAY(f, count, push)                    \
    do {                                             \
        size_t i_;                                   \
        lua_createtable(L, (int)o->count, 0);        \
        for (i_ = 0; i_ < o->count; i_++) {          \
            push(L, &o->f[i_]);                      \
            lua_rawseti(L, -2, (lua_Integer)i_ + 1); \
        }                                            \
        lua_setfield(L, -2, #f);                     \
    } while (0)

static void push_owner_reference(lua_State *L,
                                 const podsim_owner_reference *o) {
    lua_createtable(L, 0, 6);
    SET_STR(api_version);
    SET_STR(kind);
    SET_STR(name);
    SET_STR(uid);
    SET_BOOL(controller);
    SET_BOOL(block_owner_deletion);
}

static void push_meta(lua_State *L, const podsim_meta *o) {
    lua_createtable(L, 0, 12);
    set_string(L, "namespace", o->namespace_);
    SET_STR(name);
    SET_STR(uid);
    SET_STR(resource_version);
    SET_KVS(labels);
    SET_KVS(annotations);
    SET_ARRAY(owner_references, owner_reference_count, push_owner_reference);
    SET_TIME(creation_timestamp);
    SET_TIME(deletion_timestamp);
    SET_OPT(deletion_grace_period_seconds);
    SET_STRINGS(finalizers);
}

static void push_requirement(lua_State *L, const podsim_requirement *o) {
    lua_createtable(L, 0, 3);
    SET_STR(key);
    SET_ENUM(op, PODSIM_ENUM_SELECTOR_OP);
    SET_STRINGS(values);
}

static void push_label_selector(lua_State *L, const podsim_label_selector *o) {
    lua_createtable(L, 0, 2);
    SET_KVS(match_labels);
    SET_ARRAY(match_expressions, match_expression_count, push_requirement);
}

static void push_node_selector_term(lua_State *L,
                                    const podsim_node_selector_term *o) {
    lua_createtable(L, 0, 2);
    SET_ARRAY(match_expressions, match_expression_count, push_requirement);
    SET_ARRAY(match_fields, match_field_count, push_requirement);
}

static void push_node_selector(lua_State *L, const podsim_node_selector *o) {
    lua_createtable(L, 0, 1);
    SET_ARRAY(terms, term_count, push_node_selector_term);
}

static void push_preferred_scheduling_term(
    lua_State *L, const podsim_preferred_scheduling_term *o) {
    lua_createtable(L, 0, 2);
    SET_INT(weight);
    SET_WITH(preference, push_node_selector_term);
}

static void push_node_affinity(lua_State *L, const podsim_node_affinity *o) {
    lua_createtable(L, 0, 2);
    SET_PTR(required, push_node_selector);
    SET_ARRAY(preferred, preferred_count, push_preferred_scheduling_term);
}

static void push_pod_affinity_term(lua_State *L,
                                   const podsim_pod_affinity_term *o) {
    lua_createtable(L, 0, 6);
    SET_PTR(label_selector, push_label_selector);
    SET_STRINGS(namespaces);
    SET_STR(topology_key);
    SET_PTR(namespace_selector, push_label_selector);
    SET_STRINGS(match_label_keys);
    SET_STRINGS(mismatch_label_keys);
}

static void push_weighted_pod_affinity_term(
    lua_State *L, const podsim_weighted_pod_affinity_term *o) {
    lua_createtable(L, 0, 2);
    SET_INT(weight);
    SET_WITH(term, push_pod_affinity_term);
}

static void push_pod_affinity(lua_State *L, const podsim_pod_affinity *o) {
    lua_createtable(L, 0, 2);
    SET_ARRAY(required, required_count, push_pod_affinity_term);
    SET_ARRAY(preferred, preferred_count, push_weighted_pod_affinity_term);
}

static void push_affinity(lua_State *L, const podsim_affinity *o) {
    lua_createtable(L, 0, 3);
    SET_PTR(node_affinity, push_node_affinity);
    SET_PTR(pod_affinity, push_pod_affinity);
    SET_PTR(pod_anti_affinity, push_pod_affinity);
}

static void push_taint(lua_State *L, const podsim_taint *o) {
    lua_createtable(L, 0, 4);
    SET_STR(key);
    SET_STR(value);
    SET_ENUM(effect, PODSIM_ENUM_TAINT_EFFECT);
    SET_TIME(time_added);
}

static void push_toleration(lua_State *L, const podsim_toleration *o) {
    lua_createtable(L, 0, 5);
    SET_STR(key);
    SET_ENUM(op, PODSIM_ENUM_TOLERATION_OP);
    SET_STR(value);
    SET_ENUM(effect, PODSIM_ENUM_TAINT_EFFECT);
    SET_OPT(toleration_seconds);
}

static void push_topology_spread_constraint(
    lua_State *L, const podsim_topology_spread_constraint *o) {
    lua_createtable(L, 0, 8);
    SET_INT(max_skew);
    SET_STR(topology_key);
    SET_ENUM(when_unsatisfiable, PODSIM_ENUM_UNSATISFIABLE);
    SET_PTR(label_selector, push_label_selector);
    SET_OPT(min_domains);
    SET_ENUM(node_affinity_policy, PODSIM_ENUM_INCLUSION_POLICY);
    SET_ENUM(node_taints_policy, PODSIM_ENUM_INCLUSION_POLICY);
    SET_STRINGS(match_label_keys);
}

static void push_container_port(lua_State *L, const podsim_container_port *o) {
    lua_createtable(L, 0, 5);
    SET_STR(name);
    SET_INT(container_port);
    SET_INT(host_port);
    SET_ENUM(protocol, PODSIM_ENUM_PROTOCOL);
    SET_STR(host_ip);
}

static void push_probe(lua_State *L, const podsim_probe *o) {
    lua_createtable(L, 0, 8);
    SET_ENUM(handler, PODSIM_ENUM_HANDLER);
    SET_STR(target);
    SET_INT(initial_delay_seconds);
    SET_INT(timeout_seconds);
    SET_INT(period_seconds);
    SET_INT(success_threshold);
    SET_INT(failure_threshold);
    SET_OPT(termination_grace_period_seconds);
}

static void push_object_ref(lua_State *L, const podsim_object_ref *o) {
    lua_createtable(L, 0, 4);
    SET_ENUM(kind, PODSIM_ENUM_REF_KIND);
    SET_STR(name);
    SET_STR(key);
    SET_BOOL(optional);
}

static void push_container(lua_State *L, const podsim_container *o) {
    lua_createtable(L, 0, 14);
    SET_STR(name);
    SET_ENUM(kind, PODSIM_ENUM_CONTAINER_KIND);
    SET_STR(image);
    SET_ENUM(image_pull_policy, PODSIM_ENUM_PULL_POLICY);
    SET_RESOURCES(requests);
    SET_RESOURCES(limits);
    SET_ARRAY(ports, port_count, push_container_port);
    SET_PTR(startup_probe, push_probe);
    SET_PTR(liveness_probe, push_probe);
    SET_PTR(readiness_probe, push_probe);
    SET_ENUM(post_start, PODSIM_ENUM_HANDLER);
    SET_ENUM(pre_stop, PODSIM_ENUM_HANDLER);
    SET_ARRAY(env_refs, env_ref_count, push_object_ref);
}

static void push_volume(lua_State *L, const podsim_volume *o) {
    lua_createtable(L, 0, 7);
    SET_STR(name);
    SET_ENUM(type, PODSIM_ENUM_VOLUME_TYPE);
    SET_STR(source);
    SET_STR(type_name);
    SET_BOOL(read_only);
    SET_BOOL(optional);
    SET_ARRAY(refs, ref_count, push_object_ref);
}

static void push_condition(lua_State *L, const podsim_condition *o) {
    lua_createtable(L, 0, 7);
    SET_STR(type);
    SET_STR(status);
    SET_STR(reason);
    SET_STR(message);
    SET_TIME(last_transition_time);
    SET_TIME(last_heartbeat_time);
    SET_TIME(last_probe_time);
}

static void push_container_state(lua_State *L,
                                 const podsim_container_state *o) {
    lua_createtable(L, 0, 7);
    SET_ENUM(kind, PODSIM_ENUM_CONTAINER_STATE);
    SET_STR(reason);
    SET_STR(message);
    SET_INT(exit_code);
    SET_INT(signal);
    SET_TIME(started_at);
    SET_TIME(finished_at);
}

static void push_container_status(lua_State *L,
                                  const podsim_container_status *o) {
    lua_createtable(L, 0, 10);
    SET_STR(name);
    SET_ENUM(kind, PODSIM_ENUM_CONTAINER_KIND);
    SET_BOOL(ready);
    SET_OPT(started);
    SET_INT(restart_count);
    SET_STR(image);
    SET_STR(image_id);
    SET_STR(container_id);
    SET_WITH(state, push_container_state);
    SET_WITH(last_state, push_container_state);
}

static void push_pod_status(lua_State *L, const podsim_pod_status *o) {
    lua_createtable(L, 0, 13);
    if (o->has_phase) SET_ENUM(phase, PODSIM_ENUM_PHASE);
    SET_BOOL(has_phase);
    SET_ARRAY(conditions, condition_count, push_condition);
    SET_STR(reason);
    SET_STR(message);
    SET_STR(nominated_node_name);
    SET_STR(pod_ip);
    SET_STR(host_ip);
    SET_STR(qos_class);
    SET_TIME(start_time);
    SET_ARRAY(init_container_statuses, init_container_status_count,
              push_container_status);
    SET_ARRAY(container_statuses, container_status_count,
              push_container_status);
}

static void push_pod_spec(lua_State *L, const podsim_pod_spec *o) {
    lua_createtable(L, 0, 26);
    SET_OPT(priority);
    SET_STR(priority_class_name);
    SET_ENUM(preemption_policy, PODSIM_ENUM_PREEMPTION_POLICY);
    SET_STR(scheduler_name);
    SET_STR(node_name);
    SET_KVS(node_selector);
    SET_PTR(affinity, push_affinity);
    SET_ARRAY(tolerations, toleration_count, push_toleration);
    SET_ARRAY(topology_spread_constraints, topology_spread_constraint_count,
              push_topology_spread_constraint);
    SET_STRINGS(scheduling_gates);
    SET_ARRAY(init_containers, init_container_count, push_container);
    SET_ARRAY(containers, container_count, push_container);
    SET_RESOURCES(overhead);
    SET_RESOURCES(pod_requests);
    SET_RESOURCES(pod_limits);
    SET_ENUM(restart_policy, PODSIM_ENUM_RESTART_POLICY);
    SET_INT(termination_grace_period_seconds);
    SET_OPT(active_deadline_seconds);
    SET_ARRAY(volumes, volume_count, push_volume);
    SET_BOOL(host_network);
    SET_STR(runtime_class_name);
    SET_STR(service_account_name);
    SET_STR(hostname);
    SET_STR(subdomain);
    SET_STRINGS(readiness_gates);
}

static void push_pod(lua_State *L, const podsim_pod *o) {
    lua_createtable(L, 0, 6);
    SET_ID(id);
    SET_WITH(meta, push_meta);
    SET_WITH(spec, push_pod_spec);
    SET_WITH(status, push_pod_status);
    SET_RESOURCES(requests);
    SET_ID(node);
}

static void push_node_image(lua_State *L, const podsim_node_image *o) {
    lua_createtable(L, 0, 2);
    SET_STRINGS(names);
    SET_INT(size_bytes);
}

static void push_node_address(lua_State *L, const podsim_node_address *o) {
    lua_createtable(L, 0, 2);
    SET_STR(type);
    SET_STR(address);
}

static void push_node_system_info(lua_State *L,
                                  const podsim_node_system_info *o) {
    lua_createtable(L, 0, 7);
    SET_STR(kubelet_version);
    SET_STR(kube_proxy_version);
    SET_STR(os_image);
    SET_STR(kernel_version);
    SET_STR(container_runtime_version);
    SET_STR(operating_system);
    SET_STR(architecture);
}

static void push_node(lua_State *L, const podsim_node *o) {
    lua_createtable(L, 0, 17);
    SET_ID(id);
    SET_WITH(meta, push_meta);
    SET_STR(zone);
    SET_STR(region);
    SET_STR(hostname);
    SET_ARRAY(taints, taint_count, push_taint);
    SET_BOOL(unschedulable);
    SET_STR(provider_id);
    SET_STR(pod_cidr);
    SET_RESOURCES(capacity);
    SET_RESOURCES(allocatable);
    SET_ARRAY(conditions, condition_count, push_condition);
    SET_ARRAY(addresses, address_count, push_node_address);
    SET_ARRAY(images, image_count, push_node_image);
    SET_WITH(node_info, push_node_system_info);
    SET_RESOURCES(requested);
    SET_INT(pod_count);
}

static void push_workload(lua_State *L, const podsim_workload *o) {
    lua_createtable(L, 0, 26);
    SET_ID(id);
    SET_ENUM(kind, PODSIM_ENUM_KIND);
    SET_WITH(meta, push_meta);
    SET_PTR(selector, push_label_selector);
    SET_OPT(replicas);
    SET_OPT(min_ready_seconds);
    SET_STR(strategy_type);
    SET_STR(max_surge);
    SET_STR(max_unavailable);
    SET_OPT(partition);
    SET_STR(pod_management_policy);
    SET_STR(service_name);
    SET_STRINGS(volume_claim_templates);
    SET_OPT(parallelism);
    SET_OPT(completions);
    SET_OPT(backoff_limit);
    SET_OPT(active_deadline_seconds);
    SET_STR(completion_mode);
    SET_STR(pod_replacement_policy);
    SET_BOOL(has_pod_failure_policy);
    SET_PTR(template_pod, push_pod);
    SET_INT(status_replicas);
    SET_INT(status_ready_replicas);
    SET_INT(status_available_replicas);
    SET_INT(status_updated_replicas);
}

static void push_priority_class(lua_State *L, const podsim_priority_class *o) {
    lua_createtable(L, 0, 6);
    SET_ID(id);
    SET_WITH(meta, push_meta);
    SET_INT(value);
    SET_BOOL(global_default);
    SET_ENUM(preemption_policy, PODSIM_ENUM_PREEMPTION_POLICY);
    SET_STR(description);
}

static void push_pdb(lua_State *L, const podsim_pdb *o) {
    lua_createtable(L, 0, 10);
    SET_ID(id);
    SET_WITH(meta, push_meta);
    SET_PTR(selector, push_label_selector);
    SET_STR(min_available);
    SET_STR(max_unavailable);
    SET_STR(unhealthy_pod_eviction_policy);
    SET_INT(status_current_healthy);
    SET_INT(status_desired_healthy);
    SET_INT(status_disruptions_allowed);
    SET_INT(status_expected_pods);
}

static void push_pvc(lua_State *L, const podsim_pvc *o) {
    lua_createtable(L, 0, 9);
    SET_ID(id);
    SET_WITH(meta, push_meta);
    SET_STR(storage_class_name);
    SET_INT(access_modes);
    SET_STR(volume_name);
    SET_STR(volume_mode);
    if (o->has_storage_request)
        set_quantity(L, "storage_request", &o->storage_request);
    SET_BOOL(has_storage_request);
    SET_STR(phase);
}

static void push_pv(lua_State *L, const podsim_pv *o) {
    lua_createtable(L, 0, 13);
    SET_ID(id);
    SET_WITH(meta, push_meta);
    if (o->has_capacity) set_quantity(L, "capacity", &o->capacity);
    SET_BOOL(has_capacity);
    SET_INT(access_modes);
    SET_STR(storage_class_name);
    SET_STR(claim_namespace);
    SET_STR(claim_name);
    SET_STR(reclaim_policy);
    SET_STR(source_type);
    SET_STR(csi_driver);
    SET_PTR(node_affinity, push_node_selector);
    SET_STR(phase);
}

static void push_storage_class(lua_State *L, const podsim_storage_class *o) {
    lua_createtable(L, 0, 8);
    SET_ID(id);
    SET_WITH(meta, push_meta);
    SET_STR(provisioner);
    SET_STR(volume_binding_mode);
    SET_STR(reclaim_policy);
    SET_BOOL(allow_volume_expansion);
    SET_BOOL(is_default);
    SET_PTR(allowed_topologies, push_node_selector);
}

static void push_config(lua_State *L, const podsim_config *o) {
    lua_createtable(L, 0, 5);
    SET_ID(id);
    SET_WITH(meta, push_meta);
    SET_STR(type);
    SET_STRINGS(keys);
    SET_BOOL(immutable);
}

static void push_namespace(lua_State *L, const podsim_namespace *o) {
    lua_createtable(L, 0, 3);
    SET_ID(id);
    SET_WITH(meta, push_meta);
    SET_STR(phase);
}

static void push_service(lua_State *L, const podsim_service *o) {
    lua_createtable(L, 0, 6);
    SET_ID(id);
    SET_WITH(meta, push_meta);
    SET_STR(type);
    if (o->has_selector) SET_KVS(selector);
    SET_BOOL(has_selector);
    SET_STR(cluster_ip);
}

static void push_event(lua_State *L, const podsim_event *o) {
    lua_createtable(L, 0, 19);
    SET_ID(id);
    SET_WITH(meta, push_meta);
    SET_STR(involved_kind);
    SET_STR(involved_namespace);
    SET_STR(involved_name);
    SET_STR(involved_uid);
    SET_STR(involved_field_path);
    SET_STR(reason);
    SET_STR(message);
    SET_STR(type);
    SET_INT(count);
    SET_TIME(first_timestamp);
    SET_TIME(last_timestamp);
    SET_TIME(event_time);
    SET_STR(source_component);
    SET_STR(source_host);
    SET_STR(reporting_controller);
    SET_STR(reporting_instance);
    SET_STR(action);
}

/* Push the object of `kind` with `id` as a table; false (nothing pushed)
 * if the id is out of range. */
static bool push_object(lua_State *L, const podsim_cluster *c, podsim_kind kind,
                        podsim_id id) {
#define PUSH_VIEW(view, push)             \
    do {                                  \
        if ((view) == NULL) return false; \
        push(L, (view));                  \
        return true;                      \
    } while (0)

    switch (kind) {
    case PODSIM_KIND_NODE: PUSH_VIEW(podsim_cluster_node(c, id), push_node);
    case PODSIM_KIND_POD: PUSH_VIEW(podsim_cluster_pod(c, id), push_pod);
    case PODSIM_KIND_DEPLOYMENT:
    case PODSIM_KIND_REPLICASET:
    case PODSIM_KIND_STATEFULSET:
    case PODSIM_KIND_DAEMONSET:
    case PODSIM_KIND_JOB:
        PUSH_VIEW(podsim_cluster_workload(c, kind, id), push_workload);
    case PODSIM_KIND_PRIORITYCLASS:
        PUSH_VIEW(podsim_cluster_priority_class(c, id), push_priority_class);
    case PODSIM_KIND_PODDISRUPTIONBUDGET:
        PUSH_VIEW(podsim_cluster_pdb(c, id), push_pdb);
    case PODSIM_KIND_PERSISTENTVOLUMECLAIM:
        PUSH_VIEW(podsim_cluster_pvc(c, id), push_pvc);
    case PODSIM_KIND_PERSISTENTVOLUME:
        PUSH_VIEW(podsim_cluster_pv(c, id), push_pv);
    case PODSIM_KIND_STORAGECLASS:
        PUSH_VIEW(podsim_cluster_storage_class(c, id), push_storage_class);
    case PODSIM_KIND_CONFIGMAP:
    case PODSIM_KIND_SECRET:
        PUSH_VIEW(podsim_cluster_config(c, kind, id), push_config);
    case PODSIM_KIND_NAMESPACE:
        PUSH_VIEW(podsim_cluster_namespace(c, id), push_namespace);
    case PODSIM_KIND_SERVICE:
        PUSH_VIEW(podsim_cluster_service(c, id), push_service);
    case PODSIM_KIND_EVENT: PUSH_VIEW(podsim_cluster_event(c, id), push_event);
    case PODSIM_KIND_COUNT: break;
    }
    return false;
#undef PUSH_VIEW
}

/* ===================================================================== */
/* Cluster handle                                                         */
/* ===================================================================== */

static podsim_cluster *check_cluster(lua_State *L, int arg) {
    cluster_box *box = luaL_checkudata(L, arg, CLUSTER_MT);
    if (box->cluster == NULL) luaL_error(L, "attempt to use a closed cluster");
    return box->cluster;
}

/* Push a closed cluster userdata (the handle is created into it, so that
 * __gc frees it whatever happens next). */
static cluster_box *new_cluster_box(lua_State *L) {
    cluster_box *box = lua_newuserdatauv(L, sizeof *box, 0);
    box->cluster = NULL;
    luaL_setmetatable(L, CLUSTER_MT);
    return box;
}

/* A kind argument: the Kubernetes kind name ("Node", "PodDisruptionBudget"). */
static podsim_kind check_kind(lua_State *L, int arg) {
    const char *name = luaL_checkstring(L, arg);
    int kind;
    if (podsim_enum_value(PODSIM_ENUM_KIND, name, &kind) != PODSIM_OK) {
        luaL_argerror(L, arg, lua_pushfstring(L, "invalid option '%s'", name));
    }
    return (podsim_kind)kind;
}

/* Raise if the table at `idx` has a key not in `allowed` (NULL-ended). */
static void check_keys(lua_State *L, int idx, const char *const allowed[]) {
    idx = lua_absindex(L, idx);
    lua_pushnil(L);
    while (lua_next(L, idx) != 0) {
        const char *key;
        int i, found = 0;
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING)
            luaL_error(L, "option names must be strings");
        key = lua_tostring(L, -1);
        for (i = 0; allowed[i] != NULL; i++)
            if (strcmp(key, allowed[i]) == 0) found = 1;
        if (!found) luaL_error(L, "unknown option '%s'", key);
    }
}

/* An optional non-negative integer field of the table at `idx` (0 when
 * absent), at most `max`. */
static lua_Integer opt_field_integer(lua_State *L, int idx, const char *key,
                                     lua_Integer max) {
    lua_Integer v = 0;
    int type = lua_getfield(L, idx, key);
    if (type != LUA_TNIL) {
        int ok;
        v = lua_tointegerx(L, -1, &ok);
        if (!ok || v < 0 || v > max)
            luaL_error(L, "option '%s' must be an integer in 0..%I", key, max);
    }
    lua_pop(L, 1);
    return v;
}

/*
 * Read cluster options from the table at `arg` (nil = defaults): the
 * fields of podsim_cluster_options with the limits flattened, as the
 * Python binding's keyword arguments. Strings stay anchored in the options
 * table, an argument of the running function, so they outlive the
 * podsim_cluster_new call.
 */
static void check_options(lua_State *L, int arg, podsim_cluster_options *opt) {
    const char *const keys[] = {"kubernetes_version",
                                "max_input_bytes",
                                "max_depth",
                                "max_alias_expansion",
                                "max_scalar_bytes",
                                "default_not_ready_toleration_seconds",
                                "default_unreachable_toleration_seconds",
                                NULL};
    const lua_Integer size_max = SIZE_MAX < (size_t)LUA_MAXINTEGER
                                     ? (lua_Integer)SIZE_MAX
                                     : LUA_MAXINTEGER;
    podsim_cluster_options init = PODSIM_CLUSTER_OPTIONS_INIT;

    *opt = init;
    if (lua_isnoneornil(L, arg)) return;
    luaL_checktype(L, arg, LUA_TTABLE);
    check_keys(L, arg, keys);
    if (lua_getfield(L, arg, "kubernetes_version") != LUA_TNIL) {
        if (lua_type(L, -1) != LUA_TSTRING)
            luaL_error(L, "option 'kubernetes_version' must be a string");
        opt->kubernetes_version = lua_tostring(L, -1);
    }
    lua_pop(L, 1);
    opt->limits.max_input_bytes =
        (size_t)opt_field_integer(L, arg, "max_input_bytes", size_max);
    opt->limits.max_depth =
        (int)opt_field_integer(L, arg, "max_depth", INT_MAX);
    opt->limits.max_alias_expansion =
        (size_t)opt_field_integer(L, arg, "max_alias_expansion", size_max);
    opt->limits.max_scalar_bytes =
        (size_t)opt_field_integer(L, arg, "max_scalar_bytes", size_max);
    opt->default_not_ready_toleration_seconds = (int64_t)opt_field_integer(
        L, arg, "default_not_ready_toleration_seconds", LUA_MAXINTEGER);
    opt->default_unreachable_toleration_seconds = (int64_t)opt_field_integer(
        L, arg, "default_unreachable_toleration_seconds", LUA_MAXINTEGER);
}

/* Create the cluster of `box` from options at `arg`; PODSIM_OK or a status
 * for push_failure(L, NULL, ...). */
static podsim_status create_cluster(lua_State *L, int arg, cluster_box *box) {
    podsim_cluster_options opt;
    check_options(L, arg, &opt);
    return podsim_cluster_new(&opt, &box->cluster);
}

static void push_stats(lua_State *L, const podsim_load_stats *s) {
    int k;
    lua_createtable(L, 0, 4);
    lua_pushinteger(L, (lua_Integer)s->documents);
    lua_setfield(L, -2, "documents");
    lua_createtable(L, 0, PODSIM_KIND_COUNT);
    for (k = 0; k < PODSIM_KIND_COUNT; k++) {
        lua_pushinteger(L, (lua_Integer)s->added[k]);
        lua_setfield(L, -2, podsim_kind_name((podsim_kind)k));
    }
    lua_setfield(L, -2, "added");
    lua_pushinteger(L, (lua_Integer)s->skipped);
    lua_setfield(L, -2, "skipped");
    lua_pushinteger(L, (lua_Integer)s->bytes);
    lua_setfield(L, -2, "bytes");
}

/* Release the handle of a box that failed to load, keeping the error
 * message: pushes nil, message, status name. */
static int fail_and_close(lua_State *L, cluster_box *box, podsim_status st) {
    int n = push_failure(L, box->cluster, st);
    podsim_cluster_free(box->cluster);
    box->cluster = NULL;
    return n;
}

/***
 * Create an empty cluster.
 * @function new
 * @tparam[opt] table options `kubernetes_version` ("1.30".."1.35", default
 *   "1.34"); loader limits `max_input_bytes`, `max_depth`,
 *   `max_alias_expansion`, `max_scalar_bytes` (0 or absent = default);
 *   `default_not_ready_toleration_seconds`,
 *   `default_unreachable_toleration_seconds` (0 or absent = 300).
 *   Unknown keys raise.
 * @treturn Cluster
 * @return nil, message, "PODSIM_EVERSION" for an unsupported version
 * @usage local cluster = podsim.new{kubernetes_version = "1.33"}
 */
static int l_new(lua_State *L) {
    cluster_box *box;
    podsim_status st;

    lua_settop(L, 1);
    box = new_cluster_box(L);
    st = create_cluster(L, 1, box);
    if (st != PODSIM_OK) return push_failure(L, NULL, st);
    return 1;
}

/*
 * Load the path (string) or array of paths at `idx` into `c` as one
 * transaction (podsim_cluster_load_files).
 */
static podsim_status load_paths(lua_State *L, int idx, podsim_cluster *c,
                                podsim_load_stats *stats) {
    const char *single;
    const char **paths;
    lua_Integer i, n;
    podsim_status st;

    if (lua_type(L, idx) != LUA_TTABLE) {
        single = luaL_checkstring(L, idx);
        return podsim_cluster_load_file(c, single, stats);
    }
    n = (lua_Integer)luaL_len(L, idx);
    /* a userdata block, so that an error below cannot leak it */
    paths = lua_newuserdatauv(L, (size_t)(n ? n : 1) * sizeof(*paths), 0);
    for (i = 1; i <= n; i++) {
        if (lua_geti(L, idx, i) != LUA_TSTRING)
            luaL_argerror(L, idx, "array of paths must hold strings");
        paths[i - 1] = lua_tostring(L, -1);
        lua_pop(L, 1); /* still referenced by the table */
    }
    st = podsim_cluster_load_files(c, paths, (size_t)n, stats);
    lua_pop(L, 1);
    return st;
}

/***
 * Create a cluster from one file or several (YAML or JSON).
 *
 * Files load in order into one new cluster, as one transaction.
 * @function load
 * @tparam string|{string,...} path a path or an array of paths
 * @tparam[opt] table options as for @{new}
 * @treturn Cluster
 * @return nil, "file:line:column: message", status name
 *   ("PODSIM_EIO", "PODSIM_EPARSE", "PODSIM_EEXIST", "PODSIM_ELIMIT", ...)
 */
static int l_load(lua_State *L) {
    cluster_box *box;
    podsim_status st;

    lua_settop(L, 2);
    if (lua_type(L, 1) != LUA_TTABLE) luaL_checkstring(L, 1);
    box = new_cluster_box(L); /* index 3 */
    st = create_cluster(L, 2, box);
    if (st != PODSIM_OK) return push_failure(L, NULL, st);
    st = load_paths(L, 1, box->cluster, NULL);
    if (st != PODSIM_OK) return fail_and_close(L, box, st);
    lua_settop(L, 3);
    return 1;
}

/***
 * Create a cluster from YAML or JSON text.
 * @function loads
 * @tparam string text
 * @tparam[opt="<string>"] string source name used in error messages
 * @tparam[opt] table options as for @{new} (may take the place of source)
 * @treturn Cluster
 * @return nil, "source:line:column: message", status name
 */
static int l_loads(lua_State *L) {
    cluster_box *box;
    podsim_status st;
    size_t len;
    const char *text = luaL_checklstring(L, 1, &len);
    const char *source = NULL;
    int opt_arg = 3;

    lua_settop(L, 3);
    if (lua_type(L, 2) == LUA_TTABLE) {
        if (!lua_isnil(L, 3)) luaL_argerror(L, 3, "options given twice");
        opt_arg = 2;
    } else {
        source = luaL_optstring(L, 2, NULL);
    }
    box = new_cluster_box(L); /* index 4 */
    st = create_cluster(L, opt_arg, box);
    if (st != PODSIM_OK) return push_failure(L, NULL, st);
    st = podsim_cluster_load_string(box->cluster, text, len, source, NULL);
    if (st != PODSIM_OK) return fail_and_close(L, box, st);
    lua_settop(L, 4);
    return 1;
}

/***
 * A cluster model. Methods raise "attempt to use a closed cluster" once
 * the cluster is closed. Works with `local c <close> = ...`.
 * @type Cluster
 */

/***
 * Release the cluster now (also done by the garbage collector and by a
 * `<close>` variable). Idempotent.
 * @function Cluster:close
 * @treturn boolean true
 */
static int cluster_close(lua_State *L) {
    cluster_box *box = luaL_checkudata(L, 1, CLUSTER_MT);
    podsim_cluster_free(box->cluster);
    box->cluster = NULL;
    lua_pushboolean(L, 1);
    return 1;
}

static int cluster_tostring(lua_State *L) {
    cluster_box *box = luaL_checkudata(L, 1, CLUSTER_MT);
    if (box->cluster == NULL)
        lua_pushliteral(L, "podsim.Cluster (closed)");
    else
        lua_pushfstring(
            L, "podsim.Cluster (Kubernetes %s, %d nodes, %d pods) (%p)",
            podsim_cluster_kubernetes_version(box->cluster),
            (int)podsim_cluster_count(box->cluster, PODSIM_KIND_NODE),
            (int)podsim_cluster_count(box->cluster, PODSIM_KIND_POD),
            (void *)box);
    return 1;
}

/***
 * Load one more file, or several, into the cluster. Transactional: on
 * failure (in any of the files) the model is exactly as before.
 * @function Cluster:load
 * @tparam string|{string,...} path a path or an array of paths
 * @treturn table stats: `documents`, `added` (kind name -> count, every
 *   kind present), `skipped`, `bytes`
 * @return nil, "file:line:column: message", status name
 */
static int cluster_load(lua_State *L) {
    podsim_cluster *c = check_cluster(L, 1);
    podsim_load_stats stats;
    podsim_status st = load_paths(L, 2, c, &stats);
    if (st != PODSIM_OK) return push_failure(L, c, st);
    push_stats(L, &stats);
    return 1;
}

/***
 * Load YAML or JSON text into the cluster. Transactional.
 * @function Cluster:loads
 * @tparam string text
 * @tparam[opt="<string>"] string source name used in error messages
 * @treturn table stats, as @{Cluster:load}
 * @return nil, "source:line:column: message", status name
 */
static int cluster_loads(lua_State *L) {
    podsim_cluster *c = check_cluster(L, 1);
    size_t len;
    const char *text = luaL_checklstring(L, 2, &len);
    const char *source = luaL_optstring(L, 3, NULL);
    podsim_load_stats stats;
    podsim_status st = podsim_cluster_load_string(c, text, len, source, &stats);
    if (st != PODSIM_OK) return push_failure(L, c, st);
    push_stats(L, &stats);
    return 1;
}

/***
 * The Kubernetes version the cluster models ("1.34").
 * @function Cluster:kubernetes_version
 * @treturn string
 */
static int cluster_kubernetes_version(lua_State *L) {
    lua_pushstring(L, podsim_cluster_kubernetes_version(check_cluster(L, 1)));
    return 1;
}

/***
 * Number of objects of a kind.
 * @function Cluster:count
 * @tparam string kind Kubernetes kind name ("Node", "Pod", "Deployment",
 *   "PodDisruptionBudget", ...; see `podsim.kinds`)
 * @treturn integer
 */
static int cluster_count(lua_State *L) {
    podsim_cluster *c = check_cluster(L, 1);
    podsim_kind kind = check_kind(L, 2);
    lua_pushinteger(L, (lua_Integer)podsim_cluster_count(c, kind));
    return 1;
}

static int push_objects(lua_State *L, podsim_cluster *c, podsim_kind kind) {
    size_t i, n = podsim_cluster_count(c, kind);
    lua_createtable(L, (int)n, 0);
    for (i = 0; i < n; i++) {
        if (!push_object(L, c, kind, (podsim_id)i))
            return luaL_error(L, "podsim: %s id %d has no view",
                              podsim_kind_name(kind), (int)i);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

/***
 * Every object of a kind, in id order (element i has id i - 1).
 * @function Cluster:objects
 * @tparam string kind Kubernetes kind name
 * @treturn {table,...}
 */
static int cluster_objects(lua_State *L) {
    podsim_cluster *c = check_cluster(L, 1);
    return push_objects(L, c, check_kind(L, 2));
}

/***
 * Every node, as `cluster:objects("Node")`.
 * @function Cluster:nodes
 * @treturn {table,...}
 */
static int cluster_nodes(lua_State *L) {
    return push_objects(L, check_cluster(L, 1), PODSIM_KIND_NODE);
}

/***
 * Every pod, as `cluster:objects("Pod")`.
 * @function Cluster:pods
 * @treturn {table,...}
 */
static int cluster_pods(lua_State *L) {
    return push_objects(L, check_cluster(L, 1), PODSIM_KIND_POD);
}

/*
 * Resolve argument `arg` to an id of `kind`: an integer id, or a key
 * ("namespace/name" or "name" for namespaced kinds, where a bare name means
 * the "default" namespace; the name for cluster-scoped kinds). Returns
 * PODSIM_OK or the status of the failed lookup; ids are range-checked.
 */
static podsim_status resolve(lua_State *L, podsim_cluster *c, int arg,
                             podsim_kind kind, podsim_id *id) {
    if (lua_type(L, arg) == LUA_TNUMBER) {
        lua_Integer v;
        if (!lua_isinteger(L, arg))
            luaL_argerror(L, arg, "id must be an integer");
        v = lua_tointeger(L, arg);
        if (v < 0 || (lua_Integer)podsim_cluster_count(c, kind) <= v)
            return PODSIM_ENOTFOUND;
        *id = (podsim_id)v;
        return PODSIM_OK;
    } else {
        size_t len;
        const char *key = luaL_checklstring(L, arg, &len);
        const char *slash = strchr(key, '/');
        if (slash != NULL && podsim_kind_is_namespaced(kind)) {
            const char *ns;
            lua_pushlstring(L, key, (size_t)(slash - key));
            ns = lua_tostring(L, -1); /* stays on the stack until return */
            return podsim_cluster_find(c, kind, ns, slash + 1, id);
        }
        return podsim_cluster_find(c, kind, NULL, key, id);
    }
}

/* After a failed resolve: nil, message, status. Out-of-range ids get a
 * message here because the core was not asked. */
static int push_resolve_failure(lua_State *L, podsim_cluster *c, int arg,
                                podsim_kind kind, podsim_status st) {
    if (st == PODSIM_ENOTFOUND && lua_type(L, arg) == LUA_TNUMBER) {
        luaL_pushfail(L);
        lua_pushfstring(L, "%s id %I not found", podsim_kind_name(kind),
                        lua_tointeger(L, arg));
        lua_pushstring(L, podsim_status_name(st));
        return 3;
    }
    if (st == PODSIM_EINVAL) return raise_failure(L, c, st);
    return push_failure(L, c, st);
}

static int get_object(lua_State *L, podsim_cluster *c, int arg,
                      podsim_kind kind) {
    podsim_id id = PODSIM_NO_ID;
    podsim_status st = resolve(L, c, arg, kind, &id);
    if (st != PODSIM_OK) return push_resolve_failure(L, c, arg, kind, st);
    if (!push_object(L, c, kind, id))
        return luaL_error(L, "podsim: %s id %d has no view",
                          podsim_kind_name(kind), (int)id);
    return 1;
}

/***
 * One object of any kind.
 * @function Cluster:get
 * @tparam string kind Kubernetes kind name
 * @tparam string|integer key "namespace/name" (a bare name means the
 *   "default" namespace) or the name of a cluster-scoped object; or an id
 * @treturn table
 * @return nil, message, "PODSIM_ENOTFOUND"
 */
static int cluster_get(lua_State *L) {
    podsim_cluster *c = check_cluster(L, 1);
    podsim_kind kind = check_kind(L, 2);
    return get_object(L, c, 3, kind);
}

/***
 * One node by name (or id).
 * @function Cluster:node
 * @tparam string|integer name
 * @treturn table
 * @return nil, message, "PODSIM_ENOTFOUND"
 */
static int cluster_node(lua_State *L) {
    return get_object(L, check_cluster(L, 1), 2, PODSIM_KIND_NODE);
}

/***
 * One pod by "namespace/name" (a bare name means "default") or id.
 * @function Cluster:pod
 * @tparam string|integer key
 * @treturn table
 * @return nil, message, "PODSIM_ENOTFOUND"
 */
static int cluster_pod(lua_State *L) {
    return get_object(L, check_cluster(L, 1), 2, PODSIM_KIND_POD);
}

/* Optional timestamp argument in ms; nil = PODSIM_NO_TIME. */
static int64_t opt_time(lua_State *L, int arg) {
    if (lua_isnoneornil(L, arg)) return PODSIM_NO_TIME;
    return (int64_t)luaL_checkinteger(L, arg);
}

/***
 * Render a kubectl table.
 * @function Cluster:render
 * @tparam string view "nodes" (kubectl get nodes), "pods" (kubectl get
 *   pods -A) or "node-requests" (requests vs allocatable per node)
 * @tparam[opt] table options `wide` (boolean, -o wide columns) and `as_of`
 *   (integer ms since the epoch for ages; default the newest timestamp in
 *   the model)
 * @treturn string
 */
static int cluster_render(lua_State *L) {
    const char *const keys[] = {"wide", "as_of", NULL};
    podsim_cluster *c = check_cluster(L, 1);
    const char *view_name = luaL_checkstring(L, 2);
    int view;
    unsigned flags = 0;
    int64_t as_of = PODSIM_NO_TIME;
    const char *text = NULL;
    size_t len = 0;
    podsim_status st;

    if (podsim_enum_value(PODSIM_ENUM_VIEW, view_name, &view) != PODSIM_OK) {
        return luaL_argerror(
            L, 2, lua_pushfstring(L, "invalid option '%s'", view_name));
    }

    if (!lua_isnoneornil(L, 3)) {
        luaL_checktype(L, 3, LUA_TTABLE);
        check_keys(L, 3, keys);
        lua_getfield(L, 3, "wide");
        if (lua_toboolean(L, -1)) flags |= PODSIM_RENDER_WIDE;
        lua_getfield(L, 3, "as_of");
        if (!lua_isnil(L, -1)) {
            int ok;
            as_of = (int64_t)lua_tointegerx(L, -1, &ok);
            if (!ok) luaL_argerror(L, 3, "'as_of' must be an integer (ms)");
        }
        lua_pop(L, 2);
    }
    st = podsim_cluster_render(c, (podsim_view)view, flags, as_of, &text, &len);
    if (st != PODSIM_OK) return raise_failure(L, c, st);
    lua_pushlstring(L, text, len);
    return 1;
}

/***
 * The kubectl get pods columns of one pod.
 * @function Cluster:pod_row
 * @tparam string|integer key "namespace/name" or pod id
 * @tparam[opt] integer as_of ms since the epoch for AGE and RESTARTS
 *   (default the newest timestamp in the model)
 * @treturn table `ready` ("1/2"), `status` ("CrashLoopBackOff"),
 *   `restarts` ("3 (5m ago)"), `age`
 * @return nil, message, "PODSIM_ENOTFOUND"
 */
static int cluster_pod_row(lua_State *L) {
    podsim_cluster *c = check_cluster(L, 1);
    int64_t as_of = opt_time(L, 3);
    podsim_id id = PODSIM_NO_ID;
    podsim_pod_row row;
    podsim_status st = resolve(L, c, 2, PODSIM_KIND_POD, &id);

    if (st != PODSIM_OK)
        return push_resolve_failure(L, c, 2, PODSIM_KIND_POD, st);
    st = podsim_pod_row_get(c, id, as_of, &row);
    if (st != PODSIM_OK) return raise_failure(L, c, st);
    lua_createtable(L, 0, 4);
    set_string(L, "ready", row.ready);
    set_string(L, "status", row.status);
    set_string(L, "restarts", row.restarts);
    set_string(L, "age", row.age);
    return 1;
}

/***
 * Aggregate requests of a pod (podsim_pod_compute_requests): regular
 * containers summed, init/sidecar rules, overhead, pod-level resources.
 * @function Cluster:compute_requests
 * @tparam string|integer key "namespace/name" or pod id
 * @tparam[opt] table options booleans `exclude_overhead`, `non_zero`
 *   (scheduler scoring defaults 100m cpu / 200Mi memory), `skip_pod_level`
 * @treturn table resource name -> Quantity
 * @return nil, message, status name ("PODSIM_ENOTFOUND", "PODSIM_ERANGE")
 */
static int cluster_compute_requests(lua_State *L) {
    const char *const keys[] = {"exclude_overhead", "non_zero",
                                "skip_pod_level", NULL};
    podsim_cluster *c = check_cluster(L, 1);
    unsigned flags = 0;
    podsim_id id = PODSIM_NO_ID;
    podsim_resource *buf;
    podsim_resources list;
    size_t cap = 8, count = 0;
    podsim_status st;

    if (!lua_isnoneornil(L, 3)) {
        luaL_checktype(L, 3, LUA_TTABLE);
        check_keys(L, 3, keys);
        lua_getfield(L, 3, "exclude_overhead");
        if (lua_toboolean(L, -1)) flags |= PODSIM_REQUESTS_EXCLUDE_OVERHEAD;
        lua_getfield(L, 3, "non_zero");
        if (lua_toboolean(L, -1)) flags |= PODSIM_REQUESTS_NON_ZERO;
        lua_getfield(L, 3, "skip_pod_level");
        if (lua_toboolean(L, -1)) flags |= PODSIM_REQUESTS_SKIP_POD_LEVEL;
        lua_pop(L, 3);
    }
    st = resolve(L, c, 2, PODSIM_KIND_POD, &id);
    if (st != PODSIM_OK)
        return push_resolve_failure(L, c, 2, PODSIM_KIND_POD, st);
    /* Scratch buffers are userdata, so an error cannot leak them. */
    buf = lua_newuserdatauv(L, cap * sizeof *buf, 0);
    st = podsim_pod_compute_requests(c, id, flags, buf, cap, &count);
    if (st == PODSIM_ENOSPC) {
        cap = count;
        buf = lua_newuserdatauv(L, cap * sizeof *buf, 0);
        st = podsim_pod_compute_requests(c, id, flags, buf, cap, &count);
    }
    if (st == PODSIM_EINVAL || st == PODSIM_ENOSPC)
        return raise_failure(L, c, st);
    if (st != PODSIM_OK) return push_failure(L, c, st);
    list.items = buf;
    list.count = count;
    push_resources(L, &list);
    return 1;
}

/* ===================================================================== */
/* Module                                                                 */
/* ===================================================================== */

static const luaL_Reg cluster_methods[] = {
    {"close", cluster_close},
    {"load", cluster_load},
    {"loads", cluster_loads},
    {"kubernetes_version", cluster_kubernetes_version},
    {"count", cluster_count},
    {"objects", cluster_objects},
    {"nodes", cluster_nodes},
    {"pods", cluster_pods},
    {"get", cluster_get},
    {"node", cluster_node},
    {"pod", cluster_pod},
    {"render", cluster_render},
    {"pod_row", cluster_pod_row},
    {"compute_requests", cluster_compute_requests},
    {NULL, NULL}};

static const luaL_Reg cluster_meta[] = {{"__gc", cluster_close},
                                        {"__close", cluster_close},
                                        {"__tostring", cluster_tostring},
                                        {NULL, NULL}};

static const luaL_Reg quantity_methods[] = {
    {"milli", quantity_milli}, {"value", quantity_value}, {NULL, NULL}};

static const luaL_Reg quantity_meta[] = {{"__tostring", quantity_tostring},
                                         {"__eq", quantity_eq},
                                         {"__lt", quantity_lt},
                                         {"__le", quantity_le},
                                         {"__add", quantity_add},
                                         {NULL, NULL}};

static const luaL_Reg module_functions[] = {
    {"new", l_new},
    {"load", l_load},
    {"loads", l_loads},
    {"quantity", l_quantity},
    {"quantity_from_milli", l_quantity_from_milli},
    {NULL, NULL}};

static void create_metatables(lua_State *L) {
    /* podsim.Cluster: methods table as __index (liolib createmeta) */
    luaL_newmetatable(L, CLUSTER_MT);
    luaL_setfuncs(L, cluster_meta, 0);
    luaL_newlib(L, cluster_methods);
    lua_setfield(L, -2, "__index");
    lua_pop(L, 1);

    /* podsim.Quantity: __index is a closure over the methods table */
    luaL_newmetatable(L, QUANTITY_MT);
    luaL_setfuncs(L, quantity_meta, 0);
    luaL_newlib(L, quantity_methods);
    lua_pushcclosure(L, quantity_index, 1);
    lua_setfield(L, -2, "__index");
    lua_pop(L, 1);
}

/***
 * Fields of the module.
 * @field version the library version, "0.1.0"
 * @field _VERSION "podsim 0.1.0"
 * @field DEFAULT_KUBERNETES_VERSION "1.34"
 * @field kinds the Kubernetes kind names podsim models, in kind order
 * @field ACCESS_RWO access mode bit of `access_modes` (also ACCESS_ROX,
 *   ACCESS_RWX, ACCESS_RWOP)
 * @table podsim
 */
PODSIM_LUA_EXPORT int luaopen_podsim(lua_State *L) {
    int k;

    luaL_newlib(L, module_functions);
    create_metatables(L);

    lua_pushstring(L, podsim_version());
    lua_setfield(L, -2, "version");
    lua_pushfstring(L, "podsim %s", podsim_version());
    lua_setfield(L, -2, "_VERSION");
    lua_pushliteral(L, PODSIM_DEFAULT_KUBERNETES_VERSION);
    lua_setfield(L, -2, "DEFAULT_KUBERNETES_VERSION");

    lua_createtable(L, PODSIM_KIND_COUNT, 0);
    for (k = 0; k < PODSIM_KIND_COUNT; k++) {
        lua_pushstring(L, podsim_kind_name((podsim_kind)k));
        lua_rawseti(L, -2, k + 1);
    }
    lua_setfield(L, -2, "kinds");

    lua_pushinteger(L, PODSIM_ACCESS_RWO);
    lua_setfield(L, -2, "ACCESS_RWO");
    lua_pushinteger(L, PODSIM_ACCESS_ROX);
    lua_setfield(L, -2, "ACCESS_ROX");
    lua_pushinteger(L, PODSIM_ACCESS_RWX);
    lua_setfield(L, -2, "ACCESS_RWX");
    lua_pushinteger(L, PODSIM_ACCESS_RWOP);
    lua_setfield(L, -2, "ACCESS_RWOP");
    return 1;
}
