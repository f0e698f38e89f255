/*
 * sim_views.c - text views of a simulation: `kubectl get pods` at the
 * simulated now (the model's printer, pkg/printers/internalversion/
 * printers.go printPod), `kubectl get events` (printEvent, written by
 * describe.c), and the event log, one line per occurrence with its
 * simulated time, which the shared test fixtures compare across C, Python
 * and Lua.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"

/* "12.345s": simulated seconds with milliseconds, the event log's clock */
void sim_format_time(strbuf *out, int64_t ms) {
    bool negative = ms < 0;
    uint64_t v = negative ? (uint64_t)(-(ms + 1)) + 1 : (uint64_t)ms;
    strbuf_printf(out, "%s%llu.%03llus", negative ? "-" : "",
                  (unsigned long long)(v / 1000),
                  (unsigned long long)(v % 1000));
}

static void lower_kind(strbuf *out, const char *kind) {
    for (const char *k = kind; *k; k++) {
        char ch = *k;
        if (ch >= 'A' && ch <= 'Z') ch = (char)(ch - 'A' + 'a');
        strbuf_putc(out, ch);
    }
}

static void render_event_log(podsim_sim *sim, strbuf *out) {
    for (size_t i = 0; i < sim->events.len; i++) {
        const podsim_sim_event *e = vec_at(&sim->events, i);
        sim_format_time(out, e->time);
        strbuf_printf(out, " %s %s ", e->type, e->reason);
        lower_kind(out, e->kind);
        if (e->namespace_[0]) {
            strbuf_printf(out, "/%s/%s", e->namespace_, e->name);
        } else {
            strbuf_printf(out, "/%s", e->name);
        }
        if (e->field_path[0]) strbuf_printf(out, " %s", e->field_path);
        strbuf_printf(out, " (%s", e->source);
        if (e->host[0]) strbuf_printf(out, ", %s", e->host);
        strbuf_printf(out, ") %s\n", e->message);
    }
}

podsim_status podsim_sim_render(podsim_sim *sim, podsim_sim_view view,
                                unsigned flags, const char **text,
                                size_t *len) {
    if (!sim) return PODSIM_EINVAL;
    sim_clear_error(sim);
    if (!text) return sim_error(sim, PODSIM_EINVAL, "render: text is NULL");
    strbuf_clear(&sim->text);
    switch (view) {
    case PODSIM_SIM_VIEW_PODS: {
        const char *t;
        size_t n;
        podsim_status s = podsim_cluster_render(
            sim->c, PODSIM_VIEW_PODS, flags, sim_wall(sim, sim->now), &t, &n);
        if (s) {
            return sim_error(sim, s, "%s",
                             podsim_cluster_error(sim->c)->message);
        }
        strbuf_append(&sim->text, t, n);
        break;
    }
    case PODSIM_SIM_VIEW_EVENTS: render_events_table(sim, &sim->text); break;
    case PODSIM_SIM_VIEW_EVENT_LOG: render_event_log(sim, &sim->text); break;
    case PODSIM_SIM_VIEW_NODES: {
        const char *t;
        size_t n;
        podsim_status s = podsim_cluster_render(
            sim->c, PODSIM_VIEW_NODES, flags, sim_wall(sim, sim->now), &t, &n);
        if (s) {
            return sim_error(sim, s, "%s",
                             podsim_cluster_error(sim->c)->message);
        }
        strbuf_append(&sim->text, t, n);
        break;
    }
    case PODSIM_SIM_VIEW_REPORT: {
        const podsim_report *r;
        podsim_status s = report_build(sim, &r);
        if (s) return s;
        report_render(sim, &sim->text);
        break;
    }
    default:
        return sim_error(sim, PODSIM_EINVAL, "render: unknown view %d",
                         (int)view);
    }
    if (sim->text.failed) return sim_error(sim, PODSIM_ENOMEM, "out of memory");
    *text = strbuf_str(&sim->text);
    if (len) *len = sim->text.len;
    return PODSIM_OK;
}

podsim_status podsim_sim_report(podsim_sim *sim, const podsim_report **out) {
    if (!sim) return PODSIM_EINVAL;
    sim_clear_error(sim);
    if (!out) return sim_error(sim, PODSIM_EINVAL, "report: out is NULL");
    *out = NULL;
    if (sim->failed) return sim_error(sim, PODSIM_ENOMEM, "out of memory");
    return report_build(sim, out);
}
