/*
 * bench_load - how fast podsim loads a kubectl dump, against bare libyaml.
 *
 *   bench_load FILE [--runs N] [--bare-only] [--stream] [--check]
 *
 * (a) bare: libyaml's event parser over FILE (yaml_parser_parse in a loop,
 *     every event deleted, nothing built). This is the floor any libyaml-based
 *     loader pays. The file is first read into memory (not timed) and parsed
 *     with yaml_parser_set_input_string, libyaml's fastest input path;
 *     --stream also times yaml_parser_set_input_file on a FILE, which is
 *     markedly slower, for reference. The ratio always uses the in-memory
 *     number, so it is the strict one.
 * (b) podsim: podsim_cluster_load_file into a fresh cluster.
 *
 * For each it prints seconds and MB/s (1 MB = 10^6 bytes), then the ratio
 * podsim/bare of the two rates (target >= 0.6, performance.md B9), the peak
 * RSS (getrusage ru_maxrss), the peak memory per pod ((peak RSS after the
 * load - RSS before it) / pods) and the objects loaded.
 *
 * The page cache is warmed by reading FILE once before any timing. The
 * podsim phase runs first, so that the bare phase's copy of the file cannot
 * raise the peak RSS it reports. With --runs N each phase runs N times and
 * the median time is reported; memory is taken from the first podsim load.
 * --bare-only skips (b). --check exits with status 2 when the ratio is below
 * the target.
 *
 * Build: gcc -O2 -std=c11 -Icore/include bench/bench_load.c \
 *            build/libpodsim.a -lyaml
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <yaml.h>

#include "podsim.h"

#define TARGET_RATIO 0.6
#define MAX_RUNS 99

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Peak resident set size of this process so far, in bytes. */
static long long peak_rss_bytes(void) {
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) != 0) return -1;
#if defined(__APPLE__)
    return (long long)ru.ru_maxrss; /* bytes on macOS */
#else
    return (long long)ru.ru_maxrss * 1024; /* KiB on Linux and the BSDs */
#endif
}

/* Current resident set size in bytes (Linux /proc), else the peak so far. */
static long long current_rss_bytes(void) {
    FILE *f = fopen("/proc/self/statm", "r");
    long long size = 0, resident = 0;
    if (f != NULL) {
        int n = fscanf(f, "%lld %lld", &size, &resident);
        fclose(f);
        if (n == 2) return resident * (long long)sysconf(_SC_PAGESIZE);
    }
    return peak_rss_bytes();
}

/* Read the whole file once so that both measurements start from a warm page
 * cache; returns its size or -1. */
static long long warm_page_cache(const char *path) {
    static char buf[1 << 20];
    FILE *f = fopen(path, "rb");
    long long total = 0;
    size_t n;
    if (f == NULL) return -1;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) total += (long long)n;
    fclose(f);
    return total;
}

/* Read the whole file into a malloc'd buffer; NULL on failure. */
static unsigned char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    unsigned char *buf = NULL;
    size_t cap = 0, n = 0, got;
    if (f == NULL) return NULL;
    for (;;) {
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : (size_t)1 << 24;
            unsigned char *nbuf = realloc(buf, ncap);
            if (nbuf == NULL) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = nbuf;
            cap = ncap;
        }
        got = fread(buf + n, 1, cap - n, f);
        if (got == 0) break;
        n += got;
    }
    fclose(f);
    *len = n;
    return buf;
}

/* (a) Parse with libyaml's event API, building nothing: from `text` when it
 * is not NULL, else from a FILE stream on `path`. Returns 0 and sets
 * *events, or -1 after printing the parser error. */
static int bare_parse(const char *path, const unsigned char *text, size_t len,
                      long long *events) {
    yaml_parser_t parser;
    yaml_event_t event;
    FILE *f = NULL;
    int done = 0, rc = 0;
    long long count = 0;

    if (text == NULL) {
        f = fopen(path, "rb");
        if (f == NULL) {
            fprintf(stderr, "bench_load: %s: %s\n", path, strerror(errno));
            return -1;
        }
        setvbuf(f, NULL, _IOFBF, 1 << 20);
    }
    if (!yaml_parser_initialize(&parser)) {
        fprintf(stderr, "bench_load: yaml_parser_initialize failed\n");
        if (f != NULL) fclose(f);
        return -1;
    }
    if (f != NULL)
        yaml_parser_set_input_file(&parser, f);
    else
        yaml_parser_set_input_string(&parser, text, len);
    while (!done) {
        if (!yaml_parser_parse(&parser, &event)) {
            fprintf(stderr, "bench_load: %s:%zu:%zu: %s\n", path,
                    parser.problem_mark.line + 1,
                    parser.problem_mark.column + 1,
                    parser.problem ? parser.problem : "parse error");
            rc = -1;
            break;
        }
        done = event.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&event);
        count++;
    }
    yaml_parser_delete(&parser);
    if (f != NULL) fclose(f);
    *events = count;
    return rc;
}

/* (b) Load FILE into a fresh cluster. Keeps the cluster in *out when out is
 * not NULL (the caller frees it), frees it otherwise. */
static int podsim_load(const char *path, podsim_load_stats *stats,
                       podsim_cluster **out) {
    podsim_cluster *cluster = NULL;
    podsim_status st = podsim_cluster_new(NULL, &cluster);
    if (st != PODSIM_OK) {
        fprintf(stderr, "bench_load: podsim_cluster_new: %s\n",
                podsim_status_name(st));
        return -1;
    }
    st = podsim_cluster_load_file(cluster, path, stats);
    if (st != PODSIM_OK) {
        const podsim_error *err = podsim_cluster_error(cluster);
        fprintf(stderr, "bench_load: %s:%d:%d: %s: %s\n",
                err->source ? err->source : path, err->line, err->column,
                podsim_status_name(st), err->message);
        podsim_cluster_free(cluster);
        return -1;
    }
    if (out != NULL)
        *out = cluster;
    else
        podsim_cluster_free(cluster);
    return 0;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n) {
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

static void usage(FILE *to) {
    fprintf(to,
            "usage: bench_load FILE [--runs N] [--bare-only] [--stream] "
            "[--check]\n"
            "  FILE         a kubectl get -o yaml|json dump, e.g. from\n"
            "               bench/gen_cluster.py\n"
            "  --runs N     time each phase N times, report the median "
            "(default 1)\n"
            "  --bare-only  only measure libyaml's event parser\n"
            "  --stream     also time libyaml reading a FILE stream\n"
            "  --check      exit 2 when podsim/bare is below %.2f\n",
            TARGET_RATIO);
}

int main(int argc, char **argv) {
    const char *path = NULL;
    int runs = 1, bare_only = 0, stream = 0, check = 0;
    double bare_t[MAX_RUNS], stream_t[MAX_RUNS], load_t[MAX_RUNS];
    long long events = 0, bytes, rss_before = 0, rss_peak = 0;
    podsim_load_stats stats;
    podsim_cluster *cluster = NULL;
    size_t objects = 0, nodes = 0, pods = 0, len = 0;
    unsigned char *text;
    double bare_s, stream_s = 0, load_s = 0, mb, ratio = 0;
    int i, k;

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc) {
            runs = atoi(argv[++i]);
            if (runs < 1 || runs > MAX_RUNS) {
                fprintf(stderr, "bench_load: --runs must be 1..%d\n", MAX_RUNS);
                return 1;
            }
        } else if (strcmp(argv[i], "--bare-only") == 0) {
            bare_only = 1;
        } else if (strcmp(argv[i], "--stream") == 0) {
            stream = 1;
        } else if (strcmp(argv[i], "--check") == 0) {
            check = 1;
        } else if (strcmp(argv[i], "-h") == 0 ||
                   strcmp(argv[i], "--help") == 0) {
            usage(stdout);
            return 0;
        } else if (argv[i][0] == '-' || path != NULL) {
            usage(stderr);
            return 1;
        } else {
            path = argv[i];
        }
    }
    if (path == NULL) {
        usage(stderr);
        return 1;
    }

    bytes = warm_page_cache(path);
    if (bytes < 0) {
        fprintf(stderr, "bench_load: %s: %s\n", path, strerror(errno));
        return 1;
    }
    mb = (double)bytes / 1e6;

    /* (b) podsim first: memory from the first load, times from all runs */
    if (!bare_only) {
        rss_before = current_rss_bytes();
        memset(&stats, 0, sizeof stats);
        for (k = 0; k < runs; k++) {
            podsim_load_stats run_stats;
            double t0 = now_seconds();
            if (podsim_load(path, k == 0 ? &stats : &run_stats,
                            k == 0 ? &cluster : NULL) != 0)
                return 1;
            load_t[k] = now_seconds() - t0;
            if (k == 0) {
                rss_peak = peak_rss_bytes();
                for (i = 0; i < PODSIM_KIND_COUNT; i++)
                    objects += podsim_cluster_count(cluster, (podsim_kind)i);
                nodes = podsim_cluster_count(cluster, PODSIM_KIND_NODE);
                pods = podsim_cluster_count(cluster, PODSIM_KIND_POD);
                podsim_cluster_free(cluster);
                cluster = NULL;
            }
        }
        load_s = median(load_t, runs);
    }

    /* (a) bare libyaml, from memory (the ratio's baseline) */
    text = read_file(path, &len);
    if (text == NULL) {
        fprintf(stderr, "bench_load: %s: cannot read into memory\n", path);
        return 1;
    }
    for (k = 0; k < runs; k++) {
        double t0 = now_seconds();
        if (bare_parse(path, text, len, &events) != 0) return 1;
        bare_t[k] = now_seconds() - t0;
    }
    free(text);
    bare_s = median(bare_t, runs);
    if (stream) {
        for (k = 0; k < runs; k++) {
            double t0 = now_seconds();
            if (bare_parse(path, NULL, 0, &events) != 0) return 1;
            stream_t[k] = now_seconds() - t0;
        }
        stream_s = median(stream_t, runs);
    }

    printf("file     %s (%.1f MB)\n", path, mb);
    printf("podsim   %s, Kubernetes %s default, %d run%s\n\n", podsim_version(),
           PODSIM_DEFAULT_KUBERNETES_VERSION, runs,
           runs == 1 ? "" : "s (median)");
    printf("%-30s %10s %10s\n", "phase", "seconds", "MB/s");
    printf("%-30s %10.3f %10.1f   %lld events\n", "libyaml events, in memory",
           bare_s, mb / bare_s, events);
    if (stream)
        printf("%-30s %10.3f %10.1f\n", "libyaml events, FILE stream", stream_s,
               mb / stream_s);
    if (bare_only) return 0;

    ratio = bare_s / load_s;
    printf("%-30s %10.3f %10.1f\n", "podsim_cluster_load_file", load_s,
           mb / load_s);
    printf("%-30s %21.2f   target >= %.2f: %s\n", "ratio podsim/bare", ratio,
           TARGET_RATIO, ratio >= TARGET_RATIO ? "met" : "NOT MET");
    printf("\n");
    printf(
        "objects  %zu loaded: %zu nodes, %zu pods; %zu documents, "
        "%zu skipped\n",
        objects, nodes, pods, stats.documents, stats.skipped);
    printf("memory   RSS before load %.1f MiB, peak RSS %.1f MiB",
           (double)rss_before / 1048576.0, (double)rss_peak / 1048576.0);
    if (pods > 0)
        printf(", peak per pod %.0f bytes\n",
               (double)(rss_peak - rss_before) / (double)pods);
    else
        printf("\n");
    return check && ratio < TARGET_RATIO ? 2 : 0;
}
