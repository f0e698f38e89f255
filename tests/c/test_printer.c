/*
 * test_printer.c - kubectl's views of the model: printPod's READY / STATUS /
 * RESTARTS / AGE, printNode's STATUS / ROLES / wide columns, the tab
 * writer's layout, LIST order and the node requests table.
 *
 * Pod and node cases are transcribed from upstream's tests in
 * kubernetes/kubernetes pkg/printers/internalversion/printers_test.go
 * (TestPrintPod, TestPrintPodWithRestartableInitContainer,
 * TestPrintNonTerminatedPod, TestPrintPodConditions, TestPrintPodwide,
 * TestPrintNodeStatus, TestPrintNodeRole, TestPrintNodeOSImage,
 * TestPrintNodeKernelVersion, TestPrintNodeContainerRuntimeVersion,
 * TestPrintNodeInternalIP, TestPrintNodeExternalIP) as YAML objects loaded
 * through the public API. Upstream uses the made-up phase "podPhase" and
 * time.Now(); here phases are real ones and every time is relative to the
 * fixed AS_OF. Other cases follow printPod's code and are marked so.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "podsim.h"

/* 2024-05-01T10:00:00Z */
#define AS_OF INT64_C(1714557600000)

#define TEN_SECONDS_AGO "2024-05-01T09:59:50Z"
#define TWENTY_SECONDS_AGO "2024-05-01T09:59:40Z"
#define TWO_MINUTES_AGO "2024-05-01T09:58:00Z"
#define FIVE_DAYS_AGO "2024-04-26T10:00:00Z"
#define TEN_DAYS_AGO "2024-04-21T10:00:00Z"
#define TWENTY_DAYS_AGO "2024-04-11T10:00:00Z"

/* ---- helpers ------------------------------------------------------------ */

static podsim_cluster *load_version(const char *yaml, const char *version) {
    podsim_cluster_options options = PODSIM_CLUSTER_OPTIONS_INIT;
    options.kubernetes_version = version;
    podsim_cluster *c = NULL;
    assert_int_equal(podsim_cluster_new(&options, &c), PODSIM_OK);
    podsim_status s =
        podsim_cluster_load_string(c, yaml, strlen(yaml), "test", NULL);
    if (s != PODSIM_OK) {
        const podsim_error *e = podsim_cluster_error(c);
        print_error("load failed: %s at %d:%d: %s\n", podsim_status_name(s),
                    e->line, e->column, e->message);
        podsim_cluster_free(c);
        fail();
    }
    return c;
}

static podsim_cluster *load(const char *yaml) {
    return load_version(yaml, NULL);
}

static podsim_id find_pod(podsim_cluster *c, const char *ns, const char *name) {
    podsim_id id = PODSIM_NO_ID;
    assert_int_equal(podsim_cluster_find(c, PODSIM_KIND_POD, ns, name, &id),
                     PODSIM_OK);
    return id;
}

typedef struct pod_case {
    const char *upstream; /* test name and case in printers_test.go, or why */
    const char *yaml;     /* one pod named "test" in namespace default */
    const char *ready;
    const char *status;
    const char *restarts;
} pod_case;

static void check_pod_case(const pod_case *pc, const char *version) {
    podsim_cluster *c = load_version(pc->yaml, version);
    podsim_pod_row row;
    assert_int_equal(
        podsim_pod_row_get(c, find_pod(c, NULL, "test"), AS_OF, &row),
        PODSIM_OK);
    if (strcmp(row.ready, pc->ready) != 0 ||
        strcmp(row.status, pc->status) != 0 ||
        strcmp(row.restarts, pc->restarts) != 0) {
        print_error("%s: got %s | %s | %s, want %s | %s | %s\n", pc->upstream,
                    row.ready, row.status, row.restarts, pc->ready, pc->status,
                    pc->restarts);
        podsim_cluster_free(c);
        fail();
    }
    podsim_cluster_free(c);
}

static void check_pod_cases(const pod_case *cases, size_t count,
                            const char *version) {
    for (size_t i = 0; i < count; i++) check_pod_case(&cases[i], version);
}

/* Cells of line `row` (0 = header) of a rendered table. Columns start
   where the header's cells start: header cells hold at most single spaces
   ("NOMINATED NODE"), the tab writer pads with at least three. */
#define MAX_CELLS 16
#define CELL_CAP 128

static size_t split_row(const char *text, size_t row,
                        char cells[MAX_CELLS][CELL_CAP]) {
    size_t header_len = strcspn(text, "\n");
    size_t starts[MAX_CELLS];
    size_t columns = 0;
    starts[columns++] = 0;
    for (size_t p = 2; p < header_len && columns < MAX_CELLS; p++) {
        if (text[p] != ' ' && text[p - 1] == ' ' && text[p - 2] == ' ') {
            starts[columns++] = p;
        }
    }
    const char *line = text;
    for (size_t r = 0; r < row; r++) {
        line = strchr(line, '\n');
        assert_non_null(line);
        line++;
    }
    size_t line_len = strcspn(line, "\n");
    for (size_t i = 0; i < columns; i++) {
        size_t from = starts[i] < line_len ? starts[i] : line_len;
        size_t to = i + 1 < columns ? starts[i + 1] : line_len;
        if (to > line_len) to = line_len;
        while (to > from && line[to - 1] == ' ') to--;
        size_t n = to - from < CELL_CAP - 1 ? to - from : CELL_CAP - 1;
        memcpy(cells[i], line + from, n);
        cells[i][n] = '\0';
    }
    return columns;
}

static const char *render(podsim_cluster *c, podsim_view view, unsigned flags,
                          int64_t as_of) {
    const char *text = NULL;
    size_t len = 0;
    assert_int_equal(podsim_cluster_render(c, view, flags, as_of, &text, &len),
                     PODSIM_OK);
    assert_non_null(text);
    assert_int_equal(strlen(text), len);
    return text;
}

static size_t count_lines(const char *text) {
    size_t n = 0;
    for (const char *p = text; *p; p++) n += *p == '\n';
    return n;
}

/* ---- printPod: upstream TestPrintPod ------------------------------------ */

#define POD_META "apiVersion: v1\nkind: Pod\nmetadata:\n  name: test\n"
#define POD_DELETED                                        \
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: test\n" \
    "  deletionTimestamp: \"" TEN_SECONDS_AGO "\"\n"
#define SPEC_ONE "spec:\n  containers:\n  - {name: c0, image: busybox}\n"
#define SPEC_TWO                                             \
    "spec:\n  containers:\n  - {name: c0, image: busybox}\n" \
    "  - {name: c1, image: busybox}\n"
#define SPEC_INIT_ONE                                            \
    "spec:\n  initContainers:\n  - {name: i0, image: busybox}\n" \
    "  containers:\n  - {name: c0, image: busybox}\n"
#define SPEC_INIT_TWO                                            \
    "spec:\n  initContainers:\n  - {name: i0, image: busybox}\n" \
    "  - {name: i1, image: busybox}\n"                           \
    "  containers:\n  - {name: c0, image: busybox}\n"
#define LAST_TERMINATED(when) \
    "lastState: {terminated: {finishedAt: \"" when "\"}}"

static const pod_case print_pod_cases[] = {
    {"TestPrintPod test1: name, containers, restarts, ready",
     POD_META SPEC_TWO
     "status:\n  phase: Pending\n  containerStatuses:\n"
     "  - {name: c0, ready: true, restartCount: 3, state: {running: {}}}\n"
     "  - {name: c1, restartCount: 3}\n",
     "1/2", "Pending", "6"},
    {"TestPrintPod test2: container error overwrites pod phase",
     POD_META SPEC_TWO
     "status:\n  phase: Pending\n  containerStatuses:\n"
     "  - {name: c0, ready: true, restartCount: 3, state: {running: {}}}\n"
     "  - {name: c1, restartCount: 3,"
     " state: {waiting: {reason: ContainerWaitingReason}}}\n",
     "1/2", "ContainerWaitingReason", "6"},
    {"TestPrintPod test3: the first container overwrites the rest",
     POD_META SPEC_TWO
     "status:\n  phase: Pending\n  containerStatuses:\n"
     "  - {name: c0, restartCount: 3,"
     " state: {waiting: {reason: ContainerWaitingReason}}}\n"
     "  - {name: c1, restartCount: 3,"
     " state: {terminated: {reason: ContainerTerminatedReason}}}\n",
     "0/2", "ContainerWaitingReason", "6"},
    {"TestPrintPod test4: ready is not enough for reporting running",
     POD_META SPEC_TWO
     "status:\n  phase: Pending\n  containerStatuses:\n"
     "  - {name: c0, ready: true, restartCount: 3, state: {running: {}}}\n"
     "  - {name: c1, ready: true, restartCount: 3}\n",
     "1/2", "Pending", "6"},
    {"TestPrintPod test5: status.reason replaces the phase",
     POD_META SPEC_TWO
     "status:\n  phase: Pending\n  reason: podReason\n"
     "  containerStatuses:\n"
     "  - {name: c0, ready: true, restartCount: 3, state: {running: {}}}\n"
     "  - {name: c1, ready: true, restartCount: 3}\n",
     "1/2", "podReason", "6"},
    {"TestPrintPod test6: running + completed, no Ready condition",
     POD_META SPEC_TWO
     "status:\n  phase: Running\n  containerStatuses:\n"
     "  - {name: c0, ready: true, restartCount: 3,"
     " state: {terminated: {reason: Completed, exitCode: 0}}}\n"
     "  - {name: c1, ready: true, restartCount: 3, state: {running: {}}}\n",
     "1/2", "NotReady", "6"},
    {"TestPrintPod test6: running + completed, Ready condition True",
     POD_META SPEC_TWO
     "status:\n  phase: Running\n"
     "  conditions:\n  - {type: Ready, status: \"True\"}\n"
     "  containerStatuses:\n"
     "  - {name: c0, ready: true, restartCount: 3,"
     " state: {terminated: {reason: Completed, exitCode: 0}}}\n"
     "  - {name: c1, ready: true, restartCount: 3, state: {running: {}}}\n",
     "1/2", "Running", "6"},
    {"TestPrintPod test7: init container restarting",
     POD_META SPEC_INIT_ONE
     "status:\n  phase: Pending\n  initContainerStatuses:\n"
     "  - {name: i0, restartCount: 3, state: {running: {}}, " LAST_TERMINATED(
         TEN_SECONDS_AGO) "}\n"
                          "  containerStatuses:\n  - {name: c0, state: "
                          "{waiting: {}}}\n",
     "0/1", "Init:0/1", "3 (10s ago)"},
    {"TestPrintPod test8: first of two init containers restarting",
     POD_META SPEC_INIT_TWO
     "status:\n  phase: Pending\n  initContainerStatuses:\n"
     "  - {name: i0, restartCount: 3, state: {running: {}}, " LAST_TERMINATED(
         TEN_SECONDS_AGO) "}\n"
                          "  - {name: i1, state: {waiting: {}}}\n"
                          "  containerStatuses:\n  - {name: c0, state: "
                          "{waiting: {}}}\n",
     "0/1", "Init:0/2", "3 (10s ago)"},
    {"TestPrintPod test9: first init done, second restarting",
     POD_META SPEC_INIT_TWO
     "status:\n  phase: Pending\n  initContainerStatuses:\n"
     "  - {name: i0, state: {terminated: {}}}\n"
     "  - {name: i1, restartCount: 3, state: {running: {}}, " LAST_TERMINATED(
         TEN_SECONDS_AGO) "}\n"
                          "  containerStatuses:\n  - {name: c0, state: "
                          "{waiting: {}}}\n",
     "0/1", "Init:1/2", "3 (10s ago)"},
    {"TestPrintPod test10: first init done with restarts",
     POD_META SPEC_INIT_TWO
     "status:\n  phase: Pending\n  initContainerStatuses:\n"
     "  - {name: i0, restartCount: 2, state: {terminated: "
     "{}}, " LAST_TERMINATED(
         TWO_MINUTES_AGO) "}\n"
                          "  - {name: i1, restartCount: 3, state: {running: "
                          "{}}, " LAST_TERMINATED(
                              TEN_SECONDS_AGO) "}\n"
                                               "  containerStatuses:\n  - "
                                               "{name: c0, state: {waiting: "
                                               "{}}}\n",
     "0/1", "Init:1/2", "5 (10s ago)"},
    {"TestPrintPod test11: init restarts drop out once initialized",
     POD_META SPEC_INIT_ONE
     "status:\n  phase: Running\n  initContainerStatuses:\n"
     "  - {name: i0, restartCount: 2, state: {terminated: "
     "{}}, " LAST_TERMINATED(
         TWO_MINUTES_AGO) "}\n"
                          "  containerStatuses:\n"
                          "  - {name: c0, restartCount: 4, state: {running: "
                          "{}}, " LAST_TERMINATED(TWENTY_SECONDS_AGO) "}\n",
     "0/1", "Running", "4 (20s ago)"},
    {"TestPrintPod test12: restarted 5d ago",
     POD_META SPEC_ONE "status:\n  phase: Running\n  containerStatuses:\n"
                       "  - {name: c0, ready: true, restartCount: 3, state: "
                       "{running: {}}, " LAST_TERMINATED(FIVE_DAYS_AGO) "}\n",
     "1/1", "Running", "3 (5d ago)"},
    {"TestPrintPod test13: one never restarted, one 10d ago",
     POD_META SPEC_TWO
     "status:\n  phase: Running\n  containerStatuses:\n"
     "  - {name: c0, ready: true, restartCount: 0, state: {running: {}}}\n"
     "  - {name: c1, ready: true, restartCount: 3, state: {running: "
     "{}}, " LAST_TERMINATED(TEN_DAYS_AGO) "}\n",
     "2/2", "Running", "3 (10d ago)"},
    {"TestPrintPod test14: the latest restart of two is shown",
     POD_META SPEC_TWO
     "status:\n  phase: Running\n  containerStatuses:\n"
     "  - {name: c0, ready: true, restartCount: 6, state: {running: "
     "{}}, " LAST_TERMINATED(
         FIVE_DAYS_AGO) "}\n"
                        "  - {name: c1, ready: true, restartCount: 3, state: "
                        "{running: {}}, " LAST_TERMINATED(
                            TWENTY_DAYS_AGO) "}\n",
     "2/2", "Running", "9 (5d ago)"},
    {"TestPrintPod test15: PodScheduled reason SchedulingGated",
     POD_META SPEC_TWO
     "status:\n  phase: Pending\n  conditions:\n"
     "  - {type: PodScheduled, status: \"False\", reason: SchedulingGated}\n",
     "0/2", "SchedulingGated", "0"},
    {"TestPrintPod test16: succeeded",
     POD_META SPEC_ONE
     "status:\n  phase: Succeeded\n  containerStatuses:\n"
     "  - {name: c0, state: {terminated: {reason: Completed, exitCode: 0}}}\n",
     "0/1", "Completed", "0"},
    {"TestPrintPod test17: failed",
     POD_META SPEC_ONE
     "status:\n  phase: Failed\n  containerStatuses:\n"
     "  - {name: c0, state: {terminated: {reason: Error, exitCode: 1}}}\n",
     "0/1", "Error", "0"},
    {"TestPrintPod test18: succeeded and deleted is not Terminating",
     POD_DELETED SPEC_ONE
     "status:\n  phase: Succeeded\n  containerStatuses:\n"
     "  - {name: c0, state: {terminated: {reason: Completed, exitCode: 0}}}\n",
     "0/1", "Completed", "0"},
    {"TestPrintPod test19: running and deleted",
     POD_DELETED SPEC_ONE "status:\n  phase: Running\n  containerStatuses:\n"
                          "  - {name: c0, state: {running: {}}}\n",
     "0/1", "Terminating", "0"},
    {"TestPrintPod test20: pending and deleted",
     POD_DELETED SPEC_ONE "status:\n  phase: Pending\n", "0/1", "Terminating",
     "0"},
};

static void test_print_pod_upstream(void **state) {
    (void)state;
    check_pod_cases(print_pod_cases,
                    sizeof print_pod_cases / sizeof print_pod_cases[0], NULL);
}

/* ---- printPod: upstream TestPrintPodWithRestartableInitContainer -------- */

#define SPEC_SIDECARS                                                         \
    "spec:\n  initContainers:\n"                                              \
    "  - {name: restartable-init-1, image: busybox, restartPolicy: Always}\n" \
    "  - {name: restartable-init-2, image: busybox, restartPolicy: Always}\n" \
    "  containers:\n  - {name: c0, image: busybox}\n"

static const pod_case sidecar_cases[] = {
    {"TestPrintPodWithRestartableInitContainer 1: first running, not started",
     POD_META SPEC_SIDECARS
     "status:\n  phase: Pending\n"
     "  conditions:\n  - {type: Initialized, status: \"False\"}\n"
     "  initContainerStatuses:\n"
     "  - {name: restartable-init-1, restartCount: 3, started: false,"
     " state: {running: {}}, " LAST_TERMINATED(
         TEN_SECONDS_AGO) "}\n"
                          "  - {name: restartable-init-2, started: false, "
                          "state: {waiting: {}}}\n"
                          "  containerStatuses:\n  - {name: c0, state: "
                          "{waiting: {}}}\n",
     "0/3", "Init:0/2", "3 (10s ago)"},
    {"TestPrintPodWithRestartableInitContainer 2: first started",
     POD_META SPEC_SIDECARS
     "status:\n  phase: Pending\n"
     "  conditions:\n  - {type: Initialized, status: \"False\"}\n"
     "  initContainerStatuses:\n"
     "  - {name: restartable-init-1, restartCount: 3, started: true,"
     " state: {running: {}}, " LAST_TERMINATED(
         TEN_SECONDS_AGO) "}\n"
                          "  - {name: restartable-init-2, started: false, "
                          "state: {running: {}}}\n"
                          "  containerStatuses:\n  - {name: c0, state: "
                          "{waiting: {}}}\n",
     "0/3", "Init:1/2", "3 (10s ago)"},
    {"TestPrintPodWithRestartableInitContainer 3: both started, app running",
     POD_META SPEC_SIDECARS
     "status:\n  phase: Running\n"
     "  conditions:\n  - {type: Initialized, status: \"True\"}\n"
     "  initContainerStatuses:\n"
     "  - {name: restartable-init-1, restartCount: 3, started: true,"
     " state: {running: {}}, " LAST_TERMINATED(
         TEN_SECONDS_AGO) "}\n"
                          "  - {name: restartable-init-2, started: true, "
                          "state: {running: {}}}\n"
                          "  containerStatuses:\n"
                          "  - {name: c0, ready: true, restartCount: 4, state: "
                          "{running: {}}, " LAST_TERMINATED(
                              TWENTY_SECONDS_AGO) "}\n",
     "1/3", "Running", "7 (10s ago)"},
    {"TestPrintPodWithRestartableInitContainer 4: sidecars killed, app done",
     POD_META SPEC_SIDECARS
     "status:\n  phase: Succeeded\n"
     "  conditions:\n  - {type: Initialized, status: \"True\"}\n"
     "  initContainerStatuses:\n"
     "  - {name: restartable-init-1, restartCount: 3, started: false,"
     " state: {terminated: {reason: Error, exitCode: 137}}, " LAST_TERMINATED(
         TEN_SECONDS_AGO) "}\n"
                          "  - {name: restartable-init-2, started: false,"
                          " state: {terminated: {reason: Error, exitCode: "
                          "137}}}\n"
                          "  containerStatuses:\n"
                          "  - {name: c0, restartCount: 4,"
                          " state: {terminated: {reason: Completed, exitCode: "
                          "0}}, " LAST_TERMINATED(TWENTY_SECONDS_AGO) "}\n",
     "0/3", "Completed", "7 (10s ago)"},
    {"TestPrintPodWithRestartableInitContainer 5: statuses of unknown names",
     POD_META
     "spec:\n  initContainers:\n  - {name: init1, image: initimage}\n"
     "  - {name: sidecar1, image: sidecarimage, restartPolicy: Always}\n"
     "  containers:\n  - {name: container1, image: containerimage}\n"
     "status:\n  phase: Running\n  initContainerStatuses:\n"
     "  - {name: initinvalid}\n  - {name: init1}\n  - {name: sidecar1}\n"
     "  containerStatuses:\n  - {name: containerinvalid}\n"
     "  - {name: container1}\n",
     "0/2", "Init:0/2", "0"},
};

static void test_print_pod_restartable_init_upstream(void **state) {
    (void)state;
    check_pod_cases(sidecar_cases,
                    sizeof sidecar_cases / sizeof sidecar_cases[0], NULL);
}

/* ---- printPod: TestPrintNonTerminatedPod / TestPrintPodConditions ------- */

#define STATUSES_ONE_READY                                                 \
    "  containerStatuses:\n"                                               \
    "  - {name: c0, ready: true, restartCount: 3, state: {running: {}}}\n" \
    "  - {name: c1, restartCount: 3}\n"

static const pod_case phase_cases[] = {
    {"TestPrintNonTerminatedPod test1: Running",
     POD_META SPEC_TWO "status:\n  phase: Running\n" STATUSES_ONE_READY, "1/2",
     "Running", "6"},
    {"TestPrintNonTerminatedPod test2: Pending",
     POD_META SPEC_TWO "status:\n  phase: Pending\n" STATUSES_ONE_READY, "1/2",
     "Pending", "6"},
    {"TestPrintNonTerminatedPod test3: Unknown",
     POD_META SPEC_TWO "status:\n  phase: Unknown\n" STATUSES_ONE_READY, "1/2",
     "Unknown", "6"},
    {"TestPrintNonTerminatedPod test4 / TestPrintPodConditions: Succeeded",
     POD_META SPEC_TWO "status:\n  phase: Succeeded\n" STATUSES_ONE_READY,
     "1/2", "Succeeded", "6"},
    {"TestPrintNonTerminatedPod test5 / TestPrintPodConditions: Failed",
     POD_META SPEC_TWO "status:\n  phase: Failed\n" STATUSES_ONE_READY, "1/2",
     "Failed", "6"},
    {"printPod: no status at all (phase absent prints as empty)",
     POD_META SPEC_ONE, "0/1", "", "0"},
};

static void test_print_pod_phases_upstream(void **state) {
    (void)state;
    check_pod_cases(phase_cases, sizeof phase_cases / sizeof phase_cases[0],
                    NULL);
}

/* ---- printPod branches not covered by upstream's tables ----------------- */

static const pod_case branch_cases[] = {
    {"printPod init: terminated without reason -> Init:ExitCode:N",
     POD_META SPEC_INIT_ONE
     "status:\n  phase: Pending\n  initContainerStatuses:\n"
     "  - {name: i0, state: {terminated: {exitCode: 1}}}\n",
     "0/1", "Init:ExitCode:1", "0"},
    {"printPod init: terminated by a signal -> Init:Signal:N",
     POD_META SPEC_INIT_ONE
     "status:\n  phase: Pending\n  initContainerStatuses:\n"
     "  - {name: i0, state: {terminated: {exitCode: 137, signal: 9}}}\n",
     "0/1", "Init:Signal:9", "0"},
    {"printPod init: terminated with a reason -> Init:<reason>",
     POD_META SPEC_INIT_ONE
     "status:\n  phase: Failed\n  initContainerStatuses:\n"
     "  - {name: i0, state: {terminated: {reason: Error, exitCode: 1}}}\n",
     "0/1", "Init:Error", "0"},
    {"printPod init: waiting reason -> Init:CrashLoopBackOff",
     POD_META SPEC_INIT_ONE
     "status:\n  phase: Pending\n  initContainerStatuses:\n"
     "  - {name: i0, restartCount: 5,"
     " state: {waiting: {reason: CrashLoopBackOff}}, " LAST_TERMINATED(
         TEN_SECONDS_AGO) "}\n"
                          "  containerStatuses:\n"
                          "  - {name: c0, state: {waiting: {reason: "
                          "PodInitializing}}}\n",
     "0/1", "Init:CrashLoopBackOff", "5 (10s ago)"},
    {"printPod init: waiting PodInitializing counts as Init:i/N",
     POD_META SPEC_INIT_ONE
     "status:\n  phase: Pending\n  initContainerStatuses:\n"
     "  - {name: i0, state: {waiting: {reason: PodInitializing}}}\n",
     "0/1", "Init:0/1", "0"},
    {"printPod init: ErrImagePull on the second init container",
     POD_META SPEC_INIT_TWO
     "status:\n  phase: Pending\n  initContainerStatuses:\n"
     "  - {name: i0, state: {terminated: {reason: Completed, exitCode: 0}}}\n"
     "  - {name: i1, state: {waiting: {reason: ErrImagePull}}}\n",
     "0/1", "Init:ErrImagePull", "0"},
    {"printPod: ContainerCreating waiting reason",
     POD_META SPEC_ONE
     "status:\n  phase: Pending\n  containerStatuses:\n"
     "  - {name: c0, state: {waiting: {reason: ContainerCreating}}}\n",
     "0/1", "ContainerCreating", "0"},
    {"printPod: PodInitializing on the app once init containers are done",
     POD_META SPEC_INIT_ONE
     "status:\n  phase: Pending\n  initContainerStatuses:\n"
     "  - {name: i0, state: {terminated: {reason: Completed, exitCode: 0}}}\n"
     "  containerStatuses:\n"
     "  - {name: c0, state: {waiting: {reason: PodInitializing}}}\n",
     "0/1", "PodInitializing", "0"},
    {"printPod: terminated by a signal without reason -> Signal:N",
     POD_META SPEC_ONE "status:\n  phase: Running\n  containerStatuses:\n"
                       "  - {name: c0, restartCount: 1,"
                       " state: {terminated: {exitCode: 137, signal: 9}}}\n",
     "0/1", "Signal:9", "1"},
    {"printPod: terminated without reason -> ExitCode:N",
     POD_META SPEC_ONE "status:\n  phase: Running\n  containerStatuses:\n"
                       "  - {name: c0, state: {terminated: {exitCode: 2}}}\n",
     "0/1", "ExitCode:2", "0"},
    {"printPod: CrashLoopBackOff with restarts",
     POD_META SPEC_ONE
     "status:\n  phase: Running\n  containerStatuses:\n"
     "  - {name: c0, restartCount: 7,"
     " state: {waiting: {reason: CrashLoopBackOff}},"
     " lastState: {terminated: {reason: OOMKilled, exitCode: 137,"
     " finishedAt: \"" TWO_MINUTES_AGO "\"}}}\n",
     "0/1", "CrashLoopBackOff", "7 (2m ago)"},
    {"printPod: restarts without a last termination time",
     POD_META SPEC_ONE
     "status:\n  phase: Running\n  containerStatuses:\n"
     "  - {name: c0, ready: true, restartCount: 3, state: {running: {}}}\n",
     "1/1", "Running", "3"},
    {"printPod: NodeLost and deleted -> Unknown",
     POD_DELETED SPEC_ONE
     "status:\n  phase: Running\n  reason: NodeLost\n  containerStatuses:\n"
     "  - {name: c0, ready: true, state: {running: {}}}\n",
     "1/1", "Unknown", "0"},
    {"printPod: NodeLost without deletion shows the reason",
     POD_META SPEC_ONE
     "status:\n  phase: Running\n  reason: NodeLost\n  containerStatuses:\n"
     "  - {name: c0, ready: true, state: {running: {}}}\n",
     "1/1", "NodeLost", "0"},
    {"printPod: evicted",
     POD_META SPEC_ONE "status:\n  phase: Failed\n  reason: Evicted\n"
                       "  message: \"The node was low on resource: memory.\"\n",
     "0/1", "Evicted", "0"},
    {"lifecycle A.5: after MarkPodsNotReady the row still reads 1/1 Running",
     POD_META SPEC_ONE "status:\n  phase: Running\n"
                       "  conditions:\n  - {type: Ready, status: \"False\"}\n"
                       "  containerStatuses:\n"
                       "  - {name: c0, ready: true, state: {running: {}}}\n",
     "1/1", "Running", "0"},
    {"lifecycle A.5: after taint eviction the row reads 1/1 Terminating",
     POD_DELETED SPEC_ONE
     "status:\n  phase: Running\n"
     "  conditions:\n  - {type: Ready, status: \"False\"}\n"
     "  containerStatuses:\n"
     "  - {name: c0, ready: true, state: {running: {}}}\n",
     "1/1", "Terminating", "0"},
    {"printPod: a crashing native sidecar in a running pod shows "
     "Init:CrashLoopBackOff (troubleshooting H3, derived from the code)",
     POD_META
     "spec:\n  initContainers:\n"
     "  - {name: proxy, image: envoy, restartPolicy: Always}\n"
     "  containers:\n  - {name: c0, image: busybox}\n"
     "status:\n  phase: Running\n"
     "  conditions:\n  - {type: Initialized, status: \"True\"}\n"
     "  - {type: Ready, status: \"False\"}\n"
     "  initContainerStatuses:\n"
     "  - {name: proxy, restartCount: 4, started: false,"
     " state: {waiting: {reason: CrashLoopBackOff}}, " LAST_TERMINATED(
         TEN_SECONDS_AGO) "}\n"
                          "  containerStatuses:\n"
                          "  - {name: c0, ready: true, state: {running: {}}}\n",
     "1/2", "Init:CrashLoopBackOff", "4 (10s ago)"},
    {"printPod: a started, ready native sidecar counts in READY",
     POD_META
     "spec:\n  initContainers:\n  - {name: i0, image: busybox}\n"
     "  - {name: proxy, image: envoy, restartPolicy: Always}\n"
     "  containers:\n  - {name: c0, image: busybox}\n"
     "status:\n  phase: Running\n"
     "  conditions:\n  - {type: Initialized, status: \"True\"}\n"
     "  - {type: Ready, status: \"True\"}\n"
     "  initContainerStatuses:\n"
     "  - {name: i0, restartCount: 1,"
     " state: {terminated: {reason: Completed, exitCode: 0}}, " LAST_TERMINATED(
         TWO_MINUTES_AGO) "}\n"
                          "  - {name: proxy, ready: true, started: true, "
                          "state: {running: {}}}\n"
                          "  containerStatuses:\n"
                          "  - {name: c0, ready: true, state: {running: {}}}\n",
     "2/2", "Running", "0"},
};

static void test_print_pod_branches(void **state) {
    (void)state;
    check_pod_cases(branch_cases, sizeof branch_cases / sizeof branch_cases[0],
                    NULL);
}

/* ---- printPod across versions ------------------------------------------- */

/* kubernetes/kubernetes PR #124766 (in 1.35): a failed container's reason
   replaces "Completed". 1.34 keeps the lowest-index container's word. */
#define POD_COMPLETED_AND_ERROR                                             \
    POD_META SPEC_TWO                                                       \
        "status:\n  phase: Failed\n  containerStatuses:\n"                  \
        "  - {name: c0, state: {terminated: {reason: Completed, exitCode: " \
        "0}}}\n"                                                            \
        "  - {name: c1, state: {terminated: {reason: Error, exitCode: 1}}}\n"

#define POD_COMPLETED_ERROR_RUNNING                                           \
    POD_META                                                                  \
    "spec:\n  containers:\n  - {name: c0, image: busybox}\n"                  \
    "  - {name: c1, image: busybox}\n  - {name: c2, image: busybox}\n"        \
    "status:\n  phase: Running\n  containerStatuses:\n"                       \
    "  - {name: c0, state: {terminated: {reason: Completed, exitCode: 0}}}\n" \
    "  - {name: c1, state: {terminated: {exitCode: 3}}}\n"                    \
    "  - {name: c2, ready: true, state: {running: {}}}\n"

static void test_print_pod_error_reason_by_version(void **state) {
    (void)state;
    const pod_case v134[] = {
        {"1.34: Completed + Error", POD_COMPLETED_AND_ERROR, "0/2", "Completed",
         "0"},
        {"1.34: Completed + ExitCode + running", POD_COMPLETED_ERROR_RUNNING,
         "1/3", "NotReady", "0"},
    };
    const pod_case v135[] = {
        {"1.35: Completed + Error", POD_COMPLETED_AND_ERROR, "0/2", "Error",
         "0"},
        {"1.35: Completed + ExitCode + running", POD_COMPLETED_ERROR_RUNNING,
         "1/3", "ExitCode:3", "0"},
    };
    check_pod_cases(v134, 2, "1.34");
    check_pod_cases(v134, 2, NULL); /* the default version is 1.34 */
    check_pod_cases(v135, 2, "1.35");
}

/* ---- AGE and as_of ------------------------------------------------------ */

static void test_pod_age(void **state) {
    (void)state;
    podsim_cluster *c = load(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: young\n"
        "  creationTimestamp: \"2024-05-01T09:55:00Z\"\n" SPEC_ONE
        "---\n"
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: old\n"
        "  creationTimestamp: \"2024-04-29T07:00:00Z\"\n" SPEC_ONE
        "---\n"
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: ageless\n" SPEC_ONE
        "---\n"
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: future\n"
        "  creationTimestamp: \"2024-05-01T10:00:05Z\"\n" SPEC_ONE);
    podsim_pod_row row;
    assert_int_equal(
        podsim_pod_row_get(c, find_pod(c, NULL, "young"), AS_OF, &row),
        PODSIM_OK);
    assert_string_equal(row.age, "5m");
    assert_int_equal(
        podsim_pod_row_get(c, find_pod(c, NULL, "old"), AS_OF, &row),
        PODSIM_OK);
    assert_string_equal(row.age, "2d3h");
    assert_int_equal(
        podsim_pod_row_get(c, find_pod(c, NULL, "ageless"), AS_OF, &row),
        PODSIM_OK);
    assert_string_equal(row.age, "<unknown>");
    assert_int_equal(
        podsim_pod_row_get(c, find_pod(c, NULL, "future"), AS_OF, &row),
        PODSIM_OK);
    assert_string_equal(row.age, "<invalid>");
    podsim_cluster_free(c);
}

/* PODSIM_NO_TIME: "now" is the newest time in the model, here a node
   heartbeat an hour after the pod was created. */
static void test_as_of_newest_model_time(void **state) {
    (void)state;
    podsim_cluster *c = load(
        "apiVersion: v1\nkind: Node\nmetadata:\n  name: n1\n"
        "  creationTimestamp: \"2024-04-01T00:00:00Z\"\n"
        "status:\n  conditions:\n"
        "  - {type: Ready, status: \"True\","
        " lastHeartbeatTime: \"2024-05-01T10:00:00Z\","
        " lastTransitionTime: \"2024-04-01T00:01:00Z\"}\n"
        "---\n"
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n"
        "  creationTimestamp: \"2024-05-01T09:00:00Z\"\n" SPEC_ONE
        "  nodeName: n1\n"
        "status:\n  phase: Running\n  containerStatuses:\n"
        "  - {name: c0, ready: true, restartCount: 1,"
        " state: {running: {startedAt: \"2024-05-01T09:30:00Z\"}},"
        " lastState: {terminated: {finishedAt: \"2024-05-01T09:29:59Z\"}}}\n");
    podsim_pod_row row;
    assert_int_equal(
        podsim_pod_row_get(c, find_pod(c, NULL, "web"), PODSIM_NO_TIME, &row),
        PODSIM_OK);
    assert_string_equal(row.age, "60m");
    assert_string_equal(row.restarts, "1 (30m ago)");

    const char *text = render(c, PODSIM_VIEW_NODES, 0, PODSIM_NO_TIME);
    char cells[MAX_CELLS][CELL_CAP];
    split_row(text, 1, cells);
    assert_string_equal(cells[0], "n1");
    assert_string_equal(cells[3], "30d");
    podsim_cluster_free(c);
}

/* ---- errors ------------------------------------------------------------- */

static void test_errors(void **state) {
    (void)state;
    podsim_cluster *c = load(POD_META SPEC_ONE);
    podsim_pod_row row;
    const char *text = NULL;
    size_t len = 0;

    assert_int_equal(podsim_pod_row_get(NULL, 0, AS_OF, &row), PODSIM_EINVAL);
    assert_int_equal(podsim_pod_row_get(c, 0, AS_OF, NULL), PODSIM_EINVAL);
    assert_int_equal(podsim_pod_row_get(c, 1, AS_OF, &row), PODSIM_EINVAL);
    assert_int_equal(podsim_cluster_error(c)->status, PODSIM_EINVAL);
    assert_true(strlen(podsim_cluster_error(c)->message) > 0);
    assert_int_equal(podsim_pod_row_get(c, -1, AS_OF, &row), PODSIM_EINVAL);

    assert_int_equal(
        podsim_cluster_render(NULL, PODSIM_VIEW_PODS, 0, AS_OF, &text, &len),
        PODSIM_EINVAL);
    assert_int_equal(
        podsim_cluster_render(c, PODSIM_VIEW_PODS, 0, AS_OF, NULL, &len),
        PODSIM_EINVAL);
    assert_int_equal(
        podsim_cluster_render(c, (podsim_view)42, 0, AS_OF, &text, &len),
        PODSIM_EINVAL);
    assert_int_equal(podsim_cluster_error(c)->status, PODSIM_EINVAL);
    assert_int_equal(
        podsim_cluster_render(c, PODSIM_VIEW_PODS, 0x10, AS_OF, &text, &len),
        PODSIM_EINVAL);

    /* success clears the error; len_out may be NULL */
    assert_int_equal(
        podsim_cluster_render(c, PODSIM_VIEW_PODS, 0, AS_OF, &text, NULL),
        PODSIM_OK);
    assert_int_equal(podsim_cluster_error(c)->status, PODSIM_OK);
    assert_string_equal(podsim_cluster_error(c)->message, "");
    assert_int_equal(podsim_pod_row_get(c, 0, AS_OF, &row), PODSIM_OK);
    assert_string_equal(row.status, "");
    podsim_cluster_free(c);
}

/* ---- kubectl get pods -A: layout, order, wide --------------------------- */

static void test_pods_table_layout(void **state) {
    (void)state;
    podsim_cluster *c = load(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: coredns-abc\n"
        "  namespace: kube-system\n"
        "  creationTimestamp: \"2024-04-21T10:00:00Z\"\n" SPEC_ONE
        "status:\n  phase: Running\n  containerStatuses:\n"
        "  - {name: c0, ready: true, state: {running: {}}}\n"
        "---\n"
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web-1\n"
        "  creationTimestamp: \"2024-05-01T09:55:00Z\"\n" SPEC_ONE
        "status:\n  phase: Running\n  containerStatuses:\n"
        "  - {name: c0, ready: true, state: {running: {}}}\n");
    const char *text = render(c, PODSIM_VIEW_PODS, 0, AS_OF);
    assert_string_equal(
        text,
        "NAMESPACE     NAME          READY   STATUS    RESTARTS   AGE\n"
        "default       web-1         1/1     Running   0          5m\n"
        "kube-system   coredns-abc   1/1     Running   0          10d\n");
    podsim_cluster_free(c);
}

/* etcd key order of /registry/pods/<ns>/<name>: bytewise over the whole
   key, so "a-b/..." sorts before "a/..." ('-' < '/'), and "web-10" before
   "web-2". */
static void test_pods_list_order(void **state) {
    (void)state;
    podsim_cluster *c = load(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: z, namespace: "
        "ab}\n" SPEC_ONE
        "---\n"
        "apiVersion: v1\nkind: Pod\nmetadata: {name: web-2, namespace: "
        "a}\n" SPEC_ONE
        "---\n"
        "apiVersion: v1\nkind: Pod\nmetadata: {name: web-10, namespace: "
        "a}\n" SPEC_ONE
        "---\n"
        "apiVersion: v1\nkind: Pod\nmetadata: {name: y, namespace: "
        "a-b}\n" SPEC_ONE
        "---\n"
        "apiVersion: v1\nkind: Pod\nmetadata: {name: web-1, namespace: "
        "a}\n" SPEC_ONE);
    const char *text = render(c, PODSIM_VIEW_PODS, 0, AS_OF);
    static const char *const want[][2] = {{"a-b", "y"},
                                          {"a", "web-1"},
                                          {"a", "web-10"},
                                          {"a", "web-2"},
                                          {"ab", "z"}};
    assert_int_equal(count_lines(text), 6);
    char cells[MAX_CELLS][CELL_CAP];
    for (size_t i = 0; i < 5; i++) {
        split_row(text, i + 1, cells);
        assert_string_equal(cells[0], want[i][0]);
        assert_string_equal(cells[1], want[i][1]);
    }
    podsim_cluster_free(c);
}

/* TestPrintPodwide: IP, NODE, NOMINATED NODE, READINESS GATES with
   "<none>" defaults. podsim keeps no readinessGates, so that column is
   always "<none>" (upstream's first case expects "1/3"). */
static void test_pods_table_wide(void **state) {
    (void)state;
    podsim_cluster *c = load(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: test1\n" SPEC_TWO
        "  nodeName: test1\n"
        "  readinessGates: [{conditionType: condition1}, {conditionType: "
        "condition2}, {conditionType: condition3}]\n"
        "status:\n  phase: Pending\n  podIP: 1.1.1.1\n"
        "  conditions: [{type: condition1, status: 'True'}, {type: "
        "condition2, status: 'False'}]\n"
        "  podIPs:\n  - {ip: 1.1.1.1}\n  - {ip: \"2001:db8::\"}\n"
        "  nominatedNodeName: node1\n" STATUSES_ONE_READY
        "---\n"
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: test2\n" SPEC_TWO
        "status:\n  phase: Pending\n  containerStatuses:\n"
        "  - {name: c0, ready: true, restartCount: 3, state: {running: {}}}\n"
        "  - {name: c1, restartCount: 3,"
        " state: {waiting: {reason: ContainerWaitingReason}}}\n");
    const char *text = render(c, PODSIM_VIEW_PODS, PODSIM_RENDER_WIDE, AS_OF);
    char cells[MAX_CELLS][CELL_CAP];

    assert_int_equal(split_row(text, 0, cells), 10);
    assert_string_equal(cells[6], "IP");
    assert_string_equal(cells[7], "NODE");
    assert_string_equal(cells[8], "NOMINATED NODE");
    assert_string_equal(cells[9], "READINESS GATES");

    static const char *const row1[] = {
        "default",   "test1",   "1/2",   "Pending", "6",
        "<unknown>", "1.1.1.1", "test1", "node1",   "1/3"};
    static const char *const row2[] = {
        "default", "test2",     "1/2",    "ContainerWaitingReason",
        "6",       "<unknown>", "<none>", "<none>",
        "<none>",  "<none>"};
    split_row(text, 1, cells);
    for (size_t i = 0; i < 10; i++) assert_string_equal(cells[i], row1[i]);
    split_row(text, 2, cells);
    for (size_t i = 0; i < 10; i++) assert_string_equal(cells[i], row2[i]);
    podsim_cluster_free(c);
}

static void test_empty_views(void **state) {
    (void)state;
    podsim_cluster *c = NULL;
    assert_int_equal(podsim_cluster_new(NULL, &c), PODSIM_OK);
    assert_string_equal(render(c, PODSIM_VIEW_PODS, 0, AS_OF),
                        "No resources found\n");
    assert_string_equal(
        render(c, PODSIM_VIEW_NODES, PODSIM_RENDER_WIDE, PODSIM_NO_TIME),
        "No resources found\n");
    assert_string_equal(render(c, PODSIM_VIEW_NODE_REQUESTS, 0, AS_OF),
                        "No resources found\n");
    podsim_cluster_free(c);
}

/* ---- kubectl get nodes -------------------------------------------------- */

#define NODE(name) "apiVersion: v1\nkind: Node\nmetadata:\n  name: " name "\n"

/* TestPrintNodeStatus: foo1..foo9, one cluster, rows in name order. */
static void test_node_status_upstream(void **state) {
    (void)state;
    podsim_cluster *c = load(
        NODE("foo1") "status:\n  conditions:\n"
        "  - {type: Ready, status: \"True\"}\n---\n"
        NODE("foo2") "spec:\n  unschedulable: true\nstatus:\n  conditions:\n"
        "  - {type: Ready, status: \"True\"}\n---\n"
        NODE("foo3") "status:\n  conditions:\n"
        "  - {type: Ready, status: \"True\"}\n"
        "  - {type: Ready, status: \"True\"}\n---\n"
        NODE("foo4") "status:\n  conditions:\n"
        "  - {type: Ready, status: \"False\"}\n---\n"
        NODE("foo5") "spec:\n  unschedulable: true\nstatus:\n  conditions:\n"
        "  - {type: Ready, status: \"False\"}\n---\n"
        NODE("foo6") "status:\n  conditions:\n"
        "  - {type: InvalidValue, status: \"True\"}\n---\n"
        NODE("foo7") "status:\n  conditions:\n  - {}\n---\n"
        NODE("foo8") "spec:\n  unschedulable: true\nstatus:\n  conditions:\n"
        "  - {type: InvalidValue, status: \"True\"}\n---\n"
        NODE("foo9") "spec:\n  unschedulable: true\nstatus:\n  conditions:\n"
        "  - {}\n");
    static const char *const want[] = {"Ready",
                                       "Ready,SchedulingDisabled",
                                       "Ready",
                                       "NotReady",
                                       "NotReady,SchedulingDisabled",
                                       "Unknown",
                                       "Unknown",
                                       "Unknown,SchedulingDisabled",
                                       "Unknown,SchedulingDisabled"};
    const char *text = render(c, PODSIM_VIEW_NODES, 0, AS_OF);
    char cells[MAX_CELLS][CELL_CAP];
    assert_int_equal(split_row(text, 0, cells), 5);
    assert_string_equal(cells[0], "NAME");
    assert_string_equal(cells[1], "STATUS");
    assert_string_equal(cells[2], "ROLES");
    assert_string_equal(cells[3], "AGE");
    assert_string_equal(cells[4], "VERSION");
    for (size_t i = 0; i < 9; i++) {
        char name[8];
        snprintf(name, sizeof name, "foo%zu", i + 1);
        split_row(text, i + 1, cells);
        assert_string_equal(cells[0], name);
        assert_string_equal(cells[1], want[i]);
        assert_string_equal(cells[2], "<none>");
        assert_string_equal(cells[3], "<unknown>");
        assert_string_equal(cells[4], "");
    }
    podsim_cluster_free(c);
}

/* Ready=Unknown (the node lifecycle controller's verdict) is NotReady. */
static void test_node_status_unknown_condition(void **state) {
    (void)state;
    podsim_cluster *c = load(NODE(
        "n1") "status:\n  conditions:\n"
              "  - {type: Ready, status: \"Unknown\","
              " reason: NodeStatusUnknown}\n");
    char cells[MAX_CELLS][CELL_CAP];
    split_row(render(c, PODSIM_VIEW_NODES, 0, AS_OF), 1, cells);
    assert_string_equal(cells[1], "NotReady");
    podsim_cluster_free(c);
}

/* TestPrintNodeRole, plus the edges of findNodeRoles. */
static void test_node_roles_upstream(void **state) {
    (void)state;
    podsim_cluster *c = load(NODE(
        "foo09") "---\n"
                 "apiVersion: v1\nkind: Node\nmetadata:\n  name: foo10\n"
                 "  labels:\n    node-role.kubernetes.io/master: \"\"\n"
                 "    node-role.kubernetes.io/control-plane: \"\"\n"
                 "    node-role.kubernetes.io/proxy: \"\"\n"
                 "    kubernetes.io/role: node\n---\n"
                 "apiVersion: v1\nkind: Node\nmetadata:\n  name: foo11\n"
                 "  labels:\n    kubernetes.io/role: node\n---\n"
                 "apiVersion: v1\nkind: Node\nmetadata:\n  name: foo12\n"
                 "  labels:\n    node-role.kubernetes.io/: x\n"
                 "    kubernetes.io/role: \"\"\n"
                 "    example.com/node-role.kubernetes.io/gpu: \"\"\n---\n"
                 "apiVersion: v1\nkind: Node\nmetadata:\n  name: foo13\n"
                 "  labels:\n    node-role.kubernetes.io/worker: \"true\"\n"
                 "    kubernetes.io/role: worker\n");
    static const char *const want[][2] = {
        {"foo09", "<none>"},
        {"foo10", "control-plane,master,node,proxy"},
        {"foo11", "node"},
        {"foo12", "<none>"},
        {"foo13", "worker"}};
    const char *text = render(c, PODSIM_VIEW_NODES, 0, AS_OF);
    char cells[MAX_CELLS][CELL_CAP];
    for (size_t i = 0; i < 5; i++) {
        split_row(text, i + 1, cells);
        assert_string_equal(cells[0], want[i][0]);
        assert_string_equal(cells[2], want[i][1]);
    }
    podsim_cluster_free(c);
}

/* TestPrintNodeOSImage, TestPrintNodeKernelVersion,
   TestPrintNodeContainerRuntimeVersion, TestPrintNodeInternalIP and
   TestPrintNodeExternalIP: the wide columns and their defaults. */
static void test_node_wide_upstream(void **state) {
    (void)state;
    podsim_cluster *c = load(
        NODE("a-os") "status:\n  nodeInfo: {osImage: fake-os-image}\n"
        "  addresses:\n  - {type: ExternalIP, address: 1.1.1.1}\n---\n"
        NODE("b-kernel")
        "status:\n  nodeInfo: {kernelVersion: fake-kernel-version}\n"
        "  addresses:\n  - {type: ExternalIP, address: 1.1.1.1}\n---\n"
        NODE("c-runtime")
        "status:\n  nodeInfo: {containerRuntimeVersion: \"foo://1.2.3\"}\n"
        "  addresses:\n  - {type: ExternalIP, address: 1.1.1.1}\n---\n"
        NODE("d-internal")
        "status:\n  addresses:\n  - {type: InternalIP, address: 1.1.1.1}\n"
        "---\n"
        NODE("e-both") "status:\n  addresses:\n"
        "  - {type: InternalIP, address: 2.2.2.2}\n"
        "  - {type: ExternalIP, address: 3.3.3.3}\n"
        "  - {type: InternalIP, address: 4.4.4.4}\n---\n"
        NODE("f-externals") "status:\n  addresses:\n"
        "  - {type: ExternalIP, address: 2.2.2.2}\n"
        "  - {type: InternalIP, address: 3.3.3.3}\n"
        "  - {type: ExternalIP, address: 4.4.4.4}\n");
    static const char *const want[][6] = {
        {"a-os", "<none>", "1.1.1.1", "fake-os-image", "<unknown>",
         "<unknown>"},
        {"b-kernel", "<none>", "1.1.1.1", "<unknown>", "fake-kernel-version",
         "<unknown>"},
        {"c-runtime", "<none>", "1.1.1.1", "<unknown>", "<unknown>",
         "foo://1.2.3"},
        {"d-internal", "1.1.1.1", "<none>", "<unknown>", "<unknown>",
         "<unknown>"},
        {"e-both", "2.2.2.2", "3.3.3.3", "<unknown>", "<unknown>", "<unknown>"},
        {"f-externals", "3.3.3.3", "2.2.2.2", "<unknown>", "<unknown>",
         "<unknown>"},
    };
    const char *text = render(c, PODSIM_VIEW_NODES, PODSIM_RENDER_WIDE, AS_OF);
    char cells[MAX_CELLS][CELL_CAP];
    assert_int_equal(split_row(text, 0, cells), 10);
    assert_string_equal(cells[5], "INTERNAL-IP");
    assert_string_equal(cells[6], "EXTERNAL-IP");
    assert_string_equal(cells[7], "OS-IMAGE");
    assert_string_equal(cells[8], "KERNEL-VERSION");
    assert_string_equal(cells[9], "CONTAINER-RUNTIME");
    for (size_t i = 0; i < 6; i++) {
        split_row(text, i + 1, cells);
        assert_string_equal(cells[0], want[i][0]);
        assert_string_equal(cells[1], "Unknown");
        assert_string_equal(cells[4], "");
        for (size_t k = 1; k < 6; k++) {
            assert_string_equal(cells[4 + k], want[i][k]);
        }
    }
    podsim_cluster_free(c);
}

/* A realistic node table, byte for byte. */
static void test_nodes_table_layout(void **state) {
    (void)state;
    podsim_cluster *c = load(
        "apiVersion: v1\nkind: Node\nmetadata:\n  name: worker-1\n"
        "  creationTimestamp: \"2024-04-11T10:00:00Z\"\n"
        "spec:\n  unschedulable: true\n"
        "status:\n  conditions:\n  - {type: Ready, status: \"True\"}\n"
        "  nodeInfo: {kubeletVersion: v1.34.1}\n---\n"
        "apiVersion: v1\nkind: Node\nmetadata:\n  name: cp-1\n"
        "  creationTimestamp: \"2024-03-01T10:00:00Z\"\n"
        "  labels:\n    node-role.kubernetes.io/control-plane: \"\"\n"
        "status:\n  conditions:\n  - {type: Ready, status: \"True\"}\n"
        "  nodeInfo: {kubeletVersion: v1.34.1}\n");
    assert_string_equal(
        render(c, PODSIM_VIEW_NODES, 0, AS_OF),
        "NAME       STATUS                     ROLES           AGE   VERSION\n"
        "cp-1       Ready                      control-plane   61d   v1.34.1\n"
        "worker-1   Ready,SchedulingDisabled   <none>          20d   "
        "v1.34.1\n");
    podsim_cluster_free(c);
}

/* ---- node requests vs allocatable --------------------------------------- */

#define REQ_POD(name, cpu, mem)                             \
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: " name   \
    "\n"                                                    \
    "spec:\n  nodeName: node-a\n  containers:\n"            \
    "  - name: c0\n    image: busybox\n"                    \
    "    resources: {requests: {cpu: " cpu ", memory: " mem \
    "}}\n"                                                  \
    "status:\n  phase: Running\n"

static void test_node_requests_table(void **state) {
    (void)state;
    podsim_cluster *c = load(
        "apiVersion: v1\nkind: Node\nmetadata:\n  name: node-a\n"
        "status:\n  allocatable: {cpu: \"4\", memory: 15901Mi, pods: \"110\"}\n"
        "  capacity: {cpu: \"4\", memory: 16Gi, pods: \"110\"}\n---\n"
        "apiVersion: v1\nkind: Node\nmetadata:\n  name: node-b\n"
        "status:\n  capacity: {cpu: 2, memory: 4Gi, pods: \"20\"}\n---\n"
        "apiVersion: v1\nkind: Node\nmetadata:\n  name: node-c\n---\n"
        REQ_POD("p1", "150m", "200Mi") "---\n"
        REQ_POD("p2", "150m", "200Mi") "---\n"
        REQ_POD("p3", "150m", "200Mi") "---\n"
        REQ_POD("p4", "150m", "200Mi") "---\n"
        REQ_POD("p5", "150m", "288Mi"));
    const char *text = render(c, PODSIM_VIEW_NODE_REQUESTS, 0, AS_OF);
    static const char *const header[] = {"NAME",
                                         "CPU-REQUESTS",
                                         "CPU-ALLOCATABLE",
                                         "CPU%",
                                         "MEMORY-REQUESTS",
                                         "MEMORY-ALLOCATABLE",
                                         "MEMORY%",
                                         "PODS"};
    static const char *const want[][8] = {
        {"node-a", "750m", "4", "18%", "1088Mi", "15901Mi", "6%", "5/110"},
        /* allocatable empty: describe falls back to capacity */
        {"node-b", "0", "2", "0%", "0", "4Gi", "0%", "0/20"},
        /* nothing known: zero quantities, no division by zero */
        {"node-c", "0", "0", "0%", "0", "0", "0%", "0/0"},
    };
    char cells[MAX_CELLS][CELL_CAP];
    assert_int_equal(count_lines(text), 4);
    assert_int_equal(split_row(text, 0, cells), 8);
    for (size_t k = 0; k < 8; k++) assert_string_equal(cells[k], header[k]);
    for (size_t i = 0; i < 3; i++) {
        split_row(text, i + 1, cells);
        for (size_t k = 0; k < 8; k++) {
            assert_string_equal(cells[k], want[i][k]);
        }
    }
    podsim_cluster_free(c);
}

/* Borrowed texts: the row and the render use different buffers. */
static void test_borrowed_texts_coexist(void **state) {
    (void)state;
    podsim_cluster *c = load(POD_META SPEC_ONE "status:\n  phase: Running\n");
    podsim_pod_row row;
    assert_int_equal(podsim_pod_row_get(c, 0, AS_OF, &row), PODSIM_OK);
    const char *text = render(c, PODSIM_VIEW_PODS, PODSIM_RENDER_WIDE, AS_OF);
    assert_string_equal(row.status, "Running");
    assert_string_equal(row.ready, "0/1");
    assert_string_equal(row.restarts, "0");
    assert_string_equal(row.age, "<unknown>");
    assert_non_null(strstr(text, "Running"));
    podsim_cluster_free(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_print_pod_upstream),
        cmocka_unit_test(test_print_pod_restartable_init_upstream),
        cmocka_unit_test(test_print_pod_phases_upstream),
        cmocka_unit_test(test_print_pod_branches),
        cmocka_unit_test(test_print_pod_error_reason_by_version),
        cmocka_unit_test(test_pod_age),
        cmocka_unit_test(test_as_of_newest_model_time),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_pods_table_layout),
        cmocka_unit_test(test_pods_list_order),
        cmocka_unit_test(test_pods_table_wide),
        cmocka_unit_test(test_empty_views),
        cmocka_unit_test(test_node_status_upstream),
        cmocka_unit_test(test_node_status_unknown_condition),
        cmocka_unit_test(test_node_roles_upstream),
        cmocka_unit_test(test_node_wide_upstream),
        cmocka_unit_test(test_nodes_table_layout),
        cmocka_unit_test(test_node_requests_table),
        cmocka_unit_test(test_borrowed_texts_coexist),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
