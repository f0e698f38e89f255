/*
 * test_quantity.c - podsim's model of Kubernetes resource.Quantity:
 * ParseQuantity, String(), MilliValue(), Value(), Add() and Cmp().
 *
 * Upstream behaviour and test cases: kubernetes/apimachinery at tag v0.34.0,
 * pkg/api/resource/quantity.go, amount.go, suffix.go, math.go and
 * quantity_test.go (TestQuantityParse, TestQuantityParseEmit,
 * TestQuantityString).
 *
 * The golden cases are read at run time from the JSON file named by the
 * environment variable PODSIM_GOLDEN, else golden/scheduler-cases.json in
 * the directory named by the environment variable PODSIM_SHARED_DIR, else
 * by the compile definitions PODSIM_GOLDEN_DEFAULT (the file) or
 * PODSIM_SHARED_DIR (the directory); those tests skip when no readable file
 * is named. The cases below them are self-contained.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "golden_json.h"
#include <yaml.h>

#include "podsim.h"

/* ------------------------------------------------------------------ */
/* Helpers                                                             */
/* ------------------------------------------------------------------ */

static podsim_status parse_text(const char *text, podsim_quantity *out) {
    return podsim_quantity_parse(text, strlen(text), out);
}

static podsim_quantity parsed(const char *text) {
    podsim_quantity q = {0, 0, PODSIM_QUANTITY_DECIMAL_SI};
    assert_int_equal(parse_text(text, &q), PODSIM_OK);
    return q;
}

static podsim_quantity make(int64_t mantissa, int32_t exponent,
                            podsim_qformat format) {
    podsim_quantity q = {mantissa, exponent, format};
    return q;
}

/* The canonical string of q; buf has PODSIM_QUANTITY_STRING_MAX bytes. */
static const char *canonical(const podsim_quantity *q, char *buf) {
    assert_int_equal(
        podsim_quantity_format(q, buf, PODSIM_QUANTITY_STRING_MAX, NULL),
        PODSIM_OK);
    return buf;
}

static void assert_canonical(const char *input, const char *expected) {
    char buf[PODSIM_QUANTITY_STRING_MAX];
    podsim_quantity q = parsed(input);
    assert_string_equal(canonical(&q, buf), expected);
}

static void assert_parses_to(const char *input, int64_t mantissa,
                             int32_t exponent, podsim_qformat format) {
    podsim_quantity q = parsed(input);
    assert_int_equal(q.mantissa, mantissa);
    assert_int_equal(q.exponent, exponent);
    assert_int_equal(q.format, format);
}

static void assert_parse_fails(const char *input, podsim_status expected) {
    podsim_quantity q = make(7, 0, PODSIM_QUANTITY_BINARY_SI);
    assert_int_equal(parse_text(input, &q), expected);
    assert_int_equal(q.mantissa, 7); /* untouched on failure */
}

static int64_t milli_of(const char *input) {
    int64_t milli = 0;
    podsim_quantity q = parsed(input);
    assert_int_equal(podsim_quantity_milli(&q, &milli), PODSIM_OK);
    return milli;
}

static int64_t value_of(const char *input) {
    int64_t value = 0;
    podsim_quantity q = parsed(input);
    assert_int_equal(podsim_quantity_value(&q, &value), PODSIM_OK);
    return value;
}

static const char *sum_of(const char *a, const char *b, char *buf) {
    podsim_quantity x = parsed(a);
    podsim_quantity y = parsed(b);
    podsim_quantity sum;
    assert_int_equal(podsim_quantity_add(&x, &y, &sum), PODSIM_OK);
    return canonical(&sum, buf);
}

static int cmp_of(const char *a, const char *b) {
    podsim_quantity x = parsed(a);
    podsim_quantity y = parsed(b);
    return podsim_quantity_cmp(&x, &y);
}

/* ------------------------------------------------------------------ */
/* Golden JSON, read with libyaml (JSON is YAML)                       */
/* ------------------------------------------------------------------ */

/* ------------------------------------------------------------------ */
/* Golden checks                                                       */
/* ------------------------------------------------------------------ */

static const char *format_name(podsim_qformat format) {
    switch (format) {
    case PODSIM_QUANTITY_DECIMAL_SI: return "DecimalSI";
    case PODSIM_QUANTITY_BINARY_SI: return "BinarySI";
    case PODSIM_QUANTITY_DECIMAL_EXPONENT: return "DecimalExponent";
    }
    return "?";
}

/* 1 when an int64 read-back matches the golden number (null = ERANGE). */
static int int64_matches(podsim_status status, int64_t got, yaml_node_t *want) {
    if (json_is_null(want)) return status == PODSIM_ERANGE;
    return status == PODSIM_OK && got == strtoll(json_str(want), NULL, 10);
}

static int check_golden_quantity(const char *input, yaml_node_t *milli,
                                 yaml_node_t *value, const char *format,
                                 const char *expected) {
    char buf[PODSIM_QUANTITY_STRING_MAX];
    podsim_quantity q;
    int64_t got = 0;
    podsim_status status = parse_text(input, &q);
    int failures = 0;
    if (status != PODSIM_OK) {
        print_error("%s: parse returned %d\n", input, (int)status);
        return 1;
    }
    podsim_quantity_format(&q, buf, sizeof buf, NULL);
    if (strcmp(buf, expected) != 0) {
        print_error("%s: canonical %s, want %s\n", input, buf, expected);
        failures++;
    }
    status = podsim_quantity_milli(&q, &got);
    if (!int64_matches(status, got, milli)) {
        print_error("%s: milli %lld (status %d), want %s\n", input,
                    (long long)got, (int)status, json_str(milli));
        failures++;
    }
    if (value) {
        status = podsim_quantity_value(&q, &got);
        if (!int64_matches(status, got, value)) {
            print_error("%s: value %lld (status %d), want %s\n", input,
                        (long long)got, (int)status, json_str(value));
            failures++;
        }
    }
    if (format && strcmp(format_name(q.format), format) != 0) {
        print_error("%s: format %s, want %s\n", input, format_name(q.format),
                    format);
        failures++;
    }
    return failures;
}

/* quantity: [input, MilliValue or null, canonical String()] */
static void quantity_golden_triples(void **state) {
    yaml_document_t doc;
    yaml_node_t *cases;
    int failures = 0;
    (void)state;
    golden_load(&doc);
    cases = json_get(&doc, yaml_document_get_root_node(&doc), "quantity");
    assert_true(json_len(cases) > 0);
    for (size_t i = 0; i < json_len(cases); i++) {
        yaml_node_t *triple = json_at(&doc, cases, i);
        failures += check_golden_quantity(json_str(json_at(&doc, triple, 0)),
                                          json_at(&doc, triple, 1), NULL, NULL,
                                          json_str(json_at(&doc, triple, 2)));
    }
    yaml_document_delete(&doc);
    assert_int_equal(failures, 0);
}

/* quantity_details.cases: value, milliValue, format and canonical */
static void quantity_golden_details(void **state) {
    yaml_document_t doc;
    yaml_node_t *details;
    yaml_node_t *cases;
    int failures = 0;
    (void)state;
    golden_load(&doc);
    details =
        json_get(&doc, yaml_document_get_root_node(&doc), "quantity_details");
    cases = json_get(&doc, details, "cases");
    assert_true(json_len(cases) > 0);
    for (size_t i = 0; i < json_len(cases); i++) {
        yaml_node_t *c = json_at(&doc, cases, i);
        failures += check_golden_quantity(
            json_str(json_get(&doc, c, "input")),
            json_get(&doc, c, "milliValue"), json_get(&doc, c, "value"),
            json_str(json_get(&doc, c, "format")),
            json_str(json_get(&doc, c, "canonical")));
    }
    yaml_document_delete(&doc);
    assert_int_equal(failures, 0);
}

/* quantity_details.invalid_inputs: every one is PODSIM_EINVAL */
static void quantity_golden_invalid_inputs(void **state) {
    yaml_document_t doc;
    yaml_node_t *details;
    yaml_node_t *inputs;
    int failures = 0;
    (void)state;
    golden_load(&doc);
    details =
        json_get(&doc, yaml_document_get_root_node(&doc), "quantity_details");
    inputs = json_get(&doc, details, "invalid_inputs");
    assert_true(json_len(inputs) > 0);
    for (size_t i = 0; i < json_len(inputs); i++) {
        const char *input = json_str(json_at(&doc, inputs, i));
        podsim_quantity q;
        podsim_status status = parse_text(input, &q);
        if (status != PODSIM_EINVAL) {
            print_error("\"%s\": status %d, want EINVAL\n", input, (int)status);
            failures++;
        }
    }
    yaml_document_delete(&doc);
    assert_int_equal(failures, 0);
}

/* ------------------------------------------------------------------ */
/* Parsing                                                             */
/* ------------------------------------------------------------------ */

static void quantity_parse_suffixes(void **state) {
    (void)state;
    assert_parses_to("1.5", 15, -1, PODSIM_QUANTITY_DECIMAL_SI);
    assert_parses_to("100m", 1, -1, PODSIM_QUANTITY_DECIMAL_SI);
    assert_parses_to("5n", 5, -9, PODSIM_QUANTITY_DECIMAL_SI);
    assert_parses_to("7u", 7, -6, PODSIM_QUANTITY_DECIMAL_SI);
    assert_parses_to("3k", 3, 3, PODSIM_QUANTITY_DECIMAL_SI);
    assert_parses_to("12E", 12, 18, PODSIM_QUANTITY_DECIMAL_SI);
    assert_parses_to("1Ki", 1024, 0, PODSIM_QUANTITY_BINARY_SI);
    assert_parses_to("1.5Gi", 1610612736, 0, PODSIM_QUANTITY_BINARY_SI);
    assert_parses_to("1e3", 1, 3, PODSIM_QUANTITY_DECIMAL_EXPONENT);
    assert_parses_to("1E-3", 1, -3, PODSIM_QUANTITY_DECIMAL_EXPONENT);
    assert_parses_to("1.3E+6", 13, 5, PODSIM_QUANTITY_DECIMAL_EXPONENT);
    assert_parses_to("1.7E18", 17, 17, PODSIM_QUANTITY_DECIMAL_EXPONENT);
    assert_parses_to(".5", 5, -1, PODSIM_QUANTITY_DECIMAL_SI);
    assert_parses_to("1.", 1, 0, PODSIM_QUANTITY_DECIMAL_SI);
    assert_parses_to("1.G", 1, 9, PODSIM_QUANTITY_DECIMAL_SI);
}

static void quantity_parse_sign_and_leading_zeros(void **state) {
    (void)state;
    assert_parses_to("+1", 1, 0, PODSIM_QUANTITY_DECIMAL_SI);
    assert_parses_to("+1.5Gi", 1610612736, 0, PODSIM_QUANTITY_BINARY_SI);
    assert_parses_to("-1.5Gi", -1610612736, 0, PODSIM_QUANTITY_BINARY_SI);
    assert_parses_to("-100m", -1, -1, PODSIM_QUANTITY_DECIMAL_SI);
    assert_parses_to("00", 0, 0, PODSIM_QUANTITY_DECIMAL_SI);
    assert_parses_to("-0", 0, 0, PODSIM_QUANTITY_DECIMAL_SI);
    assert_parses_to("+0.000", 0, 0, PODSIM_QUANTITY_DECIMAL_SI);
    assert_parses_to("0Ki", 0, 0, PODSIM_QUANTITY_BINARY_SI);
    assert_parses_to("0e7", 0, 0, PODSIM_QUANTITY_DECIMAL_EXPONENT);
    assert_parses_to("000123.4500k", 12345, 1, PODSIM_QUANTITY_DECIMAL_SI);
    assert_canonical("00", "0");
    assert_canonical("+1", "1");
    assert_canonical("+1.5Gi", "1536Mi");
    assert_canonical("-1.5Gi", "-1536Mi");
    assert_canonical("-0", "0");
}

static void quantity_parse_rounds_up_to_nano(void **state) {
    (void)state;
    assert_parses_to("3.001n", 4, -9, PODSIM_QUANTITY_DECIMAL_SI);
    assert_parses_to("0.0000000001", 1, -9, PODSIM_QUANTITY_DECIMAL_SI);
    assert_parses_to("1.1E-9", 2, -9, PODSIM_QUANTITY_DECIMAL_EXPONENT);
    assert_parses_to("-3.001n", -4, -9, PODSIM_QUANTITY_DECIMAL_SI);
    assert_parses_to("1e-400", 1, -9, PODSIM_QUANTITY_DECIMAL_EXPONENT);
    /* a carry through nines: 0.9999999999 -> 1, 1.9999999999 -> 2 */
    assert_parses_to("0.9999999999", 1, 0, PODSIM_QUANTITY_DECIMAL_SI);
    assert_parses_to("1.9999999999", 2, 0, PODSIM_QUANTITY_DECIMAL_SI);
    assert_parses_to("0.1999999999", 2, -1, PODSIM_QUANTITY_DECIMAL_SI);
    /* many digits beyond nano still round exactly */
    assert_parses_to("99999999999999999999999.9999999999", 1, 23,
                     PODSIM_QUANTITY_DECIMAL_SI);
    assert_canonical("0.00000012345", "124n");
    assert_canonical("1.5", "1500m");
}

static void quantity_parse_binary_cap_and_below_one(void **state) {
    (void)state;
    assert_parses_to("9Ei", INT64_MAX, 0, PODSIM_QUANTITY_BINARY_SI);
    assert_parses_to("8Ei", INT64_MAX, 0, PODSIM_QUANTITY_BINARY_SI);
    assert_parses_to("-8Ei", -INT64_MAX, 0, PODSIM_QUANTITY_BINARY_SI);
    assert_parses_to("9223372036854775807Ki", INT64_MAX, 0,
                     PODSIM_QUANTITY_BINARY_SI);
    assert_parses_to("123456789012345678901234567890Ki", INT64_MAX, 0,
                     PODSIM_QUANTITY_BINARY_SI);
    assert_parses_to("7Ei", INT64_C(8070450532247928832), 0,
                     PODSIM_QUANTITY_BINARY_SI);
    /* BinarySI below 1 becomes DecimalSI, rounded up to nano */
    assert_parses_to("0.000000000001Ki", 2, -9, PODSIM_QUANTITY_DECIMAL_SI);
    assert_parses_to("-0.9Ki", -9216, -1, PODSIM_QUANTITY_BINARY_SI);
    assert_parses_to("0.0009765625Ki", 1, 0, PODSIM_QUANTITY_BINARY_SI);
    assert_parses_to("0.0001Ki", 1024, -4, PODSIM_QUANTITY_DECIMAL_SI);
    assert_canonical(".000001Ki", "1024u");
    assert_canonical(".001Ki", "1024m");
    assert_canonical("307200Ki", "300Mi");
    assert_canonical("100.035Ki", "102435840m");
}

static void quantity_parse_rejects_malformed(void **state) {
    static const char *const invalid[] = {
        "",
        " 1",
        "1 ",
        ".",
        "+",
        "-",
        "Ki",
        "k",
        "e3",
        "1K",
        "1ki",
        "1KI",
        "1KiB",
        "1Zi",
        "1i",
        ".5i",
        "0.1mi",
        "0.1am",
        "1e",
        "1e+",
        "1e-",
        "1e1.5",
        "1e.5",
        "1e3k",
        "1E3Ki",
        "1e+-3",
        "1..5",
        "1.1.M",
        "1+1.0M",
        "1-",
        "++1",
        "1,5",
        "1_000",
        "0x10",
        "Inf",
        "NaN",
        "aoeu",
        "-3.01e-",
        "1e9223372036854775808",
        "0e99999999999999999999",
    };
    (void)state;
    for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++)
        assert_parse_fails(invalid[i], PODSIM_EINVAL);
}

static void quantity_parse_respects_length(void **state) {
    podsim_quantity q;
    (void)state;
    assert_int_equal(podsim_quantity_parse("100mXYZ", 4, &q), PODSIM_OK);
    assert_int_equal(q.mantissa, 1);
    assert_int_equal(q.exponent, -1);
    assert_int_equal(podsim_quantity_parse("1\0", 2, &q), PODSIM_EINVAL);
    assert_int_equal(podsim_quantity_parse("100", 0, &q), PODSIM_EINVAL);
    assert_int_equal(podsim_quantity_parse(NULL, 0, &q), PODSIM_EINVAL);
    assert_int_equal(podsim_quantity_parse("1", 1, NULL), PODSIM_EINVAL);
}

static void quantity_parse_erange(void **state) {
    (void)state;
    /* more significant digits than an int64 mantissa holds */
    assert_parse_fails("12345678901234567891", PODSIM_ERANGE);
    assert_parse_fails("9223372036854775808", PODSIM_ERANGE);
    assert_parse_fails("12345678901.123456789", PODSIM_ERANGE);
    assert_parse_fails("9223372036854775807.5", PODSIM_ERANGE);
    /* an exponent beyond int32 */
    assert_parse_fails("1e2147483648", PODSIM_ERANGE);
    assert_parse_fails("1e9223372036854775807", PODSIM_ERANGE);
    /* these fit: 19 digits, or trailing zeros moved to the exponent */
    assert_parses_to("9223372036854775807", INT64_MAX, 0,
                     PODSIM_QUANTITY_DECIMAL_SI);
    assert_parses_to("-9223372036854775808", INT64_MIN, 0,
                     PODSIM_QUANTITY_DECIMAL_SI);
    assert_parses_to("12345678901234567890000", INT64_C(1234567890123456789), 4,
                     PODSIM_QUANTITY_DECIMAL_SI);
    assert_parses_to("1e2147483647", 1, INT32_MAX,
                     PODSIM_QUANTITY_DECIMAL_EXPONENT);
    assert_parses_to("0e9223372036854775807", 0, 0,
                     PODSIM_QUANTITY_DECIMAL_EXPONENT);
}

/* ------------------------------------------------------------------ */
/* Canonical string                                                    */
/* ------------------------------------------------------------------ */

static void quantity_format_canonical_strings(void **state) {
    static const char *const pairs[][2] = {
        {"1024Mi", "1Gi"},
        {"1000M", "1G"},
        {".001Ki", "1024m"},
        {".000001Ki", "1024u"},
        {".000000001Ki", "1024n"},
        {".000000000001Ki", "2n"},
        {"5000m", "5"},
        {"0.5", "500m"},
        {"1080000000n", "1080m"},
        {".001e12", "1e9"},
        {"0.001e0", "1e-3"},
        {"1000e-12", "1e-9"},
        {"00", "0"},
        {"307200Ki", "300Mi"},
        {"1025024Mi", "1001Gi"},
        {"1.5", "1500m"},
        {"1.7E18", "1700e15"},
        {"1e14", "100e12"},
        {"1.01E", "1010P"},
        {"0.001T", "1G"},
        {"1025", "1025"},
        {"0.5Mi", "512Ki"},
        {"1536Mi", "1536Mi"},
        {"1.5Gi", "1536Mi"},
        {"1Ei", "1Ei"},
        {"1E-3", "1e-3"},
        {"-1Ki", "-1Ki"},
        {"-1023Ki", "-1023Ki"},
        {"-2048", "-2048"},
        {"9Ei", "9223372036854775807"},
        {"1.2345", "1234500u"},
        {"-0.5e-9", "-1e-9"},
    };
    (void)state;
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
        assert_canonical(pairs[i][0], pairs[i][1]);
}

static void quantity_format_of_constructed_values(void **state) {
    char buf[PODSIM_QUANTITY_STRING_MAX];
    podsim_quantity q;
    (void)state;
    /* BinarySI: below 1024 or fractional prints as DecimalSI */
    q = make(5, 0, PODSIM_QUANTITY_BINARY_SI);
    assert_string_equal(canonical(&q, buf), "5");
    q = make(-1023, 0, PODSIM_QUANTITY_BINARY_SI);
    assert_string_equal(canonical(&q, buf), "-1023");
    q = make(-1024, 0, PODSIM_QUANTITY_BINARY_SI);
    assert_string_equal(canonical(&q, buf), "-1Ki");
    q = make(20481, -1, PODSIM_QUANTITY_BINARY_SI);
    assert_string_equal(canonical(&q, buf), "2048100m");
    /* BinarySI stops at Ei */
    q = make(INT64_C(4611686018427387904), 8, PODSIM_QUANTITY_BINARY_SI);
    assert_string_equal(canonical(&q, buf), "400000000Ei");
    /* a DecimalSI exponent beyond E has no suffix: written as e<exp> */
    q = parsed("1000E");
    assert_string_equal(canonical(&q, buf), "1e21");
    q = make(1, -12, PODSIM_QUANTITY_DECIMAL_SI);
    assert_string_equal(canonical(&q, buf), "1e-12");
    /* extremes still fit PODSIM_QUANTITY_STRING_MAX */
    q = make(INT64_MIN, INT32_MIN, PODSIM_QUANTITY_DECIMAL_SI);
    assert_string_equal(canonical(&q, buf),
                        "-92233720368547758080e-2147483649");
    q = make(INT64_MAX, INT32_MAX, PODSIM_QUANTITY_BINARY_SI);
    assert_string_equal(canonical(&q, buf), "92233720368547758070e2147483646");
    /* not normalised input: trailing zeros are moved out first */
    q = make(1000, 0, PODSIM_QUANTITY_DECIMAL_SI);
    assert_string_equal(canonical(&q, buf), "1k");
    /* an unknown format prints as DecimalExponent, as upstream */
    q = make(15, 2, (podsim_qformat)42);
    assert_string_equal(canonical(&q, buf), "1500");
    q = make(15, 4, (podsim_qformat)42);
    assert_string_equal(canonical(&q, buf), "150e3");
}

static void quantity_format_enospc(void **state) {
    char buf[8];
    size_t len = 99;
    podsim_quantity q = parsed("1536Mi");
    (void)state;
    assert_int_equal(podsim_quantity_format(&q, NULL, 0, &len), PODSIM_ENOSPC);
    assert_int_equal(len, 6);
    assert_int_equal(podsim_quantity_format(&q, buf, 6, &len), PODSIM_ENOSPC);
    assert_int_equal(len, 6);
    assert_int_equal(podsim_quantity_format(&q, buf, 7, &len), PODSIM_OK);
    assert_string_equal(buf, "1536Mi");
    assert_int_equal(podsim_quantity_format(&q, buf, 7, NULL), PODSIM_OK);
    assert_int_equal(podsim_quantity_format(NULL, buf, 7, &len), PODSIM_EINVAL);
    assert_int_equal(podsim_quantity_format(&q, NULL, 7, &len), PODSIM_EINVAL);
}

/* ------------------------------------------------------------------ */
/* Reading values back                                                 */
/* ------------------------------------------------------------------ */

static void quantity_milli_and_value(void **state) {
    (void)state;
    assert_int_equal(milli_of("1.5"), 1500);
    assert_int_equal(value_of("1.5"), 2);
    assert_int_equal(milli_of("1Ki"), 1024000);
    assert_int_equal(value_of("100m"), 1);
    assert_int_equal(milli_of("1n"), 1);
    assert_int_equal(milli_of("1080u"), 2);
    assert_int_equal(value_of("0"), 0);
    assert_int_equal(milli_of("0Ki"), 0);
    /* negatives round away from zero */
    assert_int_equal(value_of("-1.5"), -2);
    assert_int_equal(milli_of("-1n"), -1);
    assert_int_equal(value_of("-100m"), -1);
    /* the int64 rails */
    assert_int_equal(value_of("9Ei"), INT64_MAX);
    assert_int_equal(value_of("-9223372036854775808"), INT64_MIN);
    assert_int_equal(milli_of("9223372036854775807m"), INT64_MAX);
    assert_int_equal(milli_of("9223372036854775.807"), INT64_MAX);
    assert_int_equal(value_of("1e-400"), 1);
}

static void quantity_milli_and_value_overflow(void **state) {
    int64_t out = 42;
    podsim_quantity q;
    (void)state;
    q = parsed("9Ei");
    assert_int_equal(podsim_quantity_milli(&q, &out), PODSIM_ERANGE);
    q = parsed("9223372036854776");
    assert_int_equal(podsim_quantity_milli(&q, &out), PODSIM_ERANGE);
    q = parsed("-9223372036854776");
    assert_int_equal(podsim_quantity_milli(&q, &out), PODSIM_ERANGE);
    q = parsed("9223372036854775.81");
    assert_int_equal(podsim_quantity_milli(&q, &out), PODSIM_ERANGE);
    q = parsed("12E");
    assert_int_equal(podsim_quantity_value(&q, &out), PODSIM_ERANGE);
    q = parsed("1e2147483647");
    assert_int_equal(podsim_quantity_value(&q, &out), PODSIM_ERANGE);
    assert_int_equal(out, 42);
    q = parsed("1E");
    assert_int_equal(podsim_quantity_value(&q, &out), PODSIM_OK);
    assert_int_equal(out, INT64_C(1000000000000000000));
    assert_int_equal(podsim_quantity_value(NULL, &out), PODSIM_EINVAL);
    assert_int_equal(podsim_quantity_milli(&q, NULL), PODSIM_EINVAL);
}

/* ------------------------------------------------------------------ */
/* Arithmetic                                                          */
/* ------------------------------------------------------------------ */

static void quantity_add(void **state) {
    char buf[PODSIM_QUANTITY_STRING_MAX];
    podsim_quantity a;
    podsim_quantity b;
    podsim_quantity sum;
    (void)state;
    assert_string_equal(sum_of("1", "500m", buf), "1500m");
    assert_string_equal(sum_of("1Gi", "512Mi", buf), "1536Mi");
    assert_string_equal(sum_of("100m", "-100m", buf), "0");
    assert_string_equal(sum_of("1", "-1.5", buf), "-500m");
    assert_string_equal(sum_of("1k", "1e3", buf), "2k");
    assert_string_equal(sum_of("1e3", "1k", buf), "2e3");
    assert_string_equal(sum_of("1", "1E", buf), "1000000000000000001");
    /* the format is a's, unless a is zero (then b's, as upstream) */
    a = parsed("1Ki");
    b = parsed("1k");
    assert_int_equal(podsim_quantity_add(&a, &b, &sum), PODSIM_OK);
    assert_int_equal(sum.format, PODSIM_QUANTITY_BINARY_SI);
    assert_int_equal(sum.mantissa, 2024);
    a = parsed("0");
    b = parsed("2Ki");
    assert_int_equal(podsim_quantity_add(&a, &b, &sum), PODSIM_OK);
    assert_int_equal(sum.format, PODSIM_QUANTITY_BINARY_SI);
    assert_string_equal(canonical(&sum, buf), "2Ki");
    a = parsed("2Ki");
    b = parsed("0e3");
    assert_int_equal(podsim_quantity_add(&a, &b, &sum), PODSIM_OK);
    assert_int_equal(sum.format, PODSIM_QUANTITY_BINARY_SI);
    /* the sum is normalised */
    a = parsed("150m");
    b = parsed("850m");
    assert_int_equal(podsim_quantity_add(&a, &b, &sum), PODSIM_OK);
    assert_int_equal(sum.mantissa, 1);
    assert_int_equal(sum.exponent, 0);
    /* the output may alias an input */
    a = parsed("1");
    assert_int_equal(podsim_quantity_add(&a, &a, &a), PODSIM_OK);
    assert_int_equal(a.mantissa, 2);
}

static void quantity_add_overflow(void **state) {
    podsim_quantity a;
    podsim_quantity b;
    podsim_quantity sum = make(42, 0, PODSIM_QUANTITY_DECIMAL_SI);
    (void)state;
    a = parsed("9Ei");
    b = parsed("1");
    assert_int_equal(podsim_quantity_add(&a, &b, &sum), PODSIM_ERANGE);
    a = parsed("1E");
    b = parsed("10n");
    assert_int_equal(podsim_quantity_add(&a, &b, &sum), PODSIM_ERANGE);
    a = parsed("1e2147483647");
    b = parsed("9e2147483647");
    assert_int_equal(podsim_quantity_add(&a, &b, &sum), PODSIM_ERANGE);
    assert_int_equal(sum.mantissa, 42); /* untouched on failure */
    /* cancellation brings a sum back into range */
    a = parsed("9Ei");
    b = parsed("-9223372036854775806");
    assert_int_equal(podsim_quantity_add(&a, &b, &sum), PODSIM_OK);
    assert_int_equal(sum.mantissa, 1);
    assert_int_equal(podsim_quantity_add(NULL, &b, &sum), PODSIM_EINVAL);
}

static void quantity_cmp(void **state) {
    podsim_quantity a;
    podsim_quantity b;
    (void)state;
    assert_int_equal(cmp_of("1", "1000m"), 0);
    assert_int_equal(cmp_of("1Ki", "1024"), 0);
    assert_int_equal(cmp_of("1Ki", "1k"), 1);
    assert_int_equal(cmp_of("999m", "1"), -1);
    assert_int_equal(cmp_of("-1", "1n"), -1);
    assert_int_equal(cmp_of("-2", "-1"), -1);
    assert_int_equal(cmp_of("-1n", "0"), -1);
    assert_int_equal(cmp_of("0", "0Ki"), 0);
    assert_int_equal(cmp_of("12E", "9Ei"), 1);
    assert_int_equal(cmp_of("1e2147483647", "9Ei"), 1);
    assert_int_equal(cmp_of("1n", "1e-400"), 0);
    assert_int_equal(cmp_of("1000000000000000001", "1E"), 1);
    assert_int_equal(cmp_of("1000000000000000001n", "1E"), -1);
    /* format ignored, normalisation not required */
    a = make(1000, -3, PODSIM_QUANTITY_BINARY_SI);
    b = make(1, 0, PODSIM_QUANTITY_DECIMAL_EXPONENT);
    assert_int_equal(podsim_quantity_cmp(&a, &b), 0);
    a = make(INT64_MIN, 0, PODSIM_QUANTITY_DECIMAL_SI);
    b = make(-INT64_MAX, 0, PODSIM_QUANTITY_DECIMAL_SI);
    assert_int_equal(podsim_quantity_cmp(&a, &b), -1);
    assert_int_equal(podsim_quantity_cmp(&b, &a), 1);
}

static void quantity_from_milli(void **state) {
    char buf[PODSIM_QUANTITY_STRING_MAX];
    podsim_quantity q;
    int64_t milli = 0;
    (void)state;
    q = podsim_quantity_from_milli(1500, PODSIM_QUANTITY_DECIMAL_SI);
    assert_int_equal(q.mantissa, 15);
    assert_int_equal(q.exponent, -1);
    assert_string_equal(canonical(&q, buf), "1500m");
    q = podsim_quantity_from_milli(0, PODSIM_QUANTITY_BINARY_SI);
    assert_int_equal(q.mantissa, 0);
    assert_int_equal(q.exponent, 0);
    assert_int_equal(q.format, PODSIM_QUANTITY_BINARY_SI);
    q = podsim_quantity_from_milli(2048000, PODSIM_QUANTITY_BINARY_SI);
    assert_string_equal(canonical(&q, buf), "2Ki");
    q = podsim_quantity_from_milli(500, PODSIM_QUANTITY_BINARY_SI);
    assert_int_equal(q.format, PODSIM_QUANTITY_BINARY_SI);
    assert_string_equal(canonical(&q, buf), "500m");
    q = podsim_quantity_from_milli(-250, PODSIM_QUANTITY_DECIMAL_EXPONENT);
    assert_string_equal(canonical(&q, buf), "-250e-3");
    q = podsim_quantity_from_milli(INT64_MIN, PODSIM_QUANTITY_DECIMAL_SI);
    assert_int_equal(podsim_quantity_milli(&q, &milli), PODSIM_OK);
    assert_int_equal(milli, INT64_MIN);
    q = podsim_quantity_from_milli(INT64_MAX, PODSIM_QUANTITY_DECIMAL_SI);
    assert_int_equal(podsim_quantity_milli(&q, &milli), PODSIM_OK);
    assert_int_equal(milli, INT64_MAX);
    assert_int_equal(cmp_of("1.5", "1500m"), 0);
}

/* Sizes as people write them (image sizes in scenarios and the bindings):
   a quantity, a trailing B allowed, K meaning k. */
static void quantity_size_parse(void **state) {
    (void)state;
    static const struct {
        const char *text;
        int64_t bytes;
    } ok[] = {{"500MB", 500000000}, {"500M", 500000000}, {"1GiB", 1073741824},
              {"1KB", 1000},        {"100B", 100},       {"1048576", 1048576},
              {"1.5G", 1500000000}, {"200Mi", 209715200}};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        int64_t v = -1;
        assert_int_equal(podsim_size_parse(ok[i].text, strlen(ok[i].text), &v),
                         PODSIM_OK);
        assert_int_equal(v, ok[i].bytes);
    }
    static const char *const bad[] = {"", "B", "-1", "1XB", "ten", "1 MB"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int64_t v = 0;
        assert_int_equal(podsim_size_parse(bad[i], strlen(bad[i]), &v),
                         PODSIM_EPARSE);
    }
    int64_t v;
    assert_int_equal(podsim_size_parse(NULL, 0, &v), PODSIM_EINVAL);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(quantity_golden_triples),
        cmocka_unit_test(quantity_golden_details),
        cmocka_unit_test(quantity_golden_invalid_inputs),
        cmocka_unit_test(quantity_parse_suffixes),
        cmocka_unit_test(quantity_parse_sign_and_leading_zeros),
        cmocka_unit_test(quantity_parse_rounds_up_to_nano),
        cmocka_unit_test(quantity_parse_binary_cap_and_below_one),
        cmocka_unit_test(quantity_parse_rejects_malformed),
        cmocka_unit_test(quantity_parse_respects_length),
        cmocka_unit_test(quantity_parse_erange),
        cmocka_unit_test(quantity_format_canonical_strings),
        cmocka_unit_test(quantity_format_of_constructed_values),
        cmocka_unit_test(quantity_format_enospc),
        cmocka_unit_test(quantity_milli_and_value),
        cmocka_unit_test(quantity_milli_and_value_overflow),
        cmocka_unit_test(quantity_add),
        cmocka_unit_test(quantity_add_overflow),
        cmocka_unit_test(quantity_cmp),
        cmocka_unit_test(quantity_from_milli),
        cmocka_unit_test(quantity_size_parse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
