/*
 * scheduler_config.c - KubeSchedulerConfiguration (kubescheduler.config.
 * k8s.io/v1): profiles, plugin sets merged with the default ones, plugin
 * args, validation, and the resolution of a profile into the plugins that
 * run at each extension point.
 *
 * Mirrors, in kubernetes/kubernetes:
 *   pkg/scheduler/apis/config/v1/default_plugins.go  getDefaultPlugins,
 *       mergePlugins, mergePluginSet
 *   pkg/scheduler/apis/config/v1/defaults.go  SetDefaults_
 *       KubeSchedulerConfiguration (one profile "default-scheduler",
 *       default args for every plugin that has args)
 *   pkg/scheduler/apis/config/validation/validation.go  ValidateKube-
 *       SchedulerConfiguration, with its field paths and messages
 *   pkg/scheduler/framework/runtime/framework.go  NewFramework:
 *       updatePluginList, expandMultiPointPlugins, getScoreWeights
 *
 * Validation reports the first error of upstream's aggregate (podsim
 * errors carry one message with file, line and column). Plugin names are
 * resolved when a profile is first used, as NewFramework does when the
 * scheduler starts, so that custom plugins may be registered after the
 * configuration is loaded.
 *
 * Memory: the configuration owns a *carrier* cluster whose arena, intern
 * table and error the YAML parser and the dec_* decoders use unchanged. A
 * load parses into a fresh carrier and swaps it in only on success.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sched.h"

#define API_VERSION "kubescheduler.config.k8s.io/v1"
#define DEFAULT_SCHEDULER_NAME "default-scheduler"

/* plugins.multiPoint takes the set index after the extension points */
#define SET_MULTI PT_COUNT
#define SET_COUNT (PT_COUNT + 1)

/* ---- the default plugins (default_plugins.go getDefaultPlugins) -------- */

/* All under multiPoint, in this order, with these score weights.
   DynamicResources (inserted before DefaultPreemption when DRA is on, as
   it is by default from v1.34) is left out: podsim does not model dynamic
   resource allocation. The in-tree EBSLimits, GCEPDLimits and
   AzureDiskLimits filters are gone from the releases podsim models. */
typedef struct builtin_entry {
    const sched_plugin *plugin;
    int32_t weight; /* 0: no weight in the default list */
} builtin_entry;

static const builtin_entry builtins[] = {
    {&sched_plugin_scheduling_gates, 0},
    {&sched_plugin_priority_sort, 0},
    {&sched_plugin_node_unschedulable, 0},
    {&sched_plugin_node_name, 0},
    {&sched_plugin_taint_toleration, 3},
    {&sched_plugin_node_affinity, 2},
    {&sched_plugin_node_ports, 0},
    {&sched_plugin_node_resources_fit, 1},
    {&sched_plugin_volume_restrictions, 0},
    {&sched_plugin_node_volume_limits, 0},
    {&sched_plugin_volume_binding, 0},
    {&sched_plugin_volume_zone, 0},
    {&sched_plugin_pod_topology_spread, 2},
    {&sched_plugin_inter_pod_affinity, 2},
    {&sched_plugin_default_preemption, 0},
    {&sched_plugin_node_resources_balanced_allocation, 1},
    {&sched_plugin_image_locality, 1},
    {&sched_plugin_default_binder, 0},
};

#define BUILTIN_COUNT (sizeof(builtins) / sizeof(builtins[0]))

/* Plugins removed from v1 (validation.go invalidPluginsByVersion). */
static const char *const removed_plugins[] = {"AzureDiskLimits", "CinderLimits",
                                              "EBSLimits", "GCEPDLimits"};

/* The v1 field of each extension point's PluginSet. */
static const char *const point_keys[PT_COUNT] = {
    "preEnqueue", "queueSort", "preFilter", "filter",  "postFilter", "preScore",
    "score",      "reserve",   "permit",    "preBind", "bind",       "postBind",
};

/* The framework interface of each point, as errors name it. */
static const char *const point_types[PT_COUNT] = {
    "PreEnqueuePlugin", "QueueSortPlugin", "PreFilterPlugin", "FilterPlugin",
    "PostFilterPlugin", "PreScorePlugin",  "ScorePlugin",     "ReservePlugin",
    "PermitPlugin",     "PreBindPlugin",   "BindPlugin",      "PostBindPlugin",
};

/* frameworkImpl.getExtensionPoints order: the order NewFramework fills and
   expands the points in, hence the order its errors come in. */
static const sched_point framework_order[PT_COUNT] = {
    PT_PRE_FILTER, PT_FILTER, PT_POST_FILTER, PT_RESERVE,
    PT_PRE_SCORE,  PT_SCORE,  PT_PRE_BIND,    PT_BIND,
    PT_POST_BIND,  PT_PERMIT, PT_PRE_ENQUEUE, PT_QUEUE_SORT,
};

/* ---- the configuration ----------------------------------------------------
 */

/** v1.Plugin; a nil weight converts to 0. */
typedef struct plugin_ref {
    const char *name;
    int32_t weight;
    int line; /* where it was written (0 for the defaults) */
    int column;
} plugin_ref;

/** v1.PluginSet after merging with the defaults. */
typedef struct plugin_set {
    plugin_ref *enabled;
    size_t enabled_count;
    const char **disabled;
    size_t disabled_count;
} plugin_set;

typedef struct profile_conf {
    const char *scheduler_name;
    int32_t percentage; /* -1: unset */
    plugin_set sets[SET_COUNT];
    /* args of each built-in plugin with args (defaults unless configured);
       NULL for plugins without args */
    const void *args[BUILTIN_COUNT];
} profile_conf;

typedef struct custom_plugin {
    podsim_plugin_def def; /* def.name is the malloc'd copy */
    sched_plugin desc;
} custom_plugin;

struct podsim_scheduler_config {
    podsim_cluster *carrier; /* arena, intern table, error */
    int32_t percentage_of_nodes_to_score;
    profile_conf *profiles; /* in the carrier's arena */
    size_t profile_count;

    custom_plugin **customs; /* malloc'd, each malloc'd (stable) */
    size_t custom_count;
    size_t custom_cap;

    /* resolved profiles, cached until the configuration changes */
    arena resolved_mem;
    sched_profile **resolved; /* [profile_count] in resolved_mem, or NULL */

    strbuf describe;
};

/* ---- small helpers ------------------------------------------------------- */

static podsim_status oom(podsim_cluster *c) {
    return cluster_fail(c, PODSIM_ENOMEM, NULL, 0, 0, "out of memory");
}

static bool name_in(const char *const *names, size_t n, const char *name) {
    for (size_t i = 0; i < n; i++) {
        if (strcmp(names[i], name) == 0) return true;
    }
    return false;
}

static bool plugin_removed(const char *name) {
    return name_in(removed_plugins,
                   sizeof(removed_plugins) / sizeof(removed_plugins[0]), name);
}

static int builtin_index(const char *name) {
    for (size_t i = 0; i < BUILTIN_COUNT; i++) {
        if (strcmp(builtins[i].plugin->name, name) == 0) return (int)i;
    }
    return -1;
}

/* A position for dec_fail when only line and column were kept. */
static yt_node at(int line, int column) {
    yt_node n;
    memset(&n, 0, sizeof n);
    n.line = line;
    n.column = column;
    return n;
}

static void invalidate_resolved(podsim_scheduler_config *cfg) {
    arena_release(&cfg->resolved_mem);
    arena_init(&cfg->resolved_mem, 16u * 1024u);
    cfg->resolved = NULL;
}

/* ---- custom plugins
 * ---------------------------------------------------------- */

static const podsim_plugin_def *custom_def(const sched_slot *slot) {
    return slot->custom;
}

static void custom_call_init(sched_cycle *cy, int32_t node,
                             podsim_plugin_call *call) {
    memset(call, 0, sizeof(*call));
    call->cluster = cy->c;
    call->pod = cy->pod->id;
    call->node = cy->snap->nodes[node].id;
    call->code = PODSIM_FIT_SUCCESS;
}

/* A non-OK return fails the attempt, naming the plugin. */
static sched_code custom_failed(sched_cycle *cy, const podsim_plugin_def *def,
                                podsim_status s, podsim_plugin_call *call) {
    call->message[sizeof(call->message) - 1] = '\0';
    return cycle_error(cy, "plugin %s: %s", def->name,
                       call->message[0] ? call->message : podsim_status_str(s));
}

static sched_code custom_filter(sched_cycle *cy, const sched_slot *slot,
                                void *state, int32_t node, sched_reasons *why) {
    const podsim_plugin_def *def = custom_def(slot);
    podsim_plugin_call call;
    (void)state;
    custom_call_init(cy, node, &call);
    podsim_status s = def->filter(def->userdata, &call);
    if (s != PODSIM_OK) return custom_failed(cy, def, s, &call);
    if (call.code == PODSIM_FIT_SUCCESS) return SCHED_SUCCESS;
    if (call.code != PODSIM_FIT_UNSCHEDULABLE &&
        call.code != PODSIM_FIT_UNRESOLVABLE) {
        return cycle_error(cy, "plugin %s: invalid filter code %d", def->name,
                           (int)call.code);
    }
    call.message[sizeof(call.message) - 1] = '\0';
    const char *reason =
        call.message[0]
            ? cycle_printf(cy, "%s", call.message)
            : cycle_printf(cy, "node(s) rejected by plugin %s", def->name);
    if (!reason) return cycle_error(cy, "out of memory");
    reasons_add(why, reason);
    return call.code == PODSIM_FIT_UNSCHEDULABLE ? SCHED_UNSCHEDULABLE
                                                 : SCHED_UNRESOLVABLE;
}

static sched_code custom_score(sched_cycle *cy, const sched_slot *slot,
                               void *state, int32_t node, int64_t *out) {
    const podsim_plugin_def *def = custom_def(slot);
    podsim_plugin_call call;
    (void)state;
    custom_call_init(cy, node, &call);
    podsim_status s = def->score(def->userdata, &call);
    if (s != PODSIM_OK) return custom_failed(cy, def, s, &call);
    *out = call.score;
    return SCHED_SUCCESS;
}

/* The descriptor of a custom plugin: Filter and/or Score. */
static void custom_describe(custom_plugin *cp) {
    memset(&cp->desc, 0, sizeof(cp->desc));
    cp->desc.name = cp->def.name;
    cp->desc.points = (cp->def.filter ? PT_BIT(PT_FILTER) : 0u) |
                      (cp->def.score ? PT_BIT(PT_SCORE) : 0u);
    cp->desc.default_weight = cp->def.weight;
    cp->desc.filter = cp->def.filter ? custom_filter : NULL;
    cp->desc.score = cp->def.score ? custom_score : NULL;
}

static custom_plugin *find_custom(const podsim_scheduler_config *cfg,
                                  const char *name) {
    for (size_t i = 0; i < cfg->custom_count; i++) {
        if (strcmp(cfg->customs[i]->def.name, name) == 0) {
            return cfg->customs[i];
        }
    }
    return NULL;
}

/* ---- decoding ------------------------------------------------------------ */

/* What was written for one profile, kept while the document is alive for
   the positions of validation errors. */
typedef struct profile_src {
    const yt_node *node;
    const yt_node *name;
    const yt_node *percentage;
    const yt_node *queue_sort;
    const yt_node *plugin_config;
    bool name_set;
    plugin_set written[SET_COUNT];
} profile_src;

typedef struct load_ctx {
    dec d;
    podsim_scheduler_config *out; /* fields filled on success */
    bool seen;                    /* a document was decoded */
} load_ctx;

static podsim_status dec_plugin_ref(dec *d, const path *p, const yt_node *item,
                                    void *out, void *ctx) {
    plugin_ref *r = out;
    (void)ctx;
    podsim_status s;
    r->line = item->line;
    r->column = item->column;
    if ((s = dec_str(d, p, item, "name", &r->name)) ||
        (s = dec_i32(d, p, item, "weight", &r->weight))) {
        return s;
    }
    return PODSIM_OK;
}

/* v1.PluginSet at plugins[key]. */
static podsim_status dec_plugin_set(dec *d, const path *p,
                                    const yt_node *plugins, const char *key,
                                    plugin_set *out) {
    const yt_node *set = NULL;
    podsim_status s = dec_map(d, p, plugins, key, &set);
    if (s || !set) return s;
    path here = PATH_KEY(p, key);
    void *items = NULL;
    if ((s = dec_list(d, &here, set, "enabled", sizeof(plugin_ref),
                      dec_plugin_ref, NULL, &items, &out->enabled_count))) {
        return s;
    }
    out->enabled = items;
    plugin_ref *disabled = NULL;
    size_t n = 0;
    if ((s = dec_list(d, &here, set, "disabled", sizeof(plugin_ref),
                      dec_plugin_ref, NULL, (void **)&disabled, &n))) {
        return s;
    }
    if (n) {
        out->disabled = dec_alloc(d, n * sizeof(*out->disabled));
        if (!out->disabled) return oom(d->c);
        for (size_t i = 0; i < n; i++) out->disabled[i] = disabled[i].name;
        out->disabled_count = n;
    }
    return PODSIM_OK;
}

/* mergePluginSet: disabled names (with "*" for all) drop default plugins,
   a custom entry with a default plugin's name replaces it in place, the
   other custom entries follow in order. Duplicates are kept: NewFramework
   reports them. */
static podsim_status merge_set(dec *d, const plugin_set *defaults,
                               const plugin_set *custom, plugin_set *out) {
    size_t nd = custom->disabled_count + defaults->disabled_count;
    size_t ne = defaults->enabled_count + custom->enabled_count;
    memset(out, 0, sizeof(*out));
    if (nd) {
        out->disabled = dec_alloc(d, nd * sizeof(*out->disabled));
        if (!out->disabled) return oom(d->c);
        for (size_t i = 0; i < custom->disabled_count; i++) {
            out->disabled[out->disabled_count++] = custom->disabled[i];
        }
        for (size_t i = 0; i < defaults->disabled_count; i++) {
            out->disabled[out->disabled_count++] = defaults->disabled[i];
        }
    }
    if (!ne) return PODSIM_OK;
    out->enabled = dec_alloc(d, ne * sizeof(*out->enabled));
    bool *replaced = dec_alloc(d, (custom->enabled_count + 1) * sizeof(bool));
    if (!out->enabled || !replaced) return oom(d->c);
    if (!name_in(out->disabled, out->disabled_count, "*")) {
        for (size_t i = 0; i < defaults->enabled_count; i++) {
            plugin_ref r = defaults->enabled[i];
            if (name_in(out->disabled, out->disabled_count, r.name)) continue;
            /* the map of custom plugins keeps the last entry of a name */
            for (size_t j = custom->enabled_count; j-- > 0;) {
                if (strcmp(custom->enabled[j].name, r.name) == 0) {
                    r = custom->enabled[j];
                    replaced[j] = true;
                    break;
                }
            }
            out->enabled[out->enabled_count++] = r;
        }
    }
    for (size_t j = 0; j < custom->enabled_count; j++) {
        if (!replaced[j])
            out->enabled[out->enabled_count++] = custom->enabled[j];
    }
    return PODSIM_OK;
}

static plugin_set default_multi_point(plugin_ref *storage) {
    plugin_set set;
    memset(&set, 0, sizeof set);
    for (size_t i = 0; i < BUILTIN_COUNT; i++) {
        storage[i].name = builtins[i].plugin->name;
        storage[i].weight = builtins[i].weight;
        storage[i].line = 0;
        storage[i].column = 0;
    }
    set.enabled = storage;
    set.enabled_count = BUILTIN_COUNT;
    return set;
}

static podsim_status dec_plugins(dec *d, const path *p, const yt_node *profile,
                                 profile_src *src, profile_conf *pc) {
    const yt_node *plugins = NULL;
    podsim_status s = dec_map(d, p, profile, "plugins", &plugins);
    if (s) return s;
    path here = PATH_KEY(p, "plugins");
    memset(src->written, 0, sizeof(src->written));
    if (plugins) {
        if ((s = dec_plugin_set(d, &here, plugins, "multiPoint",
                                &src->written[SET_MULTI]))) {
            return s;
        }
        for (int pt = 0; pt < PT_COUNT; pt++) {
            if ((s = dec_plugin_set(d, &here, plugins, point_keys[pt],
                                    &src->written[pt]))) {
                return s;
            }
        }
        src->queue_sort = yt_get(plugins, "queueSort");
    }
    plugin_ref storage[BUILTIN_COUNT];
    plugin_set defaults[SET_COUNT];
    memset(defaults, 0, sizeof(defaults));
    defaults[SET_MULTI] = default_multi_point(storage);
    for (int i = 0; i < SET_COUNT; i++) {
        if ((s = merge_set(d, &defaults[i], &src->written[i], &pc->sets[i]))) {
            return s;
        }
    }
    return PODSIM_OK;
}

/* pluginConfig[j].args: a built-in plugin's args are decoded and validated
   by its descriptor; args of other plugins (custom, or not modelled) are
   not read. */
static podsim_status dec_args(dec *d, const path *entry, const yt_node *item,
                              const char *name, profile_conf *pc) {
    int b = builtin_index(name);
    if (b < 0) return PODSIM_OK;
    const sched_plugin *pl = builtins[b].plugin;
    if (!pl->args_size) return PODSIM_OK;
    const yt_node *args = NULL;
    podsim_status s = dec_map(d, entry, item, "args", &args);
    if (s || !args) return s;
    path here = PATH_KEY(entry, "args");
    const yt_node *kind = yt_get(args, "kind");
    if (kind && kind->type == YT_SCALAR && !kind->is_null) {
        size_t n = strlen(name);
        if (strncmp(kind->str, name, n) != 0 || strcmp(kind->str + n, "Args")) {
            path kp = PATH_KEY(&here, "kind");
            return dec_fail(d, &kp, kind, PODSIM_EINVAL,
                            "args for plugin %s were not of type %sArgs, got "
                            "%s",
                            name, name, kind->str);
        }
    }
    void *out = dec_alloc(d, pl->args_size);
    if (!out) return oom(d->c);
    if (pl->args_default) pl->args_default(out);
    if (pl->args_decode && (s = pl->args_decode(d, &here, args, out))) {
        return s;
    }
    pc->args[b] = out;
    return PODSIM_OK;
}

/* validatePluginConfig: names unique per profile, no removed plugins,
   args decoded and validated. */
static podsim_status dec_plugin_config(dec *d, const path *p,
                                       const yt_node *profile, profile_src *src,
                                       profile_conf *pc) {
    const yt_node *seq = NULL;
    podsim_status s = dec_seq(d, p, profile, "pluginConfig", &seq);
    if (s || !seq) return s;
    src->plugin_config = seq;
    path list = PATH_KEY(p, "pluginConfig");
    const char **names = dec_alloc(d, (seq->count + 1) * sizeof(*names));
    if (!names) return oom(d->c);
    for (size_t j = 0; j < seq->count; j++) {
        const yt_node *item = seq->kids[j];
        path entry = PATH_INDEX(&list, j);
        const char *name = NULL;
        if ((s = dec_expect(d, &entry, item, YT_MAP)) ||
            (s = dec_str(d, &entry, item, "name", &name))) {
            return s;
        }
        if (name_in(names, j, name)) {
            return dec_fail(d, &entry, item, PODSIM_EINVAL,
                            "Duplicate value: \"%s\"", name);
        }
        names[j] = name;
        if (plugin_removed(name)) {
            return dec_fail(d, &entry, item, PODSIM_EINVAL,
                            "Invalid value: \"%s\": was invalid in version "
                            "\"%s\" (KubeSchedulerConfiguration is version "
                            "\"%s\")",
                            name, API_VERSION, API_VERSION);
        }
        if ((s = dec_args(d, &entry, item, name, pc))) return s;
    }
    return PODSIM_OK;
}

/* Defaults for every built-in plugin with args (setDefaults_
   KubeSchedulerProfile appends them for the enabled plugins; args of
   plugins that never run are never read). */
static podsim_status default_args(dec *d, profile_conf *pc) {
    for (size_t b = 0; b < BUILTIN_COUNT; b++) {
        const sched_plugin *pl = builtins[b].plugin;
        if (pc->args[b] || !pl->args_size) continue;
        void *out = dec_alloc(d, pl->args_size);
        if (!out) return oom(d->c);
        if (pl->args_default) pl->args_default(out);
        pc->args[b] = out;
    }
    return PODSIM_OK;
}

static podsim_status dec_profile(dec *d, const path *p, const yt_node *node,
                                 profile_src *src, profile_conf *pc) {
    podsim_status s = dec_expect(d, p, node, YT_MAP);
    if (s) return s;
    src->node = node;
    pc->percentage = -1;
    const yt_node *name = yt_get(node, "schedulerName");
    src->name_set = name && !name->is_null;
    src->name = name;
    src->percentage = yt_get(node, "percentageOfNodesToScore");
    if ((s = dec_str(d, p, node, "schedulerName", &pc->scheduler_name)) ||
        (s = dec_i32(d, p, node, "percentageOfNodesToScore",
                     &pc->percentage)) ||
        (s = dec_plugins(d, p, node, src, pc)) ||
        (s = dec_plugin_config(d, p, node, src, pc))) {
        return s;
    }
    return default_args(d, pc);
}

/* ---- validation (validation.go) --------------------------------------------
 */

static podsim_status validate_percentage(dec *d, const path *p,
                                         const yt_node *n, int32_t v) {
    if (v == -1 && (!n || n->is_null)) return PODSIM_OK; /* nil */
    if (v < 0 || v > 100) {
        return dec_fail(d, p, n, PODSIM_EINVAL,
                        "Invalid value: %d: not in valid range [0-100]",
                        (int)v);
    }
    return PODSIM_OK;
}

/* validatePluginSetForInvalidPlugins over the extension points (not
   multiPoint, which upstream does not check here). */
static podsim_status validate_removed_plugins(dec *d, const path *p,
                                              const profile_conf *pc) {
    path plugins = PATH_KEY(p, "plugins");
    for (int pt = 0; pt < PT_COUNT; pt++) {
        const plugin_set *set = &pc->sets[pt];
        path point = PATH_KEY(&plugins, point_keys[pt]);
        path enabled = PATH_KEY(&point, "enabled");
        for (size_t i = 0; i < set->enabled_count; i++) {
            if (!plugin_removed(set->enabled[i].name)) continue;
            path item = PATH_INDEX(&enabled, i);
            yt_node pos = at(set->enabled[i].line, set->enabled[i].column);
            return dec_fail(d, &item, &pos, PODSIM_EINVAL,
                            "Invalid value: \"%s\": was invalid in version "
                            "\"%s\" (KubeSchedulerConfiguration is version "
                            "\"%s\")",
                            set->enabled[i].name, API_VERSION, API_VERSION);
        }
    }
    return PODSIM_OK;
}

static podsim_status validate_profile(dec *d, const path *p,
                                      const profile_src *src,
                                      const profile_conf *pc) {
    podsim_status s;
    if (!pc->scheduler_name[0]) {
        path np = PATH_KEY(p, "schedulerName");
        return dec_fail(d, &np, src->name ? src->name : src->node,
                        PODSIM_EINVAL, "Required value");
    }
    path pp = PATH_KEY(p, "percentageOfNodesToScore");
    if ((s = validate_percentage(d, &pp, src->percentage, pc->percentage))) {
        return s;
    }
    return validate_removed_plugins(d, p, pc);
}

static bool sets_equal(const plugin_set *a, const plugin_set *b) {
    if (a->enabled_count != b->enabled_count ||
        a->disabled_count != b->disabled_count) {
        return false;
    }
    for (size_t i = 0; i < a->enabled_count; i++) {
        if (strcmp(a->enabled[i].name, b->enabled[i].name) != 0 ||
            a->enabled[i].weight != b->enabled[i].weight) {
            return false;
        }
    }
    for (size_t i = 0; i < a->disabled_count; i++) {
        if (strcmp(a->disabled[i], b->disabled[i]) != 0) return false;
    }
    return true;
}

/* The internal config.PluginSet as Go's %#v prints it. */
static void format_plugin_set(const plugin_set *set, strbuf *out) {
    strbuf_puts(out, "config.PluginSet{Enabled:[]config.Plugin");
    if (!set->enabled_count) {
        strbuf_puts(out, "(nil)");
    } else {
        strbuf_putc(out, '{');
        for (size_t i = 0; i < set->enabled_count; i++) {
            strbuf_printf(out, "%sconfig.Plugin{Name:\"%s\", Weight:%d}",
                          i ? ", " : "", set->enabled[i].name,
                          (int)set->enabled[i].weight);
        }
        strbuf_putc(out, '}');
    }
    strbuf_puts(out, ", Disabled:[]config.Plugin");
    if (!set->disabled_count) {
        strbuf_puts(out, "(nil)");
    } else {
        strbuf_putc(out, '{');
        for (size_t i = 0; i < set->disabled_count; i++) {
            strbuf_printf(out, "%sconfig.Plugin{Name:\"%s\", Weight:0}",
                          i ? ", " : "", set->disabled[i]);
        }
        strbuf_putc(out, '}');
    }
    strbuf_putc(out, '}');
}

/* validateCommonQueueSort: one queue sort plugin, the same for every
   profile. */
static podsim_status validate_queue_sort(dec *d, const path *profiles,
                                         const profile_src *src,
                                         const profile_conf *pcs, size_t n) {
    const plugin_set *canon = &pcs[0].sets[PT_QUEUE_SORT];
    if (canon->enabled_count > 1) {
        path p0 = PATH_INDEX(profiles, 0);
        path pl = PATH_KEY(&p0, "plugins");
        path qs = PATH_KEY(&pl, "queueSort");
        path en = PATH_KEY(&qs, "Enabled");
        return dec_fail(d, &en,
                        src[0].queue_sort ? src[0].queue_sort : src[0].node,
                        PODSIM_EINVAL,
                        "Invalid value: %zu: only one queue sort plugin can "
                        "be enabled",
                        canon->enabled_count);
    }
    for (size_t i = 1; i < n; i++) {
        const plugin_set *curr = &pcs[i].sets[PT_QUEUE_SORT];
        if (sets_equal(canon, curr)) continue;
        path pi = PATH_INDEX(profiles, i);
        path pl = PATH_KEY(&pi, "plugins");
        path qs = PATH_KEY(&pl, "queueSort");
        strbuf value;
        strbuf_init(&value);
        format_plugin_set(curr, &value);
        podsim_status s =
            value.failed
                ? oom(d->c)
                : dec_fail(d, &qs,
                           src[i].queue_sort ? src[i].queue_sort : src[i].node,
                           PODSIM_EINVAL,
                           "Invalid value: %s: must be the same for all "
                           "profiles",
                           strbuf_str(&value));
        strbuf_release(&value);
        return s;
    }
    return PODSIM_OK;
}

/* ---- the document
 * ------------------------------------------------------------ */

static podsim_status check_type(dec *d, const yt_node *root) {
    const yt_node *api = yt_get(root, "apiVersion");
    const yt_node *kind = yt_get(root, "kind");
    path ap = PATH_KEY(NULL, "apiVersion");
    path kp = PATH_KEY(NULL, "kind");
    if (!api || api->is_null || api->type != YT_SCALAR) {
        return dec_fail(d, &ap, api ? api : root, PODSIM_EINVAL,
                        "Required value: must be \"%s\"", API_VERSION);
    }
    if (strcmp(api->str, API_VERSION) != 0) {
        return dec_fail(d, &ap, api, PODSIM_EINVAL,
                        "Unsupported value: \"%s\": supported values: \"%s\" "
                        "(podsim reads KubeSchedulerConfiguration v1 only)",
                        api->str, API_VERSION);
    }
    if (!kind || kind->is_null || kind->type != YT_SCALAR) {
        return dec_fail(d, &kp, kind ? kind : root, PODSIM_EINVAL,
                        "Required value: must be "
                        "\"KubeSchedulerConfiguration\"");
    }
    if (strcmp(kind->str, "KubeSchedulerConfiguration") != 0) {
        return dec_fail(d, &kp, kind, PODSIM_EINVAL,
                        "Unsupported value: \"%s\": supported values: "
                        "\"KubeSchedulerConfiguration\"",
                        kind->str);
    }
    return PODSIM_OK;
}

/* Global fields podsim reads or checks; the rest (clientConnection,
   leaderElection, profiling...) does not change scheduling decisions and
   is ignored. */
typedef struct globals {
    int32_t parallelism;
    int32_t percentage;
    podsim_opt_i64 initial_backoff;
    podsim_opt_i64 max_backoff;
} globals;

static podsim_status dec_globals(dec *d, const yt_node *root, globals *g) {
    podsim_status s;
    const yt_node *extenders = NULL;
    if ((s = dec_i32(d, NULL, root, "parallelism", &g->parallelism)) ||
        (s = dec_i32(d, NULL, root, "percentageOfNodesToScore",
                     &g->percentage)) ||
        (s = dec_int(d, NULL, root, "podInitialBackoffSeconds",
                     &g->initial_backoff)) ||
        (s = dec_int(d, NULL, root, "podMaxBackoffSeconds", &g->max_backoff)) ||
        (s = dec_seq(d, NULL, root, "extenders", &extenders))) {
        return s;
    }
    if (extenders && extenders->count) {
        path ep = PATH_KEY(NULL, "extenders");
        return dec_fail(d, &ep, extenders, PODSIM_EINVAL,
                        "podsim does not model scheduler extenders (HTTP "
                        "webhooks); remove them to simulate the profiles");
    }
    return PODSIM_OK;
}

/* The checks of ValidateKubeSchedulerConfiguration on global fields. */
static podsim_status validate_globals(dec *d, const yt_node *root,
                                      const globals *g) {
    if (g->parallelism <= 0) {
        path p = PATH_KEY(NULL, "parallelism");
        const yt_node *n = yt_get(root, "parallelism");
        return dec_fail(d, &p, n ? n : root, PODSIM_EINVAL,
                        "Invalid value: %d: should be an integer value "
                        "greater than zero",
                        (int)g->parallelism);
    }
    return PODSIM_OK;
}

static podsim_status validate_backoff(dec *d, const yt_node *root,
                                      const globals *g) {
    int64_t initial = g->initial_backoff.set ? g->initial_backoff.value : 1;
    int64_t max = g->max_backoff.set ? g->max_backoff.value : 10;
    if (initial <= 0) {
        path p = PATH_KEY(NULL, "podInitialBackoffSeconds");
        const yt_node *n = yt_get(root, "podInitialBackoffSeconds");
        return dec_fail(d, &p, n ? n : root, PODSIM_EINVAL,
                        "Invalid value: %lld: must be greater than 0",
                        (long long)initial);
    }
    if (max < initial) {
        path p = PATH_KEY(NULL, "podMaxBackoffSeconds");
        const yt_node *n = yt_get(root, "podMaxBackoffSeconds");
        return dec_fail(d, &p, n ? n : root, PODSIM_EINVAL,
                        "Invalid value: %lld: must be greater than or equal "
                        "to PodInitialBackoffSeconds",
                        (long long)max);
    }
    return PODSIM_OK;
}

/* Decode, default and validate one configuration; root NULL gives the
   defaults. Results go to lc->out (its carrier is d.c). */
static podsim_status build_config(load_ctx *lc, const yt_node *root) {
    dec *d = &lc->d;
    podsim_status s;
    globals g = {16, -1, {false, 0}, {false, 0}};
    const yt_node *seq = NULL;
    if (root) {
        if ((s = dec_expect(d, NULL, root, YT_MAP)) ||
            (s = check_type(d, root)) || (s = dec_globals(d, root, &g)) ||
            (s = dec_seq(d, NULL, root, "profiles", &seq))) {
            return s;
        }
    }
    /* SetDefaults_KubeSchedulerConfiguration: no profiles means one empty
       profile */
    size_t n = seq && seq->count ? seq->count : 1;
    profile_conf *pcs = dec_alloc(d, n * sizeof(*pcs));
    profile_src *src = calloc(n, sizeof(*src));
    if (!pcs || !src) {
        free(src);
        return oom(d->c);
    }
    path profiles = PATH_KEY(NULL, "profiles");
    yt_node empty;
    memset(&empty, 0, sizeof empty);
    empty.type = YT_MAP;
    if (seq) {
        empty.line = seq->line;
        empty.column = seq->column;
    } else if (root) {
        empty.line = root->line;
        empty.column = root->column;
    }
    s = PODSIM_OK;
    for (size_t i = 0; !s && i < n; i++) {
        path p = PATH_INDEX(&profiles, i);
        const yt_node *node = seq && seq->count ? seq->kids[i] : &empty;
        s = dec_profile(d, &p, node, &src[i], &pcs[i]);
    }
    /* only a single profile gets the default name */
    if (!s && n == 1 && !src[0].name_set) {
        pcs[0].scheduler_name = DEFAULT_SCHEDULER_NAME;
    }
    if (!s && root) s = validate_globals(d, root, &g);
    for (size_t i = 0; !s && i < n; i++) {
        path p = PATH_INDEX(&profiles, i);
        s = validate_profile(d, &p, &src[i], &pcs[i]);
        for (size_t j = 0; !s && j < i; j++) {
            if (strcmp(pcs[j].scheduler_name, pcs[i].scheduler_name) != 0) {
                continue;
            }
            path np = PATH_KEY(&p, "schedulerName");
            s = dec_fail(d, &np, src[i].name ? src[i].name : src[i].node,
                         PODSIM_EINVAL,
                         "Duplicate value: profiles[%zu].schedulerName", j);
        }
    }
    if (!s) s = validate_queue_sort(d, &profiles, src, pcs, n);
    if (!s && root) {
        path pp = PATH_KEY(NULL, "percentageOfNodesToScore");
        s = validate_percentage(
            d, &pp, yt_get(root, "percentageOfNodesToScore"), g.percentage);
    }
    if (!s && root) s = validate_backoff(d, root, &g);
    free(src);
    if (s) return s;
    lc->out->profiles = pcs;
    lc->out->profile_count = n;
    lc->out->percentage_of_nodes_to_score = g.percentage < 0 ? 0 : g.percentage;
    return PODSIM_OK;
}

static podsim_status on_document(void *ctx, const yt_node *root) {
    load_ctx *lc = ctx;
    if (root->type == YT_SCALAR && root->is_null) return PODSIM_OK;
    if (lc->seen) {
        return cluster_fail(lc->d.c, PODSIM_EPARSE, lc->d.source, root->line,
                            root->column,
                            "expected one KubeSchedulerConfiguration "
                            "document, found another");
    }
    lc->seen = true;
    return build_config(lc, root);
}

/* `items` is no field of KubeSchedulerConfiguration: keep it whole and let
   the document be judged as a whole. */
static podsim_status on_item(void *ctx, const yt_node *item, bool *keep) {
    (void)ctx;
    (void)item;
    *keep = true;
    return PODSIM_OK;
}

/* ---- lifetime
 * ---------------------------------------------------------------- */

static podsim_status new_carrier(podsim_cluster **out) {
    return podsim_cluster_new(NULL, out) == PODSIM_OK ? PODSIM_OK
                                                      : PODSIM_ENOMEM;
}

podsim_status podsim_scheduler_config_new(podsim_scheduler_config **out) {
    if (!out) return PODSIM_EINVAL;
    *out = NULL;
    podsim_scheduler_config *cfg = calloc(1, sizeof(*cfg));
    if (!cfg) return PODSIM_ENOMEM;
    arena_init(&cfg->resolved_mem, 16u * 1024u);
    strbuf_init(&cfg->describe);
    if (new_carrier(&cfg->carrier) != PODSIM_OK) {
        podsim_scheduler_config_free(cfg);
        return PODSIM_ENOMEM;
    }
    load_ctx lc;
    memset(&lc, 0, sizeof lc);
    lc.d.c = cfg->carrier;
    lc.d.source = NULL;
    lc.out = cfg;
    podsim_status s = build_config(&lc, NULL);
    if (s != PODSIM_OK) {
        podsim_scheduler_config_free(cfg);
        return s == PODSIM_ENOMEM ? s : PODSIM_ENOMEM;
    }
    cluster_clear_error(cfg->carrier);
    *out = cfg;
    return PODSIM_OK;
}

void podsim_scheduler_config_free(podsim_scheduler_config *cfg) {
    if (!cfg) return;
    for (size_t i = 0; i < cfg->custom_count; i++) {
        free((char *)cfg->customs[i]->def.name);
        free(cfg->customs[i]);
    }
    free(cfg->customs);
    arena_release(&cfg->resolved_mem);
    strbuf_release(&cfg->describe);
    podsim_cluster_free(cfg->carrier);
    free(cfg);
}

const podsim_error *podsim_scheduler_config_error(
    const podsim_scheduler_config *cfg) {
    return cfg ? podsim_cluster_error(cfg->carrier) : NULL;
}

/* ---- loading
 * ------------------------------------------------------------------ */

/* Parse into a fresh carrier; swap it in on success, otherwise copy its
   error to the current one and drop it. */
static podsim_status load(podsim_scheduler_config *cfg, const yt_input *in) {
    podsim_cluster *fresh = NULL;
    if (new_carrier(&fresh) != PODSIM_OK) return oom(cfg->carrier);
    podsim_scheduler_config next;
    memset(&next, 0, sizeof next);
    load_ctx lc;
    memset(&lc, 0, sizeof lc);
    lc.d.c = fresh;
    lc.d.source = in->source;
    lc.out = &next;
    yt_handler h = {&lc, on_item, on_document};
    podsim_status s = yt_parse(fresh, in, &h);
    if (s == PODSIM_OK && !lc.seen) {
        s = cluster_fail(fresh, PODSIM_EPARSE, in->source, 0, 0,
                         "no KubeSchedulerConfiguration in the input");
    }
    if (s != PODSIM_OK) {
        const podsim_error *e = podsim_cluster_error(fresh);
        if (e->status == PODSIM_OK) {
            cluster_fail(cfg->carrier, s, in->source, 0, 0, "%s",
                         podsim_status_str(s));
        } else {
            cluster_fail(cfg->carrier, s, e->source, e->line, e->column, "%s",
                         e->message);
        }
        podsim_cluster_free(fresh);
        return s;
    }
    podsim_cluster_free(cfg->carrier);
    cfg->carrier = fresh;
    cfg->profiles = next.profiles;
    cfg->profile_count = next.profile_count;
    cfg->percentage_of_nodes_to_score = next.percentage_of_nodes_to_score;
    invalidate_resolved(cfg);
    cluster_clear_error(cfg->carrier);
    return PODSIM_OK;
}

podsim_status podsim_scheduler_config_load_string(podsim_scheduler_config *cfg,
                                                  const char *text, size_t len,
                                                  const char *source_name) {
    if (!cfg) return PODSIM_EINVAL;
    if (!text && len) {
        return cluster_fail(cfg->carrier, PODSIM_EINVAL, NULL, 0, 0,
                            "podsim_scheduler_config_load_string: text is "
                            "NULL");
    }
    yt_input in = {text ? text : "", len, NULL,
                   source_name ? source_name : "<string>"};
    return load(cfg, &in);
}

podsim_status podsim_scheduler_config_load_file(podsim_scheduler_config *cfg,
                                                const char *file_path) {
    if (!cfg) return PODSIM_EINVAL;
    if (!file_path) {
        return cluster_fail(cfg->carrier, PODSIM_EINVAL, NULL, 0, 0,
                            "podsim_scheduler_config_load_file: path is NULL");
    }
    FILE *f = fopen(file_path, "rb");
    if (!f) {
        return cluster_fail(cfg->carrier, PODSIM_EIO, file_path, 0, 0,
                            "cannot open: %s", strerror(errno));
    }
    struct stat st;
    podsim_status s;
    if (fstat(fileno(f), &st) != 0 || S_ISDIR(st.st_mode)) {
        s = cluster_fail(cfg->carrier, PODSIM_EIO, file_path, 0, 0,
                         "cannot read: not a regular file");
    } else {
        yt_input in = {NULL, (size_t)st.st_size, f, file_path};
        s = load(cfg, &in);
    }
    fclose(f);
    return s;
}

/* ---- custom plugins
 * ------------------------------------------------------------ */

podsim_status podsim_scheduler_config_register_plugin(
    podsim_scheduler_config *cfg, const podsim_plugin_def *def) {
    if (!cfg) return PODSIM_EINVAL;
    podsim_cluster *c = cfg->carrier;
    if (!def || !def->name || !def->name[0]) {
        return cluster_fail(c, PODSIM_EINVAL, NULL, 0, 0,
                            "a custom plugin needs a name");
    }
    if (!def->filter && !def->score) {
        return cluster_fail(c, PODSIM_EINVAL, NULL, 0, 0,
                            "custom plugin \"%s\" has neither a filter nor a "
                            "score callback",
                            def->name);
    }
    if (sched_builtin_plugin(def->name)) {
        return cluster_fail(c, PODSIM_EEXIST, NULL, 0, 0,
                            "\"%s\" is the name of a built-in plugin",
                            def->name);
    }
    custom_plugin *cp = find_custom(cfg, def->name);
    if (cp) {
        /* replace in place: the name and the record stay where they are */
        const char *name = cp->def.name;
        cp->def = *def;
        cp->def.name = name;
    } else {
        if (cfg->custom_count == cfg->custom_cap) {
            size_t cap = cfg->custom_cap ? 2 * cfg->custom_cap : 4;
            custom_plugin **grown = realloc(cfg->customs, cap * sizeof(*grown));
            if (!grown) return oom(c);
            cfg->customs = grown;
            cfg->custom_cap = cap;
        }
        size_t n = strlen(def->name);
        cp = calloc(1, sizeof(*cp));
        char *name = malloc(n + 1);
        if (!cp || !name) {
            free(cp);
            free(name);
            return oom(c);
        }
        memcpy(name, def->name, n + 1);
        cp->def = *def;
        cp->def.name = name;
        cfg->customs[cfg->custom_count++] = cp;
    }
    custom_describe(cp);
    invalidate_resolved(cfg);
    cluster_clear_error(c);
    return PODSIM_OK;
}

/* ---- profiles
 * ------------------------------------------------------------------ */

size_t podsim_scheduler_config_profile_count(
    const podsim_scheduler_config *cfg) {
    return cfg ? cfg->profile_count : 0;
}

const char *podsim_scheduler_config_profile_name(
    const podsim_scheduler_config *cfg, size_t index) {
    if (!cfg || index >= cfg->profile_count) return NULL;
    return cfg->profiles[index].scheduler_name;
}

/* ---- resolution (framework.go NewFramework)
 * ------------------------------------ */

typedef struct point_list {
    const sched_plugin **items;
    size_t count;
} point_list;

typedef struct resolver {
    podsim_scheduler_config *cfg;
    const profile_conf *pc;
    arena *mem;
    strbuf err; /* the failure, when there is one */
} resolver;

static const sched_plugin *lookup(const resolver *r, const char *name,
                                  const podsim_plugin_def **custom) {
    *custom = NULL;
    const sched_plugin *b = sched_builtin_plugin(name);
    if (b) return b;
    const custom_plugin *cp = find_custom(r->cfg, name);
    if (!cp) return NULL;
    *custom = &cp->def;
    return &cp->desc;
}

static bool list_has(const point_list *l, const char *name) {
    for (size_t i = 0; i < l->count; i++) {
        if (strcmp(l->items[i]->name, name) == 0) return true;
    }
    return false;
}

static podsim_status fail_not_found(resolver *r, sched_point pt,
                                    const char *name) {
    strbuf_printf(&r->err, "%s \"%s\" does not exist%s", point_types[pt], name,
                  strcmp(name, "DynamicResources") == 0
                      ? " (podsim does not model dynamic resource "
                        "allocation)"
                      : "");
    return PODSIM_EINVAL;
}

/* updatePluginList for one extension point's own set. */
static podsim_status fill_point(resolver *r, sched_point pt, point_list *l) {
    const plugin_set *set = &r->pc->sets[pt];
    for (size_t i = 0; i < set->enabled_count; i++) {
        const char *name = set->enabled[i].name;
        const podsim_plugin_def *custom;
        const sched_plugin *p = lookup(r, name, &custom);
        if (!p) return fail_not_found(r, pt, name);
        if (!(p->points & PT_BIT(pt))) {
            strbuf_printf(&r->err, "plugin \"%s\" does not extend %s plugin",
                          name, point_types[pt]);
            return PODSIM_EINVAL;
        }
        if (list_has(l, name)) {
            strbuf_printf(&r->err, "plugin \"%s\" already registered as \"%s\"",
                          name, point_types[pt]);
            return PODSIM_EINVAL;
        }
        l->items[l->count++] = p;
    }
    return PODSIM_OK;
}

/* expandMultiPointPlugins for one extension point: plugins overridden by
   the point's own set first (in that set's order), then the multiPoint
   ones, then the rest of the point's own set. */
static podsim_status expand_point(resolver *r, sched_point pt, point_list *l) {
    const plugin_set *own = &r->pc->sets[pt];
    const plugin_set *multi = &r->pc->sets[SET_MULTI];
    if (name_in(own->disabled, own->disabled_count, "*")) return PODSIM_OK;
    size_t cap = l->count + multi->enabled_count;
    const sched_plugin **mp = arena_alloc(r->mem, (cap + 1) * sizeof(*mp));
    const sched_plugin **merged = arena_alloc(r->mem, (cap + 1) * sizeof(*mp));
    bool *overridden = arena_alloc(r->mem, (l->count + 1) * sizeof(bool));
    if (!mp || !merged || !overridden) return PODSIM_ENOMEM;
    point_list multi_list = {mp, 0};
    for (size_t i = 0; i < multi->enabled_count; i++) {
        const char *name = multi->enabled[i].name;
        const podsim_plugin_def *custom;
        const sched_plugin *p = lookup(r, name, &custom);
        if (!p) return fail_not_found(r, pt, name);
        if (!(p->points & PT_BIT(pt))) continue;
        if (name_in(own->disabled, own->disabled_count, name)) continue;
        bool in_own = false;
        for (size_t j = 0; j < l->count; j++) {
            if (strcmp(l->items[j]->name, name) == 0) {
                overridden[j] = true;
                in_own = true;
            }
        }
        if (in_own) continue;
        if (list_has(&multi_list, name)) {
            strbuf_printf(&r->err, "plugin \"%s\" already registered as \"%s\"",
                          name, point_types[pt]);
            return PODSIM_EINVAL;
        }
        mp[multi_list.count++] = p;
    }
    size_t n = 0;
    for (size_t j = 0; j < l->count; j++) {
        if (overridden[j]) merged[n++] = l->items[j];
    }
    for (size_t j = 0; j < multi_list.count; j++) merged[n++] = mp[j];
    for (size_t j = 0; j < l->count; j++) {
        if (!overridden[j]) merged[n++] = l->items[j];
    }
    l->items = merged;
    l->count = n;
    return PODSIM_OK;
}

/* getScoreWeights: score-point weights take precedence over multiPoint
   ones; 0 (unset) means the custom plugin's own weight, then 1. */
typedef struct weight_entry {
    const char *name;
    int32_t weight;
} weight_entry;

static podsim_status score_weights(resolver *r, weight_entry *w, size_t *n) {
    const plugin_set *sets[2] = {&r->pc->sets[PT_SCORE],
                                 &r->pc->sets[SET_MULTI]};
    int64_t total = 0;
    *n = 0;
    for (int k = 0; k < 2; k++) {
        for (size_t i = 0; i < sets[k]->enabled_count; i++) {
            const plugin_ref *e = &sets[k]->enabled[i];
            const podsim_plugin_def *custom;
            const sched_plugin *p = lookup(r, e->name, &custom);
            if (!p || !(p->points & PT_BIT(PT_SCORE))) continue;
            bool seen = false;
            for (size_t j = 0; j < *n; j++) {
                if (strcmp(w[j].name, e->name) == 0) seen = true;
            }
            if (seen) continue;
            int32_t weight = e->weight;
            if (weight == 0 && custom) weight = custom->weight;
            if (weight == 0) weight = 1;
            if ((int64_t)weight * SCHED_MAX_NODE_SCORE > INT64_MAX - total) {
                strbuf_puts(&r->err,
                            "total score of Score plugins could overflow");
                return PODSIM_EINVAL;
            }
            total += (int64_t)weight * SCHED_MAX_NODE_SCORE;
            w[*n].name = e->name;
            w[*n].weight = weight;
            (*n)++;
        }
    }
    return PODSIM_OK;
}

static int32_t weight_of(const weight_entry *w, size_t n, const char *name) {
    for (size_t i = 0; i < n; i++) {
        if (strcmp(w[i].name, name) == 0) return w[i].weight;
    }
    return 1;
}

/* The slots: every plugin placed at some point, in pipeline order of first
   appearance. */
static podsim_status build_profile(resolver *r, point_list *lists,
                                   const weight_entry *w, size_t nw,
                                   sched_profile *out) {
    size_t total = 0;
    for (int pt = 0; pt < PT_COUNT; pt++) total += lists[pt].count;
    sched_slot *slots = arena_alloc(r->mem, (total + 1) * sizeof(*slots));
    if (!slots) return PODSIM_ENOMEM;
    size_t n = 0;
    for (int pt = 0; pt < PT_COUNT; pt++) {
        int32_t *idx =
            arena_alloc(r->mem, (lists[pt].count + 1) * sizeof(*idx));
        if (!idx) return PODSIM_ENOMEM;
        for (size_t i = 0; i < lists[pt].count; i++) {
            const sched_plugin *p = lists[pt].items[i];
            size_t s = 0;
            while (s < n && slots[s].plugin != p) s++;
            if (s == n) {
                const podsim_plugin_def *custom;
                lookup(r, p->name, &custom);
                int b = custom ? -1 : builtin_index(p->name);
                slots[n].plugin = p;
                slots[n].args = b >= 0 ? r->pc->args[b] : NULL;
                slots[n].weight = weight_of(w, nw, p->name);
                slots[n].index = (int)n;
                slots[n].custom = custom;
                n++;
            }
            idx[i] = (int32_t)s;
        }
        out->points[pt] = idx;
        out->point_count[pt] = lists[pt].count;
    }
    out->slots = slots;
    out->slot_count = n;
    out->scheduler_name = r->pc->scheduler_name;
    out->percentage_of_nodes_to_score = r->pc->percentage;
    return PODSIM_OK;
}

static podsim_status resolve(resolver *r, sched_profile *out) {
    point_list lists[PT_COUNT];
    const plugin_set *multi = &r->pc->sets[SET_MULTI];
    podsim_status s;
    for (int pt = 0; pt < PT_COUNT; pt++) {
        size_t cap = r->pc->sets[pt].enabled_count + multi->enabled_count;
        lists[pt].items = arena_alloc(r->mem, (cap + 1) * sizeof(void *));
        lists[pt].count = 0;
        if (!lists[pt].items) return PODSIM_ENOMEM;
    }
    for (int i = 0; i < PT_COUNT; i++) {
        sched_point pt = framework_order[i];
        if ((s = fill_point(r, pt, &lists[pt]))) return s;
    }
    if (multi->enabled_count) {
        for (int i = 0; i < PT_COUNT; i++) {
            sched_point pt = framework_order[i];
            if ((s = expand_point(r, pt, &lists[pt]))) return s;
        }
    }
    if (lists[PT_QUEUE_SORT].count != 1) {
        strbuf_printf(&r->err,
                      "only one queue sort plugin required for profile with "
                      "scheduler name \"%s\", but got %zu",
                      r->pc->scheduler_name, lists[PT_QUEUE_SORT].count);
        return PODSIM_EINVAL;
    }
    if (lists[PT_BIND].count == 0) {
        strbuf_printf(&r->err,
                      "at least one bind plugin is needed for profile with "
                      "scheduler name \"%s\"",
                      r->pc->scheduler_name);
        return PODSIM_EINVAL;
    }
    size_t cap = r->pc->sets[PT_SCORE].enabled_count + multi->enabled_count;
    weight_entry *w = arena_alloc(r->mem, (cap + 1) * sizeof(*w));
    if (!w) return PODSIM_ENOMEM;
    size_t nw = 0;
    if ((s = score_weights(r, w, &nw))) return s;
    return build_profile(r, lists, w, nw, out);
}

static podsim_status resolve_profile(podsim_scheduler_config *cfg, size_t i,
                                     const sched_profile **out) {
    if (!cfg->resolved) {
        cfg->resolved = arena_alloc(&cfg->resolved_mem,
                                    cfg->profile_count * sizeof(void *));
        if (!cfg->resolved) return oom(cfg->carrier);
    }
    if (cfg->resolved[i]) {
        *out = cfg->resolved[i];
        return PODSIM_OK;
    }
    arena_mark mark = arena_get_mark(&cfg->resolved_mem);
    resolver r = {cfg, &cfg->profiles[i], &cfg->resolved_mem, {0}};
    strbuf_init(&r.err);
    sched_profile *p = arena_alloc(&cfg->resolved_mem, sizeof(*p));
    podsim_status s = p ? resolve(&r, p) : PODSIM_ENOMEM;
    if (s == PODSIM_ENOMEM || r.err.failed) {
        s = oom(cfg->carrier);
    } else if (s != PODSIM_OK) {
        s = cluster_fail(cfg->carrier, s, NULL, 0, 0,
                         "creating profile for scheduler name %s: %s",
                         cfg->profiles[i].scheduler_name, strbuf_str(&r.err));
    }
    strbuf_release(&r.err);
    if (s != PODSIM_OK) {
        arena_rollback(&cfg->resolved_mem, mark);
        return s;
    }
    cfg->resolved[i] = p;
    *out = p;
    return PODSIM_OK;
}

/* ---- private interface (sched.h)
 * ----------------------------------------------- */

const sched_plugin *sched_builtin_plugin(const char *name) {
    int b = name ? builtin_index(name) : -1;
    return b >= 0 ? builtins[b].plugin : NULL;
}

podsim_status config_profile(podsim_scheduler_config *cfg, const char *name,
                             const sched_profile **out) {
    if (!cfg || !out) return PODSIM_EINVAL;
    *out = NULL;
    size_t i = 0;
    if (name) {
        while (i < cfg->profile_count &&
               strcmp(cfg->profiles[i].scheduler_name, name) != 0) {
            i++;
        }
    }
    if (i >= cfg->profile_count) {
        return cluster_fail(cfg->carrier, PODSIM_ENOTFOUND, NULL, 0, 0,
                            "profile not found for scheduler name \"%s\"",
                            name ? name : "");
    }
    return resolve_profile(cfg, i, out);
}

int32_t config_percentage_of_nodes_to_score(
    const podsim_scheduler_config *cfg) {
    return cfg->percentage_of_nodes_to_score;
}

bool profile_has(const sched_profile *p, sched_point pt, const char *plugin) {
    for (size_t i = 0; i < p->point_count[pt]; i++) {
        if (strcmp(p->slots[p->points[pt][i]].plugin->name, plugin) == 0) {
            return true;
        }
    }
    return false;
}

/* ---- describe
 * --------------------------------------------------------------------- */

podsim_status podsim_scheduler_config_describe(podsim_scheduler_config *cfg,
                                               const char *profile,
                                               const char **text) {
    if (!cfg || !text) return PODSIM_EINVAL;
    *text = NULL;
    const sched_profile *p = NULL;
    podsim_status s = config_profile(cfg, profile, &p);
    if (s) return s;
    strbuf *b = &cfg->describe;
    strbuf_clear(b);
    for (int pt = 0; pt < PT_COUNT; pt++) {
        if (!p->point_count[pt]) continue;
        strbuf_puts(b, point_keys[pt]);
        strbuf_putc(b, ':');
        for (size_t i = 0; i < p->point_count[pt]; i++) {
            const sched_slot *slot = &p->slots[p->points[pt][i]];
            strbuf_putc(b, ' ');
            strbuf_puts(b, slot->plugin->name);
            if (pt == PT_SCORE) strbuf_printf(b, "(%d)", (int)slot->weight);
        }
        strbuf_putc(b, '\n');
    }
    if (b->failed) return oom(cfg->carrier);
    cluster_clear_error(cfg->carrier);
    *text = strbuf_str(b);
    return PODSIM_OK;
}
