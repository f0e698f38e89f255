/*
 * loader.c - loading Kubernetes YAML and JSON into the model,
 * transactionally.
 *
 * Accepts what operators have at hand: single objects, multi-document
 * YAML, `kind: List` and typed lists (`kubectl get nodes,pods -A -o yaml`
 * prints a List; the API's NodeList/PodList items carry no kind and take
 * it from the list, as k8s.io/apimachinery's list decoding does), and
 * `-o json`, and bare objects without apiVersion and kind (insights-
 * operator archives) whose shape names their kind. Kinds podsim does not
 * model are counted and skipped, since real dumps contain them. A failed load
 * rolls the model back to exactly what it was.
 */
#define _POSIX_C_SOURCE 200809L /* fileno */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "decode.h"

typedef struct load_ctx {
    podsim_cluster *c;
    dec d;
    podsim_load_stats *stats;
    vec deferred; /* const yt_node*: list items without kind */
} load_ctx;

/* The item kind of a typed list ("PodList" -> "Pod"); NULL for List. */
static const char *list_item_kind(const char *list_kind, char *buf,
                                  size_t cap) {
    size_t n = strlen(list_kind);
    if (n <= 4 || strcmp(list_kind + n - 4, "List") != 0 || n - 4 >= cap) {
        return NULL;
    }
    memcpy(buf, list_kind, n - 4);
    buf[n - 4] = '\0';
    return buf;
}

/* The API groups a modelled kind is served from. A kind of the same name
   in another group (Volcano's batch.volcano.sh Job, a CRD called Node) is
   a different resource and is skipped like any unmodelled kind. */
static bool served_from(podsim_kind kind, const char *group, size_t len) {
    static const char *const groups[PODSIM_KIND_COUNT] = {
        [PODSIM_KIND_NODE] = "",
        [PODSIM_KIND_POD] = "",
        [PODSIM_KIND_DEPLOYMENT] = "apps extensions",
        [PODSIM_KIND_REPLICASET] = "apps extensions",
        [PODSIM_KIND_STATEFULSET] = "apps",
        [PODSIM_KIND_DAEMONSET] = "apps extensions",
        [PODSIM_KIND_JOB] = "batch",
        [PODSIM_KIND_PRIORITYCLASS] = "scheduling.k8s.io",
        [PODSIM_KIND_PODDISRUPTIONBUDGET] = "policy",
        [PODSIM_KIND_PERSISTENTVOLUMECLAIM] = "",
        [PODSIM_KIND_PERSISTENTVOLUME] = "",
        [PODSIM_KIND_STORAGECLASS] = "storage.k8s.io",
        [PODSIM_KIND_CONFIGMAP] = "",
        [PODSIM_KIND_SECRET] = "",
        [PODSIM_KIND_NAMESPACE] = "",
        [PODSIM_KIND_SERVICE] = "",
        [PODSIM_KIND_EVENT] = " events.k8s.io",
    };
    const char *list = groups[kind];
    if (!len) return list[0] == '\0' || list[0] == ' ';
    for (const char *g = list; *g;) {
        while (*g == ' ') g++;
        size_t n = strcspn(g, " ");
        if (n == len && strncmp(g, group, len) == 0) return true;
        g += n;
    }
    return false;
}

/* apiVersion "group/version" or "version" (the core group); an object
   without apiVersion (typed-list items, terse manifests) is taken as the
   kind's usual group. */
static bool api_version_matches(podsim_kind kind, const yt_node *obj) {
    const yt_node *v = yt_get(obj, "apiVersion");
    if (!v || v->is_null || v->type != YT_SCALAR) return true;
    const char *slash = strchr(v->str, '/');
    size_t len = slash ? (size_t)(slash - v->str) : 0;
    return served_from(kind, v->str, len);
}

/* Apply semantics (a simulation's kubectl apply): the object just decoded
   as `fresh` takes the place of the loaded one of the same name, which
   keeps its id and what controllers or the scheduler wrote (status,
   node accounting); the fresh slot is dropped. */
static podsim_status replace_object(podsim_cluster *c, podsim_kind kind,
                                    podsim_id fresh) {
    const podsim_meta *m = object_meta(c, kind, fresh);
    podsim_id old = cluster_lookup(c, kind, m->namespace_, m->name);
    segvec *v = &c->objects[kind];
    void *dst = segvec_at(v, (size_t)old);
    void *src = segvec_at(v, (size_t)fresh);
    if (kind == PODSIM_KIND_NODE) {
        podsim_node *n = src;
        const podsim_node *o = dst;
        n->requested = o->requested;
        n->pod_count = o->pod_count;
    } else if (kind >= PODSIM_KIND_DEPLOYMENT && kind <= PODSIM_KIND_JOB) {
        podsim_workload *w = src;
        const podsim_workload *o = dst;
        w->status_replicas = o->status_replicas;
        w->status_ready_replicas = o->status_ready_replicas;
        w->status_available_replicas = o->status_available_replicas;
        w->status_updated_replicas = o->status_updated_replicas;
    }
    memcpy(dst, src, v->elem_size);
    *(podsim_id *)dst = old;
    v->len--;
    if (!vec_push(&c->replaced)) {
        return cluster_fail(c, PODSIM_ENOMEM, NULL, 0, 0, "out of memory");
    }
    podsim_id *slot = vec_at(&c->replaced, c->replaced.len - 1);
    slot[0] = (podsim_id)kind;
    slot[1] = old;
    return PODSIM_OK;
}

static podsim_status add_object(load_ctx *lc, const char *kind_name,
                                const yt_node *obj) {
    int kind = kind_from_name(kind_name);
    if (kind < 0 || !api_version_matches((podsim_kind)kind, obj)) {
        lc->stats->skipped++;
        return PODSIM_OK;
    }
    podsim_id id;
    podsim_status s = dec_object(&lc->d, (podsim_kind)kind, obj, &id);
    if (s) return s;
    const podsim_meta *m = object_meta(lc->c, (podsim_kind)kind, id);
    s = cluster_index_add(lc->c, (podsim_kind)kind, m->namespace_, m->name, id);
    if (s == PODSIM_EEXIST && lc->c->replace_existing &&
        kind != PODSIM_KIND_POD) {
        return replace_object(lc->c, (podsim_kind)kind, id);
    }
    if (s == PODSIM_EEXIST) {
        const yt_node *meta = yt_get(obj, "metadata");
        const yt_node *name = meta ? yt_get(meta, "name") : obj;
        if (podsim_kind_is_namespaced((podsim_kind)kind)) {
            return cluster_fail(lc->c, s, lc->d.source, name->line,
                                name->column,
                                "duplicate object: %s \"%s/%s\" is already "
                                "loaded",
                                kind_name, m->namespace_, m->name);
        }
        return cluster_fail(lc->c, s, lc->d.source, name->line, name->column,
                            "duplicate object: %s \"%s\" is already loaded",
                            kind_name, m->name);
    }
    if (s) return cluster_fail(lc->c, s, lc->d.source, 0, 0, "out of memory");
    return PODSIM_OK;
}

/* The object's kind string, or "" when it has none. */
static podsim_status kind_of(load_ctx *lc, const yt_node *obj,
                             const char **kind) {
    const yt_node *k = yt_get(obj, "kind");
    *kind = "";
    if (!k || k->is_null) return PODSIM_OK;
    if (k->type != YT_SCALAR) {
        return cluster_fail(lc->c, PODSIM_EPARSE, lc->d.source, k->line,
                            k->column, "kind: expected a string, got %s",
                            yt_type_name(k));
    }
    *kind = k->str;
    return PODSIM_OK;
}

static podsim_status expect_object(load_ctx *lc, const yt_node *n,
                                   const char *where) {
    if (n->type == YT_MAP) return PODSIM_OK;
    return cluster_fail(lc->c, PODSIM_EPARSE, lc->d.source, n->line, n->column,
                        "%sexpected a Kubernetes object (a mapping with "
                        "apiVersion, kind and metadata), got %s",
                        where, yt_type_name(n));
}

static podsim_status on_item(void *ctx, const yt_node *item, bool *keep) {
    load_ctx *lc = ctx;
    podsim_status s = expect_object(lc, item, "items: ");
    const char *kind = "";
    if (!s) s = kind_of(lc, item, &kind);
    if (s) return s;
    if (!kind[0]) {
        /* typed-list items take the list's kind, which kubectl prints after
           `items`: decide when the document ends */
        const yt_node **slot = vec_push(&lc->deferred);
        if (!slot) return PODSIM_ENOMEM;
        *slot = item;
        *keep = true;
        return PODSIM_OK;
    }
    return add_object(lc, kind, item);
}

static podsim_status finish_list(load_ctx *lc, const char *list_kind) {
    char buf[128];
    const char *item_kind = list_item_kind(list_kind, buf, sizeof buf);
    podsim_status s = PODSIM_OK;
    for (size_t i = 0; !s && i < lc->deferred.len; i++) {
        const yt_node *item = *(const yt_node **)vec_at(&lc->deferred, i);
        if (!item_kind) {
            return cluster_fail(lc->c, PODSIM_EPARSE, lc->d.source, item->line,
                                item->column,
                                "items[%zu]: object has no kind and the list "
                                "kind \"%s\" does not name one (expected "
                                "e.g. PodList)",
                                i, list_kind);
        }
        s = add_object(lc, item_kind, item);
    }
    return s;
}

/* The kind of a bare object: one serialized with metadata, spec and status
   only, neither apiVersion nor kind, as openshift/insights-operator writes
   its archive (docs/insights-archive-sample/config/pod/..., node/...).
   Only unambiguous shapes are recognised: spec.containers is a Pod,
   status.nodeInfo or spec.podCIDR / spec.providerID a Node. "" otherwise
   (and always when apiVersion is present: a typo in kind must not be
   guessed away). */
static const char *bare_object_kind(const yt_node *obj) {
    if (yt_get(obj, "apiVersion") || !yt_get(obj, "metadata")) return "";
    const yt_node *spec = yt_get(obj, "spec");
    const yt_node *status = yt_get(obj, "status");
    if (spec && spec->type == YT_MAP) {
        const yt_node *containers = yt_get(spec, "containers");
        if (containers && containers->type == YT_SEQ) return "Pod";
        if (yt_get(spec, "podCIDR") || yt_get(spec, "providerID")) {
            return "Node";
        }
    }
    if (status && status->type == YT_MAP && yt_get(status, "nodeInfo")) {
        return "Node";
    }
    return "";
}

static podsim_status on_document(void *ctx, const yt_node *root) {
    load_ctx *lc = ctx;
    lc->stats->documents++;
    if (root->type == YT_SCALAR && root->is_null) return PODSIM_OK;
    podsim_status s = expect_object(lc, root, "");
    const char *kind = "";
    if (!s) s = kind_of(lc, root, &kind);
    if (s) return s;
    /* a root mapping with an `items` sequence is a list: its items were
       streamed to on_item already */
    const yt_node *items = yt_get(root, "items");
    if (items && items->type == YT_SEQ) {
        s = finish_list(lc, kind);
        lc->deferred.len = 0;
        return s;
    }
    if (!kind[0]) kind = bare_object_kind(root);
    if (!kind[0]) {
        return cluster_fail(lc->c, PODSIM_EPARSE, lc->d.source, root->line,
                            root->column,
                            "object has no kind (expected e.g. kind: Pod)");
    }
    return add_object(lc, kind, root);
}

/* Parses every input into the model; nothing is committed here. */
static podsim_status parse_inputs(podsim_cluster *c, const yt_input *inputs,
                                  size_t count, podsim_load_stats *stats) {
    podsim_status s = PODSIM_OK;
    for (size_t i = 0; s == PODSIM_OK && i < count; i++) {
        load_ctx lc = {c, {c, inputs[i].source}, stats, {0}};
        vec_init(&lc.deferred, sizeof(const yt_node *));
        yt_handler h = {&lc, on_item, on_document};
        stats->bytes += inputs[i].len;
        s = yt_parse(c, &inputs[i], &h);
        vec_release(&lc.deferred);
    }
    return s;
}

/* One transaction over all inputs: either all of them land or none. */
static podsim_status run_load(podsim_cluster *c, const yt_input *inputs,
                              size_t count, podsim_load_stats *stats) {
    podsim_load_stats local;
    if (!stats) stats = &local;
    memset(stats, 0, sizeof(*stats));
    cluster_mark mark = cluster_get_mark(c);
    cluster_clear_error(c);
    podsim_status s = parse_inputs(c, inputs, count, stats);
    if (s == PODSIM_OK) s = cluster_commit(c, &mark);
    if (s != PODSIM_OK) {
        if (s == PODSIM_ENOMEM && c->error.status != PODSIM_ENOMEM) {
            cluster_fail(c, s, NULL, 0, 0, "out of memory");
        }
        cluster_rollback(c, &mark);
        memset(stats->added, 0, sizeof(stats->added));
        return s;
    }
    for (int k = 0; k < PODSIM_KIND_COUNT; k++) {
        stats->added[k] = c->objects[k].len - mark.counts[k];
    }
    return PODSIM_OK;
}

podsim_status podsim_cluster_load_string(podsim_cluster *c, const char *text,
                                         size_t len, const char *source_name,
                                         podsim_load_stats *stats) {
    if (!c) return PODSIM_EINVAL;
    if (!text && len) {
        return cluster_fail(c, PODSIM_EINVAL, NULL, 0, 0,
                            "podsim_cluster_load_string: text is NULL");
    }
    const char *source = source_name ? source_name : "<string>";
    if (len > c->limits.max_input_bytes) {
        return cluster_fail(c, PODSIM_ELIMIT, source, 0, 0,
                            "input of %zu bytes exceeds the limit of %zu", len,
                            c->limits.max_input_bytes);
    }
    yt_input in = {text ? text : "", len, NULL, source};
    return run_load(c, &in, 1, stats);
}

/* Opens every file first, so that an unreadable file fails the load
   before anything is parsed. */
static podsim_status open_inputs(podsim_cluster *c, const char *const *paths,
                                 size_t count, yt_input *inputs) {
    for (size_t i = 0; i < count; i++) {
        const char *path_i = paths[i];
        if (!path_i) {
            return cluster_fail(c, PODSIM_EINVAL, NULL, 0, 0,
                                "podsim_cluster_load_files: path %zu is NULL",
                                i);
        }
        FILE *f = fopen(path_i, "rb");
        if (!f) {
            return cluster_fail(c, PODSIM_EIO, path_i, 0, 0, "cannot open: %s",
                                strerror(errno));
        }
        inputs[i].file = f;
        inputs[i].source = path_i;
        struct stat st;
        if (fstat(fileno(f), &st) != 0 || S_ISDIR(st.st_mode)) {
            return cluster_fail(c, PODSIM_EIO, path_i, 0, 0,
                                "cannot read: not a regular file");
        }
        if ((unsigned long long)st.st_size > c->limits.max_input_bytes) {
            return cluster_fail(c, PODSIM_ELIMIT, path_i, 0, 0,
                                "file of %lld bytes exceeds the limit of %zu",
                                (long long)st.st_size,
                                c->limits.max_input_bytes);
        }
        inputs[i].len = (size_t)st.st_size;
    }
    return PODSIM_OK;
}

podsim_status podsim_cluster_load_files(podsim_cluster *c,
                                        const char *const *paths, size_t count,
                                        podsim_load_stats *stats) {
    if (!c) return PODSIM_EINVAL;
    if (!paths && count) {
        return cluster_fail(c, PODSIM_EINVAL, NULL, 0, 0,
                            "podsim_cluster_load_files: paths is NULL");
    }
    yt_input *inputs = calloc(count ? count : 1, sizeof(*inputs));
    if (!inputs)
        return cluster_fail(c, PODSIM_ENOMEM, NULL, 0, 0, "out of memory");
    podsim_status s = open_inputs(c, paths, count, inputs);
    if (s == PODSIM_OK) {
        s = run_load(c, inputs, count, stats);
    } else if (stats) {
        memset(stats, 0, sizeof(*stats));
    }
    for (size_t i = 0; i < count; i++) {
        if (inputs[i].file) fclose(inputs[i].file);
    }
    free(inputs);
    return s;
}

podsim_status podsim_cluster_load_file(podsim_cluster *c, const char *file_path,
                                       podsim_load_stats *stats) {
    if (!c) return PODSIM_EINVAL;
    if (!file_path) {
        return cluster_fail(c, PODSIM_EINVAL, NULL, 0, 0,
                            "podsim_cluster_load_file: path is NULL");
    }
    return podsim_cluster_load_files(c, &file_path, 1, stats);
}
