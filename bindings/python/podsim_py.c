/*
 * podsim_py.c - the CPython extension module podsim._podsim.
 *
 * A thin 1:1 view of podsim.h: argument conversion, one error-mapping
 * function, object lifetime. No Kubernetes logic lives here; everything
 * Pythonic (Quantity, views, reprs) is in the python/podsim package.
 *
 * Limited API 3.11 (Py_LIMITED_API is set by setup.py), multi-phase init,
 * heap types and exception classes kept in module state, no C statics that
 * hold Python objects. Each Cluster carries a lock because the GIL is
 * released around loads; the lock is taken with the non-blocking-then-
 * release-the-GIL pattern of CPython's _bz2module.c.
 *
 * Scheduling calls keep the GIL: custom plugins are Python callables the
 * core calls back on this thread (C trampolines). While such a call runs,
 * the Cluster and the SchedulerConfig are marked busy by this thread, so a
 * callback may read the cluster (the lock is already ours) but not change
 * it, nor reconfigure the scheduler.
 *
 * A Simulation owns its podsim_sim and keeps the Cluster it copied and its
 * SchedulerConfig alive; its working model is a Cluster view that shares
 * the Simulation's lock and keeps it alive. Runs release the GIL unless the
 * configuration has Python plugins (then they run as a scheduling call
 * does).
 *
 * Diagnoses: a Rules object owns a rule set whose Python checks the core
 * calls back; a Diagnosis owns one podsim_diagnosis (or shares the list it
 * came in). See the Diagnosis section for the GIL and lock rules.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "podsim.h"

/* Type and module slots store function pointers as void *, which ISO C
 * does not define; every C compiler CPython supports does. __extension__
 * keeps -Wpedantic quiet about exactly these conversions. */
#if defined(__GNUC__)
#define TO_SLOT(fn) (__extension__(void *)(fn))
#define FROM_SLOT(type, ptr) (__extension__(type)(ptr))
#else
#define TO_SLOT(fn) ((void *)(fn))
#define FROM_SLOT(type, ptr) ((type)(ptr))
#endif

/* ===================================================================== */
/* Module state                                                           */
/* ===================================================================== */

typedef struct {
    PyTypeObject *cluster_type;
    PyTypeObject *config_type; /* SchedulerConfig */
    PyTypeObject *simulation_type;
    PyTypeObject *rules_type;     /* diagnosis rule set */
    PyTypeObject *diagnosis_type; /* one podsim_diagnosis */
    PyObject *Error;              /* base: podsim.Error */
    PyObject *ParseError;         /* EPARSE, ELIMIT (also ValueError) */
    PyObject *NotFound;           /* ENOTFOUND (also KeyError) */
    PyObject *InvalidArgument;    /* EINVAL (also ValueError) */
    PyObject *AlreadyExists;      /* EEXIST (also ValueError) */
    PyObject *RangeError;         /* ERANGE (also OverflowError, ValueError) */
    PyObject *FileError;          /* EIO (also OSError) */
    PyObject *VersionError;       /* EVERSION (also ValueError) */
    PyObject *PluginError;        /* a custom plugin's callback raised */
} module_state;

static inline module_state *get_module_state(PyObject *module) {
    return (module_state *)PyModule_GetState(module);
}

/* Cluster is final (no Py_TPFLAGS_BASETYPE), so Py_TYPE(self) is always the
 * type created from cluster_spec and its module state is ours. */
static inline module_state *state_from_type(PyTypeObject *type) {
    return (module_state *)PyType_GetModuleState(type);
}

/* ===================================================================== */
/* Error mapping: the one place podsim_status becomes an exception        */
/* ===================================================================== */

/* Library text (UTF-8; undecodable bytes replaced), None for NULL. */
static PyObject *py_cstr(const char *s) {
    if (s == NULL) return Py_NewRef(Py_None);
    return PyUnicode_DecodeUTF8(s, (Py_ssize_t)strlen(s), "replace");
}

/* A file path as os.fsdecode would give it, None for NULL. */
static PyObject *py_path(const char *s) {
    if (s == NULL) return Py_NewRef(Py_None);
    return PyUnicode_DecodeFSDefault(s);
}

/* A 1-based line or column, None for 0 (unknown). */
static PyObject *py_position(int v) {
    if (v <= 0) return Py_NewRef(Py_None);
    return PyLong_FromLong(v);
}

static int set_attr_steal(PyObject *obj, const char *name, PyObject *value) {
    int rc;
    if (value == NULL) {
        return -1;
    }
    rc = PyObject_SetAttrString(obj, name, value);
    Py_DECREF(value);
    return rc;
}

/*
 * The exception for `status`. `err` is the handle's error detail (NULL
 * when there is no handle: cluster creation, quantities, argument checks);
 * `context` is used as the message when `err` has none. `cause` (may be
 * NULL) is the exception a custom plugin's callback raised: it makes the
 * error a PluginError whose __cause__ it becomes (reference stolen).
 * Always returns NULL so callers can `return set_error(...)`.
 *
 * Every exception carries .status ("PODSIM_EPARSE"), .code (int),
 * .message (the library's message), .path, .line and .column (None when
 * unknown).
 */
static PyObject *raise_error(module_state *st, podsim_status status,
                             const podsim_error *err, const char *context,
                             PyObject *cause) {
    PyObject *cls;
    PyObject *text = NULL, *exc = NULL;
    const char *name = podsim_status_name(status);
    const char *message = NULL;
    const char *source = NULL;
    int line = 0, column = 0;

    switch (status) {
    case PODSIM_ENOMEM: cls = PyExc_MemoryError; break;
    case PODSIM_EINVAL: cls = st->InvalidArgument; break;
    case PODSIM_EPARSE:
    case PODSIM_ELIMIT: cls = st->ParseError; break;
    case PODSIM_ENOTFOUND: cls = st->NotFound; break;
    case PODSIM_EEXIST: cls = st->AlreadyExists; break;
    case PODSIM_ERANGE: cls = st->RangeError; break;
    case PODSIM_EIO: cls = st->FileError; break;
    case PODSIM_EVERSION: cls = st->VersionError; break;
    default: cls = st->Error; break;
    }
    if (cause != NULL) {
        cls = st->PluginError;
    }

    if (err != NULL) {
        if (err->message != NULL && err->message[0] != '\0') {
            message = err->message;
        }
        source = err->source;
        line = err->line;
        column = err->column;
    }
    if (message == NULL) {
        message = context != NULL ? context : podsim_status_str(status);
    }

    if (source != NULL && line > 0) {
        text =
            PyUnicode_FromFormat("%s:%d:%d: %s", source, line, column, message);
    } else if (source != NULL) {
        text = PyUnicode_FromFormat("%s: %s", source, message);
    } else {
        text = py_cstr(message);
    }
    if (text == NULL) {
        goto fallback;
    }
    exc = PyObject_CallFunctionObjArgs(cls, text, NULL);
    Py_DECREF(text);
    if (exc == NULL) {
        goto fallback;
    }
    if (cause != NULL) {
        PyException_SetCause(exc, cause); /* steals */
        cause = NULL;
    }
    if (set_attr_steal(exc, "status", py_cstr(name)) < 0 ||
        set_attr_steal(exc, "code", PyLong_FromLong((long)status)) < 0 ||
        set_attr_steal(exc, "message", py_cstr(message)) < 0 ||
        set_attr_steal(exc, "path", py_path(source)) < 0 ||
        set_attr_steal(exc, "line", py_position(line)) < 0 ||
        set_attr_steal(exc, "column", py_position(column)) < 0) {
        Py_DECREF(exc);
        goto fallback;
    }
    PyErr_SetObject(cls, exc);
    Py_DECREF(exc);
    return NULL;

fallback:
    /* Building the rich exception failed (most likely out of memory): the
     * pending exception describes that failure. */
    Py_XDECREF(cause);
    if (!PyErr_Occurred()) {
        PyErr_NoMemory();
    }
    return NULL;
}

static PyObject *set_error(module_state *st, podsim_status status,
                           const podsim_error *err, const char *context) {
    return raise_error(st, status, err, context, NULL);
}

/* ===================================================================== */
/* Enum names <-> values (through podsim's own name functions)            */
/* ===================================================================== */

static int kind_from_name(module_state *st, const char *name,
                          podsim_kind *out) {
    char msg[160];
    int value;
    if (podsim_enum_value(PODSIM_ENUM_KIND, name, &value) == PODSIM_OK) {
        *out = (podsim_kind)value;
        return 0;
    }
    snprintf(msg, sizeof msg, "unknown kind \"%.100s\"", name);
    set_error(st, PODSIM_EINVAL, NULL, msg);
    return -1;
}

static int quantity_format_from_name(module_state *st, const char *name,
                                     podsim_qformat *out) {
    char msg[160];
    int value;
    if (podsim_enum_value(PODSIM_ENUM_QUANTITY_FORMAT, name, &value) ==
        PODSIM_OK) {
        *out = (podsim_qformat)value;
        return 0;
    }
    snprintf(msg, sizeof msg, "unknown quantity format \"%.100s\"", name);
    set_error(st, PODSIM_EINVAL, NULL, msg);
    return -1;
}

/* ===================================================================== */
/* C values -> Python objects                                             */
/* ===================================================================== */

typedef PyObject *(*conv_fn)(const void *item);

/* NULL -> None; text is UTF-8 from the input, kept lossless. */
static PyObject *py_str(const char *s) {
    if (s == NULL) {
        return Py_NewRef(Py_None);
    }
    return PyUnicode_DecodeUTF8(s, (Py_ssize_t)strlen(s), "surrogateescape");
}

static PyObject *py_time(int64_t ms) {
    if (ms == PODSIM_NO_TIME) {
        return Py_NewRef(Py_None);
    }
    return PyLong_FromLongLong((long long)ms);
}

static PyObject *py_opt(podsim_opt_i64 v) {
    if (!v.set) {
        return Py_NewRef(Py_None);
    }
    return PyLong_FromLongLong((long long)v.value);
}

static PyObject *py_id(podsim_id id) {
    if (id == PODSIM_NO_ID) {
        return Py_NewRef(Py_None);
    }
    return PyLong_FromLong((long)id);
}

/* Out-of-range values (never expected) come through as plain ints. */
static PyObject *py_enum(podsim_enum type, int value) {
    const char *name = podsim_enum_name(type, value);
    if (name == NULL) {
        return PyLong_FromLong(value);
    }
    return PyUnicode_FromString(name);
}

static PyObject *py_quantity(const podsim_quantity *q) {
    PyObject *m, *e, *f, *t;
    m = PyLong_FromLongLong((long long)q->mantissa);
    e = PyLong_FromLong((long)q->exponent);
    f = py_enum(PODSIM_ENUM_QUANTITY_FORMAT, (int)q->format);
    if (m == NULL || e == NULL || f == NULL) {
        Py_XDECREF(m);
        Py_XDECREF(e);
        Py_XDECREF(f);
        return NULL;
    }
    t = PyTuple_Pack(3, m, e, f);
    Py_DECREF(m);
    Py_DECREF(e);
    Py_DECREF(f);
    return t;
}

static PyObject *py_kvs(const podsim_kvs *kvs) {
    PyObject *d = PyDict_New();
    if (d == NULL) {
        return NULL;
    }
    for (size_t i = 0; i < kvs->count; i++) {
        PyObject *k = py_str(kvs->items[i].key);
        PyObject *v = k != NULL ? py_str(kvs->items[i].value) : NULL;
        if (v == NULL || PyDict_SetItem(d, k, v) < 0) {
            Py_XDECREF(k);
            Py_XDECREF(v);
            Py_DECREF(d);
            return NULL;
        }
        Py_DECREF(k);
        Py_DECREF(v);
    }
    return d;
}

static PyObject *py_strings(const podsim_strings *s) {
    PyObject *list = PyList_New((Py_ssize_t)s->count);
    if (list == NULL) {
        return NULL;
    }
    for (size_t i = 0; i < s->count; i++) {
        PyObject *v = py_str(s->items[i]);
        if (v == NULL) {
            Py_DECREF(list);
            return NULL;
        }
        PyList_SetItem(list, (Py_ssize_t)i, v); /* steals */
    }
    return list;
}

static PyObject *py_resource_items(const podsim_resource *items, size_t count) {
    PyObject *d = PyDict_New();
    if (d == NULL) {
        return NULL;
    }
    for (size_t i = 0; i < count; i++) {
        PyObject *k = py_str(items[i].name);
        PyObject *v = k != NULL ? py_quantity(&items[i].quantity) : NULL;
        if (v == NULL || PyDict_SetItem(d, k, v) < 0) {
            Py_XDECREF(k);
            Py_XDECREF(v);
            Py_DECREF(d);
            return NULL;
        }
        Py_DECREF(k);
        Py_DECREF(v);
    }
    return d;
}

static PyObject *py_resources(const podsim_resources *r) {
    return py_resource_items(r->items, r->count);
}

static PyObject *list_of(const void *items, size_t count, size_t size,
                         conv_fn fn) {
    PyObject *list = PyList_New((Py_ssize_t)count);
    if (list == NULL) {
        return NULL;
    }
    for (size_t i = 0; i < count; i++) {
        PyObject *v = fn((const char *)items + i * size);
        if (v == NULL) {
            Py_DECREF(list);
            return NULL;
        }
        PyList_SetItem(list, (Py_ssize_t)i, v); /* steals */
    }
    return list;
}

static PyObject *py_optional(const void *ptr, conv_fn fn) {
    if (ptr == NULL) {
        return Py_NewRef(Py_None);
    }
    return fn(ptr);
}

/* Stores `value` (stolen; NULL means an exception is pending) as d[key]. */
static int put(PyObject *d, const char *key, PyObject *value) {
    int rc;
    if (value == NULL) {
        return -1;
    }
    rc = PyDict_SetItemString(d, key, value);
    Py_DECREF(value);
    return rc;
}

/*
 * Field helpers: the dict key is the C field name itself (#f), so Python
 * and Lua see exactly the names of podsim.h. Each converter declares
 * `PyObject *d` and a `fail:` label.
 */
#define BEGIN_DICT()            \
    PyObject *d = PyDict_New(); \
    if (d == NULL) {            \
        return NULL;            \
    }
#define END_DICT() \
    return d;      \
    fail:          \
    Py_DECREF(d);  \
    return NULL;
#define PUT(key, expr)                   \
    do {                                 \
        if (put(d, (key), (expr)) < 0) { \
            goto fail;                   \
        }                                \
    } while (0)
#define F_STR(s, f) PUT(#f, py_str((s)->f))
#define F_INT(s, f) PUT(#f, PyLong_FromLongLong((long long)(s)->f))
#define F_UINT(s, f) PUT(#f, PyLong_FromUnsignedLong((unsigned long)(s)->f))
#define F_SIZE(s, f) PUT(#f, PyLong_FromSize_t((s)->f))
#define F_BOOL(s, f) PUT(#f, PyBool_FromLong((long)(s)->f))
#define F_TIME(s, f) PUT(#f, py_time((s)->f))
#define F_OPT(s, f) PUT(#f, py_opt((s)->f))
#define F_ID(s, f) PUT(#f, py_id((s)->f))
#define F_KVS(s, f) PUT(#f, py_kvs(&(s)->f))
#define F_STRS(s, f) PUT(#f, py_strings(&(s)->f))
#define F_RES(s, f) PUT(#f, py_resources(&(s)->f))
#define F_ENUM(s, f, type) PUT(#f, py_enum((type), (int)(s)->f))
#define F_LIST(s, f, n, fn) \
    PUT(#f, list_of((s)->f, (s)->n, sizeof *(s)->f, (fn)))
#define F_PTR(s, f, fn) PUT(#f, py_optional((s)->f, (fn)))
#define F_SUB(s, f, fn) PUT(#f, fn(&(s)->f))

/* ---- metadata -------------------------------------------------------- */

static PyObject *conv_owner_reference(const void *p) {
    const podsim_owner_reference *o = p;
    BEGIN_DICT()
    F_STR(o, api_version);
    F_STR(o, kind);
    F_STR(o, name);
    F_STR(o, uid);
    F_BOOL(o, controller);
    F_BOOL(o, block_owner_deletion);
    END_DICT()
}

static PyObject *conv_meta(const void *p) {
    const podsim_meta *m = p;
    BEGIN_DICT()
    PUT("namespace", py_str(m->namespace_));
    F_STR(m, name);
    F_STR(m, uid);
    F_STR(m, resource_version);
    F_KVS(m, labels);
    F_KVS(m, annotations);
    F_LIST(m, owner_references, owner_reference_count, conv_owner_reference);
    F_TIME(m, creation_timestamp);
    F_TIME(m, deletion_timestamp);
    F_OPT(m, deletion_grace_period_seconds);
    F_STRS(m, finalizers);
    END_DICT()
}

/* ---- selectors and affinity ------------------------------------------ */

static PyObject *conv_requirement(const void *p) {
    const podsim_requirement *r = p;
    BEGIN_DICT()
    F_STR(r, key);
    F_ENUM(r, op, PODSIM_ENUM_SELECTOR_OP);
    F_STRS(r, values);
    END_DICT()
}

static PyObject *conv_label_selector(const void *p) {
    const podsim_label_selector *s = p;
    BEGIN_DICT()
    F_KVS(s, match_labels);
    F_LIST(s, match_expressions, match_expression_count, conv_requirement);
    END_DICT()
}

static PyObject *conv_node_selector_term(const void *p) {
    const podsim_node_selector_term *t = p;
    BEGIN_DICT()
    F_LIST(t, match_expressions, match_expression_count, conv_requirement);
    F_LIST(t, match_fields, match_field_count, conv_requirement);
    END_DICT()
}

static PyObject *conv_node_selector(const void *p) {
    const podsim_node_selector *s = p;
    BEGIN_DICT()
    F_LIST(s, terms, term_count, conv_node_selector_term);
    END_DICT()
}

static PyObject *conv_preferred_scheduling_term(const void *p) {
    const podsim_preferred_scheduling_term *t = p;
    BEGIN_DICT()
    F_INT(t, weight);
    F_SUB(t, preference, conv_node_selector_term);
    END_DICT()
}

static PyObject *conv_node_affinity(const void *p) {
    const podsim_node_affinity *a = p;
    BEGIN_DICT()
    F_PTR(a, required, conv_node_selector);
    F_LIST(a, preferred, preferred_count, conv_preferred_scheduling_term);
    END_DICT()
}

static PyObject *conv_pod_affinity_term(const void *p) {
    const podsim_pod_affinity_term *t = p;
    BEGIN_DICT()
    F_PTR(t, label_selector, conv_label_selector);
    F_STRS(t, namespaces);
    F_STR(t, topology_key);
    F_PTR(t, namespace_selector, conv_label_selector);
    F_STRS(t, match_label_keys);
    F_STRS(t, mismatch_label_keys);
    END_DICT()
}

static PyObject *conv_weighted_pod_affinity_term(const void *p) {
    const podsim_weighted_pod_affinity_term *t = p;
    BEGIN_DICT()
    F_INT(t, weight);
    F_SUB(t, term, conv_pod_affinity_term);
    END_DICT()
}

static PyObject *conv_pod_affinity(const void *p) {
    const podsim_pod_affinity *a = p;
    BEGIN_DICT()
    F_LIST(a, required, required_count, conv_pod_affinity_term);
    F_LIST(a, preferred, preferred_count, conv_weighted_pod_affinity_term);
    END_DICT()
}

static PyObject *conv_affinity(const void *p) {
    const podsim_affinity *a = p;
    BEGIN_DICT()
    F_PTR(a, node_affinity, conv_node_affinity);
    F_PTR(a, pod_affinity, conv_pod_affinity);
    F_PTR(a, pod_anti_affinity, conv_pod_affinity);
    END_DICT()
}

/* ---- taints, tolerations, spread ------------------------------------- */

static PyObject *conv_taint(const void *p) {
    const podsim_taint *t = p;
    BEGIN_DICT()
    F_STR(t, key);
    F_STR(t, value);
    F_ENUM(t, effect, PODSIM_ENUM_TAINT_EFFECT);
    F_TIME(t, time_added);
    END_DICT()
}

static PyObject *conv_toleration(const void *p) {
    const podsim_toleration *t = p;
    BEGIN_DICT()
    F_STR(t, key);
    F_ENUM(t, op, PODSIM_ENUM_TOLERATION_OP);
    F_STR(t, value);
    F_ENUM(t, effect, PODSIM_ENUM_TAINT_EFFECT);
    F_OPT(t, toleration_seconds);
    END_DICT()
}

static PyObject *conv_topology_spread_constraint(const void *p) {
    const podsim_topology_spread_constraint *c = p;
    BEGIN_DICT()
    F_INT(c, max_skew);
    F_STR(c, topology_key);
    F_ENUM(c, when_unsatisfiable, PODSIM_ENUM_UNSATISFIABLE);
    F_PTR(c, label_selector, conv_label_selector);
    F_OPT(c, min_domains);
    F_ENUM(c, node_affinity_policy, PODSIM_ENUM_INCLUSION_POLICY);
    F_ENUM(c, node_taints_policy, PODSIM_ENUM_INCLUSION_POLICY);
    F_STRS(c, match_label_keys);
    END_DICT()
}

/* ---- containers and volumes ------------------------------------------ */

static PyObject *conv_container_port(const void *p) {
    const podsim_container_port *c = p;
    BEGIN_DICT()
    F_STR(c, name);
    F_INT(c, container_port);
    F_INT(c, host_port);
    F_ENUM(c, protocol, PODSIM_ENUM_PROTOCOL);
    F_STR(c, host_ip);
    END_DICT()
}

static PyObject *conv_probe(const void *p) {
    const podsim_probe *pr = p;
    BEGIN_DICT()
    F_ENUM(pr, handler, PODSIM_ENUM_HANDLER);
    F_STR(pr, target);
    F_INT(pr, initial_delay_seconds);
    F_INT(pr, timeout_seconds);
    F_INT(pr, period_seconds);
    F_INT(pr, success_threshold);
    F_INT(pr, failure_threshold);
    F_OPT(pr, termination_grace_period_seconds);
    END_DICT()
}

static PyObject *conv_object_ref(const void *p) {
    const podsim_object_ref *r = p;
    BEGIN_DICT()
    F_ENUM(r, kind, PODSIM_ENUM_REF_KIND);
    F_STR(r, name);
    F_STR(r, key);
    F_BOOL(r, optional);
    END_DICT()
}

static PyObject *conv_env_var(const void *p) {
    const podsim_env_var *e = p;
    BEGIN_DICT()
    F_STR(e, name);
    F_STR(e, value);
    F_STR(e, value_from_kind);
    F_STR(e, value_from_name);
    F_STR(e, value_from_key);
    F_OPT(e, optional);
    END_DICT()
}

static PyObject *conv_env_from(const void *p) {
    const podsim_env_from *e = p;
    BEGIN_DICT()
    F_ENUM(e, kind, PODSIM_ENUM_REF_KIND);
    F_STR(e, name);
    F_STR(e, prefix);
    F_OPT(e, optional);
    END_DICT()
}

static PyObject *conv_volume_mount(const void *p) {
    const podsim_volume_mount *m = p;
    BEGIN_DICT()
    F_STR(m, name);
    F_STR(m, mount_path);
    F_STR(m, sub_path);
    F_BOOL(m, read_only);
    END_DICT()
}

static PyObject *conv_container(const void *p) {
    const podsim_container *c = p;
    BEGIN_DICT()
    F_STR(c, name);
    F_ENUM(c, kind, PODSIM_ENUM_CONTAINER_KIND);
    F_STR(c, image);
    F_ENUM(c, image_pull_policy, PODSIM_ENUM_PULL_POLICY);
    F_RES(c, requests);
    F_RES(c, limits);
    F_LIST(c, ports, port_count, conv_container_port);
    F_PTR(c, startup_probe, conv_probe);
    F_PTR(c, liveness_probe, conv_probe);
    F_PTR(c, readiness_probe, conv_probe);
    F_ENUM(c, post_start, PODSIM_ENUM_HANDLER);
    F_ENUM(c, pre_stop, PODSIM_ENUM_HANDLER);
    F_INT(c, pre_stop_sleep_seconds);
    F_LIST(c, env_refs, env_ref_count, conv_object_ref);
    F_STRS(c, command);
    F_STRS(c, args);
    F_LIST(c, env, env_count, conv_env_var);
    F_LIST(c, env_from, env_from_count, conv_env_from);
    F_LIST(c, mounts, mount_count, conv_volume_mount);
    F_STR(c, termination_message_policy);
    END_DICT()
}

static PyObject *conv_volume(const void *p) {
    const podsim_volume *v = p;
    BEGIN_DICT()
    F_STR(v, name);
    F_ENUM(v, type, PODSIM_ENUM_VOLUME_TYPE);
    F_STR(v, source);
    F_STR(v, type_name);
    F_BOOL(v, read_only);
    F_BOOL(v, optional);
    F_LIST(v, refs, ref_count, conv_object_ref);
    END_DICT()
}

/* ---- status ---------------------------------------------------------- */

static PyObject *conv_condition(const void *p) {
    const podsim_condition *c = p;
    BEGIN_DICT()
    F_STR(c, type);
    F_STR(c, status);
    F_STR(c, reason);
    F_STR(c, message);
    F_TIME(c, last_transition_time);
    F_TIME(c, last_heartbeat_time);
    F_TIME(c, last_probe_time);
    END_DICT()
}

static PyObject *conv_container_state(const void *p) {
    const podsim_container_state *s = p;
    BEGIN_DICT()
    F_ENUM(s, kind, PODSIM_ENUM_CONTAINER_STATE);
    F_STR(s, reason);
    F_STR(s, message);
    F_INT(s, exit_code);
    F_INT(s, signal);
    F_TIME(s, started_at);
    F_TIME(s, finished_at);
    END_DICT()
}

static PyObject *conv_container_status(const void *p) {
    const podsim_container_status *s = p;
    BEGIN_DICT()
    F_STR(s, name);
    F_ENUM(s, kind, PODSIM_ENUM_CONTAINER_KIND);
    F_BOOL(s, ready);
    F_OPT(s, started);
    F_INT(s, restart_count);
    F_STR(s, image);
    F_STR(s, image_id);
    F_STR(s, container_id);
    F_SUB(s, state, conv_container_state);
    F_SUB(s, last_state, conv_container_state);
    END_DICT()
}

static PyObject *conv_pod_status(const void *p) {
    const podsim_pod_status *s = p;
    BEGIN_DICT()
    /* phase is None when has_phase is false (the enum would say Pending) */
    PUT("phase", s->has_phase ? py_enum(PODSIM_ENUM_PHASE, (int)s->phase)
                              : Py_NewRef(Py_None));
    F_BOOL(s, has_phase);
    F_LIST(s, conditions, condition_count, conv_condition);
    F_STR(s, reason);
    F_STR(s, message);
    F_STR(s, nominated_node_name);
    F_STR(s, pod_ip);
    F_STR(s, host_ip);
    F_STR(s, qos_class);
    F_TIME(s, start_time);
    F_LIST(s, init_container_statuses, init_container_status_count,
           conv_container_status);
    F_LIST(s, container_statuses, container_status_count,
           conv_container_status);
    END_DICT()
}

/* ---- pods ------------------------------------------------------------ */

static PyObject *conv_pod_spec(const void *p) {
    const podsim_pod_spec *s = p;
    BEGIN_DICT()
    F_OPT(s, priority);
    F_STR(s, priority_class_name);
    F_ENUM(s, preemption_policy, PODSIM_ENUM_PREEMPTION_POLICY);
    F_STR(s, scheduler_name);
    F_STR(s, node_name);
    F_KVS(s, node_selector);
    F_PTR(s, affinity, conv_affinity);
    F_LIST(s, tolerations, toleration_count, conv_toleration);
    F_LIST(s, topology_spread_constraints, topology_spread_constraint_count,
           conv_topology_spread_constraint);
    F_STRS(s, scheduling_gates);
    F_LIST(s, init_containers, init_container_count, conv_container);
    F_LIST(s, containers, container_count, conv_container);
    F_RES(s, overhead);
    F_RES(s, pod_requests);
    F_RES(s, pod_limits);
    F_ENUM(s, restart_policy, PODSIM_ENUM_RESTART_POLICY);
    F_INT(s, termination_grace_period_seconds);
    F_OPT(s, active_deadline_seconds);
    F_LIST(s, volumes, volume_count, conv_volume);
    F_BOOL(s, host_network);
    F_STR(s, runtime_class_name);
    F_STR(s, service_account_name);
    F_STR(s, hostname);
    F_STR(s, subdomain);
    F_STRS(s, readiness_gates);
    END_DICT()
}

static PyObject *conv_pod(const void *p) {
    const podsim_pod *pod = p;
    BEGIN_DICT()
    F_ID(pod, id);
    F_SUB(pod, meta, conv_meta);
    F_SUB(pod, spec, conv_pod_spec);
    F_SUB(pod, status, conv_pod_status);
    F_RES(pod, requests);
    F_BOOL(pod, removed);
    F_ID(pod, node);
    END_DICT()
}

/* ---- nodes ----------------------------------------------------------- */

static PyObject *conv_node_image(const void *p) {
    const podsim_node_image *i = p;
    BEGIN_DICT()
    F_STRS(i, names);
    F_INT(i, size_bytes);
    END_DICT()
}

static PyObject *conv_node_address(const void *p) {
    const podsim_node_address *a = p;
    BEGIN_DICT()
    F_STR(a, type);
    F_STR(a, address);
    END_DICT()
}

static PyObject *conv_node_system_info(const void *p) {
    const podsim_node_system_info *i = p;
    BEGIN_DICT()
    F_STR(i, kubelet_version);
    F_STR(i, kube_proxy_version);
    F_STR(i, os_image);
    F_STR(i, kernel_version);
    F_STR(i, container_runtime_version);
    F_STR(i, operating_system);
    F_STR(i, architecture);
    END_DICT()
}

static PyObject *conv_node(const void *p) {
    const podsim_node *n = p;
    BEGIN_DICT()
    F_ID(n, id);
    F_SUB(n, meta, conv_meta);
    F_STR(n, zone);
    F_STR(n, region);
    F_STR(n, hostname);
    F_LIST(n, taints, taint_count, conv_taint);
    F_BOOL(n, unschedulable);
    F_STR(n, provider_id);
    F_STR(n, pod_cidr);
    F_RES(n, capacity);
    F_RES(n, allocatable);
    F_LIST(n, conditions, condition_count, conv_condition);
    F_LIST(n, addresses, address_count, conv_node_address);
    F_LIST(n, images, image_count, conv_node_image);
    F_SUB(n, node_info, conv_node_system_info);
    F_RES(n, requested);
    F_INT(n, pod_count);
    F_BOOL(n, removed);
    END_DICT()
}

/* ---- workloads and the other kinds ----------------------------------- */

static PyObject *conv_workload(const void *p) {
    const podsim_workload *w = p;
    BEGIN_DICT()
    F_ID(w, id);
    F_ENUM(w, kind, PODSIM_ENUM_KIND);
    F_SUB(w, meta, conv_meta);
    F_PTR(w, selector, conv_label_selector);
    F_OPT(w, replicas);
    F_OPT(w, min_ready_seconds);
    F_STR(w, strategy_type);
    F_STR(w, max_surge);
    F_STR(w, max_unavailable);
    F_OPT(w, partition);
    F_STR(w, pod_management_policy);
    F_STR(w, service_name);
    F_STRS(w, volume_claim_templates);
    F_OPT(w, parallelism);
    F_OPT(w, completions);
    F_OPT(w, backoff_limit);
    F_OPT(w, active_deadline_seconds);
    F_STR(w, completion_mode);
    F_STR(w, pod_replacement_policy);
    F_BOOL(w, has_pod_failure_policy);
    F_PTR(w, template_pod, conv_pod);
    F_INT(w, status_replicas);
    F_INT(w, status_ready_replicas);
    F_INT(w, status_available_replicas);
    F_INT(w, status_updated_replicas);
    F_INT(w, status_failed);
    F_OPT(w, status_desired_number_scheduled);
    F_LIST(w, conditions, condition_count, conv_condition);
    END_DICT()
}

static PyObject *conv_priority_class(const void *p) {
    const podsim_priority_class *c = p;
    BEGIN_DICT()
    F_ID(c, id);
    F_SUB(c, meta, conv_meta);
    F_INT(c, value);
    F_BOOL(c, global_default);
    F_ENUM(c, preemption_policy, PODSIM_ENUM_PREEMPTION_POLICY);
    F_STR(c, description);
    END_DICT()
}

static PyObject *conv_pdb(const void *p) {
    const podsim_pdb *b = p;
    BEGIN_DICT()
    F_ID(b, id);
    F_SUB(b, meta, conv_meta);
    F_PTR(b, selector, conv_label_selector);
    F_STR(b, min_available);
    F_STR(b, max_unavailable);
    F_STR(b, unhealthy_pod_eviction_policy);
    F_INT(b, status_current_healthy);
    F_INT(b, status_desired_healthy);
    F_INT(b, status_disruptions_allowed);
    F_INT(b, status_expected_pods);
    END_DICT()
}

static PyObject *conv_pvc(const void *p) {
    const podsim_pvc *c = p;
    BEGIN_DICT()
    F_ID(c, id);
    F_SUB(c, meta, conv_meta);
    F_STR(c, storage_class_name);
    F_UINT(c, access_modes);
    F_STR(c, volume_name);
    F_STR(c, volume_mode);
    PUT("storage_request", c->has_storage_request
                               ? py_quantity(&c->storage_request)
                               : Py_NewRef(Py_None));
    F_BOOL(c, has_storage_request);
    F_STR(c, phase);
    END_DICT()
}

static PyObject *conv_pv(const void *p) {
    const podsim_pv *v = p;
    BEGIN_DICT()
    F_ID(v, id);
    F_SUB(v, meta, conv_meta);
    PUT("capacity",
        v->has_capacity ? py_quantity(&v->capacity) : Py_NewRef(Py_None));
    F_BOOL(v, has_capacity);
    F_UINT(v, access_modes);
    F_STR(v, storage_class_name);
    F_STR(v, claim_namespace);
    F_STR(v, claim_name);
    F_STR(v, reclaim_policy);
    F_STR(v, source_type);
    F_STR(v, csi_driver);
    F_PTR(v, node_affinity, conv_node_selector);
    F_STR(v, phase);
    END_DICT()
}

static PyObject *conv_storage_class(const void *p) {
    const podsim_storage_class *c = p;
    BEGIN_DICT()
    F_ID(c, id);
    F_SUB(c, meta, conv_meta);
    F_STR(c, provisioner);
    F_STR(c, volume_binding_mode);
    F_STR(c, reclaim_policy);
    F_BOOL(c, allow_volume_expansion);
    F_BOOL(c, is_default);
    F_PTR(c, allowed_topologies, conv_node_selector);
    END_DICT()
}

static PyObject *conv_config(const void *p) {
    const podsim_config *c = p;
    BEGIN_DICT()
    F_ID(c, id);
    F_SUB(c, meta, conv_meta);
    F_STR(c, type);
    F_STRS(c, keys);
    F_BOOL(c, immutable);
    END_DICT()
}

static PyObject *conv_namespace(const void *p) {
    const podsim_namespace *n = p;
    BEGIN_DICT()
    F_ID(n, id);
    F_SUB(n, meta, conv_meta);
    F_STR(n, phase);
    END_DICT()
}

static PyObject *conv_service(const void *p) {
    const podsim_service *s = p;
    BEGIN_DICT()
    F_ID(s, id);
    F_SUB(s, meta, conv_meta);
    F_STR(s, type);
    /* selector is None when has_selector is false */
    PUT("selector",
        s->has_selector ? py_kvs(&s->selector) : Py_NewRef(Py_None));
    F_BOOL(s, has_selector);
    F_STR(s, cluster_ip);
    END_DICT()
}

static PyObject *conv_event(const void *p) {
    const podsim_event *e = p;
    BEGIN_DICT()
    F_ID(e, id);
    F_SUB(e, meta, conv_meta);
    F_STR(e, involved_kind);
    F_STR(e, involved_namespace);
    F_STR(e, involved_name);
    F_STR(e, involved_uid);
    F_STR(e, involved_field_path);
    F_STR(e, reason);
    F_STR(e, message);
    F_STR(e, type);
    F_INT(e, count);
    F_TIME(e, first_timestamp);
    F_TIME(e, last_timestamp);
    F_TIME(e, event_time);
    F_STR(e, source_component);
    F_STR(e, source_host);
    F_STR(e, reporting_controller);
    F_STR(e, reporting_instance);
    F_STR(e, action);
    F_TIME(e, series_last_observed_time);
    END_DICT()
}

static PyObject *load_stats_to_dict(const podsim_load_stats *s) {
    PyObject *added;
    BEGIN_DICT()
    F_SIZE(s, documents);
    added = PyDict_New();
    if (added == NULL) {
        goto fail;
    }
    for (int k = 0; k < PODSIM_KIND_COUNT; k++) {
        PyObject *n = PyLong_FromSize_t(s->added[k]);
        if (n == NULL) {
            Py_DECREF(added);
            goto fail;
        }
        if (PyDict_SetItemString(added, podsim_kind_name((podsim_kind)k), n) <
            0) {
            Py_DECREF(n);
            Py_DECREF(added);
            goto fail;
        }
        Py_DECREF(n);
    }
    PUT("added", added);
    F_SIZE(s, skipped);
    F_SIZE(s, bytes);
    END_DICT()
}

/* ===================================================================== */
/* Cluster type                                                           */
/* ===================================================================== */

typedef struct SimObject SimObject;

/*
 * A Cluster owns its podsim_cluster, or, when `owner` is set, is the view
 * of a Simulation's working model (podsim_sim_cluster): then it holds a
 * strong reference to the Simulation, shares its lock, frees nothing, and
 * refuses to load or bind (the simulation changes that model itself).
 */
typedef struct ClusterObject {
    PyObject_HEAD podsim_cluster *cluster; /* NULL after close() */
    PyThread_type_lock lock;               /* the owner's lock for a view */
    unsigned long busy_thread; /* thread inside a scheduling call, or 0 */
    SimObject *owner;          /* the Simulation of a view, else NULL */
} ClusterObject;

/* True inside a plugin callback of a scheduling call this thread is
 * running on `obj` (a Cluster or a SchedulerConfig): the thread holds the
 * lock already, so taking it again would deadlock. Only the owning thread
 * writes busy_thread, with the GIL held. */
#define IN_CALLBACK(obj)        \
    ((obj)->busy_thread != 0 && \
     (obj)->busy_thread == PyThread_get_thread_ident())

/* Reads nested in a callback use the lock the scheduling call holds. */
#define ACQUIRE_LOCK(obj)                                                  \
    do {                                                                   \
        if (!IN_CALLBACK(obj) && !PyThread_acquire_lock((obj)->lock, 0)) { \
            Py_BEGIN_ALLOW_THREADS PyThread_acquire_lock((obj)->lock, 1);  \
            Py_END_ALLOW_THREADS                                           \
        }                                                                  \
    } while (0)
#define RELEASE_LOCK(obj)                       \
    do {                                        \
        if (!IN_CALLBACK(obj)) {                \
            PyThread_release_lock((obj)->lock); \
        }                                       \
    } while (0)

/* Changes (loads, close, another scheduling call) are refused inside a
 * plugin callback: the scheduling call in progress reads the model. */
static int refuse_in_callback(int in_callback, const char *what) {
    if (in_callback) {
        PyErr_Format(PyExc_RuntimeError,
                     "%s is not allowed inside a scheduler plugin callback "
                     "(callbacks may only read the cluster)",
                     what);
        return -1;
    }
    return 0;
}

/* Call with the lock held. */
static int check_open(ClusterObject *self) {
    if (self->cluster == NULL) {
        PyErr_SetString(PyExc_ValueError,
                        self->owner != NULL
                            ? "operation on the cluster of a closed Simulation"
                            : "operation on a closed Cluster");
        return -1;
    }
    return 0;
}

/* A simulation's working model changes only through the simulation. */
static int refuse_view(ClusterObject *self, const char *what) {
    if (self->owner != NULL) {
        PyErr_Format(PyExc_ValueError,
                     "%s is not allowed on a Simulation's cluster (it is "
                     "read-only: use the Simulation's apply)",
                     what);
        return -1;
    }
    return 0;
}

/* Map the handle's last failure. Call with the lock held. */
static PyObject *cluster_error(ClusterObject *self, podsim_status status) {
    module_state *st = state_from_type(Py_TYPE((PyObject *)self));
    return set_error(st, status, podsim_cluster_error(self->cluster), NULL);
}

static int opt_size(PyObject *v, const char *name, size_t *out) {
    size_t n;
    if (v == NULL || v == Py_None) {
        return 0;
    }
    n = PyLong_AsSize_t(v);
    if (n == (size_t)-1 && PyErr_Occurred()) {
        PyErr_Format(PyExc_ValueError, "%s must be a non-negative int", name);
        return -1;
    }
    *out = n;
    return 0;
}

static int opt_i64(PyObject *v, const char *name, int64_t *out) {
    long long n;
    if (v == NULL || v == Py_None) {
        return 0;
    }
    n = PyLong_AsLongLong(v);
    if (n == -1 && PyErr_Occurred()) {
        PyErr_Format(PyExc_TypeError, "%s must be an int", name);
        return -1;
    }
    *out = (int64_t)n;
    return 0;
}

static PyObject *cluster_new(PyTypeObject *type, PyObject *args,
                             PyObject *kwargs) {
    static char *kwlist[] = {"kubernetes_version",
                             "max_input_bytes",
                             "max_depth",
                             "max_alias_expansion",
                             "max_scalar_bytes",
                             "default_not_ready_toleration_seconds",
                             "default_unreachable_toleration_seconds",
                             NULL};
    const char *version = NULL;
    PyObject *max_input = NULL, *max_depth = NULL, *max_alias = NULL;
    PyObject *max_scalar = NULL, *not_ready = NULL, *unreachable = NULL;
    podsim_cluster_options opts = PODSIM_CLUSTER_OPTIONS_INIT;
    module_state *st = state_from_type(type);
    ClusterObject *self;
    allocfunc alloc;
    podsim_status status;
    size_t depth = 0;

    if (!PyArg_ParseTupleAndKeywords(
            args, kwargs, "|z$OOOOOO:Cluster", kwlist, &version, &max_input,
            &max_depth, &max_alias, &max_scalar, &not_ready, &unreachable)) {
        return NULL;
    }
    opts.kubernetes_version = version;
    if (opt_size(max_input, "max_input_bytes", &opts.limits.max_input_bytes) <
            0 ||
        opt_size(max_depth, "max_depth", &depth) < 0 ||
        opt_size(max_alias, "max_alias_expansion",
                 &opts.limits.max_alias_expansion) < 0 ||
        opt_size(max_scalar, "max_scalar_bytes",
                 &opts.limits.max_scalar_bytes) < 0 ||
        opt_i64(not_ready, "default_not_ready_toleration_seconds",
                &opts.default_not_ready_toleration_seconds) < 0 ||
        opt_i64(unreachable, "default_unreachable_toleration_seconds",
                &opts.default_unreachable_toleration_seconds) < 0) {
        return NULL;
    }
    if (depth > (size_t)INT_MAX) {
        PyErr_SetString(PyExc_OverflowError, "max_depth is too large");
        return NULL;
    }
    opts.limits.max_depth = (int)depth;

    alloc = FROM_SLOT(allocfunc, PyType_GetSlot(type, Py_tp_alloc));
    self = (ClusterObject *)alloc(type, 0);
    if (self == NULL) {
        return NULL;
    }
    self->cluster = NULL;
    self->busy_thread = 0;
    self->owner = NULL;
    self->lock = PyThread_allocate_lock();
    if (self->lock == NULL) {
        Py_DECREF(self);
        PyErr_SetString(PyExc_MemoryError, "unable to allocate lock");
        return NULL;
    }
    status = podsim_cluster_new(&opts, &self->cluster);
    if (status != PODSIM_OK) {
        char msg[200];
        if (status == PODSIM_EVERSION && version != NULL) {
            snprintf(msg, sizeof msg, "kubernetes_version \"%.40s\": %s",
                     version, podsim_status_str(status));
        } else {
            snprintf(msg, sizeof msg, "%s", podsim_status_str(status));
        }
        Py_DECREF(self);
        return set_error(st, status, NULL, msg);
    }
    return (PyObject *)self;
}

static int cluster_traverse(PyObject *op, visitproc visit, void *arg) {
    Py_VISIT(Py_TYPE(op));
    Py_VISIT((PyObject *)((ClusterObject *)op)->owner);
    return 0;
}

static void simulation_forget_view(SimObject *sim, ClusterObject *view);

static void cluster_dealloc(PyObject *op) {
    ClusterObject *self = (ClusterObject *)op;
    PyTypeObject *tp = Py_TYPE(op);
    freefunc tp_free;

    PyObject_GC_UnTrack(op);
    if (self->owner != NULL) {
        /* a view: the model and the lock are the simulation's */
        simulation_forget_view(self->owner, self);
        self->cluster = NULL;
        self->lock = NULL;
        Py_CLEAR(self->owner);
    }
    podsim_cluster_free(self->cluster);
    self->cluster = NULL;
    if (self->lock != NULL) {
        PyThread_free_lock(self->lock);
        self->lock = NULL;
    }
    tp_free = FROM_SLOT(freefunc, PyType_GetSlot(tp, Py_tp_free));
    tp_free(op);
    Py_DECREF(tp);
}

PyDoc_STRVAR(
    cluster_close_doc,
    "close($self, /)\n--\n\n"
    "Release the C cluster now. Idempotent; later calls raise ValueError.");

static PyObject *cluster_close(PyObject *op, PyObject *unused) {
    (void)unused;
    ClusterObject *self = (ClusterObject *)op;
    if (refuse_in_callback(IN_CALLBACK(self), "Cluster.close()") < 0) {
        return NULL;
    }
    ACQUIRE_LOCK(self);
    if (self->owner == NULL) {
        podsim_cluster_free(self->cluster);
    }
    self->cluster = NULL; /* a view only detaches */
    RELEASE_LOCK(self);
    Py_RETURN_NONE;
}

PyDoc_STRVAR(
    cluster_load_file_doc,
    "load_file($self, /, path)\n--\n\n"
    "Load Kubernetes YAML or JSON from a file (podsim_cluster_load_file).\n"
    "Transactional. Returns the load stats as a dict.");

static PyObject *cluster_load_file(PyObject *op, PyObject *args,
                                   PyObject *kwargs) {
    static char *kwlist[] = {"path", NULL};
    ClusterObject *self = (ClusterObject *)op;
    PyObject *path_bytes = NULL, *result = NULL;
    podsim_load_stats stats;
    podsim_status status;
    const char *path;

    if (refuse_in_callback(IN_CALLBACK(self), "loading") < 0 ||
        refuse_view(self, "loading") < 0 ||
        !PyArg_ParseTupleAndKeywords(args, kwargs, "O&:load_file", kwlist,
                                     PyUnicode_FSConverter, &path_bytes)) {
        return NULL;
    }
    path = PyBytes_AsString(path_bytes);
    if (path == NULL) {
        Py_DECREF(path_bytes);
        return NULL;
    }
    memset(&stats, 0, sizeof stats);
    ACQUIRE_LOCK(self);
    if (check_open(self) < 0) {
        goto out;
    }
    Py_BEGIN_ALLOW_THREADS status =
        podsim_cluster_load_file(self->cluster, path, &stats);
    Py_END_ALLOW_THREADS if (status != PODSIM_OK) {
        cluster_error(self, status);
        goto out;
    }
    result = load_stats_to_dict(&stats);
out:
    RELEASE_LOCK(self);
    Py_DECREF(path_bytes);
    return result;
}

PyDoc_STRVAR(
    cluster_load_files_doc,
    "load_files($self, /, paths)\n--\n\n"
    "Load several files as one transaction (podsim_cluster_load_files):\n"
    "all of them land or none. Returns the summed load stats as a dict.");

static PyObject *cluster_load_files(PyObject *op, PyObject *args,
                                    PyObject *kwargs) {
    static char *kwlist[] = {"paths", NULL};
    ClusterObject *self = (ClusterObject *)op;
    PyObject *seq_arg = NULL, *seq = NULL, *encoded = NULL, *result = NULL;
    const char **paths = NULL;
    podsim_load_stats stats;
    podsim_status status;
    Py_ssize_t n, i;

    if (refuse_in_callback(IN_CALLBACK(self), "loading") < 0 ||
        refuse_view(self, "loading") < 0 ||
        !PyArg_ParseTupleAndKeywords(args, kwargs, "O:load_files", kwlist,
                                     &seq_arg)) {
        return NULL;
    }
    seq = PySequence_Tuple(seq_arg);
    if (seq == NULL) return NULL;
    n = PyTuple_Size(seq);
    encoded = PyTuple_New(n);
    paths = PyMem_Calloc(n ? (size_t)n : 1, sizeof(*paths));
    if (encoded == NULL || paths == NULL) {
        if (paths == NULL) PyErr_NoMemory();
        goto done;
    }
    for (i = 0; i < n; i++) {
        PyObject *bytes = NULL;
        if (!PyUnicode_FSConverter(PyTuple_GetItem(seq, i), &bytes)) {
            goto done;
        }
        PyTuple_SetItem(encoded, i, bytes); /* steals */
        paths[i] = PyBytes_AsString(bytes);
        if (paths[i] == NULL) goto done;
    }
    memset(&stats, 0, sizeof stats);
    ACQUIRE_LOCK(self);
    if (check_open(self) < 0) {
        RELEASE_LOCK(self);
        goto done;
    }
    Py_BEGIN_ALLOW_THREADS status =
        podsim_cluster_load_files(self->cluster, paths, (size_t)n, &stats);
    Py_END_ALLOW_THREADS if (status != PODSIM_OK) {
        cluster_error(self, status);
    }
    else {
        result = load_stats_to_dict(&stats);
    }
    RELEASE_LOCK(self);
done:
    PyMem_Free(paths);
    Py_XDECREF(encoded);
    Py_DECREF(seq);
    return result;
}

PyDoc_STRVAR(
    cluster_load_string_doc,
    "load_string($self, /, text, source=None)\n--\n\n"
    "Load Kubernetes YAML or JSON from str or bytes\n"
    "(podsim_cluster_load_string). `source` names the text in errors.\n"
    "Transactional. Returns the load stats as a dict.");

static PyObject *cluster_load_string(PyObject *op, PyObject *args,
                                     PyObject *kwargs) {
    static char *kwlist[] = {"text", "source", NULL};
    ClusterObject *self = (ClusterObject *)op;
    PyObject *text_obj, *result = NULL;
    const char *source = NULL;
    const char *text;
    Py_ssize_t len;
    podsim_load_stats stats;
    podsim_status status;

    if (refuse_in_callback(IN_CALLBACK(self), "loading") < 0 ||
        refuse_view(self, "loading") < 0 ||
        !PyArg_ParseTupleAndKeywords(args, kwargs, "O|z:load_string", kwlist,
                                     &text_obj, &source)) {
        return NULL;
    }
    /* str and bytes are immutable, so their buffers stay valid and
     * unchanged while the GIL is released (text_obj is held by args). */
    if (PyUnicode_Check(text_obj)) {
        text = PyUnicode_AsUTF8AndSize(text_obj, &len);
        if (text == NULL) {
            return NULL;
        }
    } else if (PyBytes_Check(text_obj)) {
        char *buf;
        if (PyBytes_AsStringAndSize(text_obj, &buf, &len) < 0) {
            return NULL;
        }
        text = buf;
    } else {
        PyErr_SetString(PyExc_TypeError,
                        "load_string() argument 'text' must be str or bytes");
        return NULL;
    }
    memset(&stats, 0, sizeof stats);
    ACQUIRE_LOCK(self);
    if (check_open(self) < 0) {
        goto out;
    }
    Py_BEGIN_ALLOW_THREADS status = podsim_cluster_load_string(
        self->cluster, text, (size_t)len, source, &stats);
    Py_END_ALLOW_THREADS if (status != PODSIM_OK) {
        cluster_error(self, status);
        goto out;
    }
    result = load_stats_to_dict(&stats);
out:
    RELEASE_LOCK(self);
    return result;
}

PyDoc_STRVAR(cluster_count_doc,
             "count($self, kind, /)\n--\n\n"
             "Number of objects of a kind (\"Node\", \"Pod\", ...). Ids run "
             "0..count-1.");

static PyObject *cluster_count(PyObject *op, PyObject *args) {
    ClusterObject *self = (ClusterObject *)op;
    module_state *st = state_from_type(Py_TYPE(op));
    const char *kind_name;
    podsim_kind kind;
    size_t n = 0;

    if (!PyArg_ParseTuple(args, "s:count", &kind_name) ||
        kind_from_name(st, kind_name, &kind) < 0) {
        return NULL;
    }
    ACQUIRE_LOCK(self);
    if (check_open(self) < 0) {
        RELEASE_LOCK(self);
        return NULL;
    }
    n = podsim_cluster_count(self->cluster, kind);
    RELEASE_LOCK(self);
    return PyLong_FromSize_t(n);
}

PyDoc_STRVAR(
    cluster_find_doc,
    "find($self, kind, namespace, name, /)\n--\n\n"
    "Id of the object of `kind` named `name` (podsim_cluster_find).\n"
    "`namespace` is ignored for cluster-scoped kinds; None means \"default\".\n"
    "Raises NotFound (a KeyError) when there is no such object.");

static PyObject *cluster_find(PyObject *op, PyObject *args) {
    ClusterObject *self = (ClusterObject *)op;
    module_state *st = state_from_type(Py_TYPE(op));
    const char *kind_name, *ns, *name;
    podsim_kind kind;
    podsim_id id = PODSIM_NO_ID;
    podsim_status status;
    PyObject *result = NULL;

    if (!PyArg_ParseTuple(args, "szs:find", &kind_name, &ns, &name) ||
        kind_from_name(st, kind_name, &kind) < 0) {
        return NULL;
    }
    ACQUIRE_LOCK(self);
    if (check_open(self) < 0) {
        goto out;
    }
    status = podsim_cluster_find(self->cluster, kind, ns, name, &id);
    if (status != PODSIM_OK) {
        cluster_error(self, status);
        goto out;
    }
    result = PyLong_FromLong((long)id);
out:
    RELEASE_LOCK(self);
    return result;
}

/* Convert object `id` of `kind`; returns NULL with IndexError when the id
 * is out of range. Call with the lock held. */
static PyObject *object_to_dict(ClusterObject *self, podsim_kind kind,
                                podsim_id id) {
    const podsim_cluster *c = self->cluster;
    const void *obj = NULL;
    conv_fn fn = NULL;

    switch (kind) {
    case PODSIM_KIND_NODE:
        obj = podsim_cluster_node(c, id);
        fn = conv_node;
        break;
    case PODSIM_KIND_POD:
        obj = podsim_cluster_pod(c, id);
        fn = conv_pod;
        break;
    case PODSIM_KIND_DEPLOYMENT:
    case PODSIM_KIND_REPLICASET:
    case PODSIM_KIND_STATEFULSET:
    case PODSIM_KIND_DAEMONSET:
    case PODSIM_KIND_JOB:
        obj = podsim_cluster_workload(c, kind, id);
        fn = conv_workload;
        break;
    case PODSIM_KIND_PRIORITYCLASS:
        obj = podsim_cluster_priority_class(c, id);
        fn = conv_priority_class;
        break;
    case PODSIM_KIND_PODDISRUPTIONBUDGET:
        obj = podsim_cluster_pdb(c, id);
        fn = conv_pdb;
        break;
    case PODSIM_KIND_PERSISTENTVOLUMECLAIM:
        obj = podsim_cluster_pvc(c, id);
        fn = conv_pvc;
        break;
    case PODSIM_KIND_PERSISTENTVOLUME:
        obj = podsim_cluster_pv(c, id);
        fn = conv_pv;
        break;
    case PODSIM_KIND_STORAGECLASS:
        obj = podsim_cluster_storage_class(c, id);
        fn = conv_storage_class;
        break;
    case PODSIM_KIND_CONFIGMAP:
    case PODSIM_KIND_SECRET:
        obj = podsim_cluster_config(c, kind, id);
        fn = conv_config;
        break;
    case PODSIM_KIND_NAMESPACE:
        obj = podsim_cluster_namespace(c, id);
        fn = conv_namespace;
        break;
    case PODSIM_KIND_SERVICE:
        obj = podsim_cluster_service(c, id);
        fn = conv_service;
        break;
    case PODSIM_KIND_EVENT:
        obj = podsim_cluster_event(c, id);
        fn = conv_event;
        break;
    case PODSIM_KIND_COUNT:
    default: break;
    }
    if (obj == NULL || fn == NULL) {
        PyErr_Format(PyExc_IndexError, "%s id %d out of range",
                     podsim_kind_name(kind), (int)id);
        return NULL;
    }
    return fn(obj);
}

PyDoc_STRVAR(
    cluster_get_doc,
    "get($self, kind, id, /)\n--\n\n"
    "The object `id` of `kind` converted to nested dicts and lists whose keys\n"
    "are the field names of podsim.h. Quantities are (mantissa, exponent,\n"
    "format) tuples, timestamps int ms or None, absent values None.\n"
    "Raises IndexError when the id is out of range.");

static PyObject *cluster_get(PyObject *op, PyObject *args) {
    ClusterObject *self = (ClusterObject *)op;
    module_state *st = state_from_type(Py_TYPE(op));
    const char *kind_name;
    podsim_kind kind;
    int id;
    PyObject *result = NULL;

    if (!PyArg_ParseTuple(args, "si:get", &kind_name, &id) ||
        kind_from_name(st, kind_name, &kind) < 0) {
        return NULL;
    }
    ACQUIRE_LOCK(self);
    if (check_open(self) == 0) {
        result = object_to_dict(self, kind, (podsim_id)id);
    }
    RELEASE_LOCK(self);
    return result;
}

static int time_arg(PyObject *v, int64_t *out) {
    long long ms;
    if (v == NULL || v == Py_None) {
        *out = PODSIM_NO_TIME;
        return 0;
    }
    ms = PyLong_AsLongLong(v);
    if (ms == -1 && PyErr_Occurred()) {
        return -1;
    }
    *out = (int64_t)ms;
    return 0;
}

PyDoc_STRVAR(
    cluster_render_doc,
    "render($self, /, view, flags=0, as_of_ms=None)\n--\n\n"
    "A kubectl-style table (podsim_cluster_render). `view` is VIEW_NODES,\n"
    "VIEW_PODS or VIEW_NODE_REQUESTS, `flags` RENDER_WIDE or 0, `as_of_ms`\n"
    "the time ages are relative to (None: the newest timestamp in the model).");

static PyObject *cluster_render(PyObject *op, PyObject *args,
                                PyObject *kwargs) {
    static char *kwlist[] = {"view", "flags", "as_of_ms", NULL};
    ClusterObject *self = (ClusterObject *)op;
    int view;
    unsigned int flags = 0;
    PyObject *as_of_obj = Py_None, *result = NULL;
    int64_t as_of;
    const char *text = NULL;
    size_t len = 0;
    podsim_status status;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "i|IO:render", kwlist, &view,
                                     &flags, &as_of_obj) ||
        time_arg(as_of_obj, &as_of) < 0) {
        return NULL;
    }
    ACQUIRE_LOCK(self);
    if (check_open(self) < 0) {
        goto out;
    }
    status = podsim_cluster_render(self->cluster, (podsim_view)view, flags,
                                   as_of, &text, &len);
    if (status != PODSIM_OK) {
        cluster_error(self, status);
        goto out;
    }
    result = PyUnicode_DecodeUTF8(text != NULL ? text : "", (Py_ssize_t)len,
                                  "surrogateescape");
out:
    RELEASE_LOCK(self);
    return result;
}

PyDoc_STRVAR(cluster_pod_order_doc,
             "pod_order($self, /)\n--\n\n"
             "Ids of the pods kubectl get pods -A lists, in its order "
             "(podsim_cluster_pod_order).");

static PyObject *cluster_pod_order(PyObject *op, PyObject *unused) {
    (void)unused;
    ClusterObject *self = (ClusterObject *)op;
    PyObject *result = NULL;
    podsim_id *ids = NULL;
    size_t count = 0;
    podsim_status status;

    ACQUIRE_LOCK(self);
    if (check_open(self) < 0) {
        goto out;
    }
    status = podsim_cluster_pod_order(self->cluster, NULL, 0, &count);
    if (status != PODSIM_OK && status != PODSIM_ENOSPC) {
        cluster_error(self, status);
        goto out;
    }
    ids = PyMem_Malloc((count ? count : 1) * sizeof(*ids));
    if (ids == NULL) {
        PyErr_NoMemory();
        goto out;
    }
    status = podsim_cluster_pod_order(self->cluster, ids, count, &count);
    if (status != PODSIM_OK) {
        cluster_error(self, status);
        goto out;
    }
    result = PyList_New((Py_ssize_t)count);
    for (size_t i = 0; result != NULL && i < count; i++) {
        PyObject *v = PyLong_FromLong((long)ids[i]);
        if (v == NULL) {
            Py_CLEAR(result);
            break;
        }
        if (PyList_SetItem(result, (Py_ssize_t)i, v) < 0) {
            Py_CLEAR(result);
            break;
        }
    }
out:
    RELEASE_LOCK(self);
    PyMem_Free(ids);
    return result;
}

PyDoc_STRVAR(cluster_pod_row_doc,
             "pod_row($self, /, id, as_of_ms=None)\n--\n\n"
             "The READY, STATUS, RESTARTS and AGE columns of `kubectl get "
             "pods` for pod\n"
             "`id` (podsim_pod_row_get), as a dict.");

static PyObject *cluster_pod_row(PyObject *op, PyObject *args,
                                 PyObject *kwargs) {
    static char *kwlist[] = {"id", "as_of_ms", NULL};
    ClusterObject *self = (ClusterObject *)op;
    int id;
    PyObject *as_of_obj = Py_None, *result = NULL;
    int64_t as_of;
    podsim_pod_row row;
    podsim_status status;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "i|O:pod_row", kwlist, &id,
                                     &as_of_obj) ||
        time_arg(as_of_obj, &as_of) < 0) {
        return NULL;
    }
    memset(&row, 0, sizeof row);
    ACQUIRE_LOCK(self);
    if (check_open(self) < 0) {
        goto out;
    }
    status = podsim_pod_row_get(self->cluster, (podsim_id)id, as_of, &row);
    if (status != PODSIM_OK) {
        cluster_error(self, status);
        goto out;
    }
    {
        PyObject *d = PyDict_New();
        if (d == NULL) {
            goto out;
        }
        if (put(d, "ready", py_str(row.ready)) < 0 ||
            put(d, "status", py_str(row.status)) < 0 ||
            put(d, "restarts", py_str(row.restarts)) < 0 ||
            put(d, "age", py_str(row.age)) < 0) {
            Py_DECREF(d);
            goto out;
        }
        result = d;
    }
out:
    RELEASE_LOCK(self);
    return result;
}

PyDoc_STRVAR(
    cluster_compute_requests_doc,
    "compute_requests($self, /, pod_id, flags=0)\n--\n\n"
    "Aggregate requests of a pod (podsim_pod_compute_requests) as a dict\n"
    "name -> (mantissa, exponent, format). `flags` ORs\n"
    "REQUESTS_EXCLUDE_OVERHEAD, REQUESTS_NON_ZERO, REQUESTS_SKIP_POD_LEVEL.");

static PyObject *cluster_compute_requests(PyObject *op, PyObject *args,
                                          PyObject *kwargs) {
    static char *kwlist[] = {"pod_id", "flags", NULL};
    ClusterObject *self = (ClusterObject *)op;
    int id;
    unsigned int flags = 0;
    podsim_resource stack_buf[16];
    podsim_resource *buf = stack_buf;
    size_t cap = sizeof stack_buf / sizeof stack_buf[0];
    size_t count = 0;
    podsim_status status;
    PyObject *result = NULL;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "i|I:compute_requests",
                                     kwlist, &id, &flags)) {
        return NULL;
    }
    ACQUIRE_LOCK(self);
    if (check_open(self) < 0) {
        goto out;
    }
    status = podsim_pod_compute_requests(self->cluster, (podsim_id)id, flags,
                                         buf, cap, &count);
    if (status == PODSIM_ENOSPC) {
        cap = count;
        buf = PyMem_Malloc(cap * sizeof *buf);
        if (buf == NULL) {
            PyErr_NoMemory();
            goto out;
        }
        status = podsim_pod_compute_requests(self->cluster, (podsim_id)id,
                                             flags, buf, cap, &count);
    }
    if (status != PODSIM_OK) {
        cluster_error(self, status);
        goto out;
    }
    result = py_resource_items(buf, count < cap ? count : cap);
out:
    RELEASE_LOCK(self);
    if (buf != stack_buf) {
        PyMem_Free(buf);
    }
    return result;
}

static PyObject *cluster_get_kubernetes_version(PyObject *op, void *closure) {
    (void)closure;
    ClusterObject *self = (ClusterObject *)op;
    PyObject *result = NULL;
    ACQUIRE_LOCK(self);
    if (check_open(self) == 0) {
        result = py_str(podsim_cluster_kubernetes_version(self->cluster));
    }
    RELEASE_LOCK(self);
    return result;
}

static PyObject *cluster_get_closed(PyObject *op, void *closure) {
    (void)closure;
    ClusterObject *self = (ClusterObject *)op;
    int closed;
    ACQUIRE_LOCK(self);
    closed = self->cluster == NULL;
    RELEASE_LOCK(self);
    return PyBool_FromLong(closed);
}

/* ===================================================================== */
/* Scheduling: results -> dicts, SchedulerConfig, custom plugins          */
/* ===================================================================== */

/* ---- results (keys are the field names of podsim.h) ------------------ */

static PyObject *conv_node_filter(const void *p) {
    const podsim_node_filter *f = p;
    BEGIN_DICT()
    F_STR(f, node);
    F_ENUM(f, code, PODSIM_ENUM_FIT_CODE);
    F_STR(f, plugin);
    F_STRS(f, reasons);
    END_DICT()
}

static PyObject *conv_plugin_score(const void *p) {
    const podsim_plugin_score *s = p;
    BEGIN_DICT()
    F_STR(s, plugin);
    F_INT(s, raw);
    F_INT(s, score);
    F_INT(s, weighted);
    F_INT(s, weight);
    F_BOOL(s, skipped);
    END_DICT()
}

static PyObject *conv_node_score(const void *p) {
    const podsim_node_score *s = p;
    BEGIN_DICT()
    F_STR(s, node);
    F_LIST(s, plugins, plugin_count, conv_plugin_score);
    F_INT(s, total);
    END_DICT()
}

static PyObject *conv_preemption(const void *p) {
    const podsim_preemption *pr = p;
    BEGIN_DICT()
    F_STR(pr, node);
    F_STRS(pr, victims);
    F_INT(pr, pdb_violations);
    END_DICT()
}

/* The one conversion of a scheduling outcome (also each of a batch's). */
static PyObject *conv_schedule_result(const void *p) {
    const podsim_schedule_result *r = p;
    BEGIN_DICT()
    F_STR(r, pod);
    F_STR(r, profile);
    F_STR(r, node);
    F_BOOL(r, bound);
    F_BOOL(r, gated);
    F_STR(r, message);
    F_SIZE(r, node_count);
    F_SIZE(r, evaluated_count);
    F_STRS(r, feasible);
    F_STRS(r, top_nodes);
    F_PTR(r, preemption, conv_preemption);
    F_LIST(r, filters, filter_count, conv_node_filter);
    F_LIST(r, scores, score_count, conv_node_score);
    F_STRS(r, score_plugins);
    END_DICT()
}

static PyObject *conv_schedule_batch(const podsim_schedule_batch *b) {
    PyObject *results = PyList_New((Py_ssize_t)b->count);
    BEGIN_DICT()
    if (results == NULL) {
        goto fail;
    }
    for (size_t i = 0; i < b->count; i++) {
        PyObject *v = conv_schedule_result(b->results[i]);
        if (v == NULL) {
            Py_DECREF(results);
            goto fail;
        }
        PyList_SetItem(results, (Py_ssize_t)i, v); /* steals */
    }
    PUT("results", results);
    F_SIZE(b, count);
    F_SIZE(b, scheduled);
    F_SIZE(b, unschedulable);
    F_SIZE(b, gated);
    END_DICT()
}

/* ---- SchedulerConfig ------------------------------------------------- */

typedef struct ConfigObject ConfigObject;

/* A Python plugin registered on one configuration: the userdata of its
 * podsim_plugin_def. Heap-allocated so its address stays put. */
typedef struct py_plugin {
    ConfigObject *owner; /* borrowed: the config owns the plugin */
    char *name;          /* PyMem copy, to find it on re-registration */
    PyObject *filter;    /* callables, or NULL */
    PyObject *score;
} py_plugin;

struct ConfigObject {
    PyObject_HEAD podsim_scheduler_config *config;
    PyThread_type_lock lock;
    unsigned long busy_thread; /* thread inside a scheduling call, or 0 */
    py_plugin **plugins;       /* PyMem array of PyMem plugins */
    size_t plugin_count;
    size_t plugin_cap;
    /* The first exception a callback raised during the current scheduling
     * call; the call then fails with PluginError caused by it. */
    PyObject *callback_error;
};

static void plugin_free(py_plugin *pl) {
    if (pl == NULL) {
        return;
    }
    Py_XDECREF(pl->filter);
    Py_XDECREF(pl->score);
    PyMem_Free(pl->name);
    PyMem_Free(pl);
}

/* Copy `s` into call->message (255 bytes at most, cut on a UTF-8
 * character boundary). */
static void set_call_message(podsim_plugin_call *call, const char *s) {
    size_t n = strlen(s);
    if (n >= sizeof call->message) {
        n = sizeof call->message - 1;
        while (n > 0 && ((unsigned char)s[n] & 0xC0u) == 0x80u) {
            n--; /* s[n] continues a character: cut before it */
        }
    }
    memcpy(call->message, s, n);
    call->message[n] = '\0';
}

/*
 * A callback failed with the pending Python exception: keep the first one
 * for the binding to re-raise as PluginError's __cause__, describe it in
 * call->message ("ValueError: bad node") and fail the attempt.
 */
static podsim_status callback_failed(py_plugin *pl, podsim_plugin_call *call) {
    PyObject *type = NULL, *value = NULL, *tb = NULL;
    PyObject *type_name = NULL, *text = NULL;
    const char *tn = NULL, *tx = NULL;
    char buf[sizeof call->message];

    PyErr_Fetch(&type, &value, &tb);
    PyErr_NormalizeException(&type, &value, &tb);
    if (value == NULL) { /* cannot happen after a failed call; be safe */
        value = Py_NewRef(Py_None);
    }
    if (tb != NULL && value != Py_None) {
        PyException_SetTraceback(value, tb);
    }
    if (type != NULL) {
        type_name = PyType_GetName((PyTypeObject *)type);
    }
    text = PyObject_Str(value);
    if (type_name != NULL) {
        tn = PyUnicode_AsUTF8AndSize(type_name, NULL);
    }
    if (text != NULL) {
        tx = PyUnicode_AsUTF8AndSize(text, NULL);
    }
    PyErr_Clear(); /* a failure to describe the error is not the error */
    if (tn != NULL && tx != NULL && tx[0] != '\0') {
        snprintf(buf, sizeof buf, "%s: %s", tn, tx);
    } else {
        snprintf(buf, sizeof buf, "%s", tn != NULL ? tn : "exception");
    }
    set_call_message(call, buf);
    Py_XDECREF(type_name);
    Py_XDECREF(text);
    Py_XDECREF(type);
    Py_XDECREF(tb);
    if (pl->owner->callback_error == NULL) {
        pl->owner->callback_error = value; /* keeps the reference */
    } else {
        Py_DECREF(value);
    }
    return PODSIM_EINVAL;
}

/* A callback returned something of the wrong type: fail as if it raised
 * TypeError. */
static podsim_status callback_bad_result(py_plugin *pl,
                                         podsim_plugin_call *call,
                                         PyObject *exc_type, const char *what) {
    PyErr_Format(exc_type, "plugin \"%s\": %s", pl->name, what);
    return callback_failed(pl, call);
}

/*
 * The Filter trampoline. The callable is fn(pod_id, node_id) and returns
 * None or True (the node fits), a str (Unschedulable with that reason) or
 * a tuple (reason, unresolvable) (UnschedulableAndUnresolvable when the
 * second item is true). The GIL is held: scheduling calls never release
 * it, and the core calls plugins on the calling thread.
 */
static podsim_status filter_trampoline(void *userdata,
                                       podsim_plugin_call *call) {
    py_plugin *pl = userdata;
    PyObject *res, *reason = NULL;
    int unresolvable = 0;
    const char *text;

    if (pl->owner->callback_error != NULL) {
        set_call_message(call, "an earlier callback failed");
        return PODSIM_EINVAL; /* the attempt is failing already */
    }
    res = PyObject_CallFunction(pl->filter, "ii", (int)call->pod,
                                (int)call->node);
    if (res == NULL) {
        return callback_failed(pl, call);
    }
    if (res == Py_None || res == Py_True) {
        Py_DECREF(res);
        call->code = PODSIM_FIT_SUCCESS;
        return PODSIM_OK;
    }
    if (PyUnicode_Check(res)) {
        reason = res;
    } else if (PyTuple_Check(res) && PyTuple_Size(res) == 2 &&
               PyUnicode_Check(PyTuple_GetItem(res, 0))) {
        reason = PyTuple_GetItem(res, 0);
        unresolvable = PyObject_IsTrue(PyTuple_GetItem(res, 1));
        if (unresolvable < 0) {
            Py_DECREF(res);
            return callback_failed(pl, call);
        }
    } else {
        Py_DECREF(res);
        return callback_bad_result(
            pl, call, PyExc_TypeError,
            "a filter returns None or True, a reason str, or a "
            "(reason, unresolvable) tuple");
    }
    text = PyUnicode_AsUTF8AndSize(reason, NULL);
    if (text == NULL) {
        Py_DECREF(res);
        return callback_failed(pl, call);
    }
    call->code =
        unresolvable ? PODSIM_FIT_UNRESOLVABLE : PODSIM_FIT_UNSCHEDULABLE;
    set_call_message(call, text);
    Py_DECREF(res);
    return PODSIM_OK;
}

/* The Score trampoline: fn(pod_id, node_id) returns an int in 0..100. */
static podsim_status score_trampoline(void *userdata,
                                      podsim_plugin_call *call) {
    py_plugin *pl = userdata;
    PyObject *res;
    long long v;

    if (pl->owner->callback_error != NULL) {
        set_call_message(call, "an earlier callback failed");
        return PODSIM_EINVAL;
    }
    res =
        PyObject_CallFunction(pl->score, "ii", (int)call->pod, (int)call->node);
    if (res == NULL) {
        return callback_failed(pl, call);
    }
    if (!PyLong_Check(res) || PyBool_Check(res)) {
        Py_DECREF(res);
        return callback_bad_result(pl, call, PyExc_TypeError,
                                   "a score must be an int in 0..100");
    }
    v = PyLong_AsLongLong(res);
    Py_DECREF(res);
    if (v == -1 && PyErr_Occurred()) {
        PyErr_Clear();
        v = -1; /* out of range either way */
    }
    if (v < 0 || v > 100) {
        return callback_bad_result(pl, call, PyExc_ValueError,
                                   "a score must be an int in 0..100");
    }
    call->score = (int64_t)v;
    return PODSIM_OK;
}

/* Map a failure of the configuration handle. */
static PyObject *config_error(ConfigObject *self, podsim_status status) {
    module_state *st = state_from_type(Py_TYPE((PyObject *)self));
    return set_error(st, status, podsim_scheduler_config_error(self->config),
                     NULL);
}

/* Lock a configuration for one of its own methods; refused inside a
 * callback of a scheduling call that uses it. */
static int config_enter(ConfigObject *self, const char *what) {
    if (refuse_in_callback(IN_CALLBACK(self), what) < 0) {
        return -1;
    }
    ACQUIRE_LOCK(self);
    return 0;
}

static PyObject *config_new(PyTypeObject *type, PyObject *args,
                            PyObject *kwargs) {
    static char *kwlist[] = {NULL};
    module_state *st = state_from_type(type);
    ConfigObject *self;
    allocfunc alloc;
    podsim_status status;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, ":SchedulerConfig",
                                     kwlist)) {
        return NULL;
    }
    alloc = FROM_SLOT(allocfunc, PyType_GetSlot(type, Py_tp_alloc));
    self = (ConfigObject *)alloc(type, 0);
    if (self == NULL) {
        return NULL;
    }
    self->config = NULL;
    self->busy_thread = 0;
    self->plugins = NULL;
    self->plugin_count = self->plugin_cap = 0;
    self->callback_error = NULL;
    self->lock = PyThread_allocate_lock();
    if (self->lock == NULL) {
        Py_DECREF(self);
        PyErr_SetString(PyExc_MemoryError, "unable to allocate lock");
        return NULL;
    }
    status = podsim_scheduler_config_new(&self->config);
    if (status != PODSIM_OK) {
        Py_DECREF(self);
        return set_error(st, status, NULL, podsim_status_str(status));
    }
    return (PyObject *)self;
}

static int config_traverse(PyObject *op, visitproc visit, void *arg) {
    ConfigObject *self = (ConfigObject *)op;
    Py_VISIT(Py_TYPE(op));
    for (size_t i = 0; i < self->plugin_count; i++) {
        Py_VISIT(self->plugins[i]->filter);
        Py_VISIT(self->plugins[i]->score);
    }
    Py_VISIT(self->callback_error);
    return 0;
}

/* Frees the C configuration before the callables it points to, so no
 * trampoline can reach a released plugin. */
static int config_clear(PyObject *op) {
    ConfigObject *self = (ConfigObject *)op;
    podsim_scheduler_config_free(self->config);
    self->config = NULL;
    for (size_t i = 0; i < self->plugin_count; i++) {
        plugin_free(self->plugins[i]);
    }
    PyMem_Free(self->plugins);
    self->plugins = NULL;
    self->plugin_count = self->plugin_cap = 0;
    Py_CLEAR(self->callback_error);
    return 0;
}

static void config_dealloc(PyObject *op) {
    ConfigObject *self = (ConfigObject *)op;
    PyTypeObject *tp = Py_TYPE(op);
    freefunc tp_free;

    PyObject_GC_UnTrack(op);
    (void)config_clear(op);
    if (self->lock != NULL) {
        PyThread_free_lock(self->lock);
        self->lock = NULL;
    }
    tp_free = FROM_SLOT(freefunc, PyType_GetSlot(tp, Py_tp_free));
    tp_free(op);
    Py_DECREF(tp);
}

/* Call with the lock held; config_clear leaves no C configuration. */
static int config_check(ConfigObject *self) {
    if (self->config == NULL) {
        PyErr_SetString(PyExc_ValueError, "SchedulerConfig was cleared");
        return -1;
    }
    return 0;
}

/* str or bytes -> UTF-8 buffer borrowed from `obj`. */
static int text_arg(PyObject *obj, const char *what, const char **text,
                    Py_ssize_t *len) {
    if (PyUnicode_Check(obj)) {
        *text = PyUnicode_AsUTF8AndSize(obj, len);
        return *text == NULL ? -1 : 0;
    }
    if (PyBytes_Check(obj)) {
        char *buf;
        if (PyBytes_AsStringAndSize(obj, &buf, len) < 0) {
            return -1;
        }
        *text = buf;
        return 0;
    }
    PyErr_Format(PyExc_TypeError, "%s must be str or bytes", what);
    return -1;
}

PyDoc_STRVAR(config_load_file_doc,
             "load_file($self, /, path)\n--\n\n"
             "Replace the configuration with a KubeSchedulerConfiguration "
             "file\n(podsim_scheduler_config_load_file). Unchanged on "
             "failure.");

static PyObject *config_load_file(PyObject *op, PyObject *args,
                                  PyObject *kwargs) {
    static char *kwlist[] = {"path", NULL};
    ConfigObject *self = (ConfigObject *)op;
    PyObject *path_bytes = NULL, *result = NULL;
    podsim_status status;
    const char *path;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O&:load_file", kwlist,
                                     PyUnicode_FSConverter, &path_bytes)) {
        return NULL;
    }
    path = PyBytes_AsString(path_bytes);
    if (path == NULL || config_enter(self, "SchedulerConfig.load_file()") < 0) {
        Py_DECREF(path_bytes);
        return NULL;
    }
    if (config_check(self) == 0) {
        status = podsim_scheduler_config_load_file(self->config, path);
        result = status == PODSIM_OK ? Py_NewRef(Py_None)
                                     : config_error(self, status);
    }
    RELEASE_LOCK(self);
    Py_DECREF(path_bytes);
    return result;
}

PyDoc_STRVAR(config_load_string_doc,
             "load_string($self, /, text, source=None)\n--\n\n"
             "Replace the configuration with KubeSchedulerConfiguration YAML "
             "or\nJSON text (podsim_scheduler_config_load_string). `source` "
             "names the\ntext in errors. Unchanged on failure.");

static PyObject *config_load_string(PyObject *op, PyObject *args,
                                    PyObject *kwargs) {
    static char *kwlist[] = {"text", "source", NULL};
    ConfigObject *self = (ConfigObject *)op;
    PyObject *text_obj, *result = NULL;
    const char *source = NULL, *text;
    Py_ssize_t len;
    podsim_status status;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O|z:load_string", kwlist,
                                     &text_obj, &source) ||
        text_arg(text_obj, "load_string() argument 'text'", &text, &len) < 0 ||
        config_enter(self, "SchedulerConfig.load_string()") < 0) {
        return NULL;
    }
    if (config_check(self) == 0) {
        status = podsim_scheduler_config_load_string(self->config, text,
                                                     (size_t)len, source);
        result = status == PODSIM_OK ? Py_NewRef(Py_None)
                                     : config_error(self, status);
    }
    RELEASE_LOCK(self);
    return result;
}

/* Index of the plugin called `name` among self->plugins, or -1. */
static Py_ssize_t plugin_index(ConfigObject *self, const char *name) {
    for (size_t i = 0; i < self->plugin_count; i++) {
        if (strcmp(self->plugins[i]->name, name) == 0) {
            return (Py_ssize_t)i;
        }
    }
    return -1;
}

static py_plugin *plugin_new(ConfigObject *self, const char *name,
                             PyObject *filter, PyObject *score) {
    size_t n = strlen(name) + 1;
    py_plugin *pl = PyMem_Calloc(1, sizeof *pl);
    if (pl == NULL || (pl->name = PyMem_Malloc(n)) == NULL) {
        PyMem_Free(pl);
        PyErr_NoMemory();
        return NULL;
    }
    memcpy(pl->name, name, n);
    pl->owner = self;
    pl->filter = filter == Py_None ? NULL : Py_NewRef(filter);
    pl->score = score == Py_None ? NULL : Py_NewRef(score);
    return pl;
}

PyDoc_STRVAR(
    config_register_plugin_doc,
    "register_plugin($self, /, name, filter=None, score=None, weight=0)\n"
    "--\n\n"
    "Register (or replace) a custom plugin (podsim_scheduler_config_"
    "register_plugin).\n`filter` and `score` are callables fn(pod_id, "
    "node_id). A filter returns\nNone or True (fits), a reason str "
    "(Unschedulable) or (reason, unresolvable);\na score returns an int in "
    "0..100. An exception raised by a callback fails\nthe scheduling call "
    "with PluginError, the exception as its __cause__.\n`weight` is the "
    "score weight when the configuration gives none (0 means 1).");

static PyObject *config_register_plugin(PyObject *op, PyObject *args,
                                        PyObject *kwargs) {
    static char *kwlist[] = {"name", "filter", "score", "weight", NULL};
    ConfigObject *self = (ConfigObject *)op;
    PyObject *filter = Py_None, *score = Py_None, *result = NULL;
    const char *name;
    int weight = 0;
    podsim_plugin_def def;
    py_plugin *pl = NULL;
    Py_ssize_t old;
    podsim_status status;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "s|OOi:register_plugin",
                                     kwlist, &name, &filter, &score, &weight)) {
        return NULL;
    }
    if ((filter != Py_None && !PyCallable_Check(filter)) ||
        (score != Py_None && !PyCallable_Check(score))) {
        PyErr_SetString(PyExc_TypeError,
                        "register_plugin(): filter and score must be "
                        "callables or None");
        return NULL;
    }
    if (config_enter(self, "SchedulerConfig.register_plugin()") < 0) {
        return NULL;
    }
    if (config_check(self) < 0) {
        goto out;
    }
    /* room for one more first, so a registered plugin is always kept */
    if (self->plugin_count == self->plugin_cap) {
        size_t cap = self->plugin_cap ? self->plugin_cap * 2 : 4;
        py_plugin **grown =
            PyMem_Realloc(self->plugins, cap * sizeof *self->plugins);
        if (grown == NULL) {
            PyErr_NoMemory();
            goto out;
        }
        self->plugins = grown;
        self->plugin_cap = cap;
    }
    pl = plugin_new(self, name, filter, score);
    if (pl == NULL) {
        goto out;
    }
    memset(&def, 0, sizeof def);
    def.name = name;
    def.filter = pl->filter != NULL ? filter_trampoline : NULL;
    def.score = pl->score != NULL ? score_trampoline : NULL;
    def.weight = (int32_t)weight;
    def.userdata = pl;
    status = podsim_scheduler_config_register_plugin(self->config, &def);
    if (status != PODSIM_OK) {
        plugin_free(pl);
        config_error(self, status);
        goto out;
    }
    /* the core now calls `pl`; a plugin of the same name is replaced */
    old = plugin_index(self, name);
    if (old >= 0) {
        plugin_free(self->plugins[old]);
        self->plugins[old] = pl;
    } else {
        self->plugins[self->plugin_count++] = pl;
    }
    result = Py_NewRef(Py_None);
out:
    RELEASE_LOCK(self);
    return result;
}

PyDoc_STRVAR(config_profiles_doc,
             "profiles($self, /)\n--\n\n"
             "The schedulerNames of the profiles, in order "
             "(podsim_scheduler_config_profile_count/_name).");

static PyObject *config_profiles(PyObject *op, PyObject *unused) {
    (void)unused;
    ConfigObject *self = (ConfigObject *)op;
    PyObject *list = NULL;
    size_t n;

    if (config_enter(self, "SchedulerConfig.profiles()") < 0) {
        return NULL;
    }
    if (config_check(self) < 0) {
        goto out;
    }
    n = podsim_scheduler_config_profile_count(self->config);
    list = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; list != NULL && i < n; i++) {
        PyObject *v =
            py_str(podsim_scheduler_config_profile_name(self->config, i));
        if (v == NULL) {
            Py_CLEAR(list);
            break;
        }
        PyList_SetItem(list, (Py_ssize_t)i, v); /* steals */
    }
out:
    RELEASE_LOCK(self);
    return list;
}

PyDoc_STRVAR(config_describe_doc,
             "describe($self, /, profile=None)\n--\n\n"
             "The effective plugins of a profile, one line per extension "
             "point\n(podsim_scheduler_config_describe). Raises NotFound for "
             "an unknown\nprofile, InvalidArgument for an unknown plugin.");

static PyObject *config_describe(PyObject *op, PyObject *args,
                                 PyObject *kwargs) {
    static char *kwlist[] = {"profile", NULL};
    ConfigObject *self = (ConfigObject *)op;
    const char *profile = NULL, *text = NULL;
    PyObject *result = NULL;
    podsim_status status;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "|z:describe", kwlist,
                                     &profile) ||
        config_enter(self, "SchedulerConfig.describe()") < 0) {
        return NULL;
    }
    if (config_check(self) == 0) {
        status = podsim_scheduler_config_describe(self->config, profile, &text);
        result = status == PODSIM_OK ? py_str(text != NULL ? text : "")
                                     : config_error(self, status);
    }
    RELEASE_LOCK(self);
    return result;
}

static PyMethodDef config_methods[] = {
    {"load_file", (PyCFunction)(void (*)(void))config_load_file,
     METH_VARARGS | METH_KEYWORDS, config_load_file_doc},
    {"load_string", (PyCFunction)(void (*)(void))config_load_string,
     METH_VARARGS | METH_KEYWORDS, config_load_string_doc},
    {"register_plugin", (PyCFunction)(void (*)(void))config_register_plugin,
     METH_VARARGS | METH_KEYWORDS, config_register_plugin_doc},
    {"profiles", config_profiles, METH_NOARGS, config_profiles_doc},
    {"describe", (PyCFunction)(void (*)(void))config_describe,
     METH_VARARGS | METH_KEYWORDS, config_describe_doc},
    {NULL, NULL, 0, NULL},
};

PyDoc_STRVAR(config_doc,
             "SchedulerConfig()\n--\n\n"
             "A kube-scheduler configuration, initially the default profile\n"
             "(podsim_scheduler_config_new). Low-level: use "
             "podsim.SchedulerConfig.");

static PyType_Slot config_slots[] = {
    {Py_tp_new, TO_SLOT(config_new)},
    {Py_tp_dealloc, TO_SLOT(config_dealloc)},
    {Py_tp_traverse, TO_SLOT(config_traverse)},
    {Py_tp_clear, TO_SLOT(config_clear)},
    {Py_tp_methods, config_methods},
    {Py_tp_doc, (void *)config_doc},
    {0, NULL},
};

static PyType_Spec config_spec = {
    .name = "podsim._podsim.SchedulerConfig",
    .basicsize = sizeof(ConfigObject),
    .itemsize = 0,
    /* final, like Cluster (state_from_type) */
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = config_slots,
};

/* ---- Cluster's scheduling methods ------------------------------------ */

/* What one scheduling call does, between taking and releasing the locks. */
typedef enum { SCHED_ONE, SCHED_TEXT, SCHED_PENDING } sched_call_kind;

typedef struct {
    sched_call_kind kind;
    podsim_id pod;    /* SCHED_ONE */
    const char *text; /* SCHED_TEXT */
    size_t len;
    const char *source;
    podsim_schedule_options options;
} sched_call;

/* `config` argument: a _podsim.SchedulerConfig, or None for the default. */
static int config_arg(module_state *st, PyObject *obj, ConfigObject **out) {
    if (obj == Py_None) {
        *out = NULL;
        return 0;
    }
    if (!Py_IS_TYPE(obj, st->config_type)) {
        PyErr_SetString(PyExc_TypeError,
                        "config must be a _podsim.SchedulerConfig or None");
        return -1;
    }
    *out = (ConfigObject *)obj;
    return 0;
}

/*
 * Run one scheduling call with the cluster's and the configuration's locks
 * held and both marked busy by this thread (callbacks read the cluster
 * through the held lock). The GIL stays held: plugins are Python code.
 * Returns the result converted, or NULL with the exception set; a failure
 * a callback caused raises PluginError chained to the callback's
 * exception.
 */
static PyObject *run_schedule(ClusterObject *self, ConfigObject *cfg,
                              const sched_call *call) {
    module_state *st = state_from_type(Py_TYPE((PyObject *)self));
    podsim_scheduler_config *config = NULL;
    podsim_schedule_result *result = NULL;
    podsim_schedule_batch *batch = NULL;
    PyObject *out = NULL, *cause = NULL;
    unsigned long me = PyThread_get_thread_ident();
    podsim_status status = PODSIM_EINVAL;

    if (refuse_in_callback(IN_CALLBACK(self), "scheduling") < 0 ||
        (cfg != NULL &&
         refuse_in_callback(IN_CALLBACK(cfg), "scheduling") < 0)) {
        return NULL;
    }
    /* schedule_string loads its pod into the model for the call */
    if ((call->kind != SCHED_ONE ||
         (call->options.flags & PODSIM_SCHEDULE_BIND) != 0) &&
        refuse_view(self, call->kind == SCHED_TEXT ? "scheduling a new pod"
                                                   : "binding") < 0) {
        return NULL;
    }
    ACQUIRE_LOCK(self); /* cluster before config: one order, no deadlock */
    if (cfg != NULL) {
        ACQUIRE_LOCK(cfg);
    }
    if (check_open(self) < 0 || (cfg != NULL && config_check(cfg) < 0)) {
        goto unlock;
    }
    if (cfg != NULL) {
        config = cfg->config;
        Py_CLEAR(cfg->callback_error);
        cfg->busy_thread = me;
    }
    self->busy_thread = me;
    switch (call->kind) {
    case SCHED_ONE:
        status = podsim_cluster_schedule(self->cluster, config, call->pod,
                                         &call->options, &result);
        break;
    case SCHED_TEXT:
        status = podsim_cluster_schedule_string(
            self->cluster, config, call->text, call->len, call->source,
            &call->options, &result);
        break;
    case SCHED_PENDING:
        status = podsim_cluster_schedule_pending(self->cluster, config,
                                                 &call->options, &batch);
        break;
    }
    self->busy_thread = 0;
    if (cfg != NULL) {
        cfg->busy_thread = 0;
        cause = cfg->callback_error; /* taken over */
        cfg->callback_error = NULL;
    }
    if (status != PODSIM_OK) {
        if (cause != NULL && !PyObject_IsInstance(cause, PyExc_Exception)) {
            /* KeyboardInterrupt, SystemExit: let them through as they are */
            PyErr_SetObject((PyObject *)Py_TYPE(cause), cause);
            Py_CLEAR(cause);
        } else {
            raise_error(st, status, podsim_cluster_error(self->cluster), NULL,
                        cause); /* steals cause */
            cause = NULL;
        }
    } else if (call->kind == SCHED_PENDING) {
        out = conv_schedule_batch(batch);
    } else {
        out = conv_schedule_result(result);
    }
    Py_XDECREF(cause); /* a callback error the core chose to ignore */
    podsim_schedule_result_free(result);
    podsim_schedule_batch_free(batch);
unlock:
    if (cfg != NULL) {
        RELEASE_LOCK(cfg);
    }
    RELEASE_LOCK(self);
    return out;
}

static void options_arg(const char *profile, unsigned int flags,
                        unsigned long long seed, podsim_schedule_options *o) {
    podsim_schedule_options init = PODSIM_SCHEDULE_OPTIONS_INIT;
    *o = init;
    o->profile = profile;
    o->flags = flags;
    o->seed = (uint64_t)seed;
}

PyDoc_STRVAR(
    cluster_schedule_doc,
    "schedule($self, /, config, pod_id, profile=None, flags=0, seed=0)\n"
    "--\n\n"
    "Schedule pod `pod_id` (podsim_cluster_schedule) with a SchedulerConfig\n"
    "or None (the default configuration). `profile` is a schedulerName "
    "(None:\nthe pod's), `flags` ORs SCHEDULE_EXPLAIN, SCHEDULE_BIND, "
    "SCHEDULE_EXHAUSTIVE,\nSCHEDULE_NO_PREEMPTION; a non-zero `seed` "
    "reseeds the tie-break stream.\nReturns the podsim_schedule_result as a "
    "dict (keys are its field names).");

static PyObject *cluster_schedule(PyObject *op, PyObject *args,
                                  PyObject *kwargs) {
    static char *kwlist[] = {"config", "pod_id", "profile",
                             "flags",  "seed",   NULL};
    ClusterObject *self = (ClusterObject *)op;
    module_state *st = state_from_type(Py_TYPE(op));
    PyObject *cfg_obj;
    ConfigObject *cfg;
    int pod;
    const char *profile = NULL;
    unsigned int flags = 0;
    unsigned long long seed = 0;
    sched_call call;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "Oi|zIK:schedule", kwlist,
                                     &cfg_obj, &pod, &profile, &flags, &seed) ||
        config_arg(st, cfg_obj, &cfg) < 0) {
        return NULL;
    }
    memset(&call, 0, sizeof call);
    call.kind = SCHED_ONE;
    call.pod = (podsim_id)pod;
    options_arg(profile, flags, seed, &call.options);
    return run_schedule(self, cfg, &call);
}

PyDoc_STRVAR(
    cluster_schedule_string_doc,
    "schedule_string($self, /, config, text, source=None, profile=None, "
    "flags=0, seed=0)\n--\n\n"
    "Schedule a pod given as YAML or JSON text "
    "(podsim_cluster_schedule_string).\nThe pod stays in the model only if "
    "it was bound. Arguments and result as\nschedule().");

static PyObject *cluster_schedule_string(PyObject *op, PyObject *args,
                                         PyObject *kwargs) {
    static char *kwlist[] = {"config", "text", "source", "profile",
                             "flags",  "seed", NULL};
    ClusterObject *self = (ClusterObject *)op;
    module_state *st = state_from_type(Py_TYPE(op));
    PyObject *cfg_obj, *text_obj;
    ConfigObject *cfg;
    const char *source = NULL, *profile = NULL, *text;
    Py_ssize_t len;
    unsigned int flags = 0;
    unsigned long long seed = 0;
    sched_call call;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "OO|zzIK:schedule_string",
                                     kwlist, &cfg_obj, &text_obj, &source,
                                     &profile, &flags, &seed) ||
        config_arg(st, cfg_obj, &cfg) < 0 ||
        text_arg(text_obj, "schedule_string() argument 'text'", &text, &len) <
            0) {
        return NULL;
    }
    memset(&call, 0, sizeof call);
    call.kind = SCHED_TEXT;
    call.text = text;
    call.len = (size_t)len;
    call.source = source;
    options_arg(profile, flags, seed, &call.options);
    return run_schedule(self, cfg, &call);
}

PyDoc_STRVAR(
    cluster_schedule_pending_doc,
    "schedule_pending($self, /, config, flags=0, seed=0)\n--\n\n"
    "Schedule every pending pod in PrioritySort order, binding as it goes\n"
    "(podsim_cluster_schedule_pending). Returns the podsim_schedule_batch "
    "as a\ndict: results (a list of schedule() dicts), count, scheduled,\n"
    "unschedulable, gated.");

static PyObject *cluster_schedule_pending(PyObject *op, PyObject *args,
                                          PyObject *kwargs) {
    static char *kwlist[] = {"config", "flags", "seed", NULL};
    ClusterObject *self = (ClusterObject *)op;
    module_state *st = state_from_type(Py_TYPE(op));
    PyObject *cfg_obj;
    ConfigObject *cfg;
    unsigned int flags = 0;
    unsigned long long seed = 0;
    sched_call call;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O|IK:schedule_pending",
                                     kwlist, &cfg_obj, &flags, &seed) ||
        config_arg(st, cfg_obj, &cfg) < 0) {
        return NULL;
    }
    memset(&call, 0, sizeof call);
    call.kind = SCHED_PENDING;
    options_arg(NULL, flags, seed, &call.options);
    return run_schedule(self, cfg, &call);
}

/* Diagnosis methods, defined with the Diagnosis section below. */
static PyObject *cluster_diagnose(PyObject *op, PyObject *args,
                                  PyObject *kwargs);
static PyObject *cluster_diagnose_all(PyObject *op, PyObject *args,
                                      PyObject *kwargs);
static PyObject *cluster_diagnose_workload(PyObject *op, PyObject *args,
                                           PyObject *kwargs);

PyDoc_STRVAR(
    cluster_diagnose_doc,
    "diagnose($self, /, namespace, name, as_of_ms=None, rules=None, "
    "flags=0,\n         kubectl_version=None)\n--\n\n"
    "Diagnose one pod of the loaded dump (podsim_cluster_diagnose): a\n"
    "_podsim.Diagnosis. `namespace` and `name` None select the only pod; "
    "`as_of_ms`\nNone is the newest timestamp in the dump; `rules` a "
    "_podsim.Rules or None\n(the built-in rules); `flags` ORs "
    "DIAGNOSE_NO_WHATIF, DIAGNOSE_NO_KUBECTL.\nRaises NotFound for no such "
    "pod (or several when none is named).");

PyDoc_STRVAR(
    cluster_diagnose_all_doc,
    "diagnose_all($self, /, as_of_ms=None, rules=None, flags=0,\n"
    "             kubectl_version=None)\n--\n\n"
    "Every pod with at least one finding, in kubectl get pods -A order\n"
    "(podsim_cluster_diagnose_all), then every workload with one:\n"
    "(list of _podsim.Diagnosis, pods examined).");

PyDoc_STRVAR(
    cluster_diagnose_workload_doc,
    "diagnose_workload($self, /, kind, namespace, name, as_of_ms=None, "
    "rules=None,\n                  flags=0, kubectl_version=None)\n--\n\n"
    "Diagnose a workload of the loaded dump "
    "(podsim_cluster_diagnose_workload):\na _podsim.Diagnosis whose kind is "
    "`kind`, the Kubernetes kind name (Deployment,\nReplicaSet, StatefulSet, "
    "DaemonSet, Job); `namespace` None means \"default\".\nOther arguments "
    "as for Cluster.diagnose. Raises NotFound for no such\nworkload, "
    "InvalidArgument for another kind.");

static PyMethodDef cluster_methods[] = {
    {"load_file", (PyCFunction)(void (*)(void))cluster_load_file,
     METH_VARARGS | METH_KEYWORDS, cluster_load_file_doc},
    {"load_files", (PyCFunction)(void (*)(void))cluster_load_files,
     METH_VARARGS | METH_KEYWORDS, cluster_load_files_doc},
    {"load_string", (PyCFunction)(void (*)(void))cluster_load_string,
     METH_VARARGS | METH_KEYWORDS, cluster_load_string_doc},
    {"count", cluster_count, METH_VARARGS, cluster_count_doc},
    {"find", cluster_find, METH_VARARGS, cluster_find_doc},
    {"get", cluster_get, METH_VARARGS, cluster_get_doc},
    {"render", (PyCFunction)(void (*)(void))cluster_render,
     METH_VARARGS | METH_KEYWORDS, cluster_render_doc},
    {"pod_row", (PyCFunction)(void (*)(void))cluster_pod_row,
     METH_VARARGS | METH_KEYWORDS, cluster_pod_row_doc},
    {"pod_order", cluster_pod_order, METH_NOARGS, cluster_pod_order_doc},
    {"compute_requests", (PyCFunction)(void (*)(void))cluster_compute_requests,
     METH_VARARGS | METH_KEYWORDS, cluster_compute_requests_doc},
    {"schedule", (PyCFunction)(void (*)(void))cluster_schedule,
     METH_VARARGS | METH_KEYWORDS, cluster_schedule_doc},
    {"schedule_string", (PyCFunction)(void (*)(void))cluster_schedule_string,
     METH_VARARGS | METH_KEYWORDS, cluster_schedule_string_doc},
    {"schedule_pending", (PyCFunction)(void (*)(void))cluster_schedule_pending,
     METH_VARARGS | METH_KEYWORDS, cluster_schedule_pending_doc},
    {"diagnose", (PyCFunction)(void (*)(void))cluster_diagnose,
     METH_VARARGS | METH_KEYWORDS, cluster_diagnose_doc},
    {"diagnose_all", (PyCFunction)(void (*)(void))cluster_diagnose_all,
     METH_VARARGS | METH_KEYWORDS, cluster_diagnose_all_doc},
    {"diagnose_workload",
     (PyCFunction)(void (*)(void))cluster_diagnose_workload,
     METH_VARARGS | METH_KEYWORDS, cluster_diagnose_workload_doc},
    {"close", cluster_close, METH_NOARGS, cluster_close_doc},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef cluster_getset[] = {
    {"kubernetes_version", cluster_get_kubernetes_version, NULL,
     PyDoc_STR("The Kubernetes minor version in use, e.g. \"1.34\"."), NULL},
    {"closed", cluster_get_closed, NULL, PyDoc_STR("True after close()."),
     NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

PyDoc_STRVAR(
    cluster_doc,
    "Cluster(kubernetes_version=None, *, max_input_bytes=None, "
    "max_depth=None,\n"
    "        max_alias_expansion=None, max_scalar_bytes=None,\n"
    "        default_not_ready_toleration_seconds=None,\n"
    "        default_unreachable_toleration_seconds=None)\n--\n\n"
    "An empty podsim cluster model (podsim_cluster_new). Low-level: use\n"
    "podsim.Cluster.");

static PyType_Slot cluster_slots[] = {
    {Py_tp_new, TO_SLOT(cluster_new)},
    {Py_tp_dealloc, TO_SLOT(cluster_dealloc)},
    {Py_tp_traverse, TO_SLOT(cluster_traverse)},
    {Py_tp_methods, cluster_methods},
    {Py_tp_getset, cluster_getset},
    {Py_tp_doc, (void *)cluster_doc},
    {0, NULL},
};

static PyType_Spec cluster_spec = {
    .name = "podsim._podsim.Cluster",
    .basicsize = sizeof(ClusterObject),
    .itemsize = 0,
    /* final: no Py_TPFLAGS_BASETYPE (see state_from_type) */
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = cluster_slots,
};

/* ===================================================================== */
/* Simulation type                                                        */
/* ===================================================================== */

/*
 * A Simulation owns its podsim_sim and keeps alive what the core borrows
 * or shares: the Cluster it was made from and its SchedulerConfig (forks
 * keep them too). Long calls (runs, applies) release the GIL, except when
 * the configuration has Python plugins: then the run keeps the GIL and is
 * marked busy by this thread, like a scheduling call, so callbacks may
 * read the working model through the view but not change anything.
 */
struct SimObject {
    PyObject_HEAD podsim_sim *sim; /* NULL after close() */
    PyThread_type_lock lock;
    unsigned long busy_thread; /* thread of a run with plugins, or 0 */
    PyObject *cluster_obj;     /* the Cluster it was made from */
    ConfigObject *config;      /* its SchedulerConfig, or NULL */
    ClusterObject *view;       /* borrowed: the live view of the working model,
                                  which holds a reference to this object */
};

static void simulation_forget_view(SimObject *sim, ClusterObject *view) {
    if (sim->view == view) {
        sim->view = NULL;
    }
}

/* Map the handle's last failure. Call with the lock held. */
static PyObject *simulation_error(SimObject *self, podsim_status status) {
    module_state *st = state_from_type(Py_TYPE((PyObject *)self));
    return set_error(st, status, podsim_sim_error(self->sim), NULL);
}

/* Lock the simulation for a method and check it is open. `what` names a
 * change, refused inside a plugin callback of a run; NULL for a read.
 * Returns -1 with an exception set and the lock not held. */
static int simulation_enter(SimObject *self, const char *what) {
    if (what != NULL && refuse_in_callback(IN_CALLBACK(self), what) < 0) {
        return -1;
    }
    ACQUIRE_LOCK(self);
    if (self->sim == NULL) {
        RELEASE_LOCK(self);
        PyErr_SetString(PyExc_ValueError, "operation on a closed Simulation");
        return -1;
    }
    return 0;
}

/* Free the C handle (the view, if any, is left detached). Lock held or
 * the object unreachable. */
static void simulation_release(SimObject *self) {
    podsim_sim_free(self->sim);
    self->sim = NULL;
    if (self->view != NULL) {
        self->view->cluster = NULL;
    }
}

/* An allocated, empty Simulation of `type` (no handle yet). */
static SimObject *simulation_alloc(PyTypeObject *type) {
    allocfunc alloc = FROM_SLOT(allocfunc, PyType_GetSlot(type, Py_tp_alloc));
    SimObject *self = (SimObject *)alloc(type, 0);
    if (self == NULL) {
        return NULL;
    }
    self->sim = NULL;
    self->busy_thread = 0;
    self->cluster_obj = NULL;
    self->config = NULL;
    self->view = NULL;
    self->lock = PyThread_allocate_lock();
    if (self->lock == NULL) {
        Py_DECREF(self);
        PyErr_SetString(PyExc_MemoryError, "unable to allocate lock");
        return NULL;
    }
    return self;
}

/* ---- arguments -------------------------------------------------------- */

typedef struct {
    const char *name; /* the podsim_timing field */
    size_t offset;
    char type; /* 'L' int64_t, 'i' int32_t, 'I' unsigned */
} timing_field;

static const timing_field timing_fields[] = {
    {"sandbox_ms", offsetof(podsim_timing, sandbox_ms), 'L'},
    {"container_start_ms", offsetof(podsim_timing, container_start_ms), 'L'},
    {"image_pull_overhead_ms", offsetof(podsim_timing, image_pull_overhead_ms),
     'L'},
    {"image_pull_bytes_per_second",
     offsetof(podsim_timing, image_pull_bytes_per_second), 'L'},
    {"image_digest_check_ms", offsetof(podsim_timing, image_digest_check_ms),
     'L'},
    {"default_image_bytes", offsetof(podsim_timing, default_image_bytes), 'L'},
    {"max_parallel_image_pulls",
     offsetof(podsim_timing, max_parallel_image_pulls), 'i'},
    {"volume_mount_ms", offsetof(podsim_timing, volume_mount_ms), 'L'},
    {"volume_attach_ms", offsetof(podsim_timing, volume_attach_ms), 'L'},
    {"persistent_volume_mount_ms",
     offsetof(podsim_timing, persistent_volume_mount_ms), 'L'},
    {"container_stop_ms", offsetof(podsim_timing, container_stop_ms), 'L'},
    {"restart_lag_max_ms", offsetof(podsim_timing, restart_lag_max_ms), 'L'},
    {"jitter_percent", offsetof(podsim_timing, jitter_percent), 'i'},
    {"flags", offsetof(podsim_timing, flags), 'I'},
};

/* A dict of podsim_timing fields (keys are the C field names) into `t`,
 * which starts as PODSIM_TIMING_INIT. */
static int timing_arg(PyObject *obj, podsim_timing *t) {
    podsim_timing init = PODSIM_TIMING_INIT;
    PyObject *key, *value;
    Py_ssize_t pos = 0;

    *t = init;
    if (!PyDict_Check(obj)) {
        PyErr_SetString(PyExc_TypeError,
                        "timing must be a dict of podsim_timing fields");
        return -1;
    }
    while (PyDict_Next(obj, &pos, &key, &value)) {
        const timing_field *f = NULL;
        const char *name;
        long long v;
        if (!PyUnicode_Check(key)) {
            PyErr_SetString(PyExc_TypeError, "timing keys must be str");
            return -1;
        }
        name = PyUnicode_AsUTF8AndSize(key, NULL);
        if (name == NULL) {
            return -1;
        }
        for (size_t i = 0; i < sizeof timing_fields / sizeof *timing_fields;
             i++) {
            if (strcmp(timing_fields[i].name, name) == 0) {
                f = &timing_fields[i];
            }
        }
        if (f == NULL) {
            PyErr_Format(PyExc_TypeError, "timing has no field \"%s\"", name);
            return -1;
        }
        v = PyLong_AsLongLong(value);
        if (v == -1 && PyErr_Occurred()) {
            return -1;
        }
        switch (f->type) {
        case 'L': *(int64_t *)((char *)t + f->offset) = (int64_t)v; break;
        case 'i':
            if (v < INT32_MIN || v > INT32_MAX) {
                PyErr_Format(PyExc_OverflowError, "timing %s out of range",
                             name);
                return -1;
            }
            *(int32_t *)((char *)t + f->offset) = (int32_t)v;
            break;
        default:
            if (v < 0 || (unsigned long long)v > UINT_MAX) {
                PyErr_Format(PyExc_OverflowError, "timing %s out of range",
                             name);
                return -1;
            }
            *(unsigned *)((char *)t + f->offset) = (unsigned)v;
            break;
        }
    }
    return 0;
}

/* A simulated time in ms; None is the simulation's now. Call with the
 * lock held. */
static int sim_time_arg(SimObject *self, PyObject *obj, int64_t *out) {
    long long v;
    if (obj == NULL || obj == Py_None) {
        *out = podsim_sim_now(self->sim);
        return 0;
    }
    v = PyLong_AsLongLong(obj);
    if (v == -1 && PyErr_Occurred()) {
        return -1;
    }
    *out = (int64_t)v;
    return 0;
}

/* podsim_node_lifecycle fields by their C names; 'L' int64_t, 'i'
 * int32_t, 'd' double, 'I' unsigned. */
static const timing_field node_lifecycle_fields[] = {
    {"node_monitor_period_ms",
     offsetof(podsim_node_lifecycle, node_monitor_period_ms), 'L'},
    {"node_monitor_grace_period_ms",
     offsetof(podsim_node_lifecycle, node_monitor_grace_period_ms), 'L'},
    {"node_startup_grace_period_ms",
     offsetof(podsim_node_lifecycle, node_startup_grace_period_ms), 'L'},
    {"node_monitor_offset_ms",
     offsetof(podsim_node_lifecycle, node_monitor_offset_ms), 'L'},
    {"node_eviction_rate", offsetof(podsim_node_lifecycle, node_eviction_rate),
     'd'},
    {"secondary_node_eviction_rate",
     offsetof(podsim_node_lifecycle, secondary_node_eviction_rate), 'd'},
    {"large_cluster_size_threshold",
     offsetof(podsim_node_lifecycle, large_cluster_size_threshold), 'i'},
    {"unhealthy_zone_threshold",
     offsetof(podsim_node_lifecycle, unhealthy_zone_threshold), 'd'},
    {"default_not_ready_toleration_seconds",
     offsetof(podsim_node_lifecycle, default_not_ready_toleration_seconds),
     'L'},
    {"default_unreachable_toleration_seconds",
     offsetof(podsim_node_lifecycle, default_unreachable_toleration_seconds),
     'L'},
    {"lease_renew_interval_ms",
     offsetof(podsim_node_lifecycle, lease_renew_interval_ms), 'L'},
    {"heartbeat_age_ms", offsetof(podsim_node_lifecycle, heartbeat_age_ms),
     'L'},
    {"shutdown_grace_period_ms",
     offsetof(podsim_node_lifecycle, shutdown_grace_period_ms), 'L'},
    {"shutdown_grace_period_critical_pods_ms",
     offsetof(podsim_node_lifecycle, shutdown_grace_period_critical_pods_ms),
     'L'},
    {"pod_gc_period_ms", offsetof(podsim_node_lifecycle, pod_gc_period_ms),
     'L'},
    {"pod_gc_quarantine_ms",
     offsetof(podsim_node_lifecycle, pod_gc_quarantine_ms), 'L'},
    {"terminated_pod_gc_threshold",
     offsetof(podsim_node_lifecycle, terminated_pod_gc_threshold), 'i'},
    {"max_wait_for_unmount_ms",
     offsetof(podsim_node_lifecycle, max_wait_for_unmount_ms), 'L'},
    {"drain_retry_ms", offsetof(podsim_node_lifecycle, drain_retry_ms), 'L'},
    {"flags", offsetof(podsim_node_lifecycle, flags), 'I'},
};

/* A dict of podsim_node_lifecycle fields (keys are the C field names, values
 * as the core takes them: 0 = default, -1 = zero) into `nl`, which starts
 * as PODSIM_NODE_LIFECYCLE_INIT. */
static int node_lifecycle_arg(PyObject *obj, podsim_node_lifecycle *nl) {
    podsim_node_lifecycle init = PODSIM_NODE_LIFECYCLE_INIT;
    const size_t count =
        sizeof node_lifecycle_fields / sizeof *node_lifecycle_fields;
    PyObject *key, *value;
    Py_ssize_t pos = 0;

    *nl = init;
    if (!PyDict_Check(obj)) {
        PyErr_SetString(PyExc_TypeError,
                        "node_lifecycle must be a dict of "
                        "podsim_node_lifecycle fields");
        return -1;
    }
    while (PyDict_Next(obj, &pos, &key, &value)) {
        const timing_field *f = NULL;
        const char *name;
        char *field;
        long long v;
        if (!PyUnicode_Check(key)) {
            PyErr_SetString(PyExc_TypeError, "node_lifecycle keys must be str");
            return -1;
        }
        name = PyUnicode_AsUTF8AndSize(key, NULL);
        if (name == NULL) {
            return -1;
        }
        for (size_t i = 0; i < count; i++) {
            if (strcmp(node_lifecycle_fields[i].name, name) == 0) {
                f = &node_lifecycle_fields[i];
            }
        }
        if (f == NULL) {
            PyErr_Format(PyExc_TypeError, "node_lifecycle has no field \"%s\"",
                         name);
            return -1;
        }
        field = (char *)nl + f->offset;
        if (f->type == 'd') {
            double d = PyFloat_AsDouble(value);
            if (d == -1.0 && PyErr_Occurred()) {
                return -1;
            }
            *(double *)(void *)field = d;
            continue;
        }
        v = PyLong_AsLongLong(value);
        if (v == -1 && PyErr_Occurred()) {
            return -1;
        }
        if (f->type == 'L') {
            *(int64_t *)(void *)field = (int64_t)v;
        } else if (f->type == 'i') {
            if (v < INT32_MIN || v > INT32_MAX) {
                PyErr_Format(PyExc_OverflowError,
                             "node_lifecycle %s out of range", name);
                return -1;
            }
            *(int32_t *)(void *)field = (int32_t)v;
        } else {
            if (v < 0 || (unsigned long long)v > UINT_MAX) {
                PyErr_Format(PyExc_OverflowError,
                             "node_lifecycle %s out of range", name);
                return -1;
            }
            *(unsigned *)(void *)field = (unsigned)v;
        }
    }
    return 0;
}

/* ---- conversions (keys are the field names of podsim.h) --------------- */

static PyObject *conv_sim_event(const void *p) {
    const podsim_sim_event *e = p;
    BEGIN_DICT()
    F_INT(e, time);
    F_INT(e, first_time);
    F_INT(e, count);
    F_STR(e, type);
    F_STR(e, reason);
    F_STR(e, kind);
    PUT("namespace", py_str(e->namespace_));
    F_STR(e, name);
    F_STR(e, field_path);
    F_STR(e, source);
    F_STR(e, host);
    F_STR(e, message);
    PUT("seq", PyLong_FromUnsignedLongLong((unsigned long long)e->seq));
    END_DICT()
}

static PyObject *conv_sim_change(const void *p) {
    const podsim_sim_change *c = p;
    BEGIN_DICT()
    F_INT(c, time);
    F_STR(c, kind);
    PUT("namespace", py_str(c->namespace_));
    F_STR(c, name);
    F_STR(c, field);
    F_STR(c, value);
    END_DICT()
}

static PyObject *conv_sim_stats(const podsim_sim_stats *s) {
    BEGIN_DICT()
    PUT("events_processed",
        PyLong_FromUnsignedLongLong((unsigned long long)s->events_processed));
    PUT("pods_created",
        PyLong_FromUnsignedLongLong((unsigned long long)s->pods_created));
    PUT("pods_deleted",
        PyLong_FromUnsignedLongLong((unsigned long long)s->pods_deleted));
    PUT("scheduling_attempts", PyLong_FromUnsignedLongLong(
                                   (unsigned long long)s->scheduling_attempts));
    F_SIZE(s, pending);
    F_SIZE(s, memory_bytes);
    END_DICT()
}

/* The what-if report: times stay ms since the start with -1 for never,
 * as in podsim.h; the podsim package turns them into seconds and None. */
static PyObject *conv_report_pod(const void *p) {
    const podsim_report_pod *o = p;
    BEGIN_DICT()
    PUT("namespace", py_str(o->namespace_));
    F_STR(o, name);
    F_STR(o, node);
    F_STR(o, workload_kind);
    F_STR(o, workload_name);
    F_INT(o, disrupted_at);
    F_INT(o, unknown_since);
    F_INT(o, not_ready_at);
    F_INT(o, evicted_at);
    F_STR(o, evicted_by);
    F_INT(o, removed_at);
    F_STR(o, replaced_by);
    F_INT(o, running_again_at);
    F_INT(o, ready_again_at);
    F_STR(o, stuck);
    END_DICT()
}

static PyObject *conv_report_point(const void *p) {
    const podsim_report_point *o = p;
    BEGIN_DICT()
    F_INT(o, time);
    F_INT(o, value);
    END_DICT()
}

static PyObject *conv_report_workload(const void *p) {
    const podsim_report_workload *o = p;
    BEGIN_DICT()
    F_STR(o, kind);
    PUT("namespace", py_str(o->namespace_));
    F_STR(o, name);
    F_INT(o, desired);
    F_INT(o, ready);
    F_INT(o, min_ready);
    F_INT(o, disrupted_at);
    F_INT(o, time_below_desired_ms);
    F_INT(o, recovered_at);
    F_INT(o, time_to_recovery_ms);
    F_LIST(o, ready_over_time, ready_point_count, conv_report_point);
    END_DICT()
}

static PyObject *conv_report_node(const void *p) {
    const podsim_report_node *o = p;
    BEGIN_DICT()
    F_STR(o, name);
    F_STR(o, zone);
    F_STR(o, failure);
    F_INT(o, failed_at);
    F_INT(o, last_heartbeat);
    F_INT(o, not_ready_at);
    F_INT(o, noschedule_taint_at);
    F_INT(o, noexecute_taint_at);
    F_INT(o, recovered_at);
    F_INT(o, deleted_at);
    F_INT(o, drained_at);
    END_DICT()
}

static PyObject *conv_report(const podsim_report *o) {
    BEGIN_DICT()
    F_INT(o, now);
    F_LIST(o, nodes, node_count, conv_report_node);
    F_LIST(o, pods, pod_count, conv_report_pod);
    F_LIST(o, workloads, workload_count, conv_report_workload);
    END_DICT()
}

/* ---- lifetime ----------------------------------------------------------- */

static PyObject *simulation_new(PyTypeObject *type, PyObject *args,
                                PyObject *kwargs) {
    static char *kwlist[] = {
        "cluster", "kubernetes_version", "seed", "config", "timing",
        "flags",   "node_lifecycle",     NULL};
    module_state *st = state_from_type(type);
    PyObject *cluster_arg, *seed_obj = NULL, *cfg_obj = Py_None;
    PyObject *timing_obj = Py_None, *nl_obj = Py_None;
    const char *version = NULL;
    unsigned int flags = 0;
    podsim_sim_options opts = PODSIM_SIM_OPTIONS_INIT;
    podsim_timing timing;
    podsim_node_lifecycle nl;
    ClusterObject *src;
    ConfigObject *cfg;
    SimObject *self;
    podsim_status status = PODSIM_OK;
    int open;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O|z$OOOIO:Simulation",
                                     kwlist, &cluster_arg, &version, &seed_obj,
                                     &cfg_obj, &timing_obj, &flags, &nl_obj) ||
        config_arg(st, cfg_obj, &cfg) < 0) {
        return NULL;
    }
    if (!Py_IS_TYPE(cluster_arg, st->cluster_type)) {
        PyErr_SetString(PyExc_TypeError, "cluster must be a _podsim.Cluster");
        return NULL;
    }
    if (seed_obj != NULL && seed_obj != Py_None) {
        opts.seed = (uint64_t)PyLong_AsUnsignedLongLong(seed_obj);
        if (PyErr_Occurred()) {
            return NULL;
        }
    }
    if (timing_obj != Py_None) {
        if (timing_arg(timing_obj, &timing) < 0) {
            return NULL;
        }
        opts.timing = &timing;
    }
    if (nl_obj != Py_None) {
        if (node_lifecycle_arg(nl_obj, &nl) < 0) {
            return NULL;
        }
        opts.node_lifecycle = &nl;
    }
    opts.kubernetes_version = version;
    opts.config = cfg != NULL ? cfg->config : NULL;
    opts.flags = flags;

    self = simulation_alloc(type);
    if (self == NULL) {
        return NULL;
    }
    src = (ClusterObject *)cluster_arg;
    ACQUIRE_LOCK(src);
    open = check_open(src) == 0;
    if (open) {
        status = podsim_sim_new(src->cluster, &opts, &self->sim);
    }
    RELEASE_LOCK(src);
    if (!open) {
        Py_DECREF(self);
        return NULL;
    }
    if (status != PODSIM_OK) {
        char msg[200];
        if (status == PODSIM_EVERSION && version != NULL) {
            snprintf(msg, sizeof msg, "kubernetes_version \"%.40s\": %s",
                     version, podsim_status_str(status));
        } else {
            snprintf(msg, sizeof msg, "%s", podsim_status_str(status));
        }
        Py_DECREF(self);
        return set_error(st, status, NULL, msg);
    }
    self->cluster_obj = Py_NewRef(cluster_arg);
    if (cfg != NULL) {
        self->config = (ConfigObject *)Py_NewRef((PyObject *)cfg);
    }
    return (PyObject *)self;
}

static int simulation_traverse(PyObject *op, visitproc visit, void *arg) {
    SimObject *self = (SimObject *)op;
    Py_VISIT(Py_TYPE(op));
    Py_VISIT(self->cluster_obj);
    Py_VISIT((PyObject *)self->config);
    return 0;
}

/* Frees the handle before dropping the configuration it borrows. */
static int simulation_clear(PyObject *op) {
    SimObject *self = (SimObject *)op;
    simulation_release(self);
    Py_CLEAR(self->cluster_obj);
    Py_CLEAR(self->config);
    return 0;
}

static void simulation_dealloc(PyObject *op) {
    SimObject *self = (SimObject *)op;
    PyTypeObject *tp = Py_TYPE(op);
    freefunc tp_free;

    PyObject_GC_UnTrack(op);
    (void)simulation_clear(op);
    if (self->lock != NULL) {
        PyThread_free_lock(self->lock);
        self->lock = NULL;
    }
    tp_free = FROM_SLOT(freefunc, PyType_GetSlot(tp, Py_tp_free));
    tp_free(op);
    Py_DECREF(tp);
}

PyDoc_STRVAR(simulation_close_doc,
             "close($self, /)\n--\n\n"
             "Release the C simulation now (podsim_sim_free). Idempotent; "
             "later calls\nraise ValueError, and so does its cluster view.");

static PyObject *simulation_close(PyObject *op, PyObject *unused) {
    (void)unused;
    SimObject *self = (SimObject *)op;
    if (refuse_in_callback(IN_CALLBACK(self), "Simulation.close()") < 0) {
        return NULL;
    }
    ACQUIRE_LOCK(self);
    simulation_release(self);
    RELEASE_LOCK(self);
    Py_RETURN_NONE;
}

PyDoc_STRVAR(simulation_fork_doc,
             "fork($self, /)\n--\n\n"
             "An independent copy at the same time, with the same pending "
             "work and\nrandom stream (podsim_sim_fork).");

static PyObject *simulation_fork(PyObject *op, PyObject *unused) {
    (void)unused;
    SimObject *self = (SimObject *)op;
    SimObject *child = simulation_alloc(Py_TYPE(op));
    podsim_status status;

    if (child == NULL) {
        return NULL;
    }
    if (simulation_enter(self, "Simulation.fork()") < 0) {
        Py_DECREF(child);
        return NULL;
    }
    status = podsim_sim_fork(self->sim, &child->sim);
    if (status != PODSIM_OK) {
        simulation_error(self, status);
        RELEASE_LOCK(self);
        Py_DECREF(child);
        return NULL;
    }
    child->cluster_obj = Py_XNewRef(self->cluster_obj);
    child->config = (ConfigObject *)Py_XNewRef((PyObject *)self->config);
    RELEASE_LOCK(self);
    return (PyObject *)child;
}

PyDoc_STRVAR(
    simulation_cluster_doc,
    "cluster($self, /)\n--\n\n"
    "The working model as a read-only _podsim.Cluster view "
    "(podsim_sim_cluster):\nit keeps the simulation alive, follows it as it "
    "runs, and refuses loads\nand binding. The same object while it lives.");

static PyObject *simulation_cluster(PyObject *op, PyObject *unused) {
    (void)unused;
    SimObject *self = (SimObject *)op;
    module_state *st = state_from_type(Py_TYPE(op));
    allocfunc alloc =
        FROM_SLOT(allocfunc, PyType_GetSlot(st->cluster_type, Py_tp_alloc));
    /* allocated before locking: an allocation can run a finalizer */
    ClusterObject *view = (ClusterObject *)alloc(st->cluster_type, 0);
    PyObject *result;

    if (view == NULL) {
        return NULL;
    }
    view->cluster = NULL;
    view->lock = NULL;
    view->busy_thread = 0;
    view->owner = NULL;
    if (simulation_enter(self, NULL) < 0) {
        Py_DECREF(view);
        return NULL;
    }
    if (self->view != NULL) {
        result = Py_NewRef((PyObject *)self->view);
        RELEASE_LOCK(self);
        Py_DECREF(view); /* owns nothing */
        return result;
    }
    view->cluster = podsim_sim_cluster(self->sim);
    view->lock = self->lock;
    view->busy_thread = self->busy_thread;
    view->owner = (SimObject *)Py_NewRef(op);
    self->view = view;
    RELEASE_LOCK(self);
    return (PyObject *)view;
}

/* ---- reading --------------------------------------------------------------
 */

PyDoc_STRVAR(simulation_now_doc,
             "now($self, /)\n--\n\n"
             "Simulated time in ms since the start (podsim_sim_now).");

static PyObject *simulation_now(PyObject *op, PyObject *unused) {
    (void)unused;
    SimObject *self = (SimObject *)op;
    int64_t now;
    if (simulation_enter(self, NULL) < 0) {
        return NULL;
    }
    now = podsim_sim_now(self->sim);
    RELEASE_LOCK(self);
    return PyLong_FromLongLong((long long)now);
}

PyDoc_STRVAR(simulation_epoch_ms_doc,
             "epoch_ms($self, /)\n--\n\n"
             "Wall-clock instant of simulated time 0, ms since the Unix "
             "epoch\n(podsim_sim_epoch_ms).");

static PyObject *simulation_epoch_ms(PyObject *op, PyObject *unused) {
    (void)unused;
    SimObject *self = (SimObject *)op;
    int64_t epoch;
    if (simulation_enter(self, NULL) < 0) {
        return NULL;
    }
    epoch = podsim_sim_epoch_ms(self->sim);
    RELEASE_LOCK(self);
    return PyLong_FromLongLong((long long)epoch);
}

PyDoc_STRVAR(simulation_stats_doc,
             "stats($self, /)\n--\n\n"
             "The run's counters (podsim_sim_get_stats) as a dict.");

static PyObject *simulation_stats(PyObject *op, PyObject *unused) {
    (void)unused;
    SimObject *self = (SimObject *)op;
    podsim_sim_stats stats;
    if (simulation_enter(self, NULL) < 0) {
        return NULL;
    }
    podsim_sim_get_stats(self->sim, &stats);
    RELEASE_LOCK(self);
    return conv_sim_stats(&stats);
}

/* Items [start, count) of the event log or the change log as a list. */
static PyObject *simulation_log(SimObject *self, PyObject *args,
                                const char *format, bool events) {
    Py_ssize_t start = 0;
    size_t n;
    PyObject *list = NULL;

    if (!PyArg_ParseTuple(args, format, &start)) {
        return NULL;
    }
    if (start < 0) {
        PyErr_SetString(PyExc_ValueError, "start must be >= 0");
        return NULL;
    }
    if (simulation_enter(self, NULL) < 0) {
        return NULL;
    }
    n = events ? podsim_sim_event_count(self->sim)
               : podsim_sim_change_count(self->sim);
    if ((size_t)start > n) {
        start = (Py_ssize_t)n;
    }
    list = PyList_New((Py_ssize_t)n - start);
    for (size_t i = (size_t)start; list != NULL && i < n; i++) {
        PyObject *v =
            events ? conv_sim_event(podsim_sim_event_get(self->sim, i))
                   : conv_sim_change(podsim_sim_change_get(self->sim, i));
        if (v == NULL) {
            Py_CLEAR(list);
            break;
        }
        PyList_SetItem(list, (Py_ssize_t)(i - (size_t)start), v); /* steals */
    }
    RELEASE_LOCK(self);
    return list;
}

PyDoc_STRVAR(
    simulation_events_doc,
    "events($self, start=0, /)\n--\n\n"
    "The recorded Kubernetes Events from index `start` on, as dicts keyed "
    "by\nthe fields of podsim_sim_event (podsim_sim_event_count/_get); "
    "times in ms.\nA series that repeats is updated in place (count, time).");

static PyObject *simulation_events(PyObject *op, PyObject *args) {
    return simulation_log((SimObject *)op, args, "|n:events", true);
}

PyDoc_STRVAR(simulation_event_count_doc,
             "event_count($self, /)\n--\n\n"
             "Number of recorded events (podsim_sim_event_count).");

static PyObject *simulation_event_count(PyObject *op, PyObject *unused) {
    (void)unused;
    SimObject *self = (SimObject *)op;
    size_t n;
    if (simulation_enter(self, NULL) < 0) {
        return NULL;
    }
    n = podsim_sim_event_count(self->sim);
    RELEASE_LOCK(self);
    return PyLong_FromSize_t(n);
}

PyDoc_STRVAR(
    simulation_changes_doc,
    "changes($self, start=0, /)\n--\n\n"
    "The state changes from index `start` on, as dicts keyed by the fields "
    "of\npodsim_sim_change (podsim_sim_change_count/_get); times in ms.");

static PyObject *simulation_changes(PyObject *op, PyObject *args) {
    return simulation_log((SimObject *)op, args, "|n:changes", false);
}

PyDoc_STRVAR(simulation_change_count_doc,
             "change_count($self, /)\n--\n\n"
             "Number of recorded state changes (podsim_sim_change_count).");

static PyObject *simulation_change_count(PyObject *op, PyObject *unused) {
    (void)unused;
    SimObject *self = (SimObject *)op;
    size_t n;
    if (simulation_enter(self, NULL) < 0) {
        return NULL;
    }
    n = podsim_sim_change_count(self->sim);
    RELEASE_LOCK(self);
    return PyLong_FromSize_t(n);
}

PyDoc_STRVAR(simulation_render_doc,
             "render($self, /, view, flags=0)\n--\n\n"
             "A text view (podsim_sim_render): SIM_VIEW_PODS, SIM_VIEW_EVENTS,"
             "\nSIM_VIEW_EVENT_LOG, SIM_VIEW_NODES or SIM_VIEW_REPORT; `flags` "
             "RENDER_WIDE\nor 0.");

static PyObject *simulation_render(PyObject *op, PyObject *args,
                                   PyObject *kwargs) {
    static char *kwlist[] = {"view", "flags", NULL};
    SimObject *self = (SimObject *)op;
    int view;
    unsigned int flags = 0;
    const char *text = NULL;
    size_t len = 0;
    podsim_status status;
    PyObject *result = NULL;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "i|I:render", kwlist, &view,
                                     &flags) ||
        simulation_enter(self, NULL) < 0) {
        return NULL;
    }
    status =
        podsim_sim_render(self->sim, (podsim_sim_view)view, flags, &text, &len);
    if (status != PODSIM_OK) {
        simulation_error(self, status);
    } else {
        result = PyUnicode_DecodeUTF8(text != NULL ? text : "", (Py_ssize_t)len,
                                      "surrogateescape");
    }
    RELEASE_LOCK(self);
    return result;
}

PyDoc_STRVAR(
    simulation_describe_pod_doc,
    "describe_pod($self, namespace, name, /)\n--\n\n"
    "`kubectl describe pod` text of a live pod at now "
    "(podsim_sim_describe_pod).\nRaises NotFound for a pod that does not "
    "exist (or was deleted).");

static PyObject *simulation_describe_pod(PyObject *op, PyObject *args) {
    SimObject *self = (SimObject *)op;
    const char *ns, *name, *text = NULL;
    size_t len = 0;
    podsim_status status;
    PyObject *result = NULL;

    if (!PyArg_ParseTuple(args, "zs:describe_pod", &ns, &name) ||
        simulation_enter(self, NULL) < 0) {
        return NULL;
    }
    status = podsim_sim_describe_pod(self->sim, ns, name, &text, &len);
    if (status != PODSIM_OK) {
        simulation_error(self, status);
    } else {
        result = PyUnicode_DecodeUTF8(text != NULL ? text : "", (Py_ssize_t)len,
                                      "surrogateescape");
    }
    RELEASE_LOCK(self);
    return result;
}

PyDoc_STRVAR(simulation_find_pod_doc,
             "find_pod($self, namespace, name, /)\n--\n\n"
             "The id of a live pod in cluster() (podsim_sim_find_pod); "
             "namespace None\nmeans \"default\". Raises NotFound (also for "
             "a deleted pod).");

static PyObject *simulation_find_pod(PyObject *op, PyObject *args) {
    SimObject *self = (SimObject *)op;
    const char *ns, *name;
    podsim_id id = PODSIM_NO_ID;
    podsim_status status;
    PyObject *result = NULL;

    if (!PyArg_ParseTuple(args, "zs:find_pod", &ns, &name) ||
        simulation_enter(self, NULL) < 0) {
        return NULL;
    }
    status = podsim_sim_find_pod(self->sim, ns, name, &id);
    result = status == PODSIM_OK ? PyLong_FromLong((long)id)
                                 : simulation_error(self, status);
    RELEASE_LOCK(self);
    return result;
}

static PyObject *simulation_get_kubernetes_version(PyObject *op,
                                                   void *closure) {
    (void)closure;
    SimObject *self = (SimObject *)op;
    PyObject *result;
    if (simulation_enter(self, NULL) < 0) {
        return NULL;
    }
    result = py_str(podsim_sim_kubernetes_version(self->sim));
    RELEASE_LOCK(self);
    return result;
}

static PyObject *simulation_get_closed(PyObject *op, void *closure) {
    (void)closure;
    SimObject *self = (SimObject *)op;
    int closed;
    ACQUIRE_LOCK(self);
    closed = self->sim == NULL;
    RELEASE_LOCK(self);
    return PyBool_FromLong(closed);
}

/* ---- input ------------------------------------------------------------------
 */

/* What a text call does (applies and scenarios); the GIL is released
 * around it: str and bytes buffers are immutable. */
typedef enum { SIM_APPLY, SIM_SCENARIO } sim_text_kind;

static PyObject *simulation_text_call(SimObject *self, sim_text_kind kind,
                                      bool file, PyObject *arg,
                                      const char *source, PyObject *at_obj) {
    const char *what =
        kind == SIM_APPLY ? "Simulation.apply()" : "Simulation.load_scenario()";
    PyObject *path_bytes = NULL, *result = NULL;
    const char *text;
    Py_ssize_t len = 0;
    int64_t at = 0;
    podsim_status status;

    if (file) {
        if (!PyUnicode_FSConverter(arg, &path_bytes)) {
            return NULL;
        }
        text = PyBytes_AsString(path_bytes);
        if (text == NULL) {
            Py_DECREF(path_bytes);
            return NULL;
        }
    } else if (text_arg(arg, "text", &text, &len) < 0) {
        return NULL;
    }
    if (simulation_enter(self, what) < 0) {
        Py_XDECREF(path_bytes);
        return NULL;
    }
    if (kind == SIM_APPLY && sim_time_arg(self, at_obj, &at) < 0) {
        goto out;
    }
    Py_BEGIN_ALLOW_THREADS if (kind == SIM_APPLY) {
        status = file ? podsim_sim_apply_file(self->sim, text, at)
                      : podsim_sim_apply_string(self->sim, text, (size_t)len,
                                                source, at);
    }
    else {
        status = file ? podsim_sim_load_scenario_file(self->sim, text)
                      : podsim_sim_load_scenario_string(self->sim, text,
                                                        (size_t)len, source);
    }
    Py_END_ALLOW_THREADS if (status != PODSIM_OK) {
        simulation_error(self, status);
        goto out;
    }
    result = Py_NewRef(Py_None);
out:
    RELEASE_LOCK(self);
    Py_XDECREF(path_bytes);
    return result;
}

PyDoc_STRVAR(
    simulation_apply_string_doc,
    "apply_string($self, /, text, source=None, at_ms=None)\n--\n\n"
    "Create or update objects from YAML/JSON text at simulated time "
    "`at_ms`\n(None: now) as kubectl apply does (podsim_sim_apply_string). "
    "The text is\nparsed now: errors carry path, line and column.");

static PyObject *simulation_apply_string(PyObject *op, PyObject *args,
                                         PyObject *kwargs) {
    static char *kwlist[] = {"text", "source", "at_ms", NULL};
    PyObject *text_obj, *at_obj = Py_None;
    const char *source = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O|zO:apply_string", kwlist,
                                     &text_obj, &source, &at_obj)) {
        return NULL;
    }
    return simulation_text_call((SimObject *)op, SIM_APPLY, false, text_obj,
                                source, at_obj);
}

PyDoc_STRVAR(simulation_apply_file_doc,
             "apply_file($self, /, path, at_ms=None)\n--\n\n"
             "As apply_string, from a file (podsim_sim_apply_file).");

static PyObject *simulation_apply_file(PyObject *op, PyObject *args,
                                       PyObject *kwargs) {
    static char *kwlist[] = {"path", "at_ms", NULL};
    PyObject *path, *at_obj = Py_None;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O|O:apply_file", kwlist,
                                     &path, &at_obj)) {
        return NULL;
    }
    return simulation_text_call((SimObject *)op, SIM_APPLY, true, path, NULL,
                                at_obj);
}

PyDoc_STRVAR(simulation_load_scenario_string_doc,
             "load_scenario_string($self, /, text, source=None)\n--\n\n"
             "Load a podsim Scenario (behaviours, images, timing) from YAML "
             "text\n(podsim_sim_load_scenario_string).");

static PyObject *simulation_load_scenario_string(PyObject *op, PyObject *args,
                                                 PyObject *kwargs) {
    static char *kwlist[] = {"text", "source", NULL};
    PyObject *text_obj;
    const char *source = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O|z:load_scenario_string",
                                     kwlist, &text_obj, &source)) {
        return NULL;
    }
    return simulation_text_call((SimObject *)op, SIM_SCENARIO, false, text_obj,
                                source, NULL);
}

PyDoc_STRVAR(simulation_load_scenario_file_doc,
             "load_scenario_file($self, /, path)\n--\n\n"
             "As load_scenario_string, from a file "
             "(podsim_sim_load_scenario_file).");

static PyObject *simulation_load_scenario_file(PyObject *op, PyObject *args,
                                               PyObject *kwargs) {
    static char *kwlist[] = {"path", NULL};
    PyObject *path;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O:load_scenario_file",
                                     kwlist, &path)) {
        return NULL;
    }
    return simulation_text_call((SimObject *)op, SIM_SCENARIO, true, path, NULL,
                                NULL);
}

PyDoc_STRVAR(
    simulation_set_behavior_doc,
    "set_behavior($self, /, pod, container, run=RUN_FOREVER, exit_code=0,\n"
    "             run_ms=0, run_jitter_ms=0, ready_after_ms=0,\n"
    "             startup_pattern=None, liveness_pattern=None,\n"
    "             readiness_pattern=None, handles_sigterm=True,\n"
    "             sigterm_exit_code=0)\n--\n\n"
    "Set the behaviour of the containers matching `container` (a glob) of "
    "the\npods matching `pod` (\"namespace/name\" or name glob) "
    "(podsim_sim_set_behavior).\nKeywords are the fields of "
    "podsim_behavior; `run` is a RUN_* constant.");

static PyObject *simulation_set_behavior(PyObject *op, PyObject *args,
                                         PyObject *kwargs) {
    static char *kwlist[] = {"pod",
                             "container",
                             "run",
                             "exit_code",
                             "run_ms",
                             "run_jitter_ms",
                             "ready_after_ms",
                             "startup_pattern",
                             "liveness_pattern",
                             "readiness_pattern",
                             "handles_sigterm",
                             "sigterm_exit_code",
                             NULL};
    SimObject *self = (SimObject *)op;
    podsim_behavior b = PODSIM_BEHAVIOR_INIT;
    const char *pod, *container;
    int run = PODSIM_RUN_FOREVER, exit_code = 0, sigterm = 1, sigterm_code = 0;
    long long run_ms = 0, jitter_ms = 0, ready_ms = 0;
    podsim_status status;
    PyObject *result;

    if (!PyArg_ParseTupleAndKeywords(
            args, kwargs, "ss|iiLLLzzzpi:set_behavior", kwlist, &pod,
            &container, &run, &exit_code, &run_ms, &jitter_ms, &ready_ms,
            &b.startup_pattern, &b.liveness_pattern, &b.readiness_pattern,
            &sigterm, &sigterm_code)) {
        return NULL;
    }
    b.run = (podsim_run_kind)run;
    b.exit_code = (int32_t)exit_code;
    b.run_ms = (int64_t)run_ms;
    b.run_jitter_ms = (int64_t)jitter_ms;
    b.ready_after_ms = (int64_t)ready_ms;
    b.handles_sigterm = sigterm != 0;
    b.sigterm_exit_code = (int32_t)sigterm_code;
    if (simulation_enter(self, "Simulation.set_behavior()") < 0) {
        return NULL;
    }
    status = podsim_sim_set_behavior(self->sim, pod, container, &b);
    result = status == PODSIM_OK ? Py_NewRef(Py_None)
                                 : simulation_error(self, status);
    RELEASE_LOCK(self);
    return result;
}

PyDoc_STRVAR(simulation_set_image_doc,
             "set_image($self, /, image, size_bytes=0, missing=False)\n--\n\n"
             "Register an image the registry holds (size in bytes, 0 = "
             "default) or,\nwith missing, one whose pulls fail "
             "(podsim_sim_set_image).");

static PyObject *simulation_set_image(PyObject *op, PyObject *args,
                                      PyObject *kwargs) {
    static char *kwlist[] = {"image", "size_bytes", "missing", NULL};
    SimObject *self = (SimObject *)op;
    const char *image;
    long long size = 0;
    int missing = 0;
    podsim_status status;
    PyObject *result;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "s|Lp:set_image", kwlist,
                                     &image, &size, &missing) ||
        simulation_enter(self, "Simulation.set_image()") < 0) {
        return NULL;
    }
    status =
        podsim_sim_set_image(self->sim, image, (int64_t)size, missing != 0);
    result = status == PODSIM_OK ? Py_NewRef(Py_None)
                                 : simulation_error(self, status);
    RELEASE_LOCK(self);
    return result;
}

PyDoc_STRVAR(
    simulation_delete_pod_doc,
    "delete_pod($self, /, namespace, name, at_ms=None, grace_seconds=-1,\n"
    "           force=False)\n--\n\n"
    "Delete a pod at `at_ms` (None: now) as kubectl delete pod does\n"
    "(podsim_sim_delete_pod): grace_seconds < 0 is the pod's own period; 0 "
    "with\nforce removes the object at once.");

static PyObject *simulation_delete_pod(PyObject *op, PyObject *args,
                                       PyObject *kwargs) {
    static char *kwlist[] = {"namespace",     "name",  "at_ms",
                             "grace_seconds", "force", NULL};
    SimObject *self = (SimObject *)op;
    const char *ns, *name;
    PyObject *at_obj = Py_None, *result = NULL;
    long long grace = -1;
    int force = 0;
    int64_t at;
    podsim_status status;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "zs|OLp:delete_pod", kwlist,
                                     &ns, &name, &at_obj, &grace, &force) ||
        simulation_enter(self, "Simulation.delete_pod()") < 0) {
        return NULL;
    }
    if (sim_time_arg(self, at_obj, &at) == 0) {
        status = podsim_sim_delete_pod(self->sim, ns, name, at, (int64_t)grace,
                                       force != 0);
        result = status == PODSIM_OK ? Py_NewRef(Py_None)
                                     : simulation_error(self, status);
    }
    RELEASE_LOCK(self);
    return result;
}

/* ---- node failure, eviction and the what-if report ------------------- */

typedef enum {
    NODE_VERB_FAIL,
    NODE_VERB_FAIL_ZONE,
    NODE_VERB_RECOVER,
    NODE_VERB_DELETE,
    NODE_VERB_DRAIN,
    NODE_VERB_CORDON,
    NODE_VERB_TAINT
} node_verb;

static podsim_status node_verb_core(podsim_sim *sim, node_verb verb,
                                    const char *name, const char *taint,
                                    int64_t at, int arg) {
    switch (verb) {
    case NODE_VERB_FAIL:
        return podsim_sim_fail_node(sim, name, at, (podsim_node_failure)arg);
    case NODE_VERB_FAIL_ZONE:
        return podsim_sim_fail_zone(sim, name, at, (podsim_node_failure)arg);
    case NODE_VERB_RECOVER: return podsim_sim_recover_node(sim, name, at);
    case NODE_VERB_DELETE: return podsim_sim_delete_node(sim, name, at);
    case NODE_VERB_DRAIN: return podsim_sim_drain_node(sim, name, at);
    case NODE_VERB_CORDON:
        return podsim_sim_cordon_node(sim, name, at, arg != 0);
    case NODE_VERB_TAINT: return podsim_sim_taint_node(sim, name, taint, at);
    }
    return PODSIM_EINVAL;
}

/* Post one node action: `at_obj` None is now. */
static PyObject *node_verb_call(SimObject *self, node_verb verb,
                                const char *what, const char *name,
                                const char *taint, PyObject *at_obj, int arg) {
    PyObject *result = NULL;
    int64_t at;
    if (simulation_enter(self, what) < 0) {
        return NULL;
    }
    if (sim_time_arg(self, at_obj, &at) == 0) {
        podsim_status status =
            node_verb_core(self->sim, verb, name, taint, at, arg);
        result = status == PODSIM_OK ? Py_NewRef(Py_None)
                                     : simulation_error(self, status);
    }
    RELEASE_LOCK(self);
    return result;
}

PyDoc_STRVAR(simulation_fail_node_doc,
             "fail_node($self, /, node, at_ms=None, mode=0)\n--\n\n"
             "The node fails at `at_ms` (None: now) in `mode`, a "
             "podsim_node_failure\n(NODE_UNREACHABLE, NODE_NOT_READY, "
             "NODE_SHUTDOWN, NODE_DELETED)\n(podsim_sim_fail_node).");

static PyObject *simulation_fail_node(PyObject *op, PyObject *args,
                                      PyObject *kwargs) {
    static char *kwlist[] = {"node", "at_ms", "mode", NULL};
    const char *node;
    PyObject *at_obj = Py_None;
    int mode = PODSIM_NODE_UNREACHABLE;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "s|Oi:fail_node", kwlist,
                                     &node, &at_obj, &mode)) {
        return NULL;
    }
    return node_verb_call((SimObject *)op, NODE_VERB_FAIL,
                          "Simulation.fail_node()", node, NULL, at_obj, mode);
}

PyDoc_STRVAR(simulation_fail_zone_doc,
             "fail_zone($self, /, zone, at_ms=None, mode=0)\n--\n\n"
             "Every node of a zone (topology.kubernetes.io/zone) fails at "
             "`at_ms`\n(podsim_sim_fail_zone).");

static PyObject *simulation_fail_zone(PyObject *op, PyObject *args,
                                      PyObject *kwargs) {
    static char *kwlist[] = {"zone", "at_ms", "mode", NULL};
    const char *zone;
    PyObject *at_obj = Py_None;
    int mode = PODSIM_NODE_UNREACHABLE;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "s|Oi:fail_zone", kwlist,
                                     &zone, &at_obj, &mode)) {
        return NULL;
    }
    return node_verb_call((SimObject *)op, NODE_VERB_FAIL_ZONE,
                          "Simulation.fail_zone()", zone, NULL, at_obj, mode);
}

/* The verbs that take a node and a time only. */
static PyObject *node_only_verb(PyObject *op, PyObject *args, PyObject *kwargs,
                                node_verb verb, const char *format,
                                const char *what) {
    static char *kwlist[] = {"node", "at_ms", NULL};
    const char *node;
    PyObject *at_obj = Py_None;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, format, kwlist, &node,
                                     &at_obj)) {
        return NULL;
    }
    return node_verb_call((SimObject *)op, verb, what, node, NULL, at_obj, 0);
}

PyDoc_STRVAR(simulation_recover_node_doc,
             "recover_node($self, /, node, at_ms=None)\n--\n\n"
             "The node works again at `at_ms` (podsim_sim_recover_node).");

static PyObject *simulation_recover_node(PyObject *op, PyObject *args,
                                         PyObject *kwargs) {
    return node_only_verb(op, args, kwargs, NODE_VERB_RECOVER,
                          "s|O:recover_node", "Simulation.recover_node()");
}

PyDoc_STRVAR(simulation_delete_node_doc,
             "delete_node($self, /, node, at_ms=None)\n--\n\n"
             "kubectl delete node at `at_ms` (podsim_sim_delete_node).");

static PyObject *simulation_delete_node(PyObject *op, PyObject *args,
                                        PyObject *kwargs) {
    return node_only_verb(op, args, kwargs, NODE_VERB_DELETE, "s|O:delete_node",
                          "Simulation.delete_node()");
}

PyDoc_STRVAR(simulation_drain_node_doc,
             "drain_node($self, /, node, at_ms=None)\n--\n\n"
             "kubectl drain at `at_ms` (podsim_sim_drain_node).");

static PyObject *simulation_drain_node(PyObject *op, PyObject *args,
                                       PyObject *kwargs) {
    return node_only_verb(op, args, kwargs, NODE_VERB_DRAIN, "s|O:drain_node",
                          "Simulation.drain_node()");
}

PyDoc_STRVAR(simulation_cordon_node_doc,
             "cordon_node($self, /, node, at_ms=None, unschedulable=True)\n"
             "--\n\n"
             "kubectl cordon (unschedulable True) or uncordon (False) at "
             "`at_ms`\n(podsim_sim_cordon_node).");

static PyObject *simulation_cordon_node(PyObject *op, PyObject *args,
                                        PyObject *kwargs) {
    static char *kwlist[] = {"node", "at_ms", "unschedulable", NULL};
    const char *node;
    PyObject *at_obj = Py_None;
    int unschedulable = 1;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "s|Op:cordon_node", kwlist,
                                     &node, &at_obj, &unschedulable)) {
        return NULL;
    }
    return node_verb_call((SimObject *)op, NODE_VERB_CORDON,
                          "Simulation.cordon_node()", node, NULL, at_obj,
                          unschedulable);
}

PyDoc_STRVAR(
    simulation_taint_node_doc,
    "taint_node($self, /, node, taint, at_ms=None)\n--\n\n"
    "kubectl taint nodes NODE TAINT at `at_ms`: \"key[=value]:Effect\" "
    "adds,\n\"key[=value]:Effect-\" or \"key-\" removes "
    "(podsim_sim_taint_node).");

static PyObject *simulation_taint_node(PyObject *op, PyObject *args,
                                       PyObject *kwargs) {
    static char *kwlist[] = {"node", "taint", "at_ms", NULL};
    const char *node, *taint;
    PyObject *at_obj = Py_None;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "ss|O:taint_node", kwlist,
                                     &node, &taint, &at_obj)) {
        return NULL;
    }
    return node_verb_call((SimObject *)op, NODE_VERB_TAINT,
                          "Simulation.taint_node()", node, taint, at_obj, 0);
}

PyDoc_STRVAR(simulation_report_doc,
             "report($self, /)\n--\n\n"
             "The what-if report at now (podsim_sim_report) as a dict of the "
             "podsim_report\nfields: times in ms since the start, -1 for "
             "never.");

static PyObject *simulation_report(PyObject *op, PyObject *unused) {
    SimObject *self = (SimObject *)op;
    const podsim_report *r = NULL;
    podsim_status status;
    PyObject *result;
    (void)unused;

    if (simulation_enter(self, NULL) < 0) {
        return NULL;
    }
    status = podsim_sim_report(self->sim, &r);
    result =
        status == PODSIM_OK ? conv_report(r) : simulation_error(self, status);
    RELEASE_LOCK(self);
    return result;
}

/* ---- running
 * ------------------------------------------------------------------ */

typedef enum { SIM_RUN_UNTIL, SIM_RUN_IDLE, SIM_STEP } sim_run_kind;

static podsim_status run_core(podsim_sim *sim, sim_run_kind kind, int64_t ms,
                              bool *flag) {
    switch (kind) {
    case SIM_RUN_UNTIL: return podsim_sim_run_until(sim, ms);
    case SIM_RUN_IDLE: return podsim_sim_run_idle(sim, ms, flag);
    case SIM_STEP: return podsim_sim_step(sim, flag);
    }
    return PODSIM_EINVAL;
}

/*
 * Run the simulation with its configuration locked. Without Python plugins
 * the GIL is released around the core call; with them the run keeps the
 * GIL and marks the simulation, its view and the configuration busy by
 * this thread (callbacks read the model through the held lock). An
 * exception a callback raised is re-raised as PluginError with it as the
 * __cause__ once the run stops, even when the core went on.
 */
static PyObject *simulation_run_call(SimObject *self, sim_run_kind kind,
                                     int64_t ms) {
    module_state *st = state_from_type(Py_TYPE((PyObject *)self));
    ConfigObject *cfg = self->config;
    unsigned long me = PyThread_get_thread_ident();
    PyObject *cause = NULL, *out = NULL;
    podsim_status status;
    bool flag = false;

    if (cfg != NULL &&
        refuse_in_callback(IN_CALLBACK(cfg), "running a simulation") < 0) {
        return NULL;
    }
    if (simulation_enter(self, "running a simulation") < 0) {
        return NULL;
    }
    if (cfg != NULL) {
        ACQUIRE_LOCK(cfg); /* simulation before config: one order */
        if (config_check(cfg) < 0) {
            goto unlock;
        }
    }
    if (cfg != NULL && cfg->plugin_count > 0) {
        Py_CLEAR(cfg->callback_error);
        cfg->busy_thread = self->busy_thread = me;
        if (self->view != NULL) {
            self->view->busy_thread = me;
        }
        status = run_core(self->sim, kind, ms, &flag);
        cfg->busy_thread = self->busy_thread = 0;
        if (self->view != NULL) {
            self->view->busy_thread = 0;
        }
        cause = cfg->callback_error; /* taken over */
        cfg->callback_error = NULL;
    } else {
        Py_BEGIN_ALLOW_THREADS status = run_core(self->sim, kind, ms, &flag);
        Py_END_ALLOW_THREADS
    }
    if (cause != NULL && !PyObject_IsInstance(cause, PyExc_Exception)) {
        /* KeyboardInterrupt, SystemExit: let them through as they are */
        PyErr_SetObject((PyObject *)Py_TYPE(cause), cause);
        Py_DECREF(cause);
    } else if (cause != NULL) {
        raise_error(st, status != PODSIM_OK ? status : PODSIM_EINVAL,
                    status != PODSIM_OK ? podsim_sim_error(self->sim) : NULL,
                    "a scheduler plugin's callback raised during the run",
                    cause); /* steals cause */
    } else if (status != PODSIM_OK) {
        simulation_error(self, status);
    } else {
        out =
            kind == SIM_RUN_UNTIL ? Py_NewRef(Py_None) : PyBool_FromLong(flag);
    }
unlock:
    if (cfg != NULL) {
        RELEASE_LOCK(cfg);
    }
    RELEASE_LOCK(self);
    return out;
}

PyDoc_STRVAR(simulation_run_until_doc,
             "run_until($self, until_ms, /)\n--\n\n"
             "Run every event up to and including `until_ms`; now becomes "
             "until_ms\n(podsim_sim_run_until).");

static PyObject *simulation_run_until(PyObject *op, PyObject *args) {
    long long until;
    if (!PyArg_ParseTuple(args, "L:run_until", &until)) {
        return NULL;
    }
    return simulation_run_call((SimObject *)op, SIM_RUN_UNTIL, (int64_t)until);
}

PyDoc_STRVAR(simulation_run_idle_doc,
             "run_idle($self, limit_ms, /)\n--\n\n"
             "Run until nothing but periodic work is pending, or until "
             "`limit_ms`\n(podsim_sim_run_idle). True when it became idle.");

static PyObject *simulation_run_idle(PyObject *op, PyObject *args) {
    long long limit;
    if (!PyArg_ParseTuple(args, "L:run_idle", &limit)) {
        return NULL;
    }
    return simulation_run_call((SimObject *)op, SIM_RUN_IDLE, (int64_t)limit);
}

PyDoc_STRVAR(simulation_step_doc,
             "step($self, /)\n--\n\n"
             "Run the events of the next instant that has any "
             "(podsim_sim_step).\nFalse when nothing was pending.");

static PyObject *simulation_step(PyObject *op, PyObject *unused) {
    (void)unused;
    return simulation_run_call((SimObject *)op, SIM_STEP, 0);
}

/* Diagnosis methods, defined with the Diagnosis section below. */
static PyObject *simulation_diagnose(PyObject *op, PyObject *args,
                                     PyObject *kwargs);
static PyObject *simulation_dump(PyObject *op, PyObject *unused);

PyDoc_STRVAR(
    simulation_diagnose_doc,
    "diagnose($self, /, namespace, name, as_of_ms=None, rules=None, "
    "flags=0,\n         kubectl_version=None)\n--\n\n"
    "Diagnose a live pod at now (podsim_sim_diagnose): a "
    "_podsim.Diagnosis.\nArguments as for Cluster.diagnose; `as_of_ms` None "
    "is now.");

PyDoc_STRVAR(simulation_dump_doc,
             "dump($self, /)\n--\n\n"
             "The simulation at now as `kubectl get ... -A -o yaml` would "
             "print it\n(podsim_sim_dump): a kind: List that "
             "Cluster.load_string reads back.");

#define METH_KW(fn) (PyCFunction)(void (*)(void))(fn)

static PyMethodDef simulation_methods[] = {
    {"close", simulation_close, METH_NOARGS, simulation_close_doc},
    {"fork", simulation_fork, METH_NOARGS, simulation_fork_doc},
    {"cluster", simulation_cluster, METH_NOARGS, simulation_cluster_doc},
    {"now", simulation_now, METH_NOARGS, simulation_now_doc},
    {"epoch_ms", simulation_epoch_ms, METH_NOARGS, simulation_epoch_ms_doc},
    {"stats", simulation_stats, METH_NOARGS, simulation_stats_doc},
    {"event_count", simulation_event_count, METH_NOARGS,
     simulation_event_count_doc},
    {"events", simulation_events, METH_VARARGS, simulation_events_doc},
    {"change_count", simulation_change_count, METH_NOARGS,
     simulation_change_count_doc},
    {"changes", simulation_changes, METH_VARARGS, simulation_changes_doc},
    {"render", METH_KW(simulation_render), METH_VARARGS | METH_KEYWORDS,
     simulation_render_doc},
    {"describe_pod", simulation_describe_pod, METH_VARARGS,
     simulation_describe_pod_doc},
    {"find_pod", simulation_find_pod, METH_VARARGS, simulation_find_pod_doc},
    {"apply_string", METH_KW(simulation_apply_string),
     METH_VARARGS | METH_KEYWORDS, simulation_apply_string_doc},
    {"apply_file", METH_KW(simulation_apply_file), METH_VARARGS | METH_KEYWORDS,
     simulation_apply_file_doc},
    {"load_scenario_string", METH_KW(simulation_load_scenario_string),
     METH_VARARGS | METH_KEYWORDS, simulation_load_scenario_string_doc},
    {"load_scenario_file", METH_KW(simulation_load_scenario_file),
     METH_VARARGS | METH_KEYWORDS, simulation_load_scenario_file_doc},
    {"set_behavior", METH_KW(simulation_set_behavior),
     METH_VARARGS | METH_KEYWORDS, simulation_set_behavior_doc},
    {"set_image", METH_KW(simulation_set_image), METH_VARARGS | METH_KEYWORDS,
     simulation_set_image_doc},
    {"delete_pod", METH_KW(simulation_delete_pod), METH_VARARGS | METH_KEYWORDS,
     simulation_delete_pod_doc},
    {"fail_node", METH_KW(simulation_fail_node), METH_VARARGS | METH_KEYWORDS,
     simulation_fail_node_doc},
    {"fail_zone", METH_KW(simulation_fail_zone), METH_VARARGS | METH_KEYWORDS,
     simulation_fail_zone_doc},
    {"recover_node", METH_KW(simulation_recover_node),
     METH_VARARGS | METH_KEYWORDS, simulation_recover_node_doc},
    {"delete_node", METH_KW(simulation_delete_node),
     METH_VARARGS | METH_KEYWORDS, simulation_delete_node_doc},
    {"drain_node", METH_KW(simulation_drain_node), METH_VARARGS | METH_KEYWORDS,
     simulation_drain_node_doc},
    {"cordon_node", METH_KW(simulation_cordon_node),
     METH_VARARGS | METH_KEYWORDS, simulation_cordon_node_doc},
    {"taint_node", METH_KW(simulation_taint_node), METH_VARARGS | METH_KEYWORDS,
     simulation_taint_node_doc},
    {"report", simulation_report, METH_NOARGS, simulation_report_doc},
    {"diagnose", METH_KW(simulation_diagnose), METH_VARARGS | METH_KEYWORDS,
     simulation_diagnose_doc},
    {"dump", simulation_dump, METH_NOARGS, simulation_dump_doc},
    {"run_until", simulation_run_until, METH_VARARGS, simulation_run_until_doc},
    {"run_idle", simulation_run_idle, METH_VARARGS, simulation_run_idle_doc},
    {"step", simulation_step, METH_NOARGS, simulation_step_doc},
    {NULL, NULL, 0, NULL},
};

#undef METH_KW

static PyGetSetDef simulation_getset[] = {
    {"kubernetes_version", simulation_get_kubernetes_version, NULL,
     PyDoc_STR("The Kubernetes minor version simulated, e.g. \"1.34\"."), NULL},
    {"closed", simulation_get_closed, NULL, PyDoc_STR("True after close()."),
     NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

PyDoc_STRVAR(
    simulation_doc,
    "Simulation(cluster, kubernetes_version=None, *, seed=None, "
    "config=None,\n           timing=None, flags=0, node_lifecycle=None)\n"
    "--\n\n"
    "A simulation of a copy of `cluster` (podsim_sim_new). `config` is a\n"
    "SchedulerConfig or None, `timing` a dict of podsim_timing fields, "
    "`flags`\nSIM_QUIET or 0, `node_lifecycle` a dict of "
    "podsim_node_lifecycle fields.\nLow-level: use podsim.Simulation.");

static PyType_Slot simulation_slots[] = {
    {Py_tp_new, TO_SLOT(simulation_new)},
    {Py_tp_dealloc, TO_SLOT(simulation_dealloc)},
    {Py_tp_traverse, TO_SLOT(simulation_traverse)},
    {Py_tp_clear, TO_SLOT(simulation_clear)},
    {Py_tp_methods, simulation_methods},
    {Py_tp_getset, simulation_getset},
    {Py_tp_doc, (void *)simulation_doc},
    {0, NULL},
};

static PyType_Spec simulation_spec = {
    .name = "podsim._podsim.Simulation",
    .basicsize = sizeof(SimObject),
    .itemsize = 0,
    /* final, like Cluster (state_from_type) */
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = simulation_slots,
};

/* ===================================================================== */
/* Diagnosis: rule sets, diagnoses, simulation dumps                      */
/* ===================================================================== */

/*
 * A Rules object owns a podsim_rules. A rule with a Python check carries a
 * py_rule_check as the core's `user` pointer; the core calls
 * rule_check_free when it drops the rule (replaced, or the set freed),
 * which releases the callable. The object lists its live checks so the GC
 * can see the callables.
 *
 * A diagnosis whose rule set has Python checks (or, in a simulation, whose
 * scheduler configuration has Python plugins the what-if runs may call)
 * keeps the GIL, since the core calls them back on this thread, and marks
 * the rules and the cluster or simulation it reads busy by this thread: a
 * check may read them, not change them. Otherwise the GIL is released
 * around the core call. Lock order: cluster or simulation, configuration,
 * rules.
 *
 * A check is fn(context: dict) returning None (no finding) or the
 * finding's overrides as JSON/YAML text. An exception it raises becomes a
 * rule error of the diagnosis ("TypeError: ..."), except a BaseException
 * that is not an Exception (KeyboardInterrupt), re-raised once the
 * diagnosis returns.
 */

typedef struct RulesObject RulesObject;

typedef struct py_rule_check {
    RulesObject *owner; /* borrowed: the rule set owns the check */
    PyObject *check;    /* the callable */
    PyObject *result;   /* bytes of the last answer, kept until the next */
} py_rule_check;

struct RulesObject {
    PyObject_HEAD podsim_rules *rules; /* NULL after a GC clear */
    PyThread_type_lock lock;
    unsigned long busy_thread; /* thread inside a diagnosis using it, or 0 */
    py_rule_check **checks;    /* PyMem array of the live Python checks */
    size_t check_count;
    size_t check_cap;
    PyObject *interrupt; /* see above: re-raised after the diagnosis */
};

/* ---- conversions ----------------------------------------------------- */

static PyObject *conv_fact(const void *p) {
    const podsim_fact *f = p;
    BEGIN_DICT()
    F_STR(f, path);
    F_STR(f, value);
    F_ENUM(f, provenance, PODSIM_ENUM_PROVENANCE);
    END_DICT()
}

static PyObject *conv_evidence(const void *p) {
    const podsim_evidence *e = p;
    BEGIN_DICT()
    F_STR(e, path);
    F_STR(e, value);
    F_STR(e, quote);
    F_TIME(e, observed_at);
    F_ENUM(e, provenance, PODSIM_ENUM_PROVENANCE);
    END_DICT()
}

static PyObject *conv_next_step(const void *p) {
    const podsim_next_step *n = p;
    BEGIN_DICT()
    F_STR(n, command);
    F_STR(n, why);
    F_STR(n, needs);
    END_DICT()
}

static PyObject *conv_way_out(const void *p) {
    const podsim_way_out *w = p;
    BEGIN_DICT()
    F_STR(w, action);
    F_STR(w, command);
    F_STR(w, consequence);
    F_STR(w, warning);
    F_INT(w, after_ms);
    F_BOOL(w, computed);
    END_DICT()
}

static PyObject *conv_finding(const void *p) {
    const podsim_finding *f = p;
    BEGIN_DICT()
    F_STR(f, rule);
    F_STR(f, category);
    F_ENUM(f, severity, PODSIM_ENUM_SEVERITY);
    F_ENUM(f, confidence, PODSIM_ENUM_CONFIDENCE);
    F_INT(f, priority);
    F_STR(f, title);
    F_STR(f, summary);
    F_STR(f, container);
    F_LIST(f, evidence, evidence_count, conv_evidence);
    F_STRS(f, root_causes);
    F_LIST(f, next, next_count, conv_next_step);
    F_STRS(f, fix);
    F_STRS(f, docs);
    F_LIST(f, ways_out, way_out_count, conv_way_out);
    F_STR(f, explained_by);
    F_KVS(f, labels);
    END_DICT()
}

static PyObject *conv_rule_error(const void *p) {
    const podsim_rule_error *e = p;
    BEGIN_DICT()
    F_STR(e, rule);
    F_STR(e, message);
    END_DICT()
}

static PyObject *conv_diagnosis(const podsim_diagnosis *g) {
    BEGIN_DICT()
    F_STR(g, kind);
    PUT("namespace", py_str(g->namespace_));
    F_STR(g, name);
    F_STR(g, uid);
    F_STR(g, node);
    F_STR(g, owner);
    F_STR(g, source);
    F_TIME(g, as_of);
    F_STR(g, kubernetes_version);
    F_LIST(g, findings, finding_count, conv_finding);
    F_INT(g, primary);
    F_STRS(g, missing_evidence);
    F_LIST(g, rule_errors, rule_error_count, conv_rule_error);
    F_STRS(g, rules_fired);
    F_STRS(g, rules_overridden);
    F_STRS(g, rules_disabled);
    F_STR(g, get_pod);
    F_STR(g, describe);
    F_STR(g, events);
    F_STR(g, get_node);
    F_LIST(g, facts, fact_count, conv_fact);
    END_DICT()
}

/* What a check sees: the podsim_rule_context as a dict keyed by its field
 * names (facts and findings as lists of dicts). */
static PyObject *conv_rule_context(const podsim_rule_context *ctx) {
    BEGIN_DICT()
    F_STR(ctx, rule);
    F_STR(ctx, container);
    F_LIST(ctx, facts, fact_count, conv_fact);
    F_LIST(ctx, findings, finding_count, conv_finding);
    END_DICT()
}

/* ---- Python checks --------------------------------------------------- */

static void rule_check_free(void *user) {
    py_rule_check *rc = user;
    RulesObject *owner = rc->owner;
    for (size_t i = 0; owner != NULL && i < owner->check_count; i++) {
        if (owner->checks[i] == rc) {
            owner->checks[i] = owner->checks[--owner->check_count];
            break;
        }
    }
    Py_XDECREF(rc->check);
    Py_XDECREF(rc->result);
    PyMem_Free(rc);
}

/* Point *result at the text of rc->result (bytes). */
static void rule_check_answer(py_rule_check *rc, const char **result,
                              size_t *len) {
    char *buf = NULL;
    Py_ssize_t n = 0;
    if (rc->result != NULL &&
        PyBytes_AsStringAndSize(rc->result, &buf, &n) == 0) {
        *result = buf;
        *len = (size_t)n;
        return;
    }
    PyErr_Clear();
    *result = "the check failed";
    *len = strlen(*result);
}

/* The check raised (the exception is pending): its "TypeName: message"
 * becomes the rule error; a KeyboardInterrupt-like one is also kept to be
 * re-raised after the diagnosis. */
static podsim_status rule_check_failed(py_rule_check *rc, const char **result,
                                       size_t *len) {
    PyObject *type = NULL, *value = NULL, *tb = NULL;
    PyObject *type_name = NULL, *text = NULL;
    int is_exception;

    PyErr_Fetch(&type, &value, &tb);
    PyErr_NormalizeException(&type, &value, &tb);
    if (value != NULL && tb != NULL) {
        PyException_SetTraceback(value, tb);
    }
    if (type != NULL) {
        type_name = PyType_GetName((PyTypeObject *)type);
    }
    if (value != NULL) {
        text = PyObject_Str(value);
    }
    if (type_name != NULL && text != NULL && PyUnicode_GetLength(text) > 0) {
        rc->result = PyUnicode_FromFormat("%U: %U", type_name, text);
    } else if (type_name != NULL) {
        rc->result = Py_NewRef(type_name);
    }
    Py_XDECREF(type_name);
    Py_XDECREF(text);
    if (rc->result != NULL) {
        PyObject *bytes =
            PyUnicode_AsEncodedString(rc->result, "utf-8", "replace");
        Py_DECREF(rc->result);
        rc->result = bytes;
    }
    PyErr_Clear(); /* a failure to describe the error is not the error */
    is_exception =
        value != NULL ? PyObject_IsInstance(value, PyExc_Exception) : 1;
    if (is_exception < 0) {
        PyErr_Clear();
        is_exception = 1;
    }
    if (!is_exception && rc->owner->interrupt == NULL) {
        rc->owner->interrupt = value; /* keeps the reference */
        value = NULL;
    }
    Py_XDECREF(type);
    Py_XDECREF(value);
    Py_XDECREF(tb);
    rule_check_answer(rc, result, len);
    return PODSIM_EINVAL;
}

/* The core's check callback: the GIL is held (a diagnosis with Python
 * checks never releases it, and the core calls checks on its thread). */
static podsim_status rule_check_trampoline(void *user,
                                           const podsim_rule_context *ctx,
                                           const char **result,
                                           size_t *result_len) {
    py_rule_check *rc = user;
    PyObject *arg, *res;

    *result = NULL;
    *result_len = 0;
    Py_CLEAR(rc->result);
    if (rc->owner->interrupt != NULL) {
        *result = "interrupted";
        *result_len = strlen(*result);
        return PODSIM_EINVAL; /* the diagnosis is being interrupted */
    }
    arg = conv_rule_context(ctx);
    res =
        arg != NULL ? PyObject_CallFunctionObjArgs(rc->check, arg, NULL) : NULL;
    Py_XDECREF(arg);
    if (res == NULL) {
        return rule_check_failed(rc, result, result_len);
    }
    if (res == Py_None) {
        Py_DECREF(res);
        return PODSIM_OK;
    }
    if (PyUnicode_Check(res)) {
        rc->result = PyUnicode_AsUTF8String(res);
        Py_DECREF(res);
        if (rc->result == NULL) {
            return rule_check_failed(rc, result, result_len);
        }
    } else if (PyBytes_Check(res)) {
        rc->result = res; /* keeps the reference */
    } else {
        Py_DECREF(res);
        PyErr_SetString(PyExc_TypeError,
                        "a rule check returns None or the finding's "
                        "overrides as JSON/YAML text (str or bytes)");
        return rule_check_failed(rc, result, result_len);
    }
    rule_check_answer(rc, result, result_len);
    return PODSIM_OK;
}

/* ---- Rules type ------------------------------------------------------ */

static PyObject *rules_error(RulesObject *self, podsim_status status) {
    module_state *st = state_from_type(Py_TYPE((PyObject *)self));
    return set_error(st, status, podsim_rules_error(self->rules), NULL);
}

/* Lock a rule set for one of its methods: `what` names a change, refused
 * inside a check of a diagnosis using the set; NULL for a read. Returns
 * -1 with an exception set and the lock not held. */
static int rules_enter(RulesObject *self, const char *what) {
    if (what != NULL && refuse_in_callback(IN_CALLBACK(self), what) < 0) {
        return -1;
    }
    ACQUIRE_LOCK(self);
    if (self->rules == NULL) {
        RELEASE_LOCK(self);
        PyErr_SetString(PyExc_ValueError, "Rules was cleared");
        return -1;
    }
    return 0;
}

static PyObject *rules_new(PyTypeObject *type, PyObject *args,
                           PyObject *kwargs) {
    static char *kwlist[] = {NULL};
    module_state *st = state_from_type(type);
    allocfunc alloc;
    RulesObject *self;
    podsim_status status;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, ":Rules", kwlist)) {
        return NULL;
    }
    alloc = FROM_SLOT(allocfunc, PyType_GetSlot(type, Py_tp_alloc));
    self = (RulesObject *)alloc(type, 0);
    if (self == NULL) {
        return NULL;
    }
    self->rules = NULL;
    self->busy_thread = 0;
    self->checks = NULL;
    self->check_count = self->check_cap = 0;
    self->interrupt = NULL;
    self->lock = PyThread_allocate_lock();
    if (self->lock == NULL) {
        Py_DECREF(self);
        PyErr_SetString(PyExc_MemoryError, "unable to allocate lock");
        return NULL;
    }
    status = podsim_rules_new(&self->rules);
    if (status != PODSIM_OK) {
        Py_DECREF(self);
        return set_error(st, status, NULL, podsim_status_str(status));
    }
    return (PyObject *)self;
}

static int rules_traverse(PyObject *op, visitproc visit, void *arg) {
    RulesObject *self = (RulesObject *)op;
    Py_VISIT(Py_TYPE(op));
    for (size_t i = 0; i < self->check_count; i++) {
        Py_VISIT(self->checks[i]->check);
    }
    Py_VISIT(self->interrupt);
    return 0;
}

/* Frees the C set, which releases every check through rule_check_free. */
static int rules_clear(PyObject *op) {
    RulesObject *self = (RulesObject *)op;
    podsim_rules *rules = self->rules;
    self->rules = NULL;
    podsim_rules_free(rules);
    for (size_t i = 0; i < self->check_count; i++) {
        /* not dropped by the core (cannot happen): release them here */
        self->checks[i]->owner = NULL;
        rule_check_free(self->checks[i]);
    }
    PyMem_Free(self->checks);
    self->checks = NULL;
    self->check_count = self->check_cap = 0;
    Py_CLEAR(self->interrupt);
    return 0;
}

static void rules_dealloc(PyObject *op) {
    RulesObject *self = (RulesObject *)op;
    PyTypeObject *tp = Py_TYPE(op);
    freefunc tp_free;

    PyObject_GC_UnTrack(op);
    (void)rules_clear(op);
    if (self->lock != NULL) {
        PyThread_free_lock(self->lock);
        self->lock = NULL;
    }
    tp_free = FROM_SLOT(freefunc, PyType_GetSlot(tp, Py_tp_free));
    tp_free(op);
    Py_DECREF(tp);
}

PyDoc_STRVAR(rules_load_string_doc,
             "load_string($self, /, text, source=None)\n--\n\n"
             "Add rules written as YAML or JSON: a rule mapping, a list, or "
             "a pack\n{rules: [...], disable: [ids]} "
             "(podsim_rules_load_string). `source`\nnames the text in "
             "errors. A rule whose id is in the set replaces it.");

static PyObject *rules_load_string(PyObject *op, PyObject *args,
                                   PyObject *kwargs) {
    static char *kwlist[] = {"text", "source", NULL};
    RulesObject *self = (RulesObject *)op;
    PyObject *text_obj, *result;
    const char *source = NULL, *text;
    Py_ssize_t len;
    podsim_status status;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O|z:load_string", kwlist,
                                     &text_obj, &source) ||
        text_arg(text_obj, "load_string() argument 'text'", &text, &len) < 0 ||
        rules_enter(self, "Rules.load_string()") < 0) {
        return NULL;
    }
    status = podsim_rules_load_string(self->rules, text, (size_t)len, source);
    result =
        status == PODSIM_OK ? Py_NewRef(Py_None) : rules_error(self, status);
    RELEASE_LOCK(self);
    return result;
}

PyDoc_STRVAR(rules_load_file_doc,
             "load_file($self, /, path)\n--\n\n"
             "Add the rules of a YAML or JSON file "
             "(podsim_rules_load_file).");

static PyObject *rules_load_file(PyObject *op, PyObject *args,
                                 PyObject *kwargs) {
    static char *kwlist[] = {"path", NULL};
    RulesObject *self = (RulesObject *)op;
    PyObject *path_bytes = NULL, *result;
    const char *path;
    podsim_status status;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O&:load_file", kwlist,
                                     PyUnicode_FSConverter, &path_bytes)) {
        return NULL;
    }
    path = PyBytes_AsString(path_bytes);
    if (path == NULL || rules_enter(self, "Rules.load_file()") < 0) {
        Py_DECREF(path_bytes);
        return NULL;
    }
    status = podsim_rules_load_file(self->rules, path);
    result =
        status == PODSIM_OK ? Py_NewRef(Py_None) : rules_error(self, status);
    RELEASE_LOCK(self);
    Py_DECREF(path_bytes);
    return result;
}

PyDoc_STRVAR(
    rules_add_doc,
    "add($self, /, text, source=None, check=None)\n--\n\n"
    "Add one rule, a YAML/JSON mapping as in a rule file, with an optional\n"
    "check (podsim_rules_add): check(context) is called when the rule's\n"
    "`when` matched, with the podsim_rule_context as a dict (rule,\n"
    "container, facts, findings), and returns None (no finding) or the\n"
    "finding's overrides as JSON/YAML text (\"{}\" for the rule's template).\n"
    "An exception it raises becomes a rule error of the diagnosis.");

static PyObject *rules_add(PyObject *op, PyObject *args, PyObject *kwargs) {
    static char *kwlist[] = {"text", "source", "check", NULL};
    RulesObject *self = (RulesObject *)op;
    PyObject *text_obj, *check = Py_None, *result = NULL;
    const char *source = NULL, *text;
    Py_ssize_t len;
    py_rule_check *rc = NULL;
    podsim_status status;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O|zO:add", kwlist,
                                     &text_obj, &source, &check) ||
        text_arg(text_obj, "add() argument 'text'", &text, &len) < 0) {
        return NULL;
    }
    if (check != Py_None && !PyCallable_Check(check)) {
        PyErr_SetString(PyExc_TypeError,
                        "add(): check must be a callable or None");
        return NULL;
    }
    if (rules_enter(self, "Rules.add()") < 0) {
        return NULL;
    }
    if (check == Py_None) {
        status = podsim_rules_add(self->rules, text, (size_t)len, source, NULL,
                                  NULL, NULL);
        result = status == PODSIM_OK ? Py_NewRef(Py_None)
                                     : rules_error(self, status);
        goto out;
    }
    /* room for one more first, so a registered check is always listed */
    if (self->check_count == self->check_cap) {
        size_t cap = self->check_cap ? self->check_cap * 2 : 4;
        py_rule_check **grown =
            PyMem_Realloc(self->checks, cap * sizeof *self->checks);
        if (grown == NULL) {
            PyErr_NoMemory();
            goto out;
        }
        self->checks = grown;
        self->check_cap = cap;
    }
    rc = PyMem_Calloc(1, sizeof *rc);
    if (rc == NULL) {
        PyErr_NoMemory();
        goto out;
    }
    rc->owner = self;
    rc->check = Py_NewRef(check);
    self->checks[self->check_count++] = rc;
    status = podsim_rules_add(self->rules, text, (size_t)len, source,
                              rule_check_trampoline, rc, rule_check_free);
    if (status != PODSIM_OK) {
        /* the core did not keep the rule: release the check unless it did
         * so already */
        for (size_t i = 0; i < self->check_count; i++) {
            if (self->checks[i] == rc) {
                rule_check_free(rc);
                break;
            }
        }
        rules_error(self, status);
        goto out;
    }
    result = Py_NewRef(Py_None);
out:
    RELEASE_LOCK(self);
    return result;
}

PyDoc_STRVAR(rules_disable_doc,
             "disable($self, id, /)\n--\n\n"
             "Disable a rule by id, built-in or added (podsim_rules_disable)."
             "\nRaises NotFound when no rule has that id.");

static PyObject *rules_disable(PyObject *op, PyObject *args) {
    RulesObject *self = (RulesObject *)op;
    const char *id;
    PyObject *result;
    podsim_status status;

    if (!PyArg_ParseTuple(args, "s:disable", &id) ||
        rules_enter(self, "Rules.disable()") < 0) {
        return NULL;
    }
    status = podsim_rules_disable(self->rules, id);
    result =
        status == PODSIM_OK ? Py_NewRef(Py_None) : rules_error(self, status);
    RELEASE_LOCK(self);
    return result;
}

PyDoc_STRVAR(rules_count_doc,
             "count($self, /)\n--\n\n"
             "Number of rules in the set, disabled ones included "
             "(podsim_rules_count).");

static PyObject *rules_count(PyObject *op, PyObject *unused) {
    RulesObject *self = (RulesObject *)op;
    size_t n;
    (void)unused;
    if (rules_enter(self, NULL) < 0) {
        return NULL;
    }
    n = podsim_rules_count(self->rules);
    RELEASE_LOCK(self);
    return PyLong_FromSize_t(n);
}

PyDoc_STRVAR(rules_get_doc,
             "get($self, index, /)\n--\n\n"
             "(id, category, enabled) of the rule at `index` in evaluation "
             "order\n(podsim_rules_get). Raises NotFound past the end.");

static PyObject *rules_get(PyObject *op, PyObject *args) {
    RulesObject *self = (RulesObject *)op;
    Py_ssize_t index;
    const char *id = NULL, *category = NULL;
    bool enabled = false;
    PyObject *result = NULL;
    podsim_status status;

    if (!PyArg_ParseTuple(args, "n:get", &index)) {
        return NULL;
    }
    if (index < 0) {
        PyErr_SetString(PyExc_ValueError, "index must be >= 0");
        return NULL;
    }
    if (rules_enter(self, NULL) < 0) {
        return NULL;
    }
    status =
        podsim_rules_get(self->rules, (size_t)index, &id, &category, &enabled);
    if (status != PODSIM_OK) {
        rules_error(self, status);
    } else {
        result = Py_BuildValue("(NNO)", py_str(id), py_str(category),
                               enabled ? Py_True : Py_False);
    }
    RELEASE_LOCK(self);
    return result;
}

static PyObject *rules_get_python_checks(PyObject *op, void *closure) {
    RulesObject *self = (RulesObject *)op;
    size_t n;
    (void)closure;
    ACQUIRE_LOCK(self);
    n = self->check_count;
    RELEASE_LOCK(self);
    return PyLong_FromSize_t(n);
}

static PyMethodDef rules_methods[] = {
    {"load_string", (PyCFunction)(void (*)(void))rules_load_string,
     METH_VARARGS | METH_KEYWORDS, rules_load_string_doc},
    {"load_file", (PyCFunction)(void (*)(void))rules_load_file,
     METH_VARARGS | METH_KEYWORDS, rules_load_file_doc},
    {"add", (PyCFunction)(void (*)(void))rules_add,
     METH_VARARGS | METH_KEYWORDS, rules_add_doc},
    {"disable", rules_disable, METH_VARARGS, rules_disable_doc},
    {"count", rules_count, METH_NOARGS, rules_count_doc},
    {"get", rules_get, METH_VARARGS, rules_get_doc},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef rules_getset[] = {
    {"python_checks", rules_get_python_checks, NULL,
     PyDoc_STR("Number of rules with a Python check."), NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

PyDoc_STRVAR(rules_doc,
             "Rules()\n--\n\n"
             "A rule set holding the built-in diagnosis rules "
             "(podsim_rules_new).\nLow-level: use podsim.Rules.");

static PyType_Slot rules_slots[] = {
    {Py_tp_new, TO_SLOT(rules_new)},
    {Py_tp_dealloc, TO_SLOT(rules_dealloc)},
    {Py_tp_traverse, TO_SLOT(rules_traverse)},
    {Py_tp_clear, TO_SLOT(rules_clear)},
    {Py_tp_methods, rules_methods},
    {Py_tp_getset, rules_getset},
    {Py_tp_doc, (void *)rules_doc},
    {0, NULL},
};

static PyType_Spec rules_spec = {
    .name = "podsim._podsim.Rules",
    .basicsize = sizeof(RulesObject),
    .itemsize = 0,
    /* final, like Cluster (state_from_type) */
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = rules_slots,
};

/* ---- Diagnosis type -------------------------------------------------- */

/* One podsim_diagnosis. Owned, or an item of a podsim_diagnosis_list that
 * `list` (a capsule) owns and every item of the list keeps alive. It
 * borrows nothing from the cluster, simulation or rules it was made from
 * (podsim.h). Rendering writes into the diagnosis, hence the lock. */
typedef struct {
    PyObject_HEAD podsim_diagnosis *diagnosis;
    PyObject *list; /* capsule of the list it belongs to, or NULL */
    PyThread_type_lock lock;
    unsigned long busy_thread; /* always 0: for ACQUIRE_LOCK */
} DiagnosisObject;

#define DIAGNOSIS_LIST_CAPSULE "podsim._podsim.diagnosis_list"

static void diagnosis_list_capsule_free(PyObject *capsule) {
    podsim_diagnosis_list_free(
        PyCapsule_GetPointer(capsule, DIAGNOSIS_LIST_CAPSULE));
}

/* A Diagnosis for `d`: takes ownership of `d` unless `list` (borrowed,
 * then referenced) owns it; frees an owned `d` on failure. */
static PyObject *diagnosis_wrap(module_state *st, podsim_diagnosis *d,
                                PyObject *list) {
    PyTypeObject *type = st->diagnosis_type;
    allocfunc alloc = FROM_SLOT(allocfunc, PyType_GetSlot(type, Py_tp_alloc));
    DiagnosisObject *self = (DiagnosisObject *)alloc(type, 0);
    if (self == NULL) {
        if (list == NULL) {
            podsim_diagnosis_free(d);
        }
        return NULL;
    }
    self->diagnosis = d;
    self->list = Py_XNewRef(list);
    self->busy_thread = 0;
    self->lock = PyThread_allocate_lock();
    if (self->lock == NULL) {
        Py_DECREF(self);
        PyErr_SetString(PyExc_MemoryError, "unable to allocate lock");
        return NULL;
    }
    return (PyObject *)self;
}

static void diagnosis_dealloc(PyObject *op) {
    DiagnosisObject *self = (DiagnosisObject *)op;
    PyTypeObject *tp = Py_TYPE(op);
    freefunc tp_free;

    if (self->list == NULL) {
        podsim_diagnosis_free(self->diagnosis);
    }
    self->diagnosis = NULL;
    Py_CLEAR(self->list);
    if (self->lock != NULL) {
        PyThread_free_lock(self->lock);
        self->lock = NULL;
    }
    tp_free = FROM_SLOT(freefunc, PyType_GetSlot(tp, Py_tp_free));
    tp_free(op);
    Py_DECREF(tp);
}

PyDoc_STRVAR(diagnosis_data_doc,
             "data($self, /)\n--\n\n"
             "The podsim_diagnosis as a dict keyed by its field names "
             "(findings,\nevidence, facts... as lists of dicts; times in wall "
             "ms, None when unknown).");

static PyObject *diagnosis_data(PyObject *op, PyObject *unused) {
    DiagnosisObject *self = (DiagnosisObject *)op;
    (void)unused;
    return conv_diagnosis(self->diagnosis);
}

PyDoc_STRVAR(diagnosis_render_doc,
             "render($self, /, format=0)\n--\n\n"
             "The diagnosis as text (DIAGNOSIS_TEXT, the compact report) or "
             "as the\noutput schema in JSON (DIAGNOSIS_JSON) "
             "(podsim_diagnosis_render).");

static PyObject *diagnosis_render(PyObject *op, PyObject *args,
                                  PyObject *kwargs) {
    static char *kwlist[] = {"format", NULL};
    DiagnosisObject *self = (DiagnosisObject *)op;
    module_state *st = state_from_type(Py_TYPE(op));
    int format = PODSIM_DIAGNOSIS_TEXT;
    const char *text = NULL;
    size_t len = 0;
    podsim_status status;
    PyObject *result;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "|i:render", kwlist,
                                     &format)) {
        return NULL;
    }
    ACQUIRE_LOCK(self);
    status = podsim_diagnosis_render(
        self->diagnosis, (podsim_diagnosis_format)format, &text, &len);
    if (status != PODSIM_OK) {
        result = set_error(st, status, NULL, "podsim_diagnosis_render failed");
    } else {
        result = PyUnicode_DecodeUTF8(text != NULL ? text : "", (Py_ssize_t)len,
                                      "surrogateescape");
    }
    RELEASE_LOCK(self);
    return result;
}

static PyMethodDef diagnosis_methods[] = {
    {"data", diagnosis_data, METH_NOARGS, diagnosis_data_doc},
    {"render", (PyCFunction)(void (*)(void))diagnosis_render,
     METH_VARARGS | METH_KEYWORDS, diagnosis_render_doc},
    {NULL, NULL, 0, NULL},
};

PyDoc_STRVAR(diagnosis_doc,
             "The diagnosis of one pod (podsim_diagnosis), returned by "
             "Cluster.diagnose,\nCluster.diagnose_all and "
             "Simulation.diagnose. Low-level: use\npodsim.Diagnosis.");

static PyType_Slot diagnosis_slots[] = {
    {Py_tp_dealloc, TO_SLOT(diagnosis_dealloc)},
    {Py_tp_methods, diagnosis_methods},
    {Py_tp_doc, (void *)diagnosis_doc},
    {0, NULL},
};

static PyType_Spec diagnosis_spec = {
    .name = "podsim._podsim.Diagnosis",
    .basicsize = sizeof(DiagnosisObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_IMMUTABLETYPE |
             Py_TPFLAGS_DISALLOW_INSTANTIATION,
    .slots = diagnosis_slots,
};

/* ---- diagnosing ------------------------------------------------------ */

static int rules_arg(module_state *st, PyObject *obj, RulesObject **out) {
    if (obj == Py_None) {
        *out = NULL;
        return 0;
    }
    if (!Py_IS_TYPE(obj, st->rules_type)) {
        PyErr_SetString(PyExc_TypeError,
                        "rules must be a _podsim.Rules or None");
        return -1;
    }
    *out = (RulesObject *)obj;
    return 0;
}

/* The options of a diagnose call; `kubectl_version` is borrowed from the
 * arguments. */
static int diagnose_options_arg(PyObject *as_of, unsigned int flags,
                                const char *kubectl_version,
                                podsim_diagnose_options *o) {
    podsim_diagnose_options init = PODSIM_DIAGNOSE_OPTIONS_INIT;
    *o = init;
    if (time_arg(as_of, &o->as_of) < 0) {
        return -1;
    }
    o->flags = flags;
    o->kubectl_version = kubectl_version;
    return 0;
}

/* After a diagnosis with Python checks: the interrupt a check raised, to
 * re-raise (taken over), or NULL. */
static PyObject *rules_take_interrupt(RulesObject *rules) {
    PyObject *exc;
    if (rules == NULL) {
        return NULL;
    }
    exc = rules->interrupt;
    rules->interrupt = NULL;
    return exc;
}

static void raise_interrupt(PyObject *exc) {
    PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
    Py_DECREF(exc);
}

typedef enum { DIAG_ONE, DIAG_ALL, DIAG_WORKLOAD } diag_call_kind;

/* One diagnosis call of the core (the lock, callbacks and GIL are the
 * caller's). */
static podsim_status diagnose_run(ClusterObject *self, diag_call_kind kind,
                                  podsim_kind workload, const char *ns,
                                  const char *name,
                                  const podsim_diagnose_options *opts,
                                  podsim_diagnosis **d,
                                  podsim_diagnosis_list **list) {
    switch (kind) {
    case DIAG_ONE:
        return podsim_cluster_diagnose(self->cluster, ns, name, opts, d);
    case DIAG_WORKLOAD:
        return podsim_cluster_diagnose_workload(self->cluster, workload, ns,
                                                name, opts, d);
    default: return podsim_cluster_diagnose_all(self->cluster, opts, list);
    }
}

static PyObject *cluster_diagnose_call(ClusterObject *self, diag_call_kind kind,
                                       podsim_kind workload, const char *ns,
                                       const char *name, PyObject *as_of,
                                       PyObject *rules_obj, unsigned int flags,
                                       const char *kubectl_version) {
    module_state *st = state_from_type(Py_TYPE((PyObject *)self));
    unsigned long me = PyThread_get_thread_ident();
    podsim_diagnose_options opts;
    RulesObject *rules;
    podsim_diagnosis *d = NULL;
    podsim_diagnosis_list *list = NULL;
    PyObject *out = NULL, *interrupt = NULL;
    podsim_status status = PODSIM_OK;

    if (rules_arg(st, rules_obj, &rules) < 0 ||
        diagnose_options_arg(as_of, flags, kubectl_version, &opts) < 0 ||
        refuse_in_callback(IN_CALLBACK(self), "diagnosing") < 0 ||
        (rules != NULL &&
         refuse_in_callback(IN_CALLBACK(rules), "diagnosing") < 0)) {
        return NULL;
    }
    ACQUIRE_LOCK(self); /* cluster before rules: one order */
    if (rules != NULL) {
        ACQUIRE_LOCK(rules);
    }
    if (check_open(self) < 0) {
        goto unlock;
    }
    if (rules != NULL && rules->rules == NULL) {
        PyErr_SetString(PyExc_ValueError, "Rules was cleared");
        goto unlock;
    }
    opts.rules = rules != NULL ? rules->rules : NULL;
    if (rules != NULL && rules->check_count > 0) {
        Py_CLEAR(rules->interrupt);
        rules->busy_thread = self->busy_thread = me;
        if (self->owner != NULL) {
            self->owner->busy_thread = me;
        }
        status = diagnose_run(self, kind, workload, ns, name, &opts, &d, &list);
        rules->busy_thread = self->busy_thread = 0;
        if (self->owner != NULL) {
            self->owner->busy_thread = 0;
        }
        interrupt = rules_take_interrupt(rules);
    } else {
        Py_BEGIN_ALLOW_THREADS status =
            diagnose_run(self, kind, workload, ns, name, &opts, &d, &list);
        Py_END_ALLOW_THREADS
    }
    if (interrupt != NULL) {
        raise_interrupt(interrupt);
        podsim_diagnosis_free(d);
        podsim_diagnosis_list_free(list);
    } else if (status != PODSIM_OK) {
        cluster_error(self, status);
    } else if (kind != DIAG_ALL) {
        out = diagnosis_wrap(st, d, NULL); /* owns d */
    } else {
        PyObject *capsule = PyCapsule_New(list, DIAGNOSIS_LIST_CAPSULE,
                                          diagnosis_list_capsule_free);
        PyObject *items = NULL;
        if (capsule == NULL) {
            podsim_diagnosis_list_free(list);
        } else {
            items = PyList_New((Py_ssize_t)list->count);
        }
        for (size_t i = 0; items != NULL && i < list->count; i++) {
            PyObject *v = diagnosis_wrap(st, list->items[i], capsule);
            if (v == NULL) {
                Py_CLEAR(items);
                break;
            }
            PyList_SetItem(items, (Py_ssize_t)i, v); /* steals */
        }
        if (items != NULL) {
            out = Py_BuildValue("(Nn)", items, (Py_ssize_t)list->pods_examined);
        }
        Py_XDECREF(capsule);
    }
unlock:
    if (rules != NULL) {
        RELEASE_LOCK(rules);
    }
    RELEASE_LOCK(self);
    return out;
}

static PyObject *cluster_diagnose(PyObject *op, PyObject *args,
                                  PyObject *kwargs) {
    static char *kwlist[] = {"namespace", "name",  "as_of_ms",
                             "rules",     "flags", "kubectl_version",
                             NULL};
    const char *ns, *name, *kubectl_version = NULL;
    PyObject *as_of = Py_None, *rules = Py_None;
    unsigned int flags = 0;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "zz|OOIz:diagnose", kwlist,
                                     &ns, &name, &as_of, &rules, &flags,
                                     &kubectl_version)) {
        return NULL;
    }
    return cluster_diagnose_call((ClusterObject *)op, DIAG_ONE, PODSIM_KIND_POD,
                                 ns, name, as_of, rules, flags,
                                 kubectl_version);
}

static PyObject *cluster_diagnose_workload(PyObject *op, PyObject *args,
                                           PyObject *kwargs) {
    static char *kwlist[] = {
        "kind",  "namespace",       "name", "as_of_ms", "rules",
        "flags", "kubectl_version", NULL};
    module_state *st = state_from_type(Py_TYPE(op));
    const char *kind_name, *ns, *name, *kubectl_version = NULL;
    PyObject *as_of = Py_None, *rules = Py_None;
    unsigned int flags = 0;
    podsim_kind kind;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "szs|OOIz:diagnose_workload",
                                     kwlist, &kind_name, &ns, &name, &as_of,
                                     &rules, &flags, &kubectl_version) ||
        kind_from_name(st, kind_name, &kind) < 0) {
        return NULL;
    }
    if (ns == NULL) {
        ns = "default";
    }
    return cluster_diagnose_call((ClusterObject *)op, DIAG_WORKLOAD, kind, ns,
                                 name, as_of, rules, flags, kubectl_version);
}

static PyObject *cluster_diagnose_all(PyObject *op, PyObject *args,
                                      PyObject *kwargs) {
    static char *kwlist[] = {"as_of_ms", "rules", "flags", "kubectl_version",
                             NULL};
    const char *kubectl_version = NULL;
    PyObject *as_of = Py_None, *rules = Py_None;
    unsigned int flags = 0;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "|OOIz:diagnose_all", kwlist,
                                     &as_of, &rules, &flags,
                                     &kubectl_version)) {
        return NULL;
    }
    return cluster_diagnose_call((ClusterObject *)op, DIAG_ALL, PODSIM_KIND_POD,
                                 NULL, NULL, as_of, rules, flags,
                                 kubectl_version);
}

static PyObject *simulation_diagnose(PyObject *op, PyObject *args,
                                     PyObject *kwargs) {
    static char *kwlist[] = {"namespace", "name",  "as_of_ms",
                             "rules",     "flags", "kubectl_version",
                             NULL};
    SimObject *self = (SimObject *)op;
    module_state *st = state_from_type(Py_TYPE(op));
    unsigned long me = PyThread_get_thread_ident();
    const char *ns, *name, *kubectl_version = NULL;
    PyObject *as_of = Py_None, *rules_obj = Py_None, *out = NULL;
    PyObject *interrupt = NULL, *cause = NULL;
    unsigned int flags = 0;
    podsim_diagnose_options opts;
    RulesObject *rules;
    ConfigObject *cfg;
    podsim_diagnosis *d = NULL;
    podsim_status status;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "zz|OOIz:diagnose", kwlist,
                                     &ns, &name, &as_of, &rules_obj, &flags,
                                     &kubectl_version) ||
        rules_arg(st, rules_obj, &rules) < 0 ||
        diagnose_options_arg(as_of, flags, kubectl_version, &opts) < 0 ||
        refuse_in_callback(IN_CALLBACK(self), "diagnosing") < 0 ||
        (rules != NULL &&
         refuse_in_callback(IN_CALLBACK(rules), "diagnosing") < 0)) {
        return NULL;
    }
    cfg = self->config;
    if (cfg != NULL && refuse_in_callback(IN_CALLBACK(cfg), "diagnosing") < 0) {
        return NULL;
    }
    if (simulation_enter(self, NULL) < 0) {
        return NULL;
    }
    if (cfg != NULL) {
        ACQUIRE_LOCK(cfg); /* simulation, config, rules: one order */
    }
    if (rules != NULL) {
        ACQUIRE_LOCK(rules);
    }
    if (cfg != NULL && config_check(cfg) < 0) {
        goto unlock;
    }
    if (rules != NULL && rules->rules == NULL) {
        PyErr_SetString(PyExc_ValueError, "Rules was cleared");
        goto unlock;
    }
    opts.rules = rules != NULL ? rules->rules : NULL;
    if ((rules != NULL && rules->check_count > 0) ||
        (cfg != NULL && cfg->plugin_count > 0)) {
        /* Python code runs on this thread during the call */
        if (rules != NULL) {
            Py_CLEAR(rules->interrupt);
            rules->busy_thread = me;
        }
        if (cfg != NULL) {
            Py_CLEAR(cfg->callback_error);
            cfg->busy_thread = me;
        }
        self->busy_thread = me;
        if (self->view != NULL) {
            self->view->busy_thread = me;
        }
        status = podsim_sim_diagnose(self->sim, ns, name, &opts, &d);
        self->busy_thread = 0;
        if (self->view != NULL) {
            self->view->busy_thread = 0;
        }
        if (cfg != NULL) {
            cfg->busy_thread = 0;
            cause = cfg->callback_error; /* taken over */
            cfg->callback_error = NULL;
        }
        if (rules != NULL) {
            rules->busy_thread = 0;
            interrupt = rules_take_interrupt(rules);
        }
    } else {
        Py_BEGIN_ALLOW_THREADS status =
            podsim_sim_diagnose(self->sim, ns, name, &opts, &d);
        Py_END_ALLOW_THREADS
    }
    if (interrupt != NULL) {
        raise_interrupt(interrupt);
        podsim_diagnosis_free(d);
    } else if (cause != NULL && !PyObject_IsInstance(cause, PyExc_Exception)) {
        raise_interrupt(cause); /* KeyboardInterrupt in a plugin */
        cause = NULL;
        podsim_diagnosis_free(d);
    } else if (status != PODSIM_OK && cause != NULL) {
        raise_error(st, status, podsim_sim_error(self->sim), NULL,
                    cause); /* steals cause */
        cause = NULL;
    } else if (status != PODSIM_OK) {
        simulation_error(self, status);
    } else {
        out = diagnosis_wrap(st, d, NULL); /* owns d */
    }
    Py_XDECREF(cause); /* a plugin error the what-if went past */
unlock:
    if (rules != NULL) {
        RELEASE_LOCK(rules);
    }
    if (cfg != NULL) {
        RELEASE_LOCK(cfg);
    }
    RELEASE_LOCK(self);
    return out;
}

static PyObject *simulation_dump(PyObject *op, PyObject *unused) {
    SimObject *self = (SimObject *)op;
    const char *text = NULL;
    size_t len = 0;
    podsim_status status;
    PyObject *result = NULL;
    (void)unused;

    if (simulation_enter(self, NULL) < 0) {
        return NULL;
    }
    Py_BEGIN_ALLOW_THREADS status = podsim_sim_dump(self->sim, &text, &len);
    Py_END_ALLOW_THREADS if (status != PODSIM_OK) {
        simulation_error(self, status);
    }
    else {
        result = PyUnicode_DecodeUTF8(text != NULL ? text : "", (Py_ssize_t)len,
                                      "surrogateescape");
    }
    RELEASE_LOCK(self);
    return result;
}

/* ===================================================================== */
/* Module functions                                                       */
/* ===================================================================== */

static int quantity_arg(module_state *st, PyObject *t, podsim_quantity *out) {
    long long m;
    int e;
    const char *fmt;
    podsim_qformat f;
    if (!PyArg_ParseTuple(t,
                          "Lis;quantity must be a (mantissa, exponent, "
                          "format) tuple",
                          &m, &e, &fmt) ||
        quantity_format_from_name(st, fmt, &f) < 0) {
        return -1;
    }
    out->mantissa = (int64_t)m;
    out->exponent = (int32_t)e;
    out->format = f;
    return 0;
}

PyDoc_STRVAR(quantity_parse_doc,
             "quantity_parse($module, text, /)\n--\n\n"
             "Parse a Kubernetes quantity (podsim_quantity_parse) into a\n"
             "(mantissa, exponent, format) tuple.");

static PyObject *mod_quantity_parse(PyObject *module, PyObject *arg) {
    module_state *st = get_module_state(module);
    const char *text;
    Py_ssize_t len;
    podsim_quantity q;
    podsim_status status;

    if (!PyUnicode_Check(arg)) {
        PyErr_SetString(PyExc_TypeError,
                        "quantity_parse() argument must be str");
        return NULL;
    }
    text = PyUnicode_AsUTF8AndSize(arg, &len);
    if (text == NULL) {
        return NULL;
    }
    status = podsim_quantity_parse(text, (size_t)len, &q);
    if (status != PODSIM_OK) {
        char msg[200];
        snprintf(msg, sizeof msg, "invalid quantity \"%.*s\": %s",
                 (int)(len > 80 ? 80 : len), text, podsim_status_str(status));
        return set_error(st, status, NULL, msg);
    }
    return py_quantity(&q);
}

PyDoc_STRVAR(quantity_format_doc,
             "quantity_format($module, mantissa, exponent, format, /)\n--\n\n"
             "The canonical string of a quantity (podsim_quantity_format).");

static PyObject *mod_quantity_format(PyObject *module, PyObject *args) {
    module_state *st = get_module_state(module);
    podsim_quantity q;
    char buf[PODSIM_QUANTITY_STRING_MAX];
    size_t len = 0;
    podsim_status status;

    if (quantity_arg(st, args, &q) < 0) {
        return NULL;
    }
    status = podsim_quantity_format(&q, buf, sizeof buf, &len);
    if (status != PODSIM_OK) {
        return set_error(st, status, NULL, "quantity_format failed");
    }
    return PyUnicode_FromStringAndSize(buf, (Py_ssize_t)len);
}

PyDoc_STRVAR(
    quantity_milli_doc,
    "quantity_milli($module, mantissa, exponent, format, /)\n--\n\n"
    "MilliValue(): ceil(value x 1000) away from zero (podsim_quantity_milli).");

static PyObject *mod_quantity_milli(PyObject *module, PyObject *args) {
    module_state *st = get_module_state(module);
    podsim_quantity q;
    int64_t v = 0;
    podsim_status status;

    if (quantity_arg(st, args, &q) < 0) {
        return NULL;
    }
    status = podsim_quantity_milli(&q, &v);
    if (status != PODSIM_OK) {
        return set_error(st, status, NULL,
                         "quantity milli-value overflows int64");
    }
    return PyLong_FromLongLong((long long)v);
}

PyDoc_STRVAR(quantity_value_doc,
             "quantity_value($module, mantissa, exponent, format, /)\n--\n\n"
             "Value(): rounded up to an integer away from zero "
             "(podsim_quantity_value).");

static PyObject *mod_quantity_value(PyObject *module, PyObject *args) {
    module_state *st = get_module_state(module);
    podsim_quantity q;
    int64_t v = 0;
    podsim_status status;

    if (quantity_arg(st, args, &q) < 0) {
        return NULL;
    }
    status = podsim_quantity_value(&q, &v);
    if (status != PODSIM_OK) {
        return set_error(st, status, NULL, "quantity value overflows int64");
    }
    return PyLong_FromLongLong((long long)v);
}

PyDoc_STRVAR(
    quantity_add_doc,
    "quantity_add($module, a, b, /)\n--\n\n"
    "Exact sum of two (mantissa, exponent, format) tuples, in the format of a\n"
    "(podsim_quantity_add).");

static PyObject *mod_quantity_add(PyObject *module, PyObject *args) {
    module_state *st = get_module_state(module);
    PyObject *a_obj, *b_obj;
    podsim_quantity a, b, sum;
    podsim_status status;

    if (!PyArg_ParseTuple(args, "O!O!:quantity_add", &PyTuple_Type, &a_obj,
                          &PyTuple_Type, &b_obj) ||
        quantity_arg(st, a_obj, &a) < 0 || quantity_arg(st, b_obj, &b) < 0) {
        return NULL;
    }
    status = podsim_quantity_add(&a, &b, &sum);
    if (status != PODSIM_OK) {
        return set_error(st, status, NULL, "quantity sum overflows");
    }
    return py_quantity(&sum);
}

PyDoc_STRVAR(quantity_cmp_doc,
             "quantity_cmp($module, a, b, /)\n--\n\n"
             "-1, 0 or 1 as a < b, a == b, a > b (podsim_quantity_cmp; format "
             "ignored).");

static PyObject *mod_quantity_cmp(PyObject *module, PyObject *args) {
    module_state *st = get_module_state(module);
    PyObject *a_obj, *b_obj;
    podsim_quantity a, b;

    if (!PyArg_ParseTuple(args, "O!O!:quantity_cmp", &PyTuple_Type, &a_obj,
                          &PyTuple_Type, &b_obj) ||
        quantity_arg(st, a_obj, &a) < 0 || quantity_arg(st, b_obj, &b) < 0) {
        return NULL;
    }
    return PyLong_FromLong((long)podsim_quantity_cmp(&a, &b));
}

PyDoc_STRVAR(
    quantity_from_milli_doc,
    "quantity_from_milli($module, milli, format, /)\n--\n\n"
    "The quantity milli/1000 in `format` (podsim_quantity_from_milli).");

static PyObject *mod_quantity_from_milli(PyObject *module, PyObject *args) {
    module_state *st = get_module_state(module);
    long long milli;
    const char *fmt;
    podsim_qformat f;
    podsim_quantity q;

    if (!PyArg_ParseTuple(args, "Ls:quantity_from_milli", &milli, &fmt) ||
        quantity_format_from_name(st, fmt, &f) < 0) {
        return NULL;
    }
    q = podsim_quantity_from_milli((int64_t)milli, f);
    return py_quantity(&q);
}

PyDoc_STRVAR(kind_is_namespaced_doc,
             "kind_is_namespaced($module, kind, /)\n--\n\n"
             "True if objects of `kind` live in a namespace "
             "(podsim_kind_is_namespaced).");

static PyObject *mod_kind_is_namespaced(PyObject *module, PyObject *arg) {
    module_state *st = get_module_state(module);
    const char *name;
    podsim_kind kind;

    if (!PyUnicode_Check(arg)) {
        PyErr_SetString(PyExc_TypeError,
                        "kind_is_namespaced() argument must be str");
        return NULL;
    }
    name = PyUnicode_AsUTF8AndSize(arg, NULL);
    if (name == NULL || kind_from_name(st, name, &kind) < 0) {
        return NULL;
    }
    return PyBool_FromLong(podsim_kind_is_namespaced(kind));
}

PyDoc_STRVAR(enum_name_doc,
             "enum_name($module, enum, value, /)\n--\n\n"
             "The Kubernetes spelling of an enum value (podsim_enum_name); "
             "`enum` is one\n"
             "of the ENUM_* constants. None if out of range.");

static PyObject *mod_enum_name(PyObject *module, PyObject *args) {
    (void)module;
    int type, value;
    if (!PyArg_ParseTuple(args, "ii:enum_name", &type, &value)) {
        return NULL;
    }
    return py_str(podsim_enum_name((podsim_enum)type, value));
}

PyDoc_STRVAR(duration_parse_doc,
             "duration_parse($module, text, /)\n--\n\n"
             "A Go duration (\"1m30s\", \"500ms\", \"-2s\") in milliseconds, "
             "rounded to\nthe nearest (podsim_duration_parse). ValueError if "
             "malformed.");

static PyObject *mod_duration_parse(PyObject *module, PyObject *arg) {
    (void)module;
    Py_ssize_t len = 0;
    const char *text = PyUnicode_AsUTF8AndSize(arg, &len);
    if (!text) return NULL;
    int64_t ms = 0;
    if (podsim_duration_parse(text, (size_t)len, &ms) != PODSIM_OK) {
        PyErr_Format(PyExc_ValueError, "invalid duration %R", arg);
        return NULL;
    }
    return PyLong_FromLongLong((long long)ms);
}

PyDoc_STRVAR(size_parse_doc,
             "size_parse($module, text, /)\n--\n\n"
             "A size in bytes (\"500MB\", \"1GiB\", \"200Mi\") "
             "(podsim_size_parse).\nValueError if malformed.");

static PyObject *mod_size_parse(PyObject *module, PyObject *arg) {
    (void)module;
    Py_ssize_t len = 0;
    const char *text = PyUnicode_AsUTF8AndSize(arg, &len);
    if (!text) return NULL;
    int64_t bytes = 0;
    if (podsim_size_parse(text, (size_t)len, &bytes) != PODSIM_OK) {
        PyErr_Format(PyExc_ValueError, "invalid size %R", arg);
        return NULL;
    }
    return PyLong_FromLongLong((long long)bytes);
}

PyDoc_STRVAR(
    status_name_doc,
    "status_name($module, code, /)\n--\n\n"
    "Stable name of a status code, \"PODSIM_EPARSE\" (podsim_status_name).");

static PyObject *mod_status_name(PyObject *module, PyObject *arg) {
    (void)module;
    long code = PyLong_AsLong(arg);
    if (code == -1 && PyErr_Occurred()) {
        return NULL;
    }
    return py_str(podsim_status_name((podsim_status)code));
}

PyDoc_STRVAR(status_str_doc,
             "status_str($module, code, /)\n--\n\n"
             "One-line description of a status code (podsim_status_str).");

static PyObject *mod_status_str(PyObject *module, PyObject *arg) {
    (void)module;
    long code = PyLong_AsLong(arg);
    if (code == -1 && PyErr_Occurred()) {
        return NULL;
    }
    return py_str(podsim_status_str((podsim_status)code));
}

PyDoc_STRVAR(
    version_doc,
    "version($module, /)\n--\n\n"
    "The podsim library version, \"MAJOR.MINOR.PATCH\" (podsim_version).");

static PyObject *mod_version(PyObject *module, PyObject *unused) {
    (void)module;
    (void)unused;
    return py_str(podsim_version());
}

PyDoc_STRVAR(
    num_feasible_nodes_to_find_doc,
    "num_feasible_nodes_to_find($module, node_count, percentage, /)\n--\n\n"
    "How many feasible nodes one attempt looks for among `node_count` "
    "nodes\n(kube-scheduler's numFeasibleNodesToFind; percentage 0 = "
    "adaptive).");

static PyObject *mod_num_feasible_nodes_to_find(PyObject *module,
                                                PyObject *args) {
    (void)module;
    Py_ssize_t count;
    int percentage;
    if (!PyArg_ParseTuple(args, "ni:num_feasible_nodes_to_find", &count,
                          &percentage)) {
        return NULL;
    }
    if (count < 0) {
        PyErr_SetString(PyExc_ValueError, "node_count must be >= 0");
        return NULL;
    }
    return PyLong_FromSize_t(
        podsim_num_feasible_nodes_to_find((size_t)count, (int32_t)percentage));
}

/* One filters[] item for fit_error_format: a dict with the keys of
 * podsim_node_filter (code as a name or an int). Strings are borrowed from
 * the dict's values, kept alive by `keep`. */
static int node_filter_arg(module_state *st, PyObject *item, PyObject *keep,
                           podsim_node_filter *out, const char ***reasons) {
    PyObject *node, *code, *plugin, *rs, *seq;
    Py_ssize_t n;
    int value;

    if (!PyDict_Check(item)) {
        PyErr_SetString(PyExc_TypeError,
                        "filters must be dicts with node, code, plugin and "
                        "reasons");
        return -1;
    }
    node = PyDict_GetItemString(item, "node");
    code = PyDict_GetItemString(item, "code");
    plugin = PyDict_GetItemString(item, "plugin");
    rs = PyDict_GetItemString(item, "reasons");
    out->node = node != NULL && node != Py_None
                    ? PyUnicode_AsUTF8AndSize(node, NULL)
                    : "";
    out->plugin = plugin != NULL && plugin != Py_None
                      ? PyUnicode_AsUTF8AndSize(plugin, NULL)
                      : "";
    if (out->node == NULL || out->plugin == NULL) {
        return -1;
    }
    if (code == NULL) {
        value = PODSIM_FIT_UNSCHEDULABLE;
    } else if (PyUnicode_Check(code)) {
        const char *name = PyUnicode_AsUTF8AndSize(code, NULL);
        if (name == NULL) {
            return -1;
        }
        if (podsim_enum_value(PODSIM_ENUM_FIT_CODE, name, &value) !=
            PODSIM_OK) {
            char msg[160];
            snprintf(msg, sizeof msg, "unknown fit code \"%.100s\"", name);
            set_error(st, PODSIM_EINVAL, NULL, msg);
            return -1;
        }
    } else {
        value = (int)PyLong_AsLong(code);
        if (value == -1 && PyErr_Occurred()) {
            return -1;
        }
    }
    out->code = (podsim_fit_code)value;
    seq = rs != NULL && rs != Py_None ? PySequence_Tuple(rs) : PyTuple_New(0);
    if (seq == NULL || PyList_Append(keep, seq) < 0) {
        Py_XDECREF(seq);
        return -1;
    }
    Py_DECREF(seq); /* kept by `keep` */
    n = PyTuple_Size(seq);
    *reasons = PyMem_Calloc(n ? (size_t)n : 1, sizeof **reasons);
    if (*reasons == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        (*reasons)[i] = PyUnicode_AsUTF8AndSize(PyTuple_GetItem(seq, i), NULL);
        if ((*reasons)[i] == NULL) {
            return -1;
        }
    }
    out->reasons.items = *reasons;
    out->reasons.count = (size_t)n;
    return 0;
}

PyDoc_STRVAR(
    fit_error_format_doc,
    "fit_error_format($module, /, node_count, filters, absent_reason=None,\n"
    "                 prefilter_message=None, postfilter_message=None)\n"
    "--\n\n"
    "A FailedScheduling message as FitError.Error() writes it "
    "(podsim_fit_error_format).\n`filters` is a list of dicts with the "
    "keys node, code (\"Unschedulable\"...),\nplugin and reasons, like a "
    "schedule() result's filters.");

static PyObject *mod_fit_error_format(PyObject *module, PyObject *args,
                                      PyObject *kwargs) {
    static char *kwlist[] = {"node_count",         "filters",
                             "absent_reason",      "prefilter_message",
                             "postfilter_message", NULL};
    module_state *st = get_module_state(module);
    Py_ssize_t node_count, n = 0;
    PyObject *filters_arg, *seq = NULL, *keep = NULL, *result = NULL;
    const char *absent = NULL, *pre = NULL, *post = NULL;
    podsim_node_filter *filters = NULL;
    const char ***reasons = NULL;
    char stack_buf[512], *buf = stack_buf;
    size_t len = 0;
    podsim_status status;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "nO|zzz:fit_error_format",
                                     kwlist, &node_count, &filters_arg, &absent,
                                     &pre, &post)) {
        return NULL;
    }
    if (node_count < 0) {
        PyErr_SetString(PyExc_ValueError, "node_count must be >= 0");
        return NULL;
    }
    seq = PySequence_Tuple(filters_arg);
    keep = PyList_New(0);
    if (seq == NULL || keep == NULL) {
        goto done;
    }
    n = PyTuple_Size(seq);
    filters = PyMem_Calloc(n ? (size_t)n : 1, sizeof *filters);
    reasons = PyMem_Calloc(n ? (size_t)n : 1, sizeof *reasons);
    if (filters == NULL || reasons == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        if (node_filter_arg(st, PyTuple_GetItem(seq, i), keep, &filters[i],
                            &reasons[i]) < 0) {
            goto done;
        }
    }
    status =
        podsim_fit_error_format((size_t)node_count, filters, (size_t)n, absent,
                                pre, post, buf, sizeof stack_buf, &len);
    if (status == PODSIM_ENOSPC) {
        buf = PyMem_Malloc(len + 1);
        if (buf == NULL) {
            PyErr_NoMemory();
            goto done;
        }
        status = podsim_fit_error_format((size_t)node_count, filters, (size_t)n,
                                         absent, pre, post, buf, len + 1, &len);
    }
    if (status != PODSIM_OK) {
        set_error(st, status, NULL, "fit_error_format failed");
        goto done;
    }
    result = PyUnicode_DecodeUTF8(buf, (Py_ssize_t)len, "surrogateescape");
done:
    if (buf != stack_buf) {
        PyMem_Free(buf);
    }
    for (Py_ssize_t i = 0; reasons != NULL && i < n; i++) {
        PyMem_Free((void *)reasons[i]);
    }
    PyMem_Free(reasons);
    PyMem_Free(filters);
    Py_XDECREF(keep);
    Py_XDECREF(seq);
    return result;
}

static PyMethodDef module_methods[] = {
    {"quantity_parse", mod_quantity_parse, METH_O, quantity_parse_doc},
    {"quantity_format", mod_quantity_format, METH_VARARGS, quantity_format_doc},
    {"quantity_milli", mod_quantity_milli, METH_VARARGS, quantity_milli_doc},
    {"quantity_value", mod_quantity_value, METH_VARARGS, quantity_value_doc},
    {"quantity_add", mod_quantity_add, METH_VARARGS, quantity_add_doc},
    {"quantity_cmp", mod_quantity_cmp, METH_VARARGS, quantity_cmp_doc},
    {"quantity_from_milli", mod_quantity_from_milli, METH_VARARGS,
     quantity_from_milli_doc},
    {"kind_is_namespaced", mod_kind_is_namespaced, METH_O,
     kind_is_namespaced_doc},
    {"enum_name", mod_enum_name, METH_VARARGS, enum_name_doc},
    {"duration_parse", mod_duration_parse, METH_O, duration_parse_doc},
    {"size_parse", mod_size_parse, METH_O, size_parse_doc},
    {"status_name", mod_status_name, METH_O, status_name_doc},
    {"status_str", mod_status_str, METH_O, status_str_doc},
    {"version", mod_version, METH_NOARGS, version_doc},
    {"num_feasible_nodes_to_find", mod_num_feasible_nodes_to_find, METH_VARARGS,
     num_feasible_nodes_to_find_doc},
    {"fit_error_format", (PyCFunction)(void (*)(void))mod_fit_error_format,
     METH_VARARGS | METH_KEYWORDS, fit_error_format_doc},
    {NULL, NULL, 0, NULL},
};

/* ===================================================================== */
/* Module init (multi-phase)                                              */
/* ===================================================================== */

static PyObject *new_exception(PyObject *module, const char *name,
                               const char *doc, PyObject *base1,
                               PyObject *base2, PyObject *base3,
                               int plain_str) {
    PyObject *bases, *dict = NULL, *exc;
    if (base3 != NULL) {
        bases = PyTuple_Pack(3, base1, base2, base3);
    } else if (base2 != NULL) {
        bases = PyTuple_Pack(2, base1, base2);
    } else {
        bases = PyTuple_Pack(1, base1);
    }
    if (bases == NULL) {
        return NULL;
    }
    if (plain_str) {
        /* KeyError's __str__ shows repr(message); use BaseException's. */
        PyObject *str = PyObject_GetAttrString(PyExc_BaseException, "__str__");
        if (str == NULL) {
            Py_DECREF(bases);
            return NULL;
        }
        dict = PyDict_New();
        if (dict == NULL || PyDict_SetItemString(dict, "__str__", str) < 0) {
            Py_XDECREF(dict);
            Py_DECREF(str);
            Py_DECREF(bases);
            return NULL;
        }
        Py_DECREF(str);
    }
    exc = PyErr_NewExceptionWithDoc(name, doc, bases, dict);
    Py_DECREF(bases);
    Py_XDECREF(dict);
    if (exc == NULL) {
        return NULL;
    }
    if (PyModule_AddObjectRef(module, strrchr(name, '.') + 1, exc) < 0) {
        Py_DECREF(exc);
        return NULL;
    }
    return exc;
}

static int add_int(PyObject *module, const char *name, long value) {
    return PyModule_AddIntConstant(module, name, value);
}

static int podsim_exec(PyObject *module) {
    module_state *st = get_module_state(module);
    PyObject *kinds;

    st->cluster_type =
        (PyTypeObject *)PyType_FromModuleAndSpec(module, &cluster_spec, NULL);
    if (st->cluster_type == NULL ||
        PyModule_AddType(module, st->cluster_type) < 0) {
        return -1;
    }
    st->config_type =
        (PyTypeObject *)PyType_FromModuleAndSpec(module, &config_spec, NULL);
    if (st->config_type == NULL ||
        PyModule_AddType(module, st->config_type) < 0) {
        return -1;
    }
    st->simulation_type = (PyTypeObject *)PyType_FromModuleAndSpec(
        module, &simulation_spec, NULL);
    if (st->simulation_type == NULL ||
        PyModule_AddType(module, st->simulation_type) < 0) {
        return -1;
    }

    st->rules_type =
        (PyTypeObject *)PyType_FromModuleAndSpec(module, &rules_spec, NULL);
    if (st->rules_type == NULL ||
        PyModule_AddType(module, st->rules_type) < 0) {
        return -1;
    }
    st->diagnosis_type =
        (PyTypeObject *)PyType_FromModuleAndSpec(module, &diagnosis_spec, NULL);
    if (st->diagnosis_type == NULL ||
        PyModule_AddType(module, st->diagnosis_type) < 0) {
        return -1;
    }

    st->Error = new_exception(
        module, "podsim.Error",
        "Base class of podsim errors. Attributes: status (\"PODSIM_EPARSE\"),\n"
        "code (int), message, path, line, column (None when unknown).",
        PyExc_Exception, NULL, NULL, 0);
    if (st->Error == NULL) {
        return -1;
    }
    st->ParseError = new_exception(
        module, "podsim.ParseError",
        "Input text is malformed, of the wrong shape or beyond a loader\n"
        "limit (PODSIM_EPARSE, PODSIM_ELIMIT).",
        st->Error, PyExc_ValueError, NULL, 0);
    st->NotFound =
        st->ParseError == NULL
            ? NULL
            : new_exception(
                  module, "podsim.NotFound",
                  "The named object does not exist (PODSIM_ENOTFOUND).",
                  st->Error, PyExc_KeyError, NULL, 1);
    st->InvalidArgument =
        st->NotFound == NULL
            ? NULL
            : new_exception(module, "podsim.InvalidArgument",
                            "An argument is invalid (PODSIM_EINVAL).",
                            st->Error, PyExc_ValueError, NULL, 0);
    st->AlreadyExists =
        st->InvalidArgument == NULL
            ? NULL
            : new_exception(module, "podsim.AlreadyExists",
                            "An object with that kind and name already exists "
                            "(PODSIM_EEXIST).",
                            st->Error, PyExc_ValueError, NULL, 0);
    st->RangeError =
        st->AlreadyExists == NULL
            ? NULL
            : new_exception(module, "podsim.RangeError",
                            "A number does not fit (PODSIM_ERANGE).", st->Error,
                            PyExc_OverflowError, PyExc_ValueError, 0);
    st->FileError =
        st->RangeError == NULL
            ? NULL
            : new_exception(module, "podsim.FileError",
                            "A file could not be read (PODSIM_EIO).", st->Error,
                            PyExc_OSError, NULL, 0);
    st->VersionError =
        st->FileError == NULL
            ? NULL
            : new_exception(module, "podsim.VersionError",
                            "Unsupported kubernetes_version (PODSIM_EVERSION).",
                            st->Error, PyExc_ValueError, NULL, 0);
    st->PluginError =
        st->VersionError == NULL
            ? NULL
            : new_exception(module, "podsim.PluginError",
                            "A custom scheduler plugin's callback raised; "
                            "the exception\nis the __cause__.",
                            st->Error, NULL, NULL, 0);
    if (st->PluginError == NULL) {
        return -1;
    }

    kinds = PyTuple_New(PODSIM_KIND_COUNT);
    if (kinds == NULL) {
        return -1;
    }
    for (int k = 0; k < PODSIM_KIND_COUNT; k++) {
        PyObject *name = py_str(podsim_kind_name((podsim_kind)k));
        if (name == NULL) {
            Py_DECREF(kinds);
            return -1;
        }
        PyTuple_SetItem(kinds, k, name); /* steals */
    }
    if (PyModule_AddObjectRef(module, "KINDS", kinds) < 0) {
        Py_DECREF(kinds);
        return -1;
    }
    Py_DECREF(kinds);

    if (PyModule_AddStringConstant(module, "DEFAULT_KUBERNETES_VERSION",
                                   PODSIM_DEFAULT_KUBERNETES_VERSION) < 0 ||
        add_int(module, "VERSION_MAJOR", PODSIM_VERSION_MAJOR) < 0 ||
        add_int(module, "VERSION_MINOR", PODSIM_VERSION_MINOR) < 0 ||
        add_int(module, "VERSION_PATCH", PODSIM_VERSION_PATCH) < 0 ||
        add_int(module, "VIEW_NODES", PODSIM_VIEW_NODES) < 0 ||
        add_int(module, "VIEW_PODS", PODSIM_VIEW_PODS) < 0 ||
        add_int(module, "VIEW_NODE_REQUESTS", PODSIM_VIEW_NODE_REQUESTS) < 0 ||
        add_int(module, "RENDER_WIDE", PODSIM_RENDER_WIDE) < 0 ||
        add_int(module, "REQUESTS_EXCLUDE_OVERHEAD",
                PODSIM_REQUESTS_EXCLUDE_OVERHEAD) < 0 ||
        add_int(module, "REQUESTS_NON_ZERO", PODSIM_REQUESTS_NON_ZERO) < 0 ||
        add_int(module, "REQUESTS_SKIP_POD_LEVEL",
                PODSIM_REQUESTS_SKIP_POD_LEVEL) < 0 ||
        add_int(module, "ACCESS_RWO", PODSIM_ACCESS_RWO) < 0 ||
        add_int(module, "ACCESS_ROX", PODSIM_ACCESS_ROX) < 0 ||
        add_int(module, "ACCESS_RWX", PODSIM_ACCESS_RWX) < 0 ||
        add_int(module, "ACCESS_RWOP", PODSIM_ACCESS_RWOP) < 0 ||
        add_int(module, "ENUM_KIND", PODSIM_ENUM_KIND) < 0 ||
        add_int(module, "ENUM_PHASE", PODSIM_ENUM_PHASE) < 0 ||
        add_int(module, "ENUM_TAINT_EFFECT", PODSIM_ENUM_TAINT_EFFECT) < 0 ||
        add_int(module, "ENUM_SELECTOR_OP", PODSIM_ENUM_SELECTOR_OP) < 0 ||
        add_int(module, "ENUM_TOLERATION_OP", PODSIM_ENUM_TOLERATION_OP) < 0 ||
        add_int(module, "ENUM_PULL_POLICY", PODSIM_ENUM_PULL_POLICY) < 0 ||
        add_int(module, "ENUM_PROTOCOL", PODSIM_ENUM_PROTOCOL) < 0 ||
        add_int(module, "ENUM_HANDLER", PODSIM_ENUM_HANDLER) < 0 ||
        add_int(module, "ENUM_REF_KIND", PODSIM_ENUM_REF_KIND) < 0 ||
        add_int(module, "ENUM_CONTAINER_KIND", PODSIM_ENUM_CONTAINER_KIND) <
            0 ||
        add_int(module, "ENUM_CONTAINER_STATE", PODSIM_ENUM_CONTAINER_STATE) <
            0 ||
        add_int(module, "ENUM_VOLUME_TYPE", PODSIM_ENUM_VOLUME_TYPE) < 0 ||
        add_int(module, "ENUM_RESTART_POLICY", PODSIM_ENUM_RESTART_POLICY) <
            0 ||
        add_int(module, "ENUM_PREEMPTION_POLICY",
                PODSIM_ENUM_PREEMPTION_POLICY) < 0 ||
        add_int(module, "ENUM_UNSATISFIABLE", PODSIM_ENUM_UNSATISFIABLE) < 0 ||
        add_int(module, "ENUM_INCLUSION_POLICY", PODSIM_ENUM_INCLUSION_POLICY) <
            0 ||
        add_int(module, "ENUM_QUANTITY_FORMAT", PODSIM_ENUM_QUANTITY_FORMAT) <
            0 ||
        add_int(module, "ENUM_FIT_CODE", PODSIM_ENUM_FIT_CODE) < 0 ||
        add_int(module, "ENUM_RUN_KIND", PODSIM_ENUM_RUN_KIND) < 0 ||
        add_int(module, "ENUM_SIM_VIEW", PODSIM_ENUM_SIM_VIEW) < 0 ||
        add_int(module, "ENUM_NODE_FAILURE", PODSIM_ENUM_NODE_FAILURE) < 0 ||
        add_int(module, "ENUM_PROVENANCE", PODSIM_ENUM_PROVENANCE) < 0 ||
        add_int(module, "ENUM_SEVERITY", PODSIM_ENUM_SEVERITY) < 0 ||
        add_int(module, "ENUM_CONFIDENCE", PODSIM_ENUM_CONFIDENCE) < 0 ||
        add_int(module, "ENUM_DIAGNOSIS_FORMAT", PODSIM_ENUM_DIAGNOSIS_FORMAT) <
            0 ||
        add_int(module, "ENUM_COUNT", PODSIM_ENUM_COUNT) < 0 ||
        add_int(module, "DIAGNOSE_NO_WHATIF", PODSIM_DIAGNOSE_NO_WHATIF) < 0 ||
        add_int(module, "DIAGNOSE_NO_KUBECTL", PODSIM_DIAGNOSE_NO_KUBECTL) <
            0 ||
        add_int(module, "DIAGNOSIS_TEXT", PODSIM_DIAGNOSIS_TEXT) < 0 ||
        add_int(module, "DIAGNOSIS_JSON", PODSIM_DIAGNOSIS_JSON) < 0 ||
        add_int(module, "SCHEDULE_EXPLAIN", PODSIM_SCHEDULE_EXPLAIN) < 0 ||
        add_int(module, "SCHEDULE_BIND", PODSIM_SCHEDULE_BIND) < 0 ||
        add_int(module, "SCHEDULE_EXHAUSTIVE", PODSIM_SCHEDULE_EXHAUSTIVE) <
            0 ||
        add_int(module, "SCHEDULE_NO_PREEMPTION",
                PODSIM_SCHEDULE_NO_PREEMPTION) < 0 ||
        add_int(module, "SIM_VIEW_PODS", PODSIM_SIM_VIEW_PODS) < 0 ||
        add_int(module, "SIM_VIEW_EVENTS", PODSIM_SIM_VIEW_EVENTS) < 0 ||
        add_int(module, "SIM_VIEW_EVENT_LOG", PODSIM_SIM_VIEW_EVENT_LOG) < 0 ||
        add_int(module, "SIM_VIEW_NODES", PODSIM_SIM_VIEW_NODES) < 0 ||
        add_int(module, "SIM_VIEW_REPORT", PODSIM_SIM_VIEW_REPORT) < 0 ||
        add_int(module, "NODE_UNREACHABLE", PODSIM_NODE_UNREACHABLE) < 0 ||
        add_int(module, "NODE_NOT_READY", PODSIM_NODE_NOT_READY) < 0 ||
        add_int(module, "NODE_SHUTDOWN", PODSIM_NODE_SHUTDOWN) < 0 ||
        add_int(module, "NODE_DELETED", PODSIM_NODE_DELETED) < 0 ||
        add_int(module, "NL_NO_TAINT_EVICTION", PODSIM_NL_NO_TAINT_EVICTION) <
            0 ||
        add_int(module, "SIM_QUIET", PODSIM_SIM_QUIET) < 0 ||
        add_int(module, "TIMING_EXACT", PODSIM_TIMING_EXACT) < 0 ||
        add_int(module, "RUN_FOREVER", PODSIM_RUN_FOREVER) < 0 ||
        add_int(module, "RUN_EXIT", PODSIM_RUN_EXIT) < 0 ||
        add_int(module, "RUN_CRASH", PODSIM_RUN_CRASH) < 0 ||
        add_int(module, "RUN_OOM", PODSIM_RUN_OOM) < 0) {
        return -1;
    }
    return 0;
}

static int podsim_traverse(PyObject *module, visitproc visit, void *arg) {
    module_state *st = get_module_state(module);
    Py_VISIT(st->cluster_type);
    Py_VISIT(st->config_type);
    Py_VISIT(st->simulation_type);
    Py_VISIT(st->rules_type);
    Py_VISIT(st->diagnosis_type);
    Py_VISIT(st->Error);
    Py_VISIT(st->ParseError);
    Py_VISIT(st->NotFound);
    Py_VISIT(st->InvalidArgument);
    Py_VISIT(st->AlreadyExists);
    Py_VISIT(st->RangeError);
    Py_VISIT(st->FileError);
    Py_VISIT(st->VersionError);
    Py_VISIT(st->PluginError);
    return 0;
}

static int podsim_clear(PyObject *module) {
    module_state *st = get_module_state(module);
    Py_CLEAR(st->cluster_type);
    Py_CLEAR(st->config_type);
    Py_CLEAR(st->simulation_type);
    Py_CLEAR(st->rules_type);
    Py_CLEAR(st->diagnosis_type);
    Py_CLEAR(st->Error);
    Py_CLEAR(st->ParseError);
    Py_CLEAR(st->NotFound);
    Py_CLEAR(st->InvalidArgument);
    Py_CLEAR(st->AlreadyExists);
    Py_CLEAR(st->RangeError);
    Py_CLEAR(st->FileError);
    Py_CLEAR(st->VersionError);
    Py_CLEAR(st->PluginError);
    return 0;
}

static void podsim_free(void *module) {
    (void)podsim_clear((PyObject *)module);
}

static PyModuleDef_Slot podsim_slots[] = {
    {Py_mod_exec, TO_SLOT(podsim_exec)},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
#ifdef Py_mod_gil
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
#endif
    {0, NULL},
};

PyDoc_STRVAR(
    module_doc,
    "podsim._podsim - the C API of podsim, 1:1. Use the podsim package.");

static struct PyModuleDef podsim_module = {
    PyModuleDef_HEAD_INIT,         .m_name = "podsim._podsim",
    .m_doc = module_doc,           .m_size = sizeof(module_state),
    .m_methods = module_methods,   .m_slots = podsim_slots,
    .m_traverse = podsim_traverse, .m_clear = podsim_clear,
    .m_free = podsim_free,
};

PyMODINIT_FUNC PyInit__podsim(void);

PyMODINIT_FUNC PyInit__podsim(void) {
    return PyModuleDef_Init(&podsim_module);
}
