/*
 * test_timefmt.c - RFC 3339 timestamps and kubectl's HumanDuration.
 *
 * The HumanDuration cases are upstream's own: TestHumanDuration and
 * TestHumanDurationBoundaries in kubernetes/kubernetes
 * staging/src/k8s.io/apimachinery/pkg/util/duration/duration_test.go,
 * converted from time.Duration to milliseconds. The one case written with
 * nanoseconds there (-2*time.Second + 1) is taken as -1999 ms, the nearest
 * millisecond on the same side of the boundary.
 *
 * Self-contained: links timefmt.c and strbuf.c only.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "model.h"

#define SECOND_MS INT64_C(1000)
#define MINUTE_MS (60 * SECOND_MS)
#define HOUR_MS (60 * MINUTE_MS)
#define DAY_MS (24 * HOUR_MS)
#define YEAR_MS (365 * DAY_MS)

typedef struct duration_case {
    int64_t ms;
    const char *want;
} duration_case;

static void check_durations(const duration_case *cases, size_t count) {
    strbuf text;
    strbuf_init(&text);
    for (size_t i = 0; i < count; i++) {
        strbuf_clear(&text);
        human_duration(cases[i].ms, &text);
        assert_false(text.failed);
        if (strcmp(strbuf_str(&text), cases[i].want) != 0) {
            print_error("HumanDuration(%lld ms) = \"%s\", want \"%s\"\n",
                        (long long)cases[i].ms, strbuf_str(&text),
                        cases[i].want);
            fail();
        }
    }
    strbuf_release(&text);
}

/* duration_test.go: TestHumanDuration */
static void test_human_duration_upstream(void **state) {
    (void)state;
    static const duration_case cases[] = {
        {SECOND_MS, "1s"},
        {70 * SECOND_MS, "70s"},
        {190 * SECOND_MS, "3m10s"},
        {70 * MINUTE_MS, "70m"},
        {47 * HOUR_MS, "47h"},
        {49 * HOUR_MS, "2d1h"},
        {(8 * 24 + 2) * HOUR_MS, "8d"},
        {(367 * 24) * HOUR_MS, "367d"},
        {(365 * 2 * 24 + 25) * HOUR_MS, "2y1d"},
        {(365 * 8 * 24 + 2) * HOUR_MS, "8y"},
    };
    check_durations(cases, sizeof cases / sizeof cases[0]);
}

/* duration_test.go: TestHumanDurationBoundaries */
static void test_human_duration_boundaries(void **state) {
    (void)state;
    static const duration_case cases[] = {
        {-2 * SECOND_MS, "<invalid>"},
        {-2 * SECOND_MS + 1, "0s"},
        {0, "0s"},
        {SECOND_MS - 1, "0s"},
        {2 * MINUTE_MS - 1, "119s"},
        {2 * MINUTE_MS, "2m"},
        {2 * MINUTE_MS + SECOND_MS, "2m1s"},
        {10 * MINUTE_MS - 1, "9m59s"},
        {10 * MINUTE_MS, "10m"},
        {10 * MINUTE_MS + SECOND_MS, "10m"},
        {3 * HOUR_MS - 1, "179m"},
        {3 * HOUR_MS, "3h"},
        {3 * HOUR_MS + MINUTE_MS, "3h1m"},
        {8 * HOUR_MS - 1, "7h59m"},
        {8 * HOUR_MS, "8h"},
        {8 * HOUR_MS + 59 * MINUTE_MS, "8h"},
        {2 * DAY_MS - 1, "47h"},
        {2 * DAY_MS, "2d"},
        {2 * DAY_MS + HOUR_MS, "2d1h"},
        {8 * DAY_MS - 1, "7d23h"},
        {8 * DAY_MS, "8d"},
        {8 * DAY_MS + 23 * HOUR_MS, "8d"},
        {2 * YEAR_MS - 1, "729d"},
        {2 * YEAR_MS, "2y"},
        {2 * YEAR_MS + 23 * HOUR_MS, "2y"},
        {2 * YEAR_MS + 23 * HOUR_MS + 59 * MINUTE_MS, "2y"},
        {2 * YEAR_MS + 24 * HOUR_MS - 1, "2y"},
        {2 * YEAR_MS + 24 * HOUR_MS, "2y1d"},
        {3 * YEAR_MS, "3y"},
        {4 * YEAR_MS, "4y"},
        {5 * YEAR_MS, "5y"},
        {6 * YEAR_MS, "6y"},
        {7 * YEAR_MS, "7y"},
        {8 * YEAR_MS - 1, "7y364d"},
        {8 * YEAR_MS, "8y"},
        {8 * YEAR_MS + 364 * DAY_MS, "8y"},
        {9 * YEAR_MS, "9y"},
    };
    check_durations(cases, sizeof cases / sizeof cases[0]);
}

/* Cases that matter to podsim: sub-second skew and the exact edges. */
static void test_human_duration_skew(void **state) {
    (void)state;
    static const duration_case cases[] = {
        {-1, "0s"},
        {-999, "0s"},
        {-1000, "0s"},
        {-1999, "0s"},
        {-2000, "<invalid>"},
        {-10 * DAY_MS, "<invalid>"},
        {59 * SECOND_MS, "59s"},
        {5 * MINUTE_MS, "5m"},
        {5 * MINUTE_MS + 30 * SECOND_MS, "5m30s"},
        {5 * DAY_MS, "5d"},
        {10 * DAY_MS, "10d"},
        {100 * YEAR_MS, "100y"},
    };
    check_durations(cases, sizeof cases / sizeof cases[0]);
}

static void test_human_duration_appends(void **state) {
    (void)state;
    strbuf text;
    strbuf_init(&text);
    strbuf_puts(&text, "3 (");
    human_duration(10 * SECOND_MS, &text);
    strbuf_puts(&text, " ago)");
    assert_string_equal(strbuf_str(&text), "3 (10s ago)");
    strbuf_release(&text);
}

/* ---- parse_rfc3339 ------------------------------------------------------ */

static int64_t parse_ok(const char *text) {
    int64_t ms = 0;
    if (!parse_rfc3339(text, strlen(text), &ms)) {
        print_error("parse_rfc3339(\"%s\") failed\n", text);
        fail();
    }
    return ms;
}

static void assert_parse_fails(const char *text) {
    int64_t ms = 12345;
    if (parse_rfc3339(text, strlen(text), &ms)) {
        print_error("parse_rfc3339(\"%s\") accepted (%lld)\n", text,
                    (long long)ms);
        fail();
    }
}

/* Expected values computed independently (Python datetime). */
static void test_parse_known_instants(void **state) {
    (void)state;
    assert_int_equal(parse_ok("1970-01-01T00:00:00Z"), 0);
    assert_int_equal(parse_ok("2024-05-01T10:00:00Z"), INT64_C(1714557600000));
    assert_int_equal(parse_ok("2024-02-29T00:00:00Z"), INT64_C(1709164800000));
    assert_int_equal(parse_ok("2000-02-29T12:00:00Z"), INT64_C(951825600000));
    assert_int_equal(parse_ok("1900-01-01T00:00:00Z"), INT64_C(-2208988800000));
    assert_int_equal(parse_ok("0001-01-01T00:00:00Z"),
                     INT64_C(-62135596800000));
    assert_int_equal(parse_ok("0000-01-01T00:00:00Z"),
                     INT64_C(-62167219200000));
    assert_int_equal(parse_ok("9999-12-31T23:59:59Z"),
                     INT64_C(253402300799000));
}

static void test_parse_fractions(void **state) {
    (void)state;
    const int64_t base = INT64_C(1714557600000);
    assert_int_equal(parse_ok("2024-05-01T10:00:00.1Z"), base + 100);
    assert_int_equal(parse_ok("2024-05-01T10:00:00.12Z"), base + 120);
    assert_int_equal(parse_ok("2024-05-01T10:00:00.123Z"), base + 123);
    /* MicroTime: six digits, sub-millisecond part truncated */
    assert_int_equal(parse_ok("2024-05-01T10:00:00.123456Z"), base + 123);
    assert_int_equal(parse_ok("2024-05-01T10:00:00.999999999Z"), base + 999);
    assert_int_equal(parse_ok("2024-05-01T10:00:00.000000000001Z"), base);
    assert_int_equal(parse_ok("2024-05-01T10:00:00.5+02:00"),
                     base - 2 * HOUR_MS + 500);
}

static void test_parse_offsets(void **state) {
    (void)state;
    const int64_t base = INT64_C(1714557600000);
    assert_int_equal(parse_ok("2024-05-01T12:00:00+02:00"), base);
    assert_int_equal(parse_ok("2024-05-01T04:30:00-05:30"), base);
    assert_int_equal(parse_ok("2024-05-01T10:00:00+00:00"), base);
    assert_int_equal(parse_ok("2024-05-01T10:00:00-00:00"), base);
    assert_int_equal(parse_ok("2024-05-02T09:59:00+23:59"), base);
    /* an offset can carry the instant across a year boundary */
    assert_int_equal(parse_ok("1970-01-01T01:00:00+02:00"), -HOUR_MS);
}

/* Before the epoch the result is floored, as Go's UnixMilli does. */
static void test_parse_before_epoch(void **state) {
    (void)state;
    assert_int_equal(parse_ok("1969-12-31T23:59:59Z"), -1000);
    assert_int_equal(parse_ok("1969-12-31T23:59:59.999Z"), -1);
    assert_int_equal(parse_ok("1969-12-31T23:59:59.5Z"), -500);
    assert_int_equal(parse_ok("1969-12-31T23:59:59.0001Z"), -1000);
}

static void test_parse_calendar(void **state) {
    (void)state;
    assert_parse_fails("2023-02-29T00:00:00Z"); /* not a leap year */
    assert_parse_fails("1900-02-29T00:00:00Z"); /* century, not leap */
    (void)parse_ok("2000-02-29T00:00:00Z");     /* 400-year rule */
    (void)parse_ok("2024-01-31T00:00:00Z");
    assert_parse_fails("2024-04-31T00:00:00Z");
    assert_parse_fails("2024-06-31T00:00:00Z");
    assert_parse_fails("2024-09-31T00:00:00Z");
    assert_parse_fails("2024-11-31T00:00:00Z");
    (void)parse_ok("2024-12-31T23:59:59Z");
    assert_parse_fails("2024-00-10T00:00:00Z");
    assert_parse_fails("2024-13-10T00:00:00Z");
    assert_parse_fails("2024-05-00T00:00:00Z");
    assert_parse_fails("2024-05-32T00:00:00Z");
    assert_parse_fails("2024-05-01T24:00:00Z");
    assert_parse_fails("2024-05-01T10:60:00Z");
    assert_parse_fails("2024-05-01T10:00:60Z"); /* Go rejects leap seconds */
}

/*
 * Every day from 1800 to 2200, enumerated with a naive calendar, must be
 * exactly one day after the previous one: checks days_from_civil against an
 * independent count across leap years and centuries.
 */
static void test_parse_every_day(void **state) {
    (void)state;
    static const int month_days[12] = {31, 28, 31, 30, 31, 30,
                                       31, 31, 30, 31, 30, 31};
    int64_t expected = parse_ok("1800-01-01T00:00:00Z");
    char text[64]; /* room for any int, so -Wformat-truncation stays quiet */
    for (int year = 1800; year <= 2200; year++) {
        bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        for (int month = 1; month <= 12; month++) {
            int days = month_days[month - 1] + (month == 2 && leap);
            for (int day = 1; day <= days; day++) {
                snprintf(text, sizeof text, "%04d-%02d-%02dT00:00:00Z", year,
                         month, day);
                assert_int_equal(parse_ok(text), expected);
                expected += DAY_MS;
            }
            snprintf(text, sizeof text, "%04d-%02d-%02dT00:00:00Z", year, month,
                     days + 1);
            assert_parse_fails(text);
        }
    }
    assert_int_equal(parse_ok("1970-01-01T00:00:00Z"), 0);
}

static void test_parse_rejects_garbage(void **state) {
    (void)state;
    static const char *const garbage[] = {
        "",
        "2024",
        "2024-05-01",
        "2024-05-01T10:00:00",  /* no zone */
        "2024-05-01T10:00Z",    /* no seconds */
        "2024-05-01t10:00:00Z", /* lower-case t */
        "2024-05-01T10:00:00z", /* lower-case z */
        "2024-05-01 10:00:00Z", /* space separator */
        "2024-05-01T1:00:00Z",  /* one-digit hour */
        "2024-5-01T10:00:00Z",
        "24-05-01T10:00:00Z",
        "20245-05-01T10:00:00Z",
        "+2024-05-01T10:00:00Z",
        "-2024-05-01T10:00:00Z",
        "2024/05/01T10:00:00Z",
        "2024-05-01T10.00.00Z",
        "2024-05-01T10:00:00.Z",  /* dot without digits */
        "2024-05-01T10:00:00,5Z", /* comma fraction */
        "2024-05-01T10:00:00.5",  /* fraction without zone */
        "2024-05-01T10:00:00ZZ",
        "2024-05-01T10:00:00Z ",
        " 2024-05-01T10:00:00Z",
        "2024-05-01T10:00:00+02",
        "2024-05-01T10:00:00+0200",
        "2024-05-01T10:00:00+02:0",
        "2024-05-01T10:00:00+02:000",
        "2024-05-01T10:00:00+24:00",
        "2024-05-01T10:00:00+02:60",
        "2024-05-01T10:00:00 +02:00",
        "2024-05-01T10:00:00UTC",
        "2024-05-01T10:00:00.12a4Z",
        "2024-0x-01T10:00:00Z",
        "null",
    };
    for (size_t i = 0; i < sizeof garbage / sizeof garbage[0]; i++) {
        assert_parse_fails(garbage[i]);
    }
}

/* The text is bounded by len, not by a NUL. */
static void test_parse_respects_length(void **state) {
    (void)state;
    const char *text = "2024-05-01T10:00:00Zgarbage";
    int64_t ms = 0;
    assert_true(parse_rfc3339(text, 20, &ms));
    assert_int_equal(ms, INT64_C(1714557600000));
    assert_false(parse_rfc3339(text, 19, &ms));
    assert_false(parse_rfc3339(text, strlen(text), &ms));
    assert_false(parse_rfc3339(NULL, 0, &ms));
    assert_false(parse_rfc3339(text, 20, NULL));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_human_duration_upstream),
        cmocka_unit_test(test_human_duration_boundaries),
        cmocka_unit_test(test_human_duration_skew),
        cmocka_unit_test(test_human_duration_appends),
        cmocka_unit_test(test_parse_known_instants),
        cmocka_unit_test(test_parse_fractions),
        cmocka_unit_test(test_parse_offsets),
        cmocka_unit_test(test_parse_before_epoch),
        cmocka_unit_test(test_parse_calendar),
        cmocka_unit_test(test_parse_every_day),
        cmocka_unit_test(test_parse_rejects_garbage),
        cmocka_unit_test(test_parse_respects_length),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
