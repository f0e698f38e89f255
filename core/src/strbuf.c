/*
 * strbuf.c - growable strings and arrays used by every other module.
 *
 * Out of memory is sticky (strbuf.failed) so that callers building long
 * texts check once at the end instead of after every append.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

void strbuf_init(strbuf *b) {
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->failed = false;
}

void strbuf_release(strbuf *b) {
    free(b->data);
    strbuf_init(b);
}

void strbuf_clear(strbuf *b) {
    b->len = 0;
    b->failed = false;
    if (b->data) b->data[0] = '\0';
}

void strbuf_truncate(strbuf *b, size_t len) {
    if (len < b->len) {
        b->len = len;
        b->data[len] = '\0';
    }
}

static bool strbuf_grow(strbuf *b, size_t extra) {
    if (b->failed) return false;
    size_t need = b->len + extra + 1;
    if (need <= b->cap) return true;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need) cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p) {
        b->failed = true;
        return false;
    }
    b->data = p;
    b->cap = cap;
    return true;
}

void strbuf_append(strbuf *b, const char *s, size_t len) {
    if (!strbuf_grow(b, len)) return;
    if (len) memcpy(b->data + b->len, s, len);
    b->len += len;
    b->data[b->len] = '\0';
}

void strbuf_puts(strbuf *b, const char *s) {
    strbuf_append(b, s, strlen(s));
}

void strbuf_putc(strbuf *b, char c) {
    strbuf_append(b, &c, 1);
}

void strbuf_vprintf(strbuf *b, const char *fmt, va_list ap) {
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0 || !strbuf_grow(b, (size_t)n)) return;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void strbuf_printf(strbuf *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    strbuf_vprintf(b, fmt, ap);
    va_end(ap);
}

const char *strbuf_str(const strbuf *b) {
    return b->data ? b->data : "";
}

/* ---- vec ---------------------------------------------------------------- */

void vec_init(vec *v, size_t elem_size) {
    v->data = NULL;
    v->len = 0;
    v->cap = 0;
    v->elem_size = elem_size;
}

void vec_release(vec *v) {
    free(v->data);
    v->data = NULL;
    v->len = v->cap = 0;
}

bool vec_reserve(vec *v, size_t cap) {
    if (cap <= v->cap) return true;
    if (cap > SIZE_MAX / v->elem_size) return false;
    void *p = realloc(v->data, cap * v->elem_size);
    if (!p) return false;
    v->data = p;
    v->cap = cap;
    return true;
}

bool vec_copy(vec *dst, const vec *src) {
    vec_init(dst, src->elem_size);
    if (!src->len) return true;
    if (!vec_reserve(dst, src->len)) return false;
    memcpy(dst->data, src->data, src->len * src->elem_size);
    dst->len = src->len;
    return true;
}

void *vec_push(vec *v) {
    if (v->len == v->cap && !vec_reserve(v, v->cap ? v->cap * 2 : 16)) {
        return NULL;
    }
    void *p = vec_at(v, v->len++);
    memset(p, 0, v->elem_size);
    return p;
}

/* ---- segvec ------------------------------------------------------------- */

void segvec_init(segvec *v, size_t elem_size) {
    v->chunks = NULL;
    v->chunk_count = v->chunk_cap = 0;
    v->len = 0;
    v->elem_size = elem_size;
}

void segvec_release(segvec *v) {
    for (size_t i = 0; i < v->chunk_count; i++) free(v->chunks[i]);
    free(v->chunks);
    segvec_init(v, v->elem_size);
}

static bool segvec_add_chunk(segvec *v) {
    if (v->chunk_count == v->chunk_cap) {
        size_t cap = v->chunk_cap ? v->chunk_cap * 2 : 8;
        void **p = realloc(v->chunks, cap * sizeof(*p));
        if (!p) return false;
        v->chunks = p;
        v->chunk_cap = cap;
    }
    void *chunk = malloc(SEGVEC_CHUNK_ELEMS * v->elem_size);
    if (!chunk) return false;
    v->chunks[v->chunk_count++] = chunk;
    return true;
}

void *segvec_push(segvec *v) {
    if (v->len == v->chunk_count * SEGVEC_CHUNK_ELEMS && !segvec_add_chunk(v)) {
        return NULL;
    }
    void *p = segvec_at(v, v->len++);
    memset(p, 0, v->elem_size);
    return p;
}
