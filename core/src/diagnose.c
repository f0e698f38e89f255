/*
 * diagnose.c - the diagnosis engine: one pod in, ranked findings out.
 *
 * Models the triage an operator does with kubectl (the Debug Pods and
 * Debug Running Pods pages of kubernetes/website, and the learnk8s
 * troubleshooting tree as livelint implements it): find every problem the
 * evidence shows, then put the most fundamental first, because later steps
 * of the triage are usually consequences of earlier ones (a lost node makes
 * its pods NotReady; an OOM kill is why a container crash-loops). The rule
 * model, ranking and output schema follow shared/reference/
 * troubleshooting.md sections 0.2 (triage order), 4.3 (ranking and
 * causality) and 4.4 (output schema).
 *
 * Evaluation of one pod:
 *   1. facts (diag_facts.c) from a dump or a simulation;
 *   2. every enabled rule whose `when` holds, per container for
 *      `on: container`: first the rules that do not read other findings,
 *      then those that do (refinements); the rule's C check or host
 *      callback may decline, change or enrich the finding; a failing rule
 *      is recorded and the diagnosis goes on;
 *   3. ranking: priority, severity, confidence, earliest evidence, rule id,
 *      container; `suppresses` marks the findings a finding explains;
 *   4. the kubectl views at as_of.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "sim.h"

/* ---- one diagnosis in progress ----------------------------------------------
 */

struct diag_run {
    arena *mem;
    unsigned flags;
    const podsim_rules *rules;
    const diag_source *src;
    diag_subject *subject;
    vec findings;                   /* diag_finding * */
    diag_facts findings_facts;      /* finding.<category> */
    diag_facts *container_findings; /* per container */
    vec rule_errors;                /* podsim_rule_error */
    vec fired;                      /* const char * rule ids */
};

arena *diag_run_arena(diag_run *run) {
    return run->mem;
}
unsigned diag_run_flags(const diag_run *run) {
    return run->flags;
}

typedef struct diag_result {
    podsim_diagnosis pub; /* first: podsim_diagnosis * is a diag_result * */
    arena mem;
    strbuf render;
} diag_result;

/* ---- builders
 * ------------------------------------------------------------------ */

const char *diag_strf(arena *mem, const char *fmt, ...) {
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) return NULL;
    if ((size_t)n < sizeof small) return arena_strndup(mem, small, (size_t)n);
    char *out = arena_alloc(mem, (size_t)n + 1);
    if (!out) return NULL;
    va_start(ap, fmt);
    vsnprintf(out, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return out;
}

static const char *dup_or_empty(arena *mem, const char *s) {
    if (!s) return "";
    return arena_strndup(mem, s, strlen(s));
}

bool diag_finding_evidence(diag_finding *f, arena *mem, const char *path,
                           const char *value, const char *quote,
                           int64_t observed_at, podsim_provenance prov) {
    podsim_evidence *e = vec_push(&f->evidence);
    if (!e) return false;
    e->path = dup_or_empty(mem, path);
    e->value = dup_or_empty(mem, value);
    e->quote = dup_or_empty(mem, quote);
    e->observed_at = observed_at;
    e->provenance = prov;
    if (observed_at != PODSIM_NO_TIME &&
        (f->first_seen == PODSIM_NO_TIME || observed_at < f->first_seen)) {
        f->first_seen = observed_at;
    }
    return e->path && e->value && e->quote;
}

bool diag_finding_next(diag_finding *f, arena *mem, const char *command,
                       const char *why, const char *needs) {
    for (size_t i = 0; i < f->next.len; i++) {
        const podsim_next_step *n = vec_at(&f->next, i);
        if (!strcmp(n->command, command)) return true; /* once each */
    }
    podsim_next_step *n = vec_push(&f->next);
    if (!n) return false;
    n->command = dup_or_empty(mem, command);
    n->why = dup_or_empty(mem, why);
    n->needs = dup_or_empty(mem, needs && *needs ? needs : "cluster");
    return n->command && n->why && n->needs;
}

static bool push_text(vec *v, arena *mem, const char *text) {
    const char **slot = vec_push(v);
    if (!slot) return false;
    *slot = dup_or_empty(mem, text);
    return *slot != NULL;
}

bool diag_finding_cause(diag_finding *f, arena *mem, const char *text) {
    return push_text(&f->root_causes, mem, text);
}

bool diag_finding_fix(diag_finding *f, arena *mem, const char *text) {
    return push_text(&f->fix, mem, text);
}

bool diag_finding_way_out(diag_finding *f, arena *mem, const char *action,
                          const char *command, const char *consequence,
                          const char *warning, int64_t after_ms,
                          bool computed) {
    podsim_way_out *w = vec_push(&f->ways_out);
    if (!w) return false;
    w->action = dup_or_empty(mem, action);
    w->command = dup_or_empty(mem, command);
    w->consequence = dup_or_empty(mem, consequence);
    w->warning = dup_or_empty(mem, warning);
    w->after_ms = after_ms;
    w->computed = computed;
    return w->action && w->command && w->consequence && w->warning;
}

static diag_finding *new_finding(void) {
    diag_finding *f = calloc(1, sizeof(*f));
    if (!f) return NULL;
    vec_init(&f->evidence, sizeof(podsim_evidence));
    vec_init(&f->root_causes, sizeof(const char *));
    vec_init(&f->next, sizeof(podsim_next_step));
    vec_init(&f->fix, sizeof(const char *));
    vec_init(&f->docs, sizeof(const char *));
    vec_init(&f->ways_out, sizeof(podsim_way_out));
    vec_init(&f->labels, sizeof(podsim_kv));
    vec_init(&f->suppresses, sizeof(const char *));
    f->first_seen = PODSIM_NO_TIME;
    f->explained_by = "";
    f->container = "";
    return f;
}

static void free_finding(diag_finding *f) {
    if (!f) return;
    vec_release(&f->evidence);
    vec_release(&f->root_causes);
    vec_release(&f->next);
    vec_release(&f->fix);
    vec_release(&f->docs);
    vec_release(&f->ways_out);
    vec_release(&f->labels);
    vec_release(&f->suppresses);
    free(f);
}

/* ---- evaluation
 * ------------------------------------------------------------------ */

static podsim_status record_rule_error(diag_run *run, const char *rule,
                                       const char *message) {
    podsim_rule_error *e = vec_push(&run->rule_errors);
    if (!e) return PODSIM_ENOMEM;
    e->rule = dup_or_empty(run->mem, rule);
    e->message = dup_or_empty(run->mem, message);
    return e->rule && e->message ? PODSIM_OK : PODSIM_ENOMEM;
}

static int cmp_fact(const void *a, const void *b) {
    return strcmp(((const podsim_fact *)a)->path,
                  ((const podsim_fact *)b)->path);
}

static void append_facts(podsim_fact *out, size_t *n, const diag_facts *f,
                         const char *prefix, arena *mem) {
    if (!f) return;
    for (size_t i = 0; i < f->items.len; i++) {
        const diag_fact *d = vec_at(&f->items, i);
        podsim_fact *o = &out[(*n)++];
        o->path = prefix ? diag_strf(mem, "%s%s", prefix, d->path) : d->path;
        if (!o->path) o->path = d->path;
        o->value = d->value;
        o->provenance = d->provenance;
    }
}

/* The context a host callback sees: every fact it may read, sorted. */
static podsim_status callback_context(diag_run *run, const diag_eval *e,
                                      const char *rule,
                                      podsim_rule_context *ctx) {
    const diag_subject *s = run->subject;
    size_t total = s->facts.items.len + run->findings_facts.items.len;
    if (e->container) {
        total += e->container->facts.items.len;
        total += e->container_findings->items.len;
    }
    podsim_fact *facts =
        arena_alloc(run->mem, (total ? total : 1) * sizeof(*facts));
    podsim_finding *found = arena_alloc(
        run->mem, (run->findings.len ? run->findings.len : 1) * sizeof(*found));
    if (!facts || !found) return PODSIM_ENOMEM;
    size_t n = 0;
    append_facts(facts, &n, &s->facts, NULL, run->mem);
    append_facts(facts, &n, &run->findings_facts, NULL, run->mem);
    if (e->container) {
        append_facts(facts, &n, &e->container->facts, NULL, run->mem);
        append_facts(facts, &n, e->container_findings, NULL, run->mem);
    }
    qsort(facts, n, sizeof(*facts), cmp_fact);
    for (size_t i = 0; i < run->findings.len; i++) {
        const diag_finding *f = *(diag_finding **)vec_at(&run->findings, i);
        memset(&found[i], 0, sizeof found[i]);
        found[i].rule = f->rule;
        found[i].category = f->category;
        found[i].severity = f->severity;
        found[i].confidence = f->confidence;
        found[i].priority = f->priority;
        found[i].title = f->title;
        found[i].summary = f->summary;
        found[i].container = f->container;
        found[i].explained_by = "";
    }
    memset(ctx, 0, sizeof *ctx);
    ctx->rule = rule;
    ctx->container = e->container ? e->container->spec->name : "";
    ctx->facts = facts;
    ctx->fact_count = n;
    ctx->findings = found;
    ctx->finding_count = run->findings.len;
    return PODSIM_OK;
}

static podsim_status run_callback(diag_run *run, const diag_rule *r,
                                  const diag_eval *e, diag_finding *f,
                                  bool *fire) {
    void *user = NULL;
    podsim_rule_check_fn cb = diag_rule_callback(r, &user);
    podsim_rule_context ctx;
    podsim_status s = callback_context(run, e, diag_rule_id(r), &ctx);
    if (s) return s;
    const char *result = NULL;
    size_t len = 0;
    s = cb(user, &ctx, &result, &len);
    if (s != PODSIM_OK) {
        *fire = false;
        char msg[1024];
        snprintf(msg, sizeof msg, "%.*s", (int)(result ? len : 0),
                 result ? result : "");
        return record_rule_error(run, diag_rule_id(r),
                                 msg[0] ? msg : podsim_status_str(s));
    }
    if (!result) {
        *fire = false;
        return PODSIM_OK;
    }
    const char *why = "";
    s = diag_apply_overrides(f, result, len, e, run->mem, &why);
    if (s == PODSIM_ENOMEM) return s;
    if (s != PODSIM_OK) {
        *fire = false;
        return record_rule_error(run, diag_rule_id(r), why);
    }
    return PODSIM_OK;
}

static podsim_status note_fired(diag_run *run, const diag_rule *r,
                                const diag_finding *f,
                                const diag_container *c) {
    const char *path = diag_strf(run->mem, "finding.%s", f->category);
    if (!path || !diag_facts_set(&run->findings_facts, path, "true",
                                 PODSIM_PROVENANCE_DERIVED)) {
        return PODSIM_ENOMEM;
    }
    if (c) {
        size_t idx = (size_t)(c - run->subject->containers);
        const char *cp =
            diag_strf(run->mem, "container.finding.%s", f->category);
        if (!cp || !diag_facts_set(&run->container_findings[idx], cp, "true",
                                   PODSIM_PROVENANCE_DERIVED)) {
            return PODSIM_ENOMEM;
        }
    }
    for (size_t i = 0; i < run->fired.len; i++) {
        if (!strcmp(*(const char **)vec_at(&run->fired, i), diag_rule_id(r))) {
            return PODSIM_OK;
        }
    }
    const char **slot = vec_push(&run->fired);
    if (!slot) return PODSIM_ENOMEM;
    *slot = dup_or_empty(run->mem, diag_rule_id(r));
    return *slot ? PODSIM_OK : PODSIM_ENOMEM;
}

/* Evaluate one rule for the pod or one container. */
static podsim_status evaluate(diag_run *run, const diag_rule *r,
                              const diag_container *c, size_t rule_index) {
    diag_eval e;
    memset(&e, 0, sizeof e);
    e.subject = run->subject;
    e.container = c;
    e.findings = &run->findings_facts;
    e.container_findings =
        c ? &run->container_findings[c - run->subject->containers] : NULL;
    e.as_of = run->src->as_of;
    if (!diag_rule_matches(r, &e)) return PODSIM_OK;
    diag_finding *f = new_finding();
    if (!f) return PODSIM_ENOMEM;
    f->rule_index = rule_index;
    bool fire = true;
    podsim_status s = diag_rule_instantiate(r, &e, run->mem, f);
    const diag_check *check = diag_rule_c_check(r);
    if (!s && check) {
        s = check->fn(run, run->subject, c, f, &fire);
        if (s != PODSIM_OK && s != PODSIM_ENOMEM) {
            fire = false;
            s = record_rule_error(run, diag_rule_id(r),
                                  diag_strf(run->mem, "check %s: %s",
                                            check->name, podsim_status_str(s)));
        }
    }
    if (!s && fire && diag_rule_callback(r, NULL)) {
        s = run_callback(run, r, &e, f, &fire);
    }
    if (s || !fire) {
        free_finding(f);
        return s;
    }
    diag_finding **slot = vec_push(&run->findings);
    if (!slot) {
        free_finding(f);
        return PODSIM_ENOMEM;
    }
    *slot = f;
    return note_fired(run, r, f, c);
}

static podsim_status evaluate_all(diag_run *run) {
    size_t n = diag_rules_size(run->rules);
    /* pass 0: rules that read facts only; pass 1: refinements */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < n; i++) {
            const diag_rule *r = diag_rules_rule(run->rules, i);
            if (!diag_rule_enabled(r) ||
                diag_rule_uses_findings(r) != (pass == 1) ||
                diag_rule_on_workload(r) != (run->subject->workload != NULL)) {
                continue; /* workload rules run for workloads only */
            }
            podsim_status s = PODSIM_OK;
            if (diag_rule_on_container(r)) {
                for (size_t c = 0; c < run->subject->container_count && !s;
                     c++) {
                    s = evaluate(run, r, &run->subject->containers[c], i);
                }
            } else {
                s = evaluate(run, r, NULL, i);
            }
            if (s) return s;
        }
    }
    return PODSIM_OK;
}

/* ---- ranking
 * ---------------------------------------------------------------------- */

static int cmp_rank(const void *a, const void *b) {
    const diag_finding *x = *(diag_finding *const *)a;
    const diag_finding *y = *(diag_finding *const *)b;
    if (x->priority != y->priority) return x->priority > y->priority ? -1 : 1;
    if (x->severity != y->severity) return x->severity > y->severity ? -1 : 1;
    if (x->confidence != y->confidence) {
        return x->confidence > y->confidence ? -1 : 1;
    }
    if (x->first_seen != y->first_seen) {
        if (x->first_seen == PODSIM_NO_TIME) return 1;
        if (y->first_seen == PODSIM_NO_TIME) return -1;
        return x->first_seen < y->first_seen ? -1 : 1;
    }
    int c = strcmp(x->rule, y->rule);
    if (c) return c;
    return strcmp(x->container, y->container);
}

static bool same_scope(const diag_finding *by, const diag_finding *f) {
    return !by->container[0] || !f->container[0] ||
           !strcmp(by->container, f->container);
}

static bool suppresses(const diag_finding *by, const diag_finding *f) {
    for (size_t i = 0; i < by->suppresses.len; i++) {
        const char *prefix = *(const char **)vec_at(&by->suppresses, i);
        if (!strncmp(f->category, prefix, strlen(prefix))) return true;
    }
    return false;
}

/* Rank, mark what explains what, and order roots before the findings they
   explain. Returns the index of the primary finding or -1. */
static int32_t rank(diag_run *run) {
    size_t n = run->findings.len;
    if (!n) return -1;
    diag_finding **fs = run->findings.data;
    qsort(fs, n, sizeof(*fs), cmp_rank);
    const diag_finding **explainer = calloc(n, sizeof(*explainer));
    if (!explainer) return 0; /* unranked but usable */
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < n; j++) {
            if (i == j || explainer[j] || explainer[i] == fs[j]) continue;
            if (!same_scope(fs[i], fs[j]) || !suppresses(fs[i], fs[j])) {
                continue;
            }
            explainer[j] = fs[i];
        }
    }
    size_t roots = 0;
    for (size_t i = 0; i < n; i++) {
        if (explainer[i])
            fs[i]->explained_by = explainer[i]->category;
        else
            roots++;
    }
    if (!roots) fs[0]->explained_by = ""; /* a cycle of refinements */
    /* stable partition: roots first, each group in rank order */
    diag_finding **sorted = malloc(n * sizeof(*sorted));
    if (sorted) {
        size_t k = 0;
        for (int pass = 0; pass < 2; pass++) {
            for (size_t i = 0; i < n; i++) {
                bool root = !fs[i]->explained_by[0];
                if (root == (pass == 0)) sorted[k++] = fs[i];
            }
        }
        memcpy(fs, sorted, n * sizeof(*fs));
        free(sorted);
    }
    free(explainer);
    return 0;
}

/* ---- the public result
 * ---------------------------------------------------------- */

static const char **text_array(arena *mem, const vec *v) {
    const char **out = arena_alloc(mem, (v->len ? v->len : 1) * sizeof(*out));
    if (out && v->len) memcpy(out, v->data, v->len * sizeof(*out));
    return out;
}

static void *copy_array(arena *mem, const vec *v) {
    void *out = arena_alloc(mem, (v->len ? v->len : 1) * v->elem_size);
    if (out && v->len) memcpy(out, v->data, v->len * v->elem_size);
    return out;
}

static podsim_strings strings_of(arena *mem, const vec *v, bool *ok) {
    podsim_strings s = {text_array(mem, v), v->len};
    if (!s.items) *ok = false;
    return s;
}

static bool publish_findings(diag_run *run, podsim_diagnosis *d) {
    size_t n = run->findings.len;
    podsim_finding *out = arena_alloc(run->mem, (n ? n : 1) * sizeof(*out));
    if (!out) return false;
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        const diag_finding *f = *(diag_finding **)vec_at(&run->findings, i);
        podsim_finding *o = &out[i];
        o->rule = f->rule;
        o->category = f->category;
        o->severity = f->severity;
        o->confidence = f->confidence;
        o->priority = f->priority;
        o->title = f->title;
        o->summary = f->summary;
        o->container = f->container;
        o->evidence = copy_array(run->mem, &f->evidence);
        o->evidence_count = f->evidence.len;
        o->root_causes = strings_of(run->mem, &f->root_causes, &ok);
        o->next = copy_array(run->mem, &f->next);
        o->next_count = f->next.len;
        o->fix = strings_of(run->mem, &f->fix, &ok);
        o->docs = strings_of(run->mem, &f->docs, &ok);
        o->ways_out = copy_array(run->mem, &f->ways_out);
        o->way_out_count = f->ways_out.len;
        o->explained_by = f->explained_by;
        o->labels.items = copy_array(run->mem, &f->labels);
        o->labels.count = f->labels.len;
        if (!o->evidence || !o->next || !o->ways_out || !o->labels.items) {
            ok = false;
        }
    }
    d->findings = out;
    d->finding_count = n;
    return ok;
}

static bool publish_facts(diag_run *run, podsim_diagnosis *d) {
    const diag_subject *s = run->subject;
    size_t total = s->facts.items.len + run->findings_facts.items.len;
    for (size_t i = 0; i < s->container_count; i++) {
        total += s->containers[i].facts.items.len;
    }
    podsim_fact *out =
        arena_alloc(run->mem, (total ? total : 1) * sizeof(*out));
    if (!out) return false;
    size_t n = 0;
    append_facts(out, &n, &s->facts, NULL, run->mem);
    append_facts(out, &n, &run->findings_facts, NULL, run->mem);
    for (size_t i = 0; i < s->container_count; i++) {
        const diag_facts *cf = &s->containers[i].facts;
        for (size_t j = 0; j < cf->items.len; j++) {
            const diag_fact *f = vec_at(&cf->items, j);
            const char *rest =
                !strncmp(f->path, "container.", 10) ? f->path + 10 : f->path;
            podsim_fact *o = &out[n++];
            o->path = diag_strf(run->mem, "containers.%s.%s",
                                s->containers[i].spec->name, rest);
            o->value = f->value;
            o->provenance = f->provenance;
            if (!o->path) return false;
        }
    }
    qsort(out, n, sizeof(*out), cmp_fact);
    d->facts = out;
    d->fact_count = n;
    return true;
}

static const char *view_text(diag_run *run,
                             void (*render)(const diag_subject *, strbuf *)) {
    strbuf b;
    strbuf_init(&b);
    render(run->subject, &b);
    const char *out =
        b.failed ? NULL : arena_strndup(run->mem, strbuf_str(&b), b.len);
    strbuf_release(&b);
    return out;
}

static const char *owner_text(diag_run *run) {
    const diag_facts *f = &run->subject->facts;
    if (run->subject->workload) {
        const char *wk = diag_facts_get(f, "workload.owner.kind");
        const char *wn = diag_facts_get(f, "workload.owner.name");
        return wk && wn ? diag_strf(run->mem, "%s/%s", wk, wn) : "";
    }
    const char *kind = diag_facts_get(f, "owner.controller_kind");
    const char *name = diag_facts_get(f, "owner.controller_name");
    if (!kind || !name) {
        kind = diag_facts_get(f, "owner.kind");
        name = diag_facts_get(f, "owner.name");
    }
    if (!kind || !name) return "";
    return diag_strf(run->mem, "%s/%s", kind, name);
}

static podsim_status publish(diag_run *run, podsim_diagnosis *d) {
    const diag_subject *s = run->subject;
    const podsim_meta *m = s->pod ? &s->pod->meta : &s->workload->meta;
    bool ok = true;
    /* copies: a diagnosis outlives the cluster or simulation it read */
    d->kind = s->pod ? "Pod" : podsim_kind_name(s->workload->kind);
    d->namespace_ = dup_or_empty(run->mem, m->namespace_);
    d->name = dup_or_empty(run->mem, m->name);
    d->uid = dup_or_empty(run->mem, m->uid);
    d->node = dup_or_empty(run->mem, s->pod ? s->pod->spec.node_name : "");
    d->kubernetes_version =
        dup_or_empty(run->mem, run->src->kubernetes_version
                                   ? run->src->kubernetes_version
                                   : PODSIM_DEFAULT_KUBERNETES_VERSION);
    if (!d->namespace_ || !d->name || !d->uid || !d->node ||
        !d->kubernetes_version) {
        ok = false;
    }
    d->owner = owner_text(run);
    d->source = run->src->from_sim ? "simulation" : "dump";
    d->as_of = run->src->as_of;
    if (!d->owner) ok = false;
    if (!publish_findings(run, d)) ok = false;
    d->primary = d->finding_count ? 0 : -1; /* rank() put a root first */
    d->missing_evidence = strings_of(run->mem, &s->missing, &ok);
    d->rule_errors = copy_array(run->mem, &run->rule_errors);
    d->rule_error_count = run->rule_errors.len;
    d->rules_fired = strings_of(run->mem, &run->fired, &ok);
    if (!d->rule_errors) ok = false;
    /* overridden and disabled rules of the set */
    vec over;
    vec_init(&over, sizeof(const char *));
    for (size_t i = 0; i < diag_rules_size(run->rules); i++) {
        const char *o = diag_rule_overrides(diag_rules_rule(run->rules, i));
        const char **slot = o ? vec_push(&over) : NULL;
        if (o && !slot) ok = false;
        if (slot && !(*slot = dup_or_empty(run->mem, o))) ok = false;
    }
    d->rules_overridden = strings_of(run->mem, &over, &ok);
    vec_release(&over);
    vec dis;
    vec_init(&dis, sizeof(const char *));
    for (size_t i = 0; i < diag_rules_disabled_count(run->rules); i++) {
        const char **slot = vec_push(&dis);
        if (!slot || !(*slot = dup_or_empty(
                           run->mem, diag_rules_disabled(run->rules, i)))) {
            ok = false;
        }
    }
    d->rules_disabled = strings_of(run->mem, &dis, &ok);
    vec_release(&dis);
    if ((run->flags & PODSIM_DIAGNOSE_NO_KUBECTL) || !s->pod) {
        /* a workload subject has no pod to show */
        d->get_pod = d->describe = d->events = d->get_node = "";
    } else {
        d->get_pod = view_text(run, diag_render_get_pod);
        d->describe = view_text(run, diag_render_describe);
        d->events = view_text(run, diag_render_events);
        d->get_node = view_text(run, diag_render_get_node);
        if (!d->get_pod || !d->describe || !d->events || !d->get_node) {
            ok = false;
        }
    }
    if (!publish_facts(run, d)) ok = false;
    return ok ? PODSIM_OK : PODSIM_ENOMEM;
}

/* ---- running one diagnosis
 * ---------------------------------------------------- */

static void run_release(diag_run *run) {
    for (size_t i = 0; i < run->findings.len; i++) {
        free_finding(*(diag_finding **)vec_at(&run->findings, i));
    }
    vec_release(&run->findings);
    diag_facts_release(&run->findings_facts);
    if (run->container_findings && run->subject) {
        for (size_t i = 0; i < run->subject->container_count; i++) {
            diag_facts_release(&run->container_findings[i]);
        }
    }
    free(run->container_findings);
    vec_release(&run->rule_errors);
    vec_release(&run->fired);
}

/* Diagnose pod `id` of the source (kind PODSIM_KIND_POD) or a workload
   (kind PODSIM_KIND_DEPLOYMENT..JOB) into a new result. With
   `keep_healthy` false, a subject without findings gives *out == NULL. */
static podsim_status diagnose_subject(const diag_source *src,
                                      const podsim_rules *rules, unsigned flags,
                                      podsim_kind kind, podsim_id id,
                                      bool keep_healthy, diag_result **out) {
    *out = NULL;
    diag_result *res = calloc(1, sizeof(*res));
    if (!res) return PODSIM_ENOMEM;
    arena_init(&res->mem, 8u * 1024u);
    strbuf_init(&res->render);
    diag_subject subject;
    memset(&subject, 0, sizeof subject);
    diag_run run;
    memset(&run, 0, sizeof run);
    run.mem = &res->mem;
    run.flags = flags;
    run.rules = rules;
    run.src = src;
    vec_init(&run.findings, sizeof(diag_finding *));
    vec_init(&run.rule_errors, sizeof(podsim_rule_error));
    vec_init(&run.fired, sizeof(const char *));
    diag_facts_init(&run.findings_facts, &res->mem);
    podsim_status s =
        kind == PODSIM_KIND_POD
            ? diag_subject_build(&subject, src, id, &res->mem)
            : diag_subject_build_workload(&subject, src, kind, id, &res->mem);
    if (!s) {
        run.subject = &subject;
        run.container_findings =
            calloc(subject.container_count ? subject.container_count : 1,
                   sizeof(diag_facts));
        if (!run.container_findings) s = PODSIM_ENOMEM;
        for (size_t i = 0; !s && i < subject.container_count; i++) {
            diag_facts_init(&run.container_findings[i], &res->mem);
        }
    }
    if (!s) s = evaluate_all(&run);
    bool keep = !s && (keep_healthy || run.findings.len > 0);
    if (keep) {
        rank(&run);
        s = publish(&run, &res->pub);
    }
    run_release(&run);
    diag_subject_release(&subject);
    if (s || !keep) {
        podsim_diagnosis_free(&res->pub);
        return s;
    }
    *out = res;
    return PODSIM_OK;
}

void podsim_diagnosis_free(podsim_diagnosis *diagnosis) {
    if (!diagnosis) return;
    diag_result *res = (diag_result *)diagnosis;
    arena_release(&res->mem);
    strbuf_release(&res->render);
    free(res);
}

static bool options_ok(const podsim_diagnose_options *o) {
    return !o ||
           (o->version >= 1 && o->version <= PODSIM_DIAGNOSE_OPTIONS_VERSION);
}

static const podsim_diagnose_options *options_or_default(
    const podsim_diagnose_options *o, podsim_diagnose_options *def) {
    if (o) return o;
    podsim_diagnose_options d = PODSIM_DIAGNOSE_OPTIONS_INIT;
    *def = d;
    return def;
}

/* The pod named ns/name, or the only pod when the name is empty. */
static podsim_status find_subject(podsim_cluster *c, const char *ns,
                                  const char *name, podsim_id *out) {
    if (name && *name) {
        podsim_status s = podsim_cluster_find(
            c, PODSIM_KIND_POD, ns && *ns ? ns : "default", name, out);
        if (s == PODSIM_OK && podsim_cluster_pod(c, *out)->removed) {
            return PODSIM_ENOTFOUND;
        }
        return s;
    }
    podsim_id found = PODSIM_NO_ID;
    size_t n = podsim_cluster_count(c, PODSIM_KIND_POD);
    for (size_t i = 0; i < n; i++) {
        const podsim_pod *p = podsim_cluster_pod(c, (podsim_id)i);
        if (p->removed) continue;
        if (found != PODSIM_NO_ID) return PODSIM_ENOTFOUND; /* several */
        found = (podsim_id)i;
    }
    if (found == PODSIM_NO_ID) return PODSIM_ENOTFOUND;
    *out = found;
    return PODSIM_OK;
}

static podsim_status rules_for(const podsim_diagnose_options *o,
                               podsim_rules **owned, const podsim_rules **use) {
    *owned = NULL;
    if (o->rules) {
        *use = o->rules;
        return PODSIM_OK;
    }
    podsim_status s = podsim_rules_new(owned); /* the built-ins */
    *use = *owned;
    return s;
}

static podsim_status diagnose_one(podsim_cluster *err_cluster, diag_source *src,
                                  podsim_kind kind, podsim_id id,
                                  const podsim_diagnose_options *o,
                                  podsim_diagnosis **out) {
    podsim_rules *owned = NULL;
    const podsim_rules *rules = NULL;
    podsim_status s = rules_for(o, &owned, &rules);
    diag_result *res = NULL;
    if (!s) s = diagnose_subject(src, rules, o->flags, kind, id, true, &res);
    podsim_rules_free(owned);
    if (s) {
        return cluster_fail(err_cluster, s, NULL, 0, 0, "diagnosis failed: %s",
                            podsim_status_str(s));
    }
    *out = &res->pub;
    return PODSIM_OK;
}

podsim_status podsim_cluster_diagnose(podsim_cluster *cluster,
                                      const char *namespace_, const char *name,
                                      const podsim_diagnose_options *options,
                                      podsim_diagnosis **out) {
    if (!cluster || !out) return PODSIM_EINVAL;
    *out = NULL;
    cluster_clear_error(cluster);
    if (!options_ok(options)) {
        return cluster_fail(cluster, PODSIM_EINVAL, NULL, 0, 0,
                            "podsim_diagnose_options.version %d is not "
                            "supported (expected 1..%d)",
                            options->version, PODSIM_DIAGNOSE_OPTIONS_VERSION);
    }
    podsim_diagnose_options def;
    const podsim_diagnose_options *o = options_or_default(options, &def);
    podsim_id id = PODSIM_NO_ID;
    if (find_subject(cluster, namespace_, name, &id) != PODSIM_OK) {
        if (name && *name) {
            return cluster_fail(
                cluster, PODSIM_ENOTFOUND, NULL, 0, 0, "pod %s/%s not found",
                namespace_ && *namespace_ ? namespace_ : "default", name);
        }
        return cluster_fail(cluster, PODSIM_ENOTFOUND, NULL, 0, 0,
                            "no pod named: the input has %zu pods (name one "
                            "as namespace/name)",
                            podsim_cluster_count(cluster, PODSIM_KIND_POD));
    }
    diag_source src;
    memset(&src, 0, sizeof src);
    podsim_status s =
        diag_source_from_cluster(&src, cluster, o->as_of, o->kubectl_version);
    if (s) {
        diag_source_release(&src);
        if (s == PODSIM_EVERSION || s == PODSIM_EINVAL) {
            return cluster_fail(cluster, s, NULL, 0, 0,
                                "kubectl_version \"%s\" is not supported",
                                o->kubectl_version ? o->kubectl_version : "");
        }
        return cluster_fail(cluster, s, NULL, 0, 0, "out of memory");
    }
    s = diagnose_one(cluster, &src, PODSIM_KIND_POD, id, o, out);
    diag_source_release(&src);
    return s;
}

podsim_status podsim_sim_diagnose(podsim_sim *sim, const char *namespace_,
                                  const char *name,
                                  const podsim_diagnose_options *options,
                                  podsim_diagnosis **out) {
    if (!sim || !out) return PODSIM_EINVAL;
    *out = NULL;
    podsim_cluster *c = podsim_sim_cluster(sim);
    sim_clear_error(sim);
    if (!options_ok(options)) {
        return sim_error(sim, PODSIM_EINVAL,
                         "podsim_diagnose_options.version %d is not supported",
                         options->version);
    }
    if (!name || !*name) {
        return sim_error(sim, PODSIM_EINVAL,
                         "podsim_sim_diagnose: no pod name");
    }
    podsim_diagnose_options def;
    const podsim_diagnose_options *o = options_or_default(options, &def);
    podsim_id id = PODSIM_NO_ID;
    if (podsim_sim_find_pod(sim,
                            namespace_ && *namespace_ ? namespace_ : "default",
                            name, &id) != PODSIM_OK) {
        return sim_error(sim, PODSIM_ENOTFOUND, "pod %s/%s not found",
                         namespace_ && *namespace_ ? namespace_ : "default",
                         name);
    }
    diag_source src;
    memset(&src, 0, sizeof src);
    podsim_status s =
        diag_source_from_sim(&src, sim, o->as_of, o->kubectl_version);
    if (!s) {
        s = diagnose_one(c, &src, PODSIM_KIND_POD, id, o, out);
        if (s) {
            const podsim_error *e = podsim_cluster_error(c);
            sim_error(sim, s, "%s", e->message);
        }
    } else {
        sim_error(sim, s, "diagnosis failed: %s", podsim_status_str(s));
    }
    diag_source_release(&src);
    return s;
}

static podsim_status source_from_dump(podsim_cluster *cluster,
                                      const podsim_diagnose_options *o,
                                      diag_source *src) {
    memset(src, 0, sizeof *src);
    podsim_status s =
        diag_source_from_cluster(src, cluster, o->as_of, o->kubectl_version);
    if (!s) return PODSIM_OK;
    diag_source_release(src);
    if (s == PODSIM_EVERSION || s == PODSIM_EINVAL) {
        return cluster_fail(cluster, s, NULL, 0, 0,
                            "kubectl_version \"%s\" is not supported",
                            o->kubectl_version ? o->kubectl_version : "");
    }
    return cluster_fail(cluster, s, NULL, 0, 0, "out of memory");
}

static bool is_workload_kind(podsim_kind kind) {
    return kind >= PODSIM_KIND_DEPLOYMENT && kind <= PODSIM_KIND_JOB;
}

podsim_status podsim_cluster_diagnose_workload(
    podsim_cluster *cluster, podsim_kind kind, const char *namespace_,
    const char *name, const podsim_diagnose_options *options,
    podsim_diagnosis **out) {
    if (!cluster || !out) return PODSIM_EINVAL;
    *out = NULL;
    cluster_clear_error(cluster);
    if (!options_ok(options)) {
        return cluster_fail(cluster, PODSIM_EINVAL, NULL, 0, 0,
                            "podsim_diagnose_options.version %d is not "
                            "supported (expected 1..%d)",
                            options->version, PODSIM_DIAGNOSE_OPTIONS_VERSION);
    }
    if (!is_workload_kind(kind)) {
        return cluster_fail(cluster, PODSIM_EINVAL, NULL, 0, 0,
                            "podsim_cluster_diagnose_workload: kind %d is not "
                            "a workload (expected Deployment, ReplicaSet, "
                            "StatefulSet, DaemonSet or Job)",
                            (int)kind);
    }
    const char *ns = namespace_ && *namespace_ ? namespace_ : "default";
    podsim_id id = PODSIM_NO_ID;
    if (!name || !*name ||
        podsim_cluster_find(cluster, kind, ns, name, &id) != PODSIM_OK) {
        return cluster_fail(cluster, PODSIM_ENOTFOUND, NULL, 0, 0,
                            "%s %s/%s not found", podsim_kind_name(kind), ns,
                            name ? name : "");
    }
    podsim_diagnose_options def;
    const podsim_diagnose_options *o = options_or_default(options, &def);
    diag_source src;
    podsim_status s = source_from_dump(cluster, o, &src);
    if (s) return s;
    s = diagnose_one(cluster, &src, kind, id, o, out);
    diag_source_release(&src);
    return s;
}

typedef struct diag_list {
    podsim_diagnosis_list pub;
    vec items; /* podsim_diagnosis * */
} diag_list;

void podsim_diagnosis_list_free(podsim_diagnosis_list *list) {
    if (!list) return;
    diag_list *l = (diag_list *)list;
    for (size_t i = 0; i < l->items.len; i++) {
        podsim_diagnosis_free(*(podsim_diagnosis **)vec_at(&l->items, i));
    }
    vec_release(&l->items);
    free(l);
}

/* Diagnose one subject; keep it in the list when it has findings. */
static podsim_status keep_if_found(const diag_source *src,
                                   const podsim_rules *rules, unsigned flags,
                                   podsim_kind kind, podsim_id id,
                                   diag_list *list) {
    diag_result *res = NULL;
    podsim_status s =
        diagnose_subject(src, rules, flags, kind, id, false, &res);
    if (s || !res) return s;
    podsim_diagnosis **slot = vec_push(&list->items);
    if (!slot) {
        podsim_diagnosis_free(&res->pub);
        return PODSIM_ENOMEM;
    }
    *slot = &res->pub;
    return PODSIM_OK;
}

typedef struct named_id {
    const char *ns;
    const char *name;
    podsim_id id;
} named_id;

static int cmp_named(const void *a, const void *b) {
    const named_id *x = a, *y = b;
    int c = strcmp(x->ns, y->ns);
    return c ? c : strcmp(x->name, y->name);
}

/* Every workload of one kind, as the API lists them (namespace, name). */
static podsim_status workloads_if_found(podsim_cluster *c,
                                        const diag_source *src,
                                        const podsim_rules *rules,
                                        unsigned flags, podsim_kind kind,
                                        diag_list *list) {
    size_t n = podsim_cluster_count(c, kind);
    if (!n) return PODSIM_OK;
    named_id *order = malloc(n * sizeof(*order));
    if (!order) return PODSIM_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        const podsim_meta *m = object_meta(c, kind, (podsim_id)i);
        order[i].ns = m->namespace_ ? m->namespace_ : "";
        order[i].name = m->name ? m->name : "";
        order[i].id = (podsim_id)i;
    }
    qsort(order, n, sizeof(*order), cmp_named);
    podsim_status s = PODSIM_OK;
    for (size_t i = 0; !s && i < n; i++) {
        s = keep_if_found(src, rules, flags, kind, order[i].id, list);
    }
    free(order);
    return s;
}

podsim_status podsim_cluster_diagnose_all(
    podsim_cluster *cluster, const podsim_diagnose_options *options,
    podsim_diagnosis_list **out) {
    if (!cluster || !out) return PODSIM_EINVAL;
    *out = NULL;
    cluster_clear_error(cluster);
    if (!options_ok(options)) {
        return cluster_fail(cluster, PODSIM_EINVAL, NULL, 0, 0,
                            "podsim_diagnose_options.version %d is not "
                            "supported",
                            options->version);
    }
    podsim_diagnose_options def;
    const podsim_diagnose_options *o = options_or_default(options, &def);
    size_t n = podsim_cluster_count(cluster, PODSIM_KIND_POD);
    podsim_id *ids = malloc((n ? n : 1) * sizeof(*ids));
    diag_list *list = calloc(1, sizeof(*list));
    if (!ids || !list) {
        free(ids);
        free(list);
        return cluster_fail(cluster, PODSIM_ENOMEM, NULL, 0, 0,
                            "out of memory");
    }
    vec_init(&list->items, sizeof(podsim_diagnosis *));
    size_t count = 0;
    podsim_status s = podsim_cluster_pod_order(cluster, ids, n, &count);
    podsim_rules *owned = NULL;
    const podsim_rules *rules = NULL;
    diag_source src;
    memset(&src, 0, sizeof src);
    if (!s) s = rules_for(o, &owned, &rules);
    if (!s) {
        s = diag_source_from_cluster(&src, cluster, o->as_of,
                                     o->kubectl_version);
    }
    for (size_t i = 0; !s && i < count; i++) {
        s = keep_if_found(&src, rules, o->flags, PODSIM_KIND_POD, ids[i], list);
    }
    /* then the workloads, kind by kind, by namespace and name */
    for (int k = PODSIM_KIND_DEPLOYMENT; !s && k <= PODSIM_KIND_JOB; k++) {
        s = workloads_if_found(cluster, &src, rules, o->flags, (podsim_kind)k,
                               list);
    }
    diag_source_release(&src);
    podsim_rules_free(owned);
    free(ids);
    if (s) {
        podsim_diagnosis_list_free(&list->pub);
        return cluster_fail(cluster, s, NULL, 0, 0, "diagnosis failed: %s",
                            podsim_status_str(s));
    }
    list->pub.items = (podsim_diagnosis *const *)list->items.data;
    list->pub.count = list->items.len;
    list->pub.pods_examined = count;
    *out = &list->pub;
    return PODSIM_OK;
}

/* ---- rendering
 * ------------------------------------------------------------------ */

static void put_rfc3339(strbuf *b, int64_t ms) {
    if (ms == PODSIM_NO_TIME) {
        strbuf_puts(b, "unknown");
        return;
    }
    int64_t secs = ms / 1000, rem = ms % 1000;
    if (rem < 0) {
        rem += 1000;
        secs--;
    }
    int64_t days = secs / 86400, sod = secs % 86400;
    if (sod < 0) {
        sod += 86400;
        days--;
    }
    /* civil_from_days (H. Hinnant) */
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2) y++;
    strbuf_printf(b, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lld", (long long)y,
                  (long long)m, (long long)d, (long long)(sod / 3600),
                  (long long)(sod / 60 % 60), (long long)(sod % 60));
    if (rem) strbuf_printf(b, ".%03lld", (long long)rem);
    strbuf_putc(b, 'Z');
}

static const char *enum_text(podsim_enum type, int v) {
    const char *n = podsim_enum_name(type, v);
    return n ? n : "";
}

static const char *fact_of(const podsim_diagnosis *d, const char *path) {
    size_t lo = 0, hi = d->fact_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(d->facts[mid].path, path);
        if (!c) return d->facts[mid].value;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

void diag_put_duration(strbuf *b, int64_t ms) {
    if (ms < 0) ms = -ms;
    int64_t s = ms / 1000;
    int64_t h = s / 3600, m = (s / 60) % 60, sec = s % 60;
    if (h) {
        strbuf_printf(b, "%lldh", (long long)h);
        if (m) strbuf_printf(b, " %lldm", (long long)m);
        return;
    }
    if (m) {
        strbuf_printf(b, "%lldm", (long long)m);
        if (sec) strbuf_printf(b, " %llds", (long long)sec);
        return;
    }
    strbuf_printf(b, "%llds", (long long)sec);
}

static void text_finding(strbuf *b, const podsim_finding *f, bool primary) {
    strbuf_printf(b, "%s  %s  [%s, %s]", primary ? "PRIMARY" : "ALSO",
                  f->category, enum_text(PODSIM_ENUM_SEVERITY, f->severity),
                  enum_text(PODSIM_ENUM_CONFIDENCE, f->confidence));
    if (f->container[0]) strbuf_printf(b, "  container %s", f->container);
    if (f->explained_by[0]) {
        strbuf_printf(b, "  (explained by %s)", f->explained_by);
    }
    strbuf_printf(b, "\n  %s\n", f->title);
    if (f->summary[0]) strbuf_printf(b, "  %s\n", f->summary);
    if (f->evidence_count) strbuf_puts(b, "  Evidence:\n");
    for (size_t i = 0; i < f->evidence_count; i++) {
        const podsim_evidence *e = &f->evidence[i];
        strbuf_printf(b, "    - %s: %s\n", e->path,
                      e->quote[0] ? e->quote : e->value);
    }
    if (f->root_causes.count) strbuf_puts(b, "  Likely causes:\n");
    for (size_t i = 0; i < f->root_causes.count; i++) {
        strbuf_printf(b, "    - %s\n", f->root_causes.items[i]);
    }
    if (f->next_count) strbuf_puts(b, "  Next:\n");
    for (size_t i = 0; i < f->next_count; i++) {
        const podsim_next_step *n = &f->next[i];
        strbuf_printf(b, "    $ %s", n->command);
        if (n->why[0]) strbuf_printf(b, "    # %s", n->why);
        if (strcmp(n->needs, "cluster")) {
            strbuf_printf(b, " (needs %s)", n->needs);
        }
        strbuf_putc(b, '\n');
    }
    if (f->way_out_count) strbuf_puts(b, "  Ways out:\n");
    for (size_t i = 0; i < f->way_out_count; i++) {
        const podsim_way_out *w = &f->ways_out[i];
        strbuf_printf(b, "    - %s: %s", w->action, w->command);
        if (w->consequence[0]) strbuf_printf(b, " -> %s", w->consequence);
        if (w->after_ms >= 0) {
            strbuf_puts(b, " [Ready after ");
            diag_put_duration(b, w->after_ms);
            strbuf_puts(b, w->computed ? ", simulated]" : "]");
        }
        if (w->warning[0]) strbuf_printf(b, " WARNING: %s", w->warning);
        strbuf_putc(b, '\n');
    }
    if (f->fix.count) strbuf_puts(b, "  Fix:\n");
    for (size_t i = 0; i < f->fix.count; i++) {
        strbuf_printf(b, "    - %s\n", f->fix.items[i]);
    }
    for (size_t i = 0; i < f->labels.count; i++) {
        strbuf_printf(b, "%s%s=%s",
                      i ? ", " : "  Labels: ", f->labels.items[i].key,
                      f->labels.items[i].value);
        if (i + 1 == f->labels.count) strbuf_putc(b, '\n');
    }
}

static const char *or_dash(const char *v) {
    return v ? v : "-";
}

static void render_text(const podsim_diagnosis *d, strbuf *b) {
    strbuf_printf(b, "%s %s/%s (%s, as of ", d->kind, d->namespace_, d->name,
                  d->source);
    put_rfc3339(b, d->as_of);
    strbuf_puts(b, ")\n");
    if (strcmp(d->kind, "Pod") != 0) {
        /* a workload: the counts `kubectl get <kind>` shows */
        strbuf_printf(b, "DESIRED: %s   CURRENT: %s   READY: %s\n",
                      or_dash(fact_of(d, "workload.desired")),
                      or_dash(fact_of(d, "workload.current")),
                      or_dash(fact_of(d, "workload.ready")));
    } else {
        const char *status = fact_of(d, "pod.status");
        const char *ready = fact_of(d, "pod.ready");
        const char *restarts = fact_of(d, "pod.restarts");
        strbuf_printf(b, "STATUS: %s   READY: %s   RESTARTS: %s   NODE: %s\n",
                      status ? status : "?", ready ? ready : "?",
                      restarts ? restarts : "?",
                      d->node[0] ? d->node : "<none>");
    }
    if (d->owner[0]) strbuf_printf(b, "OWNER: %s\n", d->owner);
    if (!d->finding_count) strbuf_puts(b, "\nNo problem found.\n");
    for (size_t i = 0; i < d->finding_count; i++) {
        strbuf_putc(b, '\n');
        text_finding(b, &d->findings[i], (int32_t)i == d->primary);
    }
    if (d->missing_evidence.count) {
        strbuf_puts(b, "\nMissing evidence:");
        for (size_t i = 0; i < d->missing_evidence.count; i++) {
            strbuf_printf(b, "%s %s", i ? ";" : "",
                          d->missing_evidence.items[i]);
        }
        strbuf_putc(b, '\n');
    }
    for (size_t i = 0; i < d->rule_error_count; i++) {
        strbuf_printf(b, "%sRule error: %s: %s\n", i ? "" : "\n",
                      d->rule_errors[i].rule, d->rule_errors[i].message);
    }
}

/* ---- JSON
 * ------------------------------------------------------------------------- */

static void json_str(strbuf *b, const char *s) {
    strbuf_putc(b, '"');
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p;
         p++) {
        switch (*p) {
        case '"': strbuf_puts(b, "\\\""); break;
        case '\\': strbuf_puts(b, "\\\\"); break;
        case '\n': strbuf_puts(b, "\\n"); break;
        case '\r': strbuf_puts(b, "\\r"); break;
        case '\t': strbuf_puts(b, "\\t"); break;
        default:
            if (*p < 0x20)
                strbuf_printf(b, "\\u%04x", *p);
            else
                strbuf_putc(b, (char)*p);
        }
    }
    strbuf_putc(b, '"');
}

static void json_key(strbuf *b, const char *key, bool *first) {
    if (!*first) strbuf_putc(b, ',');
    *first = false;
    json_str(b, key);
    strbuf_putc(b, ':');
}

static void json_kv(strbuf *b, const char *key, const char *v, bool *first) {
    json_key(b, key, first);
    json_str(b, v);
}

static void json_strings(strbuf *b, const char *key, podsim_strings s,
                         bool *first) {
    json_key(b, key, first);
    strbuf_putc(b, '[');
    for (size_t i = 0; i < s.count; i++) {
        if (i) strbuf_putc(b, ',');
        json_str(b, s.items[i]);
    }
    strbuf_putc(b, ']');
}

static void json_time(strbuf *b, const char *key, int64_t ms, bool *first) {
    json_key(b, key, first);
    if (ms == PODSIM_NO_TIME) {
        strbuf_puts(b, "null");
        return;
    }
    strbuf_putc(b, '"');
    put_rfc3339(b, ms);
    strbuf_putc(b, '"');
}

static void json_finding(strbuf *b, const podsim_finding *f) {
    bool first = true;
    strbuf_putc(b, '{');
    json_kv(b, "rule", f->rule, &first);
    json_kv(b, "category", f->category, &first);
    json_kv(b, "severity", enum_text(PODSIM_ENUM_SEVERITY, f->severity),
            &first);
    json_kv(b, "confidence", enum_text(PODSIM_ENUM_CONFIDENCE, f->confidence),
            &first);
    json_key(b, "priority", &first);
    strbuf_printf(b, "%d", (int)f->priority);
    json_kv(b, "title", f->title, &first);
    json_kv(b, "summary", f->summary, &first);
    json_kv(b, "container", f->container, &first);
    json_key(b, "evidence", &first);
    strbuf_putc(b, '[');
    for (size_t i = 0; i < f->evidence_count; i++) {
        const podsim_evidence *e = &f->evidence[i];
        bool ef = true;
        strbuf_puts(b, i ? ",{" : "{");
        json_kv(b, "path", e->path, &ef);
        json_kv(b, "value", e->value, &ef);
        json_kv(b, "quote", e->quote, &ef);
        json_time(b, "observed_at", e->observed_at, &ef);
        json_kv(b, "provenance",
                enum_text(PODSIM_ENUM_PROVENANCE, e->provenance), &ef);
        strbuf_putc(b, '}');
    }
    strbuf_putc(b, ']');
    json_strings(b, "root_causes", f->root_causes, &first);
    json_key(b, "next", &first);
    strbuf_putc(b, '[');
    for (size_t i = 0; i < f->next_count; i++) {
        bool nf = true;
        strbuf_puts(b, i ? ",{" : "{");
        json_kv(b, "command", f->next[i].command, &nf);
        json_kv(b, "why", f->next[i].why, &nf);
        json_kv(b, "needs", f->next[i].needs, &nf);
        strbuf_putc(b, '}');
    }
    strbuf_putc(b, ']');
    json_strings(b, "fix", f->fix, &first);
    json_strings(b, "docs", f->docs, &first);
    json_key(b, "ways_out", &first);
    strbuf_putc(b, '[');
    for (size_t i = 0; i < f->way_out_count; i++) {
        const podsim_way_out *w = &f->ways_out[i];
        bool wf = true;
        strbuf_puts(b, i ? ",{" : "{");
        json_kv(b, "action", w->action, &wf);
        json_kv(b, "command", w->command, &wf);
        json_kv(b, "consequence", w->consequence, &wf);
        json_kv(b, "warning", w->warning, &wf);
        json_key(b, "after_seconds", &wf);
        if (w->after_ms < 0)
            strbuf_puts(b, "null");
        else
            strbuf_printf(b, "%.3f", (double)w->after_ms / 1000.0);
        json_key(b, "computed", &wf);
        strbuf_puts(b, w->computed ? "true" : "false");
        strbuf_putc(b, '}');
    }
    strbuf_putc(b, ']');
    json_kv(b, "explained_by", f->explained_by, &first);
    json_key(b, "labels", &first);
    strbuf_putc(b, '{');
    for (size_t i = 0; i < f->labels.count; i++) {
        bool lf = i == 0;
        json_kv(b, f->labels.items[i].key, f->labels.items[i].value, &lf);
    }
    strbuf_puts(b, "}}");
}

static void render_json(const podsim_diagnosis *d, strbuf *b) {
    bool first = true;
    strbuf_putc(b, '{');
    json_key(b, "subject", &first);
    {
        bool sf = true;
        strbuf_putc(b, '{');
        json_kv(b, "kind", d->kind, &sf);
        json_kv(b, "namespace", d->namespace_, &sf);
        json_kv(b, "name", d->name, &sf);
        json_kv(b, "uid", d->uid, &sf);
        json_kv(b, "node", d->node, &sf);
        json_kv(b, "owner", d->owner, &sf);
        strbuf_putc(b, '}');
    }
    json_kv(b, "source", d->source, &first);
    json_time(b, "as_of", d->as_of, &first);
    json_kv(b, "kubernetes_version", d->kubernetes_version, &first);
    json_key(b, "primary", &first);
    if (d->primary >= 0)
        json_str(b, d->findings[d->primary].category);
    else
        strbuf_puts(b, "null");
    json_key(b, "findings", &first);
    strbuf_putc(b, '[');
    for (size_t i = 0; i < d->finding_count; i++) {
        if (i) strbuf_putc(b, ',');
        json_finding(b, &d->findings[i]);
    }
    strbuf_putc(b, ']');
    json_strings(b, "missing_evidence", d->missing_evidence, &first);
    json_key(b, "rule_errors", &first);
    strbuf_putc(b, '[');
    for (size_t i = 0; i < d->rule_error_count; i++) {
        bool rf = true;
        strbuf_puts(b, i ? ",{" : "{");
        json_kv(b, "rule", d->rule_errors[i].rule, &rf);
        json_kv(b, "message", d->rule_errors[i].message, &rf);
        strbuf_putc(b, '}');
    }
    strbuf_putc(b, ']');
    json_strings(b, "rules_fired", d->rules_fired, &first);
    json_strings(b, "rules_overridden", d->rules_overridden, &first);
    json_strings(b, "rules_disabled", d->rules_disabled, &first);
    json_key(b, "kubectl", &first);
    {
        bool kf = true;
        strbuf_putc(b, '{');
        json_kv(b, "get_pod", d->get_pod, &kf);
        json_kv(b, "describe", d->describe, &kf);
        json_kv(b, "events", d->events, &kf);
        json_kv(b, "get_node", d->get_node, &kf);
        strbuf_putc(b, '}');
    }
    json_key(b, "facts", &first);
    strbuf_putc(b, '{');
    for (size_t i = 0; i < d->fact_count; i++) {
        bool ff = i == 0;
        json_kv(b, d->facts[i].path, d->facts[i].value, &ff);
    }
    strbuf_puts(b, "}}\n");
}

podsim_status podsim_diagnosis_render(podsim_diagnosis *diagnosis,
                                      podsim_diagnosis_format format,
                                      const char **text, size_t *len) {
    if (!diagnosis || !text) return PODSIM_EINVAL;
    if (format != PODSIM_DIAGNOSIS_TEXT && format != PODSIM_DIAGNOSIS_JSON) {
        return PODSIM_EINVAL;
    }
    diag_result *res = (diag_result *)diagnosis;
    strbuf_clear(&res->render);
    if (format == PODSIM_DIAGNOSIS_TEXT)
        render_text(diagnosis, &res->render);
    else
        render_json(diagnosis, &res->render);
    if (res->render.failed) return PODSIM_ENOMEM;
    *text = strbuf_str(&res->render);
    if (len) *len = res->render.len;
    return PODSIM_OK;
}
