/*
 * cluster.c - the owning handle: options, the Kubernetes version, the
 * object arrays and their name index, marks and rollback, and commit.
 *
 * Objects are identified like the API server identifies them: kind,
 * namespace (for namespaced kinds) and name (k8s.io/apiserver storage keys
 * /registry/<resource>/<namespace>/<name>). A second object with the same
 * key is an error, as `kubectl create` of an existing object is.
 */
#include <stdlib.h>
#include <string.h>

#include "model.h"

/* Kubernetes minor versions podsim models (v1.30 .. v1.35). */
#define MIN_MINOR 30
#define MAX_MINOR 35

size_t kind_view_size(podsim_kind kind) {
    switch (kind) {
    case PODSIM_KIND_NODE: return sizeof(podsim_node);
    case PODSIM_KIND_POD: return sizeof(podsim_pod);
    case PODSIM_KIND_DEPLOYMENT:
    case PODSIM_KIND_REPLICASET:
    case PODSIM_KIND_STATEFULSET:
    case PODSIM_KIND_DAEMONSET:
    case PODSIM_KIND_JOB: return sizeof(podsim_workload);
    case PODSIM_KIND_PRIORITYCLASS: return sizeof(podsim_priority_class);
    case PODSIM_KIND_PODDISRUPTIONBUDGET: return sizeof(podsim_pdb);
    case PODSIM_KIND_PERSISTENTVOLUMECLAIM: return sizeof(podsim_pvc);
    case PODSIM_KIND_PERSISTENTVOLUME: return sizeof(podsim_pv);
    case PODSIM_KIND_STORAGECLASS: return sizeof(podsim_storage_class);
    case PODSIM_KIND_CONFIGMAP:
    case PODSIM_KIND_SECRET: return sizeof(podsim_config);
    case PODSIM_KIND_NAMESPACE: return sizeof(podsim_namespace);
    case PODSIM_KIND_SERVICE: return sizeof(podsim_service);
    case PODSIM_KIND_EVENT: return sizeof(podsim_event);
    default: return 0;
    }
}

/* Every view starts with its id; the meta follows at a kind-specific
   offset, so one switch tells where. */
const podsim_meta *object_meta(const podsim_cluster *c, podsim_kind kind,
                               podsim_id id) {
    if ((unsigned)kind >= PODSIM_KIND_COUNT || id < 0 ||
        (size_t)id >= c->objects[kind].len) {
        return NULL;
    }
    const void *v = segvec_at(&c->objects[kind], (size_t)id);
    switch (kind) {
    case PODSIM_KIND_NODE: return &((const podsim_node *)v)->meta;
    case PODSIM_KIND_POD: return &((const podsim_pod *)v)->meta;
    case PODSIM_KIND_DEPLOYMENT:
    case PODSIM_KIND_REPLICASET:
    case PODSIM_KIND_STATEFULSET:
    case PODSIM_KIND_DAEMONSET:
    case PODSIM_KIND_JOB: return &((const podsim_workload *)v)->meta;
    case PODSIM_KIND_PRIORITYCLASS:
        return &((const podsim_priority_class *)v)->meta;
    case PODSIM_KIND_PODDISRUPTIONBUDGET: return &((const podsim_pdb *)v)->meta;
    case PODSIM_KIND_PERSISTENTVOLUMECLAIM:
        return &((const podsim_pvc *)v)->meta;
    case PODSIM_KIND_PERSISTENTVOLUME: return &((const podsim_pv *)v)->meta;
    case PODSIM_KIND_STORAGECLASS:
        return &((const podsim_storage_class *)v)->meta;
    case PODSIM_KIND_CONFIGMAP:
    case PODSIM_KIND_SECRET: return &((const podsim_config *)v)->meta;
    case PODSIM_KIND_NAMESPACE: return &((const podsim_namespace *)v)->meta;
    case PODSIM_KIND_SERVICE: return &((const podsim_service *)v)->meta;
    case PODSIM_KIND_EVENT: return &((const podsim_event *)v)->meta;
    default: return NULL;
    }
}

/* ---- version ------------------------------------------------------------ */

/* Accepts "1.34", "v1.34", "1.34.2", "v1.34.0-eks-abc". */
static bool parse_minor(const char *text, int *minor) {
    const char *p = text;
    if (*p == 'v') p++;
    if (p[0] != '1' || p[1] != '.') return false;
    p += 2;
    int m = 0, digits = 0;
    while (*p >= '0' && *p <= '9' && digits < 4) {
        m = m * 10 + (*p - '0');
        p++;
        digits++;
    }
    if (!digits || (*p && *p != '.' && *p != '-' && *p != '+')) return false;
    *minor = m;
    return true;
}

static void set_version_defaults(podsim_cluster *c, int minor,
                                 const podsim_cluster_options *o) {
    c->k8s.minor = minor;
    /* kube-apiserver --default-not-ready-toleration-seconds and
       --default-unreachable-toleration-seconds (plugin/pkg/admission/
       defaulttolerationseconds/admission.go) */
    c->k8s.default_not_ready_toleration_seconds =
        o && o->default_not_ready_toleration_seconds
            ? o->default_not_ready_toleration_seconds
            : 300;
    c->k8s.default_unreachable_toleration_seconds =
        o && o->default_unreachable_toleration_seconds
            ? o->default_unreachable_toleration_seconds
            : 300;
    /* pkg/apis/core/v1/defaults.go SetDefaults_PodSpec */
    c->k8s.termination_grace_period_seconds = 30;
}

static void set_limits(podsim_cluster *c, const podsim_cluster_options *o) {
    podsim_limits l = {0, 0, 0, 0};
    if (o) l = o->limits;
    c->limits.max_input_bytes =
        l.max_input_bytes ? l.max_input_bytes : (size_t)4 << 30;
    c->limits.max_depth = l.max_depth > 0 ? l.max_depth : 64;
    c->limits.max_alias_expansion =
        l.max_alias_expansion ? l.max_alias_expansion : 100000;
    c->limits.max_scalar_bytes =
        l.max_scalar_bytes ? l.max_scalar_bytes : (size_t)1 << 20;
}

podsim_status podsim_cluster_new(const podsim_cluster_options *options,
                                 podsim_cluster **out) {
    if (!out) return PODSIM_EINVAL;
    *out = NULL;
    if (options && options->version != PODSIM_CLUSTER_OPTIONS_VERSION) {
        return PODSIM_EINVAL;
    }
    const char *version = options && options->kubernetes_version
                              ? options->kubernetes_version
                              : PODSIM_DEFAULT_KUBERNETES_VERSION;
    int minor = 0;
    if (!parse_minor(version, &minor) || minor < MIN_MINOR ||
        minor > MAX_MINOR) {
        return PODSIM_EVERSION;
    }
    podsim_cluster *c = calloc(1, sizeof(*c));
    if (!c) return PODSIM_ENOMEM;
    {
        char *v = c->version_text;
        v[0] = '1';
        v[1] = '.';
        v[2] = (char)('0' + minor / 10);
        v[3] = (char)('0' + minor % 10);
        v[4] = '\0';
    }
    set_version_defaults(c, minor, options);
    set_limits(c, options);
    arena_init(&c->mem, 256u * 1024u);
    intern_init(&c->strings, &c->mem);
    for (int k = 0; k < PODSIM_KIND_COUNT; k++) {
        segvec_init(&c->objects[k], kind_view_size((podsim_kind)k));
    }
    strbuf_init(&c->error_text);
    strbuf_init(&c->render);
    strbuf_init(&c->row_text);
    vec_init(&c->replaced, 2 * sizeof(podsim_id));
    cluster_clear_error(c);
    *out = c;
    return PODSIM_OK;
}

static void free_node_requested(podsim_cluster *c) {
    for (size_t i = 0; i < c->node_requested_len; i++) {
        free(c->node_requested[i]);
    }
    free(c->node_requested);
    c->node_requested = NULL;
    c->node_requested_len = 0;
}

void podsim_cluster_free(podsim_cluster *c) {
    if (!c) return;
    /* a clone borrows this cluster's memory: the last one out frees it */
    if (c->refs > 0) {
        c->refs--;
        return;
    }
    podsim_cluster *parent = c->parent;
    if (c->sched && c->sched_free) c->sched_free(c->sched);
    free_node_requested(c);
    for (int k = 0; k < PODSIM_KIND_COUNT; k++) segvec_release(&c->objects[k]);
    free(c->index);
    intern_release(&c->strings);
    arena_release(&c->mem);
    strbuf_release(&c->error_text);
    strbuf_release(&c->render);
    strbuf_release(&c->row_text);
    vec_release(&c->replaced);
    free(c->error_source);
    free(c);
    podsim_cluster_free(parent);
}

const podsim_error *podsim_cluster_error(const podsim_cluster *c) {
    return c ? &c->error : NULL;
}

const char *podsim_cluster_kubernetes_version(const podsim_cluster *c) {
    return c ? c->version_text : "";
}

/* ---- objects and the name index ---------------------------------------- */

void *cluster_new_object(podsim_cluster *c, podsim_kind kind) {
    segvec *v = &c->objects[kind];
    void *obj = segvec_push(v);
    if (!obj) return NULL;
    /* every view struct starts with `podsim_id id` except workloads, which
       also start with it: the layout is checked below */
    *(podsim_id *)obj = (podsim_id)(v->len - 1);
    return obj;
}

_Static_assert(offsetof(podsim_node, id) == 0, "id first");
_Static_assert(offsetof(podsim_pod, id) == 0, "id first");
_Static_assert(offsetof(podsim_workload, id) == 0, "id first");
_Static_assert(offsetof(podsim_event, id) == 0, "id first");
_Static_assert(offsetof(podsim_config, id) == 0, "id first");

static uint32_t name_hash(int kind, const char *ns, const char *name) {
    uint32_t h = hash_bytes(name, strlen(name));
    if (ns) h ^= hash_bytes(ns, strlen(ns)) * 31u;
    return h ^ ((uint32_t)kind * 2654435761u);
}

static bool same_ns(const char *a, const char *b) {
    if (!a || !b) return a == b;
    return a == b || strcmp(a, b) == 0;
}

static size_t index_probe(const podsim_cluster *c, int kind, const char *ns,
                          const char *name, uint32_t h) {
    size_t mask = c->index_slots - 1;
    size_t i = h & mask;
    while (c->index[i].name) {
        const name_slot *s = &c->index[i];
        if (s->hash == h && s->kind == kind && same_ns(s->namespace_, ns) &&
            (s->name == name || strcmp(s->name, name) == 0)) {
            return i;
        }
        i = (i + 1) & mask;
    }
    return i;
}

static const char *scope_ns(podsim_kind kind, const char *ns) {
    if (!podsim_kind_is_namespaced(kind)) return NULL;
    return ns && *ns ? ns : "default";
}

podsim_id cluster_lookup(const podsim_cluster *c, podsim_kind kind,
                         const char *namespace_, const char *name) {
    if (!c->index_slots || !name) return PODSIM_NO_ID;
    const char *ns = scope_ns(kind, namespace_);
    size_t i = index_probe(c, (int)kind, ns, name, name_hash(kind, ns, name));
    return c->index[i].name ? c->index[i].id : PODSIM_NO_ID;
}

static bool index_grow(podsim_cluster *c) {
    size_t slots = c->index_slots ? c->index_slots * 2 : 1024;
    name_slot *fresh = calloc(slots, sizeof(*fresh));
    if (!fresh) return false;
    name_slot *old = c->index;
    size_t old_slots = c->index_slots;
    c->index = fresh;
    c->index_slots = slots;
    for (size_t i = 0; i < old_slots; i++) {
        if (!old[i].name) continue;
        size_t j = index_probe(c, old[i].kind, old[i].namespace_, old[i].name,
                               old[i].hash);
        c->index[j] = old[i];
    }
    free(old);
    return true;
}

podsim_status cluster_index_add(podsim_cluster *c, podsim_kind kind,
                                const char *namespace_, const char *name,
                                podsim_id id) {
    if ((c->index_used + 1) * 4 > c->index_slots * 3 && !index_grow(c)) {
        return PODSIM_ENOMEM;
    }
    const char *ns = scope_ns(kind, namespace_);
    uint32_t h = name_hash(kind, ns, name);
    size_t i = index_probe(c, (int)kind, ns, name, h);
    if (c->index[i].name) return PODSIM_EEXIST;
    c->index[i].namespace_ = ns;
    c->index[i].name = name;
    c->index[i].hash = h;
    c->index[i].kind = (int32_t)kind;
    c->index[i].id = id;
    c->index_used++;
    return PODSIM_OK;
}

podsim_status cluster_index_rebuild(podsim_cluster *c) {
    if (c->index) memset(c->index, 0, c->index_slots * sizeof(*c->index));
    c->index_used = 0;
    for (int k = 0; k < PODSIM_KIND_COUNT; k++) {
        for (size_t i = 0; i < c->objects[k].len; i++) {
            const podsim_meta *m = object_meta(c, (podsim_kind)k, (podsim_id)i);
            if (k == PODSIM_KIND_EVENT && !m->name[0]) continue;
            podsim_status s = cluster_index_add(
                c, (podsim_kind)k, m->namespace_, m->name, (podsim_id)i);
            if (s == PODSIM_ENOMEM) return s;
        }
    }
    return PODSIM_OK;
}

/* ---- marks, rollback, commit ------------------------------------------- */

cluster_mark cluster_get_mark(const podsim_cluster *c) {
    cluster_mark m;
    m.mem = arena_get_mark(&c->mem);
    m.strings = intern_count(&c->strings);
    for (int k = 0; k < PODSIM_KIND_COUNT; k++) m.counts[k] = c->objects[k].len;
    return m;
}

/* Every pod's node id from its spec.nodeName. Allocates nothing, so it
   also serves the rollback, which must not fail. */
static void resolve_pod_nodes(podsim_cluster *c) {
    segvec *pods = &c->objects[PODSIM_KIND_POD];
    for (size_t i = 0; i < pods->len; i++) {
        podsim_pod *p = segvec_at(pods, i);
        p->node = p->spec.node_name[0] ? cluster_lookup(c, PODSIM_KIND_NODE,
                                                        NULL, p->spec.node_name)
                                       : PODSIM_NO_ID;
    }
}

void cluster_rollback(podsim_cluster *c, const cluster_mark *mark) {
    for (int k = 0; k < PODSIM_KIND_COUNT; k++) {
        c->objects[k].len = mark->counts[k];
    }
    intern_rollback(&c->strings, mark->strings);
    arena_rollback(&c->mem, mark->mem);
    /* the index only shrinks here, and its table already exists, so the
       rebuild cannot run out of memory */
    (void)cluster_index_rebuild(c);
    /* a commit that failed may already have bound earlier pods to nodes of
       this load; the nodes' requested lists are only ever replaced by a
       commit that succeeds, so they are still the ones from before */
    resolve_pod_nodes(c);
    c->newest_time_known = false;
    c->generation++;
}

bool pod_holds_resources(const podsim_pod *p) {
    /* The scheduler's informer drops terminal pods: Succeeded and Failed
       pods hold no node capacity (pkg/scheduler/eventhandlers.go). */
    return !p->removed && !(p->status.has_phase &&
                            (p->status.phase == PODSIM_PHASE_SUCCEEDED ||
                             p->status.phase == PODSIM_PHASE_FAILED));
}

/* Adds `add` into the malloc'd list *list of *count entries. */
static podsim_status accumulate(podsim_resource **list, size_t *count,
                                const podsim_resources *add) {
    for (size_t i = 0; i < add->count; i++) {
        const podsim_resource *r = &add->items[i];
        size_t j = 0;
        while (j < *count && (*list)[j].name != r->name) j++;
        if (j < *count) {
            podsim_quantity sum;
            podsim_status s =
                podsim_quantity_add(&(*list)[j].quantity, &r->quantity, &sum);
            if (s) return s;
            (*list)[j].quantity = sum;
            continue;
        }
        podsim_resource *grown = realloc(*list, (*count + 1) * sizeof(**list));
        if (!grown) return PODSIM_ENOMEM;
        *list = grown;
        grown[(*count)++] = *r;
    }
    return PODSIM_OK;
}

/* Recompute every node's requested list and pod count from the pods. */
static podsim_status recompute_node_requested(podsim_cluster *c) {
    segvec *nodes = &c->objects[PODSIM_KIND_NODE];
    segvec *pods = &c->objects[PODSIM_KIND_POD];
    podsim_resource **lists =
        calloc(nodes->len ? nodes->len : 1, sizeof(*lists));
    size_t *counts = calloc(nodes->len ? nodes->len : 1, sizeof(*counts));
    int32_t *pod_counts =
        calloc(nodes->len ? nodes->len : 1, sizeof(*pod_counts));
    podsim_status s =
        (lists && counts && pod_counts) ? PODSIM_OK : PODSIM_ENOMEM;
    for (size_t i = 0; s == PODSIM_OK && i < pods->len; i++) {
        const podsim_pod *p = segvec_at(pods, i);
        if (p->node == PODSIM_NO_ID || p->removed || !pod_holds_resources(p))
            continue;
        s = accumulate(&lists[p->node], &counts[p->node], &p->requests);
        pod_counts[p->node]++;
        if (s == PODSIM_ERANGE) {
            const podsim_node *n = segvec_at(nodes, (size_t)p->node);
            cluster_fail(c, s, NULL, 0, 0,
                         "node %s: the requests of its pods overflow when "
                         "summed (at pod %s/%s)",
                         n->meta.name, p->meta.namespace_, p->meta.name);
        }
    }
    if (s == PODSIM_ENOMEM) cluster_fail(c, s, NULL, 0, 0, "out of memory");
    if (s != PODSIM_OK) {
        for (size_t i = 0; lists && i < nodes->len; i++) free(lists[i]);
        free(lists);
        free(counts);
        free(pod_counts);
        return s;
    }
    free_node_requested(c);
    c->node_requested = lists;
    c->node_requested_len = nodes->len;
    for (size_t i = 0; i < nodes->len; i++) {
        podsim_node *n = segvec_at(nodes, i);
        n->requested.items = lists[i];
        n->requested.count = counts[i];
        n->pod_count = pod_counts[i];
    }
    free(counts);
    free(pod_counts);
    return PODSIM_OK;
}

podsim_status cluster_commit(podsim_cluster *c, const cluster_mark *mark) {
    segvec *pods = &c->objects[PODSIM_KIND_POD];
    c->newest_time_known = false;
    /* Priority admission needs the PriorityClasses, which may come later
       in the same input: resolve for the pods of this load. */
    for (size_t i = mark->counts[PODSIM_KIND_POD]; i < pods->len; i++) {
        admit_pod_priority(c, segvec_at(pods, i));
    }
    resolve_pod_nodes(c);
    c->generation++;
    return recompute_node_requested(c);
}

podsim_status cluster_nominate_pod(podsim_cluster *c, podsim_id pod_id,
                                   const char *node_name) {
    segvec *pods = &c->objects[PODSIM_KIND_POD];
    if (pod_id < 0 || (size_t)pod_id >= pods->len || !node_name) {
        return cluster_fail(c, PODSIM_EINVAL, NULL, 0, 0, "nominate: bad id");
    }
    podsim_pod *p = segvec_at(pods, (size_t)pod_id);
    p->status.nominated_node_name = node_name;
    c->generation++;
    return PODSIM_OK;
}

/* The per-node requested lists cover node_id: a node that registered after
   the lists were sized (a simulation fork re-adds a deleted node) gets an
   empty slot. False when out of memory. */
static bool node_requested_fits(podsim_cluster *c, podsim_id node_id) {
    size_t need = (size_t)node_id + 1;
    if (need <= c->node_requested_len) return true;
    podsim_resource **grown =
        realloc(c->node_requested, need * sizeof(*c->node_requested));
    if (!grown) return false;
    for (size_t i = c->node_requested_len; i < need; i++) grown[i] = NULL;
    c->node_requested = grown;
    c->node_requested_len = need;
    return true;
}

podsim_status cluster_bind_pod(podsim_cluster *c, podsim_id pod_id,
                               podsim_id node_id) {
    segvec *pods = &c->objects[PODSIM_KIND_POD];
    segvec *nodes = &c->objects[PODSIM_KIND_NODE];
    if (pod_id < 0 || (size_t)pod_id >= pods->len || node_id < 0 ||
        (size_t)node_id >= nodes->len) {
        return cluster_fail(c, PODSIM_EINVAL, NULL, 0, 0, "bind: bad id");
    }
    podsim_pod *p = segvec_at(pods, (size_t)pod_id);
    podsim_node *n = segvec_at(nodes, (size_t)node_id);
    if (p->spec.node_name[0]) {
        return cluster_fail(c, PODSIM_EINVAL, NULL, 0, 0,
                            "bind: pod %s/%s is already bound to %s",
                            p->meta.namespace_, p->meta.name,
                            p->spec.node_name);
    }
    if (pod_holds_resources(p) && !node_requested_fits(c, node_id)) {
        return cluster_fail(c, PODSIM_ENOMEM, NULL, 0, 0, "out of memory");
    }
    if (pod_holds_resources(p)) {
        /* sum into a copy, so that an overflow leaves the node as it was */
        size_t count = n->requested.count;
        podsim_resource *list = malloc((count + 1) * sizeof(*list));
        if (!list)
            return cluster_fail(c, PODSIM_ENOMEM, NULL, 0, 0, "out of memory");
        if (count) memcpy(list, n->requested.items, count * sizeof(*list));
        podsim_status s = accumulate(&list, &count, &p->requests);
        if (s) {
            free(list);
            if (s == PODSIM_ENOMEM) {
                return cluster_fail(c, s, NULL, 0, 0, "out of memory");
            }
            return cluster_fail(c, s, NULL, 0, 0,
                                "bind: the requests on node %s overflow",
                                n->meta.name);
        }
        free(c->node_requested[node_id]);
        c->node_requested[node_id] = list;
        n->requested.items = list;
        n->requested.count = count;
        n->pod_count++;
    }
    p->spec.node_name = n->meta.name;
    p->node = node_id;
    c->generation++;
    c->newest_time_known = false;
    return PODSIM_OK;
}

/* ---- public accessors --------------------------------------------------- */

size_t podsim_cluster_count(const podsim_cluster *c, podsim_kind kind) {
    if (!c || (unsigned)kind >= PODSIM_KIND_COUNT) return 0;
    return c->objects[kind].len;
}

podsim_status podsim_cluster_find(podsim_cluster *c, podsim_kind kind,
                                  const char *namespace_, const char *name,
                                  podsim_id *out) {
    if (!c) return PODSIM_EINVAL;
    if ((unsigned)kind >= PODSIM_KIND_COUNT || !name || !out) {
        return cluster_fail(c, PODSIM_EINVAL, NULL, 0, 0,
                            "podsim_cluster_find: invalid argument");
    }
    *out = cluster_lookup(c, kind, namespace_, name);
    if (*out != PODSIM_NO_ID) {
        cluster_clear_error(c);
        return PODSIM_OK;
    }
    if (podsim_kind_is_namespaced(kind)) {
        return cluster_fail(c, PODSIM_ENOTFOUND, NULL, 0, 0,
                            "%s \"%s/%s\" not found", podsim_kind_name(kind),
                            scope_ns(kind, namespace_), name);
    }
    return cluster_fail(c, PODSIM_ENOTFOUND, NULL, 0, 0, "%s \"%s\" not found",
                        podsim_kind_name(kind), name);
}

static const void *view_at(const podsim_cluster *c, podsim_kind kind,
                           podsim_id id) {
    if (!c || id < 0 || (size_t)id >= c->objects[kind].len) return NULL;
    return segvec_at(&c->objects[kind], (size_t)id);
}

const podsim_node *podsim_cluster_node(const podsim_cluster *c, podsim_id id) {
    return view_at(c, PODSIM_KIND_NODE, id);
}

const podsim_pod *podsim_cluster_pod(const podsim_cluster *c, podsim_id id) {
    return view_at(c, PODSIM_KIND_POD, id);
}

const podsim_workload *podsim_cluster_workload(const podsim_cluster *c,
                                               podsim_kind kind, podsim_id id) {
    if (kind < PODSIM_KIND_DEPLOYMENT || kind > PODSIM_KIND_JOB) return NULL;
    return view_at(c, kind, id);
}

const podsim_priority_class *podsim_cluster_priority_class(
    const podsim_cluster *c, podsim_id id) {
    return view_at(c, PODSIM_KIND_PRIORITYCLASS, id);
}

const podsim_pdb *podsim_cluster_pdb(const podsim_cluster *c, podsim_id id) {
    return view_at(c, PODSIM_KIND_PODDISRUPTIONBUDGET, id);
}

const podsim_pvc *podsim_cluster_pvc(const podsim_cluster *c, podsim_id id) {
    return view_at(c, PODSIM_KIND_PERSISTENTVOLUMECLAIM, id);
}

const podsim_pv *podsim_cluster_pv(const podsim_cluster *c, podsim_id id) {
    return view_at(c, PODSIM_KIND_PERSISTENTVOLUME, id);
}

const podsim_storage_class *podsim_cluster_storage_class(
    const podsim_cluster *c, podsim_id id) {
    return view_at(c, PODSIM_KIND_STORAGECLASS, id);
}

const podsim_config *podsim_cluster_config(const podsim_cluster *c,
                                           podsim_kind kind, podsim_id id) {
    if (kind != PODSIM_KIND_CONFIGMAP && kind != PODSIM_KIND_SECRET) {
        return NULL;
    }
    return view_at(c, kind, id);
}

const podsim_namespace *podsim_cluster_namespace(const podsim_cluster *c,
                                                 podsim_id id) {
    return view_at(c, PODSIM_KIND_NAMESPACE, id);
}

const podsim_service *podsim_cluster_service(const podsim_cluster *c,
                                             podsim_id id) {
    return view_at(c, PODSIM_KIND_SERVICE, id);
}

const podsim_event *podsim_cluster_event(const podsim_cluster *c,
                                         podsim_id id) {
    return view_at(c, PODSIM_KIND_EVENT, id);
}

bool podsim_resources_get(const podsim_resources *list, const char *name,
                          podsim_quantity *out) {
    if (!list || !name) return false;
    for (size_t i = 0; i < list->count; i++) {
        if (strcmp(list->items[i].name, name) == 0) {
            if (out) *out = list->items[i].quantity;
            return true;
        }
    }
    return false;
}

/* ---- clones and removal (the simulation's working model) ---------------- */

podsim_status cluster_clone(podsim_cluster *src, podsim_cluster **out) {
    *out = NULL;
    podsim_cluster *c = calloc(1, sizeof(*c));
    if (!c) return PODSIM_ENOMEM;
    memcpy(c->version_text, src->version_text, sizeof c->version_text);
    c->k8s = src->k8s;
    c->limits = src->limits;
    arena_init(&c->mem, 64u * 1024u);
    intern_init(&c->strings, &c->mem);
    strbuf_init(&c->error_text);
    strbuf_init(&c->render);
    strbuf_init(&c->row_text);
    vec_init(&c->replaced, 2 * sizeof(podsim_id));
    cluster_clear_error(c);
    c->parent = src;
    src->refs++;
    bool ok = intern_copy(&c->strings, &src->strings);
    for (int k = 0; k < PODSIM_KIND_COUNT; k++) {
        segvec_init(&c->objects[k], kind_view_size((podsim_kind)k));
        for (size_t i = 0; ok && i < src->objects[k].len; i++) {
            void *view = segvec_push(&c->objects[k]);
            if (!view) {
                ok = false;
                break;
            }
            memcpy(view, segvec_at(&src->objects[k], i),
                   c->objects[k].elem_size);
        }
    }
    if (ok && src->index_slots) {
        c->index = malloc(src->index_slots * sizeof(*c->index));
        ok = c->index != NULL;
        if (ok) {
            memcpy(c->index, src->index, src->index_slots * sizeof(*c->index));
            c->index_slots = src->index_slots;
            c->index_used = src->index_used;
        }
    }
    /* the nodes' requested lists are malloc'd per cluster: copy them */
    size_t n = c->objects[PODSIM_KIND_NODE].len;
    if (ok && n) {
        c->node_requested = calloc(n, sizeof(*c->node_requested));
        ok = c->node_requested != NULL;
        if (ok) c->node_requested_len = n;
        for (size_t i = 0; ok && i < n; i++) {
            podsim_node *node = segvec_at(&c->objects[PODSIM_KIND_NODE], i);
            size_t count = node->requested.count;
            podsim_resource *list = malloc((count ? count : 1) * sizeof(*list));
            if (!list) {
                ok = false;
                break;
            }
            if (count)
                memcpy(list, node->requested.items, count * sizeof(*list));
            c->node_requested[i] = list;
            node->requested.items = list;
        }
    }
    if (!ok) {
        podsim_cluster_free(c);
        return PODSIM_ENOMEM;
    }
    c->newest_time = src->newest_time;
    c->newest_time_known = src->newest_time_known;
    c->generation = 1;
    *out = c;
    return PODSIM_OK;
}

/* Backward-shift deletion keeps linear probing's invariant without
   tombstones. */
static void index_remove(podsim_cluster *c, podsim_kind kind,
                         const char *namespace_, const char *name) {
    if (!c->index_slots) return;
    const char *ns = scope_ns(kind, namespace_);
    size_t mask = c->index_slots - 1;
    size_t i = index_probe(c, (int)kind, ns, name, name_hash(kind, ns, name));
    if (!c->index[i].name) return;
    size_t j = i;
    for (;;) {
        j = (j + 1) & mask;
        if (!c->index[j].name) break;
        size_t home = c->index[j].hash & mask;
        /* move j back into the hole at i unless its home lies in (i, j] */
        bool stays = i <= j ? (i < home && home <= j) : (i < home || home <= j);
        if (stays) continue;
        c->index[i] = c->index[j];
        i = j;
    }
    memset(&c->index[i], 0, sizeof(c->index[i]));
    c->index_used--;
}

podsim_status cluster_release_pod(podsim_cluster *c, podsim_id pod_id) {
    segvec *pods = &c->objects[PODSIM_KIND_POD];
    if (pod_id < 0 || (size_t)pod_id >= pods->len) return PODSIM_EINVAL;
    podsim_pod *p = segvec_at(pods, (size_t)pod_id);
    if (p->node == PODSIM_NO_ID || (size_t)p->node >= c->node_requested_len) {
        return PODSIM_OK;
    }
    podsim_node *n = segvec_at(&c->objects[PODSIM_KIND_NODE], (size_t)p->node);
    podsim_resource *list = c->node_requested[p->node];
    size_t count = n->requested.count;
    for (size_t i = 0; i < p->requests.count; i++) {
        const podsim_resource *r = &p->requests.items[i];
        for (size_t j = 0; j < count; j++) {
            if (list[j].name != r->name) continue;
            podsim_quantity neg = r->quantity;
            neg.mantissa = -neg.mantissa;
            podsim_quantity diff;
            if (podsim_quantity_add(&list[j].quantity, &neg, &diff) ==
                PODSIM_OK) {
                diff.format = list[j].quantity.format;
                list[j].quantity = diff;
            }
            break;
        }
    }
    if (n->pod_count > 0) n->pod_count--;
    return PODSIM_OK;
}

void cluster_remove_pod(podsim_cluster *c, podsim_id pod_id) {
    segvec *pods = &c->objects[PODSIM_KIND_POD];
    if (pod_id < 0 || (size_t)pod_id >= pods->len) return;
    podsim_pod *p = segvec_at(pods, (size_t)pod_id);
    if (p->removed) return;
    index_remove(c, PODSIM_KIND_POD, p->meta.namespace_, p->meta.name);
    p->removed = true;
}

void cluster_remove_node(podsim_cluster *c, podsim_id node_id) {
    segvec *nodes = &c->objects[PODSIM_KIND_NODE];
    if (node_id < 0 || (size_t)node_id >= nodes->len) return;
    podsim_node *n = segvec_at(nodes, (size_t)node_id);
    index_remove(c, PODSIM_KIND_NODE, NULL, n->meta.name);
    n->removed = true;
    c->generation++;
}

void cluster_node_added(podsim_cluster *c, podsim_id node_id) {
    (void)node_id;
    c->generation++;
}

const podsim_owner_reference *meta_controller_of(const podsim_meta *m) {
    for (size_t i = 0; i < m->owner_reference_count; i++) {
        if (m->owner_references[i].controller) return &m->owner_references[i];
    }
    return NULL;
}

const podsim_condition *conditions_find(const podsim_condition *list,
                                        size_t count, const char *type) {
    for (size_t i = 0; i < count; i++) {
        if (list[i].type && strcmp(list[i].type, type) == 0) return &list[i];
    }
    return NULL;
}
