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
 * "podsim.Cluster", "podsim.Quantity", "podsim.SchedulerConfig",
 * "podsim.Plugin", "podsim.ScheduleResult", "podsim.Simulation",
 * "podsim.PodTable", "podsim.Report", "podsim.Rules", "podsim.Rule",
 * "podsim.Diagnosis" and "podsim.DiagnosisHandle", the Quantity methods
 * table is an upvalue of its
 * __index, and the plugins of podsim.register_plugin are a registry table
 * ("podsim.plugins"), as are the rule set of podsim.rule
 * ("podsim.rules.default") and the diagnosis handles
 * ("podsim.diagnosis.handles", weak keys).
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
#include <stdio.h>
#include <stdlib.h>
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

#define SIM_MT "podsim.Simulation"

/* The simulation userdata: NULL once closed. `busy` while a run is inside
 * the core (a plugin callback must not run, change or close it). User
 * values: 1 the Cluster it was made from, 2 its SchedulerConfig or nil. */
typedef struct sim_box {
    podsim_sim *sim;
    int busy;
} sim_box;

/* The cluster userdata: NULL once closed. `busy` while a schedule call is
 * inside the core, when a plugin callback must not close, load into or
 * schedule on the cluster the core is working on. A simulation's view
 * (`owner` set) borrows the working model: its user value keeps the
 * simulation alive, it frees nothing, and it refuses loads and binding. */
typedef struct cluster_box {
    podsim_cluster *cluster;
    int busy;
    const sim_box *owner; /* the simulation of a view, else NULL */
} cluster_box;

/* ===================================================================== */
/* Errors                                                                 */
/* ===================================================================== */

/*
 * Push the message of a failure: "source:line:column: message" when the
 * core knows the line, "source: message" when it knows only the source,
 * else the message alone (the status description when the handle has no
 * message). The Python binding formats its exceptions the same way.
 * `err` is the detail of the handle that failed, or NULL (no handle:
 * failures of podsim_cluster_new and of quantity parsing).
 */
static void push_error_text(lua_State *L, const podsim_error *err,
                            podsim_status status) {
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

static void push_message(lua_State *L, const podsim_cluster *cluster,
                         podsim_status status) {
    push_error_text(L, cluster ? podsim_cluster_error(cluster) : NULL, status);
}

/*
 * The one mapping from podsim_status to Lua: raises Lua's memory error for
 * PODSIM_ENOMEM, otherwise pushes `nil, message, status_name` and returns 3.
 * `err` is the detail of the handle that failed (NULL: none).
 */
static int push_error_failure(lua_State *L, const podsim_error *err,
                              podsim_status status) {
    if (status == PODSIM_ENOMEM) {
        lua_pushliteral(L, "not enough memory");
        return lua_error(L);
    }
    luaL_pushfail(L);
    push_error_text(L, err, status);
    lua_pushstring(L, podsim_status_name(status));
    return 3;
}

static int push_failure(lua_State *L, const podsim_cluster *cluster,
                        podsim_status status) {
    return push_error_failure(L, cluster ? podsim_cluster_error(cluster) : NULL,
                              status);
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

static void push_env_var(lua_State *L, const podsim_env_var *o) {
    lua_createtable(L, 0, 6);
    SET_STR(name);
    SET_STR(value);
    SET_STR(value_from_kind);
    SET_STR(value_from_name);
    SET_STR(value_from_key);
    if (o->optional.set) set_boolean(L, "optional", o->optional.value != 0);
}

static void push_env_from(lua_State *L, const podsim_env_from *o) {
    lua_createtable(L, 0, 4);
    SET_ENUM(kind, PODSIM_ENUM_REF_KIND);
    SET_STR(name);
    SET_STR(prefix);
    if (o->optional.set) set_boolean(L, "optional", o->optional.value != 0);
}

static void push_volume_mount(lua_State *L, const podsim_volume_mount *o) {
    lua_createtable(L, 0, 4);
    SET_STR(name);
    SET_STR(mount_path);
    SET_STR(sub_path);
    SET_BOOL(read_only);
}

static void push_container(lua_State *L, const podsim_container *o) {
    lua_createtable(L, 0, 20);
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
    SET_INT(pre_stop_sleep_seconds);
    SET_ARRAY(env_refs, env_ref_count, push_object_ref);
    SET_STRINGS(command);
    SET_STRINGS(args);
    SET_ARRAY(env, env_count, push_env_var);
    SET_ARRAY(env_from, env_from_count, push_env_from);
    SET_ARRAY(mounts, mount_count, push_volume_mount);
    SET_STR(termination_message_policy);
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
    lua_createtable(L, 0, 7);
    SET_ID(id);
    SET_WITH(meta, push_meta);
    SET_WITH(spec, push_pod_spec);
    SET_WITH(status, push_pod_status);
    SET_RESOURCES(requests);
    SET_BOOL(removed);
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
    lua_createtable(L, 0, 18);
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
    SET_BOOL(removed);
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
    SET_INT(status_failed);
    SET_OPT(status_desired_number_scheduled);
    SET_ARRAY(conditions, condition_count, push_condition);
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
    SET_TIME(series_last_observed_time);
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

/* The open cluster of the box at `arg` (a view of a closed simulation is
 * closed too). */
static cluster_box *check_open_cluster(lua_State *L, int arg) {
    cluster_box *box = luaL_checkudata(L, arg, CLUSTER_MT);
    if (box->owner != NULL && box->owner->sim == NULL)
        luaL_error(L, "attempt to use the cluster of a closed simulation");
    if (box->cluster == NULL) luaL_error(L, "attempt to use a closed cluster");
    return box;
}

static podsim_cluster *check_cluster(lua_State *L, int arg) {
    return check_open_cluster(L, arg)->cluster;
}

/* The cluster at `arg` for a method that changes it: raises while a
 * schedule call on it (or a run of its simulation) is in progress, from a
 * plugin callback. */
static cluster_box *check_idle_cluster(lua_State *L, int arg) {
    cluster_box *box = check_open_cluster(L, arg);
    if (box->busy || (box->owner != NULL && box->owner->busy))
        luaL_error(L, "attempt to change a cluster during its schedule call");
    return box;
}

/* A cluster whose model may change (`what` it is for): not a
 * simulation's working model. */
static cluster_box *check_own_cluster(lua_State *L, int arg, const char *what) {
    cluster_box *box = check_idle_cluster(L, arg);
    if (box->owner != NULL)
        luaL_error(L,
                   "attempt to %s a simulation's cluster (it is read-only: "
                   "use sim:apply)",
                   what);
    return box;
}

/* Push a closed cluster userdata (the handle is created into it, so that
 * __gc frees it whatever happens next). */
static cluster_box *new_cluster_box(lua_State *L) {
    cluster_box *box = lua_newuserdatauv(L, sizeof *box, 0);
    box->cluster = NULL;
    box->busy = 0;
    box->owner = NULL;
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
    if (box->busy)
        return luaL_error(L,
                          "attempt to close a cluster during its schedule "
                          "call");
    if (box->owner == NULL) podsim_cluster_free(box->cluster);
    box->cluster = NULL; /* a view only detaches */
    lua_pushboolean(L, 1);
    return 1;
}

static int cluster_tostring(lua_State *L) {
    cluster_box *box = luaL_checkudata(L, 1, CLUSTER_MT);
    if (box->cluster == NULL || (box->owner != NULL && box->owner->sim == NULL))
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
    podsim_cluster *c = check_own_cluster(L, 1, "load into")->cluster;
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
    podsim_cluster *c = check_own_cluster(L, 1, "load into")->cluster;
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
/* Scheduling                                                             */
/* ===================================================================== */

/*
 * Lifetimes. A SchedulerConfig userdata owns a podsim_scheduler_config and,
 * in its user value, a table name -> Plugin userdata that keeps every
 * custom plugin registered on it alive. A Plugin userdata holds registry
 * references (luaL_ref) to its Lua functions; the core calls the
 * trampolines with the Plugin as userdata, and they run the function with
 * lua_pcall on the thread of the schedule call in progress (the config's
 * `running`), so a Lua error becomes a status and never unwinds through
 * the core. Plugins registered with podsim.register_plugin live in a table
 * of the registry and are copied onto a config when it is used (each
 * config remembers which generation of that table it holds); a plugin
 * registered on the config itself wins over a module-level one.
 */

#define CONFIG_MT "podsim.SchedulerConfig"
#define PLUGIN_MT "podsim.Plugin"
#define RESULT_MT "podsim.ScheduleResult"
#define PLUGINS_KEY "podsim.plugins"         /* name -> {filter,score,weight} */
#define PLUGINS_GEN_KEY "podsim.plugins.gen" /* bumped on every change */

typedef struct config_box {
    podsim_scheduler_config *config; /* NULL once closed */
    lua_State *running; /* thread of the schedule call in progress, or NULL */
    lua_Integer synced; /* generation of the module-level plugins applied */
    /* The first plugin error of a simulation run ("plugin <name>: ..."):
     * a run goes on where a schedule call fails, so it is reported after. */
    bool failed;
    char failure[300];
} config_box;

typedef struct plugin_box {
    config_box *owner;
    int filter_ref; /* LUA_NOREF when the plugin has no filter */
    int score_ref;
    bool local;  /* registered with SchedulerConfig:register_plugin */
    char name[]; /* for default rejection reasons */
} plugin_box;

/* Core results being converted: freed by __gc if a conversion raises. */
typedef struct result_box {
    podsim_schedule_result *result;
    podsim_schedule_batch *batch;
} result_box;

/* ---- JSON text of Lua tables (pods and configurations as tables) ------- */

/* The encoder appends pieces to the table at `acc` (a sequence); the pieces
 * are joined at the end. (A luaL_Buffer cannot stay open across the stack
 * traffic of a table traversal.) */
typedef struct json_out {
    int acc;
    lua_Integer n;
} json_out;

static void json_piece(lua_State *L, json_out *o) {
    lua_rawseti(L, o->acc, ++o->n);
}

static void json_literal(lua_State *L, json_out *o, const char *s) {
    lua_pushstring(L, s);
    json_piece(L, o);
}

static void json_string(lua_State *L, json_out *o, int idx) {
    size_t len, i;
    const char *s = lua_tolstring(L, idx, &len);
    luaL_Buffer b;

    luaL_buffinit(L, &b);
    luaL_addchar(&b, '"');
    for (i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '"' || ch == '\\') {
            luaL_addchar(&b, '\\');
            luaL_addchar(&b, (char)ch);
        } else if (ch < 0x20) {
            char esc[8];
            const char *hex = "0123456789abcdef";
            memcpy(esc, "\\u00", 4);
            esc[4] = hex[ch >> 4];
            esc[5] = hex[ch & 15];
            luaL_addlstring(&b, esc, 6);
        } else {
            luaL_addchar(&b, (char)ch);
        }
    }
    luaL_addchar(&b, '"');
    luaL_pushresult(&b);
    json_piece(L, o);
}

/* True if the table at `idx` is a non-empty sequence 1..n with no other
 * keys (a JSON array); empty tables are objects. */
static bool json_is_array(lua_State *L, int idx) {
    lua_Integer count = 0;
    lua_pushnil(L);
    while (lua_next(L, idx) != 0) {
        lua_pop(L, 1);
        if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 1) {
            lua_pop(L, 1);
            return false;
        }
        count++;
    }
    return count > 0 && (lua_Integer)lua_rawlen(L, idx) == count;
}

static void json_value(lua_State *L, json_out *o, int idx, int depth);

static void json_table(lua_State *L, json_out *o, int idx, int depth) {
    bool first = true;
    if (depth > 64) luaL_error(L, "cannot encode as JSON: nesting too deep");
    luaL_checkstack(L, 4, "JSON nesting");
    if (json_is_array(L, idx)) {
        lua_Integer i, n = (lua_Integer)lua_rawlen(L, idx);
        json_literal(L, o, "[");
        for (i = 1; i <= n; i++) {
            if (i > 1) json_literal(L, o, ",");
            lua_rawgeti(L, idx, i);
            json_value(L, o, lua_gettop(L), depth + 1);
            lua_pop(L, 1);
        }
        json_literal(L, o, "]");
        return;
    }
    json_literal(L, o, "{");
    lua_pushnil(L);
    while (lua_next(L, idx) != 0) {
        if (lua_type(L, -2) != LUA_TSTRING)
            luaL_error(L, "cannot encode as JSON: a %s key in an object",
                       luaL_typename(L, -2));
        if (!first) json_literal(L, o, ",");
        first = false;
        json_string(L, o, lua_gettop(L) - 1);
        json_literal(L, o, ":");
        json_value(L, o, lua_gettop(L), depth + 1);
        lua_pop(L, 1);
    }
    json_literal(L, o, "}");
}

static void json_value(lua_State *L, json_out *o, int idx, int depth) {
    switch (lua_type(L, idx)) {
    case LUA_TNIL: json_literal(L, o, "null"); return;
    case LUA_TBOOLEAN:
        json_literal(L, o, lua_toboolean(L, idx) ? "true" : "false");
        return;
    case LUA_TNUMBER:
        if (lua_isinteger(L, idx)) {
            lua_pushfstring(L, "%I", lua_tointeger(L, idx));
        } else {
            lua_Number x = lua_tonumber(L, idx);
            if (x != x || x - x != 0)
                luaL_error(L, "cannot encode as JSON: %f", x);
            lua_pushfstring(L, "%f", x);
        }
        json_piece(L, o);
        return;
    case LUA_TSTRING: json_string(L, o, idx); return;
    case LUA_TTABLE: json_table(L, o, idx, depth); return;
    case LUA_TUSERDATA:
        if (luaL_testudata(L, idx, QUANTITY_MT) != NULL) {
            /* a Quantity: its canonical string */
            luaL_tolstring(L, idx, NULL);
            json_string(L, o, lua_gettop(L));
            lua_pop(L, 1);
            return;
        }
        break;
    default: break;
    }
    luaL_error(L, "cannot encode a %s value as JSON", luaL_typename(L, idx));
}

/* Push the JSON text of the table at `idx`. */
static void push_json(lua_State *L, int idx) {
    json_out o;
    luaL_Buffer b;
    lua_Integer i;

    idx = lua_absindex(L, idx);
    lua_newtable(L);
    o.acc = lua_gettop(L);
    o.n = 0;
    json_value(L, &o, idx, 0);
    luaL_buffinit(L, &b);
    for (i = 1; i <= o.n; i++) {
        lua_rawgeti(L, o.acc, i);
        luaL_addvalue(&b);
    }
    luaL_pushresult(&b);
    lua_remove(L, o.acc);
}

/* ---- custom plugins ---------------------------------------------------- */

typedef struct plugin_run {
    plugin_box *plugin;
    podsim_plugin_call *call;
    bool filter;
} plugin_run;

/* A view (podsim_cluster_pod / podsim_cluster_node) or nil. */
static void push_view(lua_State *L, const podsim_cluster *c, podsim_kind kind,
                      podsim_id id) {
    if (!push_object(L, c, kind, id)) lua_pushnil(L);
}

static void copy_message(podsim_plugin_call *call, const char *text) {
    size_t n = strlen(text);
    if (n >= sizeof call->message) n = sizeof call->message - 1;
    memcpy(call->message, text, n);
    call->message[n] = '\0';
}

/* The filter's answer, as the Python binding reads it: true or nil (fits);
 * false [, reason [, status]] where status is a fit code name or true for
 * "UnschedulableAndUnresolvable"; or a reason string (Unschedulable). */
static void read_filter_answer(lua_State *L, const plugin_box *p,
                               podsim_plugin_call *call, int base) {
    int type = lua_type(L, base);
    if (type == LUA_TNIL || (type == LUA_TBOOLEAN && lua_toboolean(L, base))) {
        call->code = PODSIM_FIT_SUCCESS;
        return;
    }
    if (type == LUA_TSTRING) {
        call->code = PODSIM_FIT_UNSCHEDULABLE;
        copy_message(call, lua_tostring(L, base));
        return;
    }
    if (type != LUA_TBOOLEAN)
        luaL_error(L,
                   "filter must return true, nil, false [, reason [, "
                   "status]] or a reason, not %s",
                   luaL_typename(L, base));
    call->code = PODSIM_FIT_UNSCHEDULABLE;
    if (lua_isnil(L, base + 1)) {
        lua_pushfstring(L, "node(s) rejected by %s", p->name);
        copy_message(call, lua_tostring(L, -1));
    } else if (lua_type(L, base + 1) == LUA_TSTRING) {
        copy_message(call, lua_tostring(L, base + 1));
    } else {
        luaL_error(L, "filter reason must be a string, not %s",
                   luaL_typename(L, base + 1));
    }
    if (lua_type(L, base + 2) == LUA_TBOOLEAN) {
        if (lua_toboolean(L, base + 2)) call->code = PODSIM_FIT_UNRESOLVABLE;
    } else if (!lua_isnil(L, base + 2)) {
        int code;
        const char *name = lua_tostring(L, base + 2);
        if (lua_type(L, base + 2) != LUA_TSTRING ||
            podsim_enum_value(PODSIM_ENUM_FIT_CODE, name, &code) != PODSIM_OK ||
            code == PODSIM_FIT_SUCCESS)
            luaL_error(L,
                       "filter status must be \"Unschedulable\" or "
                       "\"UnschedulableAndUnresolvable\"");
        call->code = (podsim_fit_code)code;
    }
}

/* Runs under lua_pcall: fn(pod, node) and its answer into the call. */
static int plugin_protected(lua_State *L) {
    plugin_run *run = lua_touserdata(L, 1);
    podsim_plugin_call *call = run->call;
    int base;

    lua_rawgeti(L, LUA_REGISTRYINDEX,
                run->filter ? run->plugin->filter_ref : run->plugin->score_ref);
    push_view(L, call->cluster, PODSIM_KIND_POD, call->pod);
    push_view(L, call->cluster, PODSIM_KIND_NODE, call->node);
    base = lua_gettop(L) - 2;
    lua_call(L, 2, 3);
    if (run->filter) {
        read_filter_answer(L, run->plugin, call, base);
    } else {
        int ok;
        lua_Integer score = lua_tointegerx(L, base, &ok);
        if (!ok)
            luaL_error(L, "score must return an integer, not %s",
                       lua_type(L, base) == LUA_TNUMBER
                           ? "a fraction"
                           : luaL_typename(L, base));
        if (score < 0 || score > 100)
            luaL_error(L, "score %I is outside 0..100", score);
        call->score = (int64_t)score;
    }
    return 0;
}

/* The trampoline: never raises; a Lua error becomes the call's message
 * and a status (PODSIM_EINVAL, or PODSIM_ENOMEM for a memory error). */
static podsim_status run_plugin(plugin_box *p, podsim_plugin_call *call,
                                bool filter) {
    lua_State *L = p->owner->running;
    plugin_run run;
    int rc, top;

    if (L == NULL) {
        copy_message(call, "called outside a schedule call");
        return PODSIM_EINVAL;
    }
    if (!lua_checkstack(L, 8)) {
        copy_message(call, "Lua stack overflow");
        return PODSIM_ENOMEM;
    }
    run.plugin = p;
    run.call = call;
    run.filter = filter;
    top = lua_gettop(L);
    lua_pushcfunction(L, plugin_protected);
    lua_pushlightuserdata(L, &run);
    rc = lua_pcall(L, 1, 0, 0);
    if (rc == LUA_OK) return PODSIM_OK;
    /* Nothing here may raise: no conversion, no allocation. */
    if (lua_type(L, -1) == LUA_TSTRING)
        copy_message(call, lua_tostring(L, -1));
    else
        snprintf(call->message, sizeof call->message,
                 "(error object is a %s value)", luaL_typename(L, -1));
    if (!p->owner->failed) {
        p->owner->failed = true;
        snprintf(p->owner->failure, sizeof p->owner->failure, "plugin %s: %s",
                 p->name, call->message);
    }
    lua_settop(L, top);
    return rc == LUA_ERRMEM ? PODSIM_ENOMEM : PODSIM_EINVAL;
}

static podsim_status plugin_filter(void *userdata, podsim_plugin_call *call) {
    return run_plugin(userdata, call, true);
}

static podsim_status plugin_score(void *userdata, podsim_plugin_call *call) {
    return run_plugin(userdata, call, false);
}

static int plugin_gc(lua_State *L) {
    plugin_box *p = luaL_checkudata(L, 1, PLUGIN_MT);
    luaL_unref(L, LUA_REGISTRYINDEX, p->filter_ref);
    luaL_unref(L, LUA_REGISTRYINDEX, p->score_ref);
    p->filter_ref = p->score_ref = LUA_NOREF;
    return 0;
}

/* A function argument or nil: a registry reference or LUA_NOREF. */
static int ref_function(lua_State *L, int idx) {
    if (lua_isnoneornil(L, idx)) return LUA_NOREF;
    lua_pushvalue(L, idx);
    return luaL_ref(L, LUA_REGISTRYINDEX);
}

/* The config at `arg`, open. */
static config_box *check_config(lua_State *L, int arg) {
    config_box *box = luaL_checkudata(L, arg, CONFIG_MT);
    if (box->config == NULL)
        luaL_error(L, "attempt to use a closed scheduler config");
    return box;
}

/* Raise on bad plugin arguments: name, filter, score, weight at those
 * stack indexes (the functions and the weight may be nil). */
static void check_plugin_args(lua_State *L, int name, int filter, int score,
                              int weight) {
    if (lua_type(L, name) != LUA_TSTRING)
        luaL_error(L, "plugin name must be a string");
    if (!lua_isnil(L, filter) && lua_type(L, filter) != LUA_TFUNCTION)
        luaL_error(L, "plugin filter must be a function");
    if (!lua_isnil(L, score) && lua_type(L, score) != LUA_TFUNCTION)
        luaL_error(L, "plugin score must be a function");
    if (!lua_isnil(L, weight)) {
        int ok;
        lua_Integer w = lua_tointegerx(L, weight, &ok);
        if (!ok || w < 0 || w > INT32_MAX)
            luaL_error(L, "plugin weight must be an integer >= 0");
    }
}

/*
 * Register the plugin (name, filter, score, weight at those stack indexes;
 * functions may be nil) on the config at `cfg_idx`, anchoring its Plugin
 * userdata in the config's plugin table. Returns the core's status.
 */
static podsim_status add_plugin(lua_State *L, int cfg_idx, int name, int filter,
                                int score, int weight, bool local) {
    config_box *cfg = check_config(L, cfg_idx);
    size_t len;
    const char *text = lua_tolstring(L, name, &len);
    podsim_plugin_def def;
    plugin_box *p;
    podsim_status st;

    cfg_idx = lua_absindex(L, cfg_idx);
    p = lua_newuserdatauv(L, sizeof *p + len + 1, 0);
    p->owner = cfg;
    p->filter_ref = p->score_ref = LUA_NOREF;
    p->local = local;
    memcpy(p->name, text, len + 1);
    luaL_setmetatable(L, PLUGIN_MT);
    p->filter_ref = ref_function(L, filter);
    p->score_ref = ref_function(L, score);

    def.name = text;
    def.filter = p->filter_ref != LUA_NOREF ? plugin_filter : NULL;
    def.score = p->score_ref != LUA_NOREF ? plugin_score : NULL;
    def.weight = (int32_t)luaL_optinteger(L, weight, 0);
    def.userdata = p;
    st = podsim_scheduler_config_register_plugin(cfg->config, &def);
    if (st == PODSIM_OK) {
        lua_getiuservalue(L, cfg_idx, 1);
        lua_pushvalue(L, name);
        lua_pushvalue(L, -3);
        lua_rawset(L, -3);
        lua_pop(L, 1);
    }
    lua_pop(L, 1); /* the Plugin: anchored, or garbage */
    return st;
}

/* Copy the module-level plugins onto the config at `cfg_idx` if it has not
 * seen their latest generation. Returns the core's status. */
static podsim_status sync_plugins(lua_State *L, int cfg_idx) {
    config_box *cfg = check_config(L, cfg_idx);
    lua_Integer gen;
    podsim_status st = PODSIM_OK;

    int base;

    cfg_idx = lua_absindex(L, cfg_idx);
    lua_getfield(L, LUA_REGISTRYINDEX, PLUGINS_GEN_KEY);
    gen = lua_tointeger(L, -1);
    lua_pop(L, 1);
    if (cfg->synced == gen) return PODSIM_OK;
    luaL_checkstack(L, 10, "plugins");
    base = lua_gettop(L);
    lua_getfield(L, LUA_REGISTRYINDEX, PLUGINS_KEY); /* base + 1 */
    lua_getiuservalue(L, cfg_idx, 1);                /* base + 2 */
    lua_pushnil(L);
    while (st == PODSIM_OK && lua_next(L, base + 1) != 0) {
        int key = lua_gettop(L) - 1, entry = key + 1;
        bool local;
        lua_pushvalue(L, key);
        lua_rawget(L, base + 2);
        local = luaL_testudata(L, -1, PLUGIN_MT) != NULL &&
                ((plugin_box *)lua_touserdata(L, -1))->local;
        lua_pop(L, 1);
        if (!local) {
            lua_getfield(L, entry, "filter");
            lua_getfield(L, entry, "score");
            lua_getfield(L, entry, "weight");
            st = add_plugin(L, cfg_idx, key, entry + 1, entry + 2, entry + 3,
                            false);
        }
        lua_settop(L, key);
    }
    lua_settop(L, base);
    if (st == PODSIM_OK) cfg->synced = gen;
    return st;
}

static int push_config_failure(lua_State *L, const config_box *cfg,
                               podsim_status st) {
    return push_error_failure(L, podsim_scheduler_config_error(cfg->config),
                              st);
}

/***
 * Register a Filter and/or Score plugin for every scheduler config, by
 * name (a second registration replaces the first). Enable it through a
 * config like any plugin; it shows in explanations like built-in ones.
 *
 * `filter(pod, node)` gets the pod and node views (tables as
 * `cluster:pod`, `cluster:node` give them) and returns `true` (fits),
 * `false [, reason [, status]]` or a reason string; status is
 * "Unschedulable" (default) or "UnschedulableAndUnresolvable".
 * `score(pod, node)` returns an integer 0..100. An error raised by either
 * fails the schedule call with `nil, "plugin <name>: <error>", status`.
 * @function register_plugin
 * @tparam table plugin `name`, `filter`, `score` (at least one),
 *   `weight` (score weight when the config gives none; default 1)
 * @treturn boolean true
 * @return nil, message, status name ("PODSIM_EEXIST" for a built-in name)
 */
static int l_register_plugin(lua_State *L) {
    const char *const keys[] = {"name", "filter", "score", "weight", NULL};
    config_box *probe;
    podsim_status st;
    lua_Integer gen;

    luaL_checktype(L, 1, LUA_TTABLE);
    check_keys(L, 1, keys);
    lua_settop(L, 1);
    lua_getfield(L, 1, "name");   /* 2 */
    lua_getfield(L, 1, "filter"); /* 3 */
    lua_getfield(L, 1, "score");  /* 4 */
    lua_getfield(L, 1, "weight"); /* 5 */
    if (lua_type(L, 2) != LUA_TSTRING)
        return luaL_error(L, "plugin 'name' must be a string");
    check_plugin_args(L, 2, 3, 4, 5);

    /* Ask the core now whether it accepts the plugin, on a scratch
       config, so that a bad name fails here rather than at schedule time. */
    probe = lua_newuserdatauv(L, sizeof *probe, 1); /* 6 */
    probe->config = NULL;
    probe->running = NULL;
    probe->synced = 0;
    luaL_setmetatable(L, CONFIG_MT);
    lua_newtable(L);
    lua_setiuservalue(L, 6, 1);
    st = podsim_scheduler_config_new(&probe->config);
    if (st != PODSIM_OK) return push_error_failure(L, NULL, st);
    st = add_plugin(L, 6, 2, 3, 4, 5, true);
    if (st != PODSIM_OK) return push_config_failure(L, probe, st);

    lua_getfield(L, LUA_REGISTRYINDEX, PLUGINS_KEY);
    lua_pushvalue(L, 2);
    lua_createtable(L, 0, 3);
    lua_pushvalue(L, 3);
    lua_setfield(L, -2, "filter");
    lua_pushvalue(L, 4);
    lua_setfield(L, -2, "score");
    lua_pushvalue(L, 5);
    lua_setfield(L, -2, "weight");
    lua_rawset(L, -3);
    lua_getfield(L, LUA_REGISTRYINDEX, PLUGINS_GEN_KEY);
    gen = lua_tointeger(L, -1) + 1;
    lua_pushinteger(L, gen);
    lua_setfield(L, LUA_REGISTRYINDEX, PLUGINS_GEN_KEY);
    lua_pushboolean(L, 1);
    return 1;
}

/* ---- SchedulerConfig ---------------------------------------------------- */

/* Push a new SchedulerConfig holding the default configuration. */
static config_box *new_config(lua_State *L) {
    config_box *box = lua_newuserdatauv(L, sizeof *box, 1);
    podsim_status st;

    box->config = NULL;
    box->running = NULL;
    box->synced = 0;
    box->failed = false;
    box->failure[0] = '\0';
    luaL_setmetatable(L, CONFIG_MT);
    lua_newtable(L);
    lua_setiuservalue(L, -2, 1);
    st = podsim_scheduler_config_new(&box->config);
    if (st != PODSIM_OK) {
        lua_pushliteral(L, "not enough memory");
        lua_error(L);
    }
    return box;
}

/* Load the text (string) or configuration table at `idx` into the config;
 * source names the text in messages. */
static podsim_status load_config_text(lua_State *L, config_box *cfg, int idx,
                                      const char *source) {
    size_t len;
    const char *text;
    if (lua_type(L, idx) == LUA_TTABLE) {
        push_json(L, idx);
        lua_replace(L, idx);
        if (source == NULL) source = "<table>";
    }
    text = luaL_checklstring(L, idx, &len);
    return podsim_scheduler_config_load_string(cfg->config, text, len, source);
}

/***
 * A scheduler configuration (KubeSchedulerConfiguration).
 *
 * `nil`: the default profile "default-scheduler"; a string: the path of a
 * YAML or JSON file; `{yaml = text [, source = name]}`: YAML or JSON text;
 * any other table: the configuration itself (converted to JSON; an empty
 * table becomes `{}`).
 * @function scheduler_config
 * @tparam[opt] string|table config
 * @treturn SchedulerConfig
 * @return nil, "file:line:column: field: Invalid value: ...", status name
 *   ("PODSIM_EIO", "PODSIM_EPARSE", "PODSIM_EINVAL")
 * @usage local cfg = assert(podsim.scheduler_config("sched.yaml"))
 */
static int l_scheduler_config(lua_State *L) {
    config_box *cfg;
    podsim_status st = PODSIM_OK;

    lua_settop(L, 1);
    cfg = new_config(L); /* 2 */
    if (lua_type(L, 1) == LUA_TSTRING) {
        st = podsim_scheduler_config_load_file(cfg->config, lua_tostring(L, 1));
    } else if (lua_type(L, 1) == LUA_TTABLE) {
        const char *source = NULL;
        if (lua_getfield(L, 1, "yaml") != LUA_TNIL) { /* 3 */
            const char *const keys[] = {"yaml", "source", NULL};
            check_keys(L, 1, keys);
            lua_getfield(L, 1, "source");
            source = luaL_optstring(L, -1, "<string>");
            lua_pop(L, 1);
            st = load_config_text(L, cfg, 3, source);
        } else {
            st = load_config_text(L, cfg, 1, NULL);
        }
    } else if (!lua_isnil(L, 1)) {
        return luaL_typeerror(L, 1, "nil, path or table");
    }
    if (st != PODSIM_OK) return push_config_failure(L, cfg, st);
    lua_settop(L, 2);
    return 1;
}

/***
 * A scheduler configuration: profiles, plugins, args and custom plugins.
 * Works with `local cfg <close> = ...`.
 * @type SchedulerConfig
 */

/***
 * Release the configuration now (also done by the garbage collector).
 * @function SchedulerConfig:close
 * @treturn boolean true
 */
static int config_close(lua_State *L) {
    config_box *box = luaL_checkudata(L, 1, CONFIG_MT);
    if (box->running != NULL)
        return luaL_error(L,
                          "attempt to close a scheduler config during a "
                          "schedule call");
    podsim_scheduler_config_free(box->config);
    box->config = NULL;
    lua_pushboolean(L, 1);
    return 1;
}

static int config_tostring(lua_State *L) {
    config_box *box = luaL_checkudata(L, 1, CONFIG_MT);
    if (box->config == NULL)
        lua_pushliteral(L, "podsim.SchedulerConfig (closed)");
    else
        lua_pushfstring(L, "podsim.SchedulerConfig (%d profiles) (%p)",
                        (int)podsim_scheduler_config_profile_count(box->config),
                        (void *)box);
    return 1;
}

/***
 * Replace the configuration with a file (YAML or JSON). On failure the
 * configuration is unchanged.
 * @function SchedulerConfig:load_file
 * @tparam string path
 * @treturn boolean true
 * @return nil, message, status name
 */
static int config_load_file(lua_State *L) {
    config_box *cfg = check_config(L, 1);
    podsim_status st =
        podsim_scheduler_config_load_file(cfg->config, luaL_checkstring(L, 2));
    if (st != PODSIM_OK) return push_config_failure(L, cfg, st);
    lua_pushboolean(L, 1);
    return 1;
}

/***
 * Replace the configuration with YAML or JSON text, or a table.
 * @function SchedulerConfig:load_string
 * @tparam string|table text
 * @tparam[opt="<string>"] string source name used in messages
 * @treturn boolean true
 * @return nil, message, status name
 */
static int config_load_string(lua_State *L) {
    config_box *cfg = check_config(L, 1);
    const char *source = luaL_optstring(L, 3, NULL);
    podsim_status st;
    if (lua_type(L, 2) != LUA_TTABLE) luaL_checkstring(L, 2);
    st = load_config_text(L, cfg, 2, source);
    if (st != PODSIM_OK) return push_config_failure(L, cfg, st);
    lua_pushboolean(L, 1);
    return 1;
}

/***
 * Register a custom plugin on this configuration only (it wins over a
 * module-level plugin of the same name). Callbacks as for
 * @{register_plugin}.
 * @function SchedulerConfig:register_plugin
 * @tparam string name
 * @tparam[opt] function filter
 * @tparam[opt] function score
 * @tparam[opt] integer weight
 * @treturn boolean true
 * @return nil, message, status name ("PODSIM_EEXIST", "PODSIM_EINVAL")
 */
static int config_register_plugin(lua_State *L) {
    config_box *cfg = check_config(L, 1);
    podsim_status st;
    lua_settop(L, 5);
    check_plugin_args(L, 2, 3, 4, 5);
    if (cfg->running != NULL)
        return luaL_error(L,
                          "attempt to register a plugin during a schedule "
                          "call");
    st = add_plugin(L, 1, 2, 3, 4, 5, true);
    if (st != PODSIM_OK) return push_config_failure(L, cfg, st);
    lua_pushboolean(L, 1);
    return 1;
}

/***
 * The schedulerNames of the profiles, in configuration order.
 * @function SchedulerConfig:profiles
 * @treturn {string,...}
 */
static int config_profiles(lua_State *L) {
    config_box *cfg = check_config(L, 1);
    size_t i, n = podsim_scheduler_config_profile_count(cfg->config);
    lua_createtable(L, (int)n, 0);
    for (i = 0; i < n; i++) {
        lua_pushstring(L, podsim_scheduler_config_profile_name(cfg->config, i));
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

/***
 * The effective plugins of a profile, one line per extension point
 * ("score: TaintToleration(3) NodeAffinity(2) ...").
 * @function SchedulerConfig:describe
 * @tparam[opt] string profile schedulerName (default: the first profile)
 * @treturn string
 * @return nil, message, status name ("PODSIM_ENOTFOUND", "PODSIM_EINVAL"
 *   for an unknown plugin)
 */
static int config_describe(lua_State *L) {
    config_box *cfg = check_config(L, 1);
    const char *profile = luaL_optstring(L, 2, NULL);
    const char *text = NULL;
    podsim_status st = sync_plugins(L, 1);

    if (profile == NULL && podsim_scheduler_config_profile_count(cfg->config))
        profile = podsim_scheduler_config_profile_name(cfg->config, 0);
    if (st == PODSIM_OK)
        st = podsim_scheduler_config_describe(cfg->config, profile, &text);
    if (st != PODSIM_OK) return push_config_failure(L, cfg, st);
    lua_pushstring(L, text);
    return 1;
}

/* ---- results ------------------------------------------------------------ */

static void push_node_filter(lua_State *L, const podsim_node_filter *o) {
    lua_createtable(L, 0, 4);
    SET_STR(node);
    set_enum(L, "status", PODSIM_ENUM_FIT_CODE, (int)o->code);
    SET_STR(plugin);
    SET_STRINGS(reasons);
}

static void push_plugin_score(lua_State *L, const podsim_plugin_score *o) {
    lua_createtable(L, 0, 6);
    SET_STR(plugin);
    SET_INT(raw);
    SET_INT(score);
    SET_INT(weighted);
    SET_INT(weight);
    SET_BOOL(skipped);
}

/* One node's scores: plugin name -> push_plugin_score. */
static void push_plugin_scores(lua_State *L, const podsim_node_score *s) {
    size_t i;
    lua_createtable(L, 0, (int)s->plugin_count);
    for (i = 0; i < s->plugin_count; i++) {
        push_plugin_score(L, &s->plugins[i]);
        lua_setfield(L, -2, s->plugins[i].plugin);
    }
}

static void push_preemption(lua_State *L, const podsim_preemption *o) {
    lua_createtable(L, 0, 3);
    SET_STR(node);
    SET_STRINGS(victims);
    SET_INT(pdb_violations);
}

/*
 * A result as the Python binding shapes it: `filters[node]` (failing nodes
 * only), `scores[node][plugin]`, `totals[node]`; the rest field by field.
 * filters, scores and totals are empty tables without explain.
 */
static void push_schedule_result(lua_State *L,
                                 const podsim_schedule_result *o) {
    size_t i;
    lua_createtable(L, 0, 18);
    SET_STR(pod);
    SET_STR(profile);
    SET_STR(node);
    SET_BOOL(bound);
    SET_BOOL(gated);
    SET_STR(message);
    SET_INT(node_count);
    SET_INT(evaluated_count);
    SET_STRINGS(feasible);
    SET_STRINGS(top_nodes);
    SET_PTR(preemption, push_preemption);
    lua_createtable(L, 0, (int)o->filter_count);
    for (i = 0; i < o->filter_count; i++) {
        push_node_filter(L, &o->filters[i]);
        lua_setfield(L, -2, o->filters[i].node);
    }
    lua_setfield(L, -2, "filters");
    lua_createtable(L, 0, (int)o->score_count);
    for (i = 0; i < o->score_count; i++) {
        push_plugin_scores(L, &o->scores[i]);
        lua_setfield(L, -2, o->scores[i].node);
    }
    lua_setfield(L, -2, "scores");
    lua_createtable(L, 0, (int)o->score_count);
    for (i = 0; i < o->score_count; i++) {
        lua_pushinteger(L, (lua_Integer)o->scores[i].total);
        lua_setfield(L, -2, o->scores[i].node);
    }
    lua_setfield(L, -2, "totals");
    SET_STRINGS(score_plugins);
}

/* The queue's results in order, with the counts as fields. */
static void push_schedule_batch(lua_State *L, const podsim_schedule_batch *o) {
    size_t i;
    lua_createtable(L, (int)o->count, 3);
    for (i = 0; i < o->count; i++) {
        push_schedule_result(L, o->results[i]);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    SET_INT(scheduled);
    SET_INT(unschedulable);
    SET_INT(gated);
}

static int result_gc(lua_State *L) {
    result_box *box = luaL_checkudata(L, 1, RESULT_MT);
    podsim_schedule_result_free(box->result);
    podsim_schedule_batch_free(box->batch);
    box->result = NULL;
    box->batch = NULL;
    return 0;
}

static result_box *new_result_box(lua_State *L) {
    result_box *box = lua_newuserdatauv(L, sizeof *box, 0);
    box->result = NULL;
    box->batch = NULL;
    luaL_setmetatable(L, RESULT_MT);
    return box;
}

/* ---- schedule calls ------------------------------------------------------ */

/*
 * Options of a schedule call (table at `arg` or nil) into `opt`; the config
 * (or nil) is left at index `cfg_slot`, already pushed by the caller. The
 * profile string stays anchored in the options table.
 */
static void check_schedule_options(lua_State *L, int arg, bool pending,
                                   podsim_schedule_options *opt) {
    const char *const one[] = {"explain",    "config", "profile",    "bind",
                               "exhaustive", "seed",   "preemption", NULL};
    const char *const queue[] = {"explain", "config",     "exhaustive",
                                 "seed",    "preemption", NULL};
    podsim_schedule_options init = PODSIM_SCHEDULE_OPTIONS_INIT;

    *opt = init;
    if (lua_isnoneornil(L, arg)) return;
    luaL_checktype(L, arg, LUA_TTABLE);
    check_keys(L, arg, pending ? queue : one);
    lua_getfield(L, arg, "explain");
    if (lua_toboolean(L, -1)) opt->flags |= PODSIM_SCHEDULE_EXPLAIN;
    lua_getfield(L, arg, "bind");
    if (lua_toboolean(L, -1)) opt->flags |= PODSIM_SCHEDULE_BIND;
    lua_getfield(L, arg, "exhaustive");
    if (lua_toboolean(L, -1)) opt->flags |= PODSIM_SCHEDULE_EXHAUSTIVE;
    lua_getfield(L, arg, "preemption");
    if (lua_type(L, -1) == LUA_TBOOLEAN && !lua_toboolean(L, -1))
        opt->flags |= PODSIM_SCHEDULE_NO_PREEMPTION;
    lua_pop(L, 4);
    if (lua_getfield(L, arg, "seed") != LUA_TNIL) {
        int ok;
        opt->seed = (uint64_t)lua_tointegerx(L, -1, &ok);
        if (!ok) luaL_error(L, "option 'seed' must be an integer");
    }
    lua_pop(L, 1);
    if (lua_getfield(L, arg, "profile") != LUA_TNIL) {
        if (lua_type(L, -1) != LUA_TSTRING)
            luaL_error(L, "option 'profile' must be a string");
        opt->profile = lua_tostring(L, -1);
    }
    lua_pop(L, 1);
}

/* Push option 'config' of the table at `arg` (nil when absent) and return
 * its box (NULL for nil), with the module-level plugins applied. On a
 * failure to apply them, *st is set. */
static config_box *schedule_config(lua_State *L, int arg, podsim_status *st) {
    config_box *cfg = NULL;
    *st = PODSIM_OK;
    if (lua_type(L, arg) == LUA_TTABLE)
        lua_getfield(L, arg, "config");
    else
        lua_pushnil(L);
    if (!lua_isnil(L, -1)) {
        if (luaL_testudata(L, -1, CONFIG_MT) == NULL)
            luaL_error(L, "option 'config' must be a SchedulerConfig");
        cfg = check_config(L, -1);
        if (cfg->running != NULL)
            luaL_error(L,
                       "attempt to use a scheduler config during its "
                       "schedule call");
        *st = sync_plugins(L, -1);
    }
    return cfg;
}

/* The pod argument: a view table (its meta names the pod), an id, a
 * "namespace/name" key, YAML/JSON text (a string holding a newline or
 * '{'), or a Pod as a table. Text is left at `arg` (tables converted);
 * returns true for text, else sets *id (or *st on a failed lookup). */
static bool schedule_pod_arg(lua_State *L, podsim_cluster *c, int arg,
                             podsim_id *id, podsim_status *st) {
    *st = PODSIM_OK;
    if (lua_type(L, arg) == LUA_TTABLE) {
        int top = lua_gettop(L);
        if (lua_getfield(L, arg, "meta") == LUA_TTABLE &&
            lua_getfield(L, arg, "id") == LUA_TNUMBER) {
            lua_getfield(L, top + 1, "namespace");
            if (lua_getfield(L, top + 1, "name") != LUA_TSTRING)
                luaL_argerror(L, arg, "pod view without meta.name");
            *st = podsim_cluster_find(c, PODSIM_KIND_POD, lua_tostring(L, -2),
                                      lua_tostring(L, -1), id);
            lua_settop(L, top);
            return false;
        }
        lua_settop(L, top);
        push_json(L, arg);
        lua_replace(L, arg);
        return true;
    }
    if (lua_type(L, arg) == LUA_TSTRING) {
        const char *s = lua_tostring(L, arg);
        if (strchr(s, '\n') != NULL || strchr(s, '{') != NULL) return true;
    }
    *st = resolve(L, c, arg, PODSIM_KIND_POD, id);
    return false;
}

/***
 * Schedule one pod the way kube-scheduler would: the chosen node, the
 * FailedScheduling message and, with `explain`, every plugin's verdict.
 * @function Cluster:schedule
 * @tparam table|string|integer pod a pod view (`cluster:pod(...)`),
 *   "namespace/name", an id, YAML/JSON text (a string with a newline or
 *   '{'), or a Pod as a table (metadata, spec, ...)
 * @tparam[opt] table options `explain`, `bind`, `exhaustive`, `preemption`
 *   (default true) booleans; `config` (SchedulerConfig, default the default
 *   profile); `profile` (schedulerName, default the pod's); `seed`
 *   (integer: reseed the tie-break stream)
 * @treturn table `node` (nil when unschedulable), `message`, `feasible`,
 *   `top_nodes`, `filters[node]` = {plugin, status, reasons},
 *   `scores[node][plugin]` = {raw, score, weighted, weight, skipped},
 *   `totals[node]`, `preemption` = {node, victims, pdb_violations} or nil,
 *   `pod`, `profile`, `bound`, `gated`, `node_count`, `evaluated_count`,
 *   `score_plugins`
 * @return nil, message, status name (a custom plugin's error reads
 *   "plugin <name>: <error>")
 */
static int cluster_schedule(lua_State *L) {
    cluster_box *box = check_idle_cluster(L, 1);
    podsim_cluster *c = box->cluster;
    podsim_schedule_options opt;
    podsim_id id = PODSIM_NO_ID;
    podsim_status st;
    config_box *cfg;
    result_box *res;
    lua_State *outer;
    bool text;

    lua_settop(L, 3);
    if (lua_isnoneornil(L, 2)) luaL_argerror(L, 2, "pod expected");
    check_schedule_options(L, 3, false, &opt);
    cfg = schedule_config(L, 3, &st); /* 4 */
    if (st != PODSIM_OK) return push_config_failure(L, cfg, st);
    text = schedule_pod_arg(L, c, 2, &id, &st);
    if (st != PODSIM_OK)
        return push_resolve_failure(L, c, 2, PODSIM_KIND_POD, st);
    if (box->owner != NULL && (text || (opt.flags & PODSIM_SCHEDULE_BIND)))
        return luaL_error(L,
                          "attempt to %s on a simulation's cluster (it is "
                          "read-only)",
                          text ? "schedule a new pod" : "bind");
    res = new_result_box(L); /* 5 */

    outer = cfg != NULL ? cfg->running : NULL;
    if (cfg != NULL) cfg->running = L;
    box->busy = 1;
    if (text) {
        size_t len;
        const char *s = lua_tolstring(L, 2, &len);
        st = podsim_cluster_schedule_string(c, cfg ? cfg->config : NULL, s, len,
                                            NULL, &opt, &res->result);
    } else {
        st = podsim_cluster_schedule(c, cfg ? cfg->config : NULL, id, &opt,
                                     &res->result);
    }
    box->busy = 0;
    if (cfg != NULL) cfg->running = outer;

    if (st != PODSIM_OK) return push_failure(L, c, st);
    push_schedule_result(L, res->result);
    podsim_schedule_result_free(res->result);
    res->result = NULL;
    return 1;
}

/***
 * Schedule every pending pod in PrioritySort order, binding each placement
 * so later pods see earlier ones. Preemption is reported, not carried out.
 * @function Cluster:schedule_pending
 * @tparam[opt] table options `config`, `explain`, `exhaustive`,
 *   `preemption`, `seed` as for @{Cluster:schedule}
 * @treturn table the results in queue order (as @{Cluster:schedule}),
 *   with fields `scheduled`, `unschedulable`, `gated` (counts)
 * @return nil, message, status name (pods bound before the failure stay
 *   bound)
 */
static int cluster_schedule_pending(lua_State *L) {
    cluster_box *box = check_own_cluster(L, 1, "bind pods of");
    podsim_cluster *c = box->cluster;
    podsim_schedule_options opt;
    podsim_status st;
    config_box *cfg;
    result_box *res;
    lua_State *outer;

    lua_settop(L, 2);
    check_schedule_options(L, 2, true, &opt);
    cfg = schedule_config(L, 2, &st); /* 3 */
    if (st != PODSIM_OK) return push_config_failure(L, cfg, st);
    res = new_result_box(L); /* 4 */

    outer = cfg != NULL ? cfg->running : NULL;
    if (cfg != NULL) cfg->running = L;
    box->busy = 1;
    st = podsim_cluster_schedule_pending(c, cfg ? cfg->config : NULL, &opt,
                                         &res->batch);
    box->busy = 0;
    if (cfg != NULL) cfg->running = outer;

    if (st != PODSIM_OK) return push_failure(L, c, st);
    push_schedule_batch(L, res->batch);
    podsim_schedule_batch_free(res->batch);
    res->batch = NULL;
    return 1;
}

/***
 * kube-scheduler's numFeasibleNodesToFind.
 * @function num_feasible_nodes_to_find
 * @tparam integer node_count
 * @tparam[opt=0] integer percentage percentageOfNodesToScore (0: adaptive)
 * @treturn integer
 */
static int l_num_feasible_nodes_to_find(lua_State *L) {
    lua_Integer n = luaL_checkinteger(L, 1);
    lua_Integer pct = luaL_optinteger(L, 2, 0);
    luaL_argcheck(L, n >= 0, 1, "node count must be >= 0");
    luaL_argcheck(L, pct >= 0 && pct <= 100, 2, "percentage must be 0..100");
    lua_pushinteger(L, (lua_Integer)podsim_num_feasible_nodes_to_find(
                           (size_t)n, (int32_t)pct));
    return 1;
}

/* One filter entry (table at the top; its key at -2 names the node when
 * it has no `node` field) into `f`; the block of its reason pointers is
 * kept in the table at `anchor`. Strings stay anchored in the caller's
 * table. */
static void check_node_filter(lua_State *L, int anchor, podsim_node_filter *f) {
    int entry = lua_gettop(L);
    const char **items;
    lua_Integer i, n;

    luaL_checktype(L, entry, LUA_TTABLE);
    if (lua_getfield(L, entry, "node") == LUA_TSTRING)
        f->node = lua_tostring(L, -1);
    else
        f->node = lua_type(L, entry - 1) == LUA_TSTRING
                      ? lua_tostring(L, entry - 1)
                      : "";
    lua_pop(L, 1);
    f->code = PODSIM_FIT_UNSCHEDULABLE;
    if (lua_getfield(L, entry, "status") != LUA_TNIL) {
        int code;
        if (lua_type(L, -1) != LUA_TSTRING ||
            podsim_enum_value(PODSIM_ENUM_FIT_CODE, lua_tostring(L, -1),
                              &code) != PODSIM_OK)
            luaL_error(L, "filter 'status' must be a fit code name");
        f->code = (podsim_fit_code)code;
    }
    lua_pop(L, 1);
    lua_getfield(L, entry, "plugin");
    f->plugin = lua_isnil(L, -1) ? "" : luaL_checkstring(L, -1);
    lua_pop(L, 1);
    if (lua_getfield(L, entry, "reasons") != LUA_TTABLE)
        luaL_error(L, "filter 'reasons' must be an array of strings");
    n = (lua_Integer)lua_rawlen(L, -1);
    items = lua_newuserdatauv(L, (size_t)(n ? n : 1) * sizeof *items, 0);
    for (i = 1; i <= n; i++) {
        if (lua_rawgeti(L, -2, i) != LUA_TSTRING)
            luaL_error(L, "filter 'reasons' must be an array of strings");
        items[i - 1] = lua_tostring(L, -1);
        lua_pop(L, 1);
    }
    f->reasons.items = items;
    f->reasons.count = (size_t)n;
    lua_rawseti(L, anchor, (lua_Integer)lua_rawlen(L, anchor) + 1);
    lua_settop(L, entry);
}

/***
 * Format a FailedScheduling message as FitError.Error() does.
 * @function fit_error_format
 * @tparam integer node_count nodes in the cluster (N of "0/N")
 * @tparam table filters failing nodes: a result's `filters`, or an array
 *   of {node, status, plugin, reasons}
 * @tparam[opt] table options `absent_reason` (counted for the nodes
 *   beyond the filters), `prefilter_message`, `postfilter_message`
 * @treturn string
 * @return nil, message, status name
 */
static int l_fit_error_format(lua_State *L) {
    const char *const keys[] = {"absent_reason", "prefilter_message",
                                "postfilter_message", NULL};
    lua_Integer node_count = luaL_checkinteger(L, 1);
    const char *opts[3] = {NULL, NULL, NULL};
    podsim_node_filter *filters;
    size_t n = 0, cap, len = 0;
    char *buf;
    podsim_status st;
    int i;

    luaL_checktype(L, 2, LUA_TTABLE);
    luaL_argcheck(L, node_count >= 0, 1, "node count must be >= 0");
    lua_settop(L, 3);
    if (!lua_isnil(L, 3)) {
        luaL_checktype(L, 3, LUA_TTABLE);
        check_keys(L, 3, keys);
        for (i = 0; i < 3; i++) {
            lua_getfield(L, 3, keys[i]);
            opts[i] = luaL_optstring(L, -1, NULL);
            lua_pop(L, 1); /* anchored by the options table */
        }
    }
    lua_pushnil(L);
    while (lua_next(L, 2) != 0) {
        n++;
        lua_pop(L, 1);
    }
    filters = lua_newuserdatauv(L, (n ? n : 1) * sizeof *filters, 0); /* 4 */
    lua_newtable(L); /* 5: the reason blocks */
    n = 0;
    lua_pushnil(L);
    while (lua_next(L, 2) != 0) {
        check_node_filter(L, 5, &filters[n++]);
        lua_pop(L, 1);
    }
    cap = 256;
    buf = lua_newuserdatauv(L, cap, 0);
    st = podsim_fit_error_format((size_t)node_count, filters, n, opts[0],
                                 opts[1], opts[2], buf, cap, &len);
    if (st == PODSIM_ENOSPC) {
        cap = len + 1;
        buf = lua_newuserdatauv(L, cap, 0);
        st = podsim_fit_error_format((size_t)node_count, filters, n, opts[0],
                                     opts[1], opts[2], buf, cap, &len);
    }
    if (st != PODSIM_OK) return push_error_failure(L, NULL, st);
    lua_pushlstring(L, buf, len);
    return 1;
}

/* ===================================================================== */
/* Simulation                                                             */
/* ===================================================================== */

/*
 * Times given to a simulation are simulated times since its start: a
 * number is seconds, a string a Go duration ("1m30s", "500ms"), both
 * rounded to the nearest millisecond (the core's unit) exactly as the
 * Python package does, so that the two bindings run the same scenario.
 * Times returned are seconds (a float) since the start.
 */

#define PODTABLE_MT "podsim.PodTable"

/* The value at `idx` as a duration or simulated time in ms: a number of
 * seconds or a Go duration string. Raises for anything else. */
static int64_t to_duration(lua_State *L, int idx, const char *what) {
    int type = lua_type(L, idx);
    int64_t ms = 0;
    if (type == LUA_TNUMBER && lua_isinteger(L, idx)) {
        lua_Integer v = lua_tointeger(L, idx);
        if (v > INT64_MAX / 1000 || v < -(INT64_MAX / 1000))
            luaL_error(L, "%s is out of range", what);
        return (int64_t)v * 1000;
    }
    if (type == LUA_TNUMBER) {
        lua_Number x = lua_tonumber(L, idx) * 1000.0;
        if (!(x > -9.2e18 && x < 9.2e18))
            luaL_error(L, "%s is out of range", what);
        return x >= 0 ? (int64_t)(x + 0.5) : -(int64_t)(-x + 0.5);
    }
    if (type == LUA_TSTRING) {
        size_t len;
        const char *text = lua_tolstring(L, idx, &len);
        if (podsim_duration_parse(text, len, &ms) != PODSIM_OK)
            luaL_error(L,
                       "invalid duration \"%s\" for %s (expected seconds or "
                       "a Go duration such as \"1m30s\" or \"500ms\")",
                       lua_tostring(L, idx), what);
        return ms;
    }
    luaL_error(L, "%s must be seconds or a Go duration string, not %s", what,
               luaL_typename(L, idx));
    return 0;
}

/* The value at `idx` as bytes: an integer, or a size string ("500MB",
 * "1GiB", "200Mi") read by podsim_size_parse. Raises for anything else. */
static int64_t to_bytes(lua_State *L, int idx, const char *what) {
    size_t len;
    const char *s;
    int64_t v;

    if (lua_type(L, idx) == LUA_TNUMBER) {
        if (!lua_isinteger(L, idx))
            luaL_error(L, "%s must be a whole number of bytes", what);
        return (int64_t)lua_tointeger(L, idx);
    }
    if (lua_type(L, idx) != LUA_TSTRING)
        luaL_error(L, "%s must be bytes or a string such as \"500MB\", not %s",
                   what, luaL_typename(L, idx));
    s = lua_tolstring(L, idx, &len);
    if (podsim_size_parse(s, len, &v) != PODSIM_OK)
        luaL_error(L, "invalid %s \"%s\" (expected bytes or e.g. \"500MB\")",
                   what, s);
    return v;
}

/* podsim_timing fields by their Lua (and Python) names. */
static const struct {
    const char *name;
    size_t offset;
    char type; /* 'd' duration, 'b' bytes, 'i' int32 */
} timing_keys[] = {
    {"sandbox", offsetof(podsim_timing, sandbox_ms), 'd'},
    {"container_start", offsetof(podsim_timing, container_start_ms), 'd'},
    {"image_pull_overhead", offsetof(podsim_timing, image_pull_overhead_ms),
     'd'},
    {"image_pull_bytes_per_second",
     offsetof(podsim_timing, image_pull_bytes_per_second), 'b'},
    {"image_digest_check", offsetof(podsim_timing, image_digest_check_ms), 'd'},
    {"default_image_bytes", offsetof(podsim_timing, default_image_bytes), 'b'},
    {"max_parallel_image_pulls",
     offsetof(podsim_timing, max_parallel_image_pulls), 'i'},
    {"volume_mount", offsetof(podsim_timing, volume_mount_ms), 'd'},
    {"volume_attach", offsetof(podsim_timing, volume_attach_ms), 'd'},
    {"persistent_volume_mount",
     offsetof(podsim_timing, persistent_volume_mount_ms), 'd'},
    {"container_stop", offsetof(podsim_timing, container_stop_ms), 'd'},
    {"restart_lag_max", offsetof(podsim_timing, restart_lag_max_ms), 'd'},
    {"jitter_percent", offsetof(podsim_timing, jitter_percent), 'i'},
};

/* The timing table at `idx` into `t`: durations (0 = takes no time, -1
 * for the core), sizes, integers and `exact`. Unknown keys raise. */
static void check_timing(lua_State *L, int idx, podsim_timing *t) {
    podsim_timing init = PODSIM_TIMING_INIT;
    size_t i;

    *t = init;
    idx = lua_absindex(L, idx);
    lua_pushnil(L);
    while (lua_next(L, idx) != 0) {
        const char *key;
        bool found = false;
        if (lua_type(L, -2) != LUA_TSTRING)
            luaL_error(L, "timing keys must be strings");
        key = lua_tostring(L, -2);
        if (strcmp(key, "exact") == 0) {
            if (lua_toboolean(L, -1)) t->flags |= PODSIM_TIMING_EXACT;
            found = true;
        }
        for (i = 0; !found && i < sizeof timing_keys / sizeof *timing_keys;
             i++) {
            char *field = (char *)t + timing_keys[i].offset;
            int64_t v;
            if (strcmp(key, timing_keys[i].name) != 0) continue;
            found = true;
            if (timing_keys[i].type == 'd') {
                v = to_duration(L, -1, key);
                if (v < 0) luaL_error(L, "timing %s must be >= 0", key);
                *(int64_t *)(void *)field = v > 0 ? v : -1;
            } else if (timing_keys[i].type == 'b') {
                *(int64_t *)(void *)field = to_bytes(L, -1, key);
            } else {
                int ok;
                lua_Integer n = lua_tointegerx(L, -1, &ok);
                if (!ok || n < INT32_MIN || n > INT32_MAX)
                    luaL_error(L, "timing %s must be an integer", key);
                *(int32_t *)(void *)field = (int32_t)n;
            }
        }
        if (!found) luaL_error(L, "unknown timing option '%s'", key);
        lua_pop(L, 1);
    }
}

/* podsim_node_lifecycle fields by their Lua (and Python) names: the C
 * names without "_ms", and two upstream names that differ. */
static const struct {
    const char *name;
    size_t offset;
    char type; /* 'd' duration ms, 's' whole seconds, 'r' rate, 'c' count */
} lifecycle_keys[] = {
    {"node_monitor_period",
     offsetof(podsim_node_lifecycle, node_monitor_period_ms), 'd'},
    {"node_monitor_grace_period",
     offsetof(podsim_node_lifecycle, node_monitor_grace_period_ms), 'd'},
    {"node_startup_grace_period",
     offsetof(podsim_node_lifecycle, node_startup_grace_period_ms), 'd'},
    {"node_monitor_offset",
     offsetof(podsim_node_lifecycle, node_monitor_offset_ms), 'd'},
    {"node_eviction_rate", offsetof(podsim_node_lifecycle, node_eviction_rate),
     'r'},
    {"secondary_node_eviction_rate",
     offsetof(podsim_node_lifecycle, secondary_node_eviction_rate), 'r'},
    {"large_cluster_size_threshold",
     offsetof(podsim_node_lifecycle, large_cluster_size_threshold), 'c'},
    {"unhealthy_zone_threshold",
     offsetof(podsim_node_lifecycle, unhealthy_zone_threshold), 'r'},
    {"default_not_ready_toleration_seconds",
     offsetof(podsim_node_lifecycle, default_not_ready_toleration_seconds),
     's'},
    {"default_unreachable_toleration_seconds",
     offsetof(podsim_node_lifecycle, default_unreachable_toleration_seconds),
     's'},
    {"lease_renew_interval",
     offsetof(podsim_node_lifecycle, lease_renew_interval_ms), 'd'},
    {"heartbeat_age", offsetof(podsim_node_lifecycle, heartbeat_age_ms), 'd'},
    {"shutdown_grace_period",
     offsetof(podsim_node_lifecycle, shutdown_grace_period_ms), 'd'},
    {"shutdown_grace_period_critical_pods",
     offsetof(podsim_node_lifecycle, shutdown_grace_period_critical_pods_ms),
     'd'},
    {"pod_gc_period", offsetof(podsim_node_lifecycle, pod_gc_period_ms), 'd'},
    {"gc_check_period", offsetof(podsim_node_lifecycle, pod_gc_period_ms), 'd'},
    {"pod_gc_quarantine", offsetof(podsim_node_lifecycle, pod_gc_quarantine_ms),
     'd'},
    {"quarantine_time", offsetof(podsim_node_lifecycle, pod_gc_quarantine_ms),
     'd'},
    {"terminated_pod_gc_threshold",
     offsetof(podsim_node_lifecycle, terminated_pod_gc_threshold), 'c'},
    {"max_wait_for_unmount",
     offsetof(podsim_node_lifecycle, max_wait_for_unmount_ms), 'd'},
    {"drain_retry", offsetof(podsim_node_lifecycle, drain_retry_ms), 'd'},
};

/* A setting's key as a field name, as the Python package reads it:
 * leading dashes dropped, '-' as '_', camelCase as snake_case
 * ("node-monitor-grace-period", "shutdownGracePeriod"). */
static void lifecycle_key(const char *key, char *out, size_t cap) {
    size_t n = 0;
    char prev = '\0';
    while (*key == '-') key++;
    for (; *key != '\0' && n + 2 < cap; key++) {
        char ch = *key == '-' ? '_' : *key;
        if (ch >= 'A' && ch <= 'Z') {
            if ((prev >= 'a' && prev <= 'z') || (prev >= '0' && prev <= '9'))
                out[n++] = '_';
            ch = (char)(ch - 'A' + 'a');
        }
        out[n++] = ch;
        prev = *key;
    }
    out[n] = '\0';
}

/* One setting (the value at the top of the stack) into `nl`: 0 is zero
 * (-1 for the core), negative values raise. `ms`: the key ended in "_ms"
 * (integer milliseconds). */
static void lifecycle_value(lua_State *L, podsim_node_lifecycle *nl, size_t i,
                            bool ms, const char *key) {
    char *field = (char *)nl + lifecycle_keys[i].offset;
    char type = lifecycle_keys[i].type;
    int64_t v;
    int ok;
    if (type == 'r') {
        lua_Number x = lua_tonumberx(L, -1, &ok);
        if (!ok || !(x >= 0))
            luaL_error(L, "node_lifecycle %s must be a number >= 0", key);
        *(double *)(void *)field = x > 0 ? (double)x : -1.0;
        return;
    }
    if (type == 'c') {
        lua_Integer n = lua_tointegerx(L, -1, &ok);
        if (!ok || n < 0 || n > INT32_MAX)
            luaL_error(L, "node_lifecycle %s must be an integer >= 0", key);
        *(int32_t *)(void *)field = n > 0 ? (int32_t)n : -1;
        return;
    }
    if (ms) {
        lua_Integer n = lua_tointegerx(L, -1, &ok);
        if (!ok) luaL_error(L, "node_lifecycle %s must be integer ms", key);
        v = (int64_t)n;
    } else {
        v = to_duration(L, -1, key);
    }
    if (v < 0) luaL_error(L, "node_lifecycle %s must be >= 0", key);
    if (type == 's') {
        if (v % 1000 != 0)
            luaL_error(L, "node_lifecycle %s must be whole seconds", key);
        v /= 1000;
    }
    *(int64_t *)(void *)field = v > 0 ? v : -1;
}

/* The index in lifecycle_keys of `name` (a normalized key), or of its
 * duration without "_ms" (*ms set); -1 when unknown. */
static int lifecycle_find(const char *name, bool *ms) {
    const int count = (int)(sizeof lifecycle_keys / sizeof *lifecycle_keys);
    size_t len = strlen(name);
    int i;
    *ms = false;
    for (i = 0; i < count; i++)
        if (strcmp(name, lifecycle_keys[i].name) == 0) return i;
    if (len <= 3 || strcmp(name + len - 3, "_ms") != 0) return -1;
    for (i = 0; i < count; i++) {
        const char *k = lifecycle_keys[i].name;
        if (lifecycle_keys[i].type == 'd' && strlen(k) == len - 3 &&
            strncmp(k, name, len - 3) == 0) {
            *ms = true;
            return i;
        }
    }
    return -1;
}

/* The node_lifecycle table at `idx` into `nl`: the fields of
 * podsim_node_lifecycle without "_ms" (durations as seconds or Go
 * strings), their upstream flag names, the C names with "_ms" (integer
 * ms) and `no_taint_eviction`. Absent settings keep the default. */
static void check_node_lifecycle(lua_State *L, int idx,
                                 podsim_node_lifecycle *nl) {
    podsim_node_lifecycle init = PODSIM_NODE_LIFECYCLE_INIT;

    *nl = init;
    idx = lua_absindex(L, idx);
    lua_pushnil(L);
    while (lua_next(L, idx) != 0) {
        char name[80];
        bool ms;
        int i;
        if (lua_type(L, -2) != LUA_TSTRING)
            luaL_error(L, "node_lifecycle keys must be strings");
        lifecycle_key(lua_tostring(L, -2), name, sizeof name);
        if (strcmp(name, "no_taint_eviction") == 0) {
            if (lua_toboolean(L, -1)) nl->flags |= PODSIM_NL_NO_TAINT_EVICTION;
        } else if ((i = lifecycle_find(name, &ms)) >= 0) {
            lifecycle_value(L, nl, (size_t)i, ms, lua_tostring(L, -2));
        } else {
            luaL_error(L, "unknown node_lifecycle setting '%s'",
                       lua_tostring(L, -2));
        }
        lua_pop(L, 1);
    }
}

/* ---- the handle --------------------------------------------------------- */

static sim_box *check_sim(lua_State *L, int arg) {
    sim_box *box = luaL_checkudata(L, arg, SIM_MT);
    if (box->sim == NULL) luaL_error(L, "attempt to use a closed simulation");
    return box;
}

/* The simulation at `arg` for a method that changes it: raises during its
 * run (from a plugin callback). */
static sim_box *check_idle_sim(lua_State *L, int arg) {
    sim_box *box = check_sim(L, arg);
    if (box->busy)
        luaL_error(L, "attempt to change a simulation during its run");
    return box;
}

static int push_sim_failure(lua_State *L, const sim_box *box,
                            podsim_status st) {
    return push_error_failure(L, podsim_sim_error(box->sim), st);
}

/* Push a closed simulation userdata holding the user values (cluster,
 * config) of the values at `cluster` and `config`. */
static sim_box *new_sim_box(lua_State *L, int cluster, int config) {
    sim_box *box;
    cluster = lua_absindex(L, cluster);
    config = lua_absindex(L, config);
    box = lua_newuserdatauv(L, sizeof *box, 2);
    box->sim = NULL;
    box->busy = 0;
    luaL_setmetatable(L, SIM_MT);
    lua_pushvalue(L, cluster);
    lua_setiuservalue(L, -2, 1);
    lua_pushvalue(L, config);
    lua_setiuservalue(L, -2, 2);
    return box;
}

/***
 * A simulation of a copy of a cluster: controllers, the scheduling queue
 * and a kubelet model running on one deterministic simulated clock.
 *
 * Times given to it are seconds (numbers) or Go duration strings ("10m",
 * "1m30s", "500ms"), rounded to the millisecond; times it returns are
 * seconds since its start.
 * @function simulation
 * @tparam Cluster cluster copied: later changes to it do not reach the
 *   simulation
 * @tparam[opt] table options `kubernetes_version` ("1.30".."1.35"; default
 *   the cluster's), `seed` (integer; equal inputs and seed replay equal
 *   runs), `config` (a SchedulerConfig), `timing` (table: `sandbox`,
 *   `container_start`, `image_pull_overhead`, `image_digest_check`,
 *   `volume_mount`, `volume_attach`, `persistent_volume_mount`,
 *   `container_stop`, `restart_lag_max`
 *   durations, 0 = takes no time; `image_pull_bytes_per_second`,
 *   `default_image_bytes` sizes; `max_parallel_image_pulls`,
 *   `jitter_percent` integers; `exact` boolean), `quiet` (boolean: no
 *   event log, no change log), `node_lifecycle` (table: the node
 *   lifecycle controller, taint eviction and pod GC settings by the
 *   fields of podsim_node_lifecycle without "_ms" or by their upstream
 *   flag names, e.g. `["node-monitor-grace-period"] = "40s"`,
 *   `node_eviction_rate = 0.05`, `no_taint_eviction = true`)
 * @treturn Simulation
 * @return nil, message, "PODSIM_EVERSION" or "PODSIM_EINVAL"
 * @usage local sim = assert(podsim.simulation(cluster, {seed = 7}))
 */
static int l_simulation(lua_State *L) {
    const char *const keys[] = {
        "kubernetes_version", "seed", "config", "timing", "quiet",
        "node_lifecycle",     NULL};
    podsim_sim_options opt = PODSIM_SIM_OPTIONS_INIT;
    podsim_timing timing;
    podsim_node_lifecycle nl;
    podsim_cluster *c;
    config_box *cfg = NULL;
    sim_box *box;
    podsim_status st;

    lua_settop(L, 2);
    c = check_cluster(L, 1);
    lua_pushnil(L); /* 3: the config, or nil */
    if (!lua_isnil(L, 2)) {
        luaL_checktype(L, 2, LUA_TTABLE);
        check_keys(L, 2, keys);
        if (lua_getfield(L, 2, "kubernetes_version") != LUA_TNIL) {
            if (lua_type(L, -1) != LUA_TSTRING)
                luaL_error(L, "option 'kubernetes_version' must be a string");
            opt.kubernetes_version = lua_tostring(L, -1); /* anchored in 2 */
        }
        if (lua_getfield(L, 2, "seed") != LUA_TNIL) {
            int ok;
            lua_Integer seed = lua_tointegerx(L, -1, &ok);
            if (!ok || seed < 0)
                luaL_error(L, "option 'seed' must be an integer >= 0");
            opt.seed = (uint64_t)seed;
        }
        if (lua_getfield(L, 2, "timing") != LUA_TNIL) {
            luaL_checktype(L, -1, LUA_TTABLE);
            check_timing(L, -1, &timing);
            opt.timing = &timing;
        }
        if (lua_getfield(L, 2, "quiet") != LUA_TNIL && lua_toboolean(L, -1))
            opt.flags |= PODSIM_SIM_QUIET;
        if (lua_getfield(L, 2, "node_lifecycle") != LUA_TNIL) {
            luaL_checktype(L, -1, LUA_TTABLE);
            check_node_lifecycle(L, -1, &nl);
            opt.node_lifecycle = &nl;
        }
        lua_pop(L, 5);
        if (lua_getfield(L, 2, "config") != LUA_TNIL) {
            if (luaL_testudata(L, -1, CONFIG_MT) == NULL)
                luaL_error(L, "option 'config' must be a SchedulerConfig");
            cfg = check_config(L, -1);
            opt.config = cfg->config;
        }
        lua_replace(L, 3);
    }
    box = new_sim_box(L, 1, 3); /* 4 */
    st = podsim_sim_new(c, &opt, &box->sim);
    if (st != PODSIM_OK) return push_error_failure(L, NULL, st);
    return 1;
}

/***
 * A simulation. Methods raise "attempt to use a closed simulation" once it
 * is closed. Works with `local sim <close> = ...`.
 * @type Simulation
 */

/***
 * Release the simulation now (also done by the garbage collector and by a
 * `<close>` variable). Idempotent. Its cluster views close with it.
 * @function Simulation:close
 * @treturn boolean true
 */
static int sim_close(lua_State *L) {
    sim_box *box = luaL_checkudata(L, 1, SIM_MT);
    if (box->busy)
        return luaL_error(L, "attempt to close a simulation during its run");
    podsim_sim_free(box->sim);
    box->sim = NULL;
    lua_pushboolean(L, 1);
    return 1;
}

static int sim_tostring(lua_State *L) {
    sim_box *box = luaL_checkudata(L, 1, SIM_MT);
    if (box->sim == NULL)
        lua_pushliteral(L, "podsim.Simulation (closed)");
    else
        lua_pushfstring(L, "podsim.Simulation (Kubernetes %s, at %I ms) (%p)",
                        podsim_sim_kubernetes_version(box->sim),
                        (lua_Integer)podsim_sim_now(box->sim), (void *)box);
    return 1;
}

/***
 * An independent copy at the same time, with the same pending work and
 * random stream: the two never affect each other.
 * @function Simulation:fork
 * @treturn Simulation
 * @return nil, message, status name
 */
static int sim_fork(lua_State *L) {
    sim_box *box = check_idle_sim(L, 1);
    sim_box *child;
    podsim_status st;

    lua_settop(L, 1);
    lua_getiuservalue(L, 1, 1);   /* 2 */
    lua_getiuservalue(L, 1, 2);   /* 3 */
    child = new_sim_box(L, 2, 3); /* 4 */
    st = podsim_sim_fork(box->sim, &child->sim);
    if (st != PODSIM_OK) return push_sim_failure(L, box, st);
    return 1;
}

/***
 * The working model as it is at now, as a read-only Cluster: every
 * Cluster method that reads works on it. It keeps the simulation alive;
 * loads and binding raise.
 * @function Simulation:cluster
 * @treturn Cluster
 */
static int sim_cluster(lua_State *L) {
    sim_box *box = check_sim(L, 1);
    cluster_box *view = lua_newuserdatauv(L, sizeof *view, 1);
    view->cluster = podsim_sim_cluster(box->sim);
    view->busy = 0;
    view->owner = box;
    luaL_setmetatable(L, CLUSTER_MT);
    lua_pushvalue(L, 1);
    lua_setiuservalue(L, -2, 1);
    return 1;
}

/***
 * Simulated seconds since the start.
 * @function Simulation:now
 * @treturn number
 */
static int sim_now(lua_State *L) {
    lua_pushnumber(L,
                   (lua_Number)podsim_sim_now(check_sim(L, 1)->sim) / 1000.0);
    return 1;
}

/***
 * Simulated milliseconds since the start (exact).
 * @function Simulation:now_ms
 * @treturn integer
 */
static int sim_now_ms(lua_State *L) {
    lua_pushinteger(L, (lua_Integer)podsim_sim_now(check_sim(L, 1)->sim));
    return 1;
}

/***
 * Wall-clock instant of simulated time 0, in ms since the Unix epoch (the
 * newest timestamp of the loaded cluster).
 * @function Simulation:epoch_ms
 * @treturn integer
 */
static int sim_epoch_ms(lua_State *L) {
    lua_pushinteger(L, (lua_Integer)podsim_sim_epoch_ms(check_sim(L, 1)->sim));
    return 1;
}

/***
 * The Kubernetes version simulated ("1.34").
 * @function Simulation:kubernetes_version
 * @treturn string
 */
static int sim_kubernetes_version(lua_State *L) {
    lua_pushstring(L, podsim_sim_kubernetes_version(check_sim(L, 1)->sim));
    return 1;
}

/* ---- input ----------------------------------------------------------------
 */

/* YAML/JSON text rather than a path: a newline, or '{' or '[' first. */
static bool looks_like_text(const char *s, size_t len) {
    size_t i = 0;
    if (memchr(s, '\n', len) != NULL) return true;
    while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r')) i++;
    return i < len && (s[i] == '{' || s[i] == '[');
}

/* Replace the table at `idx` (one object, or an array of objects) with
 * its JSON documents, "---" between them. */
static void documents_to_text(lua_State *L, int idx) {
    luaL_Buffer b;
    lua_Integer i, n;

    idx = lua_absindex(L, idx);
    if (!json_is_array(L, idx)) {
        push_json(L, idx);
        lua_replace(L, idx);
        return;
    }
    n = (lua_Integer)lua_rawlen(L, idx);
    lua_createtable(L, (int)n, 0);
    for (i = 1; i <= n; i++) {
        lua_rawgeti(L, idx, i);
        if (lua_type(L, -1) != LUA_TTABLE)
            luaL_error(L, "documents must be tables");
        push_json(L, -1);
        lua_rawseti(L, -3, i);
        lua_pop(L, 1);
    }
    luaL_buffinit(L, &b);
    for (i = 1; i <= n; i++) {
        luaL_addstring(&b, "---\n");
        lua_rawgeti(L, -2, i);
        luaL_addvalue(&b);
        luaL_addchar(&b, '\n');
    }
    luaL_pushresult(&b);
    lua_replace(L, idx);
    lua_pop(L, 1);
}

/* Optional field `key` of the table at `idx` as a simulated time in ms;
 * `dflt` when absent. */
static int64_t opt_field_duration(lua_State *L, int idx, const char *key,
                                  int64_t dflt) {
    int64_t v = dflt;
    if (lua_getfield(L, idx, key) != LUA_TNIL) {
        lua_pushfstring(L, "'%s'", key);
        v = to_duration(L, -2, lua_tostring(L, -1));
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    return v;
}

/***
 * Create or update objects at a simulated time, as kubectl apply does: a
 * new workload is reconciled, a changed pod template starts a rollout, a
 * changed replica count scales, a bare Pod is created. The input is
 * parsed now, so errors carry file, line and column. A document of kind
 * Scenario sets behaviours, images and timing.
 * @function Simulation:apply
 * @tparam string|table source a path, YAML/JSON text (a string with a
 *   newline, or starting with '{' or '['), an object as a table, or an
 *   array of them
 * @tparam[opt] table options `at` (when; default now), `name` (names text
 *   in error messages)
 * @treturn boolean true
 * @return nil, "file:line:column: message", status name
 * @usage assert(sim:apply("deployment.yaml", {at = "10s"}))
 */
static int sim_apply(lua_State *L) {
    const char *const keys[] = {"at", "name", NULL};
    sim_box *box = check_idle_sim(L, 1);
    int64_t at = podsim_sim_now(box->sim);
    const char *name = NULL, *text;
    bool is_text = false;
    size_t len;
    podsim_status st;

    lua_settop(L, 3);
    if (!lua_isnil(L, 3)) {
        luaL_checktype(L, 3, LUA_TTABLE);
        check_keys(L, 3, keys);
        at = opt_field_duration(L, 3, "at", at);
        lua_getfield(L, 3, "name");
        name = lua_tostring(L, -1); /* anchored in 3 */
        lua_pop(L, 1);
    }
    if (lua_type(L, 2) == LUA_TTABLE) {
        documents_to_text(L, 2);
        if (name == NULL) name = "<table>";
        is_text = true;
    }
    text = luaL_checklstring(L, 2, &len);
    if (is_text || looks_like_text(text, len))
        st = podsim_sim_apply_string(box->sim, text, len, name, at);
    else
        st = podsim_sim_apply_file(box->sim, text, at);
    if (st != PODSIM_OK) return push_sim_failure(L, box, st);
    lua_pushboolean(L, 1);
    return 1;
}

/***
 * Load a podsim Scenario (kind Scenario, apiVersion podsim.dev/v1alpha1:
 * timing, images, behaviours). Behaviours added later take precedence.
 * @function Simulation:load_scenario
 * @tparam string source a path or YAML text
 * @tparam[opt] string name names text in error messages
 * @treturn boolean true
 * @return nil, "file:line:column: message", status name
 */
static int sim_load_scenario(lua_State *L) {
    sim_box *box = check_idle_sim(L, 1);
    size_t len;
    const char *text = luaL_checklstring(L, 2, &len);
    const char *name = luaL_optstring(L, 3, NULL);
    podsim_status st =
        looks_like_text(text, len)
            ? podsim_sim_load_scenario_string(box->sim, text, len, name)
            : podsim_sim_load_scenario_file(box->sim, text);
    if (st != PODSIM_OK) return push_sim_failure(L, box, st);
    lua_pushboolean(L, 1);
    return 1;
}

/* Optional string field `key` of the table at `idx` (anchored there). */
static const char *opt_field_string(lua_State *L, int idx, const char *key,
                                    const char *dflt) {
    const char *s = dflt;
    int type = lua_getfield(L, idx, key);
    if (type == LUA_TSTRING)
        s = lua_tostring(L, -1);
    else if (type != LUA_TNIL)
        luaL_error(L, "option '%s' must be a string", key);
    lua_pop(L, 1);
    return s;
}

/***
 * What the containers of matching pods do once started. Later rules take
 * precedence.
 * @function Simulation:set_behavior
 * @tparam table behavior `pod` ("namespace/name" glob, or a name glob for
 *   any namespace; default "*"), `container` (glob, default "*"), `run`
 *   ("forever" (default), "exit", "crash", "oom"), `after` (duration until
 *   it exits), `jitter` (up to this much more), `exit_code` (default 1 for
 *   crash, else 0), `ready_after` (readiness fails until then), `probes`
 *   ({startup=, liveness=, readiness=} patterns of S and F, one letter per
 *   probe run, the last repeats), `handles_sigterm` (default true; false:
 *   only SIGKILL ends it), `sigterm_exit_code` (0 default; 143 for a
 *   process SIGTERM kills)
 * @treturn boolean true
 * @return nil, message, "PODSIM_EINVAL" (a bad probe pattern)
 * @usage sim:set_behavior{pod = "default/web-*", run = "crash", after = "2s"}
 */
static int sim_set_behavior(lua_State *L) {
    const char *const keys[] = {"pod",
                                "container",
                                "run",
                                "after",
                                "jitter",
                                "exit_code",
                                "ready_after",
                                "probes",
                                "handles_sigterm",
                                "sigterm_exit_code",
                                NULL};
    const char *const probe_keys[] = {"startup", "liveness", "readiness", NULL};
    sim_box *box = check_idle_sim(L, 1);
    podsim_behavior b = PODSIM_BEHAVIOR_INIT;
    const char *pod, *container, *run;
    podsim_status st;
    int i;

    luaL_checktype(L, 2, LUA_TTABLE);
    lua_settop(L, 2);
    check_keys(L, 2, keys);
    pod = opt_field_string(L, 2, "pod", "*");
    container = opt_field_string(L, 2, "container", "*");
    run = opt_field_string(L, 2, "run", "forever");
    if (podsim_enum_value(PODSIM_ENUM_RUN_KIND, run, &i) == PODSIM_OK)
        b.run = (podsim_run_kind)i;
    else
        luaL_error(L,
                   "option 'run' must be \"forever\", \"exit\", \"crash\" or "
                   "\"oom\", not \"%s\"",
                   run);
    b.run_ms = opt_field_duration(L, 2, "after", 0);
    b.run_jitter_ms = opt_field_duration(L, 2, "jitter", 0);
    b.ready_after_ms = opt_field_duration(L, 2, "ready_after", 0);
    b.exit_code = b.run == PODSIM_RUN_CRASH ? 1 : 0;
    if (lua_getfield(L, 2, "exit_code") != LUA_TNIL) {
        int ok;
        lua_Integer code = lua_tointegerx(L, -1, &ok);
        if (!ok || code < INT32_MIN || code > INT32_MAX)
            luaL_error(L, "option 'exit_code' must be an integer");
        b.exit_code = (int32_t)code;
    }
    lua_pop(L, 1);
    if (lua_getfield(L, 2, "handles_sigterm") != LUA_TNIL)
        b.handles_sigterm = lua_toboolean(L, -1);
    lua_pop(L, 1);
    if (lua_getfield(L, 2, "sigterm_exit_code") != LUA_TNIL) {
        int ok;
        lua_Integer code = lua_tointegerx(L, -1, &ok);
        if (!ok || code < 0 || code > 255)
            luaL_error(L,
                       "option 'sigterm_exit_code' must be an integer "
                       "from 0 to 255");
        b.sigterm_exit_code = (int32_t)code;
    }
    lua_pop(L, 1);
    if (lua_getfield(L, 2, "probes") != LUA_TNIL) { /* 3, anchors patterns */
        luaL_checktype(L, 3, LUA_TTABLE);
        check_keys(L, 3, probe_keys);
        b.startup_pattern = opt_field_string(L, 3, "startup", NULL);
        b.liveness_pattern = opt_field_string(L, 3, "liveness", NULL);
        b.readiness_pattern = opt_field_string(L, 3, "readiness", NULL);
    }
    st = podsim_sim_set_behavior(box->sim, pod, container, &b);
    if (st != PODSIM_OK) return push_sim_failure(L, box, st);
    lua_pushboolean(L, 1);
    return 1;
}

/***
 * Register an image the registry holds, or one whose pulls fail.
 * @function Simulation:set_image
 * @tparam string name the image reference
 * @tparam[opt] integer|string|table size bytes or "500MB" (default: the
 *   timing's default size); or a table `{size =, missing =}`
 * @tparam[opt] boolean missing pulls fail (ErrImagePull, ImagePullBackOff)
 * @treturn boolean true
 * @return nil, message, "PODSIM_EINVAL"
 */
static int sim_set_image(lua_State *L) {
    const char *const keys[] = {"size", "missing", NULL};
    sim_box *box = check_idle_sim(L, 1);
    const char *name = luaL_checkstring(L, 2);
    int64_t size = 0;
    bool missing;
    podsim_status st;

    lua_settop(L, 4);
    if (lua_type(L, 3) == LUA_TTABLE) {
        check_keys(L, 3, keys);
        lua_getfield(L, 3, "size");    /* 5 */
        lua_getfield(L, 3, "missing"); /* 6 */
        lua_replace(L, 4);
        lua_replace(L, 3);
    }
    if (!lua_isnil(L, 3)) size = to_bytes(L, 3, "image size");
    missing = lua_toboolean(L, 4);
    st = podsim_sim_set_image(box->sim, name, size, missing);
    if (st != PODSIM_OK) return push_sim_failure(L, box, st);
    lua_pushboolean(L, 1);
    return 1;
}

/* The pod key at `arg` ("namespace/name", or a name in "default") split
 * into *ns (pushed, anchored on the stack) and *name. */
static void check_pod_key(lua_State *L, int arg, const char **ns,
                          const char **name) {
    size_t len;
    const char *key = luaL_checklstring(L, arg, &len);
    const char *slash = strchr(key, '/');
    if (slash == NULL || slash == key) {
        lua_pushliteral(L, "default");
        *name = slash == NULL ? key : slash + 1;
    } else {
        lua_pushlstring(L, key, (size_t)(slash - key));
        *name = slash + 1;
    }
    *ns = lua_tostring(L, -1);
}

/***
 * Delete a pod as kubectl delete pod does.
 * @function Simulation:delete_pod
 * @tparam string pod "namespace/name" (a bare name means "default")
 * @tparam[opt] table options `at` (when; default now), `grace` (whole
 *   seconds; default the pod's terminationGracePeriodSeconds), `force`
 *   (with grace 0, the default when forcing: the object goes at once)
 * @treturn boolean true
 * @return nil, message, "PODSIM_ENOTFOUND" or "PODSIM_EINVAL"
 */
static int sim_delete_pod(lua_State *L) {
    const char *const keys[] = {"at", "grace", "force", NULL};
    sim_box *box = check_idle_sim(L, 1);
    int64_t at = podsim_sim_now(box->sim), grace = -1;
    const char *ns, *name;
    bool force = false;
    podsim_status st;

    lua_settop(L, 3);
    if (!lua_isnil(L, 3)) {
        luaL_checktype(L, 3, LUA_TTABLE);
        check_keys(L, 3, keys);
        at = opt_field_duration(L, 3, "at", at);
        lua_getfield(L, 3, "force");
        force = lua_toboolean(L, -1);
        lua_pop(L, 1);
        grace = opt_field_duration(L, 3, "grace", force ? 0 : -1000);
        if (grace != -1000 && (grace < 0 || grace % 1000 != 0))
            luaL_error(L, "option 'grace' must be whole seconds >= 0");
        grace /= 1000;
    }
    check_pod_key(L, 2, &ns, &name); /* 4 */
    st = podsim_sim_delete_pod(box->sim, ns, name, at, grace, force);
    if (st != PODSIM_OK) return push_sim_failure(L, box, st);
    lua_pushboolean(L, 1);
    return 1;
}

/* ---- node failure, eviction and maintenance -------------------------------
 */

/* When (and, with `mode`, how) a node action happens, from the arguments
 * at `arg` and `arg` + 1: an options table {at =, mode =}, or a time and
 * a mode. Time defaults to now. */
static int64_t action_args(lua_State *L, sim_box *box, int arg,
                           podsim_node_failure *mode) {
    const char *const with_mode[] = {"at", "mode", NULL};
    const char *const at_only[] = {"at", NULL};
    int64_t at = podsim_sim_now(box->sim);

    lua_settop(L, arg + 1);
    if (lua_type(L, arg) == LUA_TTABLE) {
        if (!lua_isnil(L, arg + 1))
            luaL_error(L, "give options as a table or as arguments, not both");
        check_keys(L, arg, mode != NULL ? with_mode : at_only);
        lua_getfield(L, arg, "mode");
        lua_replace(L, arg + 1);
        at = opt_field_duration(L, arg, "at", at);
    } else if (!lua_isnil(L, arg)) {
        at = to_duration(L, arg, "at");
    }
    if (lua_isnil(L, arg + 1)) return at;
    if (mode == NULL) luaL_error(L, "too many arguments");
    {
        int value;
        const char *name = luaL_checkstring(L, arg + 1);
        if (podsim_enum_value(PODSIM_ENUM_NODE_FAILURE, name, &value) !=
            PODSIM_OK)
            luaL_error(L,
                       "unknown failure mode '%s' (expected unreachable, "
                       "not-ready, shutdown or deleted)",
                       name);
        *mode = (podsim_node_failure)value;
    }
    return at;
}

static int action_result(lua_State *L, sim_box *box, podsim_status st) {
    if (st != PODSIM_OK) return push_sim_failure(L, box, st);
    lua_pushboolean(L, 1);
    return 1;
}

/***
 * The node fails at a simulated time.
 * @function Simulation:fail_node
 * @tparam string node its name (a node named for now must exist)
 * @tparam[opt] table|number|string options `{at =, mode =}`, or `at` (when;
 *   default now) followed by `mode`: "unreachable" (default: the kubelet
 *   stops reaching the API server, containers keep running), "not-ready"
 *   (the kubelet reports Ready=False), "shutdown" or "deleted" (the VM is
 *   gone and the Node object deleted)
 * @treturn boolean true
 * @return nil, message, "PODSIM_ENOTFOUND" or "PODSIM_EINVAL"
 * @usage assert(sim:fail_node("node-2", {at = "10s", mode = "unreachable"}))
 */
static int sim_fail_node(lua_State *L) {
    sim_box *box = check_idle_sim(L, 1);
    const char *node = luaL_checkstring(L, 2);
    podsim_node_failure mode = PODSIM_NODE_UNREACHABLE;
    int64_t at = action_args(L, box, 3, &mode);
    return action_result(L, box,
                         podsim_sim_fail_node(box->sim, node, at, mode));
}

/***
 * Every node of a zone (topology.kubernetes.io/zone) fails.
 * @function Simulation:fail_zone
 * @tparam string zone
 * @tparam[opt] table|number|string options as @{Simulation:fail_node}
 * @treturn boolean true
 * @return nil, message, "PODSIM_ENOTFOUND" or "PODSIM_EINVAL"
 */
static int sim_fail_zone(lua_State *L) {
    sim_box *box = check_idle_sim(L, 1);
    const char *zone = luaL_checkstring(L, 2);
    podsim_node_failure mode = PODSIM_NODE_UNREACHABLE;
    int64_t at = action_args(L, box, 3, &mode);
    return action_result(L, box,
                         podsim_sim_fail_zone(box->sim, zone, at, mode));
}

/***
 * The node works again: the kubelet renews its Lease and posts Ready
 * (after a shutdown the containers restart; a deleted Node registers
 * again, empty).
 * @function Simulation:recover_node
 * @tparam string node
 * @tparam[opt] table|number|string options `{at =}` or `at`
 * @treturn boolean true
 * @return nil, message, status name
 */
static int sim_recover_node(lua_State *L) {
    sim_box *box = check_idle_sim(L, 1);
    const char *node = luaL_checkstring(L, 2);
    int64_t at = action_args(L, box, 3, NULL);
    return action_result(L, box, podsim_sim_recover_node(box->sim, node, at));
}

/***
 * kubectl delete node (a live kubelet registers it again).
 * @function Simulation:delete_node
 * @tparam string node
 * @tparam[opt] table|number|string options `{at =}` or `at`
 * @treturn boolean true
 * @return nil, message, status name
 */
static int sim_delete_node(lua_State *L) {
    sim_box *box = check_idle_sim(L, 1);
    const char *node = luaL_checkstring(L, 2);
    int64_t at = action_args(L, box, 3, NULL);
    return action_result(L, box, podsim_sim_delete_node(box->sim, node, at));
}

/***
 * kubectl cordon: the node becomes unschedulable.
 * @function Simulation:cordon
 * @tparam string node
 * @tparam[opt] table|number|string options `{at =}` or `at`
 * @treturn boolean true
 * @return nil, message, status name
 */
static int sim_cordon(lua_State *L) {
    sim_box *box = check_idle_sim(L, 1);
    const char *node = luaL_checkstring(L, 2);
    int64_t at = action_args(L, box, 3, NULL);
    return action_result(L, box,
                         podsim_sim_cordon_node(box->sim, node, at, true));
}

/***
 * kubectl uncordon.
 * @function Simulation:uncordon
 * @tparam string node
 * @tparam[opt] table|number|string options `{at =}` or `at`
 * @treturn boolean true
 * @return nil, message, status name
 */
static int sim_uncordon(lua_State *L) {
    sim_box *box = check_idle_sim(L, 1);
    const char *node = luaL_checkstring(L, 2);
    int64_t at = action_args(L, box, 3, NULL);
    return action_result(L, box,
                         podsim_sim_cordon_node(box->sim, node, at, false));
}

/***
 * kubectl drain --ignore-daemonsets --delete-emptydir-data --force:
 * cordon, then evict every pod but DaemonSet and mirror pods through the
 * Eviction API, retrying evictions a PodDisruptionBudget refuses.
 * @function Simulation:drain_node
 * @tparam string node
 * @tparam[opt] table|number|string options `{at =}` or `at`
 * @treturn boolean true
 * @return nil, message, status name
 */
static int sim_drain_node(lua_State *L) {
    sim_box *box = check_idle_sim(L, 1);
    const char *node = luaL_checkstring(L, 2);
    int64_t at = action_args(L, box, 3, NULL);
    return action_result(L, box, podsim_sim_drain_node(box->sim, node, at));
}

/***
 * kubectl taint nodes NODE TAINT.
 * @function Simulation:taint
 * @tparam string node
 * @tparam string taint "key[=value]:Effect" adds (or replaces) a taint;
 *   "key[=value]:Effect-" or "key-" removes it
 * @tparam[opt] table|number|string options `{at =}` or `at`
 * @treturn boolean true
 * @return nil, message, "PODSIM_EINVAL" (malformed taint) or
 *   "PODSIM_ENOTFOUND"
 * @usage assert(sim:taint("node-1", "dedicated=db:NoExecute", {at = 30}))
 */
static int sim_taint(lua_State *L) {
    sim_box *box = check_idle_sim(L, 1);
    const char *node = luaL_checkstring(L, 2);
    const char *taint = luaL_checkstring(L, 3);
    int64_t at = action_args(L, box, 4, NULL);
    return action_result(L, box,
                         podsim_sim_taint_node(box->sim, node, taint, at));
}

/***
 * kubectl delete pod --grace-period=0 --force: the object is removed at
 * once, whatever its node's state.
 * @function Simulation:force_delete
 * @tparam string pod "namespace/name" (a bare name means "default")
 * @tparam[opt] table|number|string options `{at =}` or `at`
 * @treturn boolean true
 * @return nil, message, "PODSIM_ENOTFOUND"
 */
static int sim_force_delete(lua_State *L) {
    sim_box *box = check_idle_sim(L, 1);
    const char *ns, *name;
    int64_t at = action_args(L, box, 3, NULL); /* top is 4 */
    check_pod_key(L, 2, &ns, &name);           /* 5 */
    return action_result(
        L, box, podsim_sim_delete_pod(box->sim, ns, name, at, 0, true));
}

/* ---- running ----------------------------------------------------------------
 */

typedef enum { LSIM_RUN_UNTIL, LSIM_RUN_IDLE, LSIM_STEP } lsim_run_kind;

/*
 * Run the simulation at index 1. With a SchedulerConfig, its custom Lua
 * plugins run on this thread (the config's `running`, as in a schedule
 * call) and the simulation is busy: a callback may read but not change it.
 * A plugin error does not stop the run (the scheduler reports it on the
 * pod); it is returned after it as nil, "plugin <name>: ...", status.
 */
static int sim_run_call(lua_State *L, sim_box *box, lsim_run_kind kind,
                        int64_t ms) {
    config_box *cfg = NULL;
    bool flag = false;
    podsim_status st = PODSIM_OK;

    lua_getiuservalue(L, 1, 2);
    if (!lua_isnil(L, -1)) {
        cfg = check_config(L, -1);
        if (cfg->running != NULL)
            luaL_error(L,
                       "attempt to use a scheduler config during its schedule "
                       "call");
        st = sync_plugins(L, -1);
        if (st != PODSIM_OK) return push_config_failure(L, cfg, st);
        cfg->failed = false;
        cfg->running = L;
    }
    lua_pop(L, 1);
    box->busy = 1;
    switch (kind) {
    case LSIM_RUN_UNTIL: st = podsim_sim_run_until(box->sim, ms); break;
    case LSIM_RUN_IDLE: st = podsim_sim_run_idle(box->sim, ms, &flag); break;
    case LSIM_STEP: st = podsim_sim_step(box->sim, &flag); break;
    }
    box->busy = 0;
    if (cfg != NULL) cfg->running = NULL;
    if (cfg != NULL && cfg->failed) {
        if (st == PODSIM_ENOMEM) return push_sim_failure(L, box, st);
        luaL_pushfail(L);
        lua_pushstring(L, cfg->failure);
        lua_pushstring(
            L, podsim_status_name(st != PODSIM_OK ? st : PODSIM_EINVAL));
        return 3;
    }
    if (st != PODSIM_OK) return push_sim_failure(L, box, st);
    lua_pushboolean(L, kind == LSIM_RUN_UNTIL ? 1 : flag);
    return 1;
}

/* The time argument at 2: a value, or a table holding it under `key`. */
static int64_t time_arg(lua_State *L, const char *key, bool optional,
                        int64_t dflt) {
    if (lua_type(L, 2) == LUA_TTABLE) {
        const char *const keys[] = {key, NULL};
        check_keys(L, 2, keys);
        lua_getfield(L, 2, key);
        lua_replace(L, 2);
    }
    if (lua_isnil(L, 2)) {
        if (!optional) luaL_error(L, "missing '%s' (a time)", key);
        return dflt;
    }
    return to_duration(L, 2, key);
}

/***
 * Run every event up to and including a simulated time; now becomes that
 * time.
 * @function Simulation:run
 * @tparam number|string|table until seconds, a Go duration ("10m"), or
 *   `{until_ = ...}` (`until` is a Lua keyword)
 * @treturn boolean true
 * @return nil, message, status name ("PODSIM_EINVAL" for a time before
 *   now; a custom plugin's error reads "plugin <name>: ...")
 * @usage assert(sim:run("10m"))
 */
static int sim_run(lua_State *L) {
    sim_box *box = check_idle_sim(L, 1);
    int64_t until;
    lua_settop(L, 2);
    until = time_arg(L, "until_", false, 0);
    return sim_run_call(L, box, LSIM_RUN_UNTIL, until);
}

/***
 * Run until nothing is pending (periodic resyncs do not count) or a
 * simulated time is reached.
 * @function Simulation:run_until_idle
 * @tparam[opt] number|string|table limit the latest time (default an hour
 *   from now), or `{limit = ...}`
 * @treturn boolean true if the simulation became idle, false at the limit
 * @return nil, message, status name
 */
static int sim_run_until_idle(lua_State *L) {
    sim_box *box = check_idle_sim(L, 1);
    int64_t limit;
    lua_settop(L, 2);
    limit =
        time_arg(L, "limit", true, podsim_sim_now(box->sim) + INT64_C(3600000));
    return sim_run_call(L, box, LSIM_RUN_IDLE, limit);
}

/***
 * Run the events of the next instant that has any.
 * @function Simulation:step
 * @treturn boolean false when nothing was pending
 * @return nil, message, status name
 */
static int sim_step(lua_State *L) {
    sim_box *box = check_idle_sim(L, 1);
    lua_settop(L, 1);
    return sim_run_call(L, box, LSIM_STEP, 0);
}

/* ---- reading
 * ------------------------------------------------------------------ */

static void set_seconds(lua_State *L, const char *key, int64_t ms) {
    lua_pushnumber(L, (lua_Number)ms / 1000.0);
    lua_setfield(L, -2, key);
}

/* "pod/web-0": the OBJECT column of kubectl get events. */
static void set_object(lua_State *L, const char *kind, const char *name) {
    luaL_Buffer b;
    const char *k;
    luaL_buffinit(L, &b);
    for (k = kind; *k != '\0'; k++)
        luaL_addchar(&b,
                     (*k >= 'A' && *k <= 'Z') ? (char)(*k - 'A' + 'a') : *k);
    luaL_addchar(&b, '/');
    luaL_addstring(&b, name);
    luaL_pushresult(&b);
    lua_setfield(L, -2, "object");
}

/* An event: the fields of podsim_sim_event (times in seconds) and
 * `object`, as the Python package's Event. */
static void push_sim_event(lua_State *L, const podsim_sim_event *o) {
    lua_createtable(L, 0, 15);
    set_seconds(L, "time", o->time);
    set_seconds(L, "first_time", o->first_time);
    set_integer(L, "count", o->count);
    set_string(L, "type", o->type);
    set_string(L, "reason", o->reason);
    set_string(L, "kind", o->kind);
    set_string(L, "namespace", o->namespace_);
    set_string(L, "name", o->name);
    set_object(L, o->kind, o->name);
    set_string(L, "field_path", o->field_path);
    set_string(L, "source", o->source);
    set_string(L, "host", o->host);
    set_string(L, "message", o->message);
    set_integer(L, "seq", (int64_t)o->seq);
}

/* A state change: the fields of podsim_sim_change (time in seconds). */
static void push_sim_change(lua_State *L, const podsim_sim_change *o) {
    lua_createtable(L, 0, 6);
    set_seconds(L, "time", o->time);
    set_string(L, "kind", o->kind);
    set_string(L, "namespace", o->namespace_);
    set_string(L, "name", o->name);
    set_string(L, "field", o->field);
    set_string(L, "value", o->value);
}

static void push_sim_stats(lua_State *L, const podsim_sim_stats *o) {
    lua_createtable(L, 0, 6);
    set_integer(L, "events_processed", (int64_t)o->events_processed);
    set_integer(L, "pods_created", (int64_t)o->pods_created);
    set_integer(L, "pods_deleted", (int64_t)o->pods_deleted);
    set_integer(L, "scheduling_attempts", (int64_t)o->scheduling_attempts);
    set_integer(L, "pending", (int64_t)o->pending);
    set_integer(L, "memory_bytes", (int64_t)o->memory_bytes);
}

/* Optional 1-based start index at `arg` (default 1). */
static size_t opt_first(lua_State *L, int arg) {
    lua_Integer first = luaL_optinteger(L, arg, 1);
    luaL_argcheck(L, first >= 1, arg, "index must be >= 1");
    return (size_t)(first - 1);
}

/***
 * The Kubernetes Events recorded so far, in order: each occurrence of a
 * series, with the series' `count` and `first_time`.
 * @function Simulation:events
 * @tparam[opt=1] integer first the index of the first event wanted
 * @treturn {table,...} `time`, `first_time` (seconds), `type`, `reason`,
 *   `object` ("pod/web-0"), `kind`, `namespace`, `name`, `field_path`,
 *   `source`, `host`, `message`, `count`, `seq`
 */
static int sim_events(lua_State *L) {
    podsim_sim *sim = check_sim(L, 1)->sim;
    size_t i, first = opt_first(L, 2), n = podsim_sim_event_count(sim);
    lua_createtable(L, first < n ? (int)(n - first) : 0, 0);
    for (i = first; i < n; i++) {
        push_sim_event(L, podsim_sim_event_get(sim, i));
        lua_rawseti(L, -2, (lua_Integer)(i - first) + 1);
    }
    return 1;
}

/***
 * The changes of visible state recorded so far, in order.
 * @function Simulation:changes
 * @tparam[opt=1] integer first the index of the first change wanted
 * @treturn {table,...} `time` (seconds), `kind`, `namespace`, `name`,
 *   `field` ("phase", "status", "ready", "restarts", "node",
 *   "condition/Ready", "container/app", "readyReplicas"...), `value`
 */
static int sim_changes(lua_State *L) {
    podsim_sim *sim = check_sim(L, 1)->sim;
    size_t i, first = opt_first(L, 2), n = podsim_sim_change_count(sim);
    lua_createtable(L, first < n ? (int)(n - first) : 0, 0);
    for (i = first; i < n; i++) {
        push_sim_change(L, podsim_sim_change_get(sim, i));
        lua_rawseti(L, -2, (lua_Integer)(i - first) + 1);
    }
    return 1;
}

/***
 * Every change of one object's visible state, with its time.
 * @function Simulation:timeline
 * @tparam string object "namespace/name" (a bare name means "default")
 * @tparam[opt="Pod"] string kind the object's kind, or "*" for any
 * @treturn {table,...} as @{Simulation:changes}
 */
static int sim_timeline(lua_State *L) {
    podsim_sim *sim = check_sim(L, 1)->sim;
    const char *kind = luaL_optstring(L, 3, "Pod");
    const char *ns, *name;
    size_t i, n = podsim_sim_change_count(sim);
    lua_Integer k = 0;

    lua_settop(L, 3);
    check_pod_key(L, 2, &ns, &name); /* 4 */
    lua_newtable(L);
    for (i = 0; i < n; i++) {
        const podsim_sim_change *c = podsim_sim_change_get(sim, i);
        if (strcmp(c->name, name) != 0 || strcmp(c->namespace_, ns) != 0 ||
            (strcmp(kind, "*") != 0 && strcmp(c->kind, kind) != 0))
            continue;
        push_sim_change(L, c);
        lua_rawseti(L, -2, ++k);
    }
    return 1;
}

/***
 * The run's counters.
 * @function Simulation:stats
 * @treturn table `events_processed`, `pods_created`, `pods_deleted`,
 *   `scheduling_attempts`, `pending`, `memory_bytes`
 */
static int sim_stats(lua_State *L) {
    podsim_sim_stats stats;
    podsim_sim_get_stats(check_sim(L, 1)->sim, &stats);
    push_sim_stats(L, &stats);
    return 1;
}

/* A model timestamp (ms since the epoch) as simulated seconds, or nil. */
static void set_sim_time(lua_State *L, const char *key, podsim_sim *sim,
                         int64_t wall) {
    if (wall == PODSIM_NO_TIME) return;
    set_seconds(L, key, wall - podsim_sim_epoch_ms(sim));
}

static void push_container_summary(lua_State *L, podsim_sim *sim,
                                   const podsim_container_status *cs) {
    lua_createtable(L, 0, 13);
    set_string(L, "name", cs->name);
    set_enum(L, "kind", PODSIM_ENUM_CONTAINER_KIND, (int)cs->kind);
    set_enum(L, "state", PODSIM_ENUM_CONTAINER_STATE, (int)cs->state.kind);
    set_string(L, "reason", cs->state.reason ? cs->state.reason : "");
    set_string(L, "message", cs->state.message ? cs->state.message : "");
    if (cs->state.kind == PODSIM_STATE_TERMINATED)
        set_integer(L, "exit_code", cs->state.exit_code);
    set_boolean(L, "ready", cs->ready);
    if (cs->started.set) set_boolean(L, "started", cs->started.value != 0);
    set_integer(L, "restart_count", cs->restart_count);
    set_enum(L, "last_state", PODSIM_ENUM_CONTAINER_STATE,
             (int)cs->last_state.kind);
    set_string(L, "last_reason",
               cs->last_state.reason ? cs->last_state.reason : "");
    if (cs->last_state.kind == PODSIM_STATE_TERMINATED)
        set_integer(L, "last_exit_code", cs->last_state.exit_code);
    set_string(L, "image", cs->image);
    set_sim_time(L, "started_at", sim, cs->state.started_at);
}

/***
 * A live pod at now, as the Python package's PodStatus.
 * @function Simulation:pod_status
 * @tparam string pod "namespace/name" (a bare name means "default")
 * @treturn table `namespace`, `name`, `phase`, `status` (the STATUS column:
 *   "Running", "CrashLoopBackOff", ...), `ready` (the READY column, "1/2"),
 *   `restarts` (integer), `node`, `reason`, `message`, `deleting`,
 *   `is_ready`, `conditions` (type -> {type, status, reason, message,
 *   last_transition}), `containers` (init containers first: {name, kind,
 *   state, reason, message, exit_code, ready, started, restart_count,
 *   last_state, last_reason, last_exit_code, image})
 * @return nil, message, "PODSIM_ENOTFOUND" (also for a deleted pod)
 */
static int sim_pod_status(lua_State *L) {
    sim_box *box = check_sim(L, 1);
    podsim_cluster *c = podsim_sim_cluster(box->sim);
    const podsim_pod *pod;
    const podsim_pod_status *s;
    const char *ns, *name;
    podsim_id id = PODSIM_NO_ID;
    podsim_pod_row row;
    podsim_status st;
    size_t i, n;
    bool ready = false;

    lua_settop(L, 2);
    check_pod_key(L, 2, &ns, &name); /* 3 */
    st = podsim_sim_find_pod(box->sim, ns, name, &id);
    if (st != PODSIM_OK) return push_sim_failure(L, box, st);
    pod = podsim_cluster_pod(c, id);
    s = &pod->status;
    st = podsim_pod_row_get(
        c, id, podsim_sim_epoch_ms(box->sim) + podsim_sim_now(box->sim), &row);
    if (st != PODSIM_OK) return push_failure(L, c, st);
    lua_createtable(L, 0, 14);
    set_string(L, "namespace", ns);
    set_string(L, "name", name);
    if (s->has_phase) set_enum(L, "phase", PODSIM_ENUM_PHASE, (int)s->phase);
    set_string(L, "status", row.status);
    set_string(L, "ready", row.ready);
    set_integer(L, "restarts", (int64_t)strtoll(row.restarts, NULL, 10));
    if (pod->spec.node_name != NULL && pod->spec.node_name[0] != '\0')
        set_string(L, "node", pod->spec.node_name);
    set_string(L, "reason", s->reason ? s->reason : "");
    set_string(L, "message", s->message ? s->message : "");
    set_boolean(L, "deleting", pod->meta.deletion_timestamp != PODSIM_NO_TIME);
    lua_createtable(L, 0, (int)s->condition_count);
    for (i = 0; i < s->condition_count; i++) {
        const podsim_condition *cond = &s->conditions[i];
        if (strcmp(cond->type, "Ready") == 0)
            ready = cond->status != NULL && strcmp(cond->status, "True") == 0;
        lua_createtable(L, 0, 5);
        set_string(L, "type", cond->type);
        set_string(L, "status", cond->status);
        set_string(L, "reason", cond->reason ? cond->reason : "");
        set_string(L, "message", cond->message ? cond->message : "");
        set_sim_time(L, "last_transition", box->sim,
                     cond->last_transition_time);
        lua_setfield(L, -2, cond->type);
    }
    lua_setfield(L, -2, "conditions");
    set_boolean(L, "is_ready", ready);
    n = s->init_container_status_count + s->container_status_count;
    lua_createtable(L, (int)n, 0);
    for (i = 0; i < n; i++) {
        push_container_summary(
            L, box->sim,
            i < s->init_container_status_count
                ? &s->init_container_statuses[i]
                : &s->container_statuses[i - s->init_container_status_count]);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    lua_setfield(L, -2, "containers");
    return 1;
}

/* Push the rows of `kubectl get pods -A` of `c` at `wall` (ms since the
 * epoch; PODSIM_NO_TIME = the model's newest time): an array in kubectl's
 * order (podsim_cluster_pod_order), each {namespace, name, ready, status,
 * restarts, age}. Raises on failure. */
static void push_pod_rows(lua_State *L, podsim_cluster *c, int64_t wall) {
    size_t i, count = 0;
    podsim_id *ids;
    podsim_status st = podsim_cluster_pod_order(c, NULL, 0, &count);
    if (st != PODSIM_OK && st != PODSIM_ENOSPC) raise_failure(L, c, st);
    ids = lua_newuserdatauv(L, (count ? count : 1) * sizeof *ids, 0);
    st = podsim_cluster_pod_order(c, ids, count, &count);
    if (st != PODSIM_OK) raise_failure(L, c, st);
    lua_createtable(L, (int)count, 1);
    for (i = 0; i < count; i++) {
        const podsim_pod *p = podsim_cluster_pod(c, ids[i]);
        const char *ns = p->meta.namespace_;
        podsim_pod_row row;
        st = podsim_pod_row_get(c, ids[i], wall, &row);
        if (st != PODSIM_OK) raise_failure(L, c, st);
        lua_createtable(L, 0, 6);
        set_string(L, "namespace", ns != NULL && ns[0] ? ns : "default");
        set_string(L, "name", p->meta.name);
        set_string(L, "ready", row.ready);
        set_string(L, "status", row.status);
        set_string(L, "restarts", row.restarts);
        set_string(L, "age", row.age);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    lua_remove(L, -2); /* the ids */
}

/***
 * `kubectl get pods -A` at now.
 * @function Simulation:get_pods
 * @treturn table the rows in kubectl's order, each {namespace, name, ready,
 *   status, restarts, age}; field `text` (and `tostring`) is the kubectl
 *   table
 */
static int sim_get_pods(lua_State *L) {
    sim_box *box = check_sim(L, 1);
    podsim_cluster *c = podsim_sim_cluster(box->sim);
    int64_t wall = podsim_sim_epoch_ms(box->sim) + podsim_sim_now(box->sim);
    const char *text = NULL;
    size_t len = 0;
    podsim_status st;

    lua_settop(L, 1);
    push_pod_rows(L, c, wall); /* 2 */
    st = podsim_sim_render(box->sim, PODSIM_SIM_VIEW_PODS, 0, &text, &len);
    if (st != PODSIM_OK) return push_sim_failure(L, box, st);
    lua_pushlstring(L, text, len);
    lua_setfield(L, 2, "text");
    luaL_setmetatable(L, PODTABLE_MT);
    return 1;
}

/***
 * `kubectl get pods -A` of the model, as kubectl printed it for a loaded
 * dump (the same rows as Simulation:get_pods).
 * @function Cluster:get_pods
 * @tparam[opt] integer as_of ms since the epoch that ages are relative to
 *   (default: the newest timestamp in the model)
 * @treturn table the rows, each {namespace, name, ready, status, restarts,
 *   age}; field `text` (and `tostring`) is the kubectl table
 */
static int cluster_get_pods(lua_State *L) {
    podsim_cluster *c = check_cluster(L, 1);
    int64_t as_of = PODSIM_NO_TIME;
    const char *text = NULL;
    size_t len = 0;
    podsim_status st;

    if (!lua_isnoneornil(L, 2)) as_of = (int64_t)luaL_checkinteger(L, 2);
    lua_settop(L, 1);
    push_pod_rows(L, c, as_of); /* 2 */
    st = podsim_cluster_render(c, PODSIM_VIEW_PODS, 0, as_of, &text, &len);
    if (st != PODSIM_OK) return raise_failure(L, c, st);
    lua_pushlstring(L, text, len);
    lua_setfield(L, 2, "text");
    luaL_setmetatable(L, PODTABLE_MT);
    return 1;
}

static int podtable_tostring(lua_State *L) {
    lua_getfield(L, 1, "text");
    return 1;
}

/***
 * `kubectl describe pod` text of a live pod at now.
 * @function Simulation:describe
 * @tparam string pod "namespace/name" (a bare name means "default")
 * @treturn string
 * @return nil, message, "PODSIM_ENOTFOUND"
 */
static int sim_describe(lua_State *L) {
    sim_box *box = check_sim(L, 1);
    const char *ns, *name, *text = NULL;
    size_t len = 0;
    podsim_status st;

    lua_settop(L, 2);
    check_pod_key(L, 2, &ns, &name);
    st = podsim_sim_describe_pod(box->sim, ns, name, &text, &len);
    if (st != PODSIM_OK) return push_sim_failure(L, box, st);
    lua_pushlstring(L, text != NULL ? text : "", len);
    return 1;
}

/***
 * A text view of the simulation.
 * @function Simulation:render
 * @tparam[opt="events"] string view "events" (kubectl get events -A),
 *   "pods" (kubectl get pods -A at now), "event-log" (one line per event
 *   with its simulated time), "nodes" (kubectl get nodes at now) or
 *   "report" (the what-if report's text)
 * @tparam[opt] table options `wide` (boolean)
 * @treturn string
 */
static int sim_render(lua_State *L) {
    const char *views[PODSIM_SIM_VIEW_REPORT + 2];
    for (int v = 0; v <= PODSIM_SIM_VIEW_REPORT; v++)
        views[v] = podsim_enum_name(PODSIM_ENUM_SIM_VIEW, v);
    views[PODSIM_SIM_VIEW_REPORT + 1] = NULL;
    const char *const keys[] = {"wide", NULL};
    sim_box *box = check_sim(L, 1);
    int view = luaL_checkoption(L, 2, "events", views);
    unsigned flags = 0;
    const char *text = NULL;
    size_t len = 0;
    podsim_status st;

    if (!lua_isnoneornil(L, 3)) {
        luaL_checktype(L, 3, LUA_TTABLE);
        check_keys(L, 3, keys);
        lua_getfield(L, 3, "wide");
        if (lua_toboolean(L, -1)) flags |= PODSIM_RENDER_WIDE;
        lua_pop(L, 1);
    }
    st = podsim_sim_render(box->sim, (podsim_sim_view)view, flags, &text, &len);
    if (st != PODSIM_OK) return push_sim_failure(L, box, st);
    lua_pushlstring(L, text, len);
    return 1;
}

/***
 * The event log: one line per event with its simulated time (the text
 * the shared fixtures compare across C, Python and Lua).
 * @function Simulation:event_log
 * @treturn string
 */
static int sim_event_log(lua_State *L) {
    sim_box *box = check_sim(L, 1);
    const char *text = NULL;
    size_t len = 0;
    podsim_status st =
        podsim_sim_render(box->sim, PODSIM_SIM_VIEW_EVENT_LOG, 0, &text, &len);
    if (st != PODSIM_OK) return push_sim_failure(L, box, st);
    lua_pushlstring(L, text, len);
    return 1;
}

/* ---- the what-if report ---------------------------------------------------
 */

#define REPORT_MT "podsim.Report"

/* A report time (ms since the start, -1 = never; a dump's lost node
   failed before the start: negative) as seconds, or nil. */
static void set_report_time(lua_State *L, const char *key, int64_t ms) {
    if (ms == -1) return; /* before the start is negative */
    set_seconds(L, key, ms);
}

/* A report string; "" (none) is nil. */
static void set_report_string(lua_State *L, const char *key, const char *s) {
    if (s == NULL || s[0] == '\0') return;
    set_string(L, key, s);
}

#define SET_RTIME(f) set_report_time(L, #f, o->f)
#define SET_RSTR(f) set_report_string(L, #f, o->f)

/* A disrupted pod: the fields of podsim_report_pod, times in seconds, nil
 * for never or none. */
static void push_report_pod(lua_State *L, const podsim_report_pod *o) {
    lua_createtable(L, 0, 15);
    set_string(
        L, "namespace",
        o->namespace_ != NULL && o->namespace_[0] ? o->namespace_ : "default");
    SET_STR(name);
    SET_RSTR(node);
    SET_RSTR(workload_kind);
    SET_RSTR(workload_name);
    SET_RTIME(disrupted_at);
    SET_RTIME(unknown_since);
    SET_RTIME(not_ready_at);
    SET_RTIME(evicted_at);
    SET_RSTR(evicted_by);
    SET_RTIME(removed_at);
    SET_RSTR(replaced_by);
    SET_RTIME(running_again_at);
    SET_RTIME(ready_again_at);
    SET_RSTR(stuck);
}

/* One step of ready replicas: {time = seconds, value = count}. */
static void push_report_point(lua_State *L, const podsim_report_point *o) {
    lua_createtable(L, 0, 2);
    set_seconds(L, "time", o->time);
    SET_INT(value);
}

/* A workload that went below desired: the fields of
 * podsim_report_workload; the two *_ms durations become seconds without
 * the suffix (time_below_desired, time_to_recovery), as in Python. */
static void push_report_workload(lua_State *L,
                                 const podsim_report_workload *o) {
    lua_createtable(L, 0, 11);
    SET_STR(kind);
    set_string(
        L, "namespace",
        o->namespace_ != NULL && o->namespace_[0] ? o->namespace_ : "default");
    SET_STR(name);
    SET_INT(desired);
    SET_INT(ready);
    SET_INT(min_ready);
    SET_RTIME(disrupted_at);
    set_seconds(L, "time_below_desired",
                o->time_below_desired_ms > 0 ? o->time_below_desired_ms : 0);
    SET_RTIME(recovered_at);
    set_report_time(L, "time_to_recovery", o->time_to_recovery_ms);
    SET_ARRAY(ready_over_time, ready_point_count, push_report_point);
}

/* A node an action touched: the fields of podsim_report_node. */
static void push_report_node(lua_State *L, const podsim_report_node *o) {
    lua_createtable(L, 0, 11);
    SET_STR(name);
    SET_RSTR(zone);
    SET_RSTR(failure);
    SET_RTIME(failed_at);
    SET_RTIME(last_heartbeat);
    SET_RTIME(not_ready_at);
    SET_RTIME(noschedule_taint_at);
    SET_RTIME(noexecute_taint_at);
    SET_RTIME(recovered_at);
    SET_RTIME(deleted_at);
    SET_RTIME(drained_at);
}

static void push_report(lua_State *L, const podsim_report *o) {
    lua_createtable(L, 0, 5);
    set_seconds(L, "now", o->now);
    SET_ARRAY(nodes, node_count, push_report_node);
    SET_ARRAY(pods, pod_count, push_report_pod);
    SET_ARRAY(workloads, workload_count, push_report_workload);
}

#undef SET_RTIME
#undef SET_RSTR

/***
 * The what-if report at now.
 * @function Simulation:report
 * @treturn table `now` (seconds); `pods`: the disrupted pods in disruption
 *   order, each {namespace, name, node, workload_kind, workload_name,
 *   disrupted_at, unknown_since, not_ready_at, evicted_at, evicted_by,
 *   removed_at, replaced_by, running_again_at, ready_again_at, stuck};
 *   `workloads`: those that went below desired, each {kind, namespace,
 *   name, desired, ready, min_ready, disrupted_at, time_below_desired,
 *   recovered_at, time_to_recovery, ready_over_time = {{time, value},
 *   ...}}; `nodes`: those an action touched, each {name, zone, failure,
 *   failed_at, last_heartbeat, not_ready_at, noschedule_taint_at,
 *   noexecute_taint_at, recovered_at, deleted_at, drained_at}; `text`: the
 *   text summary, also `report:summary()` and `tostring(report)`. Times
 *   are seconds since the start; nil = never.
 * @return nil, message, status name
 */
static int sim_report(lua_State *L) {
    sim_box *box = check_sim(L, 1);
    const podsim_report *r = NULL;
    const char *text = NULL;
    size_t len = 0;
    podsim_status st;

    lua_settop(L, 1);
    st = podsim_sim_report(box->sim, &r);
    if (st != PODSIM_OK) return push_sim_failure(L, box, st);
    push_report(L, r); /* 2; r is invalid after the render below */
    st = podsim_sim_render(box->sim, PODSIM_SIM_VIEW_REPORT, 0, &text, &len);
    if (st != PODSIM_OK) return push_sim_failure(L, box, st);
    lua_pushlstring(L, text != NULL ? text : "", len);
    lua_setfield(L, 2, "text");
    luaL_setmetatable(L, REPORT_MT);
    return 1;
}

/***
 * The report's text summary.
 * @function Report:summary
 * @treturn string
 */
static int report_summary(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_getfield(L, 1, "text");
    return 1;
}

/* Push the rows of a kubectl table `text` as an array of tables keyed by
 * `keys` (one per column, left to right). kubectl starts every cell at its
 * column's header offset and a cell may be empty (VERSION of a node with
 * no nodeInfo), so cells are cut at the header's offsets. */
static void push_table_rows(lua_State *L, const char *text, size_t len,
                            const char *const keys[], size_t ncol) {
    size_t starts[8], found = 0, pos = 0, line_start, i;
    lua_Integer n = 0;

    lua_newtable(L);
    /* the header: column offsets */
    while (pos < len && text[pos] != '\n' && found < ncol) {
        if (text[pos] != ' ' && (pos == 0 || text[pos - 1] == ' '))
            starts[found++] = pos;
        pos++;
    }
    while (pos < len && text[pos] != '\n') pos++;
    if (found < ncol) return;
    while (++pos < len) {
        size_t end;
        line_start = pos;
        while (pos < len && text[pos] != '\n') pos++;
        end = pos;
        if (end == line_start) continue;
        lua_createtable(L, 0, (int)ncol);
        for (i = 0; i < ncol; i++) {
            size_t a = line_start + starts[i];
            size_t b = i + 1 < ncol ? line_start + starts[i + 1] : end;
            if (a > end) a = end;
            if (b > end) b = end;
            while (b > a && text[b - 1] == ' ') b--;
            lua_pushlstring(L, text + a, b - a);
            lua_setfield(L, -2, keys[i]);
        }
        lua_rawseti(L, -2, ++n);
    }
}

/***
 * `kubectl get nodes` at now.
 * @function Simulation:get_nodes
 * @treturn table the rows, each {name, status, roles, age, version}; field
 *   `text` (and `tostring`) is the kubectl table
 */
static int sim_get_nodes(lua_State *L) {
    const char *const keys[] = {"name", "status", "roles", "age", "version"};
    sim_box *box = check_sim(L, 1);
    const char *text = NULL;
    size_t len = 0;
    podsim_status st;

    lua_settop(L, 1);
    st = podsim_sim_render(box->sim, PODSIM_SIM_VIEW_NODES, 0, &text, &len);
    if (st != PODSIM_OK) return push_sim_failure(L, box, st);
    if (text == NULL) text = "";
    push_table_rows(L, text, len, keys, sizeof keys / sizeof *keys);
    lua_pushlstring(L, text, len);
    lua_setfield(L, -2, "text");
    luaL_setmetatable(L, PODTABLE_MT);
    return 1;
}

/* ===================================================================== */
/* Diagnosis                                                              */
/* ===================================================================== */

/*
 * Lifetimes. A Rules userdata owns a podsim_rules; its user value is a
 * table id -> Rule userdata, the Lua rules added to it. A Rule userdata is
 * the `user` of its podsim_rules_add (with no user_free: Lua owns it) and
 * holds registry references to its check function and to the text of its
 * last answer, which the core reads after the callback returned. While a
 * diagnosis runs, its rule set records the calling thread (`running`): the
 * trampoline runs the check there with lua_pcall, so a Lua error becomes a
 * rule error and never unwinds through the core. The rule set of
 * podsim.rule is a Rules userdata in the registry (DEFAULT_RULES_KEY),
 * made on first use.
 *
 * Sandbox. A check runs with an environment of its own: copies of the safe
 * base functions and of the string, table, math and utf8 libraries, plus a
 * few pure podsim functions; no os, io, load, loadfile, dofile, require,
 * package, debug, collectgarbage, coroutine or print. The check's _ENV
 * upvalue is joined to a fresh cell holding that environment when the rule
 * is added (lua_upvaluejoin: closures that shared the old cell keep it).
 * A Lua rule pack (podsim.load_rules) is loaded as a text chunk whose _ENV
 * is such an environment, so every function it defines is confined. The
 * check (and a pack's main chunk) runs under a count hook: past the rule
 * set's instruction budget every further instruction raises, so even a
 * loop around pcall ends, and the rule error reads "instruction budget
 * exceeded". Host code that registers a check with podsim.rule is trusted:
 * upvalues it captured from the host stay what they are.
 *
 * A diagnosis crosses as a plain table (the shape of the C JSON output);
 * its podsim_diagnosis stays alive in a DiagnosisHandle userdata found
 * through a weak-keyed registry table (DIAG_HANDLES_KEY), so that
 * d:render() works without a visible extra field.
 */

#define RULES_MT "podsim.Rules"
#define RULE_MT "podsim.Rule"
#define DIAGNOSIS_MT "podsim.Diagnosis"
#define DIAG_HANDLE_MT "podsim.DiagnosisHandle"
#define DEFAULT_RULES_KEY "podsim.rules.default"
#define DIAG_HANDLES_KEY "podsim.diagnosis.handles"
#define DEFAULT_INSTRUCTION_BUDGET 1000000

typedef struct rules_box {
    podsim_rules *rules; /* NULL once closed */
    lua_State *running;  /* thread of the diagnosis in progress, or NULL */
    lua_Integer budget;  /* instructions per check */
} rules_box;

typedef struct rule_box {
    rules_box *owner;
    int fn_ref;        /* the check function */
    int result_ref;    /* the text of the last answer */
    char message[512]; /* the last error, for the core */
} rule_box;

typedef struct diag_box {
    podsim_diagnosis *diag;      /* owned unless it is an item of a list */
    podsim_diagnosis_list *list; /* owned: a podsim.diagnose_all result */
    bool owned;
} diag_box;

/* ---- times -------------------------------------------------------------- */

static int64_t days_from_civil(int64_t y, int m, int d) {
    int64_t era, yoe, doy, doe;
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static bool read_digits(const char **p, int n, int *out) {
    int v = 0;
    while (n-- > 0) {
        if (**p < '0' || **p > '9') return false;
        v = v * 10 + (*(*p)++ - '0');
    }
    *out = v;
    return true;
}

/* ms since the epoch of an RFC 3339 time ("2026-11-28T10:00:00Z", with
 * optional fractional seconds and a "+hh:mm" offset); false if malformed. */
static bool parse_rfc3339(const char *s, int64_t *out) {
    int y, mo, d, h, mi, sec, oh = 0, om = 0, sign = 0;
    int64_t ms = 0, scale = 100;
    const char *p = s;

    if (!read_digits(&p, 4, &y) || *p++ != '-' || !read_digits(&p, 2, &mo) ||
        *p++ != '-' || !read_digits(&p, 2, &d))
        return false;
    if (*p != 'T' && *p != 't' && *p != ' ') return false;
    p++;
    if (!read_digits(&p, 2, &h) || *p++ != ':' || !read_digits(&p, 2, &mi) ||
        *p++ != ':' || !read_digits(&p, 2, &sec))
        return false;
    if (*p == '.') {
        p++;
        if (*p < '0' || *p > '9') return false;
        for (; *p >= '0' && *p <= '9'; p++, scale /= 10)
            ms += (*p - '0') * scale;
    }
    if (*p == 'Z' || *p == 'z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        sign = *p++ == '-' ? -1 : 1;
        if (!read_digits(&p, 2, &oh) || *p++ != ':' || !read_digits(&p, 2, &om))
            return false;
    } else {
        return false;
    }
    if (*p != '\0' || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 ||
        mi > 59 || sec > 60 || oh > 23 || om > 59)
        return false;
    *out = ((days_from_civil(y, mo, d) * 24 + h) * 60 + mi) * 60000 +
           (int64_t)sec * 1000 + ms - (int64_t)sign * (oh * 60 + om) * 60000;
    return true;
}

/* Push ms since the epoch as RFC 3339 text, as the core's JSON writes it
 * ("2026-11-28T10:00:00Z", ".123" when there are milliseconds). */
static void push_rfc3339(lua_State *L, int64_t ms) {
    int64_t secs = ms / 1000, rem = ms % 1000, days, sod, z, era, doe, yoe, y,
            doy, mp, d, m;
    char buf[96];
    if (rem < 0) {
        rem += 1000;
        secs--;
    }
    days = secs / 86400;
    sod = secs % 86400;
    if (sod < 0) {
        sod += 86400;
        days--;
    }
    z = days + 719468; /* civil_from_days (H. Hinnant) */
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = yoe + era * 400;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2) y++;
    if (rem != 0)
        snprintf(buf, sizeof buf,
                 "%04lld-%02lld-%02lldT%02lld:%02lld:%02lld.%03lldZ",
                 (long long)y, (long long)m, (long long)d,
                 (long long)(sod / 3600), (long long)(sod / 60 % 60),
                 (long long)(sod % 60), (long long)rem);
    else
        snprintf(buf, sizeof buf, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lldZ",
                 (long long)y, (long long)m, (long long)d,
                 (long long)(sod / 3600), (long long)(sod / 60 % 60),
                 (long long)(sod % 60));
    lua_pushstring(L, buf);
}

static void set_rfc3339(lua_State *L, const char *key, int64_t ms) {
    if (ms == PODSIM_NO_TIME) return;
    push_rfc3339(L, ms);
    lua_setfield(L, -2, key);
}

/* ---- rule tables as JSON ------------------------------------------------ */

/* Fields of a rule (or a check's answer) that are lists: an empty Lua
 * table there is [] rather than {}. */
static bool rule_list_field(const char *key) {
    const char *const lists[] = {"root_causes", "next",     "fix",
                                 "docs",        "evidence", "suppresses",
                                 "disable",     "rules",    NULL};
    int i;
    for (i = 0; lists[i] != NULL; i++)
        if (strcmp(key, lists[i]) == 0) return true;
    return false;
}

typedef struct rjson {
    json_out out;
    int seen;          /* table of the tables on the current path */
    const char *field; /* the top-level field being encoded */
} rjson;

static void rjson_value(lua_State *L, rjson *j, int idx, int depth,
                        bool list_hint);

static void rjson_number(lua_State *L, rjson *j, int idx) {
    char buf[64];
    if (lua_isinteger(L, idx)) {
        lua_pushfstring(L, "%I", (LUAI_UACINT)lua_tointeger(L, idx));
    } else {
        lua_Number x = lua_tonumber(L, idx);
        if (x != x || x - x != 0)
            luaL_error(L, "rule field '%s': cannot encode %f as JSON", j->field,
                       (LUAI_UACNUMBER)x);
        if (x == (lua_Number)(int64_t)x && x > -9.0e15 && x < 9.0e15)
            snprintf(buf, sizeof buf, "%lld", (long long)(int64_t)x);
        else
            snprintf(buf, sizeof buf, "%.17g", (double)x);
        lua_pushstring(L, buf);
    }
    json_piece(L, &j->out);
}

static void rjson_table(lua_State *L, rjson *j, int idx, int depth,
                        bool list_hint) {
    bool first = true;

    if (depth > 64)
        luaL_error(L, "rule field '%s': nesting too deep", j->field);
    luaL_checkstack(L, 6, "JSON nesting");
    lua_pushvalue(L, idx);
    if (lua_rawget(L, j->seen) != LUA_TNIL)
        luaL_error(L, "rule field '%s': a table contains itself", j->field);
    lua_pop(L, 1);
    lua_pushvalue(L, idx);
    lua_pushboolean(L, 1);
    lua_rawset(L, j->seen);

    lua_pushnil(L);
    if (lua_next(L, idx) == 0) {
        json_literal(L, &j->out, list_hint ? "[]" : "{}");
    } else if (lua_pop(L, 2), json_is_array(L, idx)) {
        lua_Integer i, n = (lua_Integer)lua_rawlen(L, idx);
        json_literal(L, &j->out, "[");
        for (i = 1; i <= n; i++) {
            if (i > 1) json_literal(L, &j->out, ",");
            lua_rawgeti(L, idx, i);
            rjson_value(L, j, lua_gettop(L), depth + 1, false);
            lua_pop(L, 1);
        }
        json_literal(L, &j->out, "]");
    } else {
        json_literal(L, &j->out, "{");
        lua_pushnil(L);
        while (lua_next(L, idx) != 0) {
            const char *key;
            if (lua_type(L, -2) != LUA_TSTRING)
                luaL_error(L,
                           "rule field '%s': a %s key in a mapping (keys "
                           "must be strings; lists must be sequences)",
                           depth == 0 ? "(rule)" : j->field,
                           luaL_typename(L, -2));
            key = lua_tostring(L, -2);
            if (depth == 0) {
                if (strcmp(key, "check") == 0) { /* the callback */
                    lua_pop(L, 1);
                    continue;
                }
                j->field = key;
            }
            if (!first) json_literal(L, &j->out, ",");
            first = false;
            json_string(L, &j->out, lua_gettop(L) - 1);
            json_literal(L, &j->out, ":");
            rjson_value(L, j, lua_gettop(L), depth + 1,
                        depth == 0 && rule_list_field(key));
            lua_pop(L, 1);
        }
        json_literal(L, &j->out, "}");
    }
    lua_pushvalue(L, idx);
    lua_pushnil(L);
    lua_rawset(L, j->seen);
}

static void rjson_value(lua_State *L, rjson *j, int idx, int depth,
                        bool list_hint) {
    switch (lua_type(L, idx)) {
    case LUA_TNIL: json_literal(L, &j->out, "null"); return;
    case LUA_TBOOLEAN:
        json_literal(L, &j->out, lua_toboolean(L, idx) ? "true" : "false");
        return;
    case LUA_TNUMBER: rjson_number(L, j, idx); return;
    case LUA_TSTRING: json_string(L, &j->out, idx); return;
    case LUA_TTABLE: rjson_table(L, j, idx, depth, list_hint); return;
    case LUA_TUSERDATA:
        if (luaL_testudata(L, idx, QUANTITY_MT) != NULL) {
            luaL_tolstring(L, idx, NULL);
            json_string(L, &j->out, lua_gettop(L));
            lua_pop(L, 1);
            return;
        }
        break;
    default: break;
    }
    luaL_error(L, "rule field '%s': cannot encode a %s value as JSON",
               depth == 0 ? "(rule)" : j->field, luaL_typename(L, idx));
}

/* Push the JSON text of the rule (or answer) table at `idx`; its field
 * `check` is left out. Raises on functions (other than `check`),
 * userdata, cycles, non-string keys and NaN. */
static void push_rule_json(lua_State *L, int idx) {
    rjson j;
    luaL_Buffer b;
    lua_Integer i;

    idx = lua_absindex(L, idx);
    lua_newtable(L); /* pieces */
    j.out.acc = lua_gettop(L);
    j.out.n = 0;
    lua_newtable(L); /* seen */
    j.seen = lua_gettop(L);
    j.field = "(rule)";
    rjson_value(L, &j, idx, 0, false);
    luaL_buffinit(L, &b);
    for (i = 1; i <= j.out.n; i++) {
        lua_rawgeti(L, j.out.acc, i);
        luaL_addvalue(&b);
    }
    luaL_pushresult(&b);
    lua_replace(L, j.out.acc);
    lua_settop(L, j.out.acc);
}

/* ---- the sandbox -------------------------------------------------------- */

/* getmetatable for tables only (a string's metatable would hand out the
 * real string library). */
static int sandbox_getmetatable(lua_State *L) {
    luaL_checkany(L, 1);
    if (lua_type(L, 1) != LUA_TTABLE) {
        lua_pushnil(L);
        return 1;
    }
    if (luaL_getmetafield(L, 1, "__metatable") == LUA_TNIL &&
        !lua_getmetatable(L, 1))
        lua_pushnil(L);
    return 1;
}

/* Push a new sandbox environment (see the comment at the top of the
 * section). */
static void push_sandbox_env(lua_State *L) {
    const char *const globals[] = {
        "assert",   "error",    "ipairs", "next",   "pairs",    "pcall",
        "rawequal", "rawget",   "rawlen", "rawset", "select",   "setmetatable",
        "tonumber", "tostring", "type",   "xpcall", "_VERSION", NULL};
    const char *const libs[] = {"string", "table", "math", "utf8", NULL};
    int i, env, g;

    lua_createtable(L, 0, 24);
    env = lua_gettop(L);
    lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
    g = lua_gettop(L);
    for (i = 0; globals[i] != NULL; i++) {
        lua_getfield(L, g, globals[i]);
        lua_setfield(L, env, globals[i]);
    }
    for (i = 0; libs[i] != NULL; i++) {
        if (lua_getfield(L, g, libs[i]) == LUA_TTABLE) {
            int lib = lua_gettop(L);
            lua_newtable(L);
            lua_pushnil(L);
            while (lua_next(L, lib) != 0) {
                lua_pushvalue(L, -2);
                lua_insert(L, -2);
                lua_rawset(L, -4);
            }
            lua_setfield(L, env, libs[i]);
        }
        lua_pop(L, 1);
    }
    lua_pop(L, 1); /* globals */
    lua_pushcfunction(L, sandbox_getmetatable);
    lua_setfield(L, env, "getmetatable");
    /* the pure part of podsim */
    lua_createtable(L, 0, 5);
    lua_pushstring(L, podsim_version());
    lua_setfield(L, -2, "version");
    lua_pushfstring(L, "podsim %s", podsim_version());
    lua_setfield(L, -2, "_VERSION");
    lua_pushliteral(L, PODSIM_DEFAULT_KUBERNETES_VERSION);
    lua_setfield(L, -2, "DEFAULT_KUBERNETES_VERSION");
    lua_pushcfunction(L, l_quantity);
    lua_setfield(L, -2, "quantity");
    lua_pushcfunction(L, l_quantity_from_milli);
    lua_setfield(L, -2, "quantity_from_milli");
    lua_setfield(L, env, "podsim");
    lua_pushvalue(L, env);
    lua_setfield(L, env, "_G");
}

/* Give the Lua function at `fn` the environment at `env`: its _ENV upvalue
 * is joined to a fresh cell holding env. A function that reads no global
 * has no _ENV and nothing to change. */
static void set_function_env(lua_State *L, int fn, int env) {
    int i;
    fn = lua_absindex(L, fn);
    env = lua_absindex(L, env);
    for (i = 1;; i++) {
        const char *name = lua_getupvalue(L, fn, i);
        if (name == NULL) return;
        lua_pop(L, 1);
        if (strcmp(name, "_ENV") == 0) break;
    }
    if (luaL_loadbuffer(L, "return", 6, "=(sandbox)") != LUA_OK) lua_error(L);
    lua_pushvalue(L, env);
    lua_setupvalue(L, -2, 1);
    lua_upvaluejoin(L, fn, i, -1, 1);
    lua_pop(L, 1);
}

static void budget_exceeded_hook(lua_State *L, lua_Debug *ar) {
    (void)ar;
    luaL_error(L, "instruction budget exceeded");
}

/* The budget ran out: from now on every instruction raises, so that a
 * pcall inside the sandbox cannot go on. */
static void budget_hook(lua_State *L, lua_Debug *ar) {
    (void)ar;
    lua_sethook(L, budget_exceeded_hook, LUA_MASKCOUNT, 1);
    luaL_error(L, "instruction budget exceeded");
}

/* The hook of the thread, saved around a sandboxed call. */
typedef struct saved_hook {
    lua_Hook hook;
    int mask, count;
} saved_hook;

static void save_hook(lua_State *L, saved_hook *h) {
    h->hook = lua_gethook(L);
    h->mask = lua_gethookmask(L);
    h->count = lua_gethookcount(L);
}

/* Restore the hook; true if the budget had run out. */
static bool restore_hook(lua_State *L, const saved_hook *h) {
    bool exceeded = lua_gethook(L) == budget_exceeded_hook;
    lua_sethook(L, h->hook, h->mask, h->count);
    return exceeded;
}

static int budget_count(lua_Integer budget) {
    return budget <= 0 || budget > INT_MAX ? INT_MAX : (int)budget;
}

/* ---- read-only views ----------------------------------------------------- */

static int readonly_newindex(lua_State *L) {
    return luaL_error(L,
                      "attempt to change the rule context (it is "
                      "read-only)");
}

static int readonly_len(lua_State *L) {
    lua_pushinteger(L, (lua_Integer)lua_rawlen(L, lua_upvalueindex(1)));
    return 1;
}

static int readonly_next(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 2);
    if (lua_next(L, 1)) return 2;
    lua_pushnil(L);
    return 1;
}

static int readonly_pairs(lua_State *L) {
    lua_pushcfunction(L, readonly_next);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushnil(L);
    return 3;
}

/* Replace the table at the top by a read-only proxy of it: reads, #,
 * pairs and ipairs see the table; writes raise. */
static void make_readonly(lua_State *L) {
    int real = lua_gettop(L);
    lua_newtable(L); /* the proxy */
    lua_createtable(L, 0, 5);
    lua_pushvalue(L, real);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, readonly_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushvalue(L, real);
    lua_pushcclosure(L, readonly_len, 1);
    lua_setfield(L, -2, "__len");
    lua_pushvalue(L, real);
    lua_pushcclosure(L, readonly_pairs, 1);
    lua_setfield(L, -2, "__pairs");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
    lua_replace(L, real);
}

/* A string field, nil when NULL or "". */
static void set_nonempty(lua_State *L, const char *key, const char *s) {
    if (s == NULL || s[0] == '\0') return;
    set_string(L, key, s);
}

/* One fact into the tables at -2 (path -> value) and -1 (path ->
 * provenance). */
static void push_fact(lua_State *L, const podsim_fact *o) {
    lua_pushstring(L, o->value != NULL ? o->value : "");
    lua_setfield(L, -3, o->path);
    push_enum(L, PODSIM_ENUM_PROVENANCE, (int)o->provenance);
    lua_setfield(L, -2, o->path);
}

/* Push the facts as a table path -> value, and (`provenance`) a second
 * table path -> "observed" | "simulated" | "derived". */
static void push_facts(lua_State *L, const podsim_fact *facts, size_t n,
                       bool provenance) {
    size_t i;
    lua_createtable(L, 0, (int)n);
    if (provenance) lua_createtable(L, 0, (int)n);
    for (i = 0; i < n; i++) {
        if (provenance) {
            push_fact(L, &facts[i]);
        } else {
            lua_pushstring(L, facts[i].value != NULL ? facts[i].value : "");
            lua_setfield(L, -2, facts[i].path);
        }
    }
}

/* The helpers of a rule context, called as methods (ctx:fact(path)).
 * Upvalue 1 is the facts table, 2 the findings array. */

/* ctx:fact(path [, default]): the value, or default when absent. */
static int ctx_fact(lua_State *L) {
    const char *path = luaL_checkstring(L, 2);
    lua_settop(L, 3);
    if (lua_getfield(L, lua_upvalueindex(1), path) == LUA_TNIL)
        lua_pushvalue(L, 3);
    return 1;
}

/* ctx:number(path [, default]): the value as a number (an integer when
 * integral), or default when absent or not a number. */
static int ctx_number(lua_State *L) {
    const char *path = luaL_checkstring(L, 2);
    lua_settop(L, 3);
    if (lua_getfield(L, lua_upvalueindex(1), path) == LUA_TSTRING &&
        lua_stringtonumber(L, lua_tostring(L, -1)) != 0) {
        if (!lua_isinteger(L, -1)) {
            lua_Number x = lua_tonumber(L, -1);
            lua_Integer i;
            if (lua_numbertointeger(x, &i) && (lua_Number)i == x)
                lua_pushinteger(L, i);
        }
        return 1;
    }
    lua_pushvalue(L, 3);
    return 1;
}

/* ctx:flag(path): true when the fact is "true". */
static int ctx_flag(lua_State *L) {
    const char *path = luaL_checkstring(L, 2);
    const char *v;
    lua_getfield(L, lua_upvalueindex(1), path);
    v = lua_tostring(L, -1);
    lua_pushboolean(L, v != NULL && strcmp(v, "true") == 0);
    return 1;
}

/* ctx:has_finding(category): an earlier finding's category is `category`
 * or starts with `category` + ".". */
static int ctx_has_finding(lua_State *L) {
    size_t len;
    const char *want = luaL_checklstring(L, 2, &len);
    lua_Integer i, n = (lua_Integer)lua_rawlen(L, lua_upvalueindex(2));
    for (i = 1; i <= n; i++) {
        const char *cat;
        lua_rawgeti(L, lua_upvalueindex(2), i);
        lua_getfield(L, -1, "category");
        cat = lua_tostring(L, -1);
        if (cat != NULL && strncmp(cat, want, len) == 0 &&
            (cat[len] == '\0' || cat[len] == '.')) {
            lua_pushboolean(L, 1);
            return 1;
        }
        lua_pop(L, 2);
    }
    lua_pushboolean(L, 0);
    return 1;
}

/* ctx:matching(prefix): a new table of the facts whose path starts with
 * prefix. */
static int ctx_matching(lua_State *L) {
    size_t len;
    const char *prefix = luaL_checklstring(L, 2, &len);
    lua_newtable(L);
    lua_pushnil(L);
    while (lua_next(L, lua_upvalueindex(1)) != 0) {
        if (lua_type(L, -2) == LUA_TSTRING &&
            strncmp(lua_tostring(L, -2), prefix, len) == 0) {
            lua_pushvalue(L, -2);
            lua_insert(L, -2);
            lua_rawset(L, -4);
        } else {
            lua_pop(L, 1);
        }
    }
    return 1;
}

/* What a check sees: a read-only {rule, container, facts, provenance,
 * findings} where findings are {rule, category, container, severity,
 * confidence, priority, title, explained_by} of the rules evaluated
 * before, and the methods fact, number, flag, has_finding and matching. */
static void push_rule_context(lua_State *L, const podsim_rule_context *o) {
    const luaL_Reg helpers[] = {
        {"fact", ctx_fact},         {"number", ctx_number},
        {"flag", ctx_flag},         {"has_finding", ctx_has_finding},
        {"matching", ctx_matching}, {NULL, NULL}};
    int ctx, facts, findings;
    size_t i;

    luaL_checkstack(L, 12, "rule context");
    lua_createtable(L, 0, 10);
    ctx = lua_gettop(L);
    SET_STR(rule);
    set_nonempty(L, "container", o->container);
    push_facts(L, o->facts, o->fact_count, true);
    facts = ctx + 1;
    make_readonly(L);
    lua_setfield(L, ctx, "provenance");
    lua_createtable(L, (int)o->finding_count, 0);
    findings = ctx + 2;
    for (i = 0; i < o->finding_count; i++) {
        const podsim_finding *fi = &o->findings[i];
        lua_createtable(L, 0, 8);
        set_string(L, "rule", fi->rule);
        set_string(L, "category", fi->category);
        set_nonempty(L, "container", fi->container);
        set_enum(L, "severity", PODSIM_ENUM_SEVERITY, (int)fi->severity);
        set_enum(L, "confidence", PODSIM_ENUM_CONFIDENCE, (int)fi->confidence);
        set_integer(L, "priority", fi->priority);
        set_string(L, "title", fi->title);
        set_nonempty(L, "explained_by", fi->explained_by);
        make_readonly(L);
        lua_rawseti(L, findings, (lua_Integer)i + 1);
    }
    /* the helpers read the real tables */
    lua_pushvalue(L, ctx);
    lua_pushvalue(L, facts);
    lua_pushvalue(L, findings);
    luaL_setfuncs(L, helpers, 2);
    lua_pop(L, 1);
    make_readonly(L); /* findings */
    lua_setfield(L, ctx, "findings");
    make_readonly(L); /* facts */
    lua_setfield(L, ctx, "facts");
    make_readonly(L); /* ctx */
}

/* ---- the check trampoline ------------------------------------------------ */

typedef struct rule_call {
    rule_box *rule;
    const podsim_rule_context *ctx;
    const char *text; /* the answer, NULL for no finding */
    size_t len;
} rule_call;

/* Runs under lua_pcall: the check and its answer as JSON text. */
static int rule_protected(lua_State *L) {
    rule_call *call = lua_touserdata(L, 1);
    rule_box *r = call->rule;

    lua_settop(L, 1);
    lua_rawgeti(L, LUA_REGISTRYINDEX, r->fn_ref); /* 2 */
    push_rule_context(L, call->ctx);              /* 3 */
    lua_sethook(L, budget_hook, LUA_MASKCOUNT, budget_count(r->owner->budget));
    lua_call(L, 1, 1); /* the answer at 2 */
    lua_sethook(L, NULL, 0, 0);
    switch (lua_type(L, 2)) {
    case LUA_TNIL: call->text = NULL; return 0;
    case LUA_TBOOLEAN:
        call->text = lua_toboolean(L, 2) ? "{}" : NULL;
        call->len = call->text != NULL ? 2 : 0;
        return 0;
    case LUA_TTABLE:
        push_rule_json(L, 2);
        lua_pushvalue(L, -1);
        lua_rawseti(L, LUA_REGISTRYINDEX, r->result_ref); /* kept alive */
        call->text = lua_tolstring(L, -1, &call->len);
        return 0;
    default:
        return luaL_error(L,
                          "check must return nil, false, true or a table "
                          "of finding fields, not %s",
                          luaL_typename(L, 2));
    }
}

static void rule_message(rule_box *r, const char *text) {
    size_t n = strlen(text);
    if (n >= sizeof r->message) n = sizeof r->message - 1;
    memcpy(r->message, text, n);
    r->message[n] = '\0';
}

/* The podsim_rule_check_fn of every Lua rule: never raises. */
static podsim_status rule_check(void *user, const podsim_rule_context *ctx,
                                const char **result, size_t *result_len) {
    rule_box *r = user;
    lua_State *L = r->owner->running;
    rule_call call;
    saved_hook hook;
    int rc, top;
    bool exceeded;

    if (L == NULL) {
        rule_message(r, "Lua rule called outside a diagnosis");
    } else if (!lua_checkstack(L, 16)) {
        rule_message(r, "Lua stack overflow");
    } else {
        call.rule = r;
        call.ctx = ctx;
        call.text = NULL;
        call.len = 0;
        top = lua_gettop(L);
        save_hook(L, &hook);
        lua_pushcfunction(L, rule_protected);
        lua_pushlightuserdata(L, &call);
        rc = lua_pcall(L, 1, 0, 0);
        exceeded = restore_hook(L, &hook);
        if (rc == LUA_OK) {
            lua_settop(L, top);
            *result = call.text;
            *result_len = call.len;
            return PODSIM_OK;
        }
        /* Nothing here may raise: no conversion, no allocation. */
        if (exceeded)
            snprintf(r->message, sizeof r->message,
                     "instruction budget exceeded (%d instructions)",
                     budget_count(r->owner->budget));
        else if (rc == LUA_ERRMEM)
            rule_message(r, "not enough memory");
        else if (lua_type(L, -1) == LUA_TSTRING)
            rule_message(r, lua_tostring(L, -1));
        else
            snprintf(r->message, sizeof r->message,
                     "(error object is a %s value)", luaL_typename(L, -1));
        lua_settop(L, top);
    }
    *result = r->message;
    *result_len = strlen(r->message);
    return PODSIM_EINVAL;
}

static int rule_gc(lua_State *L) {
    rule_box *r = luaL_checkudata(L, 1, RULE_MT);
    luaL_unref(L, LUA_REGISTRYINDEX, r->fn_ref);
    luaL_unref(L, LUA_REGISTRYINDEX, r->result_ref);
    r->fn_ref = r->result_ref = LUA_NOREF;
    return 0;
}

/* ---- rule sets ------------------------------------------------------------
 */

static rules_box *check_rules(lua_State *L, int arg) {
    rules_box *box = luaL_checkudata(L, arg, RULES_MT);
    if (box->rules == NULL) luaL_error(L, "attempt to use a closed rule set");
    return box;
}

/* A rule set that may change: not during one of its diagnoses. */
static rules_box *check_idle_rules(lua_State *L, int arg) {
    rules_box *box = check_rules(L, arg);
    if (box->running != NULL)
        luaL_error(L, "attempt to change a rule set during its diagnosis");
    return box;
}

static int push_rules_failure(lua_State *L, const rules_box *box,
                              podsim_status st) {
    return push_error_failure(L, podsim_rules_error(box->rules), st);
}

/* Push a new rule set holding the built-in rules. */
static rules_box *new_rules(lua_State *L) {
    rules_box *box = lua_newuserdatauv(L, sizeof *box, 1);
    podsim_status st;
    box->rules = NULL;
    box->running = NULL;
    box->budget = DEFAULT_INSTRUCTION_BUDGET;
    luaL_setmetatable(L, RULES_MT);
    lua_newtable(L);
    lua_setiuservalue(L, -2, 1);
    st = podsim_rules_new(&box->rules);
    if (st == PODSIM_ENOMEM) luaL_error(L, "not enough memory");
    if (st != PODSIM_OK)
        luaL_error(L, "podsim_rules_new: %s", podsim_status_str(st));
    return box;
}

/* Push the rule set of podsim.rule, made on first use. */
static rules_box *push_default_rules(lua_State *L) {
    if (lua_getfield(L, LUA_REGISTRYINDEX, DEFAULT_RULES_KEY) == LUA_TUSERDATA)
        return check_rules(L, -1);
    lua_pop(L, 1);
    new_rules(L);
    lua_pushvalue(L, -1);
    lua_setfield(L, LUA_REGISTRYINDEX, DEFAULT_RULES_KEY);
    return check_rules(L, -1);
}

/*
 * Add the rule table at `rule` to the set at `set`. `sandbox`: give the
 * check a sandbox environment (false for a pack's functions, which have
 * one). Raises on a malformed table; returns the core's status.
 */
static podsim_status add_lua_rule(lua_State *L, int set, int rule,
                                  const char *source, bool sandbox) {
    rules_box *box = check_idle_rules(L, set);
    int top = lua_gettop(L), fn, text, ud = 0;
    size_t len;
    const char *json;
    rule_box *r = NULL;
    podsim_status st;

    set = lua_absindex(L, set);
    rule = lua_absindex(L, rule);
    if (lua_type(L, rule) != LUA_TTABLE)
        luaL_error(L, "a rule must be a table, not %s", luaL_typename(L, rule));
    if (lua_getfield(L, rule, "id") != LUA_TSTRING) /* top + 1 */
        luaL_error(L, "rule 'id' must be a string");
    lua_getfield(L, rule, "check"); /* top + 2 */
    fn = top + 2;
    if (!lua_isnil(L, fn) &&
        (lua_type(L, fn) != LUA_TFUNCTION || lua_iscfunction(L, fn)))
        luaL_error(L, "rule '%s': 'check' must be a Lua function",
                   lua_tostring(L, top + 1));
    push_rule_json(L, rule); /* top + 3 */
    text = top + 3;
    json = lua_tolstring(L, text, &len);
    if (!lua_isnil(L, fn)) {
        r = lua_newuserdatauv(L, sizeof *r, 0); /* top + 4 */
        ud = top + 4;
        r->owner = box;
        r->fn_ref = r->result_ref = LUA_NOREF;
        r->message[0] = '\0';
        luaL_setmetatable(L, RULE_MT);
        lua_pushvalue(L, fn);
        r->fn_ref = luaL_ref(L, LUA_REGISTRYINDEX);
        lua_pushboolean(L, 0);
        r->result_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    }
    st = podsim_rules_add(box->rules, json, len, source,
                          r != NULL ? rule_check : NULL, r, NULL);
    if (st == PODSIM_OK) {
        if (r != NULL && sandbox) {
            push_sandbox_env(L);
            set_function_env(L, fn, -1);
            lua_pop(L, 1);
        }
        /* anchor it (a rule with that id it replaced is dropped) */
        lua_getiuservalue(L, set, 1);
        lua_pushvalue(L, top + 1);
        if (ud != 0)
            lua_pushvalue(L, ud);
        else
            lua_pushnil(L);
        lua_rawset(L, -3);
    }
    lua_settop(L, top);
    return st;
}

/* Return `true`, or the failure of the rule set at `set`. */
static int rules_result(lua_State *L, int set, podsim_status st) {
    if (st != PODSIM_OK) return push_rules_failure(L, check_rules(L, set), st);
    lua_pushboolean(L, 1);
    return 1;
}

/* Runs under lua_pcall: the loaded pack chunk at 1 (under the budget at
 * 2) -> its result. */
static int pack_protected(lua_State *L) {
    lua_Integer budget = lua_tointeger(L, 2);
    lua_settop(L, 1);
    lua_sethook(L, budget_hook, LUA_MASKCOUNT, budget_count(budget));
    lua_call(L, 0, 1);
    lua_sethook(L, NULL, 0, 0);
    return 1;
}

/*
 * Load the Lua rule pack file at `path` (argument index) into the set at
 * `set`: a text chunk run in a sandbox environment (under the set's
 * budget) that returns a rule table, a list of them, or {rules = {...},
 * disable = {ids}}. Returns the number of rules added, or a failure.
 */
static int load_lua_pack(lua_State *L, int set, int path_arg) {
    rules_box *box = check_idle_rules(L, set);
    const char *path = luaL_checkstring(L, path_arg);
    int top, res, list, rc;
    lua_Integer i, n, added = 0;
    saved_hook hook;
    bool exceeded;
    podsim_status st;

    set = lua_absindex(L, set);
    top = lua_gettop(L);
    if (luaL_loadfilex(L, path, "t") != LUA_OK) { /* top + 1 */
        luaL_pushfail(L);
        lua_insert(L, -2);
        lua_pushstring(L, podsim_status_name(
                              strstr(lua_tostring(L, -1), "cannot open") != NULL
                                  ? PODSIM_EIO
                                  : PODSIM_EPARSE));
        return 3;
    }
    push_sandbox_env(L);
    lua_setupvalue(L, top + 1, 1); /* the chunk's _ENV */
    lua_pushcfunction(L, pack_protected);
    lua_insert(L, top + 1);
    lua_pushinteger(L, box->budget);
    save_hook(L, &hook);
    rc = lua_pcall(L, 2, 1, 0);
    exceeded = restore_hook(L, &hook);
    if (rc != LUA_OK) {
        if (rc == LUA_ERRMEM) return lua_error(L);
        if (exceeded)
            lua_pushfstring(L, "%s: instruction budget exceeded", path);
        else
            luaL_tolstring(L, -1, NULL);
        luaL_pushfail(L);
        lua_insert(L, -2);
        lua_pushstring(L, podsim_status_name(PODSIM_EINVAL));
        return 3;
    }
    res = top + 1;
    if (lua_type(L, res) != LUA_TTABLE)
        return luaL_error(L, "rule pack %s must return a table, not %s", path,
                          luaL_typename(L, res));
    /* the shape: one rule, a list of rules, or {rules=..., disable=...} */
    if (lua_getfield(L, res, "id") != LUA_TNIL) {
        lua_pop(L, 1);
        lua_createtable(L, 1, 0);
        lua_pushvalue(L, res);
        lua_rawseti(L, -2, 1);
    } else {
        lua_pop(L, 1);
        if (lua_getfield(L, res, "rules") != LUA_TTABLE) {
            lua_pop(L, 1);
            lua_pushvalue(L, res);
        }
    }
    list = lua_gettop(L);
    n = (lua_Integer)lua_rawlen(L, list);
    for (i = 1; i <= n; i++) {
        lua_rawgeti(L, list, i);
        st = add_lua_rule(L, set, -1, path, false);
        lua_pop(L, 1);
        if (st != PODSIM_OK) return push_rules_failure(L, box, st);
        added++;
    }
    if (lua_getfield(L, res, "disable") == LUA_TTABLE) {
        int dis = lua_gettop(L);
        n = (lua_Integer)lua_rawlen(L, dis);
        for (i = 1; i <= n; i++) {
            lua_rawgeti(L, dis, i);
            if (lua_type(L, -1) != LUA_TSTRING)
                return luaL_error(L, "rule pack %s: 'disable' must list ids",
                                  path);
            st = podsim_rules_disable(box->rules, lua_tostring(L, -1));
            if (st != PODSIM_OK) return push_rules_failure(L, box, st);
            lua_pop(L, 1);
        }
    }
    lua_pushinteger(L, added);
    return 1;
}

/***
 * A new rule set holding the built-in rules, to pass as `opts.rules`.
 * @function rules
 * @tparam[opt] table opts `budget`: instructions a Lua check (or a pack's
 *   main chunk) may run before it fails with "instruction budget
 *   exceeded" (default 1000000)
 * @treturn Rules
 */
static int l_rules(lua_State *L) {
    const char *const keys[] = {"budget", NULL};
    rules_box *box;
    lua_Integer budget = DEFAULT_INSTRUCTION_BUDGET;

    if (!lua_isnoneornil(L, 1)) {
        luaL_checktype(L, 1, LUA_TTABLE);
        check_keys(L, 1, keys);
        if (lua_getfield(L, 1, "budget") != LUA_TNIL) {
            int ok;
            budget = lua_tointegerx(L, -1, &ok);
            if (!ok || budget < 1 || budget > INT_MAX)
                luaL_error(L,
                           "option 'budget' must be an integer in "
                           "1..2147483647");
        }
        lua_pop(L, 1);
    }
    box = new_rules(L);
    box->budget = budget;
    return 1;
}

/***
 * The rule set podsim.rule adds to, used by podsim.diagnose unless
 * `opts.rules` is given (the built-in rules plus the registered ones).
 * @function default_rules
 * @treturn Rules
 */
static int l_default_rules(lua_State *L) {
    push_default_rules(L);
    return 1;
}

/***
 * Register a rule in the default rule set (see docs/diagnose.md for the
 * rule format). The table is the rule in the YAML format's field names
 * (`id`, `category`, `on`, `priority`, `severity`, `confidence`, `when`,
 * `title`, `summary`, `root_causes`, `next`, `fix`, `docs`, `evidence`,
 * `suppresses`, `labels`) plus an optional `check = function(ctx)`, called
 * when `when` matched, in a sandbox (no os, io, load, require, debug)
 * under the instruction budget. `ctx` is read-only: `rule`, `container`
 * (on = "container"), `facts` (path -> value text), `provenance` (path ->
 * "observed" | "simulated" | "derived"), `findings` (of the rules
 * evaluated before: {rule, category, container, severity, confidence,
 * priority, title, explained_by}), and the methods `ctx:fact(path [,
 * default])`, `ctx:number(path [, default])`, `ctx:flag(path)`,
 * `ctx:has_finding(category)` and `ctx:matching(prefix)` (as in Python's
 * RuleContext). The check returns nil or false (no
 * finding), true (the rule's template) or a table of fields overriding
 * it. An error in it becomes a rule error of the diagnosis. A rule whose
 * id exists replaces it (a built-in too). The check's global environment
 * becomes the sandbox.
 * @function rule
 * @tparam table rule
 * @treturn boolean true
 * @return nil, message, status name (a malformed rule: "PODSIM_EPARSE")
 */
static int l_rule(lua_State *L) {
    podsim_status st;
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 1);
    push_default_rules(L); /* 2 */
    st = add_lua_rule(L, 2, 1, "podsim.rule", true);
    return rules_result(L, 2, st);
}

/***
 * Load a Lua rule pack: a file returning a rule table, a list of rule
 * tables, or `{rules = {...}, disable = {ids}}`. The whole file runs in
 * the sandbox (no os, io, load, require, debug) under the rule set's
 * instruction budget, so its checks are confined too.
 * @function load_rules
 * @tparam string path
 * @tparam[opt] Rules rules the set to add to (default: the default set)
 * @treturn integer the number of rules added
 * @return nil, message, status name
 */
static int l_load_rules(lua_State *L) {
    luaL_checkstring(L, 1);
    lua_settop(L, 2);
    if (lua_isnil(L, 2)) {
        lua_pop(L, 1);
        push_default_rules(L);
    } else {
        check_rules(L, 2);
    }
    return load_lua_pack(L, 2, 1);
}

/***
 * A rule set. @type Rules
 */

/***
 * Add a rule table (as podsim.rule does for the default set).
 * @function Rules:add
 * @tparam table rule
 * @treturn boolean true
 * @return nil, message, status name
 */
static int rules_add(lua_State *L) {
    check_rules(L, 1);
    luaL_checktype(L, 2, LUA_TTABLE);
    lua_settop(L, 2);
    return rules_result(L, 1, add_lua_rule(L, 1, 2, "Rules:add", true));
}

/***
 * Add YAML/JSON data rules from a file: one rule, a list, or a pack
 * `{rules: [...], disable: [ids]}`.
 * @function Rules:load
 * @tparam string path
 * @treturn boolean true
 * @return nil, "file:line:column: message", status name
 */
static int rules_load(lua_State *L) {
    rules_box *box = check_idle_rules(L, 1);
    const char *path = luaL_checkstring(L, 2);
    return rules_result(L, 1, podsim_rules_load_file(box->rules, path));
}

/***
 * Add YAML/JSON data rules from text.
 * @function Rules:load_string
 * @tparam string text
 * @tparam[opt="<string>"] string source name for error messages
 * @treturn boolean true
 * @return nil, message, status name
 */
static int rules_load_string(lua_State *L) {
    rules_box *box = check_idle_rules(L, 1);
    size_t len;
    const char *text = luaL_checklstring(L, 2, &len);
    const char *source = luaL_optstring(L, 3, "<string>");
    return rules_result(
        L, 1, podsim_rules_load_string(box->rules, text, len, source));
}

/***
 * Load a Lua rule pack into this set (see podsim.load_rules).
 * @function Rules:load_lua
 * @tparam string path
 * @treturn integer the number of rules added
 * @return nil, message, status name
 */
static int rules_load_lua(lua_State *L) {
    check_rules(L, 1);
    luaL_checkstring(L, 2);
    lua_settop(L, 2);
    return load_lua_pack(L, 1, 2);
}

/***
 * Disable a rule by id (a built-in "core/..." or an added one).
 * @function Rules:disable
 * @tparam string id
 * @treturn boolean true
 * @return nil, message, "PODSIM_ENOTFOUND"
 */
static int rules_disable(lua_State *L) {
    rules_box *box = check_idle_rules(L, 1);
    const char *id = luaL_checkstring(L, 2);
    return rules_result(L, 1, podsim_rules_disable(box->rules, id));
}

/***
 * The number of rules (built-in and added, enabled or not).
 * @function Rules:count
 * @treturn integer
 */
static int rules_count(lua_State *L) {
    lua_pushinteger(L,
                    (lua_Integer)podsim_rules_count(check_rules(L, 1)->rules));
    return 1;
}

/***
 * The rules in evaluation order.
 * @function Rules:list
 * @treturn table each {id, category, enabled}
 */
static int rules_list(lua_State *L) {
    rules_box *box = check_rules(L, 1);
    size_t i, n = podsim_rules_count(box->rules);
    lua_createtable(L, (int)n, 0);
    for (i = 0; i < n; i++) {
        const char *id = NULL, *category = NULL;
        bool enabled = false;
        podsim_status st =
            podsim_rules_get(box->rules, i, &id, &category, &enabled);
        if (st != PODSIM_OK) return push_rules_failure(L, box, st);
        lua_createtable(L, 0, 3);
        set_string(L, "id", id);
        set_string(L, "category", category);
        set_boolean(L, "enabled", enabled);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

/***
 * The instruction budget of a Lua check; sets it when given.
 * @function Rules:budget
 * @tparam[opt] integer budget 1..2147483647
 * @treturn integer the budget (before the change)
 */
static int rules_budget(lua_State *L) {
    rules_box *box = check_rules(L, 1);
    lua_Integer old = box->budget;
    if (!lua_isnoneornil(L, 2)) {
        lua_Integer v = luaL_checkinteger(L, 2);
        luaL_argcheck(L, v >= 1 && v <= INT_MAX, 2, "out of range");
        box->budget = v;
    }
    lua_pushinteger(L, old);
    return 1;
}

/* __gc: a rule set in use by a diagnosis is on that call's stack, so it
 * is never collected while running. */
static int rules_gc(lua_State *L) {
    rules_box *box = luaL_checkudata(L, 1, RULES_MT);
    podsim_rules_free(box->rules);
    box->rules = NULL;
    return 0;
}

static int rules_tostring(lua_State *L) {
    rules_box *box = luaL_checkudata(L, 1, RULES_MT);
    if (box->rules == NULL)
        lua_pushliteral(L, "podsim.Rules (closed)");
    else
        lua_pushfstring(L, "podsim.Rules (%d rules) (%p)",
                        (int)podsim_rules_count(box->rules), (void *)box);
    return 1;
}

/* ---- diagnosis results ------------------------------------------------------
 */

/* ms as seconds: an integer when whole. */
static void push_ms_seconds(lua_State *L, int64_t ms) {
    if (ms % 1000 == 0)
        lua_pushinteger(L, (lua_Integer)(ms / 1000));
    else
        lua_pushnumber(L, (lua_Number)ms / 1000.0);
}

static void push_evidence(lua_State *L, const podsim_evidence *o) {
    lua_createtable(L, 0, 5);
    SET_STR(path);
    SET_STR(value);
    set_nonempty(L, "quote", o->quote);
    set_rfc3339(L, "observed_at", o->observed_at);
    SET_ENUM(provenance, PODSIM_ENUM_PROVENANCE);
}

static void push_next_step(lua_State *L, const podsim_next_step *o) {
    lua_createtable(L, 0, 3);
    SET_STR(command);
    SET_STR(why);
    SET_STR(needs);
}

static void push_way_out(lua_State *L, const podsim_way_out *o) {
    lua_createtable(L, 0, 6);
    SET_STR(action);
    SET_STR(command);
    SET_STR(consequence);
    set_nonempty(L, "warning", o->warning);
    if (o->after_ms >= 0) {
        push_ms_seconds(L, o->after_ms);
        lua_setfield(L, -2, "after_seconds");
    }
    SET_BOOL(computed);
}

static void push_finding(lua_State *L, const podsim_finding *o) {
    lua_createtable(L, 0, 19);
    SET_STR(rule);
    SET_STR(category);
    SET_ENUM(severity, PODSIM_ENUM_SEVERITY);
    SET_ENUM(confidence, PODSIM_ENUM_CONFIDENCE);
    SET_INT(priority);
    SET_STR(title);
    set_nonempty(L, "summary", o->summary);
    set_nonempty(L, "container", o->container);
    SET_ARRAY(evidence, evidence_count, push_evidence);
    SET_STRINGS(root_causes);
    SET_ARRAY(next, next_count, push_next_step);
    SET_STRINGS(fix);
    SET_STRINGS(docs);
    SET_ARRAY(ways_out, way_out_count, push_way_out);
    set_nonempty(L, "explained_by", o->explained_by);
    SET_KVS(labels);
}

static void push_rule_error(lua_State *L, const podsim_rule_error *o) {
    lua_createtable(L, 0, 2);
    SET_STR(rule);
    SET_STR(message);
}

/* The diagnosis as a table in the shape of its JSON rendering. */
static void push_diagnosis(lua_State *L, const podsim_diagnosis *o) {
    lua_createtable(L, 0, 16);

    lua_createtable(L, 0, 6); /* subject */
    SET_STR(kind);
    set_string(
        L, "namespace",
        o->namespace_ != NULL && o->namespace_[0] ? o->namespace_ : "default");
    SET_STR(name);
    set_nonempty(L, "uid", o->uid);
    set_nonempty(L, "node", o->node);
    set_nonempty(L, "owner", o->owner);
    lua_setfield(L, -2, "subject");

    SET_STR(source);
    set_rfc3339(L, "as_of", o->as_of);
    SET_STR(kubernetes_version);
    SET_ARRAY(findings, finding_count, push_finding);
    if (o->primary >= 0 && (size_t)o->primary < o->finding_count) {
        lua_getfield(L, -1, "findings");
        lua_rawgeti(L, -1, (lua_Integer)o->primary + 1);
        lua_setfield(L, -3, "primary");
        lua_pop(L, 1);
    }

    lua_createtable(L, 0, 4); /* kubectl */
    set_string(L, "describe", o->describe != NULL ? o->describe : "");
    set_string(L, "events", o->events != NULL ? o->events : "");
    set_string(L, "get_pod", o->get_pod != NULL ? o->get_pod : "");
    set_string(L, "get_node", o->get_node != NULL ? o->get_node : "");
    lua_setfield(L, -2, "kubectl");

    SET_STRINGS(missing_evidence);
    SET_ARRAY(rule_errors, rule_error_count, push_rule_error);
    SET_STRINGS(rules_fired);
    SET_STRINGS(rules_overridden);
    SET_STRINGS(rules_disabled);
    push_facts(L, o->facts, o->fact_count, true);
    lua_setfield(L, -3, "provenance");
    lua_setfield(L, -2, "facts");
}

static int diag_box_gc(lua_State *L) {
    diag_box *box = luaL_checkudata(L, 1, DIAG_HANDLE_MT);
    if (box->list != NULL)
        podsim_diagnosis_list_free(box->list);
    else if (box->owned)
        podsim_diagnosis_free(box->diag);
    box->list = NULL;
    box->diag = NULL;
    return 0;
}

/* A closed DiagnosisHandle. User values: 1 the rule set (or, for an item
 * of a list, the list's handle), 2 the Cluster or Simulation diagnosed:
 * rule ids and names in a diagnosis may point into them. */
static diag_box *new_diag_box(lua_State *L) {
    diag_box *box = lua_newuserdatauv(L, sizeof *box, 2);
    box->diag = NULL;
    box->list = NULL;
    box->owned = true;
    luaL_setmetatable(L, DIAG_HANDLE_MT);
    return box;
}

/* Push the table of `box->diag` (the handle at `handle`), remembered with
 * its handle for d:render(). */
static void push_diagnosis_table(lua_State *L, int handle,
                                 const podsim_diagnosis *d) {
    handle = lua_absindex(L, handle);
    push_diagnosis(L, d);
    luaL_setmetatable(L, DIAGNOSIS_MT);
    lua_getfield(L, LUA_REGISTRYINDEX, DIAG_HANDLES_KEY);
    lua_pushvalue(L, -2);
    lua_pushvalue(L, handle);
    lua_rawset(L, -3);
    lua_pop(L, 1);
}

/* Push the diagnoses of a list (its DiagnosisHandle at the top of the
 * stack) as an array of Diagnosis tables with field `pods_examined`; each
 * item's handle keeps the list's alive. */
static void push_diagnosis_list(lua_State *L, const podsim_diagnosis_list *o) {
    int handle = lua_gettop(L);
    size_t i;
    lua_createtable(L, (int)o->count, 1);
    for (i = 0; i < o->count; i++) {
        diag_box *item = new_diag_box(L);
        item->owned = false;
        item->diag = o->items[i];
        lua_pushvalue(L, handle);
        lua_setiuservalue(L, -2, 1);
        push_diagnosis_table(L, -1, item->diag);
        lua_rawseti(L, -3, (lua_Integer)i + 1);
        lua_pop(L, 1);
    }
    set_integer(L, "pods_examined", (int64_t)o->pods_examined);
}

/* The options of a diagnosis at `arg` (nil or a table) into *opt; pushes
 * the rule set used (`rules`, else the default set) and returns its box.
 * The set is always given to the core, and a diagnosis keeps it alive:
 * rule ids and templates in a diagnosis may point into its rule set. */
static rules_box *check_diagnose_options(lua_State *L, int arg,
                                         podsim_diagnose_options *opt) {
    const char *const keys[] = {"as_of",   "rules",           "whatif",
                                "kubectl", "kubectl_version", NULL};
    podsim_diagnose_options init = PODSIM_DIAGNOSE_OPTIONS_INIT;
    rules_box *rules;
    int type;

    *opt = init;
    arg = lua_absindex(L, arg);
    if (!lua_isnoneornil(L, arg)) {
        luaL_checktype(L, arg, LUA_TTABLE);
        check_keys(L, arg, keys);
        type = lua_getfield(L, arg, "as_of");
        if (type == LUA_TSTRING) {
            if (!parse_rfc3339(lua_tostring(L, -1), &opt->as_of))
                luaL_error(L, "option 'as_of': '%s' is not an RFC 3339 time",
                           lua_tostring(L, -1));
        } else if (type == LUA_TNUMBER && lua_isinteger(L, -1)) {
            opt->as_of = (int64_t)lua_tointeger(L, -1);
        } else if (type != LUA_TNIL) {
            luaL_error(L,
                       "option 'as_of' must be ms since the epoch "
                       "(integer) or an RFC 3339 time");
        }
        lua_pop(L, 1);
        type = lua_getfield(L, arg, "whatif");
        if (type != LUA_TNIL && !lua_toboolean(L, -1))
            opt->flags |= PODSIM_DIAGNOSE_NO_WHATIF;
        lua_pop(L, 1);
        type = lua_getfield(L, arg, "kubectl");
        if (type != LUA_TNIL && !lua_toboolean(L, -1))
            opt->flags |= PODSIM_DIAGNOSE_NO_KUBECTL;
        lua_pop(L, 1);
        opt->kubectl_version =
            opt_field_string(L, arg, "kubectl_version", NULL);
        if (lua_getfield(L, arg, "rules") != LUA_TNIL) {
            rules = check_rules(L, -1);
            opt->rules = rules->rules;
            return rules; /* stays pushed */
        }
        lua_pop(L, 1);
    }
    rules = push_default_rules(L);
    opt->rules = rules->rules;
    return rules;
}

/* Mark the rule set as running on L (its Lua checks run on this thread). */
static void begin_rules(lua_State *L, rules_box *rules) {
    if (rules == NULL) return;
    if (rules->running != NULL)
        luaL_error(L, "attempt to diagnose with a rule set already in use");
    rules->running = L;
}

static void end_rules(rules_box *rules) {
    if (rules != NULL) rules->running = NULL;
}

/* The key at `arg` (nil: the only pod of a dump) into ns (pushed, may be
 * nil) and name. */
static void diagnose_key(lua_State *L, int arg, const char **ns,
                         const char **name) {
    if (lua_isnoneornil(L, arg)) {
        lua_pushnil(L);
        *ns = NULL;
        *name = "";
        return;
    }
    check_pod_key(L, arg, ns, name);
}

/* podsim.diagnose on the Cluster at 1 or the Simulation at 1: key at 2,
 * options at 3. */
static int diagnose_target(lua_State *L) {
    podsim_diagnose_options opt;
    const char *ns, *name;
    rules_box *rules;
    diag_box *d;
    podsim_status st;
    int handle;

    lua_settop(L, 3);
    diagnose_key(L, 2, &ns, &name);             /* 4 */
    rules = check_diagnose_options(L, 3, &opt); /* 5 */
    d = new_diag_box(L);                        /* 6 */
    handle = lua_gettop(L);
    lua_pushvalue(L, 5);
    lua_setiuservalue(L, handle, 1); /* the rules outlive the diagnosis */
    lua_pushvalue(L, 1);
    lua_setiuservalue(L, handle, 2); /* and so does the target */
    if (luaL_testudata(L, 1, SIM_MT) != NULL) {
        sim_box *sim = check_idle_sim(L, 1);
        if (ns == NULL) luaL_argerror(L, 2, "a simulation needs a pod key");
        begin_rules(L, rules);
        sim->busy++;
        st = podsim_sim_diagnose(sim->sim, ns, name, &opt, &d->diag);
        sim->busy--;
        end_rules(rules);
        if (st != PODSIM_OK) return push_sim_failure(L, sim, st);
    } else {
        cluster_box *cb = check_idle_cluster(L, 1);
        begin_rules(L, rules);
        cb->busy++;
        st = podsim_cluster_diagnose(cb->cluster, ns, name, &opt, &d->diag);
        cb->busy--;
        end_rules(rules);
        if (st != PODSIM_OK) return push_failure(L, cb->cluster, st);
    }
    push_diagnosis_table(L, handle, d->diag);
    return 1;
}

/***
 * Diagnose one pod: why it is not Running / Ready, with evidence, the
 * commands to run next and (for a lost node or an unschedulable pod) the
 * ways out computed on a copy.
 *
 *     local d = assert(podsim.diagnose(cluster, "default/web-0"))
 *     print(d.primary and d.primary.category, d:render("text"))
 *
 * @function diagnose
 * @tparam Cluster|Simulation target a loaded dump, or a simulation (at
 *   its now)
 * @tparam[opt] string pod "namespace/name" (a bare name means "default");
 *   nil with a dump of exactly one pod selects it
 * @tparam[opt] table opts `as_of` (ms since the epoch, or an RFC 3339
 *   string; default the simulation's now or the dump's newest time),
 *   `rules` (a Rules; default podsim.default_rules() when rules were
 *   registered, else the built-in rules), `whatif` (false: skip the
 *   checks that run podsim on a copy), `kubectl` (false: no kubectl
 *   views), `kubectl_version` ("1.34")
 * @treturn Diagnosis a table: `subject` {kind, namespace, name, uid,
 *   node, owner}, `source` ("dump" or "simulation"), `as_of` (RFC 3339),
 *   `kubernetes_version`, `primary` (a finding or nil when healthy),
 *   `findings` (root findings in rank order, then the ones they explain;
 *   each {rule, category, severity, confidence, priority, title, summary,
 *   container, evidence = {{path, value, quote, observed_at (RFC 3339),
 *   provenance}},
 *   root_causes, next = {{command, why, needs}}, fix, docs, ways_out =
 *   {{action, command, consequence, warning, after_seconds (nil =
 *   never), computed}}, explained_by, labels}), `kubectl` {describe,
 *   events, get_pod, get_node}, `missing_evidence`, `rule_errors`
 *   ({rule, message}), `rules_fired`, `rules_overridden`,
 *   `rules_disabled`, `facts` (path -> value), `provenance` (path ->
 *   "observed" | "simulated" | "derived"). Empty strings are nil.
 * @return nil, message, status name ("PODSIM_ENOTFOUND": no such pod)
 */
static int l_diagnose(lua_State *L) {
    if (luaL_testudata(L, 1, SIM_MT) == NULL &&
        luaL_testudata(L, 1, CLUSTER_MT) == NULL)
        return luaL_typeerror(L, 1, "podsim.Cluster or podsim.Simulation");
    return diagnose_target(L);
}

/* kubectl's short names of PODSIM_KIND_DEPLOYMENT, _REPLICASET,
 * _STATEFULSET and _DAEMONSET (the Job has none). */
static const char *const workload_short_names[] = {"deploy", "rs", "sts", "ds"};

/* `text` (length `len`) equals `name` ignoring ASCII case. */
static bool same_ascii_ci(const char *text, size_t len, const char *name) {
    size_t i;
    if (strlen(name) != len) return false;
    for (i = 0; i < len; i++) {
        char a = text[i], b = name[i];
        if (a >= 'A' && a <= 'Z') a = (char)(a - 'A' + 'a');
        if (b >= 'A' && b <= 'Z') b = (char)(b - 'A' + 'a');
        if (a != b) return false;
    }
    return true;
}

/* A workload kind argument, as kubectl takes it: the kind name in any
 * case, its plural or its short name (deploy, rs, sts, ds); any other
 * kind name goes to the core, which refuses it (PODSIM_EINVAL). */
static podsim_kind check_workload_kind(lua_State *L, int arg) {
    size_t len;
    const char *text = luaL_checklstring(L, arg, &len);
    int k;
    for (k = PODSIM_KIND_DEPLOYMENT; k <= PODSIM_KIND_JOB; k++) {
        const char *name = podsim_kind_name((podsim_kind)k);
        size_t n = strlen(name);
        size_t i = (size_t)(k - PODSIM_KIND_DEPLOYMENT);
        if (same_ascii_ci(text, len, name) ||
            (len == n + 1 && (text[n] == 's' || text[n] == 'S') &&
             same_ascii_ci(text, n, name)) ||
            (i < sizeof workload_short_names / sizeof workload_short_names[0] &&
             same_ascii_ci(text, len, workload_short_names[i])))
            return (podsim_kind)k;
    }
    return check_kind(L, arg);
}

/***
 * Diagnose a workload of a dump: what no pod can show because its pods
 * were never created (FailedCreate: an exhausted ResourceQuota, Pod
 * Security admission, a webhook, a missing ServiceAccount).
 *
 *     local d = assert(podsim.diagnose_workload(cluster, "ReplicaSet",
 *                                               "default/web-7d4b9c"))
 *
 * @function diagnose_workload
 * @tparam Cluster cluster a loaded dump
 * @tparam string kind Deployment, ReplicaSet, StatefulSet, DaemonSet or
 *   Job (any case; deploy, rs, sts, ds too)
 * @tparam string workload "namespace/name" (a bare name means "default")
 * @tparam[opt] table opts as for podsim.diagnose
 * @treturn Diagnosis the table of podsim.diagnose; `subject.kind` is the
 *   workload's kind, the kubectl views are ""
 * @return nil, message, status name ("PODSIM_ENOTFOUND": no such
 *   workload; "PODSIM_EINVAL": not a workload kind)
 */
static int l_diagnose_workload(lua_State *L) {
    cluster_box *cb = check_idle_cluster(L, 1);
    podsim_diagnose_options opt;
    const char *ns, *name;
    podsim_kind kind;
    rules_box *rules;
    diag_box *d;
    podsim_status st;
    int handle;

    lua_settop(L, 4);
    kind = check_workload_kind(L, 2);
    check_pod_key(L, 3, &ns, &name);            /* 5 */
    rules = check_diagnose_options(L, 4, &opt); /* 6 */
    d = new_diag_box(L);                        /* 7 */
    handle = lua_gettop(L);
    lua_pushvalue(L, 6);
    lua_setiuservalue(L, handle, 1); /* the rules outlive the diagnosis */
    lua_pushvalue(L, 1);
    lua_setiuservalue(L, handle, 2); /* and so does the cluster */
    begin_rules(L, rules);
    cb->busy++;
    st = podsim_cluster_diagnose_workload(cb->cluster, kind, ns, name, &opt,
                                          &d->diag);
    cb->busy--;
    end_rules(rules);
    if (st != PODSIM_OK) return push_failure(L, cb->cluster, st);
    push_diagnosis_table(L, handle, d->diag);
    return 1;
}

/***
 * Diagnose every pod of a dump that has a finding, then every workload
 * (Deployment, ReplicaSet, StatefulSet, DaemonSet, Job) that has one.
 * @function diagnose_all
 * @tparam Cluster cluster
 * @tparam[opt] table opts as for podsim.diagnose
 * @treturn table the Diagnosis of each pod with a finding, in `kubectl
 *   get pods -A` order, then of each workload with one (`subject.kind`
 *   its kind); field `pods_examined` (how many pods were looked at)
 * @return nil, message, status name
 */
static int l_diagnose_all(lua_State *L) {
    cluster_box *cb = check_idle_cluster(L, 1);
    podsim_diagnose_options opt;
    rules_box *rules;
    diag_box *list;
    podsim_status st;
    int handle;

    lua_settop(L, 2);
    rules = check_diagnose_options(L, 2, &opt); /* 3 */
    list = new_diag_box(L);                     /* 4 */
    handle = lua_gettop(L);
    lua_pushvalue(L, 3);
    lua_setiuservalue(L, handle, 1); /* the rules outlive the diagnoses */
    lua_pushvalue(L, 1);
    lua_setiuservalue(L, handle, 2); /* and so does the cluster */
    begin_rules(L, rules);
    cb->busy++;
    st = podsim_cluster_diagnose_all(cb->cluster, &opt, &list->list);
    cb->busy--;
    end_rules(rules);
    if (st != PODSIM_OK) return push_failure(L, cb->cluster, st);
    push_diagnosis_list(L, list->list); /* 5 */
    return 1;
}

/***
 * A diagnosis: a plain table (see podsim.diagnose) with methods.
 * @type Diagnosis
 */

/***
 * The diagnosis rendered by the core: "text" (the compact report the
 * shared fixtures compare, also `tostring(d)`) or "json" (the output
 * schema).
 * @function Diagnosis:render
 * @tparam[opt="text"] string format "text" or "json"
 * @treturn string
 */
static int diagnosis_render(lua_State *L) {
    const char *formats[PODSIM_DIAGNOSIS_JSON + 2];
    diag_box *box;
    const char *text = NULL;
    size_t len = 0;
    podsim_status st;
    int f;

    for (f = 0; f <= PODSIM_DIAGNOSIS_JSON; f++)
        formats[f] = podsim_enum_name(PODSIM_ENUM_DIAGNOSIS_FORMAT, f);
    formats[PODSIM_DIAGNOSIS_JSON + 1] = NULL;
    luaL_checktype(L, 1, LUA_TTABLE);
    f = luaL_checkoption(L, 2, "text", formats);
    lua_getfield(L, LUA_REGISTRYINDEX, DIAG_HANDLES_KEY);
    lua_pushvalue(L, 1);
    lua_rawget(L, -2);
    box = luaL_testudata(L, -1, DIAG_HANDLE_MT);
    if (box == NULL || box->diag == NULL)
        return luaL_argerror(L, 1, "not a diagnosis of podsim.diagnose");
    st = podsim_diagnosis_render(box->diag, (podsim_diagnosis_format)f, &text,
                                 &len);
    if (st != PODSIM_OK) return push_error_failure(L, NULL, st);
    lua_pushlstring(L, text != NULL ? text : "", len);
    return 1;
}

static int diagnosis_tostring(lua_State *L) {
    lua_settop(L, 1);
    lua_pushliteral(L, "text");
    return diagnosis_render(L);
}

/***
 * The simulation written as `kubectl get nodes,pods,events,... -A -o
 * yaml` would print it at now (a `kind: List` that podsim.loads reads
 * back).
 * @function Simulation:dump
 * @treturn string
 * @return nil, message, status name
 */
static int sim_dump(lua_State *L) {
    sim_box *box = check_sim(L, 1);
    const char *text = NULL;
    size_t len = 0;
    podsim_status st = podsim_sim_dump(box->sim, &text, &len);
    if (st != PODSIM_OK) return push_sim_failure(L, box, st);
    lua_pushlstring(L, text != NULL ? text : "", len);
    return 1;
}

/***
 * Diagnose a pod of this simulation at now (podsim.diagnose(sim, ...)).
 * @function Simulation:diagnose
 * @tparam string pod "namespace/name"
 * @tparam[opt] table opts
 * @treturn Diagnosis
 * @return nil, message, status name
 */
/***
 * Diagnose a pod of this dump (podsim.diagnose(cluster, ...)).
 * @function Cluster:diagnose
 * @tparam[opt] string pod "namespace/name"
 * @tparam[opt] table opts
 * @treturn Diagnosis
 * @return nil, message, status name
 */
static int method_diagnose(lua_State *L) {
    return l_diagnose(L);
}

/***
 * Diagnose a workload of this dump (podsim.diagnose_workload(cluster,
 * ...)).
 * @function Cluster:diagnose_workload
 * @tparam string kind
 * @tparam string workload "namespace/name"
 * @tparam[opt] table opts
 * @treturn Diagnosis
 * @return nil, message, status name
 */

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
    {"get_pods", cluster_get_pods},
    {"pod_row", cluster_pod_row},
    {"compute_requests", cluster_compute_requests},
    {"schedule", cluster_schedule},
    {"schedule_pending", cluster_schedule_pending},
    {"diagnose", method_diagnose},
    {"diagnose_all", l_diagnose_all},
    {"diagnose_workload", l_diagnose_workload},
    {NULL, NULL}};

static const luaL_Reg cluster_meta[] = {{"__gc", cluster_close},
                                        {"__close", cluster_close},
                                        {"__tostring", cluster_tostring},
                                        {NULL, NULL}};

static const luaL_Reg sim_methods[] = {
    {"close", sim_close},
    {"fork", sim_fork},
    {"cluster", sim_cluster},
    {"now", sim_now},
    {"now_ms", sim_now_ms},
    {"epoch_ms", sim_epoch_ms},
    {"kubernetes_version", sim_kubernetes_version},
    {"apply", sim_apply},
    {"load_scenario", sim_load_scenario},
    {"set_behavior", sim_set_behavior},
    {"set_image", sim_set_image},
    {"delete_pod", sim_delete_pod},
    {"fail_node", sim_fail_node},
    {"fail_zone", sim_fail_zone},
    {"recover_node", sim_recover_node},
    {"delete_node", sim_delete_node},
    {"cordon", sim_cordon},
    {"uncordon", sim_uncordon},
    {"drain_node", sim_drain_node},
    {"taint", sim_taint},
    {"force_delete", sim_force_delete},
    {"get_nodes", sim_get_nodes},
    {"report", sim_report},
    {"run", sim_run},
    {"run_until_idle", sim_run_until_idle},
    {"step", sim_step},
    {"events", sim_events},
    {"changes", sim_changes},
    {"timeline", sim_timeline},
    {"stats", sim_stats},
    {"pod_status", sim_pod_status},
    {"get_pods", sim_get_pods},
    {"describe", sim_describe},
    {"render", sim_render},
    {"event_log", sim_event_log},
    {"diagnose", method_diagnose},
    {"dump", sim_dump},
    {NULL, NULL}};

static const luaL_Reg sim_meta[] = {{"__gc", sim_close},
                                    {"__close", sim_close},
                                    {"__tostring", sim_tostring},
                                    {NULL, NULL}};

static const luaL_Reg config_methods[] = {
    {"close", config_close},
    {"load_file", config_load_file},
    {"load_string", config_load_string},
    {"register_plugin", config_register_plugin},
    {"profiles", config_profiles},
    {"describe", config_describe},
    {NULL, NULL}};

static const luaL_Reg config_meta[] = {{"__gc", config_close},
                                       {"__close", config_close},
                                       {"__tostring", config_tostring},
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
    {"scheduler_config", l_scheduler_config},
    {"simulation", l_simulation},
    {"register_plugin", l_register_plugin},
    {"num_feasible_nodes_to_find", l_num_feasible_nodes_to_find},
    {"fit_error_format", l_fit_error_format},
    {"diagnose", l_diagnose},
    {"diagnose_all", l_diagnose_all},
    {"diagnose_workload", l_diagnose_workload},
    {"rule", l_rule},
    {"rules", l_rules},
    {"default_rules", l_default_rules},
    {"load_rules", l_load_rules},
    {NULL, NULL}};

static const luaL_Reg rules_methods[] = {{"add", rules_add},
                                         {"load", rules_load},
                                         {"load_string", rules_load_string},
                                         {"load_lua", rules_load_lua},
                                         {"disable", rules_disable},
                                         {"count", rules_count},
                                         {"list", rules_list},
                                         {"budget", rules_budget},
                                         {NULL, NULL}};

static const luaL_Reg rules_meta[] = {
    {"__gc", rules_gc}, {"__tostring", rules_tostring}, {NULL, NULL}};

static void create_metatables(lua_State *L) {
    /* podsim.Cluster: methods table as __index (liolib createmeta) */
    luaL_newmetatable(L, CLUSTER_MT);
    luaL_setfuncs(L, cluster_meta, 0);
    luaL_newlib(L, cluster_methods);
    lua_setfield(L, -2, "__index");
    lua_pop(L, 1);

    /* podsim.Simulation: as podsim.Cluster */
    luaL_newmetatable(L, SIM_MT);
    luaL_setfuncs(L, sim_meta, 0);
    luaL_newlib(L, sim_methods);
    lua_setfield(L, -2, "__index");
    lua_pop(L, 1);

    /* podsim.PodTable: the rows of sim:get_pods() and sim:get_nodes(),
       tostring = the table */
    luaL_newmetatable(L, PODTABLE_MT);
    lua_pushcfunction(L, podtable_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pop(L, 1);

    /* podsim.Report: sim:report(); summary() and tostring = the text */
    luaL_newmetatable(L, REPORT_MT);
    lua_pushcfunction(L, podtable_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_createtable(L, 0, 1);
    lua_pushcfunction(L, report_summary);
    lua_setfield(L, -2, "summary");
    lua_setfield(L, -2, "__index");
    lua_pop(L, 1);

    /* podsim.SchedulerConfig: as podsim.Cluster */
    luaL_newmetatable(L, CONFIG_MT);
    luaL_setfuncs(L, config_meta, 0);
    luaL_newlib(L, config_methods);
    lua_setfield(L, -2, "__index");
    lua_pop(L, 1);

    /* podsim.Plugin and podsim.ScheduleResult: internal, __gc only */
    luaL_newmetatable(L, PLUGIN_MT);
    lua_pushcfunction(L, plugin_gc);
    lua_setfield(L, -2, "__gc");
    lua_pop(L, 1);
    luaL_newmetatable(L, RESULT_MT);
    lua_pushcfunction(L, result_gc);
    lua_setfield(L, -2, "__gc");
    lua_pop(L, 1);

    /* the module-level plugins (podsim.register_plugin), once per state */
    if (lua_getfield(L, LUA_REGISTRYINDEX, PLUGINS_KEY) != LUA_TTABLE) {
        lua_newtable(L);
        lua_setfield(L, LUA_REGISTRYINDEX, PLUGINS_KEY);
        lua_pushinteger(L, 0);
        lua_setfield(L, LUA_REGISTRYINDEX, PLUGINS_GEN_KEY);
    }
    lua_pop(L, 1);

    /* podsim.Rules: as podsim.Cluster; podsim.Rule (a Lua check) and
       podsim.DiagnosisHandle: internal, __gc only */
    luaL_newmetatable(L, RULES_MT);
    luaL_setfuncs(L, rules_meta, 0);
    luaL_newlib(L, rules_methods);
    lua_setfield(L, -2, "__index");
    lua_pop(L, 1);
    luaL_newmetatable(L, RULE_MT);
    lua_pushcfunction(L, rule_gc);
    lua_setfield(L, -2, "__gc");
    lua_pop(L, 1);
    luaL_newmetatable(L, DIAG_HANDLE_MT);
    lua_pushcfunction(L, diag_box_gc);
    lua_setfield(L, -2, "__gc");
    lua_pop(L, 1);

    /* podsim.Diagnosis: the plain table of podsim.diagnose; render() and
       tostring = the text report */
    luaL_newmetatable(L, DIAGNOSIS_MT);
    lua_pushcfunction(L, diagnosis_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_createtable(L, 0, 1);
    lua_pushcfunction(L, diagnosis_render);
    lua_setfield(L, -2, "render");
    lua_setfield(L, -2, "__index");
    lua_pop(L, 1);

    /* diagnosis table -> its DiagnosisHandle (weak keys), once per state */
    if (lua_getfield(L, LUA_REGISTRYINDEX, DIAG_HANDLES_KEY) != LUA_TTABLE) {
        lua_newtable(L);
        lua_createtable(L, 0, 1);
        lua_pushliteral(L, "k");
        lua_setfield(L, -2, "__mode");
        lua_setmetatable(L, -2);
        lua_setfield(L, LUA_REGISTRYINDEX, DIAG_HANDLES_KEY);
    }
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
