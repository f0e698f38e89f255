/*
 * describe.c - `kubectl describe pod`, `kubectl get events`, `kubectl get
 * pod` and `kubectl get node` as kubectl prints them, for a simulation at
 * its simulated now (podsim_sim_describe_pod, the events view) and for the
 * diagnosis of a pod of a loaded dump or a simulation (diag_render_*, at
 * the subject's as_of, for its kubectl version).
 *
 * Upstream sources:
 *   - get events: kubernetes/kubernetes pkg/printers/internalversion/
 *     printers.go printEvent (server-side table): LAST SEEN is
 *     HumanDuration since lastTimestamp (or the series' lastObservedTime,
 *     else the first time), OBJECT is "<lower-case kind>/<name>", MESSAGE
 *     is trimmed, and no "(xN over T)" appears there (only -o wide has a
 *     COUNT column); kubectl prepends NAMESPACE with -A. An Event about a
 *     cluster-scoped object lives in "default" (client-go tools/record
 *     makeEvent). Columns go through cli-runtime's tab writer (minwidth 6,
 *     padding 3). For a simulation the list is the latest occurrence of
 *     each series, sorted by last time, then by recording order (an API
 *     LIST returns events by name; podsim uses the order in which the
 *     series began). For a diagnosis it is `kubectl get events -n NS
 *     --field-selector involvedObject.name=POD`: every event of the
 *     namespace naming the pod, in list order (the printer does not sort).
 *   - get pod / get node: printPod (printer.c) and printNode (NAME,
 *     STATUS, ROLES from the node-role.kubernetes.io/ labels and
 *     kubernetes.io/role, AGE, VERSION = kubeletVersion).
 *   - describe pod: staging/src/k8s.io/kubectl/pkg/describe/describe.go
 *     describePod, describeContainers (describeContainerBasicInfo,
 *     describeContainerCommand, describeContainerState, describeResources,
 *     describeContainerProbe, describeContainerEnvFrom,
 *     describeContainerEnvVars, describeContainerVolumes), describeStatus,
 *     DescribeProbe, EnvValueRetriever, describeVolumes,
 *     printLabelsMultiline, printAnnotationsMultiline,
 *     printPodTolerationsMultiline, describeTopologySpreadConstraints and
 *     DescribeEvents, written through the same text/tabwriter settings
 *     (minwidth 0, tabwidth 8, padding 2, spaces) and prefix writer (two
 *     spaces per level) as tabbedString, including the flush before the
 *     Events table. Times are RFC 1123 with a numeric zone
 *     ("Sat, 28 Nov 2026 10:00:00 +0000", UTC), ages HumanDuration
 *     (timefmt.c), "<unknown>" for a zero time (translateTimestampSince).
 *     QoS Class is status.qosClass or, when empty,
 *     pkg/apis/core/helper/qos ComputePodQOS.
 *   - Environment: a fieldRef value is resolved the way kubectl's scheme
 *     can (ConvertFieldLabel with no Pod conversion registered accepts
 *     only metadata.name and metadata.namespace; every other path prints
 *     an empty value before "(v1:status.podIP)"); a resourceFieldRef is
 *     resourcehelper.ExtractContainerResourceValue (ceil of the
 *     container's limit or request over the divisor, "node allocatable"
 *     for a zero limit).
 *   - Events in describe: the pod's events (namespace, name and uid),
 *     sorted as SortableEvents does: by lastTimestamp, where events
 *     written through events.k8s.io (the scheduler's: Scheduled,
 *     FailedScheduling, Preempted) have none and come first. Age is the
 *     first time (eventTime, else firstTimestamp), or "<last> (xN over
 *     <first>)" for a series (series.lastObservedTime and series.count) or
 *     a count above 1 (lastTimestamp). From is source.component, else
 *     reportingController. From kubectl 1.35 a message is prefixed with
 *     the event's fieldPath ("spec.containers{app}: ..."). In a simulation
 *     the pod's events are those recorded since it was created under its
 *     name.
 *
 * What the model does not keep is left out: the gRPC probe service, the
 * sub-fields of projected (service account token expiry, downwardAPI
 * items), downwardAPI, emptyDir medium and size limit, hostPath type,
 * ephemeral and CSI volume sources, volumeDevices, security contexts
 * (SeccompProfile), pod IPs beyond status.podIP and ephemeral containers.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "sim.h"

/* k8s.io/cli-runtime/pkg/printers/tabwriter.go */
#define TABLE_MIN_WIDTH 6
#define TABLE_PADDING 3
/* describe.go tabbedString: out.Init(buf, 0, 8, 2, ' ', 0) */
#define DESCRIBE_PADDING 2
/* describe.go maxAnnotationLen */
#define MAX_ANNOTATION_LEN 140
/* kubectl 1.35 prefixes event messages with the fieldPath */
#define FIELD_PATH_PREFIX_MINOR 35
/* kubectl 1.25 prints "Service Account:" (kubernetes#111192) */
#define SERVICE_ACCOUNT_MINOR 25
/* kubectl 1.33 prints a projected source's Optional as a bool
   (kubernetes#129457) */
#define PROJECTED_OPTIONAL_MINOR 33

/* ---- Go's text/tabwriter --------------------------------------------------
 */

typedef struct tw_cell {
    size_t start;
    size_t len;
    size_t width; /* runes */
} tw_cell;

typedef struct tw_line {
    size_t first; /* index of the first cell */
    size_t count;
} tw_line;

typedef struct tw_format {
    const char *text;
    const tw_cell *cells;
    const tw_line *lines;
    size_t line_count;
    size_t *widths; /* one per column of the current block nesting */
    strbuf *out;
} tw_format;

static size_t rune_count(const char *s, size_t len) {
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80) n++;
    }
    return n;
}

static void pad(strbuf *out, size_t n) {
    for (size_t i = 0; i < n; i++) strbuf_putc(out, ' ');
}

/* writeLines */
static void tw_write_lines(tw_format *f, size_t line0, size_t line1,
                           size_t nwidths) {
    for (size_t i = line0; i < line1; i++) {
        const tw_line *line = &f->lines[i];
        for (size_t j = 0; j < line->count; j++) {
            const tw_cell *c = &f->cells[line->first + j];
            strbuf_append(f->out, f->text + c->start, c->len);
            if (j < nwidths && f->widths[j] > c->width) {
                pad(f->out, f->widths[j] - c->width);
            }
        }
        if (i + 1 < f->line_count) strbuf_putc(f->out, '\n');
    }
}

/* format: column blocks, each padded to its widest cell plus padding. */
static void tw_format_block(tw_format *f, size_t line0, size_t line1,
                            size_t nwidths) {
    size_t column = nwidths;
    for (size_t row = line0; row < line1; row++) {
        if (column + 1 >= f->lines[row].count) continue;
        tw_write_lines(f, line0, row, nwidths);
        line0 = row;
        size_t width = 0;
        for (; row < line1; row++) {
            const tw_line *line = &f->lines[row];
            if (column + 1 >= line->count) break;
            size_t w = f->cells[line->first + column].width + DESCRIBE_PADDING;
            if (w > width) width = w;
        }
        f->widths[nwidths] = width;
        tw_format_block(f, line0, row, nwidths + 1);
        line0 = row;
    }
    tw_write_lines(f, line0, line1, nwidths);
}

/* Flush: lay out the buffered text (cells end at '\t', lines at '\n'). */
static void tw_flush(strbuf *pending, strbuf *out) {
    const char *text = strbuf_str(pending);
    size_t len = pending->len;
    vec cells, lines;
    vec_init(&cells, sizeof(tw_cell));
    vec_init(&lines, sizeof(tw_line));
    bool ok = true;
    size_t start = 0, first = 0;
    for (size_t i = 0; ok && i <= len; i++) {
        bool end = i == len;
        char ch = end ? '\n' : text[i];
        if (ch != '\t' && ch != '\n') continue;
        tw_cell *c = vec_push(&cells);
        ok = c != NULL;
        if (!ok) break;
        c->start = start;
        c->len = i - start;
        c->width = rune_count(text + start, c->len);
        start = i + 1;
        if (ch == '\n') {
            tw_line *l = vec_push(&lines);
            ok = l != NULL;
            if (!ok) break;
            l->first = first;
            l->count = cells.len - first;
            first = cells.len;
        }
    }
    /* the text after the last newline is the last, unterminated line */
    size_t max_cells = 1;
    for (size_t i = 0; ok && i < lines.len; i++) {
        const tw_line *l = vec_at(&lines, i);
        if (l->count > max_cells) max_cells = l->count;
    }
    size_t *widths = ok ? calloc(max_cells, sizeof(*widths)) : NULL;
    if (widths) {
        tw_format f = {text, cells.data, lines.data, lines.len, widths, out};
        tw_format_block(&f, 0, lines.len, 0);
    } else {
        out->failed = true;
    }
    free(widths);
    vec_release(&cells);
    vec_release(&lines);
    strbuf_clear(pending);
}

/* ---- the prefix writer ------------------------------------------------------
 */

typedef struct pw {
    strbuf buf; /* since the last flush */
    strbuf *out;
} pw;

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void
pw_write(pw *w, int level, const char *fmt, ...) {
    for (int i = 0; i < level; i++) strbuf_puts(&w->buf, "  ");
    va_list ap;
    va_start(ap, fmt);
    strbuf_vprintf(&w->buf, fmt, ap);
    va_end(ap);
}

static void pw_flush(pw *w) {
    tw_flush(&w->buf, w->out);
    if (w->buf.failed) w->out->failed = true;
}

/* ---- times -----------------------------------------------------------------
 */

/* Howard Hinnant's civil_from_days. */
static void civil_from_days(int64_t z, int64_t *y, int *m, int *d) {
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

/* time.RFC1123Z in the zone `tz` minutes east of UTC (kubectl prints its
   host's local zone): "Mon, 02 Jan 2006 15:04:05 -0700" */
static void rfc1123z(strbuf *out, int64_t wall_ms, int tz) {
    static const char *const days[] = {"Thu", "Fri", "Sat", "Sun",
                                       "Mon", "Tue", "Wed"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr",
                                         "May", "Jun", "Jul", "Aug",
                                         "Sep", "Oct", "Nov", "Dec"};
    if (wall_ms == PODSIM_NO_TIME) {
        strbuf_puts(out, "Mon, 01 Jan 0001 00:00:00 +0000"); /* zero Time */
        return;
    }
    int64_t secs = wall_ms >= 0 ? wall_ms / 1000 : -((-wall_ms + 999) / 1000);
    secs += (int64_t)tz * 60;
    int64_t day = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
    int64_t rem = secs - day * 86400;
    int64_t y;
    int m, d;
    civil_from_days(day, &y, &m, &d);
    int64_t wd = ((day % 7) + 7) % 7;
    int atz = tz < 0 ? -tz : tz;
    strbuf_printf(out, "%s, %02d %s %04lld %02d:%02d:%02d %c%02d%02d", days[wd],
                  d, months[m - 1], (long long)y, (int)(rem / 3600),
                  (int)(rem / 60 % 60), (int)(rem % 60), tz < 0 ? '-' : '+',
                  atz / 60, atz % 60);
}

/* translateTimestampSince at now (wall ms): "<unknown>" for a zero time */
static void since(strbuf *out, int64_t now, int64_t t) {
    if (t == PODSIM_NO_TIME || now == PODSIM_NO_TIME) {
        strbuf_puts(out, "<unknown>");
        return;
    }
    human_duration(now - t, out);
}

/* ---- the events -------------------------------------------------------------
 */

/* The latest occurrence of every series. */
static const podsim_sim_event **latest_events(const podsim_sim *sim,
                                              size_t *count) {
    *count = 0;
    const podsim_sim_event **list =
        malloc((sim->series_used ? sim->series_used : 1) * sizeof(*list));
    if (!list) return NULL;
    for (size_t i = 0; i < sim->series_slots; i++) {
        if (sim->series[i].last < 0) continue;
        list[(*count)++] = vec_at(&sim->events, (size_t)sim->series[i].last);
    }
    return list;
}

static int by_last_time(const void *x, const void *y) {
    const podsim_sim_event *a = *(const podsim_sim_event *const *)x;
    const podsim_sim_event *b = *(const podsim_sim_event *const *)y;
    if (a->time != b->time) return a->time < b->time ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static const char *trim(const char *s, size_t *len) {
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' ||
                 s[n - 1] == '\r')) {
        n--;
    }
    *len = n;
    return s;
}

/* kubectl's table: every column but the last padded to its widest cell
   plus 3, at least 6. `cells` holds rows x columns strings. */
static void write_table(strbuf *out, char **cells, size_t rows,
                        size_t columns) {
    size_t widths[8] = {0};
    for (size_t r = 0; r < rows; r++) {
        for (size_t c = 0; c + 1 < columns; c++) {
            const char *s = cells[r * columns + c];
            size_t w = rune_count(s, strlen(s)) + TABLE_PADDING;
            if (w < TABLE_MIN_WIDTH) w = TABLE_MIN_WIDTH;
            if (w > widths[c]) widths[c] = w;
        }
    }
    for (size_t r = 0; r < rows; r++) {
        for (size_t c = 0; c < columns; c++) {
            const char *s = cells[r * columns + c];
            strbuf_puts(out, s);
            if (c + 1 == columns) break;
            pad(out, widths[c] - rune_count(s, strlen(s)));
        }
        strbuf_putc(out, '\n');
    }
}

static char *dup_text(const char *s, size_t n) {
    char *out = malloc(n + 1);
    if (!out) return NULL;
    memcpy(out, s, n);
    out[n] = '\0';
    return out;
}

static char *lower_object(const char *kind, const char *name) {
    strbuf b;
    strbuf_init(&b);
    for (const char *k = kind; *k; k++) {
        char ch = *k;
        if (ch >= 'A' && ch <= 'Z') ch = (char)(ch - 'A' + 'a');
        strbuf_putc(&b, ch);
    }
    if (name[0]) strbuf_printf(&b, "/%s", name);
    char *out = b.failed ? NULL : dup_text(strbuf_str(&b), b.len);
    strbuf_release(&b);
    return out;
}

void render_events_table(podsim_sim *sim, strbuf *out) {
    size_t n = 0;
    const podsim_sim_event **list = latest_events(sim, &n);
    if (!list) {
        out->failed = true;
        return;
    }
    qsort(list, n, sizeof(*list), by_last_time);
    enum { COLUMNS = 6 };
    char **cells = calloc((n + 1) * COLUMNS, sizeof(*cells));
    if (!cells) {
        free(list);
        out->failed = true;
        return;
    }
    static const char *const header[COLUMNS] = {
        "NAMESPACE", "LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"};
    bool ok = true;
    for (size_t c = 0; c < COLUMNS; c++) {
        cells[c] = dup_text(header[c], strlen(header[c]));
        ok = ok && cells[c];
    }
    strbuf age;
    strbuf_init(&age);
    for (size_t i = 0; ok && i < n; i++) {
        const podsim_sim_event *e = list[i];
        char **row = cells + (i + 1) * COLUMNS;
        const char *ns = e->namespace_[0] ? e->namespace_ : "default";
        strbuf_clear(&age);
        since(&age, sim->now, e->time);
        size_t mlen;
        const char *msg = trim(e->message, &mlen);
        row[0] = dup_text(ns, strlen(ns));
        row[1] = dup_text(strbuf_str(&age), age.len);
        row[2] = dup_text(e->type, strlen(e->type));
        row[3] = dup_text(e->reason, strlen(e->reason));
        row[4] = lower_object(e->kind, e->name);
        row[5] = dup_text(msg, mlen);
        for (size_t c = 0; c < COLUMNS; c++) ok = ok && row[c];
    }
    if (ok && !age.failed && n) write_table(out, cells, n + 1, COLUMNS);
    if (!ok || age.failed) out->failed = true;
    if (ok && !n) strbuf_puts(out, ""); /* kubectl: "No resources found" */
    strbuf_release(&age);
    for (size_t i = 0; i < (n + 1) * COLUMNS; i++) free(cells[i]);
    free(cells);
    free(list);
}

/* ---- describe helpers
 * --------------------------------------------------------- */

static int cmp_kv(const void *x, const void *y) {
    const podsim_kv *a = *(const podsim_kv *const *)x;
    const podsim_kv *b = *(const podsim_kv *const *)y;
    return strcmp(a->key, b->key);
}

/* The map's entries sorted by key (pointers into it); NULL when empty or
   out of memory (*failed). */
static const podsim_kv **sorted_kvs(const podsim_kvs *kvs, bool *failed) {
    if (!kvs->count) return NULL;
    const podsim_kv **list = malloc(kvs->count * sizeof(*list));
    if (!list) {
        *failed = true;
        return NULL;
    }
    for (size_t i = 0; i < kvs->count; i++) list[i] = &kvs->items[i];
    qsort(list, kvs->count, sizeof(*list), cmp_kv);
    return list;
}

/* printLabelsMultiline */
static void print_labels(pw *w, const char *title, const podsim_kvs *labels) {
    pw_write(w, 0, "%s:\t", title);
    bool failed = false;
    const podsim_kv **list = sorted_kvs(labels, &failed);
    if (!list) {
        strbuf_puts(&w->buf, "<none>\n");
        if (failed) w->out->failed = true;
        return;
    }
    for (size_t i = 0; i < labels->count; i++) {
        if (i) pw_write(w, 0, "\t");
        pw_write(w, 0, "%s=%s\n", list[i]->key, list[i]->value);
    }
    free(list);
}

/* printAnnotationsMultiline (the last-applied-configuration is skipped) */
static void print_annotations(pw *w, const podsim_kvs *annotations) {
    static const char skip[] =
        "kubectl.kubernetes.io/last-applied-configuration";
    pw_write(w, 0, "Annotations:\t");
    bool failed = false;
    const podsim_kv **list = sorted_kvs(annotations, &failed);
    size_t printed = 0;
    for (size_t i = 0; list && i < annotations->count; i++) {
        const char *key = list[i]->key;
        if (strcmp(key, skip) == 0) continue;
        if (printed++) pw_write(w, 0, "\t");
        const char *value = list[i]->value;
        size_t vlen = strlen(value);
        if (vlen && value[vlen - 1] == '\n') vlen--;
        bool multi = memchr(value, '\n', vlen) != NULL;
        if (vlen + strlen(key) + 2 > MAX_ANNOTATION_LEN || multi) {
            pw_write(w, 0, "%s:\n", key);
            const char *s = value;
            const char *end = value + vlen;
            for (;;) {
                const char *nl = memchr(s, '\n', (size_t)(end - s));
                size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);
                size_t cut = MAX_ANNOTATION_LEN - 2;
                pw_write(w, 0, "\t  %.*s%s\n", (int)(n > cut ? cut : n), s,
                         n > cut ? "..." : "");
                if (!nl) break;
                s = nl + 1;
            }
        } else {
            pw_write(w, 0, "%s: %.*s\n", key, (int)vlen, value);
        }
    }
    if (!printed) strbuf_puts(&w->buf, "<none>\n");
    if (failed) w->out->failed = true;
    free(list);
}

static void quantity_text(const podsim_quantity *q, char *buf, size_t cap) {
    if (podsim_quantity_format(q, buf, cap, NULL) != PODSIM_OK) buf[0] = '\0';
}

static int cmp_resource(const void *x, const void *y) {
    const podsim_resource *a = *(const podsim_resource *const *)x;
    const podsim_resource *b = *(const podsim_resource *const *)y;
    return strcmp(a->name, b->name);
}

static void print_resource_list(pw *w, int level, const char *title,
                                const podsim_resources *list) {
    if (!list->count) return;
    pw_write(w, level, "%s:\n", title);
    const podsim_resource **sorted = malloc(list->count * sizeof(*sorted));
    if (!sorted) {
        w->out->failed = true;
        return;
    }
    for (size_t i = 0; i < list->count; i++) sorted[i] = &list->items[i];
    qsort(sorted, list->count, sizeof(*sorted), cmp_resource);
    for (size_t i = 0; i < list->count; i++) {
        char q[PODSIM_QUANTITY_STRING_MAX];
        quantity_text(&sorted[i]->quantity, q, sizeof q);
        pw_write(w, level + 1, "%s:\t%s\n", sorted[i]->name, q);
    }
    free(sorted);
}

/* describeResources */
static void print_resources(pw *w, int level, const podsim_resources *limits,
                            const podsim_resources *requests) {
    print_resource_list(w, level, "Limits", limits);
    print_resource_list(w, level, "Requests", requests);
}

/* DescribeProbe (kubectl up to 1.36) */
static void print_probe(pw *w, const char *title, const podsim_probe *p) {
    if (!p) return;
    char attrs[160];
    snprintf(attrs, sizeof attrs,
             "delay=%ds timeout=%ds period=%ds #success=%d #failure=%d",
             (int)p->initial_delay_seconds, (int)p->timeout_seconds,
             (int)p->period_seconds, (int)p->success_threshold,
             (int)p->failure_threshold);
    const char *target = p->target ? p->target : "";
    switch (p->handler) {
    case PODSIM_HANDLER_EXEC:
        pw_write(w, 2, "%s:\texec [%s] %s\n", title, target, attrs);
        break;
    case PODSIM_HANDLER_HTTP_GET: {
        /* target is "port:path", or the whole URL for another scheme or
           a host (decode_pod.c) */
        if (strstr(target, "://")) {
            pw_write(w, 2, "%s:\thttp-get %s %s\n", title, target, attrs);
            break;
        }
        const char *colon = strchr(target, ':');
        int port_len = colon ? (int)(colon - target) : (int)strlen(target);
        const char *path = colon ? colon + 1 : "";
        pw_write(w, 2, "%s:\thttp-get http://:%.*s%s %s\n", title, port_len,
                 target, path, attrs);
        break;
    }
    case PODSIM_HANDLER_TCP_SOCKET:
        /* "<host>:<port>", the host usually empty */
        pw_write(w, 2, "%s:\ttcp-socket %s%s %s\n", title,
                 strchr(target, ':') ? "" : ":", target, attrs);
        break;
    case PODSIM_HANDLER_GRPC:
        pw_write(w, 2, "%s:\tgrpc <pod>:%s  %s\n", title, target, attrs);
        break;
    default: pw_write(w, 2, "%s:\tunknown %s\n", title, attrs); break;
    }
}

/* describeStatus */
static void print_state(pw *w, const char *name,
                        const podsim_container_state *st, int tz) {
    switch (st->kind) {
    case PODSIM_STATE_RUNNING:
        pw_write(w, 2, "%s:\tRunning\n", name);
        pw_write(w, 3, "Started:\t");
        rfc1123z(&w->buf, st->started_at, tz);
        strbuf_putc(&w->buf, '\n');
        break;
    case PODSIM_STATE_TERMINATED:
        pw_write(w, 2, "%s:\tTerminated\n", name);
        if (st->reason && st->reason[0]) {
            pw_write(w, 3, "Reason:\t%s\n", st->reason);
        }
        if (st->message && st->message[0]) {
            pw_write(w, 3, "Message:\t%s\n", st->message);
        }
        pw_write(w, 3, "Exit Code:\t%d\n", (int)st->exit_code);
        if (st->signal > 0) pw_write(w, 3, "Signal:\t%d\n", (int)st->signal);
        pw_write(w, 3, "Started:\t");
        rfc1123z(&w->buf, st->started_at, tz);
        strbuf_putc(&w->buf, '\n');
        pw_write(w, 3, "Finished:\t");
        rfc1123z(&w->buf, st->finished_at, tz);
        strbuf_putc(&w->buf, '\n');
        break;
    case PODSIM_STATE_WAITING:
        pw_write(w, 2, "%s:\tWaiting\n", name);
        if (st->reason && st->reason[0]) {
            pw_write(w, 3, "Reason:\t%s\n", st->reason);
        }
        break;
    default: pw_write(w, 2, "%s:\tWaiting\n", name); break;
    }
}

static const char *protocol_name(podsim_protocol p) {
    const char *n = podsim_enum_name(PODSIM_ENUM_PROTOCOL, (int)p);
    return n ? n : "TCP";
}

/* describeContainerPorts / describeContainerHostPorts */
static void print_ports(pw *w, const podsim_container *c, bool host) {
    strbuf list;
    strbuf_init(&list);
    for (size_t i = 0; i < c->port_count; i++) {
        const podsim_container_port *p = &c->ports[i];
        strbuf_printf(&list, "%s%d/%s", i ? ", " : "",
                      (int)(host ? p->host_port : p->container_port),
                      protocol_name(p->protocol));
    }
    const char *title = host ? "Host Port" : "Port";
    if (c->port_count > 1) {
        pw_write(w, 2, "%ss:\t%s\n", title, strbuf_str(&list));
    } else {
        pw_write(w, 2, "%s:\t%s\n", title,
                 list.len ? strbuf_str(&list) : "<none>");
    }
    if (list.failed) w->out->failed = true;
    strbuf_release(&list);
}

/* describeContainerEnvFrom */
static void print_env_from(pw *w, const podsim_container *c) {
    if (!c->env_from_count) return;
    pw_write(w, 2, "Environment Variables from:\n");
    for (size_t i = 0; i < c->env_from_count; i++) {
        const podsim_env_from *e = &c->env_from[i];
        const char *from =
            e->kind == PODSIM_REF_SECRET ? "Secret" : "ConfigMap";
        const char *optional =
            e->optional.set && e->optional.value ? "true" : "false";
        if (e->prefix && e->prefix[0]) {
            pw_write(w, 3, "%s\t%s with prefix '%s'\tOptional: %s\n", e->name,
                     from, e->prefix, optional);
        } else {
            pw_write(w, 3, "%s\t%s\tOptional: %s\n", e->name, from, optional);
        }
    }
}

/* EnvValueRetriever through kubectl's scheme: only metadata.name and
   metadata.namespace convert (DefaultMetaV1FieldSelectorConversion) */
static const char *field_ref_value(const podsim_pod *pod,
                                   const podsim_env_var *e) {
    const char *api = e->value_from_key;
    if (api && api[0] && strcmp(api, "v1") != 0) return "";
    if (strcmp(e->value_from_name, "metadata.name") == 0) {
        return pod->meta.name;
    }
    if (strcmp(e->value_from_name, "metadata.namespace") == 0) {
        return pod->meta.namespace_;
    }
    return "";
}

static const podsim_quantity *find_quantity(const podsim_resources *list,
                                            const char *name) {
    for (size_t i = 0; i < list->count; i++) {
        if (strcmp(list->items[i].name, name) == 0) {
            return &list->items[i].quantity;
        }
    }
    return NULL;
}

/* resourcehelper.ExtractContainerResourceValue: ceil(quantity / divisor),
   in millis for cpu; false for an unsupported resource */
static bool resource_value(const podsim_container *c, const podsim_env_var *e,
                           long long *out) {
    const char *res = e->value_from_name;
    const podsim_resources *list = NULL;
    const char *name = NULL;
    if (strncmp(res, "limits.", 7) == 0) {
        list = &c->limits;
        name = res + 7;
    } else if (strncmp(res, "requests.", 9) == 0) {
        list = &c->requests;
        name = res + 9;
    } else {
        return false;
    }
    bool cpu = strcmp(name, "cpu") == 0;
    if (!cpu && strcmp(name, "memory") != 0 &&
        strcmp(name, "ephemeral-storage") != 0 &&
        strncmp(name, "hugepages-", 10) != 0) {
        return false;
    }
    podsim_quantity divisor;
    const char *d = e->value_from_key;
    if (!d || !d[0] || podsim_quantity_parse(d, strlen(d), &divisor) ||
        divisor.mantissa == 0) {
        podsim_quantity_parse("1", 1, &divisor);
    }
    const podsim_quantity *q = find_quantity(list, name);
    int64_t v = 0, dv = 1;
    if (cpu) {
        if ((q && podsim_quantity_milli(q, &v)) ||
            podsim_quantity_milli(&divisor, &dv)) {
            return false;
        }
    } else if ((q && podsim_quantity_value(q, &v)) ||
               podsim_quantity_value(&divisor, &dv)) {
        return false;
    }
    if (dv <= 0) return false;
    /* math.Ceil(float64(v) / float64(dv)) */
    long long r = v / dv;
    if (v % dv != 0 && (v > 0) == (dv > 0)) r++;
    *out = r;
    return true;
}

/* describeContainerEnvVars */
static void print_env(pw *w, const podsim_pod *pod, const podsim_container *c) {
    pw_write(w, 2, "Environment:%s\n", c->env_count ? "" : "\t<none>");
    for (size_t i = 0; i < c->env_count; i++) {
        const podsim_env_var *e = &c->env[i];
        const char *kind = e->value_from_kind ? e->value_from_kind : "";
        const char *optional =
            e->optional.set && e->optional.value ? "true" : "false";
        if (!kind[0]) {
            /* one line per line of the value */
            const char *v = e->value ? e->value : "";
            const char *nl = strchr(v, '\n');
            pw_write(w, 3, "%s:\t%.*s\n", e->name,
                     (int)(nl ? (size_t)(nl - v) : strlen(v)), v);
            while (nl) {
                v = nl + 1;
                nl = strchr(v, '\n');
                pw_write(w, 3, "\t%.*s\n",
                         (int)(nl ? (size_t)(nl - v) : strlen(v)), v);
            }
        } else if (strcmp(kind, "fieldRef") == 0) {
            pw_write(w, 3, "%s:\t%s (%s:%s)\n", e->name,
                     field_ref_value(pod, e), e->value_from_key,
                     e->value_from_name);
        } else if (strcmp(kind, "resourceFieldRef") == 0) {
            long long v = 0;
            const char *res = e->value_from_name;
            if (!resource_value(c, e, &v)) {
                pw_write(w, 3, "%s:\t (%s)\n", e->name, res);
            } else if (v == 0 && (strcmp(res, "limits.cpu") == 0 ||
                                  strcmp(res, "limits.memory") == 0)) {
                pw_write(w, 3, "%s:\tnode allocatable (%s)\n", e->name, res);
            } else {
                pw_write(w, 3, "%s:\t%lld (%s)\n", e->name, v, res);
            }
        } else if (strcmp(kind, "secretKeyRef") == 0) {
            pw_write(w, 3,
                     "%s:\t<set to the key '%s' in secret '%s'>\t"
                     "Optional: %s\n",
                     e->name, e->value_from_key, e->value_from_name, optional);
        } else if (strcmp(kind, "configMapKeyRef") == 0) {
            pw_write(w, 3,
                     "%s:\t<set to the key '%s' of config map '%s'>\t"
                     "Optional: %s\n",
                     e->name, e->value_from_key, e->value_from_name, optional);
        }
    }
}

static int cmp_mount(const void *x, const void *y) {
    const podsim_volume_mount *a = *(const podsim_volume_mount *const *)x;
    const podsim_volume_mount *b = *(const podsim_volume_mount *const *)y;
    int c = strcmp(a->mount_path, b->mount_path);
    return c ? c : (a < b ? -1 : a > b);
}

/* describeContainerVolumes (SortableVolumeMounts: by mountPath) */
static void print_mounts(pw *w, const podsim_container *c) {
    size_t n = c->mount_count;
    pw_write(w, 2, "Mounts:%s\n", n ? "" : "\t<none>");
    if (!n) return;
    const podsim_volume_mount **list = malloc(n * sizeof(*list));
    if (!list) {
        w->out->failed = true;
        return;
    }
    for (size_t i = 0; i < n; i++) list[i] = &c->mounts[i];
    qsort(list, n, sizeof(*list), cmp_mount);
    for (size_t i = 0; i < n; i++) {
        const podsim_volume_mount *m = list[i];
        pw_write(w, 3, "%s from %s (%s", m->mount_path, m->name,
                 m->read_only ? "ro" : "rw");
        if (m->sub_path && m->sub_path[0]) {
            /* fmt %q */
            strbuf_puts(&w->buf, ",path=\"");
            for (const char *q = m->sub_path; *q; q++) {
                if (*q == '"' || *q == '\\') strbuf_putc(&w->buf, '\\');
                strbuf_putc(&w->buf, *q);
            }
            strbuf_putc(&w->buf, '"');
        }
        strbuf_puts(&w->buf, ")\n");
    }
    free(list);
}

/* describeContainerCommand: one line per line of each element */
static void print_lines(pw *w, const char *title, const podsim_strings *list) {
    if (!list->count) return;
    pw_write(w, 2, "%s:\n", title);
    for (size_t i = 0; i < list->count; i++) {
        const char *v = list->items[i];
        for (;;) {
            const char *nl = strchr(v, '\n');
            pw_write(w, 3, "%.*s\n", (int)(nl ? (size_t)(nl - v) : strlen(v)),
                     v);
            if (!nl) break;
            v = nl + 1;
        }
    }
}

/* A status the kubelet has written (a state other than "none"). */
static const podsim_container_status *status_of(
    const podsim_container_status *list, size_t n, const char *name) {
    for (size_t i = 0; i < n; i++) {
        if (strcmp(list[i].name, name) == 0) {
            return list[i].state.kind != PODSIM_STATE_NONE ? &list[i] : NULL;
        }
    }
    return NULL;
}

/* describeContainers */
static void print_containers(pw *w, const podsim_pod *pod, const char *label,
                             const podsim_container *cs, size_t n,
                             const podsim_container_status *statuses,
                             size_t status_count, int tz) {
    pw_write(w, 0, "%s:%s\n", label, n ? "" : " <none>");
    for (size_t i = 0; i < n; i++) {
        const podsim_container *c = &cs[i];
        const podsim_container_status *st =
            status_of(statuses, status_count, c->name);
        pw_write(w, 1, "%s:\n", c->name);
        if (st) pw_write(w, 2, "Container ID:\t%s\n", st->container_id);
        pw_write(w, 2, "Image:\t%s\n", c->image);
        if (st) pw_write(w, 2, "Image ID:\t%s\n", st->image_id);
        print_ports(w, c, false);
        print_ports(w, c, true);
        print_lines(w, "Command", &c->command);
        print_lines(w, "Args", &c->args);
        if (st) {
            print_state(w, "State", &st->state, tz);
            if (st->last_state.kind == PODSIM_STATE_TERMINATED) {
                print_state(w, "Last State", &st->last_state, tz);
            }
            pw_write(w, 2, "Ready:\t%s\n", st->ready ? "True" : "False");
            pw_write(w, 2, "Restart Count:\t%d\n", (int)st->restart_count);
        }
        print_resources(w, 2, &c->limits, &c->requests);
        print_probe(w, "Liveness", c->liveness_probe);
        print_probe(w, "Readiness", c->readiness_probe);
        print_probe(w, "Startup", c->startup_probe);
        print_env_from(w, c);
        print_env(w, pod, c);
        print_mounts(w, c);
    }
}

/* printProjectedVolumeSource. The sources in order are in v->source
   (decode_pod.c: "serviceAccountToken=N", "configMap", "secret",
   "downwardAPI"), the ConfigMaps and Secrets in v->refs. Before kubectl
   1.33 (kubernetes#129457) the optional flag was printed as a *bool:
   "<nil>" when unset (an address when set, shown here as its value). */
static void print_projected(pw *w, const podsim_volume *v, int minor) {
    bool old = minor < PROJECTED_OPTIONAL_MINOR;
    const char *t = v->source ? v->source : "";
    size_t ref = 0;
    while (*t) {
        size_t n = strcspn(t, " ");
        if (n > 20 && strncmp(t, "serviceAccountToken=", 20) == 0) {
            pw_write(w, 2, "TokenExpirationSeconds:\t%.*s\n", (int)(n - 20),
                     t + 20);
        } else if (n == 11 && strncmp(t, "downwardAPI", n) == 0) {
            pw_write(w, 2, "DownwardAPI:\ttrue\n");
        } else if (ref < v->ref_count) {
            const podsim_object_ref *r = &v->refs[ref++];
            bool secret = r->kind == PODSIM_REF_SECRET;
            const char *opt = r->optional ? "true" : old ? "<nil>" : "false";
            pw_write(w, 2, "%s:\t%s\n    %s:\t%s\n",
                     secret ? "SecretName" : "ConfigMapName", r->name,
                     !old     ? "Optional"
                     : secret ? "SecretOptionalName"
                              : "ConfigMapOptional",
                     opt);
        }
        t += n;
        while (*t == ' ') t++;
    }
}

/* describeVolumes, for the sources the model keeps */
static void print_volume(pw *w, const podsim_volume *v, int minor) {
    const char *ro = v->read_only ? "true" : "false";
    const char *opt = v->optional ? "true" : "false";
    pw_write(w, 1, "%s:\n", v->name);
    switch (v->type) {
    case PODSIM_VOLUME_PVC:
        pw_write(w, 2,
                 "Type:\tPersistentVolumeClaim (a reference to a "
                 "PersistentVolumeClaim in the same namespace)\n"
                 "    ClaimName:\t%s\n    ReadOnly:\t%s\n",
                 v->source, ro);
        break;
    case PODSIM_VOLUME_CONFIGMAP:
        pw_write(w, 2,
                 "Type:\tConfigMap (a volume populated by a ConfigMap)\n"
                 "    Name:\t%s\n    Optional:\t%s\n",
                 v->source, opt);
        break;
    case PODSIM_VOLUME_SECRET:
        pw_write(w, 2,
                 "Type:\tSecret (a volume populated by a Secret)\n"
                 "    SecretName:\t%s\n    Optional:\t%s\n",
                 v->source, opt);
        break;
    case PODSIM_VOLUME_EMPTY_DIR:
        pw_write(w, 2,
                 "Type:\tEmptyDir (a temporary directory that shares a "
                 "pod's lifetime)\n    Medium:\t\n    SizeLimit:\t<unset>\n");
        break;
    case PODSIM_VOLUME_HOST_PATH:
        pw_write(w, 2,
                 "Type:\tHostPath (bare host directory volume)\n"
                 "    Path:\t%s\n    HostPathType:\t<none>\n",
                 v->source);
        break;
    case PODSIM_VOLUME_PROJECTED:
        pw_write(w, 2,
                 "Type:\tProjected (a volume that contains injected "
                 "data from multiple sources)\n");
        print_projected(w, v, minor);
        break;
    case PODSIM_VOLUME_DOWNWARD_API:
        pw_write(w, 2,
                 "Type:\tDownwardAPI (a volume populated by "
                 "information about the pod)\n    Items:\n");
        break;
    case PODSIM_VOLUME_EPHEMERAL:
        pw_write(w, 2,
                 "Type:\tEphemeralVolume (an inline specification for "
                 "a volume that gets created and deleted with the "
                 "pod)\n");
        break;
    default: pw_write(w, 1, "<unknown>\n"); break;
    }
}

static void print_volumes(pw *w, const podsim_pod_spec *spec, int minor) {
    if (!spec->volume_count) {
        pw_write(w, 0, "Volumes:\t<none>\n");
        return;
    }
    pw_write(w, 0, "Volumes:\n");
    for (size_t i = 0; i < spec->volume_count; i++) {
        print_volume(w, &spec->volumes[i], minor);
    }
}

static int cmp_toleration(const void *x, const void *y) {
    const podsim_toleration *a = *(const podsim_toleration *const *)x;
    const podsim_toleration *b = *(const podsim_toleration *const *)y;
    int c = strcmp(a->key, b->key);
    if (c) return c;
    return a < b ? -1 : a > b; /* stable, as sort.Slice is on short lists */
}

/* printPodTolerationsMultiline */
static void print_tolerations(pw *w, const podsim_pod_spec *spec) {
    pw_write(w, 0, "Tolerations:\t");
    size_t n = spec->toleration_count;
    if (!n) {
        strbuf_puts(&w->buf, "<none>\n");
        return;
    }
    const podsim_toleration **list = malloc(n * sizeof(*list));
    if (!list) {
        w->out->failed = true;
        return;
    }
    for (size_t i = 0; i < n; i++) list[i] = &spec->tolerations[i];
    qsort(list, n, sizeof(*list), cmp_toleration);
    for (size_t i = 0; i < n; i++) {
        const podsim_toleration *t = list[i];
        if (i) pw_write(w, 0, "\t");
        strbuf_puts(&w->buf, t->key);
        if (t->value[0]) strbuf_printf(&w->buf, "=%s", t->value);
        const char *effect = podsim_taint_effect_name(t->effect);
        if (effect && effect[0]) strbuf_printf(&w->buf, ":%s", effect);
        if (t->op == PODSIM_TOLERATION_EXISTS && !t->value[0]) {
            strbuf_puts(&w->buf, t->key[0] || (effect && effect[0])
                                     ? " op=Exists"
                                     : "op=Exists");
        }
        if (t->toleration_seconds.set) {
            strbuf_printf(&w->buf, " for %llds",
                          (long long)t->toleration_seconds.value);
        }
        strbuf_putc(&w->buf, '\n');
    }
    free(list);
}

/* One requirement of labels.Selector.String(). */
typedef struct sel_req {
    const char *key;
    int op; /* 0 =, 1 in, 2 notin, 3 exists, 4 !exists */
    const podsim_strings *values;
    const char *value;
} sel_req;

static int cmp_req(const void *x, const void *y) {
    return strcmp(((const sel_req *)x)->key, ((const sel_req *)y)->key);
}

static int cmp_str(const void *x, const void *y) {
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* metav1.FormatLabelSelector */
static void format_selector(strbuf *out, const podsim_label_selector *sel) {
    size_t n = sel ? sel->match_labels.count + sel->match_expression_count : 0;
    if (!n) {
        strbuf_puts(out, "<none>");
        return;
    }
    sel_req *reqs = calloc(n, sizeof(*reqs));
    if (!reqs) {
        out->failed = true;
        return;
    }
    size_t k = 0;
    for (size_t i = 0; i < sel->match_labels.count; i++, k++) {
        reqs[k].key = sel->match_labels.items[i].key;
        reqs[k].value = sel->match_labels.items[i].value;
    }
    for (size_t i = 0; i < sel->match_expression_count; i++, k++) {
        const podsim_requirement *r = &sel->match_expressions[i];
        reqs[k].key = r->key;
        reqs[k].values = &r->values;
        reqs[k].op = r->op == PODSIM_OP_IN       ? 1
                     : r->op == PODSIM_OP_NOT_IN ? 2
                     : r->op == PODSIM_OP_EXISTS ? 3
                                                 : 4;
    }
    qsort(reqs, n, sizeof(*reqs), cmp_req);
    for (size_t i = 0; i < n; i++) {
        const sel_req *r = &reqs[i];
        if (i) strbuf_putc(out, ',');
        switch (r->op) {
        case 0: strbuf_printf(out, "%s=%s", r->key, r->value); break;
        case 3: strbuf_puts(out, r->key); break;
        case 4: strbuf_printf(out, "!%s", r->key); break;
        default: {
            strbuf_printf(out, "%s %s (", r->key, r->op == 1 ? "in" : "notin");
            size_t vn = r->values->count;
            const char **vals = malloc((vn ? vn : 1) * sizeof(*vals));
            if (!vals) {
                out->failed = true;
                break;
            }
            for (size_t j = 0; j < vn; j++) vals[j] = r->values->items[j];
            qsort(vals, vn, sizeof(*vals), cmp_str);
            for (size_t j = 0; j < vn; j++) {
                strbuf_printf(out, "%s%s", j ? "," : "", vals[j]);
            }
            free(vals);
            strbuf_putc(out, ')');
            break;
        }
        }
    }
    free(reqs);
}

static int cmp_tsc(const void *x, const void *y) {
    const podsim_topology_spread_constraint *a =
        *(const podsim_topology_spread_constraint *const *)x;
    const podsim_topology_spread_constraint *b =
        *(const podsim_topology_spread_constraint *const *)y;
    int c = strcmp(a->topology_key, b->topology_key);
    return c ? c : (a < b ? -1 : a > b);
}

/* describeTopologySpreadConstraints */
static void print_spread(pw *w, const podsim_pod_spec *spec) {
    size_t n = spec->topology_spread_constraint_count;
    if (!n) return;
    const podsim_topology_spread_constraint **list = malloc(n * sizeof(*list));
    if (!list) {
        w->out->failed = true;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        list[i] = &spec->topology_spread_constraints[i];
    }
    qsort(list, n, sizeof(*list), cmp_tsc);
    pw_write(w, 0, "Topology Spread Constraints:\t");
    for (size_t i = 0; i < n; i++) {
        const podsim_topology_spread_constraint *t = list[i];
        if (i) strbuf_putc(&w->buf, '\t');
        const char *when =
            podsim_enum_name(PODSIM_ENUM_UNSATISFIABLE, t->when_unsatisfiable);
        strbuf_printf(&w->buf, "%s:%s when max skew %d is exceeded",
                      t->topology_key, when ? when : "", (int)t->max_skew);
        if (t->label_selector) {
            strbuf_puts(&w->buf, " for selector ");
            format_selector(&w->buf, t->label_selector);
        }
        strbuf_putc(&w->buf, '\n');
    }
    free(list);
}

/* QoS Class: status.qosClass, else ComputePodQOS (requests.c). */
static const char *pod_qos(const podsim_pod *p) {
    if (p->status.qos_class && p->status.qos_class[0]) {
        return p->status.qos_class;
    }
    return pod_qos_class(p);
}

/* ---- events of the pod
 * ---------------------------------------------------------- */

/* SortableEvents.Less (lastTimestamp; null first), stable */
static int cmp_pod_event(const void *x, const void *y) {
    const diag_event *a = *(const diag_event *const *)x;
    const diag_event *b = *(const diag_event *const *)y;
    if (a->has_last_timestamp != b->has_last_timestamp) {
        return a->has_last_timestamp ? 1 : -1;
    }
    if (a->has_last_timestamp && a->last != b->last) {
        return a->last < b->last ? -1 : 1;
    }
    return a->order < b->order ? -1 : a->order > b->order;
}

/* The events of a simulated pod (recorded since it was created under its
   name), as diag_event in describe order. *events is one allocation
   holding the pointers and the events; NULL (and *failed) when out of
   memory. */
static const diag_event **sim_pod_events(podsim_sim *sim, const podsim_pod *p,
                                         size_t *count, bool *failed) {
    size_t n = 0;
    *count = 0;
    const podsim_sim_event **all = latest_events(sim, &n);
    const diag_event **list =
        all ? malloc((n ? n : 1) * (sizeof(*list) + sizeof(diag_event))) : NULL;
    if (!list) {
        free(all);
        *failed = true;
        return NULL;
    }
    diag_event *items = (diag_event *)(list + (n ? n : 1));
    int64_t created = p->meta.creation_timestamp == PODSIM_NO_TIME
                          ? INT64_MIN
                          : p->meta.creation_timestamp - sim->epoch_ms;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const podsim_sim_event *e = all[i];
        if (strcmp(e->kind, "Pod") != 0 ||
            strcmp(e->namespace_, p->meta.namespace_) != 0 ||
            strcmp(e->name, p->meta.name) != 0 || e->time < created) {
            continue;
        }
        diag_event_from_sim(sim, e, &items[k]);
        list[k] = &items[k];
        k++;
    }
    free(all);
    qsort(list, k, sizeof(*list), cmp_pod_event);
    *count = k;
    return list;
}

/* DescribeEvents; `events` are in describe order already */
static void print_events(pw *w, int64_t now, int minor,
                         const diag_event *const *events, size_t count) {
    if (!count) {
        pw_write(w, 0, "Events:\t<none>\n");
        return;
    }
    pw_flush(w);
    pw_write(w, 0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n");
    pw_write(w, 1, "----\t------\t----\t----\t-------\n");
    bool prefix = minor >= FIELD_PATH_PREFIX_MINOR;
    for (size_t i = 0; i < count; i++) {
        const diag_event *e = events[i];
        pw_write(w, 1, "%s\t%s\t", e->type ? e->type : "",
                 e->reason ? e->reason : "");
        if (e->has_series || e->count > 1) {
            /* series.lastObservedTime, else lastTimestamp (zero when the
               event has none: "<unknown>") */
            since(&w->buf, now,
                  e->has_series || e->has_last_timestamp ? e->last
                                                         : PODSIM_NO_TIME);
            strbuf_printf(&w->buf, " (x%d over ", (int)e->count);
            since(&w->buf, now, e->first);
            strbuf_putc(&w->buf, ')');
        } else {
            since(&w->buf, now, e->first);
        }
        size_t mlen;
        const char *msg = trim(e->message ? e->message : "", &mlen);
        strbuf_printf(&w->buf, "\t%s\t", e->source ? e->source : "");
        if (prefix && e->field_path && e->field_path[0]) {
            strbuf_printf(&w->buf, "%s: ", e->field_path);
        }
        strbuf_printf(&w->buf, "%.*s\n", (int)mlen, msg);
    }
}

/* ---- describePod
 * ------------------------------------------------------------------ */

/* What describe reads: the pod, the time ages are relative to, the kubectl
   version, and the pod's events in describe order. */
typedef struct describe_in {
    const podsim_pod *pod;
    int64_t now; /* wall ms */
    int minor;
    const diag_event *const *events;
    size_t event_count;
    int tz; /* minutes east of UTC for the RFC 1123 times */
} describe_in;

static void describe_pod(pw *w, const describe_in *in) {
    const podsim_pod *p = in->pod;
    const podsim_pod_spec *spec = &p->spec;
    const podsim_pod_status *st = &p->status;
    pw_write(w, 0, "Name:\t%s\n", p->meta.name);
    pw_write(w, 0, "Namespace:\t%s\n", p->meta.namespace_);
    if (spec->priority.set) {
        pw_write(w, 0, "Priority:\t%lld\n", (long long)spec->priority.value);
    }
    if (spec->priority_class_name && spec->priority_class_name[0]) {
        pw_write(w, 0, "Priority Class Name:\t%s\n", spec->priority_class_name);
    }
    if (spec->runtime_class_name && spec->runtime_class_name[0]) {
        pw_write(w, 0, "Runtime Class Name:\t%s\n", spec->runtime_class_name);
    }
    if (in->minor >= SERVICE_ACCOUNT_MINOR && spec->service_account_name &&
        spec->service_account_name[0]) {
        pw_write(w, 0, "Service Account:\t%s\n", spec->service_account_name);
    }
    if (!spec->node_name[0]) {
        pw_write(w, 0, "Node:\t<none>\n");
    } else {
        pw_write(w, 0, "Node:\t%s/%s\n", spec->node_name,
                 st->host_ip ? st->host_ip : "");
    }
    if (st->start_time != PODSIM_NO_TIME) {
        pw_write(w, 0, "Start Time:\t");
        rfc1123z(&w->buf, st->start_time, in->tz);
        strbuf_putc(&w->buf, '\n');
    }
    print_labels(w, "Labels", &p->meta.labels);
    print_annotations(w, &p->meta.annotations);
    bool terminal = st->has_phase && (st->phase == PODSIM_PHASE_SUCCEEDED ||
                                      st->phase == PODSIM_PHASE_FAILED);
    if (p->meta.deletion_timestamp != PODSIM_NO_TIME && !terminal) {
        pw_write(w, 0, "Status:\tTerminating (lasts ");
        since(&w->buf, in->now, p->meta.deletion_timestamp);
        strbuf_puts(&w->buf, ")\n");
        pw_write(w, 0, "Termination Grace Period:\t%llds\n",
                 (long long)p->meta.deletion_grace_period_seconds.value);
    } else {
        /* SetDefaults_PodStatus: a pod without a phase is Pending */
        pw_write(w, 0, "Status:\t%s\n",
                 podsim_phase_name(st->has_phase ? st->phase
                                                 : PODSIM_PHASE_PENDING));
    }
    if (st->reason && st->reason[0])
        pw_write(w, 0, "Reason:\t%s\n", st->reason);
    if (st->message && st->message[0]) {
        pw_write(w, 0, "Message:\t%s\n", st->message);
    }
    const char *ip = st->pod_ip ? st->pod_ip : "";
    pw_write(w, 0, "IP:\t%s\n", ip);
    if (ip[0]) {
        pw_write(w, 0, "IPs:\n");
        pw_write(w, 1, "IP:\t%s\n", ip);
    } else {
        pw_write(w, 0, "IPs:\t<none>\n");
    }
    for (size_t i = 0; i < p->meta.owner_reference_count; i++) {
        const podsim_owner_reference *ref = &p->meta.owner_references[i];
        if (!ref->controller) continue;
        pw_write(w, 0, "Controlled By:\t%s/%s\n", ref->kind, ref->name);
        break;
    }
    if (st->nominated_node_name && st->nominated_node_name[0]) {
        pw_write(w, 0, "NominatedNodeName:\t%s\n", st->nominated_node_name);
    }
    if (spec->pod_requests.count || spec->pod_limits.count) {
        pw_write(w, 0, "Resources:\n");
        print_resources(w, 1, &spec->pod_limits, &spec->pod_requests);
    }
    if (spec->init_container_count) {
        print_containers(w, p, "Init Containers", spec->init_containers,
                         spec->init_container_count,
                         st->init_container_statuses,
                         st->init_container_status_count, in->tz);
    }
    print_containers(w, p, "Containers", spec->containers,
                     spec->container_count, st->container_statuses,
                     st->container_status_count, in->tz);
    if (spec->readiness_gates.count) {
        pw_write(w, 0, "Readiness Gates:\n  Type\tStatus\n");
        for (size_t i = 0; i < spec->readiness_gates.count; i++) {
            const char *type = spec->readiness_gates.items[i];
            const char *status = "<none>";
            for (size_t j = 0; j < st->condition_count; j++) {
                if (strcmp(st->conditions[j].type, type) == 0) {
                    status = st->conditions[j].status;
                    break;
                }
            }
            pw_write(w, 1, "%s \t%s \n", type, status);
        }
    }
    if (st->condition_count) {
        pw_write(w, 0, "Conditions:\n  Type\tStatus\n");
        for (size_t i = 0; i < st->condition_count; i++) {
            pw_write(w, 1, "%s \t%s \n", st->conditions[i].type,
                     st->conditions[i].status);
        }
    }
    print_volumes(w, spec, in->minor);
    pw_write(w, 0, "QoS Class:\t%s\n", pod_qos(p));
    print_labels(w, "Node-Selectors", &spec->node_selector);
    print_tolerations(w, spec);
    print_spread(w, spec);
    print_events(w, in->now, in->minor, in->events, in->event_count);
}

podsim_status podsim_sim_describe_pod(podsim_sim *sim, const char *namespace_,
                                      const char *name, const char **text,
                                      size_t *len) {
    if (!sim) return PODSIM_EINVAL;
    sim_clear_error(sim);
    if (!name || !text) {
        return sim_error(sim, PODSIM_EINVAL,
                         "describe_pod: name and text are required");
    }
    const char *ns = namespace_ && namespace_[0] ? namespace_ : "default";
    podsim_id id = cluster_lookup(sim->c, PODSIM_KIND_POD, ns, name);
    const podsim_pod *p = podsim_cluster_pod(sim->c, id);
    if (!p || p->removed) {
        return sim_error(sim, PODSIM_ENOTFOUND, "pods \"%s\" not found", name);
    }
    strbuf_clear(&sim->text);
    bool failed = false;
    size_t count = 0;
    const diag_event **events = sim_pod_events(sim, p, &count, &failed);
    if (!failed) {
        describe_in in = {
            p, sim_wall(sim, sim->now), sim->k.minor, events, count, 0};
        pw w;
        strbuf_init(&w.buf);
        w.out = &sim->text;
        describe_pod(&w, &in);
        pw_flush(&w);
        failed = w.buf.failed || sim->text.failed;
        strbuf_release(&w.buf);
    }
    free(events);
    if (failed) return sim_error(sim, PODSIM_ENOMEM, "out of memory");
    *text = strbuf_str(&sim->text);
    if (len) *len = sim->text.len;
    return PODSIM_OK;
}

/* ---- the diagnosis' kubectl views -------------------------------------------
 */

void diag_render_describe(const diag_subject *s, strbuf *out) {
    diag_render_describe_tz(s, 0, out);
}

void diag_render_describe_tz(const diag_subject *s, int tz, strbuf *out) {
    describe_in in = {s->pod,
                      s->src->as_of,
                      s->src->kubectl_minor,
                      (const diag_event *const *)s->events,
                      s->event_count,
                      tz};
    pw w;
    strbuf_init(&w.buf);
    w.out = out;
    describe_pod(&w, &in);
    pw_flush(&w);
    if (w.buf.failed) out->failed = true;
    strbuf_release(&w.buf);
}

/* A table of `rows` x `columns` borrowed strings, written as kubectl's
   cli-runtime tab writer lays it out. */
static void write_borrowed_table(strbuf *out, const char **cells, size_t rows,
                                 size_t columns) {
    write_table(out, (char **)cells, rows, columns);
}

/* kubectl get events -n NS --field-selector involvedObject.name=POD */
void diag_render_events(const diag_subject *s, strbuf *out) {
    const diag_source *src = s->src;
    const podsim_pod *p = s->pod;
    enum { COLUMNS = 5 };
    size_t n = 0;
    for (size_t i = 0; i < src->event_count; i++) {
        const diag_event *e = &src->events[i];
        if (strcmp(e->namespace_, p->meta.namespace_) == 0 &&
            strcmp(e->name, p->meta.name) == 0) {
            n++;
        }
    }
    if (!n) {
        /* kubectl writes this to stderr */
        strbuf_printf(out, "No resources found in %s namespace.\n",
                      p->meta.namespace_);
        return;
    }
    const char **cells = calloc((n + 1) * COLUMNS, sizeof(*cells));
    char **owned = calloc((n + 1) * 3, sizeof(*owned));
    strbuf age;
    strbuf_init(&age);
    bool ok = cells && owned;
    static const char *const header[COLUMNS] = {"LAST SEEN", "TYPE", "REASON",
                                                "OBJECT", "MESSAGE"};
    for (size_t c = 0; ok && c < COLUMNS; c++) cells[c] = header[c];
    size_t row = 1, k = 0;
    for (size_t i = 0; ok && i < src->event_count; i++) {
        const diag_event *e = &src->events[i];
        if (strcmp(e->namespace_, p->meta.namespace_) != 0 ||
            strcmp(e->name, p->meta.name) != 0) {
            continue;
        }
        const char **r = cells + row * COLUMNS;
        strbuf_clear(&age);
        /* printEvent: series.lastObservedTime, else lastTimestamp, else
           the first time */
        since(&age, src->as_of, e->last);
        size_t mlen;
        const char *msg = trim(e->message ? e->message : "", &mlen);
        owned[k] = dup_text(strbuf_str(&age), age.len);
        owned[k + 1] = lower_object(e->kind, e->name);
        owned[k + 2] = dup_text(msg, mlen);
        ok = owned[k] && owned[k + 1] && owned[k + 2] && !age.failed;
        r[0] = owned[k];
        r[1] = e->type ? e->type : "";
        r[2] = e->reason ? e->reason : "";
        r[3] = owned[k + 1];
        r[4] = owned[k + 2];
        k += 3;
        row++;
    }
    if (ok) {
        write_borrowed_table(out, cells, n + 1, COLUMNS);
    } else {
        out->failed = true;
    }
    for (size_t i = 0; owned && i < k; i++) free(owned[i]);
    free(owned);
    free(cells);
    strbuf_release(&age);
}

/* kubectl get pod NAME -n NS */
void diag_render_get_pod(const diag_subject *s, strbuf *out) {
    podsim_pod_row row;
    if (podsim_pod_row_get(s->src->cluster, s->pod_id, s->src->as_of, &row) !=
        PODSIM_OK) {
        out->failed = true;
        return;
    }
    const char *cells[12] = {"NAME",     "READY",    "STATUS",
                             "RESTARTS", "AGE",      s->pod->meta.name,
                             row.ready,  row.status, row.restarts,
                             row.age};
    write_borrowed_table(out, cells, 2, 5);
}

static int cmp_role(const void *x, const void *y) {
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* kubectl get node NAME (printNode: findNodeRoles) */
void diag_render_get_node(const diag_subject *s, strbuf *out) {
    const podsim_node *node = s->node;
    if (!node) return;
    static const char prefix[] = "node-role.kubernetes.io/";
    const podsim_kvs *labels = &node->meta.labels;
    const char **roles = malloc((labels->count + 1) * sizeof(*roles));
    if (!roles) {
        out->failed = true;
        return;
    }
    size_t n = 0;
    for (size_t i = 0; i < labels->count; i++) {
        const char *key = labels->items[i].key;
        const char *value = labels->items[i].value;
        if (strncmp(key, prefix, sizeof prefix - 1) == 0) {
            if (key[sizeof prefix - 1]) roles[n++] = key + sizeof prefix - 1;
        } else if (strcmp(key, "kubernetes.io/role") == 0 && value[0]) {
            roles[n++] = value;
        }
    }
    qsort(roles, n, sizeof(*roles), cmp_role);
    strbuf role, age;
    strbuf_init(&role);
    strbuf_init(&age);
    for (size_t i = 0; i < n; i++) {
        if (i && strcmp(roles[i], roles[i - 1]) == 0) continue;
        if (role.len) strbuf_putc(&role, ',');
        strbuf_puts(&role, roles[i]);
    }
    if (!n) strbuf_puts(&role, "<none>");
    since(&age, s->src->as_of, node->meta.creation_timestamp);
    char status[64];
    node_status_text(node, status, sizeof status);
    const char *version = node->node_info.kubelet_version;
    const char *cells[10] = {"NAME",           "STATUS",
                             "ROLES",          "AGE",
                             "VERSION",        node->meta.name,
                             status,           strbuf_str(&role),
                             strbuf_str(&age), version ? version : ""};
    if (role.failed || age.failed) {
        out->failed = true;
    } else {
        write_borrowed_table(out, cells, 2, 5);
    }
    strbuf_release(&role);
    strbuf_release(&age);
    free(roles);
}
