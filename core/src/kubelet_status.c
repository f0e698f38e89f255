/*
 * kubelet_status.c - what the kubelet derives from container statuses, as
 * pure functions: the pod phase and the kubelet-owned pod conditions.
 *
 * getPhase follows kubernetes pkg/kubelet/kubelet_pods.go (getPhase;
 * ../shared/reference/lifecycle.md A.2): regular init containers, sidecars
 * (init containers with restartPolicy Always) and regular containers are
 * counted separately, then one decision in a fixed order. The conditions
 * follow pkg/kubelet/status/generate.go (GeneratePodInitializedCondition,
 * GenerateContainersReadyCondition, GeneratePodReadyCondition), whose
 * messages print container names as Go prints a []string: "[a b]".
 * Durations in kubelet messages are Go's time.Duration String; image
 * references are normalised as github.com/distribution/reference does for
 * Docker Hub names (ParseNormalizedNamed, then a default :latest tag).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kubelet.h"

/* ---- container statuses -------------------------------------------------- */

const podsim_container_status *kubelet_find_status(
    const podsim_container_status *statuses, size_t count, const char *name) {
    for (size_t i = 0; i < count; i++) {
        if (strcmp(statuses[i].name, name) == 0) {
            return statuses[i].state.kind == PODSIM_STATE_NONE ? NULL
                                                               : &statuses[i];
        }
    }
    return NULL;
}

bool kubelet_any_regular_started(const podsim_pod_spec *spec,
                                 const podsim_container_status *statuses,
                                 size_t count) {
    for (size_t i = 0; i < spec->container_count; i++) {
        const podsim_container_status *cs =
            kubelet_find_status(statuses, count, spec->containers[i].name);
        if (cs && (cs->state.kind == PODSIM_STATE_RUNNING ||
                   cs->state.kind == PODSIM_STATE_TERMINATED)) {
            return true;
        }
    }
    return false;
}

static bool last_terminated(const podsim_container_status *cs) {
    return cs->last_state.kind == PODSIM_STATE_TERMINATED;
}

/* ---- getPhase ------------------------------------------------------------ */

typedef struct phase_counts {
    int pending_init;
    int failed_init;
    int unknown;
    int running;
    int waiting;
    int stopped;
    int succeeded;
} phase_counts;

/* Step 1: regular init containers. */
static void count_init(const podsim_container_status *cs, phase_counts *n) {
    if (!cs) {
        n->pending_init++;
        return;
    }
    switch (cs->state.kind) {
    case PODSIM_STATE_RUNNING: n->pending_init++; break;
    case PODSIM_STATE_TERMINATED:
        if (cs->state.exit_code != 0) n->failed_init++;
        break;
    case PODSIM_STATE_WAITING:
        if (!last_terminated(cs)) {
            n->pending_init++;
        } else if (cs->last_state.exit_code != 0) {
            n->failed_init++;
        }
        break;
    default: n->pending_init++; break;
    }
}

/* Step 2: sidecars; a terminated or restarting one does not count. */
static void count_sidecar(const podsim_container_status *cs, phase_counts *n) {
    if (!cs) {
        n->unknown++;
        return;
    }
    switch (cs->state.kind) {
    case PODSIM_STATE_RUNNING:
        if (!(cs->started.set && cs->started.value)) n->pending_init++;
        n->running++;
        break;
    case PODSIM_STATE_TERMINATED: break;
    case PODSIM_STATE_WAITING:
        if (!last_terminated(cs)) {
            n->pending_init++;
            n->waiting++;
        }
        break;
    default:
        n->pending_init++;
        n->unknown++;
        break;
    }
}

/* Step 3: regular containers; a restarting one counts as stopped. */
static void count_regular(const podsim_container_status *cs, phase_counts *n) {
    if (!cs) {
        n->unknown++;
        return;
    }
    switch (cs->state.kind) {
    case PODSIM_STATE_RUNNING: n->running++; break;
    case PODSIM_STATE_TERMINATED:
        n->stopped++;
        if (cs->state.exit_code == 0) n->succeeded++;
        break;
    case PODSIM_STATE_WAITING:
        if (last_terminated(cs)) {
            n->stopped++;
        } else {
            n->waiting++;
        }
        break;
    default: n->unknown++; break;
    }
}

podsim_phase kubelet_get_phase(const podsim_pod_spec *spec,
                               const podsim_container_status *statuses,
                               size_t count, bool pod_is_terminal,
                               bool pod_has_initialized) {
    phase_counts n;
    memset(&n, 0, sizeof n);
    for (size_t i = 0; i < spec->init_container_count; i++) {
        const podsim_container *c = &spec->init_containers[i];
        const podsim_container_status *cs =
            kubelet_find_status(statuses, count, c->name);
        if (c->kind == PODSIM_CONTAINER_SIDECAR) {
            count_sidecar(cs, &n);
        } else {
            count_init(cs, &n);
        }
    }
    for (size_t i = 0; i < spec->container_count; i++) {
        count_regular(
            kubelet_find_status(statuses, count, spec->containers[i].name), &n);
    }
    if (n.failed_init > 0 && spec->restart_policy == PODSIM_RESTART_NEVER) {
        return PODSIM_PHASE_FAILED;
    }
    bool initialized = pod_has_initialized ||
                       kubelet_any_regular_started(spec, statuses, count);
    if ((n.pending_init > 0 && !initialized) || n.waiting > 0) {
        return PODSIM_PHASE_PENDING;
    }
    if (n.running > 0 && n.unknown == 0) return PODSIM_PHASE_RUNNING;
    if (n.running == 0 && n.stopped > 0 && n.unknown == 0) {
        if (pod_is_terminal) {
            return n.stopped == n.succeeded ? PODSIM_PHASE_SUCCEEDED
                                            : PODSIM_PHASE_FAILED;
        }
        if (spec->restart_policy == PODSIM_RESTART_ALWAYS) {
            return PODSIM_PHASE_RUNNING; /* every container is restarting */
        }
        if (n.stopped == n.succeeded) return PODSIM_PHASE_SUCCEEDED;
        if (spec->restart_policy == PODSIM_RESTART_NEVER) {
            return PODSIM_PHASE_FAILED;
        }
        return PODSIM_PHASE_RUNNING; /* OnFailure: restarting */
    }
    return PODSIM_PHASE_PENDING;
}

/* ---- conditions ---------------------------------------------------------- */

void kubelet_condition_init(kubelet_condition *c) {
    c->status = "False";
    c->reason = "";
    strbuf_init(&c->message);
}

void kubelet_condition_release(kubelet_condition *c) {
    strbuf_release(&c->message);
}

static void set_condition(kubelet_condition *c, const char *status,
                          const char *reason) {
    c->status = status;
    c->reason = reason;
    strbuf_clear(&c->message);
}

/* Go's fmt "%s" of a []string: "[a b c]". */
static void append_names(strbuf *out, const char *const *names, size_t n) {
    strbuf_putc(out, '[');
    for (size_t i = 0; i < n; i++) {
        if (i) strbuf_putc(out, ' ');
        strbuf_puts(out, names[i]);
    }
    strbuf_putc(out, ']');
}

/* Two lists of container names and the message that joins them:
   "<first label>: [..], <second label>: [..]". */
typedef struct name_lists {
    const char **unknown;
    size_t unknown_count;
    const char **other;
    size_t other_count;
} name_lists;

static void join_message(strbuf *out, const name_lists *l,
                         const char *other_label) {
    if (l->unknown_count) {
        strbuf_puts(out, "containers with unknown status: ");
        append_names(out, l->unknown, l->unknown_count);
    }
    if (l->other_count) {
        if (l->unknown_count) strbuf_puts(out, ", ");
        strbuf_puts(out, other_label);
        append_names(out, l->other, l->other_count);
    }
}

/* Name lists live on the caller's stack up to this many containers, then
   in the heap; when the heap fails the lists are cut short. */
#define NAMES_ON_STACK 32

typedef struct name_store {
    const char *stack[2 * NAMES_ON_STACK];
    const char **heap;
    size_t cap; /* per list */
} name_store;

static void store_init(name_store *s, name_lists *l, size_t containers) {
    s->heap = NULL;
    s->cap = NAMES_ON_STACK;
    const char **base = s->stack;
    if (containers > NAMES_ON_STACK) {
        s->heap = malloc(2 * containers * sizeof(*s->heap));
        if (s->heap) {
            s->cap = containers;
            base = s->heap;
        }
    }
    l->unknown = base;
    l->other = base + s->cap;
    l->unknown_count = l->other_count = 0;
}

static void store_release(name_store *s) {
    free(s->heap);
}

static void add_name(const char **list, size_t *count, size_t cap,
                     const char *name) {
    if (*count < cap) list[(*count)++] = name;
}

static bool init_container_done(const podsim_container *c,
                                const podsim_container_status *cs) {
    if (c->kind == PODSIM_CONTAINER_SIDECAR) {
        return cs->started.set && cs->started.value;
    }
    return cs->ready;
}

void kubelet_initialized_condition(const podsim_pod_spec *spec,
                                   const podsim_container_status *statuses,
                                   size_t count, podsim_phase phase,
                                   kubelet_condition *out) {
    name_store store;
    name_lists l;
    store_init(&store, &l, spec->init_container_count);
    for (size_t i = 0; i < spec->init_container_count; i++) {
        const podsim_container *c = &spec->init_containers[i];
        const podsim_container_status *cs =
            kubelet_find_status(statuses, count, c->name);
        if (!cs) {
            add_name(l.unknown, &l.unknown_count, store.cap, c->name);
        } else if (!init_container_done(c, cs)) {
            add_name(l.other, &l.other_count, store.cap, c->name);
        }
    }
    if (phase == PODSIM_PHASE_SUCCEEDED && l.unknown_count == 0) {
        set_condition(out, "True", "PodCompleted");
    } else if (kubelet_any_regular_started(spec, statuses, count) ||
               (l.unknown_count == 0 && l.other_count == 0)) {
        set_condition(out, "True", "");
    } else {
        set_condition(out, "False", "ContainersNotInitialized");
        join_message(&out->message, &l, "containers with incomplete status: ");
    }
    store_release(&store);
}

void kubelet_containers_ready_condition(const podsim_pod_spec *spec,
                                        const podsim_container_status *statuses,
                                        size_t count, podsim_phase phase,
                                        kubelet_condition *out) {
    name_store store;
    name_lists l;
    store_init(&store, &l, spec->init_container_count + spec->container_count);
    for (size_t i = 0; i < spec->init_container_count; i++) {
        const podsim_container *c = &spec->init_containers[i];
        if (c->kind != PODSIM_CONTAINER_SIDECAR) continue;
        const podsim_container_status *cs =
            kubelet_find_status(statuses, count, c->name);
        if (!cs) {
            add_name(l.unknown, &l.unknown_count, store.cap, c->name);
        } else if (!cs->ready) {
            add_name(l.other, &l.other_count, store.cap, c->name);
        }
    }
    for (size_t i = 0; i < spec->container_count; i++) {
        const podsim_container *c = &spec->containers[i];
        const podsim_container_status *cs =
            kubelet_find_status(statuses, count, c->name);
        if (!cs) {
            add_name(l.unknown, &l.unknown_count, store.cap, c->name);
        } else if (!cs->ready) {
            add_name(l.other, &l.other_count, store.cap, c->name);
        }
    }
    if (phase == PODSIM_PHASE_SUCCEEDED && l.unknown_count == 0) {
        set_condition(out, "False", "PodCompleted");
    } else if (phase == PODSIM_PHASE_FAILED) {
        set_condition(out, "False", "PodFailed");
    } else if (l.unknown_count || l.other_count) {
        set_condition(out, "False", "ContainersNotReady");
        join_message(&out->message, &l, "containers with unready status: ");
    } else {
        set_condition(out, "True", "");
    }
    store_release(&store);
}

void kubelet_ready_condition(const podsim_pod_spec *spec,
                             const podsim_condition *conditions,
                             size_t condition_count,
                             const podsim_container_status *statuses,
                             size_t count, podsim_phase phase,
                             kubelet_condition *out) {
    kubelet_containers_ready_condition(spec, statuses, count, phase, out);
    if (strcmp(out->status, "True") != 0) return;
    /* every readiness gate's condition must exist and be True */
    for (size_t i = 0; i < spec->readiness_gates.count; i++) {
        const char *gate = spec->readiness_gates.items[i];
        const podsim_condition *c =
            conditions_find(conditions, condition_count, gate);
        if (c && strcmp(c->status, "True") == 0) continue;
        if (out->message.len) strbuf_puts(&out->message, ", ");
        if (!c) {
            strbuf_printf(&out->message,
                          "corresponding condition of pod readiness gate "
                          "\"%s\" does not exist.",
                          gate);
        } else {
            strbuf_printf(&out->message,
                          "the status of pod readiness gate \"%s\" is not "
                          "\"True\", but %s",
                          gate, c->status);
        }
        out->status = "False";
        out->reason = "ReadinessGatesNotReady";
    }
}

/* ---- texts --------------------------------------------------------------- */

void kubelet_go_duration(int64_t ms, char *buf, size_t cap) {
    if (!cap) return;
    if (ms <= 0) {
        snprintf(buf, cap, "0s");
        return;
    }
    if (ms < 1000) {
        snprintf(buf, cap, "%lldms", (long long)ms);
        return;
    }
    long long h = ms / 3600000, m = ms / 60000 % 60, s = ms / 1000 % 60;
    int frac = (int)(ms % 1000);
    char hm[48] = "";
    if (h) {
        snprintf(hm, sizeof hm, "%lldh%lldm", h, m);
    } else if (m) {
        snprintf(hm, sizeof hm, "%lldm", m);
    }
    if (!frac) {
        snprintf(buf, cap, "%s%llds", hm, s);
        return;
    }
    /* the fraction without trailing zeros: 500 -> "5", 250 -> "25" */
    char digits[4];
    snprintf(digits, sizeof digits, "%03d", frac);
    for (int i = 2; i > 0 && digits[i] == '0'; i--) digits[i] = '\0';
    snprintf(buf, cap, "%s%lld.%ss", hm, s, digits);
}

bool kubelet_image_normalize(const char *image, char *buf, size_t cap) {
    const char *at = strchr(image, '@');
    size_t name_len = at ? (size_t)(at - image) : strlen(image);
    /* the first component is a registry host when it has a '.' or ':' or
       is localhost (distribution/reference splitDockerDomain) */
    const char *domain = "docker.io", *rest = image;
    size_t domain_len = 9, rest_len = name_len;
    const char *slash = memchr(image, '/', name_len);
    if (slash) {
        size_t first = (size_t)(slash - image);
        if (memchr(image, '.', first) || memchr(image, ':', first) ||
            (first == 9 && strncmp(image, "localhost", 9) == 0)) {
            domain = image;
            domain_len = first;
            rest = slash + 1;
            rest_len = name_len - first - 1;
        }
    }
    if (domain_len == 15 && strncmp(domain, "index.docker.io", 15) == 0) {
        domain = "docker.io";
        domain_len = 9;
    }
    bool hub = domain_len == 9 && strncmp(domain, "docker.io", 9) == 0;
    bool library = hub && !memchr(rest, '/', rest_len);
    const char *last = rest;
    for (size_t i = 0; i < rest_len; i++) {
        if (rest[i] == '/') last = rest + i + 1;
    }
    bool tagged = memchr(last, ':', rest_len - (size_t)(last - rest)) != NULL;
    int n = snprintf(buf, cap, "%.*s/%s%.*s%s%s", (int)domain_len, domain,
                     library ? "library/" : "", (int)rest_len, rest,
                     tagged || at ? "" : ":latest", at ? at : "");
    return n >= 0 && (size_t)n < cap;
}

bool kubelet_image_same(const char *a, const char *b) {
    if (strcmp(a, b) == 0) return true;
    char na[1024], nb[1024];
    return kubelet_image_normalize(a, na, sizeof na) &&
           kubelet_image_normalize(b, nb, sizeof nb) && strcmp(na, nb) == 0;
}
