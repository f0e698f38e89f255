/*
 * diag_facts.c - the facts a diagnosis reads: one normalized view of a pod
 * from a loaded kubectl dump or from a simulation.
 *
 * Kubernetes behaviour reproduced, with the upstream source it follows:
 *   - effective event times and counts of both event shapes (core/v1 with
 *     count/firstTimestamp/lastTimestamp, events.k8s.io with eventTime and
 *     series): kubectl pkg/describe/describe.go DescribeEvents and
 *     troubleshooting.md 0.3;
 *   - which events `kubectl describe pod` shows (namespace, name and uid of
 *     the involved object; a mirror pod's uid from its
 *     kubernetes.io/config.mirror annotation) and their order (kubectl
 *     pkg/util/event/sorted_event_list.go: by lastTimestamp, events without
 *     one first);
 *   - the FailedScheduling message grammar (kubernetes
 *     pkg/scheduler/framework/types.go FitError.Error, the DefaultPreemption
 *     "preemption: " tail; scheduler.md 3);
 *   - when the taint eviction controller deletes a pod on a node with
 *     NoExecute taints (pkg/controller/tainteviction processPodOnNode,
 *     getMinTolerationTime; the replay of taint_eviction.c for a loaded pod);
 *   - the kubectl get pods STATUS, READY and RESTARTS cells come from
 *     printer.c (kubectl printPod), so they are the ones `get pods` shows;
 *   - a workload subject (diag_subject_build_workload): the events of the
 *     workload (kind, namespace, name, uid), the FailedCreate refusal and
 *     its admission plugin (troubleshooting.md A1), the counts `kubectl get`
 *     shows and the Deployment's Progressing condition (see the section
 *     "a workload subject" below for the upstream sources).
 * Classifications (exit class, image-pull sub-cause, scheduler reason
 * sub-category) follow troubleshooting.md 1 (tables B2, C1, C2, D1, D2).
 *
 * Performance: a source is built in O(events) (an index of events by
 * involved namespace/name), a subject in O(its own facts and events); the
 * pods-per-owner table behind workload.pods is built once per source, on
 * the first workload subject, in O(pods).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "match.h"
#include "model.h"
#include "sim.h"

#define HOUR_MS (3600 * 1000LL)

#if defined(__GNUC__)
#define PRINTF_LIKE(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define PRINTF_LIKE(fmt, args)
#endif
#define MIRROR_ANNOTATION "kubernetes.io/config.mirror"

/* ---- small text helpers ---------------------------------------------------
 */

static char lower(char c) {
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Case-insensitive substring test (ASCII). */
static bool ci_contains(const char *hay, const char *needle) {
    if (!hay || !needle) return false;
    size_t n = strlen(needle);
    if (!n) return true;
    for (const char *h = hay; *h; h++) {
        size_t i = 0;
        while (i < n && h[i] && lower(h[i]) == lower(needle[i])) i++;
        if (i == n) return true;
    }
    return false;
}

static bool starts_with(const char *s, const char *prefix) {
    return s && strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

static bool text_set(const char *s) {
    return s && s[0];
}

/* Seconds between two wall times, rounded down (an instant 1 ms in the
   future is -1 s). */
static int64_t secs(int64_t ms) {
    return ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
}

/* ---- facts ----------------------------------------------------------------
 */

void diag_facts_init(diag_facts *f, arena *mem) {
    f->mem = mem;
    vec_init(&f->items, sizeof(diag_fact));
    f->sorted = true; /* an empty set is sorted */
}

void diag_facts_release(diag_facts *f) {
    vec_release(&f->items);
    f->sorted = true;
}

/* Index of `path` in a sorted set, or -1 (insertion point not needed). */
static ptrdiff_t sorted_find(const diag_facts *f, const char *path) {
    const diag_fact *items = f->items.data;
    size_t lo = 0, hi = f->items.len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(items[mid].path, path);
        if (c == 0) return (ptrdiff_t)mid;
        if (c < 0) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return -1;
}

/* Setting appends while unsorted (the last value set wins at lookup and
   when sorting), so building a set is linear. */
bool diag_facts_set(diag_facts *f, const char *path, const char *value,
                    podsim_provenance provenance) {
    if (!f || !path) return false;
    if (!value) value = "";
    size_t vlen = strlen(value);
    if (f->sorted && f->items.len) {
        ptrdiff_t at = sorted_find(f, path);
        if (at >= 0) {
            const char *v = arena_strndup(f->mem, value, vlen);
            if (!v) return false;
            diag_fact *fact = vec_at(&f->items, (size_t)at);
            fact->value = v;
            fact->provenance = provenance;
            return true;
        }
    }
    /* path and value in one allocation */
    size_t plen = strlen(path);
    char *p = arena_alloc_uninit(f->mem, plen + vlen + 2);
    if (!p) return false;
    memcpy(p, path, plen + 1);
    char *v = p + plen + 1;
    memcpy(v, value, vlen + 1);
    diag_fact *fact = vec_push(&f->items);
    if (!fact) return false;
    fact->path = p;
    fact->value = v;
    fact->provenance = provenance;
    if (f->items.len > 1) {
        const diag_fact *prev = vec_at(&f->items, f->items.len - 2);
        if (!f->sorted || strcmp(prev->path, p) >= 0) f->sorted = false;
    }
    return true;
}

bool diag_facts_setf(diag_facts *f, const char *path,
                     podsim_provenance provenance, const char *fmt, ...) {
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) return false;
    if ((size_t)n < sizeof small) {
        return diag_facts_set(f, path, small, provenance);
    }
    char *big = malloc((size_t)n + 1);
    if (!big) return false;
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    bool ok = diag_facts_set(f, path, big, provenance);
    free(big);
    return ok;
}

const diag_fact *diag_facts_find(const diag_facts *f, const char *path) {
    if (!f || !path || !f->items.len) return NULL;
    if (f->sorted) {
        ptrdiff_t at = sorted_find(f, path);
        return at >= 0 ? vec_at(&f->items, (size_t)at) : NULL;
    }
    for (size_t i = f->items.len; i-- > 0;) {
        const diag_fact *fact = vec_at(&f->items, i);
        if (strcmp(fact->path, path) == 0) return fact;
    }
    return NULL;
}

const char *diag_facts_get(const diag_facts *f, const char *path) {
    const diag_fact *fact = diag_facts_find(f, path);
    return fact ? fact->value : NULL;
}

/* Stable merge sort by path (equal paths keep insertion order). */
static void merge_facts(diag_fact *a, diag_fact *tmp, size_t n) {
    for (size_t width = 1; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n;
            size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi) {
                tmp[k++] = strcmp(a[j].path, a[i].path) < 0 ? a[j++] : a[i++];
            }
            while (i < mid) tmp[k++] = a[i++];
            while (j < hi) tmp[k++] = a[j++];
        }
        memcpy(a, tmp, n * sizeof(*a));
    }
}

void diag_facts_sort(diag_facts *f) {
    if (!f || f->sorted) return;
    diag_fact *a = f->items.data;
    size_t n = f->items.len;
    diag_fact small[256];
    diag_fact *tmp = n <= 256 ? small : malloc(n * sizeof(*tmp));
    if (tmp) {
        merge_facts(a, tmp, n);
        if (tmp != small) free(tmp);
    } else {
        /* insertion sort (stable) when no scratch memory is left */
        for (size_t i = 1; i < n; i++) {
            diag_fact x = a[i];
            size_t j = i;
            while (j > 0 && strcmp(a[j - 1].path, x.path) > 0) {
                a[j] = a[j - 1];
                j--;
            }
            a[j] = x;
        }
    }
    /* drop duplicates, keeping the last one set */
    size_t out = 0;
    for (size_t i = 0; i < n; i++) {
        if (i + 1 < n && strcmp(a[i].path, a[i + 1].path) == 0) continue;
        a[out++] = a[i];
    }
    f->items.len = out;
    f->sorted = true;
}

const char *diag_ref_state_name(diag_ref_state s) {
    switch (s) {
    case DIAG_REF_EXISTS: return "exists";
    case DIAG_REF_MISSING: return "missing";
    default: return "unknown";
    }
}

/* ---- classifications ------------------------------------------------------
 */

#define EXIT_NAME(n) "exit-" #n
#define EXIT_TENS(t)                                                        \
    EXIT_NAME(t##0), EXIT_NAME(t##1), EXIT_NAME(t##2), EXIT_NAME(t##3),     \
        EXIT_NAME(t##4), EXIT_NAME(t##5), EXIT_NAME(t##6), EXIT_NAME(t##7), \
        EXIT_NAME(t##8), EXIT_NAME(t##9)

static const char *signal_class(int32_t signal) {
    switch (signal) {
    case 2: return "sigint";
    case 6: return "sigabrt";
    case 9: return "sigkill";
    case 11: return "sigsegv";
    case 15: return "sigterm";
    default: return "other";
    }
}

/* troubleshooting.md D2 "Classes by last termination". */
const char *diag_exit_class(const char *reason, int32_t exit_code,
                            int32_t signal) {
    static const char *const exit_names[256] = {
        EXIT_NAME(0),   EXIT_NAME(1),   EXIT_NAME(2),   EXIT_NAME(3),
        EXIT_NAME(4),   EXIT_NAME(5),   EXIT_NAME(6),   EXIT_NAME(7),
        EXIT_NAME(8),   EXIT_NAME(9),   EXIT_TENS(1),   EXIT_TENS(2),
        EXIT_TENS(3),   EXIT_TENS(4),   EXIT_TENS(5),   EXIT_TENS(6),
        EXIT_TENS(7),   EXIT_TENS(8),   EXIT_TENS(9),   EXIT_TENS(10),
        EXIT_TENS(11),  EXIT_TENS(12),  EXIT_TENS(13),  EXIT_TENS(14),
        EXIT_TENS(15),  EXIT_TENS(16),  EXIT_TENS(17),  EXIT_TENS(18),
        EXIT_TENS(19),  EXIT_TENS(20),  EXIT_TENS(21),  EXIT_TENS(22),
        EXIT_TENS(23),  EXIT_TENS(24),  EXIT_NAME(250), EXIT_NAME(251),
        EXIT_NAME(252), EXIT_NAME(253), EXIT_NAME(254), EXIT_NAME(255)};
    if (!reason) reason = "";
    if (strcmp(reason, "OOMKilled") == 0) return "oom";
    if (strcmp(reason, "StartError") == 0 ||
        strcmp(reason, "ContainerCannotRun") == 0) {
        return "start-error";
    }
    if (strcmp(reason, "ContainerStatusUnknown") == 0) return "status-unknown";
    /* "Signal:N / ExitCode:N with no reason": the runtime gave none */
    if (!reason[0]) return "other";
    switch (exit_code) {
    case 128: return "start-error";
    case 130: return "sigint";
    case 134: return "sigabrt";
    case 137: return "sigkill";
    case 139: return "sigsegv";
    case 143: return "sigterm";
    default: break;
    }
    if (exit_code == 0 && signal != 0) return signal_class(signal);
    if (exit_code >= 0 && exit_code <= 255) return exit_names[exit_code];
    return "other";
}

typedef struct pull_pattern {
    const char *subcause;
    const char *patterns[8]; /* NULL-terminated */
} pull_pattern;

/* troubleshooting.md C1, in order, case-insensitive. */
const char *diag_pull_subcause(const char *waiting_reason,
                               const char *message) {
    static const pull_pattern table[] = {
        {"not-found",
         {"not found", "manifest unknown", "NotFound desc",
          "repository does not exist", NULL}},
        {"auth",
         {"401 Unauthorized", "403 Forbidden", "pull access denied",
          "authorization failed", "insufficient_scope",
          "no basic auth credentials", "denied:", NULL}},
        {"tls",
         {"x509:", "certificate signed by unknown authority",
          "certificate is not valid for any names",
          "tls: failed to verify certificate",
          "server gave HTTP response to HTTPS client", NULL}},
        {"rate-limit",
         {"429 Too Many Requests", "toomanyrequests", "pull rate limit", NULL}},
        {"network",
         {"no such host", "i/o timeout", "connection refused",
          "network is unreachable", "dial tcp", NULL}},
        {"platform", {"no match for platform in manifest", NULL}},
        {"disk", {"no space left on device", NULL}},
        {"timeout", {"context deadline exceeded", "context canceled", NULL}},
    };
    if (text_set(message)) {
        /* containerd writes "no match for platform in manifest: not
           found": the specific text goes before the table's not-found */
        if (ci_contains(message, "no match for platform in manifest")) {
            return "platform";
        }
        for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
            for (size_t j = 0; table[i].patterns[j]; j++) {
                if (ci_contains(message, table[i].patterns[j])) {
                    return table[i].subcause;
                }
            }
        }
    }
    if (waiting_reason && strcmp(waiting_reason, "ErrImageNeverPull") == 0) {
        return "never-pull";
    }
    if (waiting_reason && strcmp(waiting_reason, "InvalidImageName") == 0) {
        return "invalid-name";
    }
    return "unknown";
}

/* troubleshooting.md D1: the runtime could not exec the entrypoint. */
static const char *start_subcause(const char *text) {
    if (!text_set(text)) return NULL;
    if (ci_contains(text, "executable file not found")) return "not-found";
    if (ci_contains(text, "permission denied")) return "permission";
    if (ci_contains(text, "no such file or directory")) return "missing-path";
    if (ci_contains(text, "exec format error")) return "arch";
    return NULL;
}

/* troubleshooting.md C2: CreateContainerConfigError by message. */
static const char *config_subcause(const char *text) {
    if (!text_set(text)) return NULL;
    if (ci_contains(text, "couldn't find key") ||
        ci_contains(text, "could not find key")) {
        if (ci_contains(text, " in ConfigMap ")) return "configmap-key-missing";
        if (ci_contains(text, " in Secret ")) return "secret-key-missing";
    }
    if (ci_contains(text, "configmap \"") && ci_contains(text, "not found")) {
        return "configmap-missing";
    }
    if (ci_contains(text, "secret \"") && ci_contains(text, "not found")) {
        return "secret-missing";
    }
    if (ci_contains(text, "runAsNonRoot") || ci_contains(text, "non-root")) {
        return "run-as-non-root";
    }
    return NULL;
}

/* ---- FailedScheduling grammar ----------------------------------------------
 */

typedef struct sched_sub {
    const char *text;
    bool prefix; /* else exact */
    const char *sub;
} sched_sub;

/* troubleshooting.md B2 and scheduler.md 3.1 (plus older wordings). */
const char *diag_sched_subcategory(const char *reason) {
    static const sched_sub table[] = {
        {"Insufficient cpu", false, "insufficient-cpu"},
        {"Insufficient memory", false, "insufficient-memory"},
        {"Insufficient ephemeral-storage", false,
         "insufficient-ephemeral-storage"},
        {"Insufficient ", true, "insufficient-resource"},
        {"Too many pods", false, "pod-count"},
        {"node(s) had untolerated taint", true, "taint"},
        {"node(s) had taint", true, "taint"},
        {"node(s) didn't match Pod's node affinity", true, "node-affinity"},
        {"node(s) didn't match node selector", true, "node-affinity"},
        {"node(s) didn't match scheduler-enforced node affinity", true,
         "node-affinity"},
        {"pod affinity terms conflict", false, "node-affinity"},
        {"node(s) didn't have free ports for the requested pod ports", false,
         "host-port"},
        {"node(s) were unschedulable", false, "cordoned"},
        {"node(s) didn't match pod topology spread constraints", true,
         "topology-spread"},
        {"node(s) didn't match pod affinity", true, "pod-affinity"},
        {"node(s) didn't match pod anti-affinity", true, "pod-affinity"},
        {"node(s) didn't satisfy existing pods anti-affinity", true,
         "pod-affinity"},
        {"node(s) didn't match the requested node name", false, "node-name"},
        {"node(s) didn't match the requested hostname", false, "node-name"},
        {"pod has unbound immediate PersistentVolumeClaims", true,
         "pvc-unbound"},
        {"persistentvolumeclaim \"", true, "pvc-missing"},
        {"node(s) didn't find available persistent volumes to bind", false,
         "no-pv"},
        {"node(s) had volume node affinity conflict", false, "volume-zone"},
        {"node(s) had no available volume zone", false, "volume-zone"},
        {"node(s) did not have enough free storage", false, "storage-capacity"},
        {"node(s) unavailable due to one or more pvc(s) bound to "
         "non-existent pv(s)",
         true, "pv-missing"},
        {"node has pod using PersistentVolumeClaim with the same name and "
         "ReadWriteOncePod access mode",
         true, "rwop-conflict"},
        {"node(s) had no available disk", false, "disk-conflict"},
        {"node(s) exceed max volume count", true, "volume-limit"},
    };
    if (!reason) return "other";
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        if (table[i].prefix ? starts_with(reason, table[i].text)
                            : strcmp(reason, table[i].text) == 0) {
            return table[i].sub;
        }
    }
    return "other";
}

/* Dominance when counts tie: what no amount of capacity fixes (taints,
   affinity, volumes) over resources, over the unclassified. */
static int sched_rank(const char *sub) {
    if (strcmp(sub, "other") == 0) return 0;
    if (starts_with(sub, "insufficient-") || strcmp(sub, "pod-count") == 0 ||
        strcmp(sub, "host-port") == 0) {
        return 1;
    }
    return 2;
}

/* "<digits>" at s: value and the position after it; false when none. */
static bool parse_int(const char *s, int32_t *out, const char **end) {
    if (!is_digit(*s)) return false;
    int64_t v = 0;
    while (is_digit(*s)) {
        if (v < 100000000) v = v * 10 + (*s - '0');
        s++;
    }
    *out = (int32_t)v;
    *end = s;
    return true;
}

/* ", <digits> " at s: the next histogram entry starts. */
static bool entry_boundary(const char *s) {
    if (s[0] != ',' || s[1] != ' ' || !is_digit(s[2])) return false;
    s += 2;
    while (is_digit(*s)) s++;
    return *s == ' ';
}

bool diag_parse_sched_message(const char *msg, arena *mem,
                              diag_sched_message *out) {
    memset(out, 0, sizeof *out);
    out->preemption = "";
    if (!msg) return false;
    const char *s = msg;
    while (is_space(*s)) s++;
    const char *after;
    if (!parse_int(s, &out->available, &after) || *after != '/') return false;
    if (!parse_int(after + 1, &out->nodes, &after)) return false;
    static const char avail[] = " nodes are available:";
    if (strncmp(after, avail, sizeof avail - 1) != 0) return false;
    const char *body = after + sizeof avail - 1;
    while (*body == ' ') body++;

    /* the PostFilter (preemption) message follows the histogram */
    const char *tail = strstr(body, ". preemption: ");
    const char *body_end;
    if (tail) {
        body_end = tail;
        const char *t = tail + strlen(". preemption: ");
        size_t n = strlen(t);
        while (n && is_space(t[n - 1])) n--;
        out->preemption = arena_strndup(mem, t, n);
        if (!out->preemption) return false;
    } else {
        body_end = body + strlen(body);
        while (body_end > body && is_space(body_end[-1])) body_end--;
        /* event notes cut to the length limit end with " ..." */
        if (body_end - body >= 4 && strncmp(body_end - 4, " ...", 4) == 0) {
            body_end -= 4;
        }
    }

    /* count the entries (upper bound) */
    size_t cap = 1;
    for (const char *p = body; p < body_end; p++) {
        if (entry_boundary(p)) cap++;
    }
    out->reasons = arena_alloc(mem, cap * sizeof(*out->reasons));
    if (!out->reasons) return false;

    if (!is_digit(*body)) {
        /* a PreFilter rejection: one message for every node */
        const char *e = strstr(body, ". ");
        if (!e || e > body_end) e = body_end;
        if (e > body && e[-1] == '.') e--;
        out->reasons[0].reason = arena_strndup(mem, body, (size_t)(e - body));
        if (!out->reasons[0].reason) return false;
        out->reasons[0].count = out->nodes;
        out->reason_count = 1;
        out->parsed = e > body;
        return out->parsed;
    }

    const char *p = body;
    while (p < body_end) {
        int32_t count = 0;
        const char *r;
        if (!parse_int(p, &count, &r) || *r != ' ') break;
        r++;
        const char *e = r;
        while (e < body_end && !entry_boundary(e)) e++;
        bool last = e >= body_end;
        const char *text_end = e;
        if (last) {
            /* the histogram ends with "."; anything after ". " is another
               PostFilter message ("Error running PostFilter plugin ...") */
            const char *dot = r;
            const char *cut = NULL;
            while ((dot = strstr(dot, ". ")) && dot < body_end) {
                /* a taint value or resource name may hold ". " only inside
                   braces: skip those */
                const char *open = memchr(r, '{', (size_t)(dot - r));
                const char *close =
                    open ? memchr(open, '}', (size_t)(dot - open)) : NULL;
                if (!open || close) {
                    cut = dot;
                    break;
                }
                dot += 2;
            }
            if (cut) text_end = cut;
            if (text_end > r && text_end[-1] == '.') text_end--;
        }
        diag_sched_reason *sr = &out->reasons[out->reason_count++];
        sr->count = count;
        sr->reason = arena_strndup(mem, r, (size_t)(text_end - r));
        if (!sr->reason) return false;
        if (last) break;
        p = e + 2;
    }
    out->parsed = out->reason_count > 0;
    return out->parsed;
}

/* ---- the source -------------------------------------------------------------
 */

/* The index of events by involved (namespace, name): chains through
   `next` in list order. Private to this file; diag_source.event_index. */
typedef struct ev_slot {
    const char *namespace_;
    const char *name;
    uint32_t hash;
    int32_t head; /* -1 = empty slot */
} ev_slot;

typedef struct src_extra {
    diag_event *events; /* owned */
    ev_slot *slots;
    size_t slot_count;    /* power of two */
    int32_t *next;        /* per event */
    int64_t newest_event; /* latest effective last of any event */
    bool any_node;
    bool all_unknown; /* every live node's Ready is Unknown */
    /* pods per controller ownerReference (workload.pods), built on the
       first workload subject: one pass over the pods for all workloads */
    struct owner_count *owners;
    size_t owner_count;
    int32_t *owner_heads; /* owner_slot_count chains, -1 = empty */
    size_t owner_slot_count;
    bool owners_built;
} src_extra;

static uint32_t key_hash(const char *ns, const char *name) {
    uint32_t a = hash_bytes(ns, strlen(ns));
    uint32_t b = hash_bytes(name, strlen(name));
    return a * 0x9e3779b1u ^ b;
}

static const ev_slot *index_find(const src_extra *x, const char *ns,
                                 const char *name) {
    if (!x || !x->slot_count) return NULL;
    uint32_t h = key_hash(ns, name);
    size_t mask = x->slot_count - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        const ev_slot *s = &x->slots[i];
        if (s->head < 0) return NULL;
        if (s->hash == h && same_string(s->name, name) &&
            same_string(s->namespace_, ns)) {
            return s;
        }
    }
}

static bool index_build(src_extra *x, size_t n) {
    size_t slots = 16;
    while (slots < n * 2) slots *= 2;
    x->slots = malloc(slots * sizeof(*x->slots));
    x->next = malloc((n ? n : 1) * sizeof(*x->next));
    if (!x->slots || !x->next) return false;
    x->slot_count = slots;
    for (size_t i = 0; i < slots; i++) x->slots[i].head = -1;
    /* walk backwards and prepend, so every chain is in list order */
    for (size_t k = n; k-- > 0;) {
        const diag_event *e = &x->events[k];
        uint32_t h = key_hash(e->namespace_, e->name);
        size_t mask = slots - 1;
        size_t i = h & mask;
        while (x->slots[i].head >= 0 &&
               !(x->slots[i].hash == h &&
                 same_string(x->slots[i].name, e->name) &&
                 same_string(x->slots[i].namespace_, e->namespace_))) {
            i = (i + 1) & mask;
        }
        ev_slot *s = &x->slots[i];
        if (s->head < 0) {
            s->namespace_ = e->namespace_;
            s->name = e->name;
            s->hash = h;
        }
        x->next[k] = s->head;
        s->head = (int32_t)k;
    }
    return true;
}

static const char *nz(const char *s) {
    return s ? s : "";
}

/* The container an event's fieldPath names ("spec.containers{app}",
   "spec.initContainers{init}"), "" when none; consecutive events with the
   same (interned) fieldPath share one copy. */
static const char *field_path_container(arena *mem, const char *fp,
                                        const char **cache_fp,
                                        const char **cache_c) {
    if (!text_set(fp)) return "";
    if (fp == *cache_fp) return *cache_c;
    const char *open = strchr(fp, '{');
    const char *close = open ? strchr(open, '}') : NULL;
    const char *c = "";
    if (open && close && close > open + 1) {
        c = arena_strndup(mem, open + 1, (size_t)(close - open - 1));
        if (!c) return NULL;
    }
    *cache_fp = fp;
    *cache_c = c;
    return c;
}

/* "1.34", "v1.34", "1.34.2" -> 34. */
static bool parse_minor(const char *v, int *minor) {
    if (!v) return false;
    if (*v == 'v') v++;
    if (v[0] != '1' || v[1] != '.' || !is_digit(v[2])) return false;
    int m = 0;
    for (v += 2; is_digit(*v) && m < 1000; v++) m = m * 10 + (*v - '0');
    if (*v && *v != '.') return false;
    *minor = m;
    return true;
}

static void nodes_summary(const podsim_cluster *c, src_extra *x) {
    size_t n = podsim_cluster_count(c, PODSIM_KIND_NODE);
    x->any_node = false;
    x->all_unknown = true;
    for (size_t i = 0; i < n; i++) {
        const podsim_node *node = podsim_cluster_node(c, (podsim_id)i);
        if (!node || node->removed) continue;
        x->any_node = true;
        const podsim_condition *ready =
            conditions_find(node->conditions, node->condition_count, "Ready");
        if (!ready || strcmp(nz(ready->status), "Unknown") != 0) {
            x->all_unknown = false;
        }
    }
    if (!x->any_node) x->all_unknown = false;
}

static podsim_status source_start(diag_source *src, const char *cluster_ver,
                                  const char *kubectl_ver) {
    src->kubernetes_version = cluster_ver ? cluster_ver : "";
    const char *v = kubectl_ver && kubectl_ver[0] ? kubectl_ver : cluster_ver;
    if (!parse_minor(v, &src->kubectl_minor)) {
        return cluster_fail(src->cluster, PODSIM_EINVAL, NULL, 0, 0,
                            "diagnose: kubectl version \"%s\" is not of the "
                            "form 1.N",
                            nz(v));
    }
    src_extra *x = calloc(1, sizeof *x);
    if (!x) return PODSIM_ENOMEM;
    x->newest_event = PODSIM_NO_TIME;
    src->event_index = x;
    return PODSIM_OK;
}

static podsim_status source_oom(diag_source *src) {
    podsim_cluster *c = src->cluster;
    diag_source_release(src);
    return c ? cluster_fail(c, PODSIM_ENOMEM, NULL, 0, 0,
                            "diagnose: out of memory")
             : PODSIM_ENOMEM;
}

static int64_t later(int64_t a, int64_t b) {
    if (a == PODSIM_NO_TIME) return b;
    if (b == PODSIM_NO_TIME) return a;
    return a > b ? a : b;
}

podsim_status diag_source_from_cluster(diag_source *src,
                                       podsim_cluster *cluster, int64_t as_of,
                                       const char *kubectl_ver) {
    if (!src) return PODSIM_EINVAL;
    memset(src, 0, sizeof *src);
    arena_init(&src->mem, 0);
    if (!cluster) return PODSIM_EINVAL;
    src->cluster = cluster;
    src->as_of = as_of;
    src->epoch_ms = PODSIM_NO_TIME;
    podsim_status s = source_start(
        src, podsim_cluster_kubernetes_version(cluster), kubectl_ver);
    if (s) {
        diag_source_release(src);
        return s == PODSIM_ENOMEM ? source_oom(src) : s;
    }
    for (int k = 0; k < PODSIM_KIND_COUNT; k++) {
        src->has_kind[k] = podsim_cluster_count(cluster, (podsim_kind)k) > 0;
    }
    src->events_supplied = src->has_kind[PODSIM_KIND_EVENT];

    src_extra *x = src->event_index;
    size_t n = podsim_cluster_count(cluster, PODSIM_KIND_EVENT);
    x->events = calloc(n ? n : 1, sizeof(*x->events));
    if (!x->events) return source_oom(src);
    const char *cache_fp = NULL, *cache_c = "";
    for (size_t i = 0; i < n; i++) {
        const podsim_event *pe = podsim_cluster_event(cluster, (podsim_id)i);
        diag_event *e = &x->events[i];
        /* troubleshooting.md 0.3: effective first, last and count */
        e->first = pe->event_time != PODSIM_NO_TIME ? pe->event_time
                                                    : pe->first_timestamp;
        e->has_series = pe->series_last_observed_time != PODSIM_NO_TIME;
        e->has_last_timestamp = pe->last_timestamp != PODSIM_NO_TIME;
        e->last = e->has_series           ? pe->series_last_observed_time
                  : e->has_last_timestamp ? pe->last_timestamp
                                          : e->first;
        e->count = pe->count > 0 ? pe->count : 1;
        e->type = nz(pe->type);
        e->reason = nz(pe->reason);
        e->message = nz(pe->message);
        e->field_path = nz(pe->involved_field_path);
        e->container =
            field_path_container(&src->mem, e->field_path, &cache_fp, &cache_c);
        if (!e->container) return source_oom(src);
        e->source = text_set(pe->source_component)
                        ? pe->source_component
                        : nz(pe->reporting_controller);
        e->host = nz(pe->source_host);
        e->kind = nz(pe->involved_kind);
        e->namespace_ = nz(pe->involved_namespace);
        if (!e->namespace_[0] && strcmp(e->kind, "Pod") == 0) {
            e->namespace_ = nz(pe->meta.namespace_);
        }
        e->name = nz(pe->involved_name);
        e->uid = nz(pe->involved_uid);
        e->event_name = nz(pe->meta.name);
        e->order = i;
        e->provenance = PODSIM_PROVENANCE_OBSERVED;
        x->newest_event = later(x->newest_event, e->last);
        x->newest_event = later(x->newest_event, e->first);
    }
    src->events = x->events;
    src->event_count = n;
    if (!index_build(x, n)) return source_oom(src);
    nodes_summary(cluster, x);
    if (src->as_of == PODSIM_NO_TIME) {
        /* the newest timestamp of the dump: creation, status and event
           times (series.lastObservedTime included) */
        src->as_of = later(cluster_newest_time(cluster), x->newest_event);
    }
    return PODSIM_OK;
}

/* Written through events.k8s.io (no lastTimestamp): the events of the
   scheduler (its profiles' names are the events' reporting component). */
static bool sim_new_api_event(const podsim_sim *sim, const char *source) {
    if (!sim->config) return strcmp(source, "default-scheduler") == 0;
    size_t n = podsim_scheduler_config_profile_count(sim->config);
    for (size_t i = 0; i < n; i++) {
        const char *name = podsim_scheduler_config_profile_name(sim->config, i);
        if (name && strcmp(name, source) == 0) return true;
    }
    return false;
}

void diag_event_from_sim(const podsim_sim *sim, const podsim_sim_event *se,
                         diag_event *e) {
    bool new_api = sim_new_api_event(sim, nz(se->source));
    memset(e, 0, sizeof *e);
    e->first = sim_wall(sim, se->first_time);
    e->last = sim_wall(sim, se->time);
    e->count = se->count > 0 ? se->count : 1;
    e->has_last_timestamp = !new_api;
    e->has_series = new_api && e->count > 1;
    e->type = nz(se->type);
    e->reason = nz(se->reason);
    e->message = nz(se->message);
    e->field_path = nz(se->field_path);
    e->container = "";
    e->source = nz(se->source);
    e->host = nz(se->host);
    e->kind = nz(se->kind);
    e->namespace_ = nz(se->namespace_);
    e->name = nz(se->name);
    e->uid = "";
    e->event_name = "";
    e->order = se->seq;
    e->provenance = PODSIM_PROVENANCE_SIMULATED;
}

podsim_status diag_source_from_sim(diag_source *src, podsim_sim *sim,
                                   int64_t as_of, const char *kubectl_ver) {
    if (!src) return PODSIM_EINVAL;
    memset(src, 0, sizeof *src);
    arena_init(&src->mem, 0);
    if (!sim) return PODSIM_EINVAL;
    src->sim = sim;
    src->from_sim = true;
    src->cluster = podsim_sim_cluster(sim);
    src->epoch_ms = podsim_sim_epoch_ms(sim);
    src->as_of =
        as_of != PODSIM_NO_TIME ? as_of : src->epoch_ms + podsim_sim_now(sim);
    podsim_status s =
        source_start(src, podsim_sim_kubernetes_version(sim), kubectl_ver);
    if (s) {
        diag_source_release(src);
        return s == PODSIM_ENOMEM ? source_oom(src) : s;
    }
    /* a simulation knows every object it has: absent means missing */
    for (int k = 0; k < PODSIM_KIND_COUNT; k++) src->has_kind[k] = true;
    src->events_supplied = !(sim->flags & PODSIM_SIM_QUIET);

    /* the log holds every occurrence; an Event object is the latest
       occurrence of its series (count and first time carried over) */
    src_extra *x = src->event_index;
    size_t total = sim->events.len;
    unsigned char *latest = calloc(total ? total : 1, 1);
    if (!latest) return source_oom(src);
    size_t n = 0;
    for (size_t i = 0; i < sim->series_slots; i++) {
        int32_t at = sim->series[i].last;
        if (at >= 0 && (size_t)at < total && !latest[at]) {
            latest[at] = 1;
            n++;
        }
    }
    x->events = calloc(n ? n : 1, sizeof(*x->events));
    if (!x->events) {
        free(latest);
        return source_oom(src);
    }
    const char *cache_fp = NULL, *cache_c = "";
    size_t k = 0;
    for (size_t i = 0; i < total; i++) {
        if (!latest[i]) continue;
        const podsim_sim_event *se = vec_at(&sim->events, i);
        diag_event *e = &x->events[k];
        diag_event_from_sim(sim, se, e);
        e->container =
            field_path_container(&src->mem, e->field_path, &cache_fp, &cache_c);
        if (!e->container) {
            free(latest);
            return source_oom(src);
        }
        x->newest_event = later(x->newest_event, e->last);
        k++;
    }
    free(latest);
    src->events = x->events;
    src->event_count = n;
    if (!index_build(x, n)) return source_oom(src);
    nodes_summary(src->cluster, x);
    return PODSIM_OK;
}

void diag_source_release(diag_source *src) {
    if (!src) return;
    src_extra *x = src->event_index;
    if (x) {
        free(x->events);
        free(x->slots);
        free(x->next);
        free(x->owners);
        free(x->owner_heads);
        free(x);
    }
    src->event_index = NULL;
    src->events = NULL;
    src->event_count = 0;
    arena_release(&src->mem);
}

/* ---- one subject ------------------------------------------------------------
 */

typedef struct builder {
    diag_subject *s;
    const diag_source *src;
    const podsim_pod *pod;
    podsim_provenance raw; /* observed (dump) or simulated */
    int64_t as_of;
    bool multi; /* the pod has more than one container (logs -c) */
    strbuf path;
    strbuf val;
    bool failed;
} builder;

#define D PODSIM_PROVENANCE_DERIVED

/* Decimal text of v into buf (at least 24 bytes); returns buf. printf is
   most of the cost of building a subject, so the hot paths avoid it. */
static const char *i64_text(char *buf, int64_t v) {
    char tmp[24];
    size_t n = 0;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    size_t k = 0;
    if (v < 0) buf[k++] = '-';
    while (n) buf[k++] = tmp[--n];
    buf[k] = '\0';
    return buf;
}

/* strbuf_vprintf for formats of only %s and %zu, without printf. */
static void sb_vformat(strbuf *out, const char *fmt, va_list ap) {
    bool simple = true;
    for (const char *p = strchr(fmt, '%'); p && simple; p = strchr(p, '%')) {
        if (p[1] == 's') {
            p += 2;
        } else if (p[1] == 'z' && p[2] == 'u') {
            p += 3;
        } else {
            simple = false;
        }
    }
    if (!simple) {
        strbuf_vprintf(out, fmt, ap);
        return;
    }
    const char *p = fmt;
    for (const char *q; (q = strchr(p, '%')) != NULL;) {
        strbuf_append(out, p, (size_t)(q - p));
        if (q[1] == 's') {
            strbuf_puts(out, nz(va_arg(ap, const char *)));
            p = q + 2;
        } else {
            char num[24];
            strbuf_puts(out, i64_text(num, (int64_t)va_arg(ap, size_t)));
            p = q + 3;
        }
    }
    strbuf_puts(out, p);
}

PRINTF_LIKE(2, 3) static void sb_format(strbuf *out, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    sb_vformat(out, fmt, ap);
    va_end(ap);
}

static void vput(builder *b, diag_facts *f, podsim_provenance prov,
                 const char *value, const char *fmt, va_list ap) {
    const char *path = fmt;
    if (strchr(fmt, '%')) {
        strbuf_clear(&b->path);
        sb_vformat(&b->path, fmt, ap);
        if (b->path.failed) {
            b->failed = true;
            return;
        }
        path = strbuf_str(&b->path);
    }
    if (!diag_facts_set(f, path, value, prov)) b->failed = true;
}

PRINTF_LIKE(5, 6)
static void put(builder *b, diag_facts *f, podsim_provenance prov,
                const char *value, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vput(b, f, prov, value, fmt, ap);
    va_end(ap);
}

/* A string fact only when the value is set (absent when empty). */
PRINTF_LIKE(5, 6)
static void put_set(builder *b, diag_facts *f, podsim_provenance prov,
                    const char *value, const char *fmt, ...) {
    if (!text_set(value)) return;
    va_list ap;
    va_start(ap, fmt);
    vput(b, f, prov, value, fmt, ap);
    va_end(ap);
}

PRINTF_LIKE(5, 6)
static void put_i(builder *b, diag_facts *f, podsim_provenance prov,
                  int64_t value, const char *fmt, ...) {
    char text[24];
    va_list ap;
    va_start(ap, fmt);
    vput(b, f, prov, i64_text(text, value), fmt, ap);
    va_end(ap);
}

PRINTF_LIKE(5, 6)
static void put_b(builder *b, diag_facts *f, podsim_provenance prov, bool value,
                  const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vput(b, f, prov, value ? "true" : "false", fmt, ap);
    va_end(ap);
}

/* Seconds from `t` to as_of, when both are known. */
PRINTF_LIKE(4, 5)
static void put_age(builder *b, diag_facts *f, int64_t t, const char *fmt,
                    ...) {
    if (t == PODSIM_NO_TIME || b->as_of == PODSIM_NO_TIME) return;
    char text[24];
    va_list ap;
    va_start(ap, fmt);
    vput(b, f, D, i64_text(text, secs(b->as_of - t)), fmt, ap);
    va_end(ap);
}

/* The value text built in b->val (a command, a list). */
static const char *val_text(builder *b) {
    if (b->val.failed) b->failed = true;
    return strbuf_str(&b->val);
}

PRINTF_LIKE(2, 3) static void note(builder *b, const char *fmt, ...) {
    strbuf_clear(&b->val);
    va_list ap;
    va_start(ap, fmt);
    strbuf_vprintf(&b->val, fmt, ap);
    va_end(ap);
    const char *text = val_text(b);
    vec *m = &b->s->missing;
    for (size_t i = 0; i < m->len; i++) {
        if (strcmp(*(const char **)vec_at(m, i), text) == 0) return;
    }
    const char *copy = arena_strndup(b->s->mem, text, strlen(text));
    const char **slot = copy ? vec_push(m) : NULL;
    if (!slot) {
        b->failed = true;
        return;
    }
    *slot = copy;
}

/* Whitespace-trimmed copy of a message into b->val. */
static const char *trimmed(builder *b, const char *s) {
    s = nz(s);
    while (is_space(*s)) s++;
    size_t n = strlen(s);
    while (n && is_space(s[n - 1])) n--;
    strbuf_clear(&b->val);
    strbuf_append(&b->val, s, n);
    return val_text(b);
}

/* ---- the pod's events ---- */

static int cmp_describe_order(const void *x, const void *y) {
    const diag_event *a = *(const diag_event *const *)x;
    const diag_event *b = *(const diag_event *const *)y;
    /* SortableEvents.Less: by lastTimestamp, null first */
    if (a->has_last_timestamp != b->has_last_timestamp) {
        return a->has_last_timestamp ? 1 : -1;
    }
    if (a->has_last_timestamp && a->last != b->last) {
        return a->last < b->last ? -1 : 1;
    }
    return a->order < b->order ? -1 : a->order > b->order;
}

/* The uid kubectl describe selects events by: a mirror pod's comes from
   its kubernetes.io/config.mirror annotation. */
static const char *describe_uid(const podsim_pod *p) {
    const char *mirror = kvs_get(&p->meta.annotations, MIRROR_ANNOTATION);
    return mirror ? mirror : nz(p->meta.uid);
}

static bool event_selected(const builder *b, const diag_event *e,
                           const char *uid) {
    if (b->src->from_sim) {
        /* no uids in the log: events older than this pod name a
           predecessor of the same name (describe.c does the same) */
        int64_t created = b->pod->meta.creation_timestamp;
        return strcmp(e->kind, "Pod") == 0 &&
               (created == PODSIM_NO_TIME || e->last >= created);
    }
    return !(uid[0] && e->uid[0] && strcmp(uid, e->uid) != 0);
}

static void collect_events(builder *b) {
    diag_subject *s = b->s;
    const src_extra *x = b->src->event_index;
    const ev_slot *slot =
        index_find(x, nz(b->pod->meta.namespace_), nz(b->pod->meta.name));
    if (!slot) return;
    const char *uid = describe_uid(b->pod);
    size_t n = 0;
    for (int32_t i = slot->head; i >= 0; i = x->next[i]) {
        if (event_selected(b, &x->events[i], uid)) n++;
    }
    if (!n) return;
    const diag_event **list = arena_alloc(s->mem, n * sizeof(*list));
    if (!list) {
        b->failed = true;
        return;
    }
    size_t k = 0;
    for (int32_t i = slot->head; i >= 0; i = x->next[i]) {
        if (event_selected(b, &x->events[i], uid)) list[k++] = &x->events[i];
    }
    qsort(list, n, sizeof(*list), cmp_describe_order);
    s->events = list;
    s->event_count = n;
}

/* Later by effective last time, then by list order. */
static bool newer_event(const diag_event *a, const diag_event *than) {
    if (!than) return true;
    if (a->last != than->last) {
        if (a->last == PODSIM_NO_TIME) return false;
        if (than->last == PODSIM_NO_TIME) return true;
        return a->last > than->last;
    }
    return a->order > than->order;
}

/* The latest event of the pod with this reason (and container, and
   message prefix when given). */
static const diag_event *latest_event(const diag_subject *s, const char *reason,
                                      const char *container,
                                      const char *prefix) {
    const diag_event *best = NULL;
    for (size_t i = 0; i < s->event_count; i++) {
        const diag_event *e = s->events[i];
        if (strcmp(e->reason, reason) != 0) continue;
        if (container && strcmp(e->container, container) != 0) continue;
        if (prefix && !starts_with(e->message, prefix)) continue;
        if (newer_event(e, best)) best = e;
    }
    return best;
}

typedef struct reason_agg {
    const char *reason;
    int64_t count;
    int64_t first;
    const diag_event *latest;
} reason_agg;

/* event.<Reason>.* (container NULL) or container.event.<Reason>.* */
static void event_facts(builder *b, diag_facts *f, const char *container) {
    const diag_subject *s = b->s;
    if (!s->event_count) return;
    reason_agg small[32];
    reason_agg *aggs =
        s->event_count <= 32 ? small : malloc(s->event_count * sizeof(*aggs));
    if (!aggs) {
        b->failed = true;
        return;
    }
    size_t n = 0;
    for (size_t i = 0; i < s->event_count; i++) {
        const diag_event *e = s->events[i];
        if (container && strcmp(e->container, container) != 0) continue;
        size_t j = 0;
        while (j < n && strcmp(aggs[j].reason, e->reason) != 0) j++;
        if (j == n) {
            aggs[n].reason = e->reason;
            aggs[n].count = 0;
            aggs[n].first = PODSIM_NO_TIME;
            aggs[n].latest = NULL;
            n++;
        }
        reason_agg *a = &aggs[j];
        a->count += e->count;
        if (e->first != PODSIM_NO_TIME &&
            (a->first == PODSIM_NO_TIME || e->first < a->first)) {
            a->first = e->first;
        }
        if (newer_event(e, a->latest)) a->latest = e;
    }
    const char *pre = container ? "container.event" : "event";
    for (size_t j = 0; j < n; j++) {
        const reason_agg *a = &aggs[j];
        const char *r = a->reason[0] ? a->reason : "<none>";
        put_i(b, f, D, a->count, "%s.%s.count", pre, r);
        put(b, f, a->latest->provenance, trimmed(b, a->latest->message),
            "%s.%s.message", pre, r);
        put(b, f, a->latest->provenance, a->latest->type, "%s.%s.type", pre, r);
        put_age(b, f, a->latest->last, "%s.%s.last_seconds", pre, r);
        if (!container) put_age(b, f, a->first, "event.%s.first_seconds", r);
    }
    if (aggs != small) free(aggs);
}

/* ---- scheduling ---- */

static void preemption_fact(builder *b, const char *tail) {
    diag_facts *f = &b->s->facts;
    const char *value = tail;
    diag_sched_message pm;
    if (tail[0] && diag_parse_sched_message(tail, b->s->mem, &pm)) {
        int64_t not_helpful = 0, no_victims = 0;
        for (size_t i = 0; i < pm.reason_count; i++) {
            const char *r = pm.reasons[i].reason;
            if (strcmp(r, "Preemption is not helpful for scheduling") == 0) {
                not_helpful += pm.reasons[i].count;
            } else if (strcmp(r,
                              "No preemption victims found for incoming "
                              "pod") == 0) {
                no_victims += pm.reasons[i].count;
            }
        }
        if (no_victims || not_helpful) {
            value = no_victims >= not_helpful ? "no-victims" : "not-helpful";
        }
    }
    put(b, f, D, value, "scheduling.preemption");
}

static void scheduling_facts(builder *b) {
    const podsim_pod *p = b->pod;
    diag_facts *f = &b->s->facts;
    if (text_set(p->spec.node_name)) return;
    const podsim_condition *cond = conditions_find(
        p->status.conditions, p->status.condition_count, "PodScheduled");
    const char *from_cond = cond && strcmp(nz(cond->status), "False") == 0 &&
                                    text_set(cond->message)
                                ? cond->message
                                : NULL;
    const diag_event *fs = latest_event(b->s, "FailedScheduling", NULL, NULL);
    const char *from_event = fs && fs->message[0] ? fs->message : NULL;
    diag_sched_message m;
    const char *msg = NULL;
    podsim_provenance prov = b->raw;
    if (from_cond && diag_parse_sched_message(from_cond, b->s->mem, &m)) {
        msg = from_cond;
    } else if (from_event &&
               diag_parse_sched_message(from_event, b->s->mem, &m)) {
        msg = from_event;
        prov = fs->provenance;
    } else {
        const char *any = from_cond ? from_cond : from_event;
        if (any) put(b, f, prov, trimmed(b, any), "scheduling.message");
        return;
    }
    put(b, f, prov, trimmed(b, msg), "scheduling.message");
    put_i(b, f, D, m.nodes, "scheduling.nodes");
    /* largest count first, message order among equals (stable) */
    size_t n = m.reason_count;
    for (size_t i = 1; i < n; i++) {
        diag_sched_reason x = m.reasons[i];
        size_t j = i;
        while (j > 0 && m.reasons[j - 1].count < x.count) {
            m.reasons[j] = m.reasons[j - 1];
            j--;
        }
        m.reasons[j] = x;
    }
    const diag_sched_reason *dominant = NULL;
    for (size_t i = 0; i < n; i++) {
        const diag_sched_reason *r = &m.reasons[i];
        put(b, f, D, r->reason, "scheduling.reason.%zu", i);
        put_i(b, f, D, r->count, "scheduling.count.%s", r->reason);
        if (!dominant || r->count > dominant->count ||
            (r->count == dominant->count &&
             sched_rank(diag_sched_subcategory(r->reason)) >
                 sched_rank(diag_sched_subcategory(dominant->reason)))) {
            dominant = r;
        }
    }
    if (dominant) {
        put(b, f, D, dominant->reason, "scheduling.dominant");
        put(b, f, D, diag_sched_subcategory(dominant->reason),
            "scheduling.subcategory");
    }
    preemption_fact(b, m.preemption);
}

/* ---- node ---- */

/* NoExecute taints added up to `until` against the tolerations
   (GetMatchingTolerations, then getMinTolerationTime). */
typedef enum evict_decision { EVICT_NOW, TOLERATE, EVICT_LATER } evict_decision;

static evict_decision evict_decide(const podsim_pod *p, const podsim_node *n,
                                   int64_t until, int64_t *min_s,
                                   const podsim_taint **untolerated) {
    bool any = false, some_seconds = false;
    int64_t min = INT64_MAX;
    for (size_t i = 0; i < n->taint_count; i++) {
        const podsim_taint *t = &n->taints[i];
        if (t->effect != PODSIM_EFFECT_NO_EXECUTE) continue;
        if (t->time_added != PODSIM_NO_TIME && t->time_added > until) continue;
        any = true;
        const podsim_toleration *used = NULL;
        for (size_t j = 0; j < p->spec.toleration_count && !used; j++) {
            if (toleration_tolerates(&p->spec.tolerations[j], t)) {
                used = &p->spec.tolerations[j];
            }
        }
        if (!used) {
            if (untolerated) *untolerated = t;
            return EVICT_NOW;
        }
        if (!used->toleration_seconds.set) continue;
        int64_t v = used->toleration_seconds.value;
        if (v < 0) v = 0;
        if (v < min) min = v;
        some_seconds = true;
    }
    if (!any || !some_seconds) return TOLERATE;
    *min_s = min;
    return EVICT_LATER;
}

/* When the pod was bound: PodScheduled's transition, else its creation. */
static int64_t bound_at(const podsim_pod *p) {
    const podsim_condition *c = conditions_find(
        p->status.conditions, p->status.condition_count, "PodScheduled");
    if (c && strcmp(nz(c->status), "True") == 0 &&
        c->last_transition_time != PODSIM_NO_TIME) {
        return c->last_transition_time;
    }
    return p->meta.creation_timestamp;
}

/* taint_eviction.c's replay for a loaded pod, in wall ms: the node's
   NoExecute taints in timeAdded order from when the pod was bound, the
   first finite schedule kept. False when the pod is tolerated for ever
   or the instant is unknown. */
static bool eviction_time(const podsim_pod *p, const podsim_node *n,
                          int64_t *fire_out) {
    int64_t at = bound_at(p);
    if (at == PODSIM_NO_TIME) at = INT64_MIN + 1;
    bool started = false, known = false;
    int64_t fire = 0;
    for (;;) {
        int64_t min_s = 0;
        if (evict_decide(p, n, at, &min_s, NULL) == EVICT_LATER) {
            if (!started) {
                started = true;
                known = at != INT64_MIN + 1;
                fire = min_s > INT64_MAX / 4000 ? INT64_MAX / 4
                                                : at + min_s * 1000;
            }
        } else {
            started = false;
        }
        int64_t next = INT64_MAX;
        for (size_t i = 0; i < n->taint_count; i++) {
            const podsim_taint *t = &n->taints[i];
            if (t->effect == PODSIM_EFFECT_NO_EXECUTE &&
                t->time_added != PODSIM_NO_TIME && t->time_added > at &&
                t->time_added < next) {
                next = t->time_added;
            }
        }
        if (next == INT64_MAX) break;
        at = next;
    }
    *fire_out = fire;
    /* a schedule from an unknown instant (no bind time, taints without
       timeAdded) has no time */
    return started && known;
}

static void eviction_facts(builder *b, const podsim_node *n) {
    diag_facts *f = &b->s->facts;
    const podsim_pod *p = b->pod;
    int64_t min_s = 0;
    const podsim_taint *untolerated = NULL;
    switch (evict_decide(p, n, INT64_MAX, &min_s, &untolerated)) {
    case TOLERATE: return;
    case EVICT_NOW: {
        /* deleted as soon as the taint met the pod */
        int64_t at = later(bound_at(p), untolerated->time_added);
        put_i(b, f, D, 0, "node.toleration_seconds");
        if (b->as_of == PODSIM_NO_TIME) return;
        int64_t in = at == PODSIM_NO_TIME ? 0 : secs(at - b->as_of);
        put_i(b, f, D, in > 0 ? 0 : in, "node.eviction_in_seconds");
        return;
    }
    case EVICT_LATER: break;
    }
    put_i(b, f, D, min_s, "node.toleration_seconds");
    int64_t fire = 0;
    if (b->as_of != PODSIM_NO_TIME && eviction_time(p, n, &fire)) {
        put_i(b, f, D, secs(fire - b->as_of), "node.eviction_in_seconds");
    }
}

static void node_facts(builder *b) {
    diag_subject *s = b->s;
    const diag_source *src = b->src;
    const src_extra *x = src->event_index;
    diag_facts *f = &s->facts;
    const podsim_pod *p = b->pod;
    if (x->any_node) put_b(b, f, D, x->all_unknown, "node.all_unknown");
    s->node = NULL;
    s->node_state = DIAG_REF_UNKNOWN;
    const char *name = p->spec.node_name;
    if (!text_set(name)) return;
    put(b, f, b->raw, name, "node.name");
    podsim_id id = p->node;
    if (id == PODSIM_NO_ID) {
        id = cluster_lookup(src->cluster, PODSIM_KIND_NODE, NULL, name);
    }
    const podsim_node *n =
        id == PODSIM_NO_ID ? NULL : podsim_cluster_node(src->cluster, id);
    if (n && (n->removed || !same_string(n->meta.name, name))) n = NULL;
    if (n) {
        s->node = n;
        s->node_state = DIAG_REF_EXISTS;
    } else if (src->has_kind[PODSIM_KIND_NODE]) {
        s->node_state = DIAG_REF_MISSING;
    } else {
        note(b, "node %s not supplied", name);
    }
    put(b, f, D, diag_ref_state_name(s->node_state), "node.state");
    if (!n) return;

    const podsim_condition *ready = NULL;
    bool pressure[3] = {false, false, false};
    for (size_t i = 0; i < n->condition_count; i++) {
        const podsim_condition *c = &n->conditions[i];
        const char *type = nz(c->type);
        if (!type[0]) continue;
        put(b, f, b->raw, nz(c->status), "node.condition.%s.status", type);
        put_set(b, f, b->raw, c->reason, "node.condition.%s.reason", type);
        put_set(b, f, b->raw, c->message, "node.condition.%s.message", type);
        bool on = strcmp(nz(c->status), "True") == 0;
        if (strcmp(type, "Ready") == 0) ready = c;
        if (on && strcmp(type, "MemoryPressure") == 0) pressure[0] = true;
        if (on && strcmp(type, "DiskPressure") == 0) pressure[1] = true;
        if (on && strcmp(type, "PIDPressure") == 0) pressure[2] = true;
    }
    const char *ready_status = ready ? nz(ready->status) : "";
    if (ready) {
        put(b, f, b->raw, ready_status, "node.ready");
        put_set(b, f, b->raw, ready->reason, "node.ready_reason");
        put_set(b, f, b->raw, ready->message, "node.ready_message");
    }
    /* the machine behind a simulated node: a silent kubelet is
       unreachable before the node lifecycle controller says so */
    bool silent = false;
    int64_t heartbeat = ready ? ready->last_heartbeat_time : PODSIM_NO_TIME;
    if (src->from_sim && src->sim && (size_t)n->id < src->sim->node_state.len) {
        const sim_node_state *st = vec_at(&src->sim->node_state, (size_t)n->id);
        silent = !sim_node_kubelet_alive(st);
        if (silent && st->last_heartbeat >= 0) {
            heartbeat = src->epoch_ms + st->last_heartbeat;
        }
    }
    bool unreachable = silent || strcmp(ready_status, "Unknown") == 0;
    put_b(b, f, D, unreachable, "node.unreachable");
    put_b(b, f, b->raw, strcmp(ready_status, "False") == 0, "node.not_ready");
    if (unreachable) {
        put_age(b, f, heartbeat, "node.silent_seconds");
        /* the same as words for titles: "for 5m10s" (kubectl's
           HumanDuration), or why it is unknown */
        if (heartbeat != PODSIM_NO_TIME && b->as_of != PODSIM_NO_TIME) {
            strbuf_clear(&b->val);
            strbuf_puts(&b->val, "for ");
            human_duration(b->as_of - heartbeat, &b->val);
            put(b, f, D, val_text(b), "node.silent_for");
        } else {
            put(b, f, D, "for an unknown time (no heartbeat time in the input)",
                "node.silent_for");
        }
    }

    strbuf_clear(&b->val);
    for (size_t i = 0; i < n->taint_count; i++) {
        const podsim_taint *t = &n->taints[i];
        sb_format(&b->val, "%s%s%s%s:%s", i ? "," : "", nz(t->key),
                  text_set(t->value) ? "=" : "", nz(t->value),
                  podsim_taint_effect_name(t->effect));
    }
    if (n->taint_count) put(b, f, b->raw, val_text(b), "node.taints");
    for (size_t i = 0; i < n->taint_count; i++) {
        /* one key with several effects: every effect, in taint order */
        const podsim_taint *t = &n->taints[i];
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++) {
            seen = same_string(n->taints[j].key, t->key);
        }
        if (seen) continue;
        strbuf_clear(&b->val);
        for (size_t j = i; j < n->taint_count; j++) {
            if (!same_string(n->taints[j].key, t->key)) continue;
            sb_format(&b->val, "%s%s", b->val.len ? "," : "",
                      podsim_taint_effect_name(n->taints[j].effect));
        }
        put(b, f, b->raw, val_text(b), "node.taint.%s", nz(t->key));
    }
    put_b(b, f, b->raw, n->unschedulable, "node.unschedulable");
    static const char *const pressure_names[3] = {"memory", "disk", "pid"};
    strbuf_clear(&b->val);
    for (int k = 0; k < 3; k++) {
        if (!pressure[k]) continue;
        sb_format(&b->val, "%s%s", b->val.len ? "," : "", pressure_names[k]);
    }
    if (b->val.len) put(b, f, b->raw, val_text(b), "node.pressure");
    eviction_facts(b, n);
}

/* ---- owner ---- */

static bool workload_kind(int k) {
    return k == PODSIM_KIND_DEPLOYMENT || k == PODSIM_KIND_REPLICASET ||
           k == PODSIM_KIND_STATEFULSET || k == PODSIM_KIND_DAEMONSET ||
           k == PODSIM_KIND_JOB;
}

static void owner_facts(builder *b) {
    const diag_source *src = b->src;
    const podsim_pod *p = b->pod;
    diag_facts *f = &b->s->facts;
    const podsim_owner_reference *ref = meta_controller_of(&p->meta);
    if (!ref) return;
    const char *kind = nz(ref->kind), *name = nz(ref->name);
    put(b, f, b->raw, kind, "owner.kind");
    put(b, f, b->raw, name, "owner.name");
    int k = kind_from_name(kind);
    const podsim_workload *w = NULL;
    diag_ref_state state = DIAG_REF_UNKNOWN;
    if (workload_kind(k)) {
        if (src->has_kind[k]) {
            podsim_id id = cluster_lookup(src->cluster, (podsim_kind)k,
                                          p->meta.namespace_, name);
            w = id == PODSIM_NO_ID
                    ? NULL
                    : podsim_cluster_workload(src->cluster, (podsim_kind)k, id);
            state = w ? DIAG_REF_EXISTS : DIAG_REF_MISSING;
        } else {
            char low[64];
            size_t i = 0;
            for (; kind[i] && i + 1 < sizeof low; i++) low[i] = lower(kind[i]);
            low[i] = '\0';
            note(b, "%s/%s not supplied", low, name);
        }
    }
    put(b, f, D, diag_ref_state_name(state), "owner.state");
    const char *ckind = kind, *cname = name;
    if (w && k == PODSIM_KIND_REPLICASET) {
        const podsim_owner_reference *up = meta_controller_of(&w->meta);
        if (up && strcmp(nz(up->kind), "Deployment") == 0) {
            ckind = up->kind;
            cname = nz(up->name);
        }
    }
    put(b, f, ckind == kind ? b->raw : D, ckind, "owner.controller_kind");
    put(b, f, ckind == kind ? b->raw : D, cname, "owner.controller_name");
    if (!w) return;
    if (k == PODSIM_KIND_JOB) {
        if (w->backoff_limit.set) {
            put_i(b, f, b->raw, w->backoff_limit.value,
                  "owner.job.backoff_limit");
        }
        put_i(b, f, b->raw, w->status_failed, "owner.job.failed");
        /* the Job controller's terminal condition (job_controller.go):
           Failed=True with BackoffLimitExceeded, DeadlineExceeded,
           PodFailurePolicy or MaxFailedIndexesExceeded */
        for (size_t i = 0; i < w->condition_count; i++) {
            const podsim_condition *c = &w->conditions[i];
            if (!strcmp(nz(c->type), "Failed") &&
                !strcmp(nz(c->status), "True")) {
                put(b, f, b->raw, nz(c->reason), "owner.job.failed_reason");
                put(b, f, b->raw, nz(c->message), "owner.job.failed_message");
            }
            if (!strcmp(nz(c->type), "Complete") &&
                !strcmp(nz(c->status), "True")) {
                put(b, f, b->raw, "true", "owner.job.complete");
            }
        }
        return;
    }
    if (w->replicas.set)
        put_i(b, f, b->raw, w->replicas.value, "owner.replicas");
    put_i(b, f, b->raw, w->status_ready_replicas, "owner.ready_replicas");
}

/* ---- referenced objects ---- */

static bool has_key(const podsim_config *c, const char *key) {
    for (size_t i = 0; i < c->keys.count; i++) {
        if (same_string(c->keys.items[i], key)) return true;
    }
    return false;
}

static void config_ref(builder *b, podsim_ref_kind rk, const char *name,
                       const char *key) {
    if (!text_set(name)) return;
    const diag_source *src = b->src;
    diag_facts *f = &b->s->facts;
    podsim_kind kind =
        rk == PODSIM_REF_SECRET ? PODSIM_KIND_SECRET : PODSIM_KIND_CONFIGMAP;
    const char *label = rk == PODSIM_REF_SECRET ? "secret" : "configmap";
    diag_ref_state state = DIAG_REF_UNKNOWN, key_state = DIAG_REF_UNKNOWN;
    if (src->has_kind[kind]) {
        podsim_id id =
            cluster_lookup(src->cluster, kind, b->pod->meta.namespace_, name);
        const podsim_config *c =
            id == PODSIM_NO_ID ? NULL
                               : podsim_cluster_config(src->cluster, kind, id);
        state = c ? DIAG_REF_EXISTS : DIAG_REF_MISSING;
        key_state = c && text_set(key) && has_key(c, key) ? DIAG_REF_EXISTS
                                                          : DIAG_REF_MISSING;
    } else {
        note(b, "%s/%s not supplied", label, name);
    }
    put(b, f, D, diag_ref_state_name(state), "ref.%s.%s", label, name);
    if (text_set(key)) {
        put(b, f, D, diag_ref_state_name(key_state), "ref.%s.%s.key.%s", label,
            name, key);
    }
}

static void pvc_ref(builder *b, const char *name) {
    if (!text_set(name)) return;
    const diag_source *src = b->src;
    diag_facts *f = &b->s->facts;
    diag_ref_state state = DIAG_REF_UNKNOWN;
    const podsim_pvc *pvc = NULL;
    if (src->has_kind[PODSIM_KIND_PERSISTENTVOLUMECLAIM]) {
        podsim_id id =
            cluster_lookup(src->cluster, PODSIM_KIND_PERSISTENTVOLUMECLAIM,
                           b->pod->meta.namespace_, name);
        pvc = id == PODSIM_NO_ID ? NULL : podsim_cluster_pvc(src->cluster, id);
        state = pvc ? DIAG_REF_EXISTS : DIAG_REF_MISSING;
    } else {
        note(b, "pvc/%s not supplied", name);
    }
    put(b, f, D, diag_ref_state_name(state), "ref.pvc.%s", name);
    if (!pvc) return;
    put_set(b, f, b->raw, pvc->phase, "ref.pvc.%s.phase", name);
    if (pvc->storage_class_name) {
        put(b, f, b->raw, pvc->storage_class_name, "ref.pvc.%s.class", name);
    }
}

static void container_refs(builder *b, const podsim_container *c) {
    for (size_t i = 0; i < c->env_ref_count; i++) {
        const podsim_object_ref *r = &c->env_refs[i];
        config_ref(b, r->kind, r->name, r->key);
    }
}

static void reference_facts(builder *b) {
    const podsim_pod_spec *spec = &b->pod->spec;
    for (size_t i = 0; i < spec->init_container_count; i++) {
        container_refs(b, &spec->init_containers[i]);
    }
    for (size_t i = 0; i < spec->container_count; i++) {
        container_refs(b, &spec->containers[i]);
    }
    for (size_t i = 0; i < spec->volume_count; i++) {
        const podsim_volume *v = &spec->volumes[i];
        switch (v->type) {
        case PODSIM_VOLUME_PVC: pvc_ref(b, v->source); break;
        case PODSIM_VOLUME_EPHEMERAL:
            /* the generic ephemeral volume's claim is <pod>-<volume> */
            strbuf_clear(&b->path);
            sb_format(&b->path, "%s-%s", nz(b->pod->meta.name), nz(v->name));
            {
                const char *claim =
                    arena_strndup(b->s->mem, strbuf_str(&b->path), b->path.len);
                if (!claim) {
                    b->failed = true;
                    break;
                }
                pvc_ref(b, claim);
            }
            break;
        case PODSIM_VOLUME_CONFIGMAP:
            config_ref(b, PODSIM_REF_CONFIGMAP, v->source, "");
            break;
        case PODSIM_VOLUME_SECRET:
            config_ref(b, PODSIM_REF_SECRET, v->source, "");
            break;
        default: break;
        }
        for (size_t j = 0; j < v->ref_count; j++) {
            config_ref(b, v->refs[j].kind, v->refs[j].name, v->refs[j].key);
        }
    }
}

/* ---- pod ---- */

static void pod_facts(builder *b) {
    const podsim_pod *p = b->pod;
    const podsim_pod_spec *spec = &p->spec;
    const podsim_pod_status *st = &p->status;
    diag_facts *f = &b->s->facts;
    podsim_provenance raw = b->raw;
    const char *ns = nz(p->meta.namespace_), *name = nz(p->meta.name);

    put(b, f, raw, ns, "pod.namespace");
    put(b, f, raw, name, "pod.name");
    put_set(b, f, raw, p->meta.uid, "pod.uid");
    if (st->has_phase)
        put(b, f, raw, podsim_phase_name(st->phase), "pod.phase");
    put_set(b, f, raw, st->reason, "pod.reason");
    put_set(b, f, raw, st->message, "pod.message");

    /* the kubectl get pods cells, from the printer */
    podsim_pod_row row;
    if (podsim_pod_row_get(b->src->cluster, b->s->pod_id, b->as_of, &row) ==
        PODSIM_OK) {
        put(b, f, D, row.status, "pod.status");
        put(b, f, D, row.ready, "pod.ready");
        put_i(b, f, D, strtoll(row.restarts, NULL, 10), "pod.restarts");
    } else {
        b->failed = true;
    }
    put_age(b, f, p->meta.creation_timestamp, "pod.age_seconds");
    put_set(b, f, raw, spec->node_name, "pod.node");
    put_set(b, f, raw, st->nominated_node_name, "pod.nominated_node");
    put_set(b, f, raw, spec->scheduler_name, "pod.scheduler_name");
    if (text_set(st->qos_class)) {
        put(b, f, raw, st->qos_class, "pod.qos");
    } else {
        put(b, f, D, pod_qos_class(p), "pod.qos");
    }
    if (spec->priority.set)
        put_i(b, f, raw, spec->priority.value, "pod.priority");
    put(b, f, raw,
        podsim_enum_name(PODSIM_ENUM_RESTART_POLICY, (int)spec->restart_policy),
        "pod.restart_policy");
    if (spec->active_deadline_seconds.set) {
        put_i(b, f, raw, spec->active_deadline_seconds.value,
              "pod.active_deadline_seconds");
    }
    put_i(b, f, raw, spec->termination_grace_period_seconds,
          "pod.grace_period_seconds");
    bool deleting = p->meta.deletion_timestamp != PODSIM_NO_TIME;
    put_b(b, f, raw, deleting, "pod.deleting");
    if (deleting) {
        /* deletionTimestamp is the deletion time plus the grace period */
        int64_t grace = p->meta.deletion_grace_period_seconds.set
                            ? p->meta.deletion_grace_period_seconds.value
                            : spec->termination_grace_period_seconds;
        put_age(b, f, p->meta.deletion_timestamp - grace * 1000,
                "pod.deleting_seconds");
    }
    put_i(b, f, raw, (int64_t)p->meta.finalizers.count, "pod.finalizers");
    for (size_t i = 0; i < p->meta.finalizers.count; i++) {
        put(b, f, raw, p->meta.finalizers.items[i], "pod.finalizer.%zu", i);
    }
    put_b(b, f, raw, spec->scheduling_gates.count > 0, "pod.gated");
    if (spec->scheduling_gates.count) {
        strbuf_clear(&b->val);
        for (size_t i = 0; i < spec->scheduling_gates.count; i++) {
            sb_format(&b->val, "%s%s", i ? "," : "",
                      spec->scheduling_gates.items[i]);
        }
        put(b, f, raw, val_text(b), "pod.scheduling_gates");
    }
    put_i(b, f, raw, (int64_t)spec->container_count, "pod.container_count");
    put_i(b, f, raw, (int64_t)spec->init_container_count,
          "pod.init_container_count");
    bool sidecar = false;
    for (size_t i = 0; i < spec->init_container_count; i++) {
        if (spec->init_containers[i].kind == PODSIM_CONTAINER_SIDECAR) {
            sidecar = true;
        }
    }
    put_b(b, f, raw, sidecar, "pod.has_sidecar");
    put_b(b, f, raw, kvs_get(&p->meta.annotations, MIRROR_ANNOTATION) != NULL,
          "pod.mirror");

    for (size_t i = 0; i < st->condition_count; i++) {
        const podsim_condition *c = &st->conditions[i];
        const char *type = nz(c->type);
        if (!type[0]) continue;
        put(b, f, raw, nz(c->status), "pod.condition.%s.status", type);
        put_set(b, f, raw, c->reason, "pod.condition.%s.reason", type);
        put_set(b, f, raw, c->message, "pod.condition.%s.message", type);
        put_age(b, f, c->last_transition_time, "pod.condition.%s.age_seconds",
                type);
    }

    /* commands (fully substituted) */
    strbuf_clear(&b->val);
    sb_format(&b->val, "kubectl describe pod %s -n %s", name, ns);
    put(b, f, D, val_text(b), "cmd.describe");
    strbuf_clear(&b->val);
    sb_format(&b->val,
              "kubectl get events -n %s --field-selector "
              "involvedObject.name=%s",
              ns, name);
    put(b, f, D, val_text(b), "cmd.events");
    strbuf_clear(&b->val);
    sb_format(&b->val, "kubectl get pod %s -n %s -o yaml", name, ns);
    put(b, f, D, val_text(b), "cmd.yaml");
    if (text_set(spec->node_name)) {
        strbuf_clear(&b->val);
        sb_format(&b->val, "kubectl describe node %s", spec->node_name);
        put(b, f, D, val_text(b), "cmd.describe_node");
    }
    put(b, f, D, "kubectl get nodes", "cmd.get_nodes");
}

static void events_summary_facts(builder *b) {
    const diag_source *src = b->src;
    const src_extra *x = src->event_index;
    diag_facts *f = &b->s->facts;
    put_b(b, f, D, src->events_supplied, "events.supplied");
    put_i(b, f, D, (int64_t)b->s->event_count, "events.count");
    /* the apiserver's event TTL (1 h by default): a dump whose newest
       event is older than that before as_of has lost what came later (a
       simulation keeps its whole log) */
    bool stale = !src->from_sim && src->events_supplied &&
                 b->as_of != PODSIM_NO_TIME &&
                 x->newest_event != PODSIM_NO_TIME &&
                 x->newest_event < b->as_of - HOUR_MS;
    put_b(b, f, D, stale, "events.stale");
    if (!src->events_supplied) {
        note(b, "events not supplied");
    } else if (stale) {
        note(b, "events expired (newest is older than 1h)");
    }
    event_facts(b, f, NULL);
}

/* ---- containers ---- */

static const char *state_name(podsim_container_state_kind k) {
    switch (k) {
    case PODSIM_STATE_WAITING: return "waiting";
    case PODSIM_STATE_RUNNING: return "running";
    case PODSIM_STATE_TERMINATED: return "terminated";
    default: return "none";
    }
}

static bool image_reason(const char *r) {
    static const char *const reasons[] = {"ErrImagePull",
                                          "ImagePullBackOff",
                                          "InvalidImageName",
                                          "ErrImageNeverPull",
                                          "ImageInspectError",
                                          "RegistryUnavailable",
                                          "SignatureValidationFailed"};
    for (size_t i = 0; i < sizeof reasons / sizeof reasons[0]; i++) {
        if (strcmp(r, reasons[i]) == 0) return true;
    }
    return false;
}

/* The registry host of an image reference (docker.io for bare names). */
static void image_host(strbuf *out, const char *image) {
    const char *slash = strchr(image, '/');
    if (slash) {
        size_t n = (size_t)(slash - image);
        bool host = memchr(image, '.', n) || memchr(image, ':', n) ||
                    (n == 9 && strncmp(image, "localhost", 9) == 0);
        if (host) {
            strbuf_append(out, image, n);
            return;
        }
    }
    strbuf_puts(out, "docker.io");
}

/* The probe as describe prints it (DescribeProbe; from kubectl 1.37 the
   thresholds read successThreshold=/failureThreshold=). */
static void probe_text(strbuf *out, const podsim_probe *p, int minor) {
    const char *target = nz(p->target);
    switch (p->handler) {
    case PODSIM_HANDLER_EXEC: strbuf_printf(out, "exec [%s] ", target); break;
    case PODSIM_HANDLER_HTTP_GET:
        if (strstr(target, "://")) {
            strbuf_printf(out, "http-get %s ", target);
        } else {
            /* "port:path" */
            const char *colon = strchr(target, ':');
            int port_len = colon ? (int)(colon - target) : (int)strlen(target);
            strbuf_printf(out, "http-get http://:%.*s%s ", port_len, target,
                          colon ? colon + 1 : "");
        }
        break;
    case PODSIM_HANDLER_TCP_SOCKET:
        strbuf_printf(out, "tcp-socket %s%s ", strchr(target, ':') ? "" : ":",
                      target);
        break;
    case PODSIM_HANDLER_GRPC:
        strbuf_printf(out, "grpc <pod>:%s  ", target);
        break;
    default: strbuf_puts(out, "unknown "); break;
    }
    strbuf_printf(out, "delay=%ds timeout=%ds period=%ds",
                  (int)p->initial_delay_seconds, (int)p->timeout_seconds,
                  (int)p->period_seconds);
    if (minor >= 37) {
        strbuf_printf(out, " successThreshold=%d failureThreshold=%d",
                      (int)p->success_threshold, (int)p->failure_threshold);
    } else {
        strbuf_printf(out, " #success=%d #failure=%d",
                      (int)p->success_threshold, (int)p->failure_threshold);
    }
}

static void state_facts(builder *b, diag_facts *f,
                        const podsim_container_state *cs, const char *pre) {
    put(b, f, b->raw, state_name(cs->kind), "%sstate", pre);
    if (cs->kind == PODSIM_STATE_NONE) return;
    put_set(b, f, b->raw, cs->reason, "%sreason", pre);
    put_set(b, f, b->raw, cs->message, "%smessage", pre);
    if (cs->kind == PODSIM_STATE_TERMINATED) {
        put_i(b, f, b->raw, cs->exit_code, "%sexit_code", pre);
        if (cs->signal) put_i(b, f, b->raw, cs->signal, "%ssignal", pre);
        if (cs->started_at != PODSIM_NO_TIME &&
            cs->finished_at != PODSIM_NO_TIME) {
            put_i(b, f, D, secs(cs->finished_at - cs->started_at),
                  "%srun_seconds", pre);
        }
    } else if (cs->kind == PODSIM_STATE_RUNNING) {
        put_age(b, f, cs->started_at, "%srun_seconds", pre);
    }
}

static const podsim_container_status *find_status(
    const podsim_container_status *list, size_t n, const char *name) {
    for (size_t i = 0; i < n; i++) {
        if (same_string(list[i].name, name)) return &list[i];
    }
    return NULL;
}

static void resource_facts(builder *b, diag_facts *f,
                           const podsim_resources *list, const char *what) {
    for (size_t i = 0; i < list->count; i++) {
        char q[PODSIM_QUANTITY_STRING_MAX];
        if (podsim_quantity_format(&list->items[i].quantity, q, sizeof q,
                                   NULL) != PODSIM_OK) {
            continue;
        }
        put(b, f, b->raw, q, "container.%s.%s", what, nz(list->items[i].name));
    }
}

/* The first sub-cause any of the texts names. */
static const char *first_subcause(const char *(*classify)(const char *),
                                  const char *const *texts, size_t n) {
    for (size_t i = 0; i < n; i++) {
        const char *sc = classify(texts[i]);
        if (sc) return sc;
    }
    return "other";
}

static bool terminated_as(const podsim_container_state *s, const char *r1,
                          const char *r2) {
    return s->kind == PODSIM_STATE_TERMINATED &&
           (strcmp(nz(s->reason), r1) == 0 || strcmp(nz(s->reason), r2) == 0);
}

static void container_facts(builder *b, diag_container *dc, size_t index) {
    const podsim_container *c = dc->spec;
    const podsim_container_status *cs = dc->status;
    diag_facts *f = &dc->facts;
    podsim_provenance raw = b->raw;
    const char *name = nz(c->name);
    const char *pod = nz(b->pod->meta.name), *ns = nz(b->pod->meta.namespace_);

    put(b, f, raw, name, "container.name");
    put(b, f, raw, podsim_enum_name(PODSIM_ENUM_CONTAINER_KIND, (int)c->kind),
        "container.role");
    put_i(b, f, raw, (int64_t)index, "container.index");
    put(b, f, raw, nz(c->image), "container.image");
    strbuf_clear(&b->val);
    image_host(&b->val, nz(c->image));
    put(b, f, D, val_text(b), "container.image_host");
    put_set(b, f, raw, c->termination_message_policy,
            "container.termination_message_policy");
    resource_facts(b, f, &c->limits, "limit");
    resource_facts(b, f, &c->requests, "request");
    const podsim_probe *probes[3] = {c->liveness_probe, c->readiness_probe,
                                     c->startup_probe};
    static const char *const probe_names[3] = {"liveness", "readiness",
                                               "startup"};
    for (int k = 0; k < 3; k++) {
        if (!probes[k]) continue;
        strbuf_clear(&b->val);
        probe_text(&b->val, probes[k], b->src->kubectl_minor);
        put(b, f, raw, val_text(b), "container.probe.%s", probe_names[k]);
    }

    podsim_container_state none;
    memset(&none, 0, sizeof none);
    const podsim_container_state *now = cs ? &cs->state : &none;
    const podsim_container_state *last = cs ? &cs->last_state : &none;
    state_facts(b, f, now, "container.");
    if (cs) {
        state_facts(b, f, last, "container.last.");
        put_b(b, f, raw, cs->ready, "container.ready");
        if (cs->started.set)
            put_b(b, f, raw, cs->started.value != 0, "container.started");
    }
    int32_t restarts = cs ? cs->restart_count : 0;
    put_i(b, f, raw, restarts, "container.restarts");

    /* derived classifications */
    if (now->kind == PODSIM_STATE_TERMINATED) {
        put(b, f, D, diag_exit_class(now->reason, now->exit_code, now->signal),
            "container.exit_class");
    } else if (last->kind == PODSIM_STATE_TERMINATED) {
        put(b, f, D,
            diag_exit_class(last->reason, last->exit_code, last->signal),
            "container.exit_class");
    }
    const char *waiting =
        now->kind == PODSIM_STATE_WAITING ? nz(now->reason) : "";
    const diag_event *failed = latest_event(b->s, "Failed", name, NULL);
    if (image_reason(waiting)) {
        const diag_event *pull =
            latest_event(b->s, "Failed", name, "Failed to pull image");
        const char *text = pull ? pull->message : nz(now->message);
        put(b, f, D, diag_pull_subcause(waiting, text),
            "container.pull_subcause");
    }
    if (strcmp(waiting, "RunContainerError") == 0 ||
        terminated_as(now, "StartError", "ContainerCannotRun") ||
        terminated_as(last, "StartError", "ContainerCannotRun")) {
        const char *texts[4] = {
            now->kind == PODSIM_STATE_TERMINATED ? now->message : NULL,
            last->kind == PODSIM_STATE_TERMINATED ? last->message : NULL,
            now->kind == PODSIM_STATE_WAITING ? now->message : NULL,
            failed ? failed->message : NULL};
        put(b, f, D, first_subcause(start_subcause, texts, 4),
            "container.start_subcause");
    }
    if (strcmp(waiting, "CreateContainerConfigError") == 0) {
        const char *texts[2] = {now->message, failed ? failed->message : NULL};
        put(b, f, D, first_subcause(config_subcause, texts, 2),
            "container.config_subcause");
    }
    event_facts(b, f, name);

    /* commands: -c only when the pod has more than one container, -p
       only after a restart */
    strbuf_clear(&b->val);
    sb_format(&b->val, "kubectl logs %s -n %s", pod, ns);
    if (b->multi) sb_format(&b->val, " -c %s", name);
    size_t base = b->val.len;
    if (restarts > 0) strbuf_puts(&b->val, " -p");
    put(b, f, D, val_text(b), "container.cmd.logs");
    strbuf_truncate(&b->val, base);
    strbuf_puts(&b->val, " -p");
    put(b, f, D, val_text(b), "container.cmd.logs_previous");
    strbuf_clear(&b->val);
    sb_format(&b->val, "kubectl exec -it %s -n %s", pod, ns);
    if (b->multi) sb_format(&b->val, " -c %s", name);
    strbuf_puts(&b->val, " -- sh");
    put(b, f, D, val_text(b), "container.cmd.exec");
    strbuf_clear(&b->val);
    sb_format(&b->val,
              "kubectl debug %s -n %s -it --copy-to=%s-debug "
              "--container=%s -- sh",
              pod, ns, pod, name);
    put(b, f, D, val_text(b), "container.cmd.debug_copy");
}

static void containers_build(builder *b) {
    diag_subject *s = b->s;
    const podsim_pod *p = b->pod;
    size_t n = p->spec.init_container_count + p->spec.container_count;
    if (!n) return;
    s->containers = arena_alloc(s->mem, n * sizeof(*s->containers));
    if (!s->containers) {
        b->failed = true;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        diag_container *dc = &s->containers[i];
        bool init = i < p->spec.init_container_count;
        size_t index = init ? i : i - p->spec.init_container_count;
        dc->spec =
            init ? &p->spec.init_containers[index] : &p->spec.containers[index];
        dc->status = init ? find_status(p->status.init_container_statuses,
                                        p->status.init_container_status_count,
                                        dc->spec->name)
                          : find_status(p->status.container_statuses,
                                        p->status.container_status_count,
                                        dc->spec->name);
        diag_facts_init(&dc->facts, s->mem);
        s->container_count = i + 1;
        if (!vec_reserve(&dc->facts.items, 64)) b->failed = true;
        container_facts(b, dc, index);
    }
}

podsim_status diag_subject_build(diag_subject *s, const diag_source *src,
                                 podsim_id pod, arena *mem) {
    if (!s) return PODSIM_EINVAL;
    memset(s, 0, sizeof *s);
    s->src = src;
    s->pod_id = pod;
    s->mem = mem;
    s->node_state = DIAG_REF_UNKNOWN;
    vec_init(&s->missing, sizeof(const char *));
    diag_facts_init(&s->facts, mem);
    if (!src || !mem || !src->cluster || !src->event_index) {
        return PODSIM_EINVAL;
    }
    const podsim_pod *p = podsim_cluster_pod(src->cluster, pod);
    if (!p || p->removed) {
        return cluster_fail(src->cluster, PODSIM_ENOTFOUND, NULL, 0, 0,
                            "diagnose: no pod with id %ld", (long)pod);
    }
    s->pod = p;

    builder b;
    memset(&b, 0, sizeof b);
    b.s = s;
    b.src = src;
    b.pod = p;
    b.raw = src->from_sim ? PODSIM_PROVENANCE_SIMULATED
                          : PODSIM_PROVENANCE_OBSERVED;
    b.as_of = src->as_of;
    b.multi = p->spec.init_container_count + p->spec.container_count > 1;
    strbuf_init(&b.path);
    strbuf_init(&b.val);
    if (!vec_reserve(&s->facts.items, 128)) b.failed = true;

    collect_events(&b);
    pod_facts(&b);
    owner_facts(&b);
    node_facts(&b);
    reference_facts(&b);
    events_summary_facts(&b);
    scheduling_facts(&b);
    containers_build(&b);

    bool failed = b.failed || b.path.failed || b.val.failed;
    strbuf_release(&b.path);
    strbuf_release(&b.val);
    if (failed) {
        return cluster_fail(src->cluster, PODSIM_ENOMEM, NULL, 0, 0,
                            "diagnose: out of memory");
    }
    return PODSIM_OK;
}

/* ---- a workload subject -----------------------------------------------------
 *
 * A Deployment, ReplicaSet, StatefulSet, DaemonSet or Job diagnosed for what
 * its pods cannot show: pods that were never created (troubleshooting.md
 * A1). The controllers record a Warning FailedCreate event on the workload
 * with the API server's refusal (pkg/controller/controller_utils.go
 * CreatePods: reason FailedCreatePodReason "FailedCreate", message "Error
 * creating: %v"; the StatefulSet controller's "create Pod %s in
 * StatefulSet %s failed error: %s", stateful_pod_control.go); the
 * ReplicaSet controller also sets ReplicaFailure=True, reason FailedCreate,
 * with the error text (replica_set_utils.go calculateStatus). The refusal
 * names its admission plugin: ResourceQuota ("exceeded quota: q, requested:
 * ..., used: ..., limited: ..." or "failed quota: q: must specify ..."),
 * Pod Security ("violates PodSecurity \"level:version\": ..."), a webhook
 * ("admission webhook \"name\" denied the request: ..." or "failed calling
 * webhook \"name\": ...") or ServiceAccount ("error looking up service
 * account ns/sa: serviceaccount \"sa\" not found").
 */

/* Pods per controller ownerReference: chained by (namespace, name). */
typedef struct owner_count {
    const char *namespace_;
    const char *name;
    const char *kind;
    const char *uid; /* of the reference, "" when none */
    int64_t count;
    int32_t next;
} owner_count;

static bool owners_build(const diag_source *src, src_extra *x) {
    const podsim_cluster *c = src->cluster;
    size_t n = podsim_cluster_count(c, PODSIM_KIND_POD);
    size_t slots = 16;
    while (slots < n) slots *= 2;
    x->owner_heads = malloc(slots * sizeof(*x->owner_heads));
    x->owners = malloc((n ? n : 1) * sizeof(*x->owners));
    if (!x->owner_heads || !x->owners) {
        free(x->owner_heads);
        free(x->owners);
        x->owner_heads = NULL;
        x->owners = NULL;
        return false;
    }
    x->owner_slot_count = slots;
    x->owner_count = 0;
    for (size_t i = 0; i < slots; i++) x->owner_heads[i] = -1;
    for (size_t i = 0; i < n; i++) {
        const podsim_pod *p = podsim_cluster_pod(c, (podsim_id)i);
        if (!p || p->removed) continue;
        const podsim_owner_reference *ref = meta_controller_of(&p->meta);
        if (!ref) continue;
        const char *ns = nz(p->meta.namespace_), *name = nz(ref->name);
        const char *kind = nz(ref->kind), *uid = nz(ref->uid);
        size_t slot = key_hash(ns, name) & (slots - 1);
        int32_t j = x->owner_heads[slot];
        while (j >= 0) {
            owner_count *o = &x->owners[j];
            if (same_string(o->name, name) && same_string(o->namespace_, ns) &&
                same_string(o->kind, kind) && same_string(o->uid, uid)) {
                break;
            }
            j = o->next;
        }
        if (j < 0) {
            j = (int32_t)x->owner_count++;
            owner_count *o = &x->owners[j];
            o->namespace_ = ns;
            o->name = name;
            o->kind = kind;
            o->uid = uid;
            o->count = 0;
            o->next = x->owner_heads[slot];
            x->owner_heads[slot] = j;
        }
        x->owners[j].count++;
    }
    x->owners_built = true;
    return true;
}

/* Pods whose controller reference names this workload (kind, namespace,
   name; uid when both have one). -1 on allocation failure. */
static int64_t owned_pods(const diag_source *src, const podsim_workload *w,
                          const char *kind) {
    src_extra *x = src->event_index;
    if (!x->owners_built && !owners_build(src, x)) return -1;
    const char *ns = nz(w->meta.namespace_), *name = nz(w->meta.name);
    const char *uid = nz(w->meta.uid);
    int64_t n = 0;
    size_t slot = key_hash(ns, name) & (x->owner_slot_count - 1);
    for (int32_t j = x->owner_heads[slot]; j >= 0; j = x->owners[j].next) {
        const owner_count *o = &x->owners[j];
        if (!same_string(o->name, name) || !same_string(o->namespace_, ns) ||
            !same_string(o->kind, kind)) {
            continue;
        }
        if (uid[0] && o->uid[0] && strcmp(uid, o->uid) != 0) continue;
        n += o->count;
    }
    return n;
}

static void collect_workload_events(builder *b, const podsim_workload *w,
                                    const char *kind) {
    diag_subject *s = b->s;
    const src_extra *x = b->src->event_index;
    const ev_slot *slot =
        index_find(x, nz(w->meta.namespace_), nz(w->meta.name));
    if (!slot) return;
    const char *uid = nz(w->meta.uid);
    size_t n = 0;
    for (int pass = 0; pass < 2; pass++) {
        const diag_event **list = NULL;
        if (pass) {
            if (!n) return;
            list = arena_alloc(s->mem, n * sizeof(*list));
            if (!list) {
                b->failed = true;
                return;
            }
            s->events = list;
            s->event_count = n;
            n = 0;
        }
        for (int32_t i = slot->head; i >= 0; i = x->next[i]) {
            const diag_event *e = &x->events[i];
            if (strcmp(e->kind, kind) != 0) continue;
            if (uid[0] && e->uid[0] && strcmp(uid, e->uid) != 0) continue;
            if (pass) list[n] = e;
            n++;
        }
    }
    qsort((void *)s->events, s->event_count, sizeof(*s->events),
          cmp_describe_order);
}

/* The quoted name after `marker` ("admission webhook \"" -> up to the
   closing quote), or the text up to one of `stops`, into b->val; NULL
   when the marker is absent or the name empty. */
static const char *name_after(builder *b, const char *msg, const char *marker,
                              const char *stops) {
    const char *p = strstr(msg, marker);
    if (!p) return NULL;
    p += strlen(marker);
    size_t n = strcspn(p, stops);
    while (n && is_space(p[n - 1])) n--;
    if (!n) return NULL;
    strbuf_clear(&b->val);
    strbuf_append(&b->val, p, n);
    return val_text(b);
}

typedef struct create_marker {
    const char *text;
    const char *also; /* must follow somewhere, NULL = none */
    const char *subcause;
} create_marker;

/* troubleshooting.md A1: which admission plugin refused the pod. The
   earliest marker in the message wins (a webhook's own text may quote
   anything after its prefix). */
static const char *create_subcause(const char *msg) {
    static const create_marker markers[] = {
        {"exceeded quota: ", NULL, "quota"},
        {"failed quota: ", NULL, "quota"},
        {"must specify limits", "quota", "quota"},
        {"must specify requests", "quota", "quota"},
        {"violates PodSecurity \"", NULL, "pod-security"},
        {"admission webhook \"", "denied the request", "webhook"},
        {"failed calling webhook \"", NULL, "webhook"},
        {"serviceaccount \"", "not found", "service-account"},
        {"error looking up service account ", NULL, "service-account"},
    };
    const char *best = NULL, *sub = "other";
    for (size_t i = 0; i < sizeof markers / sizeof markers[0]; i++) {
        const char *p = strstr(msg, markers[i].text);
        if (!p) continue;
        if (markers[i].also && !strstr(msg, markers[i].also)) continue;
        if (!best || p < best) {
            best = p;
            sub = markers[i].subcause;
        }
    }
    return sub;
}

static void create_facts(builder *b, const podsim_workload *w) {
    diag_facts *f = &b->s->facts;
    const char *msg = NULL;
    podsim_provenance prov = b->raw;
    const diag_event *e = latest_event(b->s, "FailedCreate", NULL, NULL);
    if (e) {
        msg = e->message;
        prov = e->provenance;
    } else {
        const podsim_condition *c = conditions_find(
            w->conditions, w->condition_count, "ReplicaFailure");
        if (c && !strcmp(nz(c->status), "True") && text_set(c->message)) {
            msg = c->message;
        }
    }
    if (!msg) return;
    /* the event correlator's aggregate of similar events
       (client-go tools/record/events_cache.go) prefixes the message */
    static const char combined[] = "(combined from similar events): ";
    const char *text = msg;
    if (starts_with(text, combined)) text += sizeof combined - 1;
    put(b, f, prov, trimmed(b, text), "workload.create_message");
    const char *sub = create_subcause(msg);
    put(b, f, D, sub, "workload.create_subcause");
    const char *v;
    if (!strcmp(sub, "quota")) {
        v = name_after(b, msg, "exceeded quota: ", ",");
        if (!v) v = name_after(b, msg, "failed quota: ", ":,");
        if (v) put(b, f, D, v, "workload.quota");
    } else if (!strcmp(sub, "pod-security")) {
        v = name_after(b, msg, "violates PodSecurity \"", "\"");
        if (v) {
            const char *colon = strchr(v, ':');
            const char *level = v;
            if (colon) {
                put(b, f, D, colon + 1, "workload.psa_version");
                level = arena_strndup(b->s->mem, v, (size_t)(colon - v));
                if (!level) {
                    b->failed = true;
                    return;
                }
            }
            put(b, f, D, level, "workload.psa_level");
        }
    } else if (!strcmp(sub, "webhook")) {
        v = name_after(b, msg, "admission webhook \"", "\"");
        if (!v) v = name_after(b, msg, "failed calling webhook \"", "\"");
        if (v) put(b, f, D, v, "workload.webhook");
    } else if (!strcmp(sub, "service-account")) {
        v = name_after(b, msg, "serviceaccount \"", "\"");
        if (v) put(b, f, D, v, "workload.missing_service_account");
    }
}

/* "app=web,tier=front" of a selector with matchLabels only; "" when it has
   expressions (kubectl -l cannot say In/NotIn of an arbitrary set simply)
   or no labels. */
static const char *selector_text(builder *b, const podsim_label_selector *sel) {
    strbuf_clear(&b->val);
    if (!sel || sel->match_expression_count || !sel->match_labels.count) {
        return "";
    }
    for (size_t i = 0; i < sel->match_labels.count; i++) {
        const podsim_kv *kv = &sel->match_labels.items[i];
        sb_format(&b->val, "%s%s=%s", i ? "," : "", nz(kv->key), nz(kv->value));
    }
    return val_text(b);
}

static void workload_facts(builder *b, const podsim_workload *w,
                           podsim_kind kind) {
    diag_facts *f = &b->s->facts;
    podsim_provenance raw = b->raw;
    const char *kname = podsim_kind_name(kind);
    const char *ns = nz(w->meta.namespace_), *name = nz(w->meta.name);
    char low[32];
    size_t li = 0;
    for (; kname[li] && li + 1 < sizeof low; li++) low[li] = lower(kname[li]);
    low[li] = '\0';

    put(b, f, raw, kname, "workload.kind");
    put(b, f, raw, ns, "workload.namespace");
    put(b, f, raw, name, "workload.name");
    put_set(b, f, raw, w->meta.uid, "workload.uid");
    put_age(b, f, w->meta.creation_timestamp, "workload.age_seconds");

    /* desired / current / ready as `kubectl get <kind>` counts them */
    bool job = kind == PODSIM_KIND_JOB;
    bool has_desired = false;
    int64_t desired = 0;
    if (job) {
        if (w->parallelism.set) {
            has_desired = true;
            desired = w->parallelism.value;
        }
    } else if (kind == PODSIM_KIND_DAEMONSET) {
        /* DESIRED of `kubectl get ds`: status.desiredNumberScheduled */
        if (w->status_desired_number_scheduled.set) {
            has_desired = true;
            desired = w->status_desired_number_scheduled.value;
        }
    } else if (w->replicas.set) {
        has_desired = true;
        desired = w->replicas.value;
    }
    if (has_desired) put_i(b, f, raw, desired, "workload.desired");
    put_i(b, f, raw, w->status_replicas, "workload.current");
    put_i(b, f, raw, w->status_ready_replicas, "workload.ready");

    bool finished = false; /* a Job that completed or failed */
    for (size_t i = 0; i < w->condition_count; i++) {
        const podsim_condition *c = &w->conditions[i];
        const char *type = nz(c->type);
        if (!type[0]) continue;
        put(b, f, raw, nz(c->status), "workload.condition.%s.status", type);
        put_set(b, f, raw, c->reason, "workload.condition.%s.reason", type);
        put_set(b, f, raw, c->message, "workload.condition.%s.message", type);
        put_age(b, f, c->last_transition_time,
                "workload.condition.%s.age_seconds", type);
        if (job && (!strcmp(type, "Complete") || !strcmp(type, "Failed")) &&
            !strcmp(nz(c->status), "True")) {
            finished = true;
        }
    }
    if (has_desired && !finished && desired > w->status_replicas) {
        put_i(b, f, D, desired - w->status_replicas, "workload.missing_pods");
    }
    if (b->src->has_kind[PODSIM_KIND_POD]) {
        int64_t pods = owned_pods(b->src, w, kname);
        if (pods < 0) {
            b->failed = true;
        } else {
            put_i(b, f, D, pods, "workload.pods");
        }
    }

    const podsim_owner_reference *up = meta_controller_of(&w->meta);
    if (up) {
        put(b, f, raw, nz(up->kind), "workload.owner.kind");
        put(b, f, raw, nz(up->name), "workload.owner.name");
    }
    const char *sa =
        w->template_pod ? w->template_pod->spec.service_account_name : NULL;
    put_set(b, f, raw, sa, "workload.service_account");

    /* the ReplicaSet a Deployment's Progressing condition names
       (deploymentutil NewRSNewReplicas / progress.go: "ReplicaSet \"x\" has
       timed out progressing.", "... is progressing.", ...) */
    const char *new_rs = NULL;
    if (kind == PODSIM_KIND_DEPLOYMENT) {
        const podsim_condition *c =
            conditions_find(w->conditions, w->condition_count, "Progressing");
        if (c && text_set(c->message)) {
            new_rs = name_after(b, c->message, "ReplicaSet \"", "\"");
            if (new_rs) put(b, f, D, new_rs, "workload.new_replicaset");
        }
    }

    events_summary_facts(b);
    create_facts(b, w);

    /* commands (fully substituted) */
    strbuf_clear(&b->val);
    sb_format(&b->val, "kubectl describe %s %s -n %s", low, name, ns);
    put(b, f, D, val_text(b), "cmd.describe");
    strbuf_clear(&b->val);
    sb_format(&b->val,
              "kubectl get events -n %s --field-selector "
              "involvedObject.kind=%s,involvedObject.name=%s",
              ns, kname, name);
    put(b, f, D, val_text(b), "cmd.events");
    strbuf_clear(&b->val);
    sb_format(&b->val, "kubectl get %s %s -n %s -o yaml", low, name, ns);
    put(b, f, D, val_text(b), "cmd.yaml");
    strbuf_clear(&b->val);
    sb_format(&b->val, "kubectl describe quota -n %s", ns);
    put(b, f, D, val_text(b), "cmd.quota");
    strbuf_clear(&b->val);
    sb_format(&b->val, "kubectl get ns %s --show-labels", ns);
    put(b, f, D, val_text(b), "cmd.ns_labels");
    put(b, f, D,
        "kubectl get "
        "validatingwebhookconfigurations,mutatingwebhookconfigurations",
        "cmd.webhooks");
    /* the ServiceAccount the refusal names, else the template's, else the
       one a pod gets by default */
    const char *want_sa = diag_facts_get(f, "workload.missing_service_account");
    if (!want_sa) want_sa = text_set(sa) ? sa : "default";
    strbuf_clear(&b->val);
    sb_format(&b->val, "kubectl get serviceaccount %s -n %s", want_sa, ns);
    put(b, f, D, val_text(b), "cmd.get_sa");
    if (kind == PODSIM_KIND_DEPLOYMENT) {
        strbuf_clear(&b->val);
        sb_format(&b->val, "kubectl rollout status deployment/%s -n %s", name,
                  ns);
        put(b, f, D, val_text(b), "cmd.rollout_status");
        new_rs = diag_facts_get(f, "workload.new_replicaset");
        if (new_rs) {
            strbuf_clear(&b->val);
            sb_format(&b->val, "kubectl describe replicaset %s -n %s", new_rs,
                      ns);
            put(b, f, D, val_text(b), "cmd.describe_rs");
        }
    }
    /* the workload's pods: a Job's carry its name as a label (the Job
       controller's batch.kubernetes.io/job-name), the others match the
       selector when it is plain matchLabels */
    const char *sel = job ? "" : selector_text(b, w->selector);
    if (job) {
        strbuf_clear(&b->val);
        sb_format(&b->val, "batch.kubernetes.io/job-name=%s", name);
        sel = val_text(b);
    }
    if (sel[0]) {
        put(b, f, D, sel, "workload.selector");
        sel = diag_facts_get(f, "workload.selector");
        if (!sel) return; /* b->failed is set */
        strbuf_clear(&b->val);
        sb_format(&b->val, "kubectl get pods -n %s -l %s", ns, sel);
        put(b, f, D, val_text(b), "cmd.get_pods");
    }
}

podsim_status diag_subject_build_workload(diag_subject *s,
                                          const diag_source *src,
                                          podsim_kind kind, podsim_id id,
                                          arena *mem) {
    if (!s) return PODSIM_EINVAL;
    memset(s, 0, sizeof *s);
    s->src = src;
    s->pod_id = PODSIM_NO_ID;
    s->mem = mem;
    s->node_state = DIAG_REF_UNKNOWN;
    vec_init(&s->missing, sizeof(const char *));
    diag_facts_init(&s->facts, mem);
    if (!src || !mem || !src->cluster || !src->event_index ||
        !workload_kind(kind)) {
        return PODSIM_EINVAL;
    }
    const podsim_workload *w = podsim_cluster_workload(src->cluster, kind, id);
    if (!w) {
        return cluster_fail(src->cluster, PODSIM_ENOTFOUND, NULL, 0, 0,
                            "diagnose: no %s with id %ld",
                            podsim_kind_name(kind), (long)id);
    }
    s->workload = w;

    builder b;
    memset(&b, 0, sizeof b);
    b.s = s;
    b.src = src;
    b.pod = NULL;
    b.raw = src->from_sim ? PODSIM_PROVENANCE_SIMULATED
                          : PODSIM_PROVENANCE_OBSERVED;
    b.as_of = src->as_of;
    strbuf_init(&b.path);
    strbuf_init(&b.val);
    if (!vec_reserve(&s->facts.items, 64)) b.failed = true;

    collect_workload_events(&b, w, podsim_kind_name(kind));
    workload_facts(&b, w, kind);

    bool failed = b.failed || b.path.failed || b.val.failed;
    strbuf_release(&b.path);
    strbuf_release(&b.val);
    if (failed) {
        return cluster_fail(src->cluster, PODSIM_ENOMEM, NULL, 0, 0,
                            "diagnose: out of memory");
    }
    return PODSIM_OK;
}

void diag_subject_release(diag_subject *s) {
    if (!s) return;
    for (size_t i = 0; i < s->container_count; i++) {
        diag_facts_release(&s->containers[i].facts);
    }
    diag_facts_release(&s->facts);
    vec_release(&s->missing);
    s->containers = NULL;
    s->container_count = 0;
    s->events = NULL;
    s->event_count = 0;
}
