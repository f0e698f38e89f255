/*
 * test_intern.c - the private support layer (support.h): string interning,
 * the arena with marks and rollback, strbuf and vec.
 *
 * These are what make a load transactional (a failed load rolls the arena
 * and the intern table back to a mark) and what make name equality a
 * pointer comparison, so the tests check pointer identity, survival of
 * earlier data across growth and rollback, and that nothing later
 * survives. Self-contained: links arena.c, intern.c and strbuf.c only.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "support.h"

/* ------------------------------------------------------------------ */
/* Fixture: an arena and an intern table living in it                 */
/* ------------------------------------------------------------------ */

typedef struct fixture {
    arena mem;
    intern_table strings;
} fixture;

static int setup(void **state) {
    fixture *f = calloc(1, sizeof(*f));
    if (!f) return -1;
    arena_init(&f->mem, 0);
    intern_init(&f->strings, &f->mem);
    *state = f;
    return 0;
}

static int teardown(void **state) {
    fixture *f = *state;
    intern_release(&f->strings);
    arena_release(&f->mem);
    free(f);
    return 0;
}

/* The name of string i of a generated set ("key-000123"). */
static const char *nth(char *buf, size_t cap, size_t i) {
    snprintf(buf, cap, "key-%06zu", i);
    return buf;
}

/* ------------------------------------------------------------------ */
/* hash_bytes                                                          */
/* ------------------------------------------------------------------ */

/* 32-bit FNV-1a, published test vectors. */
static void intern_hash_is_fnv1a(void **state) {
    (void)state;
    assert_int_equal(hash_bytes("", 0), 0x811c9dc5u);
    assert_int_equal(hash_bytes("a", 1), 0xe40c292cu);
    assert_int_equal(hash_bytes("foobar", 6), 0xbf9cf968u);
    /* only len bytes count */
    assert_int_equal(hash_bytes("foobarXYZ", 6), 0xbf9cf968u);
}

/* ------------------------------------------------------------------ */
/* Interning                                                           */
/* ------------------------------------------------------------------ */

static void intern_dedupes_by_pointer(void **state) {
    fixture *f = *state;
    char buf[8];
    const char *a = intern_str(&f->strings, "kubernetes.io/hostname");
    const char *b;
    const char *empty;
    assert_non_null(a);
    assert_string_equal(a, "kubernetes.io/hostname");
    assert_int_equal(intern_count(&f->strings), 1);
    /* the same text from another buffer: the same pointer */
    b = intern_str(&f->strings, "kubernetes.io/hostname");
    assert_ptr_equal(a, b);
    assert_int_equal(intern_count(&f->strings), 1);
    /* the copy is the table's, not the caller's */
    strcpy(buf, "node-1");
    b = intern_str(&f->strings, buf);
    assert_ptr_not_equal(b, buf);
    buf[5] = '2';
    assert_string_equal(b, "node-1");
    assert_ptr_not_equal(intern_str(&f->strings, buf), b);
    assert_int_equal(intern_count(&f->strings), 3);
    /* prefixes and extensions are different strings */
    assert_ptr_not_equal(intern_str(&f->strings, "node-"), b);
    assert_ptr_not_equal(intern_str(&f->strings, "node-10"), b);
    assert_int_equal(intern_count(&f->strings), 5);
    /* the empty string is a string like any other */
    empty = intern_str(&f->strings, "");
    assert_non_null(empty);
    assert_string_equal(empty, "");
    assert_ptr_equal(intern_n(&f->strings, "xyz", 0), empty);
    assert_int_equal(intern_count(&f->strings), 6);
}

/* intern_n takes len bytes and no more; the copy is NUL-terminated. */
static void intern_n_respects_length(void **state) {
    fixture *f = *state;
    const char *a = intern_n(&f->strings, "default/web-0", 7);
    assert_string_equal(a, "default");
    assert_int_equal(strlen(a), 7);
    assert_ptr_equal(intern_str(&f->strings, "default"), a);
    assert_ptr_equal(intern_n(&f->strings, "defaultXYZ", 7), a);
    assert_ptr_not_equal(intern_n(&f->strings, "defaultXYZ", 8), a);
    assert_string_equal(intern_n(&f->strings, "defaultXYZ", 8), "defaultX");
    assert_int_equal(intern_count(&f->strings), 2);
}

/* intern_lookup finds existing strings and never inserts. */
static void intern_lookup_never_inserts(void **state) {
    fixture *f = *state;
    const char *a;
    /* an empty table (no slots yet) */
    assert_null(intern_lookup(&f->strings, "cpu", 3));
    assert_int_equal(intern_count(&f->strings), 0);
    a = intern_str(&f->strings, "cpu");
    assert_ptr_equal(intern_lookup(&f->strings, "cpu", 3), a);
    assert_ptr_equal(intern_lookup(&f->strings, "cpu-x", 3), a);
    assert_null(intern_lookup(&f->strings, "memory", 6));
    assert_null(intern_lookup(&f->strings, "cp", 2));
    assert_null(intern_lookup(&f->strings, "cpus", 4));
    assert_null(intern_lookup(&f->strings, "", 0));
    assert_int_equal(intern_count(&f->strings), 1);
    /* still absent after the lookups */
    assert_null(intern_lookup(&f->strings, "memory", 6));
}

/* 100,000 strings: every rehash keeps each string at its one pointer. */
static void intern_survives_growth(void **state) {
    enum { N = 100000 };
    fixture *f = *state;
    char buf[32];
    const char **first = malloc(N * sizeof(*first));
    size_t slots_seen = 0, rehashes = 0;
    assert_non_null(first);
    for (size_t i = 0; i < N; i++) {
        first[i] = intern_str(&f->strings, nth(buf, sizeof buf, i));
        assert_non_null(first[i]);
        if (f->strings.slot_count != slots_seen) {
            slots_seen = f->strings.slot_count;
            rehashes++;
        }
        /* a string just interned is found again at once */
        assert_ptr_equal(intern_lookup(&f->strings, buf, strlen(buf)),
                         first[i]);
    }
    assert_true(rehashes > 5);
    assert_int_equal(intern_count(&f->strings), N);
    /* power-of-two table, at most 3/4 full */
    assert_int_equal(f->strings.slot_count & (f->strings.slot_count - 1), 0);
    assert_true(N * 4 <= f->strings.slot_count * 3);
    for (size_t i = 0; i < N; i++) {
        nth(buf, sizeof buf, i);
        assert_ptr_equal(intern_lookup(&f->strings, buf, strlen(buf)),
                         first[i]);
        assert_ptr_equal(intern_str(&f->strings, buf), first[i]);
        assert_string_equal(first[i], buf);
    }
    assert_int_equal(intern_count(&f->strings), N);
    assert_null(intern_lookup(&f->strings, "key-100000", 10));
    free(first);
}

/* intern_n takes any bytes: a string with an embedded NUL (JSON "\u0000"
 * in an annotation value reaches it that way) is one string of len bytes,
 * deduplicated before and after the table grows or rolls back. */
static void intern_embedded_nul_survives_rehash(void **state) {
    fixture *f = *state;
    char buf[32];
    const char *a = intern_n(&f->strings, "a\0b", 3);
    const char *c = intern_n(&f->strings, "a\0c", 3);
    assert_non_null(a);
    assert_ptr_not_equal(a, c);
    assert_memory_equal(a, "a\0b", 4);
    assert_ptr_equal(intern_n(&f->strings, "a\0b", 3), a);
    size_t slots = f->strings.slot_count;
    for (size_t i = 0; f->strings.slot_count == slots; i++) {
        assert_non_null(intern_str(&f->strings, nth(buf, sizeof buf, i)));
    }
    size_t count = intern_count(&f->strings);
    assert_ptr_equal(intern_lookup(&f->strings, "a\0b", 3), a);
    assert_ptr_equal(intern_n(&f->strings, "a\0b", 3), a);
    assert_ptr_equal(intern_n(&f->strings, "a\0c", 3), c);
    assert_int_equal(intern_count(&f->strings), count);
    intern_rollback(&f->strings, 2);
    assert_ptr_equal(intern_lookup(&f->strings, "a\0b", 3), a);
    assert_ptr_equal(intern_n(&f->strings, "a\0c", 3), c);
    assert_int_equal(intern_count(&f->strings), 2);
}

/* Rollback forgets every later string and keeps the earlier ones. */
static void intern_rollback_forgets_later_strings(void **state) {
    enum { EARLY = 600, LATE = 5000 };
    fixture *f = *state;
    char buf[32];
    const char *early[EARLY];
    size_t mark;
    for (size_t i = 0; i < EARLY; i++) {
        early[i] = intern_str(&f->strings, nth(buf, sizeof buf, i));
    }
    mark = intern_count(&f->strings);
    assert_int_equal(mark, EARLY);
    /* enough later strings to force rehashes after the mark */
    for (size_t i = EARLY; i < EARLY + LATE; i++) {
        assert_non_null(intern_str(&f->strings, nth(buf, sizeof buf, i)));
    }
    intern_rollback(&f->strings, mark);
    assert_int_equal(intern_count(&f->strings), EARLY);
    for (size_t i = 0; i < EARLY; i++) {
        nth(buf, sizeof buf, i);
        assert_ptr_equal(intern_lookup(&f->strings, buf, strlen(buf)),
                         early[i]);
        assert_ptr_equal(intern_str(&f->strings, buf), early[i]);
    }
    for (size_t i = EARLY; i < EARLY + LATE; i++) {
        nth(buf, sizeof buf, i);
        assert_null(intern_lookup(&f->strings, buf, strlen(buf)));
    }
    assert_int_equal(intern_count(&f->strings), EARLY);
    /* a forgotten string can be interned again, once */
    nth(buf, sizeof buf, EARLY + 7);
    const char *again = intern_str(&f->strings, buf);
    assert_non_null(again);
    assert_ptr_equal(intern_str(&f->strings, buf), again);
    assert_int_equal(intern_count(&f->strings), EARLY + 1);
}

/* Rolling back to the current count or beyond changes nothing. */
static void intern_rollback_noop(void **state) {
    fixture *f = *state;
    const char *a = intern_str(&f->strings, "a");
    const char *b = intern_str(&f->strings, "b");
    intern_rollback(&f->strings, 2);
    intern_rollback(&f->strings, 99);
    assert_int_equal(intern_count(&f->strings), 2);
    assert_ptr_equal(intern_lookup(&f->strings, "a", 1), a);
    assert_ptr_equal(intern_lookup(&f->strings, "b", 1), b);
    intern_rollback(&f->strings, 0);
    assert_int_equal(intern_count(&f->strings), 0);
    assert_null(intern_lookup(&f->strings, "a", 1));
    assert_null(intern_lookup(&f->strings, "b", 1));
}

/* As a failed load does it: roll the table back, then the arena holding
 * the strings. Earlier strings stay valid and findable; re-interning a
 * later one allocates afresh (ASan would catch a stale slot). */
static void intern_rollback_with_arena(void **state) {
    fixture *f = *state;
    char buf[32];
    const char *keep[100];
    for (size_t i = 0; i < 100; i++) {
        keep[i] = intern_str(&f->strings, nth(buf, sizeof buf, i));
    }
    arena_mark m = arena_get_mark(&f->mem);
    size_t count = intern_count(&f->strings);
    size_t total = f->mem.total;
    for (size_t i = 100; i < 50000; i++) {
        assert_non_null(intern_str(&f->strings, nth(buf, sizeof buf, i)));
    }
    assert_true(f->mem.total > total); /* later chunks were added */
    intern_rollback(&f->strings, count);
    arena_rollback(&f->mem, m);
    assert_int_equal(f->mem.total, total);
    for (size_t i = 0; i < 100; i++) {
        nth(buf, sizeof buf, i);
        assert_ptr_equal(intern_str(&f->strings, buf), keep[i]);
        assert_string_equal(keep[i], buf);
    }
    for (size_t i = 100; i < 50000; i += 997) {
        nth(buf, sizeof buf, i);
        assert_null(intern_lookup(&f->strings, buf, strlen(buf)));
        const char *s = intern_str(&f->strings, buf);
        assert_string_equal(s, buf);
    }
}

/* ------------------------------------------------------------------ */
/* Arena                                                               */
/* ------------------------------------------------------------------ */

static void arena_alloc_zeroed_and_aligned(void **state) {
    arena a;
    (void)state;
    arena_init(&a, 256);
    for (size_t size = 0; size < 300; size += 7) {
        unsigned char *p = arena_alloc(&a, size);
        assert_non_null(p);
        assert_int_equal((uintptr_t)p % 16, 0);
        for (size_t i = 0; i < size; i++) assert_int_equal(p[i], 0);
        memset(p, 0xAB, size);
    }
    /* size 0 still gives distinct pointers */
    void *z1 = arena_alloc(&a, 0);
    void *z2 = arena_alloc(&a, 0);
    assert_non_null(z1);
    assert_non_null(z2);
    assert_ptr_not_equal(z1, z2);
    arena_release(&a);
    assert_null(a.head);
    assert_int_equal(a.total, 0);
}

static void arena_default_and_oversized_chunks(void **state) {
    arena a;
    (void)state;
    arena_init(&a, 0);
    assert_int_equal(a.chunk_size, 64u * 1024u);
    assert_null(a.head);
    arena_release(&a);
    arena_init(&a, 64);
    /* bigger than a chunk: gets a chunk of its own */
    unsigned char *big = arena_alloc(&a, 1000);
    assert_non_null(big);
    memset(big, 1, 1000);
    assert_true(a.total >= 1000);
    unsigned char *small = arena_alloc(&a, 16);
    assert_non_null(small);
    assert_true(small + 16 <= big || small >= big + 1000);
    /* an absurd size fails cleanly */
    assert_null(arena_alloc(&a, SIZE_MAX));
    assert_null(arena_alloc(&a, SIZE_MAX - 8));
    arena_release(&a);
}

static void arena_strndup_copies_and_terminates(void **state) {
    arena a;
    (void)state;
    arena_init(&a, 64);
    char *s = arena_strndup(&a, "hello, world", 5);
    assert_string_equal(s, "hello");
    char *e = arena_strndup(&a, NULL, 0);
    assert_non_null(e);
    assert_string_equal(e, "");
    char *l = arena_strndup(&a,
                            "0123456789012345678901234567890123456789"
                            "0123456789012345678901234567890123456789",
                            80);
    assert_int_equal(strlen(l), 80);
    arena_release(&a);
}

/* Rollback frees what came after the mark and reuses its space. */
static void arena_rollback_reuses_space(void **state) {
    arena a;
    (void)state;
    arena_init(&a, 256);
    unsigned char *p1 = arena_alloc(&a, 16);
    memset(p1, 0x11, 16);
    arena_mark m = arena_get_mark(&a);
    size_t total = a.total;
    unsigned char *p2 = arena_alloc(&a, 32);
    memset(p2, 0x22, 32);
    arena_rollback(&a, m);
    unsigned char *p3 = arena_alloc(&a, 32);
    assert_ptr_equal(p3, p2);
    for (size_t i = 0; i < 32; i++) assert_int_equal(p3[i], 0);
    /* across many chunks */
    arena_rollback(&a, m);
    for (int i = 0; i < 50; i++) {
        memset(arena_alloc(&a, 200), 0x33, 200);
    }
    assert_true(a.total > total);
    arena_rollback(&a, m);
    assert_int_equal(a.total, total);
    assert_ptr_equal(arena_alloc(&a, 32), p2);
    /* earlier data untouched */
    for (size_t i = 0; i < 16; i++) assert_int_equal(p1[i], 0x11);
    arena_release(&a);
}

/* A mark taken on an empty arena rolls back to empty. */
static void arena_rollback_to_empty(void **state) {
    arena a;
    (void)state;
    arena_init(&a, 128);
    arena_mark m = arena_get_mark(&a);
    assert_null(m.chunk);
    assert_int_equal(m.used, 0);
    for (int i = 0; i < 10; i++) assert_non_null(arena_alloc(&a, 100));
    arena_rollback(&a, m);
    assert_null(a.head);
    assert_int_equal(a.total, 0);
    assert_non_null(arena_alloc(&a, 8));
    arena_release(&a);
}

/* Nested marks roll back in either order of depth. */
static void arena_nested_marks(void **state) {
    arena a;
    (void)state;
    arena_init(&a, 128);
    char *base = arena_strndup(&a, "base", 4);
    arena_mark outer = arena_get_mark(&a);
    size_t outer_total = a.total;
    char *mid = arena_strndup(&a, "mid", 3);
    arena_mark inner = arena_get_mark(&a);
    for (int i = 0; i < 20; i++) assert_non_null(arena_alloc(&a, 100));
    arena_rollback(&a, inner);
    assert_string_equal(mid, "mid");
    assert_string_equal(base, "base");
    for (int i = 0; i < 20; i++) assert_non_null(arena_alloc(&a, 100));
    arena_rollback(&a, outer);
    assert_int_equal(a.total, outer_total);
    assert_string_equal(base, "base");
    assert_ptr_equal(arena_strndup(&a, "new", 3), mid);
    arena_release(&a);
}

/* ------------------------------------------------------------------ */
/* strbuf                                                              */
/* ------------------------------------------------------------------ */

static void strbuf_starts_empty(void **state) {
    strbuf b;
    (void)state;
    strbuf_init(&b);
    assert_string_equal(strbuf_str(&b), "");
    assert_int_equal(b.len, 0);
    assert_false(b.failed);
    strbuf_clear(&b); /* on a never-allocated buffer */
    strbuf_truncate(&b, 0);
    assert_string_equal(strbuf_str(&b), "");
    strbuf_release(&b);
    assert_null(b.data);
}

static void strbuf_append_and_printf(void **state) {
    strbuf b;
    (void)state;
    strbuf_init(&b);
    strbuf_puts(&b, "Pod ");
    strbuf_printf(&b, "\"%s/%s\"", "default", "web-0");
    strbuf_putc(&b, ' ');
    strbuf_append(&b, "not found, really", 9);
    assert_string_equal(strbuf_str(&b), "Pod \"default/web-0\" not found");
    assert_int_equal(b.len, strlen(strbuf_str(&b)));
    strbuf_printf(&b, " (%d of %zu, %lld)", 3, (size_t)7, (long long)-1);
    assert_string_equal(strbuf_str(&b),
                        "Pod \"default/web-0\" not found (3 of 7, -1)");
    /* empty appends and formats change nothing */
    size_t len = b.len;
    strbuf_append(&b, "ignored", 0);
    strbuf_printf(&b, "%s", "");
    assert_int_equal(b.len, len);
    /* an embedded NUL is kept in len */
    strbuf_clear(&b);
    strbuf_append(&b, "a\0b", 3);
    assert_int_equal(b.len, 3);
    assert_memory_equal(b.data, "a\0b", 4);
    strbuf_release(&b);
}

/* Long output grows the buffer; the text is intact across growth. */
static void strbuf_grows(void **state) {
    strbuf b;
    char want[16]; /* room for any int: -Wformat-truncation */
    (void)state;
    strbuf_init(&b);
    for (int i = 0; i < 5000; i++) strbuf_printf(&b, "%04d,", i);
    assert_false(b.failed);
    assert_int_equal(b.len, 5 * 5000);
    assert_true(b.cap > b.len);
    for (int i = 0; i < 5000; i++) {
        snprintf(want, sizeof want, "%04d,", i);
        assert_memory_equal(b.data + 5 * i, want, 5);
    }
    assert_int_equal(b.data[b.len], '\0');
    /* one printf much longer than the capacity */
    char big[3000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    strbuf_clear(&b);
    strbuf_printf(&b, "[%s]", big);
    assert_int_equal(b.len, sizeof big + 1);
    assert_int_equal(b.data[0], '[');
    assert_int_equal(b.data[b.len - 1], ']');
    strbuf_release(&b);
}

static void strbuf_truncate_and_clear(void **state) {
    strbuf b;
    (void)state;
    strbuf_init(&b);
    strbuf_puts(&b, "node-1,node-2,");
    strbuf_truncate(&b, b.len - 1);
    assert_string_equal(strbuf_str(&b), "node-1,node-2");
    /* longer than the text: no-op */
    strbuf_truncate(&b, 100);
    assert_string_equal(strbuf_str(&b), "node-1,node-2");
    assert_int_equal(b.len, 13);
    strbuf_truncate(&b, 6);
    assert_string_equal(strbuf_str(&b), "node-1");
    strbuf_puts(&b, "!");
    assert_string_equal(strbuf_str(&b), "node-1!");
    size_t cap = b.cap;
    strbuf_clear(&b);
    assert_string_equal(strbuf_str(&b), "");
    assert_int_equal(b.len, 0);
    assert_int_equal(b.cap, cap); /* keeps its memory */
    strbuf_truncate(&b, 0);
    assert_string_equal(strbuf_str(&b), "");
    strbuf_release(&b);
}

static void strbuf_vprintf_wrapper(strbuf *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    strbuf_vprintf(b, fmt, ap);
    va_end(ap);
}

static void strbuf_vprintf_appends(void **state) {
    strbuf b;
    (void)state;
    strbuf_init(&b);
    strbuf_vprintf_wrapper(&b, "%s=%d", "replicas", 3);
    strbuf_vprintf_wrapper(&b, ";%c", 'x');
    assert_string_equal(strbuf_str(&b), "replicas=3;x");
    strbuf_release(&b);
}

/* ------------------------------------------------------------------ */
/* vec                                                                 */
/* ------------------------------------------------------------------ */

typedef struct pair {
    int64_t a;
    int32_t b;
} pair;

static void vec_push_zeroes_and_keeps(void **state) {
    vec v;
    (void)state;
    vec_init(&v, sizeof(pair));
    assert_int_equal(v.len, 0);
    assert_int_equal(v.elem_size, sizeof(pair));
    for (int i = 0; i < 1000; i++) {
        pair *p = vec_push(&v);
        assert_non_null(p);
        assert_int_equal(p->a, 0);
        assert_int_equal(p->b, 0);
        p->a = (int64_t)i * 1000000007;
        p->b = -i;
        assert_ptr_equal(vec_at(&v, (size_t)i), p);
    }
    assert_int_equal(v.len, 1000);
    assert_true(v.cap >= 1000);
    for (size_t i = 0; i < 1000; i++) {
        const pair *p = vec_at(&v, i);
        assert_int_equal(p->a, (int64_t)i * 1000000007);
        assert_int_equal(p->b, -(int32_t)i);
    }
    /* truncating and pushing again gives a zeroed element */
    v.len = 10;
    pair *p = vec_push(&v);
    assert_int_equal(p->a, 0);
    assert_int_equal(p->b, 0);
    assert_int_equal(v.len, 11);
    vec_release(&v);
    assert_null(v.data);
    assert_int_equal(v.len, 0);
    assert_int_equal(v.cap, 0);
}

static void vec_reserve_grows_only(void **state) {
    vec v;
    (void)state;
    vec_init(&v, sizeof(int));
    assert_true(vec_reserve(&v, 100));
    assert_int_equal(v.cap, 100);
    assert_int_equal(v.len, 0);
    void *data = v.data;
    /* smaller or equal: no change */
    assert_true(vec_reserve(&v, 10));
    assert_true(vec_reserve(&v, 100));
    assert_int_equal(v.cap, 100);
    assert_ptr_equal(v.data, data);
    /* pushes within the reservation do not move the data */
    for (int i = 0; i < 100; i++) *(int *)vec_push(&v) = i;
    assert_ptr_equal(v.data, data);
    /* a size whose bytes overflow size_t fails and changes nothing */
    assert_false(vec_reserve(&v, SIZE_MAX / sizeof(int) + 1));
    assert_int_equal(v.cap, 100);
    assert_int_equal(v.len, 100);
    assert_ptr_equal(v.data, data);
    for (int i = 0; i < 100; i++) assert_int_equal(*(int *)vec_at(&v, i), i);
    vec_release(&v);
}

/* A size just below SIZE_MAX: rounded up to 16 it still fits size_t, but
 * a chunk header added to it does not. It must fail like SIZE_MAX does,
 * not return a pointer into a tiny block. Kept last in the list: if it
 * regresses it overruns the heap, which ends the program under ASan. */
static void arena_alloc_near_size_max_fails(void **state) {
    arena a;
    (void)state;
    arena_init(&a, 64);
    for (size_t back = 15; back <= 64; back++) {
        void *p = arena_alloc(&a, SIZE_MAX - back);
        if (p) {
            fail_msg("arena_alloc(SIZE_MAX - %zu) returned a pointer", back);
        }
    }
    arena_release(&a);
}

#define FIXTURE_TEST(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(intern_hash_is_fnv1a),
        FIXTURE_TEST(intern_dedupes_by_pointer),
        FIXTURE_TEST(intern_n_respects_length),
        FIXTURE_TEST(intern_lookup_never_inserts),
        FIXTURE_TEST(intern_survives_growth),
        FIXTURE_TEST(intern_embedded_nul_survives_rehash),
        FIXTURE_TEST(intern_rollback_forgets_later_strings),
        FIXTURE_TEST(intern_rollback_noop),
        FIXTURE_TEST(intern_rollback_with_arena),
        cmocka_unit_test(arena_alloc_zeroed_and_aligned),
        cmocka_unit_test(arena_default_and_oversized_chunks),
        cmocka_unit_test(arena_strndup_copies_and_terminates),
        cmocka_unit_test(arena_rollback_reuses_space),
        cmocka_unit_test(arena_rollback_to_empty),
        cmocka_unit_test(arena_nested_marks),
        cmocka_unit_test(strbuf_starts_empty),
        cmocka_unit_test(strbuf_append_and_printf),
        cmocka_unit_test(strbuf_grows),
        cmocka_unit_test(strbuf_truncate_and_clear),
        cmocka_unit_test(strbuf_vprintf_appends),
        cmocka_unit_test(vec_push_zeroes_and_keeps),
        cmocka_unit_test(vec_reserve_grows_only),
        cmocka_unit_test(arena_alloc_near_size_max_fails),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
