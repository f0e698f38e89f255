/*
 * arena.c - bump allocation in chunks with marks for rollback.
 *
 * The model of a cluster is append-only during a load; a failed load rolls
 * the arena back to the mark taken before it, which is what makes loads
 * transactional (see loader.c).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

#define ARENA_ALIGN 16u

struct arena_chunk {
    arena_chunk *prev;
    size_t used;
    size_t cap;
    _Alignas(16) unsigned char data[];
};

void arena_init(arena *a, size_t chunk_size) {
    a->head = NULL;
    a->spare = NULL;
    a->chunk_size = chunk_size ? chunk_size : 64u * 1024u;
    a->total = 0;
}

void arena_release(arena *a) {
    arena_chunk *c = a->head;
    while (c) {
        arena_chunk *prev = c->prev;
        free(c);
        c = prev;
    }
    free(a->spare);
    a->head = NULL;
    a->spare = NULL;
    a->total = 0;
}

static size_t align_up(size_t n) {
    return (n + (ARENA_ALIGN - 1)) & ~(size_t)(ARENA_ALIGN - 1);
}

static arena_chunk *arena_add_chunk(arena *a, size_t min_size) {
    size_t cap = a->chunk_size;
    if (min_size > cap) cap = min_size;
    arena_chunk *c;
    if (a->spare && a->spare->cap >= cap) {
        c = a->spare;
        a->spare = NULL;
        cap = c->cap;
    } else {
        c = malloc(sizeof(arena_chunk) + cap);
        if (!c) return NULL;
    }
    c->prev = a->head;
    c->used = 0;
    c->cap = cap;
    a->head = c;
    a->total += cap;
    return c;
}

/* No single object comes near this; refusing larger sizes up front keeps
   the size arithmetic below from overflowing. */
#define ARENA_MAX_OBJECT ((size_t)PTRDIFF_MAX / 2)

void *arena_alloc(arena *a, size_t size) {
    void *p = arena_alloc_uninit(a, size);
    if (p) memset(p, 0, size);
    return p;
}

void *arena_alloc_uninit(arena *a, size_t size) {
    if (size > ARENA_MAX_OBJECT) return NULL;
    size_t need = align_up(size ? size : 1);
    arena_chunk *c = a->head;
    if (!c || c->cap - c->used < need) {
        c = arena_add_chunk(a, need);
        if (!c) return NULL;
    }
    void *p = c->data + c->used;
    c->used += need;
    return p;
}

char *arena_strndup(arena *a, const char *s, size_t len) {
    char *p = arena_alloc(a, len + 1);
    if (!p) return NULL;
    if (len) memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

arena_mark arena_get_mark(const arena *a) {
    arena_mark m;
    m.chunk = a->head;
    m.used = a->head ? a->head->used : 0;
    return m;
}

void arena_rollback(arena *a, arena_mark mark) {
    while (a->head && a->head != mark.chunk) {
        arena_chunk *prev = a->head->prev;
        a->total -= a->head->cap;
        if (!a->spare || a->spare->cap < a->head->cap) {
            free(a->spare);
            a->spare = a->head;
        } else {
            free(a->head);
        }
        a->head = prev;
    }
    if (a->head) a->head->used = mark.used;
}
