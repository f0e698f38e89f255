/*
 * daemonset.c - the DaemonSet controller.
 *
 * Models pkg/controller/daemon/daemon_controller.go (manage,
 * podsShouldBeOnNode, syncNodes, NodeShouldRunDaemonPod, predicates,
 * updateDaemonSetStatus), update.go (rollingUpdate without surge,
 * findUpdatedPodsOnNode) and util/daemonset_util.go
 * (ReplaceDaemonSetPodNodeNameNodeAffinity, GetTargetNodeName,
 * IsPodUpdated). One pod runs on every node whose labels match the
 * template's nodeSelector and required node affinity and whose NoSchedule
 * and NoExecute taints the pod tolerates (the template already carries the
 * DaemonSet default tolerations from defaulting). Since v1.12 the pod is
 * not bound by the controller: it gets a required node affinity term
 * matchFields metadata.name In [<node>] and the default scheduler binds
 * it. A node that only keeps a NoExecute-tolerated pod running keeps it;
 * an untolerated NoExecute taint removes it.
 *
 * Pods carry controller-revision-hash (podsim's template hash; a loaded
 * DaemonSet keeps the hash its pods carry) and pod-template-generation.
 * Events: SuccessfulCreate "Created pod: <name>", SuccessfulDelete,
 * FailedDaemonPod. Nodes come from the node lister: a deleted Node gets
 * no pod, its bound pods are left to PodGC, and unscheduled pods aimed at
 * it are deleted (getUnscheduledPodsWithoutNode). Not modelled: the 1 s
 * to 15 min back-off between deletions of failed daemon pods on one node,
 * and maxSurge > 0 rollouts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "controllers.h"
#include "match.h"

#define SOURCE "daemonset-controller"
#define REVISION_LABEL "controller-revision-hash"
#define GENERATION_LABEL "pod-template-generation"

typedef struct dssync {
    podsim_sim *sim;
    podsim_id id;
    podsim_workload *ds;
    ctl_workload *w;
    size_t node_count;
    size_t *start;      /* node i's pods are by_node[start[i] .. start[i+1]) */
    podsim_id *by_node; /* the DaemonSet's pods grouped by target node */
    bool *should_run;
    bool *should_continue;
    podsim_id *lost; /* getUnscheduledPodsWithoutNode */
    size_t lost_count;
    int64_t min_ready;
    int64_t now_model;
    bool acted; /* manage created or deleted pods */
} dssync;

/* GetTargetNodeName: spec.nodeName, else the node of the
   matchFields metadata.name In [node] term. */
static const char *target_node(const podsim_pod *p) {
    if (p->spec.node_name[0]) return p->spec.node_name;
    const podsim_affinity *a = p->spec.affinity;
    if (!a || !a->node_affinity || !a->node_affinity->required) return NULL;
    const podsim_node_selector *sel = a->node_affinity->required;
    for (size_t t = 0; t < sel->term_count; t++) {
        const podsim_node_selector_term *term = &sel->terms[t];
        for (size_t i = 0; i < term->match_field_count; i++) {
            const podsim_requirement *r = &term->match_fields[i];
            if (strcmp(r->key, "metadata.name") == 0 && r->op == PODSIM_OP_IN) {
                return r->values.count == 1 ? r->values.items[0] : NULL;
            }
        }
    }
    return NULL;
}

/* NodeShouldRunDaemonPod */
static void should_run_on(const podsim_pod *tmpl, const podsim_node *node,
                          bool *run, bool *keep) {
    *run = *keep = false;
    if (tmpl->spec.node_name[0] &&
        strcmp(tmpl->spec.node_name, node->meta.name) != 0) {
        return;
    }
    if (!pod_matches_node_affinity(tmpl, node)) return;
    if (!first_untolerated_taint(node, tmpl->spec.tolerations,
                                 tmpl->spec.toleration_count)) {
        *run = *keep = true;
        return;
    }
    /* scheduled daemon pods keep running while they tolerate every
       NoExecute taint */
    *keep = true;
    for (size_t i = 0; i < node->taint_count; i++) {
        const podsim_taint *t = &node->taints[i];
        if (t->effect == PODSIM_EFFECT_NO_EXECUTE &&
            !tolerations_tolerate(tmpl->spec.tolerations,
                                  tmpl->spec.toleration_count, t)) {
            *keep = false;
        }
    }
}

/* ReplaceDaemonSetPodNodeNameNodeAffinity: the required node affinity
   becomes the single term matchFields metadata.name In [node]; preferred
   terms and pod (anti-)affinity stay. */
static const podsim_affinity *affinity_for(podsim_sim *sim,
                                           const podsim_affinity *orig,
                                           const char *node) {
    arena *mem = &sim->c->mem;
    const char **values = arena_alloc(mem, sizeof(*values));
    podsim_requirement *req = arena_alloc(mem, sizeof(*req));
    podsim_node_selector_term *term = arena_alloc(mem, sizeof(*term));
    podsim_node_selector *sel = arena_alloc(mem, sizeof(*sel));
    podsim_node_affinity *na = arena_alloc(mem, sizeof(*na));
    podsim_affinity *a = arena_alloc(mem, sizeof(*a));
    if (!values || !req || !term || !sel || !na || !a) {
        sim_fail_oom(sim);
        return NULL;
    }
    values[0] = node;
    req->key = sim_intern(sim, "metadata.name");
    req->op = PODSIM_OP_IN;
    req->values.items = values;
    req->values.count = 1;
    term->match_fields = req;
    term->match_field_count = 1;
    sel->terms = term;
    sel->term_count = 1;
    if (orig) *a = *orig;
    if (orig && orig->node_affinity) *na = *orig->node_affinity;
    na->required = sel;
    a->node_affinity = na;
    return a;
}

static const char *label_of(const podsim_pod *p, const char *key) {
    const char *v = kvs_get(&p->meta.labels, key);
    return v ? v : "";
}

/* The revision hash follows the template; a DaemonSet seen for the first
   time keeps the hash and generation its pods carry. */
static void track_revision(dssync *s) {
    ctl_workload *w = s->w;
    const podsim_pod *tmpl = s->ds->template_pod;
    if (w->update_template == tmpl && w->update_revision) return;
    uint32_t h = ctl_template_hash(tmpl, NULL, 0);
    char hash[16];
    ctl_safe_encode(h, hash);
    if (!w->update_template) {
        w->update_revision = sim_intern(s->sim, hash);
        w->template_generation = 1;
        const podsim_id *ids = w->pods.data;
        for (size_t i = 0; i < w->pods.len; i++) {
            const podsim_pod *p = ctl_pod(s->sim, ids[i]);
            if (p->removed || !label_of(p, REVISION_LABEL)[0]) continue;
            w->update_revision = label_of(p, REVISION_LABEL);
            long long g = atoll(label_of(p, GENERATION_LABEL));
            if (g > 0) w->template_generation = g;
            break;
        }
    } else if (h != w->revision_hash) {
        /* the same content re-applied keeps its revision */
        w->update_revision = sim_intern(s->sim, hash);
        w->template_generation++;
    }
    w->revision_hash = h;
    w->update_template = tmpl;
}

/* IsPodUpdated */
static bool pod_updated(const dssync *s, const podsim_pod *p) {
    char gen[24];
    snprintf(gen, sizeof gen, "%lld", (long long)s->w->template_generation);
    return strcmp(label_of(p, REVISION_LABEL), s->w->update_revision) == 0 ||
           strcmp(label_of(p, GENERATION_LABEL), gen) == 0;
}

/* getNodesToDaemonPods: deleted terminal pods are left out. */
static bool group_by_node(dssync *s) {
    size_t n = s->w->pods.len, nodes = s->node_count;
    s->start = calloc(nodes + 2, sizeof(*s->start));
    s->by_node = malloc((n ? n : 1) * sizeof(*s->by_node));
    s->should_run = calloc(nodes ? nodes : 1, sizeof(bool));
    s->should_continue = calloc(nodes ? nodes : 1, sizeof(bool));
    s->lost = malloc((n ? n : 1) * sizeof(*s->lost));
    podsim_id *node_of = malloc((n ? n : 1) * sizeof(*node_of));
    if (!s->start || !s->by_node || !s->should_run || !s->should_continue ||
        !s->lost || !node_of) {
        free(node_of);
        return false;
    }
    const podsim_id *ids = s->w->pods.data;
    for (size_t i = 0; i < n; i++) {
        const podsim_pod *p = ctl_pod(s->sim, ids[i]);
        const char *name = target_node(p);
        node_of[i] = PODSIM_NO_ID;
        if (p->removed || !name ||
            (ctl_pod_terminal(p) &&
             p->meta.deletion_timestamp != PODSIM_NO_TIME)) {
            continue;
        }
        node_of[i] = cluster_lookup(s->sim->c, PODSIM_KIND_NODE, NULL, name);
        if (node_of[i] != PODSIM_NO_ID) {
            s->start[node_of[i] + 1]++;
        } else if (!p->spec.node_name[0] &&
                   p->meta.deletion_timestamp == PODSIM_NO_TIME) {
            /* a pod the scheduler can never bind: its node is gone */
            s->lost[s->lost_count++] = ids[i];
        }
    }
    for (size_t i = 0; i < nodes; i++) s->start[i + 1] += s->start[i];
    size_t *fill = calloc(nodes ? nodes : 1, sizeof(*fill));
    if (!fill) {
        free(node_of);
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        if (node_of[i] == PODSIM_NO_ID) continue;
        size_t node = (size_t)node_of[i];
        s->by_node[s->start[node] + fill[node]++] = ids[i];
    }
    free(fill);
    free(node_of);
    for (size_t i = 0; i < nodes; i++) {
        /* nodeLister.List: a deleted Node object is no node to run on */
        const podsim_node *node = podsim_cluster_node(s->sim->c, (podsim_id)i);
        if (node->removed) continue;
        should_run_on(s->ds->template_pod, node, &s->should_run[i],
                      &s->should_continue[i]);
    }
    return true;
}

static size_t pods_on(const dssync *s, size_t node, const podsim_id **out) {
    *out = s->by_node + s->start[node];
    return s->start[node + 1] - s->start[node];
}

/* podByCreationTimestampAndPhase: scheduled first, then older, then by
   name */
static bool older_pod(const podsim_pod *a, const podsim_pod *b) {
    bool sa = a->spec.node_name[0] != '\0', sb = b->spec.node_name[0] != '\0';
    if (sa != sb) return sa;
    int64_t ta = ctl_api_time(a->meta.creation_timestamp);
    int64_t tb = ctl_api_time(b->meta.creation_timestamp);
    if (ta != tb) return ta < tb;
    return strcmp(a->meta.name, b->meta.name) < 0;
}

/* updateDaemonSetStatus over the pods as listed. */
static void compute_status(const dssync *s, int32_t out[5]) {
    memset(out, 0, 5 * sizeof(*out));
    for (size_t i = 0; i < s->node_count; i++) {
        const podsim_id *pods;
        size_t n = pods_on(s, i, &pods);
        if (!s->should_run[i]) continue;
        out[0]++; /* desiredNumberScheduled */
        if (!n) continue;
        out[1]++; /* currentNumberScheduled */
        const podsim_pod *first = ctl_pod(s->sim, pods[0]);
        for (size_t j = 1; j < n; j++) {
            const podsim_pod *p = ctl_pod(s->sim, pods[j]);
            if (older_pod(p, first)) first = p;
        }
        if (ctl_pod_ready(first)) {
            out[2]++;
            if (ctl_pod_available(first, s->min_ready, s->now_model)) out[3]++;
        }
        if (pod_updated(s, first)) out[4]++;
    }
}

static void create_on(dssync *s, size_t node) {
    const podsim_node *n = podsim_cluster_node(s->sim->c, (podsim_id)node);
    podsim_pod tmpl = *s->ds->template_pod;
    tmpl.spec.affinity = affinity_for(s->sim, tmpl.spec.affinity, n->meta.name);
    if (!tmpl.spec.affinity) return;
    char gen[24];
    snprintf(gen, sizeof gen, "%lld", (long long)s->w->template_generation);
    podsim_kv labels[2] = {{GENERATION_LABEL, gen},
                           {REVISION_LABEL, s->w->update_revision}};
    ctl_create_pod(s->sim, PODSIM_KIND_DAEMONSET, s->id, &tmpl, NULL, NULL,
                   labels, 2, SOURCE);
    s->acted = true;
}

static void delete_pod(dssync *s, podsim_id pod) {
    ctl_delete_pod(s->sim, PODSIM_KIND_DAEMONSET, s->id, pod, SOURCE);
    s->acted = true;
}

/* manage + podsShouldBeOnNode + syncNodes (creations, then deletions) */
static void manage(dssync *s) {
    size_t cap = s->w->pods.len + s->lost_count + 1;
    podsim_id *doomed = malloc(cap * sizeof(*doomed));
    size_t *needing = malloc((s->node_count + 1) * sizeof(*needing));
    if (!doomed || !needing) {
        free(doomed);
        free(needing);
        sim_fail_oom(s->sim);
        return;
    }
    size_t ndoomed = 0, nneeding = 0;
    for (size_t i = 0; i < s->node_count; i++) {
        const podsim_id *pods;
        size_t n = pods_on(s, i, &pods);
        if (s->should_run[i] && n == 0) {
            needing[nneeding++] = i;
        } else if (s->should_continue[i]) {
            const podsim_pod *oldest = NULL;
            for (size_t j = 0; j < n; j++) {
                const podsim_pod *p = ctl_pod(s->sim, pods[j]);
                if (p->meta.deletion_timestamp != PODSIM_NO_TIME) continue;
                if (p->status.has_phase &&
                    p->status.phase == PODSIM_PHASE_FAILED) {
                    sim_event(s->sim, "Warning", "FailedDaemonPod",
                              PODSIM_KIND_DAEMONSET, s->id, NULL, SOURCE,
                              "Found failed daemon pod %s/%s on node %s, will "
                              "try to kill it",
                              p->meta.namespace_, p->meta.name,
                              podsim_cluster_node(s->sim->c, (podsim_id)i)
                                  ->meta.name);
                    doomed[ndoomed++] = pods[j];
                    continue;
                }
                /* without surge only the oldest running pod stays */
                if (!oldest) {
                    oldest = p;
                } else if (older_pod(p, oldest)) {
                    doomed[ndoomed++] = oldest->id;
                    oldest = p;
                } else {
                    doomed[ndoomed++] = pods[j];
                }
            }
        } else if (n) {
            for (size_t j = 0; j < n; j++) {
                const podsim_pod *p = ctl_pod(s->sim, pods[j]);
                if (p->meta.deletion_timestamp == PODSIM_NO_TIME) {
                    doomed[ndoomed++] = pods[j];
                }
            }
        }
    }
    /* unscheduled pods for nodes that no longer exist: PodGC leaves
       unbound pods alone */
    for (size_t i = 0; i < s->lost_count; i++) doomed[ndoomed++] = s->lost[i];
    for (size_t i = 0; i < nneeding && i < CTL_DAEMONSET_BURST; i++) {
        create_on(s, needing[i]);
    }
    for (size_t i = 0; i < ndoomed && i < CTL_DAEMONSET_BURST; i++) {
        delete_pod(s, doomed[i]);
    }
    free(doomed);
    free(needing);
}

/* update.go rollingUpdate, the maxSurge = 0 path */
static void rolling_update(dssync *s, int32_t desired) {
    if (strcmp(s->ds->strategy_type, "RollingUpdate") != 0) return;
    int32_t max_unavailable = 0, max_surge = 0;
    if (!ctl_scaled_value(s->ds->max_unavailable, desired, true,
                          &max_unavailable)) {
        max_unavailable = 0;
    }
    if (!ctl_scaled_value(s->ds->max_surge, desired, true, &max_surge)) {
        max_surge = 0;
    }
    if (desired > 0 && max_unavailable == 0 && max_surge == 0) {
        max_unavailable = 1;
    }
    podsim_id *replace = malloc((s->w->pods.len + 1) * sizeof(*replace));
    podsim_id *candidates = malloc((s->w->pods.len + 1) * sizeof(*candidates));
    if (!replace || !candidates) {
        free(replace);
        free(candidates);
        sim_fail_oom(s->sim);
        return;
    }
    size_t nreplace = 0, ncandidates = 0;
    int32_t unavailable = 0;
    for (size_t i = 0; i < s->node_count; i++) {
        const podsim_id *pods;
        size_t n = pods_on(s, i, &pods);
        if (!n) continue;
        /* findUpdatedPodsOnNode */
        const podsim_pod *fresh = NULL, *old = NULL;
        bool ok = true;
        for (size_t j = 0; j < n && ok; j++) {
            const podsim_pod *p = ctl_pod(s->sim, pods[j]);
            if (p->meta.deletion_timestamp != PODSIM_NO_TIME) continue;
            const podsim_pod **slot = pod_updated(s, p) ? &fresh : &old;
            if (*slot) ok = false;
            *slot = p;
        }
        if (!ok || (!fresh && !old) || (fresh && old)) {
            unavailable++;
        } else if (fresh) {
            if (!ctl_pod_available(fresh, s->min_ready, s->now_model)) {
                unavailable++;
            }
        } else if (!ctl_pod_available(old, s->min_ready, s->now_model)) {
            replace[nreplace++] = old->id;
        } else if (unavailable < max_unavailable) {
            candidates[ncandidates++] = old->id;
        }
    }
    int32_t remaining = max_unavailable - unavailable;
    if (remaining < 0) remaining = 0;
    if ((size_t)remaining > ncandidates) remaining = (int32_t)ncandidates;
    for (size_t i = 0; i < nreplace; i++) delete_pod(s, replace[i]);
    for (int32_t i = 0; i < remaining; i++) delete_pod(s, candidates[i]);
    free(replace);
    free(candidates);
}

static void write_status(dssync *s, const int32_t st[5]) {
    podsim_workload *v = s->ds;
    podsim_kind k = PODSIM_KIND_DAEMONSET;
    ctl_status_field(s->sim, k, s->id, "desiredNumberScheduled", &s->w->desired,
                     st[0], false);
    ctl_status_field(s->sim, k, s->id, "currentNumberScheduled",
                     &v->status_replicas, st[1], false);
    ctl_status_field(s->sim, k, s->id, "numberReady", &v->status_ready_replicas,
                     st[2], false);
    ctl_status_field(s->sim, k, s->id, "numberAvailable",
                     &v->status_available_replicas, st[3], false);
    ctl_status_field(s->sim, k, s->id, "updatedNumberScheduled",
                     &v->status_updated_replicas, st[4], false);
}

void ctl_daemonset_sync(podsim_sim *sim, podsim_id id) {
    dssync s;
    memset(&s, 0, sizeof s);
    s.sim = sim;
    s.id = id;
    s.ds = ctl_view(sim, PODSIM_KIND_DAEMONSET, id);
    s.w = ctl_workload_get(sim, PODSIM_KIND_DAEMONSET, id);
    if (!s.ds || !s.w || !s.ds->template_pod) return;
    s.node_count = podsim_cluster_count(sim->c, PODSIM_KIND_NODE);
    s.min_ready =
        s.ds->min_ready_seconds.set ? s.ds->min_ready_seconds.value : 0;
    s.now_model = sim_wall(sim, sim->now);
    ctl_compact_pods(sim, s.w, NULL);
    track_revision(&s);
    int32_t status[5] = {0, 0, 0, 0, 0};
    if (group_by_node(&s)) {
        compute_status(&s, status);
        manage(&s);
        /* rollingUpdate waits for the expectations of manage's
           creations and deletions, which the next sync observes */
        if (!s.acted && !sim->failed) rolling_update(&s, status[0]);
        write_status(&s, status);
        if (s.min_ready > 0 && status[2] != status[3]) {
            ctl_enqueue_after(sim, PODSIM_KIND_DAEMONSET, id,
                              s.min_ready * 1000);
        }
    } else {
        sim_fail_oom(sim);
    }
    free(s.start);
    free(s.by_node);
    free(s.should_run);
    free(s.should_continue);
    free(s.lost);
}
