/*
 * quantity.c - Kubernetes resource.Quantity: ParseQuantity, the canonical
 * String() (CanonicalizeBytes), MilliValue, Value, Add and Cmp.
 *
 * Upstream source, kubernetes/apimachinery at tag v0.34.0
 * (k8s.io/apimachinery/pkg/api/resource):
 *   quantity.go  ParseQuantity, parseQuantityString, CanonicalizeBytes, Add,
 *                Cmp, Value, MilliValue, NewMilliQuantity
 *   amount.go    int64Amount.AsCanonicalBytes, AsCanonicalBase1024Bytes,
 *                AsScaledInt64 (rounding away from zero)
 *   suffix.go    the suffix table and the "e<int64>" decimal exponent
 *   math.go      maxAllowed (2^63-1), removeInt64Factors
 *
 * A value is mantissa x 10^exponent. Parsing follows upstream's order: the
 * exact value is rounded away from zero to a multiple of 10^-9, a BinarySI
 * magnitude is capped at 2^63-1, a BinarySI value below 1 becomes DecimalSI,
 * and the sign comes last. Upstream keeps arbitrary precision (inf.Dec);
 * podsim keeps an int64 mantissa and answers PODSIM_ERANGE when the exact
 * value does not fit one.
 *
 * Where podsim deliberately differs from v0.34.0:
 *   - the number must hold at least one digit, as the grammar in quantity.go
 *     says ("." "-" "Ki" are rejected; upstream's scanner reads them as 0);
 *   - a decimal exponent is not narrowed to int32 with wrap-around: it is
 *     used exactly, and a non-zero value whose exponent does not fit int32
 *     is PODSIM_ERANGE;
 *   - a DecimalSI exponent with no suffix (beyond E = 10^18, below
 *     n = 10^-9) is written as "e<exp>", as upstream does after
 *     kubernetes/kubernetes#140459 (v0.34.0 drops the exponent: "1000E"
 *     printed "1");
 *   - a BinarySI value stops at Ei (upstream drops the suffix beyond it),
 *     and a BinarySI value of more than 38 digits prints as DecimalSI so
 *     the text always fits PODSIM_QUANTITY_STRING_MAX;
 *   - Value/MilliValue round negatives away from zero on every path and
 *     report overflow instead of wrapping.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "podsim.h"

__extension__ typedef unsigned __int128 u128;

#define U128_MAX (~(u128)0)
#define INT64_MAGNITUDE_MAX ((u128)INT64_MAX)
#define INT64_MIN_MAGNITUDE ((u128)INT64_MAX + 1)
#define NANOS_PER_UNIT 1000000000u
/* decimal exponents are clamped here while parsing: far outside int32,
   yet small enough that adding input lengths never overflows int64 */
#define EXPONENT_CLAMP (INT64_C(1) << 40)
/* digits of the largest power of ten below 2^128 */
#define U128_DIGITS 38
#define BINARY_SI_MAX_STEPS 6

/* ------------------------------------------------------------------ */
/* Suffixes (suffix.go)                                                */
/* ------------------------------------------------------------------ */

typedef struct suffix_entry {
    const char *text;
    int32_t decimal_exponent; /* 10^x for DecimalSI */
    int32_t binary_power;     /* 2^x for BinarySI, 0 for DecimalSI */
    podsim_qformat format;
} suffix_entry;

static const suffix_entry SUFFIXES[] = {
    {"n", -9, 0, PODSIM_QUANTITY_DECIMAL_SI},
    {"u", -6, 0, PODSIM_QUANTITY_DECIMAL_SI},
    {"m", -3, 0, PODSIM_QUANTITY_DECIMAL_SI},
    {"", 0, 0, PODSIM_QUANTITY_DECIMAL_SI},
    {"k", 3, 0, PODSIM_QUANTITY_DECIMAL_SI},
    {"M", 6, 0, PODSIM_QUANTITY_DECIMAL_SI},
    {"G", 9, 0, PODSIM_QUANTITY_DECIMAL_SI},
    {"T", 12, 0, PODSIM_QUANTITY_DECIMAL_SI},
    {"P", 15, 0, PODSIM_QUANTITY_DECIMAL_SI},
    {"E", 18, 0, PODSIM_QUANTITY_DECIMAL_SI},
    {"Ki", 0, 10, PODSIM_QUANTITY_BINARY_SI},
    {"Mi", 0, 20, PODSIM_QUANTITY_BINARY_SI},
    {"Gi", 0, 30, PODSIM_QUANTITY_BINARY_SI},
    {"Ti", 0, 40, PODSIM_QUANTITY_BINARY_SI},
    {"Pi", 0, 50, PODSIM_QUANTITY_BINARY_SI},
    {"Ei", 0, 60, PODSIM_QUANTITY_BINARY_SI},
};

#define SUFFIX_COUNT (sizeof SUFFIXES / sizeof SUFFIXES[0])

static const suffix_entry *suffix_by_text(const char *text, size_t len) {
    for (size_t i = 0; i < SUFFIX_COUNT; i++) {
        if (strlen(SUFFIXES[i].text) == len &&
            memcmp(SUFFIXES[i].text, text, len) == 0)
            return &SUFFIXES[i];
    }
    return NULL;
}

/* The DecimalSI suffix for 10^exponent, or NULL when there is none. */
static const char *decimal_suffix_for(int64_t exponent) {
    for (size_t i = 0; i < SUFFIX_COUNT; i++) {
        if (SUFFIXES[i].format == PODSIM_QUANTITY_DECIMAL_SI &&
            SUFFIXES[i].decimal_exponent == exponent)
            return SUFFIXES[i].text;
    }
    return NULL;
}

/* The BinarySI suffix for 1024^steps, steps in 0..6. */
static const char *binary_suffix_for(int steps) {
    for (size_t i = 0; i < SUFFIX_COUNT; i++) {
        if (SUFFIXES[i].format == PODSIM_QUANTITY_BINARY_SI &&
            SUFFIXES[i].binary_power == 10 * steps)
            return SUFFIXES[i].text;
    }
    return "";
}

/* ------------------------------------------------------------------ */
/* 128-bit helpers                                                     */
/* ------------------------------------------------------------------ */

static u128 pow10_u128(int64_t n) {
    u128 result = 1;
    for (int64_t i = 0; i < n; i++) result *= 10;
    return result;
}

static int64_t decimal_digit_count(u128 value) {
    int64_t count = 1;
    while (value >= 10) {
        value /= 10;
        count++;
    }
    return count;
}

static u128 magnitude_of(int64_t value) {
    return value < 0 ? (u128)(-(value + 1)) + 1 : (u128)value;
}

/* A magnitude and exponent with the mantissa's trailing zeros moved into
   the exponent (removeInt64Factors(x, 10)). */
typedef struct decimal {
    bool negative;
    u128 magnitude;
    int64_t exponent;
} decimal;

static void strip_trailing_zeros(decimal *d) {
    if (d->magnitude == 0) {
        d->exponent = 0;
        return;
    }
    while (d->magnitude % 10 == 0) {
        d->magnitude /= 10;
        d->exponent++;
    }
}

static decimal decimal_of(const podsim_quantity *q) {
    decimal d = {q->mantissa < 0, magnitude_of(q->mantissa), q->exponent};
    strip_trailing_zeros(&d);
    return d;
}

/* Store d in *out if the int64 mantissa and int32 exponent can hold it. */
static podsim_status quantity_from_decimal(decimal d, podsim_qformat format,
                                           podsim_quantity *out) {
    strip_trailing_zeros(&d);
    u128 limit = d.negative ? INT64_MIN_MAGNITUDE : INT64_MAGNITUDE_MAX;
    if (d.magnitude > limit) return PODSIM_ERANGE;
    if (d.exponent < INT32_MIN || d.exponent > INT32_MAX) return PODSIM_ERANGE;
    if (d.magnitude == INT64_MIN_MAGNITUDE)
        out->mantissa = INT64_MIN;
    else if (d.negative)
        out->mantissa = -(int64_t)d.magnitude;
    else
        out->mantissa = (int64_t)d.magnitude;
    out->exponent = (int32_t)d.exponent;
    out->format = format;
    return PODSIM_OK;
}

/* ------------------------------------------------------------------ */
/* Scanning the text (parseQuantityString, suffixer.interpret)         */
/* ------------------------------------------------------------------ */

/* The digits of the number with its '.' removed: whole then fraction. */
typedef struct digit_string {
    const char *whole;
    size_t whole_len;
    const char *fraction;
    size_t fraction_len;
} digit_string;

static size_t digit_count(const digit_string *s) {
    return s->whole_len + s->fraction_len;
}

static unsigned digit_at(const digit_string *s, size_t i) {
    char c = i < s->whole_len ? s->whole[i] : s->fraction[i - s->whole_len];
    return (unsigned)(c - '0');
}

typedef struct quantity_text {
    bool negative;
    digit_string digits;
    int64_t decimal_exponent; /* from a DecimalSI suffix or "e<n>" */
    int32_t binary_power;     /* from a BinarySI suffix, else 0 */
    podsim_qformat format;
} quantity_text;

static bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

static size_t count_digits(const char *text, size_t len) {
    size_t n = 0;
    while (n < len && is_digit(text[n])) n++;
    return n;
}

/* strconv.ParseInt(text, 10, 64): optional sign and at least one digit. */
static bool parse_int64(const char *text, size_t len, int64_t *out) {
    bool negative = len > 0 && text[0] == '-';
    size_t pos = (len > 0 && (text[0] == '-' || text[0] == '+')) ? 1 : 0;
    uint64_t limit = negative ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    uint64_t value = 0;
    if (pos == len || count_digits(text + pos, len - pos) != len - pos)
        return false;
    for (; pos < len; pos++) {
        uint64_t digit = (uint64_t)(text[pos] - '0');
        if (value > (limit - digit) / 10) return false;
        value = value * 10 + digit;
    }
    if (negative)
        *out = value == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)value;
    else
        *out = (int64_t)value;
    return true;
}

static int64_t clamp_exponent(int64_t exponent) {
    if (exponent > EXPONENT_CLAMP) return EXPONENT_CLAMP;
    if (exponent < -EXPONENT_CLAMP) return -EXPONENT_CLAMP;
    return exponent;
}

static podsim_status interpret_suffix(const char *text, size_t len,
                                      quantity_text *t) {
    const suffix_entry *entry = suffix_by_text(text, len);
    int64_t exponent;
    if (entry) {
        t->decimal_exponent = entry->decimal_exponent;
        t->binary_power = entry->binary_power;
        t->format = entry->format;
        return PODSIM_OK;
    }
    if (len < 2 || (text[0] != 'e' && text[0] != 'E')) return PODSIM_EINVAL;
    if (!parse_int64(text + 1, len - 1, &exponent)) return PODSIM_EINVAL;
    t->decimal_exponent = clamp_exponent(exponent);
    t->binary_power = 0;
    t->format = PODSIM_QUANTITY_DECIMAL_EXPONENT;
    return PODSIM_OK;
}

/* <signedNumber><suffix>: [+-]? digits [. digits] suffix, >= 1 digit. */
static podsim_status scan_quantity(const char *text, size_t len,
                                   quantity_text *t) {
    size_t pos = 0;
    t->negative = false;
    if (pos < len && (text[pos] == '+' || text[pos] == '-')) {
        t->negative = text[pos] == '-';
        pos++;
    }
    t->digits.whole = text + pos;
    t->digits.whole_len = count_digits(text + pos, len - pos);
    pos += t->digits.whole_len;
    t->digits.fraction = text + pos;
    t->digits.fraction_len = 0;
    if (pos < len && text[pos] == '.') {
        pos++;
        t->digits.fraction = text + pos;
        t->digits.fraction_len = count_digits(text + pos, len - pos);
        pos += t->digits.fraction_len;
    }
    if (digit_count(&t->digits) == 0) return PODSIM_EINVAL;
    return interpret_suffix(text + pos, len - pos, t);
}

/* ------------------------------------------------------------------ */
/* The parsed value (ParseQuantity after scanning)                     */
/* ------------------------------------------------------------------ */

/* The significant digits: digits[first..last], both non-zero, with
   value = digits[first..last] x 10^exponent. */
typedef struct significand {
    size_t first;
    size_t last;
    int64_t exponent;
} significand;

static bool find_significand(const quantity_text *t, significand *out) {
    size_t n = digit_count(&t->digits);
    size_t first = 0;
    size_t last = n;
    while (first < n && digit_at(&t->digits, first) == 0) first++;
    if (first == n) return false;
    while (digit_at(&t->digits, last - 1) == 0) last--;
    out->first = first;
    out->last = last - 1;
    out->exponent = t->decimal_exponent - (int64_t)t->digits.fraction_len +
                    (int64_t)(n - last);
    return true;
}

static int64_t significand_length(const significand *s) {
    return (int64_t)(s->last - s->first + 1);
}

/* digits[from..from+count) as a number; count <= U128_DIGITS. */
static u128 digits_value(const digit_string *s, size_t from, size_t count) {
    u128 value = 0;
    for (size_t i = from; i < from + count; i++)
        value = value * 10 + digit_at(s, i);
    return value;
}

/* DecimalSI / DecimalExponent: round up to a multiple of 10^-9. */
static podsim_status parse_decimal_value(const quantity_text *t,
                                         const significand *s,
                                         podsim_quantity *out) {
    int64_t length = significand_length(s);
    decimal d = {t->negative, 0, s->exponent};
    int64_t dropped;
    int64_t kept;
    size_t j;
    if (s->exponent >= -9) {
        if (length > U128_DIGITS) return PODSIM_ERANGE;
        d.magnitude = digits_value(&t->digits, s->first, (size_t)length);
        return quantity_from_decimal(d, t->format, out);
    }
    dropped = -9 - s->exponent;
    kept = length - dropped;
    d.exponent = -9;
    if (kept <= 0) {
        d.magnitude = 1; /* below 1n: rounds up to 1n */
        return quantity_from_decimal(d, t->format, out);
    }
    /* dropped digits end in a non-zero digit, so the kept ones get +1:
       trailing nines carry into the last digit that is not a nine */
    j = s->first + (size_t)kept;
    while (j > s->first && digit_at(&t->digits, j - 1) == 9) j--;
    d.exponent = -9 + (int64_t)(s->first + (size_t)kept - j);
    if (j == s->first) {
        d.magnitude = 1; /* all nines: 10^kept nanos */
        return quantity_from_decimal(d, t->format, out);
    }
    if ((int64_t)(j - s->first) > U128_DIGITS) return PODSIM_ERANGE;
    d.magnitude = digits_value(&t->digits, s->first, j - s->first) + 1;
    return quantity_from_decimal(d, t->format, out);
}

/* ceil(0.f x 2^power) for the fraction digits [from, to) preceded by
   `zeros` zero digits: digits are folded in from the right, keeping the
   integer part (< 2^power) and whether anything was lost. */
static uint64_t fraction_times_power_of_two_ceil(const digit_string *s,
                                                 size_t from, size_t to,
                                                 int64_t zeros, int power) {
    uint64_t integer = 0;
    bool inexact = false;
    for (size_t i = to; i > from; i--) {
        uint64_t folded = ((uint64_t)digit_at(s, i - 1) << power) + integer;
        inexact = inexact || folded % 10 != 0;
        integer = folded / 10;
    }
    for (int64_t i = 0; i < zeros && integer != 0; i++) {
        inexact = inexact || integer % 10 != 0;
        integer /= 10;
    }
    return integer + (inexact ? 1 : 0);
}

/* BinarySI: exact value rounded up to nanos, capped at 2^63-1, and
   DecimalSI below 1. */
static podsim_status parse_binary_value(const quantity_text *t,
                                        const significand *s,
                                        podsim_quantity *out) {
    const u128 cap_nanos = INT64_MAGNITUDE_MAX * NANOS_PER_UNIT;
    int power = t->binary_power;
    int64_t length = significand_length(s);
    int64_t nano_shift = s->exponent + 9;
    int64_t whole_nano_digits = length + nano_shift;
    u128 whole_nanos = 0;
    u128 nanos;
    decimal d = {t->negative, 0, -9};
    if (whole_nano_digits > U128_DIGITS) goto capped;
    if (nano_shift >= 0)
        whole_nanos = digits_value(&t->digits, s->first, (size_t)length) *
                      pow10_u128(nano_shift);
    else if (whole_nano_digits > 0)
        whole_nanos =
            digits_value(&t->digits, s->first, (size_t)whole_nano_digits);
    if (whole_nanos > (U128_MAX >> (power + 1))) goto capped;
    nanos = whole_nanos << power;
    if (nano_shift < 0) {
        size_t from =
            s->first + (size_t)(whole_nano_digits > 0 ? whole_nano_digits : 0);
        int64_t zeros = whole_nano_digits < 0 ? -whole_nano_digits : 0;
        nanos += fraction_times_power_of_two_ceil(&t->digits, from, s->last + 1,
                                                  zeros, power);
    }
    if (nanos > cap_nanos) goto capped;
    d.magnitude = nanos;
    return quantity_from_decimal(d,
                                 nanos < NANOS_PER_UNIT
                                     ? PODSIM_QUANTITY_DECIMAL_SI
                                     : PODSIM_QUANTITY_BINARY_SI,
                                 out);
capped:
    d.magnitude = INT64_MAGNITUDE_MAX;
    d.exponent = 0;
    return quantity_from_decimal(d, PODSIM_QUANTITY_BINARY_SI, out);
}

podsim_status podsim_quantity_parse(const char *text, size_t len,
                                    podsim_quantity *out) {
    quantity_text t;
    significand s;
    podsim_quantity result = {0, 0, PODSIM_QUANTITY_DECIMAL_SI};
    podsim_status status;
    if (!text || !out) return PODSIM_EINVAL;
    status = scan_quantity(text, len, &t);
    if (status != PODSIM_OK) return status;
    if (!find_significand(&t, &s))
        result.format = t.format; /* zero keeps its suffix's format */
    else if (t.binary_power != 0)
        status = parse_binary_value(&t, &s, &result);
    else
        status = parse_decimal_value(&t, &s, &result);
    if (status == PODSIM_OK) *out = result;
    return status;
}

/* ------------------------------------------------------------------ */
/* Canonical string (CanonicalizeBytes)                                */
/* ------------------------------------------------------------------ */

typedef struct text_buffer {
    char text[PODSIM_QUANTITY_STRING_MAX];
    size_t len;
} text_buffer;

static void append_text(text_buffer *b, const char *text) {
    while (*text && b->len + 1 < sizeof b->text) b->text[b->len++] = *text++;
    b->text[b->len] = '\0';
}

static void append_u128(text_buffer *b, u128 value) {
    char digits[U128_DIGITS + 2];
    size_t n = sizeof digits - 1;
    digits[n] = '\0';
    do {
        digits[--n] = (char)('0' + (int)(value % 10));
        value /= 10;
    } while (value != 0);
    append_text(b, digits + n);
}

static void append_int64(text_buffer *b, int64_t value) {
    if (value < 0) append_text(b, "-");
    append_u128(b, value < 0 ? (u128)(-(value + 1)) + 1 : (u128)value);
}

/* Mantissa and exponent with the exponent lowered to a multiple of 3
   (int64Amount.AsCanonicalBytes), then the suffix. */
static void append_decimal_layout(text_buffer *b, decimal d,
                                  podsim_qformat format) {
    int64_t excess = ((d.exponent % 3) + 3) % 3;
    const char *suffix;
    d.magnitude *= pow10_u128(excess);
    d.exponent -= excess;
    append_u128(b, d.magnitude);
    suffix = format == PODSIM_QUANTITY_DECIMAL_SI
                 ? decimal_suffix_for(d.exponent)
                 : NULL;
    if (suffix) {
        append_text(b, suffix);
    } else if (d.exponent != 0) {
        append_text(b, "e");
        append_int64(b, d.exponent);
    }
}

/* BinarySI applies to integers of magnitude >= 1024 (and, in podsim, of at
   most U128_DIGITS digits); *integer receives the magnitude. */
static bool binary_layout_applies(decimal d, u128 *integer) {
    if (d.exponent < 0) return false;
    if (decimal_digit_count(d.magnitude) + d.exponent > U128_DIGITS)
        return false;
    *integer = d.magnitude * pow10_u128(d.exponent);
    return *integer >= 1024;
}

static void append_binary_layout(text_buffer *b, u128 integer) {
    int steps = 0;
    while (steps < BINARY_SI_MAX_STEPS && integer % 1024 == 0) {
        integer /= 1024;
        steps++;
    }
    append_u128(b, integer);
    append_text(b, binary_suffix_for(steps));
}

static void write_canonical(const podsim_quantity *q, text_buffer *b) {
    decimal d = decimal_of(q);
    podsim_qformat format = q->format;
    u128 integer;
    b->len = 0;
    b->text[0] = '\0';
    if (d.magnitude == 0) {
        append_text(b, "0");
        return;
    }
    if (d.negative) append_text(b, "-");
    if (format == PODSIM_QUANTITY_BINARY_SI) {
        if (binary_layout_applies(d, &integer)) {
            append_binary_layout(b, integer);
            return;
        }
        format = PODSIM_QUANTITY_DECIMAL_SI;
    }
    if (format != PODSIM_QUANTITY_DECIMAL_SI)
        format = PODSIM_QUANTITY_DECIMAL_EXPONENT;
    append_decimal_layout(b, d, format);
}

podsim_status podsim_quantity_format(const podsim_quantity *q, char *buf,
                                     size_t cap, size_t *len_out) {
    text_buffer b;
    if (!q || (!buf && cap > 0)) return PODSIM_EINVAL;
    write_canonical(q, &b);
    if (len_out) *len_out = b.len;
    if (b.len + 1 > cap) return PODSIM_ENOSPC;
    memcpy(buf, b.text, b.len + 1);
    return PODSIM_OK;
}

/* ------------------------------------------------------------------ */
/* Reading values back (ScaledValue)                                   */
/* ------------------------------------------------------------------ */

/* ceil(|q| x 10^scale) away from zero, as an int64. */
static podsim_status scaled_value(const podsim_quantity *q, int64_t scale,
                                  int64_t *out) {
    decimal d;
    int64_t shift;
    u128 result;
    u128 limit;
    if (!q || !out) return PODSIM_EINVAL;
    d = decimal_of(q);
    shift = d.exponent + scale;
    if (d.magnitude == 0) {
        result = 0;
    } else if (shift >= 0) {
        if (decimal_digit_count(d.magnitude) + shift > 19) return PODSIM_ERANGE;
        result = d.magnitude * pow10_u128(shift);
    } else if (-shift > 19) {
        result = 1; /* |mantissa| < 10^19: only the rounding unit remains */
    } else {
        u128 divisor = pow10_u128(-shift);
        result = d.magnitude / divisor + (d.magnitude % divisor != 0);
    }
    limit = d.negative ? INT64_MIN_MAGNITUDE : INT64_MAGNITUDE_MAX;
    if (result > limit) return PODSIM_ERANGE;
    if (result == INT64_MIN_MAGNITUDE)
        *out = INT64_MIN;
    else
        *out = d.negative ? -(int64_t)result : (int64_t)result;
    return PODSIM_OK;
}

podsim_status podsim_quantity_milli(const podsim_quantity *q, int64_t *out) {
    return scaled_value(q, 3, out);
}

podsim_status podsim_quantity_value(const podsim_quantity *q, int64_t *out) {
    return scaled_value(q, 0, out);
}

/* ------------------------------------------------------------------ */
/* Arithmetic (Add, Cmp, NewMilliQuantity)                             */
/* ------------------------------------------------------------------ */

podsim_status podsim_quantity_add(const podsim_quantity *a,
                                  const podsim_quantity *b,
                                  podsim_quantity *out) {
    decimal x;
    decimal y;
    decimal sum;
    int64_t shift;
    if (!a || !b || !out) return PODSIM_EINVAL;
    x = decimal_of(a);
    y = decimal_of(b);
    /* upstream: a zero receiver takes the format of the addend */
    if (x.magnitude == 0) return quantity_from_decimal(y, b->format, out);
    if (y.magnitude == 0) return quantity_from_decimal(x, a->format, out);
    if (x.exponent < y.exponent) {
        decimal swap = x;
        x = y;
        y = swap;
    }
    /* normalised operands end in a non-zero digit, so a sum spread over
       20 or more digits cannot fit an int64 mantissa */
    shift = x.exponent - y.exponent;
    if (shift >= 20) return PODSIM_ERANGE;
    x.magnitude *= pow10_u128(shift);
    sum.exponent = y.exponent;
    if (x.negative == y.negative) {
        sum.negative = x.negative;
        sum.magnitude = x.magnitude + y.magnitude;
    } else if (x.magnitude >= y.magnitude) {
        sum.negative = x.negative;
        sum.magnitude = x.magnitude - y.magnitude;
    } else {
        sum.negative = y.negative;
        sum.magnitude = y.magnitude - x.magnitude;
    }
    if (sum.magnitude == 0) sum.negative = false;
    return quantity_from_decimal(sum, a->format, out);
}

static int compare_magnitudes(decimal x, decimal y) {
    int64_t x_order = decimal_digit_count(x.magnitude) + x.exponent;
    int64_t y_order = decimal_digit_count(y.magnitude) + y.exponent;
    if (x_order != y_order) return x_order < y_order ? -1 : 1;
    /* same order of magnitude: the exponents differ by < 20 digits */
    if (x.exponent > y.exponent)
        x.magnitude *= pow10_u128(x.exponent - y.exponent);
    else
        y.magnitude *= pow10_u128(y.exponent - x.exponent);
    if (x.magnitude == y.magnitude) return 0;
    return x.magnitude < y.magnitude ? -1 : 1;
}

static int sign_of(decimal d) {
    if (d.magnitude == 0) return 0;
    return d.negative ? -1 : 1;
}

int podsim_quantity_cmp(const podsim_quantity *a, const podsim_quantity *b) {
    decimal x;
    decimal y;
    if (!a || !b) return (a != NULL) - (b != NULL); /* NULL sorts first */
    x = decimal_of(a);
    y = decimal_of(b);
    if (sign_of(x) != sign_of(y)) return sign_of(x) < sign_of(y) ? -1 : 1;
    if (sign_of(x) == 0) return 0;
    return x.negative ? compare_magnitudes(y, x) : compare_magnitudes(x, y);
}

podsim_quantity podsim_quantity_from_milli(int64_t milli,
                                           podsim_qformat format) {
    decimal d = {milli < 0, magnitude_of(milli), -3};
    podsim_quantity q = {0, 0, format};
    /* cannot fail: the magnitude fits and the exponent is -3..15 */
    (void)quantity_from_decimal(d, format, &q);
    return q;
}

podsim_status podsim_size_parse(const char *text, size_t len,
                                int64_t *bytes_out) {
    if (!text || !bytes_out) return PODSIM_EINVAL;
    /* "500MB" -> "500M", "1GiB" -> "1Gi", "100B" -> "100", "1KB" -> "1k"
       (people write K; resource.Quantity's suffix is k) */
    char buf[PODSIM_QUANTITY_STRING_MAX];
    if (len >= sizeof buf) return PODSIM_EPARSE;
    memcpy(buf, text, len);
    buf[len] = '\0';
    if (len >= 2 && buf[len - 1] == 'B') {
        buf[--len] = '\0';
        if (buf[len - 1] == 'K') buf[len - 1] = 'k';
    }
    podsim_quantity q;
    int64_t bytes = 0;
    if (podsim_quantity_parse(buf, len, &q) != PODSIM_OK ||
        podsim_quantity_value(&q, &bytes) != PODSIM_OK || bytes < 0) {
        return PODSIM_EPARSE;
    }
    *bytes_out = bytes;
    return PODSIM_OK;
}
