/*
 * timefmt.c - Kubernetes timestamps in and human durations out.
 *
 * parse_rfc3339 reads metav1.Time / metav1.MicroTime values
 * ("2024-05-01T10:00:00Z", "2024-05-01T10:00:00.123456+02:00"). Upstream
 * decodes them with Go's time.Parse(time.RFC3339, s) (k8s.io/apimachinery
 * pkg/apis/meta/v1/time.go, micro_time.go). podsim accepts the strict RFC 3339
 * profile that Go's fast path (time.parseRFC3339) accepts: a 4-digit year,
 * two-digit fields, 'T' and 'Z' in upper case, a '.' fraction of any length,
 * "Z" or a "+hh:mm"/"-hh:mm" offset, and day-of-month checked against the
 * month and leap years. Go's slow fallback parser is laxer (one-digit hours,
 * ',' before the fraction, offset hours above 23); podsim rejects those as
 * garbage. Sub-millisecond digits are truncated, and the result is floored to
 * the millisecond like Go's Time.UnixMilli, so instants before 1970 come out
 * negative and exact.
 *
 * human_duration is k8s.io/apimachinery/pkg/util/duration.HumanDuration
 * (kubernetes/kubernetes staging/src/k8s.io/apimachinery/pkg/util/duration/
 * duration.go), the function behind every AGE column of kubectl: about two
 * significant figures, "<invalid>" for more than a second in the future.
 * The Go code works on nanoseconds; here the input is milliseconds, which
 * gives the same text because every threshold is a whole number of seconds.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"

/* ---- RFC 3339 ------------------------------------------------------------ */

static bool is_digit(char ch) {
    return ch >= '0' && ch <= '9';
}

/* The value of `count` decimal digits at s, or -1 if any is not a digit. */
static int read_digits(const char *s, size_t count) {
    int value = 0;
    for (size_t i = 0; i < count; i++) {
        if (!is_digit(s[i])) return -1;
        value = value * 10 + (s[i] - '0');
    }
    return value;
}

static bool is_leap_year(int year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int days_in_month(int year, int month) {
    static const int days[12] = {31, 28, 31, 30, 31, 30,
                                 31, 31, 30, 31, 30, 31};
    if (month == 2 && is_leap_year(year)) return 29;
    return days[month - 1];
}

/*
 * Days from 1970-01-01 to the given proleptic Gregorian date (negative
 * before). Howard Hinnant's days_from_civil: years are shifted to start in
 * March so that the leap day is the last day of the year, then counted in
 * 400-year eras of 146097 days.
 */
static int64_t days_from_civil(int64_t year, int month, int day) {
    if (month <= 2) year -= 1;
    int64_t era = (year >= 0 ? year : year - 399) / 400;
    int64_t year_of_era = year - era * 400;                       /* 0..399 */
    int64_t month_from_march = month > 2 ? month - 3 : month + 9; /* 0..11 */
    int64_t day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    int64_t day_of_era =
        year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

/* "YYYY-MM-DDTHH:MM:SS": the first 19 bytes, checked field by field. */
static bool parse_date_time(const char *s, int64_t *seconds_out) {
    int year = read_digits(s, 4);
    int month = read_digits(s + 5, 2);
    int day = read_digits(s + 8, 2);
    int hour = read_digits(s + 11, 2);
    int minute = read_digits(s + 14, 2);
    int second = read_digits(s + 17, 2);
    if (s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' ||
        s[16] != ':') {
        return false;
    }
    if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 ||
        hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
        return false; /* Go rejects leap seconds (60) too */
    }
    if (day > days_in_month(year, month)) return false;
    *seconds_out = days_from_civil(year, month, day) * 86400 + hour * 3600 +
                   minute * 60 + second;
    return true;
}

/*
 * Optional ".digits" at s: at least one digit, any number of them. Returns
 * the bytes consumed; the first three digits become milliseconds.
 */
static size_t parse_fraction(const char *s, size_t len, int *millis_out) {
    *millis_out = 0;
    if (len < 2 || s[0] != '.' || !is_digit(s[1])) return 0;
    size_t n = 1;
    int millis = 0;
    while (n < len && is_digit(s[n])) {
        if (n <= 3) millis = millis * 10 + (s[n] - '0');
        n++;
    }
    for (size_t digits = n - 1; digits < 3; digits++) millis *= 10;
    *millis_out = millis;
    return n;
}

/* "Z" or "+hh:mm" / "-hh:mm" filling the rest of the text exactly. */
static bool parse_zone(const char *s, size_t len, int64_t *offset_seconds) {
    if (len == 1 && s[0] == 'Z') {
        *offset_seconds = 0;
        return true;
    }
    if (len != 6 || (s[0] != '+' && s[0] != '-') || s[3] != ':') return false;
    int hours = read_digits(s + 1, 2);
    int minutes = read_digits(s + 4, 2);
    if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) return false;
    int64_t offset = (int64_t)hours * 3600 + minutes * 60;
    *offset_seconds = s[0] == '-' ? -offset : offset;
    return true;
}

bool parse_rfc3339(const char *s, size_t len, int64_t *out_ms) {
    static const size_t date_time_len = sizeof("2006-01-02T15:04:05") - 1;
    if (!s || !out_ms || len < date_time_len) return false;

    int64_t local_seconds;
    if (!parse_date_time(s, &local_seconds)) return false;

    int millis;
    size_t pos = date_time_len;
    pos += parse_fraction(s + pos, len - pos, &millis);

    int64_t offset_seconds;
    if (!parse_zone(s + pos, len - pos, &offset_seconds)) return false;

    /* local = UTC + offset; the fraction is non-negative, so adding it to
       the whole seconds floors the instant to the millisecond */
    *out_ms = (local_seconds - offset_seconds) * 1000 + millis;
    return true;
}

/* ---- HumanDuration ------------------------------------------------------- */

/*
 * Line by line upstream's HumanDuration. Go's int(d.Seconds()) and d/unit
 * truncate toward zero, as C's integer division does.
 */
void human_duration(int64_t ms, strbuf *out) {
    int64_t seconds = ms / 1000;
    if (seconds < -1) {
        /* more than a second of clock skew in the future */
        strbuf_puts(out, "<invalid>");
        return;
    }
    if (seconds < 0) {
        strbuf_puts(out, "0s");
        return;
    }
    if (seconds < 60 * 2) {
        strbuf_printf(out, "%llds", (long long)seconds);
        return;
    }
    int64_t minutes = ms / (60 * 1000);
    if (minutes < 10) {
        int64_t s = seconds % 60;
        if (s == 0) {
            strbuf_printf(out, "%lldm", (long long)minutes);
        } else {
            strbuf_printf(out, "%lldm%llds", (long long)minutes, (long long)s);
        }
        return;
    }
    if (minutes < 60 * 3) {
        strbuf_printf(out, "%lldm", (long long)minutes);
        return;
    }
    int64_t hours = ms / (3600 * 1000);
    if (hours < 8) {
        int64_t m = minutes % 60;
        if (m == 0) {
            strbuf_printf(out, "%lldh", (long long)hours);
        } else {
            strbuf_printf(out, "%lldh%lldm", (long long)hours, (long long)m);
        }
    } else if (hours < 48) {
        strbuf_printf(out, "%lldh", (long long)hours);
    } else if (hours < 24 * 8) {
        int64_t h = hours % 24;
        if (h == 0) {
            strbuf_printf(out, "%lldd", (long long)(hours / 24));
        } else {
            strbuf_printf(out, "%lldd%lldh", (long long)(hours / 24),
                          (long long)h);
        }
    } else if (hours < 24 * 365 * 2) {
        strbuf_printf(out, "%lldd", (long long)(hours / 24));
    } else if (hours < 24 * 365 * 8) {
        int64_t days_into_year = (hours / 24) % 365;
        if (days_into_year == 0) {
            strbuf_printf(out, "%lldy", (long long)(hours / 24 / 365));
        } else {
            strbuf_printf(out, "%lldy%lldd", (long long)(hours / 24 / 365),
                          (long long)days_into_year);
        }
    } else {
        strbuf_printf(out, "%lldy", (long long)(hours / 24 / 365));
    }
}

/* ---- Go durations ---------------------------------------------------------
 */

/* time.ParseDuration's units, in nanoseconds */
static int64_t duration_unit(const char *u, size_t len) {
    static const struct {
        const char *name;
        int64_t nanos;
    } units[] = {{"ns", 1},
                 {"us", 1000},
                 {"\xc2\xb5s", 1000}, /* U+00B5 micro sign */
                 {"\xce\xbcs", 1000}, /* U+03BC Greek mu */
                 {"ms", 1000000},
                 {"s", 1000000000},
                 {"m", 60LL * 1000000000},
                 {"h", 3600LL * 1000000000}};
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        if (strlen(units[i].name) == len &&
            memcmp(units[i].name, u, len) == 0) {
            return units[i].nanos;
        }
    }
    return 0;
}

bool go_duration_nanos(const char *s, size_t len, int64_t *nanos,
                       const char **why) {
    const char *end = s + len;
    bool negative = false;
    int64_t total = 0;
    *why = "invalid duration";
    if (s < end && (*s == '+' || *s == '-')) negative = *s++ == '-';
    if (end - s == 1 && *s == '0') {
        *nanos = 0;
        return true;
    }
    if (s == end) return false;
    while (s < end) {
        const char *whole = s, *frac = NULL;
        size_t nwhole, nfrac = 0;
        while (s < end && is_digit(*s)) s++;
        nwhole = (size_t)(s - whole);
        if (s < end && *s == '.') {
            frac = ++s;
            while (s < end && is_digit(*s)) s++;
            nfrac = (size_t)(s - frac);
        }
        if (nwhole == 0 && nfrac == 0) return false;
        const char *unit = s;
        while (s < end && *s != '.' && !is_digit(*s)) s++;
        if (s == unit) {
            *why = "missing unit in duration";
            return false;
        }
        int64_t ns = duration_unit(unit, (size_t)(s - unit));
        if (!ns) {
            *why = "unknown unit in duration";
            return false;
        }
        int64_t w = 0, f = 0;
        for (size_t i = 0; i < nwhole; i++) {
            if (w > (INT64_MAX - 9) / 10) goto overflow;
            w = w * 10 + (whole[i] - '0');
        }
        if (w > INT64_MAX / ns) goto overflow;
        /* floor(0.d1d2...dn x unit), exactly, from the last digit: each
           term is truncated to a nanosecond as time.ParseDuration does */
        for (size_t i = nfrac; i-- > 0;) f = (f + (frac[i] - '0') * ns) / 10;
        int64_t term = w * ns;
        if (term > INT64_MAX - f || total > INT64_MAX - (term + f)) {
            goto overflow;
        }
        total += term + f;
    }
    *nanos = negative ? -total : total;
    return true;
overflow:
    *why = "duration out of range";
    return false;
}

podsim_status podsim_duration_parse(const char *text, size_t len,
                                    int64_t *ms_out) {
    if (!text || !ms_out) return PODSIM_EINVAL;
    int64_t nanos;
    const char *why;
    if (!go_duration_nanos(text, len, &nanos, &why)) return PODSIM_EPARSE;
    int64_t mag = nanos < 0 ? -nanos : nanos;
    int64_t ms = mag / 1000000 + (mag % 1000000 >= 500000);
    *ms_out = nanos < 0 ? -ms : ms;
    return PODSIM_OK;
}
