/*
 * diag.h - the diagnosis engine's internal contract (troubleshooting flows).
 *
 * Layers (one file per concept):
 *   diag_facts.c    one normalized fact set per pod, from a loaded dump or a
 *                   simulation: pod, containers, events (kubectl's effective
 *                   first/last/count), node, owner, referenced objects with
 *                   three values, derived facts (FailedScheduling histogram,
 *                   image-pull sub-cause, exit class, node silence, eviction
 *                   ETA). Also the kubectl views for a dump pod.
 *   diag_rules.c    the rule set: YAML/JSON rule compiler, the declarative
 *                   matcher shared by every rule source, templates.
 *   diag_builtin.c  the built-in catalogue (an embedded YAML pack) and the C
 *                   checks that built-in rules name with `check:`.
 *   diag_flows.c    checks that run podsim on a copy: node-lost ways out,
 *                   the smallest change that makes an unschedulable pod fit.
 *   diagnose.c      orchestration: sources, evaluation order, causal
 *                   ranking, the podsim_diagnosis result, text/JSON output.
 *   sim_dump.c      podsim_sim_dump (kubectl -o yaml of a simulation).
 *
 * Upstream sources are named in each file. The reference is
 * shared/reference/troubleshooting.md (catalogue, kubectl formats, rule
 * model).
 */
#ifndef PODSIM_DIAG_H
#define PODSIM_DIAG_H

#include "podsim.h"
#include "support.h"

/* ---- events, normalized
 * ------------------------------------------------------
 *
 * Both event shapes (core/v1 with count/firstTimestamp/lastTimestamp, and
 * events.k8s.io seen through v1 with eventTime and series) and simulation
 * events end up as one diag_event with kubectl's effective times
 * (troubleshooting.md 0.3): first = eventTime else firstTimestamp; last =
 * series.lastObservedTime else lastTimestamp else first; count =
 * series.count else count else 1.
 */
typedef struct diag_event {
    int64_t first; /* wall ms; PODSIM_NO_TIME when unknown */
    int64_t last;  /* wall ms */
    int32_t count; /* >= 1 */
    /* describe sorts by lastTimestamp only: events without one (the
       events.k8s.io shape) come first (sorted_event_list.go) */
    bool has_last_timestamp;
    bool has_series;
    const char *type; /* Normal, Warning */
    const char *reason;
    const char *message;    /* untrimmed, as stored */
    const char *field_path; /* "" when none */
    const char *container;  /* container named by field_path, "" when none */
    const char *source;     /* source.component, else reportingController */
    const char *host;       /* source.host, "" when none */
    const char *kind;       /* involvedObject kind */
    const char *namespace_;
    const char *name;
    const char *uid;        /* "" when none */
    const char *event_name; /* metadata.name, "" for simulation events */
    uint64_t order;         /* list order (dump) / recording order (sim) */
    podsim_provenance provenance;
} diag_event;

/* A simulation's event (one series: its latest occurrence) as a diag_event:
   times in wall ms; events written through events.k8s.io (the scheduler
   profiles' Scheduled / FailedScheduling / Preempted) have no
   lastTimestamp and their repeats are a series. `container` is "" (the
   caller resolves the fieldPath when it needs it). */
void diag_event_from_sim(const podsim_sim *sim, const podsim_sim_event *se,
                         diag_event *out);

/* ---- facts ------------------------------------------------------------------
 *
 * A fact set is a small map path -> (value, provenance). Strings are copied
 * into the set's arena. Paths are the vocabulary in docs/diagnose.md.
 */
typedef struct diag_fact {
    const char *path;
    const char *value;
    podsim_provenance provenance;
} diag_fact;

typedef struct diag_facts {
    arena *mem;  /* borrowed: the diagnosis arena */
    vec items;   /* diag_fact, unsorted while building */
    bool sorted; /* diag_facts_sort done: lookups use binary search */
} diag_facts;

void diag_facts_init(diag_facts *f, arena *mem);
void diag_facts_release(diag_facts *f);
/* Set (or replace) a fact. false on allocation failure. */
bool diag_facts_set(diag_facts *f, const char *path, const char *value,
                    podsim_provenance provenance);
bool diag_facts_setf(diag_facts *f, const char *path,
                     podsim_provenance provenance, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The value, or NULL when absent. Works sorted or not. */
const char *diag_facts_get(const diag_facts *f, const char *path);
const diag_fact *diag_facts_find(const diag_facts *f, const char *path);
/* Sort by path (strcmp) and drop duplicates keeping the last set. */
void diag_facts_sort(diag_facts *f);

/* ---- the source a diagnosis reads ------------------------------------------
 */

/* Three values of a referenced object (ConfigMap, Secret, PVC, node,
   owner): a kind the input has no object of at all counts as not supplied
   (unknown), never as missing. */
typedef enum diag_ref_state {
    DIAG_REF_UNKNOWN = 0, /* not supplied */
    DIAG_REF_EXISTS,
    DIAG_REF_MISSING
} diag_ref_state;

const char *diag_ref_state_name(diag_ref_state s); /* "unknown","exists",
                                                      "missing" */

typedef struct diag_source {
    podsim_cluster *cluster; /* the dump, or the simulation's working model */
    podsim_sim *sim;         /* NULL for a dump */
    bool from_sim;
    int64_t as_of;     /* wall ms */
    int64_t epoch_ms;  /* simulation epoch (wall ms of sim time 0) */
    int kubectl_minor; /* kubectl version the views follow (34 = 1.34) */
    const char *kubernetes_version; /* "1.34" */
    /* every event, normalized, in list/recording order */
    const diag_event *events;
    size_t event_count;
    /* which kinds the input supplied (any object of the kind) */
    bool has_kind[PODSIM_KIND_COUNT];
    bool events_supplied;
    /* index: events by involved (namespace, name) - built once */
    void *event_index; /* owned by diag_facts.c */
    arena mem;         /* long-lived strings of the source */
} diag_source;

podsim_status diag_source_from_cluster(diag_source *src,
                                       podsim_cluster *cluster, int64_t as_of,
                                       const char *kubectl_ver);
podsim_status diag_source_from_sim(diag_source *src, podsim_sim *sim,
                                   int64_t as_of, const char *kubectl_ver);
void diag_source_release(diag_source *src);

/* ---- one subject (a pod) ----------------------------------------------------
 */

typedef struct diag_container {
    const podsim_container *spec;          /* never NULL */
    const podsim_container_status *status; /* NULL when none */
    diag_facts facts; /* this container's facts, paths "container.<f>" */
} diag_container;

typedef struct diag_subject {
    const diag_source *src;
    const podsim_pod *pod; /* NULL for a workload subject */
    podsim_id pod_id;
    /* a workload subject (diag_subject_build_workload): a Deployment,
       ReplicaSet, StatefulSet, DaemonSet or Job, diagnosed for what its
       pods cannot show (pods never created: FailedCreate); NULL for pods */
    const podsim_workload *workload;
    const podsim_node *node; /* NULL when unbound or not supplied */
    diag_ref_state node_state;
    /* the pod's events (namespace, name and, when both have one, uid
       match; kubectl describe's selection), sorted as describe sorts */
    const diag_event **events;
    size_t event_count;
    diag_facts facts;           /* pod-level facts (pod.*, node.*, owner.*,
                                   ref.*, event.*, scheduling.*, cmd.*) */
    diag_container *containers; /* init and sidecars first, then regular */
    size_t container_count;
    vec missing; /* const char * : missing-evidence notes */
    arena *mem;  /* the diagnosis arena */
} diag_subject;

/* Build the subject and all its facts. */
podsim_status diag_subject_build(diag_subject *s, const diag_source *src,
                                 podsim_id pod, arena *mem);
/* A workload subject (kind PODSIM_KIND_DEPLOYMENT..JOB): no containers;
   its facts are workload.*, event.* / events.* over the events whose
   involvedObject is the workload (kind, namespace, name; uid when both
   have one), and cmd.*. */
podsim_status diag_subject_build_workload(diag_subject *s,
                                          const diag_source *src,
                                          podsim_kind kind, podsim_id id,
                                          arena *mem);
void diag_subject_release(diag_subject *s);

/* kubectl views of the subject at src->as_of (text appended to out):
   describe pod, get events (header + this pod's rows), get pods (header +
   row), get node (header + row, nothing when there is no node). */
void diag_render_describe(const diag_subject *s, strbuf *out);
void diag_render_events(const diag_subject *s, strbuf *out);
void diag_render_get_pod(const diag_subject *s, strbuf *out);
void diag_render_get_node(const diag_subject *s, strbuf *out);
/* describe with times in a fixed zone (minutes east of UTC), as kubectl
   prints them on a machine in that zone (fixtures recorded outside UTC) */
void diag_render_describe_tz(const diag_subject *s, int tz_minutes,
                             strbuf *out);

/* ---- findings under construction -------------------------------------------
 */

typedef struct diag_finding {
    const char *rule;
    const char *category;
    podsim_severity severity;
    podsim_confidence confidence;
    int32_t priority;
    const char *title;
    const char *summary;
    const char *container; /* "" for the pod */
    vec evidence;          /* podsim_evidence */
    vec root_causes;       /* const char * */
    vec next;              /* podsim_next_step */
    vec fix;               /* const char * */
    vec docs;              /* const char * */
    vec ways_out;          /* podsim_way_out */
    vec labels;            /* podsim_kv */
    vec suppresses;        /* const char * category prefixes */
    const char *explained_by;
    int64_t first_seen; /* earliest evidence time, for ranking */
    size_t rule_index;  /* position of the rule in the set */
} diag_finding;

/* Builders (strings copied into mem). All return false on ENOMEM. */
bool diag_finding_evidence(diag_finding *f, arena *mem, const char *path,
                           const char *value, const char *quote,
                           int64_t observed_at, podsim_provenance prov);
bool diag_finding_next(diag_finding *f, arena *mem, const char *command,
                       const char *why, const char *needs);
bool diag_finding_cause(diag_finding *f, arena *mem, const char *text);
bool diag_finding_fix(diag_finding *f, arena *mem, const char *text);
bool diag_finding_way_out(diag_finding *f, arena *mem, const char *action,
                          const char *command, const char *consequence,
                          const char *warning, int64_t after_ms, bool computed);
/* A duration in words for titles and consequences: "5m 10s", "1h 2m",
   "45s" (whole seconds, rounded down; the sign dropped). */
void diag_put_duration(strbuf *b, int64_t ms);
/* printf into a new arena string */
const char *diag_strf(arena *mem, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* ---- C checks of built-in rules --------------------------------------------
 *
 * A built-in rule names its check (`check: node-lost-ways-out`). The check
 * runs after the rule's `when` matched and its template filled `f`; it may
 * add evidence, ways out, next steps, change the title or the category (to
 * pick a sub-cause), or decline (*fire = false). `container` is the bound
 * container or NULL.
 */
typedef struct diag_run diag_run; /* one diagnosis in progress */

typedef podsim_status (*diag_check_fn)(diag_run *run, const diag_subject *s,
                                       const diag_container *container,
                                       diag_finding *f, bool *fire);

typedef struct diag_check {
    const char *name;
    diag_check_fn fn;
} diag_check;

/* The built-in catalogue as a YAML rule pack (diag_builtin.c). */
const char *diag_builtin_rules_yaml(size_t *len);
/* Every named C check (diag_builtin.c and diag_flows.c). */
const diag_check *diag_find_check(const char *name);

/* Checks of diag_flows.c (listed by diag_find_check). */
podsim_status diag_check_node_lost(diag_run *run, const diag_subject *s,
                                   const diag_container *c, diag_finding *f,
                                   bool *fire);
podsim_status diag_check_unschedulable(diag_run *run, const diag_subject *s,
                                       const diag_container *c, diag_finding *f,
                                       bool *fire);

/* The same checks without a run (diag_flows.c; tests call them directly):
   the finding's strings go to mem. */
podsim_status diag_flows_node_lost(arena *mem, unsigned flags,
                                   const diag_subject *s, diag_finding *f);
podsim_status diag_flows_unschedulable(arena *mem, unsigned flags,
                                       const diag_subject *s, diag_finding *f);

/* What a check may ask of the run. */
arena *diag_run_arena(diag_run *run);
unsigned diag_run_flags(const diag_run *run); /* PODSIM_DIAGNOSE_* */

/* ---- FailedScheduling message grammar (scheduler-reference 3) ---------------
 */

typedef struct diag_sched_reason {
    const char *reason; /* "Insufficient cpu" */
    int32_t count;
} diag_sched_reason;

typedef struct diag_sched_message {
    int32_t available; /* the "0" of 0/N */
    int32_t nodes;     /* N */
    diag_sched_reason *reasons;
    size_t reason_count;
    const char *preemption; /* the tail after "preemption: ", "" none */
    bool parsed;
} diag_sched_message;

/* Parse "0/3 nodes are available: 1 node(s) had untolerated taint {...}, 2
   Insufficient cpu. preemption: ..." (strings in mem). */
bool diag_parse_sched_message(const char *msg, arena *mem,
                              diag_sched_message *out);

/* The sub-category for one scheduler reason string ("insufficient-cpu",
   "taint", "node-affinity", ...); "other" when unknown. */
const char *diag_sched_subcategory(const char *reason);

/* ---- classifications shared by facts and rules ------------------------------
 */

/* D2 exit class of a termination: "exit-0", "exit-1", "oom", "sigkill", ... */
const char *diag_exit_class(const char *reason, int32_t exit_code,
                            int32_t signal);
/* C1 image-pull sub-cause from the pull error text and waiting reason. */
const char *diag_pull_subcause(const char *waiting_reason, const char *message);

/* ---- the rule set (diag_rules.c; used by diagnose.c) ------------------------
 */

typedef struct diag_rule diag_rule; /* one compiled rule */

/* What a predicate or a template reads: the pod's facts, the bound
   container's facts (paths "container.*"), the findings so far. */
typedef struct diag_eval {
    const diag_subject *subject;
    const diag_container *container;      /* NULL for on: pod */
    const diag_facts *findings;           /* "finding.<category>" */
    const diag_facts *container_findings; /* "container.finding.<c>" */
    int64_t as_of;
} diag_eval;

const char *diag_eval_get(const diag_eval *e, const char *path);

size_t diag_rules_size(const podsim_rules *rules);
const diag_rule *diag_rules_rule(const podsim_rules *rules, size_t i);
bool diag_rule_enabled(const diag_rule *r);
bool diag_rule_on_container(const diag_rule *r);
bool diag_rule_on_workload(const diag_rule *r); /* on: workload */
bool diag_rule_uses_findings(const diag_rule *r);
const char *diag_rule_id(const diag_rule *r);
/* the built-in id this rule replaced, or NULL */
const char *diag_rule_overrides(const diag_rule *r);
/* built-in ids disabled in the set */
size_t diag_rules_disabled_count(const podsim_rules *rules);
const char *diag_rules_disabled(const podsim_rules *rules, size_t i);

/* Does the rule's `when` hold? (*error set on a bad regex at run time) */
bool diag_rule_matches(const diag_rule *r, const diag_eval *e);
/* Fill f from the rule's template (category, title, ... evidence). */
podsim_status diag_rule_instantiate(const diag_rule *r, const diag_eval *e,
                                    arena *mem, diag_finding *f);
/* The rule's C check (built-ins) and host callback, when set. */
const diag_check *diag_rule_c_check(const diag_rule *r);
podsim_rule_check_fn diag_rule_callback(const diag_rule *r, void **user);
/* Apply a check's YAML/JSON overrides to f. On a malformed text returns
   PODSIM_EPARSE with *why set (arena string). */
podsim_status diag_apply_overrides(diag_finding *f, const char *text,
                                   size_t len, const diag_eval *e, arena *mem,
                                   const char **why);

#endif /* PODSIM_DIAG_H */
