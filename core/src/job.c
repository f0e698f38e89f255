/*
 * job.c - the Job controller.
 *
 * Models pkg/controller/job/job_controller.go (syncJob, manageJob,
 * trackJobStatusAndRemoveFinalizers, enactJobFinished, recordJobFinished,
 * pastBackoffLimitOnFailure, pastActiveDeadline, isPodFailed,
 * activePodsForRemoval), backoff_utils.go (the pod-failure back-off:
 * 10 s x 2^(failures-1) up to 10 min since the last failure, counted from
 * the failed pod's finish time) and indexed_job_utils.go
 * (firstPendingIndexes, appendDuplicatedIndexPodsForRemoval, the
 * completion index annotation and label).
 *
 * Timing as upstream: a Job is synced at once when it is created or
 * changed, and syncJobBatchPeriod (1 s) after a pod event; re-creation
 * after failures waits for the back-off (at least the batch period).
 * Pods carry the batch.kubernetes.io/job-tracking finalizer upstream; here
 * a pod is "tracked" until it is counted (CTL_POD_COUNTED), and a pod that
 * disappears before it was counted is counted then, as the finalizer would
 * have kept it. podReplacementPolicy TerminatingOrFailed (the default
 * without a podFailurePolicy) replaces a pod as soon as it is terminating
 * and counts it failed; Failed (the default with one, and only with the
 * JobPodReplacementPolicy gate on) waits for the terminal phase.
 *
 * Terminal conditions by version: from v1.31 (delayTerminalCondition) the
 * controller first adds FailureTarget or SuccessCriteriaMet, deletes the
 * active pods, and adds Failed or Complete once no pod is terminating;
 * v1.30 adds Failed or Complete at once. Events: SuccessfulCreate
 * "Created pod: <name>", SuccessfulDelete "Deleted pod: <name>", Completed
 * "Job completed", and a Warning with the failure reason and message
 * (BackoffLimitExceeded "Job has reached the specified backoff limit",
 * DeadlineExceeded "Job was active longer than specified deadline").
 * Not modelled: suspend, podFailurePolicy rules (only its effect on the
 * replacement policy), backoffLimitPerIndex, successPolicy and
 * managedBy.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "controllers.h"

#define SOURCE "job-controller"
#define INDEX_KEY "batch.kubernetes.io/job-completion-index"

typedef struct jsync {
    podsim_sim *sim;
    podsim_id id;
    podsim_workload *job;
    ctl_workload *w;
    bool indexed;
    int32_t completions; /* -1 = nil (work queue) */
    int32_t parallelism;
    int32_t backoff_limit;
    bool only_failed;    /* onlyReplaceFailedPods */
    bool delay_terminal; /* delayTerminalCondition */
    podsim_id *pods;     /* every pod of the Job still of interest */
    size_t pod_count;
    podsim_id *active;
    size_t active_count;
    int32_t ready;
    int32_t terminating;
    int64_t now_model;
    /* the finished condition of this sync (finishedCondition) */
    bool finishing;
    bool success;
    const char *reason;
    const char *message;
    /* counters after this sync */
    int32_t succeeded;
    int32_t failed;
    /* pods this sync deleted: it still sees them as it listed them */
    podsim_id *deleted;
    size_t deleted_count;
    /* the back-off record after this sync's finished pods */
    int32_t failures;
    int64_t last_failure;
} jsync;

/* getCompletionIndex: -1 when absent or not a valid index. */
static int64_t completion_index(const podsim_pod *p) {
    const char *v = NULL;
    for (size_t i = 0; i < p->meta.annotations.count; i++) {
        if (strcmp(p->meta.annotations.items[i].key, INDEX_KEY) == 0) {
            v = p->meta.annotations.items[i].value;
        }
    }
    if (!v || !*v) return -1;
    int64_t ix = 0;
    for (const char *s = v; *s; s++) {
        if (*s < '0' || *s > '9') return -1;
        ix = ix * 10 + (*s - '0');
        if (ix > INT32_MAX) return -1;
    }
    return ix;
}

static bool valid_index(const jsync *s, const podsim_pod *p) {
    int64_t ix = completion_index(p);
    return ix >= 0 && ix < s->completions;
}

static bool counted(podsim_sim *sim, podsim_id pod) {
    uint8_t *f = ctl_pod_flags(sim, pod);
    return !f || (*f & CTL_POD_COUNTED);
}

/* a removed pod is kept in the list until it was counted */
static bool keep_uncounted(podsim_sim *sim, podsim_id pod) {
    return !counted(sim, pod);
}

static bool succeeded_phase(const podsim_pod *p) {
    return p->status.has_phase && p->status.phase == PODSIM_PHASE_SUCCEEDED;
}

/* isPodFailed; a removed pod had a deletionTimestamp */
static bool pod_failed(const jsync *s, const podsim_pod *p) {
    if (p->status.has_phase && p->status.phase == PODSIM_PHASE_FAILED) {
        return true;
    }
    if (s->only_failed) return false;
    return (p->removed || p->meta.deletion_timestamp != PODSIM_NO_TIME) &&
           !succeeded_phase(p);
}

/* getFinishedTime at API precision: the latest finishedAt when every
   container terminated, else a Ready=False transition, else the moment of
   the DELETE (deletionTimestamp - grace), else the creation */
static int64_t finished_time(const podsim_pod *p) {
    int64_t latest = PODSIM_NO_TIME;
    bool all = p->status.container_status_count > 0;
    for (size_t i = 0; i < p->status.container_status_count; i++) {
        const podsim_container_state *st =
            &p->status.container_statuses[i].state;
        if (st->kind != PODSIM_STATE_TERMINATED ||
            st->finished_at == PODSIM_NO_TIME) {
            all = false;
            break;
        }
        if (latest == PODSIM_NO_TIME || st->finished_at > latest) {
            latest = st->finished_at;
        }
    }
    if (all) return ctl_api_time(latest);
    for (size_t i = 0; i < p->status.condition_count; i++) {
        const podsim_condition *c = &p->status.conditions[i];
        if (strcmp(c->type, "Ready") == 0 && strcmp(c->status, "False") == 0 &&
            c->last_transition_time != PODSIM_NO_TIME) {
            return ctl_api_time(c->last_transition_time);
        }
    }
    if (p->meta.deletion_timestamp != PODSIM_NO_TIME) {
        int64_t grace = p->meta.deletion_grace_period_seconds.set
                            ? p->meta.deletion_grace_period_seconds.value
                            : 0;
        return ctl_api_time(p->meta.deletion_timestamp) - grace * 1000;
    }
    return ctl_api_time(p->meta.creation_timestamp);
}

static int64_t latest_finish(const jsync *s, const podsim_id *pods, size_t n) {
    int64_t latest = PODSIM_NO_TIME;
    for (size_t i = 0; i < n; i++) {
        int64_t t = finished_time(ctl_pod(s->sim, pods[i]));
        if (latest == PODSIM_NO_TIME || t > latest) latest = t;
    }
    return latest;
}

/* backoffStore.newBackoffRecord */
static void new_backoff_record(jsync *s, const podsim_id *ok, size_t nok,
                               const podsim_id *bad, size_t nbad) {
    s->failures = s->w->failures_after_success;
    s->last_failure = s->w->last_failure_time;
    if (!nok) {
        if (!nbad) return;
        s->failures += (int32_t)nbad;
        s->last_failure = latest_finish(s, bad, nbad);
        return;
    }
    s->failures = 0;
    s->last_failure = PODSIM_NO_TIME;
    int64_t last_success = latest_finish(s, ok, nok);
    for (size_t i = 0; i < nbad; i++) {
        int64_t t = finished_time(ctl_pod(s->sim, bad[i]));
        if (t <= last_success) continue;
        if (s->last_failure == PODSIM_NO_TIME || t > s->last_failure) {
            s->last_failure = t;
        }
        s->failures++;
    }
}

/* backoffRecord.getRemainingTime */
static int64_t backoff_remaining(const jsync *s) {
    if (s->failures == 0 || s->last_failure == PODSIM_NO_TIME) return 0;
    int64_t backoff =
        ctl_job_backoff_ms(s->failures, s->sim->k.job_backoff_initial_ms,
                           s->sim->k.job_backoff_max_ms);
    int64_t elapsed = s->now_model - s->last_failure;
    if (backoff < elapsed) return 0;
    return backoff - elapsed;
}

/* pastBackoffLimitOnFailure: container restarts of pods still Pending or
   Running count against the limit with restartPolicy OnFailure */
static bool past_backoff_limit_on_failure(const jsync *s) {
    const podsim_pod *t = s->job->template_pod;
    if (t->spec.restart_policy != PODSIM_RESTART_ON_FAILURE) return false;
    int64_t restarts = 0;
    for (size_t i = 0; i < s->pod_count; i++) {
        const podsim_pod *p = ctl_pod(s->sim, s->pods[i]);
        if (p->removed || !p->status.has_phase ||
            (p->status.phase != PODSIM_PHASE_RUNNING &&
             p->status.phase != PODSIM_PHASE_PENDING)) {
            continue;
        }
        for (size_t j = 0; j < p->status.init_container_status_count; j++) {
            restarts += p->status.init_container_statuses[j].restart_count;
        }
        for (size_t j = 0; j < p->status.container_status_count; j++) {
            restarts += p->status.container_statuses[j].restart_count;
        }
    }
    if (s->backoff_limit == 0) return restarts > 0;
    return restarts >= s->backoff_limit;
}

static void add_condition(jsync *s, const char *type, const char *reason,
                          const char *message) {
    ctl_condition *c = vec_push(&s->w->conditions);
    if (!c) {
        sim_fail_oom(s->sim);
        return;
    }
    c->type = type;
    c->reason = reason;
    c->message = message;
    c->time = s->sim->now;
}

static void finish_with(jsync *s, bool success, const char *reason,
                        const char *message) {
    s->finishing = true;
    s->success = success;
    s->reason = reason;
    s->message = message;
}

/* ---- pods ------------------------------------------------------------------
 */

/* deleteJobPods / deleteActivePods: every deleted pod counts as
   terminating for the rest of the sync */
static void delete_pod(jsync *s, podsim_id pod) {
    const podsim_pod *p = ctl_pod(s->sim, pod);
    bool was_ready = ctl_pod_ready(p);
    ctl_delete_pod(s->sim, PODSIM_KIND_JOB, s->id, pod, SOURCE);
    s->deleted[s->deleted_count++] = pod;
    s->terminating++;
    if (was_ready) s->ready--;
}

static bool deleted_now(const jsync *s, podsim_id pod) {
    for (size_t i = 0; i < s->deleted_count; i++) {
        if (s->deleted[i] == pod) return true;
    }
    return false;
}

/* A copy of the template with the completion index (annotation, label,
   hostname). */
static bool indexed_template(jsync *s, int64_t index, podsim_pod *out) {
    const podsim_pod *t = s->job->template_pod;
    *out = *t;
    const podsim_kvs *old = &t->meta.annotations;
    podsim_kv *items =
        arena_alloc(&s->sim->c->mem, (old->count + 1) * sizeof(*items));
    if (!items) {
        sim_fail_oom(s->sim);
        return false;
    }
    size_t n = 0;
    for (size_t i = 0; i < old->count; i++) {
        if (strcmp(old->items[i].key, INDEX_KEY) != 0)
            items[n++] = old->items[i];
    }
    items[n].key = INDEX_KEY;
    items[n++].value = sim_internf(s->sim, "%lld", (long long)index);
    out->meta.annotations.items = items;
    out->meta.annotations.count = n;
    out->spec.hostname =
        sim_internf(s->sim, "%s-%lld", s->job->meta.name, (long long)index);
    return true;
}

static bool create_pod(jsync *s, int64_t index) {
    const podsim_workload *job = s->job;
    /* the selector labels the API server puts on a Job's template */
    podsim_kv labels[5];
    size_t n = 0;
    if (job->meta.uid[0]) {
        labels[n].key = "batch.kubernetes.io/controller-uid";
        labels[n++].value = job->meta.uid;
    }
    labels[n].key = "batch.kubernetes.io/job-name";
    labels[n++].value = job->meta.name;
    if (job->meta.uid[0]) {
        labels[n].key = "controller-uid";
        labels[n++].value = job->meta.uid;
    }
    labels[n].key = "job-name";
    labels[n++].value = job->meta.name;
    podsim_pod tmpl = *job->template_pod;
    const char *prefix = NULL;
    if (index >= 0) {
        if (!indexed_template(s, index, &tmpl)) return false;
        labels[n].key = INDEX_KEY; /* PodIndexLabel */
        labels[n++].value = sim_internf(s->sim, "%lld", (long long)index);
        prefix =
            sim_internf(s->sim, "%s-%lld-", job->meta.name, (long long)index);
    }
    return ctl_create_pod(s->sim, PODSIM_KIND_JOB, s->id, &tmpl, NULL, prefix,
                          labels, n, SOURCE) != PODSIM_NO_ID;
}

typedef struct pod_order {
    podsim_sim *sim;
    const podsim_id *pods;
} pod_order;

static bool active_before(const void *ctx, size_t x, size_t y) {
    const pod_order *o = ctx;
    return ctl_active_pod_before(ctl_pod(o->sim, o->pods[x]),
                                 ctl_pod(o->sim, o->pods[y]));
}

static bool index_before(const void *ctx, size_t x, size_t y) {
    const pod_order *o = ctx;
    return completion_index(ctl_pod(o->sim, o->pods[x])) <
           completion_index(ctl_pod(o->sim, o->pods[y]));
}

/* Sort pod ids by a comparator on their positions. */
static void sort_pods(jsync *s, podsim_id *pods, size_t n,
                      bool (*before)(const void *, size_t, size_t)) {
    if (n < 2) return;
    size_t *order = malloc(n * sizeof(*order));
    podsim_id *copy = malloc(n * sizeof(*copy));
    if (!order || !copy) {
        free(order);
        free(copy);
        sim_fail_oom(s->sim);
        return;
    }
    for (size_t i = 0; i < n; i++) order[i] = i;
    memcpy(copy, pods, n * sizeof(*pods));
    pod_order o = {s->sim, copy};
    if (!ctl_sort(order, n, before, &o)) sim_fail_oom(s->sim);
    for (size_t i = 0; i < n; i++) pods[i] = copy[order[i]];
    free(order);
    free(copy);
}

/* activePodsForRemoval: for Indexed Jobs every pod of an unknown, out of
   range or repeated index first; then the ActivePods order. Returns how
   many of rm[] to delete. */
static size_t pods_for_removal(jsync *s, int64_t at_least, podsim_id *rm) {
    size_t n = s->active_count, nrm = 0, nleft = 0;
    podsim_id *left = malloc((n ? n : 1) * sizeof(*left));
    if (!left) {
        sim_fail_oom(s->sim);
        return 0;
    }
    if (!s->indexed) {
        memcpy(left, s->active, n * sizeof(*left));
        nleft = n;
    } else {
        podsim_id *byix = malloc((n ? n : 1) * sizeof(*byix));
        if (!byix) {
            free(left);
            sim_fail_oom(s->sim);
            return 0;
        }
        memcpy(byix, s->active, n * sizeof(*byix));
        sort_pods(s, byix, n, index_before);
        for (size_t i = 0; i < n;) {
            int64_t ix = completion_index(ctl_pod(s->sim, byix[i]));
            size_t j = i;
            while (j < n && completion_index(ctl_pod(s->sim, byix[j])) == ix)
                j++;
            if (ix < 0 || ix >= s->completions) {
                while (i < j) rm[nrm++] = byix[i++];
                continue;
            }
            /* of a repeated index the pod ActivePods sorts last stays */
            sort_pods(s, byix + i, j - i, active_before);
            while (i + 1 < j) rm[nrm++] = byix[i++];
            left[nleft++] = byix[i++];
        }
        free(byix);
    }
    if ((int64_t)nrm < at_least) {
        sort_pods(s, left, nleft, active_before);
        for (size_t i = 0; (int64_t)nrm < at_least && i < nleft; i++) {
            rm[nrm++] = left[i];
        }
    }
    free(left);
    return nrm;
}

/* firstPendingIndexes */
static size_t pending_indexes(jsync *s, size_t count, int64_t *out) {
    size_t total = (size_t)s->completions, n = 0;
    uint8_t *busy = calloc(total ? total : 1, 1);
    if (!busy) {
        sim_fail_oom(s->sim);
        return 0;
    }
    const uint8_t *done = s->w->succeeded_index.data;
    for (size_t i = 0; i < s->w->succeeded_index.len && i < total; i++) {
        busy[i] = done[i];
    }
    for (size_t i = 0; i < s->pod_count; i++) {
        const podsim_pod *p = ctl_pod(s->sim, s->pods[i]);
        bool holds =
            ctl_pod_active(p) || (s->only_failed && ctl_pod_terminating(p));
        if (holds && valid_index(s, p)) busy[completion_index(p)] = 1;
    }
    for (size_t i = 0; i < total && n < count; i++) {
        if (!busy[i]) out[n++] = (int64_t)i;
    }
    free(busy);
    return n;
}

/* manageJob: returns the new active count. */
static int32_t manage(jsync *s, int32_t succeeded) {
    int32_t active = (int32_t)s->active_count;
    int32_t want;
    if (s->completions < 0) {
        want = succeeded > 0 ? active : s->parallelism;
    } else {
        want = s->completions - succeeded;
        if (want > s->parallelism) want = s->parallelism;
        if (want < 0) want = 0;
    }
    int64_t at_least = active > want ? active - want : 0;
    podsim_id *rm = malloc((s->active_count + 1) * sizeof(*rm));
    if (!rm) {
        sim_fail_oom(s->sim);
        return active;
    }
    size_t nrm = pods_for_removal(s, at_least, rm);
    if (nrm > CTL_BURST_REPLICAS) nrm = CTL_BURST_REPLICAS;
    for (size_t i = 0; i < nrm; i++) delete_pod(s, rm[i]);
    free(rm);
    if (nrm) return active - (int32_t)nrm;

    int32_t terminating = s->only_failed ? s->terminating : 0;
    int32_t diff = want - terminating - active;
    if (diff <= 0) return active;
    int64_t remaining = backoff_remaining(s);
    if (remaining > 0) {
        /* enqueueSyncJobWithDelay, never below the batch period; manageJob
           then reports 0 active pods, as upstream does */
        ctl_enqueue_after(
            s->sim, PODSIM_KIND_JOB, s->id,
            remaining < CTL_JOB_BATCH_MS ? CTL_JOB_BATCH_MS : remaining);
        return 0;
    }
    if (diff > CTL_BURST_REPLICAS) diff = CTL_BURST_REPLICAS;
    int64_t *indexes = NULL;
    if (s->indexed) {
        indexes = malloc((size_t)diff * sizeof(*indexes));
        if (!indexes) {
            sim_fail_oom(s->sim);
            return active;
        }
        diff = (int32_t)pending_indexes(s, (size_t)diff, indexes);
    }
    for (int32_t i = 0; i < diff && !s->sim->failed; i++) {
        if (!create_pod(s, indexes ? indexes[i] : -1)) break;
        active++;
    }
    free(indexes);
    return active;
}

/* ---- counting (trackJobStatusAndRemoveFinalizers)
 * ---------------------------------- */

static void count_finished(jsync *s) {
    for (size_t i = 0; i < s->pod_count; i++) {
        podsim_id id = s->pods[i];
        if (counted(s->sim, id)) continue;
        const podsim_pod *p = ctl_pod(s->sim, id);
        /* a pod deleted by this sync is judged as it was listed */
        bool failed =
            deleted_now(s, id)
                ? p->status.has_phase && p->status.phase == PODSIM_PHASE_FAILED
                : pod_failed(s, p);
        uint8_t *f = ctl_pod_flags(s->sim, id);
        if (!f) return;
        /* canRemoveFinalizer (a Job is never deleted here) */
        if (!s->finishing && !succeeded_phase(p) && !failed) {
            /* the finalizer would keep the object; one that is gone
               without a terminal phase is dropped uncounted */
            if (p->removed) *f |= CTL_POD_COUNTED;
            continue;
        }
        *f |= CTL_POD_COUNTED;
        if (succeeded_phase(p)) {
            if (!s->indexed) {
                s->succeeded++;
            } else if (valid_index(s, p)) {
                uint8_t *done = s->w->succeeded_index.data;
                done[completion_index(p)] = 1;
            }
        } else if (failed || (s->finishing && !s->success)) {
            if (!s->indexed || valid_index(s, p)) s->failed++;
        }
    }
    if (s->indexed) {
        int32_t total = 0;
        const uint8_t *done = s->w->succeeded_index.data;
        for (size_t i = 0; i < s->w->succeeded_index.len; i++) total += done[i];
        s->succeeded = total;
    }
}

/* ---- the sync
 * ---------------------------------------------------------------------- */

static bool setup(jsync *s) {
    podsim_workload *job = s->job;
    const podsim_sim *sim = s->sim;
    s->indexed =
        strcmp(job->completion_mode, "Indexed") == 0 && job->completions.set;
    s->completions =
        job->completions.set ? (int32_t)job->completions.value : -1;
    s->parallelism = job->parallelism.set ? (int32_t)job->parallelism.value : 1;
    s->backoff_limit =
        job->backoff_limit.set ? (int32_t)job->backoff_limit.value : 6;
    s->only_failed = job->has_pod_failure_policy ||
                     (sim->k.job_pod_replacement_policy &&
                      strcmp(job->pod_replacement_policy, "Failed") == 0);
    s->delay_terminal = sim->k.minor >= 31 && sim->k.job_pod_replacement_policy;
    s->now_model = sim_wall(s->sim, s->sim->now);
    if (s->indexed && s->w->succeeded_index.len < (size_t)s->completions) {
        while (s->w->succeeded_index.len < (size_t)s->completions) {
            if (!vec_push(&s->w->succeeded_index)) return false;
        }
    }
    ctl_compact_pods(s->sim, s->w, keep_uncounted);
    size_t n = s->w->pods.len;
    s->pods = malloc((n ? n : 1) * sizeof(*s->pods));
    s->active = malloc((n ? n : 1) * sizeof(*s->active));
    s->deleted = malloc((n ? n : 1) * sizeof(*s->deleted));
    if (!s->pods || !s->active || !s->deleted) return false;
    if (n) memcpy(s->pods, s->w->pods.data, n * sizeof(*s->pods));
    s->pod_count = n;
    for (size_t i = 0; i < n; i++) {
        const podsim_pod *p = ctl_pod(s->sim, s->pods[i]);
        if (ctl_pod_active(p)) {
            s->active[s->active_count++] = s->pods[i];
            if (ctl_pod_ready(p)) s->ready++;
        } else if (ctl_pod_terminating(p)) {
            s->terminating++;
        }
    }
    return true;
}

/* A Job loaded from a dump that had already finished (no condition in the
   model: its counters and pods tell) is left alone. */
static void adopt_loaded(jsync *s) {
    ctl_workload *w = s->w;
    if (w->status_logged) return;
    w->status_logged = true;
    w->active = s->job->status_replicas;
    w->ready = s->job->status_ready_replicas;
    w->succeeded = s->job->status_available_replicas;
    if (s->indexed) w->succeeded = 0; /* completedIndexes are not loaded */
    bool done =
        s->completions < 0 ? w->succeeded > 0 : w->succeeded >= s->completions;
    if (done && w->succeeded > 0 && s->active_count == 0 &&
        s->terminating == 0) {
        w->phase = CTL_JOB_COMPLETE;
    }
}

static void decide_finish(jsync *s, int32_t failed) {
    ctl_workload *w = s->w;
    if (w->phase == CTL_JOB_SUCCESS_CRITERIA_MET) {
        finish_with(s, true, w->finish_reason, w->finish_message);
        return;
    }
    if (w->phase == CTL_JOB_FAILURE_TARGET) {
        finish_with(s, false, w->finish_reason, w->finish_message);
        return;
    }
    if (failed > s->backoff_limit || past_backoff_limit_on_failure(s)) {
        finish_with(s, false, "BackoffLimitExceeded",
                    "Job has reached the specified backoff limit");
        return;
    }
    const podsim_opt_i64 *ads = &s->job->active_deadline_seconds;
    if (!ads->set || w->start_time == PODSIM_NO_TIME) return;
    int64_t deadline = w->start_time + ads->value * 1000;
    if (s->now_model >= deadline) {
        finish_with(s, false, "DeadlineExceeded",
                    "Job was active longer than specified deadline");
    } else {
        ctl_enqueue_after(s->sim, PODSIM_KIND_JOB, s->id,
                          deadline - s->now_model);
    }
}

/* enactJobFinished and recordJobFinished */
static void enact(jsync *s) {
    ctl_workload *w = s->w;
    if (s->delay_terminal) {
        if (!s->success && w->phase != CTL_JOB_FAILURE_TARGET) {
            add_condition(s, "FailureTarget", s->reason, s->message);
            w->phase = CTL_JOB_FAILURE_TARGET;
        }
        if (s->success && w->phase != CTL_JOB_SUCCESS_CRITERIA_MET) {
            add_condition(s, "SuccessCriteriaMet", s->reason, s->message);
            w->phase = CTL_JOB_SUCCESS_CRITERIA_MET;
        }
        w->finish_reason = s->reason;
        w->finish_message = s->message;
        if (s->terminating > 0) return; /* pods still terminating */
    }
    if (s->success) {
        add_condition(s, "Complete", s->reason, s->message);
        w->phase = CTL_JOB_COMPLETE;
        if (s->completions >= 0 && s->succeeded > s->completions) {
            sim_event(s->sim, "Warning", "TooManySucceededPods",
                      PODSIM_KIND_JOB, s->id, NULL, SOURCE,
                      "Too many succeeded pods running after completion "
                      "count reached");
        }
        sim_event(s->sim, "Normal", "Completed", PODSIM_KIND_JOB, s->id, NULL,
                  SOURCE, "Job completed");
    } else {
        add_condition(s, "Failed", s->reason, s->message);
        w->phase = CTL_JOB_FAILED;
        sim_event(s->sim, "Warning", s->reason, PODSIM_KIND_JOB, s->id, NULL,
                  SOURCE, "%s", s->message);
    }
}

static void write_status(jsync *s, int32_t active) {
    podsim_workload *v = s->job;
    ctl_workload *w = s->w;
    podsim_kind k = PODSIM_KIND_JOB;
    w->active = active;
    w->ready = s->ready;
    w->terminating = s->terminating;
    w->succeeded = s->succeeded;
    /* the view keeps Job status as the loader maps it: active, ready and
       succeeded; failed lives here */
    ctl_status_field(s->sim, k, s->id, "active", &v->status_replicas, active,
                     false);
    ctl_status_field(s->sim, k, s->id, "ready", &v->status_ready_replicas,
                     s->ready, false);
    ctl_status_field(s->sim, k, s->id, "succeeded",
                     &v->status_available_replicas, s->succeeded, false);
    ctl_status_field(s->sim, k, s->id, "failed", &w->failed, s->failed, false);
}

/* getNewFinishedPods: the pods finished since the last sync give the
   counters this sync works with (job.Status + new) and the new back-off
   record. False when out of memory. */
static bool collect_finished(jsync *s, int32_t *succeeded, int32_t *failed) {
    podsim_id *ok = malloc((s->pod_count + 1) * sizeof(*ok));
    podsim_id *bad = malloc((s->pod_count + 1) * sizeof(*bad));
    if (!ok || !bad) {
        free(ok);
        free(bad);
        sim_fail_oom(s->sim);
        return false;
    }
    size_t nok = 0, nbad = 0;
    int32_t new_indexes = 0;
    for (size_t i = 0; i < s->pod_count; i++) {
        const podsim_pod *p = ctl_pod(s->sim, s->pods[i]);
        if (counted(s->sim, s->pods[i])) continue;
        if (s->indexed && !valid_index(s, p)) continue;
        if (succeeded_phase(p)) {
            ok[nok++] = s->pods[i];
            /* calculateSucceededIndexes: new ones count before manageJob
               picks the pending indexes */
            uint8_t *done = s->w->succeeded_index.data;
            if (s->indexed && !done[completion_index(p)]) {
                done[completion_index(p)] = 1;
                new_indexes++;
            }
        } else if (pod_failed(s, p)) {
            bad[nbad++] = s->pods[i];
        }
    }
    *succeeded = s->w->succeeded + (s->indexed ? new_indexes : (int32_t)nok);
    *failed = s->w->failed + (int32_t)nbad;
    new_backoff_record(s, ok, nok, bad, nbad);
    free(ok);
    free(bad);
    return true;
}

void ctl_job_sync(podsim_sim *sim, podsim_id id) {
    jsync s;
    memset(&s, 0, sizeof s);
    s.sim = sim;
    s.id = id;
    s.job = ctl_view(sim, PODSIM_KIND_JOB, id);
    s.w = ctl_workload_get(sim, PODSIM_KIND_JOB, id);
    if (!s.job || !s.w || !s.job->template_pod) return;
    if (s.w->phase == CTL_JOB_COMPLETE || s.w->phase == CTL_JOB_FAILED) return;
    if (!setup(&s)) {
        sim_fail_oom(sim);
        goto out;
    }
    adopt_loaded(&s);
    if (s.w->phase == CTL_JOB_COMPLETE) goto out;

    s.succeeded = s.w->succeeded;
    s.failed = s.w->failed;
    if (s.w->start_time == PODSIM_NO_TIME) {
        s.w->start_time = ctl_api_time(s.now_model);
    }
    int32_t succeeded, failed;
    if (!collect_finished(&s, &succeeded, &failed)) goto out;
    decide_finish(&s, failed);
    int32_t active = (int32_t)s.active_count;
    if (s.finishing) {
        for (size_t i = 0; i < s.active_count; i++) delete_pod(&s, s.active[i]);
        active = 0;
    } else {
        active = manage(&s, succeeded);
        bool complete = s.completions < 0
                            ? succeeded > 0 && active == 0
                            : succeeded >= s.completions && active == 0;
        if (complete) finish_with(&s, true, "", "");
    }
    count_finished(&s);
    s.w->failures_after_success = s.failures;
    s.w->last_failure_time = s.last_failure;
    write_status(&s, active);
    if (s.finishing) enact(&s);
out:
    free(s.pods);
    free(s.active);
    free(s.deleted);
}
