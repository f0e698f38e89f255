/*
 * support.h - private support layer: arena, growable arrays, string
 * buffers and string interning. No Kubernetes knowledge lives here.
 */
#ifndef PODSIM_SUPPORT_H
#define PODSIM_SUPPORT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "podsim.h"

/* ---- arena: bump allocation in chunks, with marks for rollback -------- */

typedef struct arena_chunk arena_chunk;

typedef struct arena {
    arena_chunk *head;  /* newest chunk */
    arena_chunk *spare; /* the largest chunk a rollback freed, kept for
                           reuse: a scratch arena rolled back after every
                           use then allocates nothing in steady state */
    size_t chunk_size;  /* default chunk payload */
    size_t total;       /* bytes reserved in chunks */
} arena;

/** A position to roll back to: everything allocated after it is freed. */
typedef struct arena_mark {
    arena_chunk *chunk;
    size_t used;
} arena_mark;

void arena_init(arena *a, size_t chunk_size);
void arena_release(arena *a);
/** Zeroed, 16-byte aligned memory; NULL when out of memory. */
void *arena_alloc(arena *a, size_t size);
/** As arena_alloc, not zeroed (large scratch arrays filled by the caller). */
void *arena_alloc_uninit(arena *a, size_t size);
/** Copy of `len` bytes plus a NUL; NULL when out of memory. */
char *arena_strndup(arena *a, const char *s, size_t len);
arena_mark arena_get_mark(const arena *a);
void arena_rollback(arena *a, arena_mark mark);

/* ---- vec: a growable array of fixed-size elements --------------------- */

typedef struct vec {
    void *data;
    size_t len;
    size_t cap;
    size_t elem_size;
} vec;

void vec_init(vec *v, size_t elem_size);
void vec_release(vec *v);
/** Pointer to a new zeroed element at the end; NULL when out of memory. */
void *vec_push(vec *v);
bool vec_reserve(vec *v, size_t cap);
/** Initialise dst as a copy of src's elements (a shallow copy of each).
 *  False when out of memory (dst is then empty, or holds its buffer for
 *  vec_release). */
bool vec_copy(vec *dst, const vec *src);
static inline void *vec_at(const vec *v, size_t i) {
    return (char *)v->data + i * v->elem_size;
}

/* ---- segvec: a growable array whose elements never move ---------------- */

/* Elements live in fixed chunks, so growing never copies (no 2x peak while
   a large array reallocates) and pointers to elements stay valid until the
   array is truncated below them. */
#define SEGVEC_CHUNK_ELEMS 1024u

typedef struct segvec {
    void **chunks;
    size_t chunk_count; /* chunks allocated */
    size_t chunk_cap;   /* slots in `chunks` */
    size_t len;
    size_t elem_size;
} segvec;

void segvec_init(segvec *v, size_t elem_size);
void segvec_release(segvec *v);
/** Pointer to a new zeroed element at the end; NULL when out of memory. */
void *segvec_push(segvec *v);
static inline void *segvec_at(const segvec *v, size_t i) {
    return (char *)v->chunks[i / SEGVEC_CHUNK_ELEMS] +
           (i % SEGVEC_CHUNK_ELEMS) * v->elem_size;
}

/* ---- strbuf: a growable NUL-terminated byte string -------------------- */

typedef struct strbuf {
    char *data; /* always NUL-terminated once anything was appended */
    size_t len;
    size_t cap;
    bool failed; /* sticky out-of-memory flag */
} strbuf;

void strbuf_init(strbuf *b);
void strbuf_release(strbuf *b);
void strbuf_clear(strbuf *b);
void strbuf_truncate(strbuf *b, size_t len);
void strbuf_append(strbuf *b, const char *s, size_t len);
void strbuf_puts(strbuf *b, const char *s);
void strbuf_putc(strbuf *b, char c);
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void strbuf_printf(strbuf *b, const char *fmt, ...);
void strbuf_vprintf(strbuf *b, const char *fmt, va_list ap);
/** The text ("" when empty); valid until the next change. */
const char *strbuf_str(const strbuf *b);

/* ---- intern: one shared copy of each string ---------------------------- */

typedef struct intern_table {
    arena *storage;     /* where the strings live */
    const char **slots; /* open addressing, NULL = empty */
    uint32_t *hashes;
    size_t slot_count; /* power of two */
    vec order;         /* const char*, insertion order (for rollback) */
} intern_table;

void intern_init(intern_table *t, arena *storage);
void intern_release(intern_table *t);
/** The interned copy of s[0..len); NULL when out of memory. */
const char *intern_n(intern_table *t, const char *s, size_t len);
const char *intern_str(intern_table *t, const char *s);
/** Existing interned copy or NULL (never inserts). */
const char *intern_lookup(const intern_table *t, const char *s, size_t len);
size_t intern_count(const intern_table *t);
/** Make `t` (freshly initialised) hold the same strings as `src`, without
 *  copying them: src's storage must outlive t. False when out of memory
 *  (t is then released by intern_release as usual). */
bool intern_copy(intern_table *t, const intern_table *src);
/** Forget every string interned after the first `count`. */
void intern_rollback(intern_table *t, size_t count);

uint32_t hash_bytes(const void *data, size_t len);

/** Equal strings: interned strings of one table are equal exactly when
 *  their pointers are, but strings from elsewhere (a scheduler config's
 *  table, a static "") need the bytes; the first byte settles most
 *  unequal pairs without a call. NULL equals only NULL. */
static inline bool same_string(const char *a, const char *b) {
    return a == b || (a && b && a[0] == b[0] && strcmp(a, b) == 0);
}

/* ---- rng: a seeded, reproducible random stream ------------------------- */

/* splitmix64 (Steele, Lea, Flood 2014): tiny state, full period, and the
   same sequence on every platform, so a seed replays a run byte for
   byte. */
static inline uint64_t rng_next(uint64_t *state) {
    uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/** Uniform in [0, n) for n > 0 (rejection sampling, no modulo bias). */
static inline uint64_t rng_below(uint64_t *state, uint64_t n) {
    uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    uint64_t x;
    do x = rng_next(state);
    while (x >= limit);
    return x % n;
}

#endif /* PODSIM_SUPPORT_H */
