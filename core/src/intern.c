/*
 * intern.c - one shared copy of every name, label key and value.
 *
 * Kubernetes dumps repeat the same strings (label keys, image names,
 * namespaces, node names) hundreds of thousands of times; interning keeps
 * memory per pod small and makes equality a pointer comparison.
 *
 * Each string is stored with its length just before its bytes, so strings
 * with embedded NUL bytes (YAML allows "\0") are interned exactly; callers
 * that read them as C strings see the part before the first NUL.
 */
#include <stdlib.h>
#include <string.h>

#include "support.h"

uint32_t hash_bytes(const void *data, size_t len) {
    /* FNV-1a: simple, fast enough for short keys, no seed needed because
       inputs are operator-supplied files, not adversarial network traffic */
    const unsigned char *p = data;
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 16777619u;
    }
    return h;
}

void intern_init(intern_table *t, arena *storage) {
    t->storage = storage;
    t->slots = NULL;
    t->hashes = NULL;
    t->slot_count = 0;
    vec_init(&t->order, sizeof(const char *));
}

void intern_release(intern_table *t) {
    free(t->slots);
    free(t->hashes);
    vec_release(&t->order);
    t->slots = NULL;
    t->hashes = NULL;
    t->slot_count = 0;
}

size_t intern_count(const intern_table *t) {
    return t->order.len;
}

/* The length stored in front of an interned string. */
static size_t stored_len(const char *s) {
    size_t len;
    memcpy(&len, s - sizeof(size_t), sizeof len);
    return len;
}

static size_t find_slot(const intern_table *t, const char *s, size_t len,
                        uint32_t h) {
    size_t mask = t->slot_count - 1;
    size_t i = h & mask;
    while (t->slots[i]) {
        if (t->hashes[i] == h && stored_len(t->slots[i]) == len &&
            memcmp(t->slots[i], s, len) == 0) {
            return i;
        }
        i = (i + 1) & mask;
    }
    return i;
}

static void place(intern_table *t, const char *s, uint32_t h) {
    size_t mask = t->slot_count - 1;
    size_t i = h & mask;
    while (t->slots[i]) i = (i + 1) & mask;
    t->slots[i] = s;
    t->hashes[i] = h;
}

static bool rehash(intern_table *t, size_t slot_count) {
    const char **slots = calloc(slot_count, sizeof(*slots));
    uint32_t *hashes = calloc(slot_count, sizeof(*hashes));
    if (!slots || !hashes) {
        free(slots);
        free(hashes);
        return false;
    }
    free(t->slots);
    free(t->hashes);
    t->slots = slots;
    t->hashes = hashes;
    t->slot_count = slot_count;
    for (size_t i = 0; i < t->order.len; i++) {
        const char *s = *(const char **)vec_at(&t->order, i);
        place(t, s, hash_bytes(s, stored_len(s)));
    }
    return true;
}

const char *intern_lookup(const intern_table *t, const char *s, size_t len) {
    if (!t->slot_count) return NULL;
    size_t i = find_slot(t, s, len, hash_bytes(s, len));
    return t->slots[i];
}

const char *intern_n(intern_table *t, const char *s, size_t len) {
    if ((t->order.len + 1) * 4 > t->slot_count * 3) {
        if (!rehash(t, t->slot_count ? t->slot_count * 2 : 1024)) return NULL;
    }
    uint32_t h = hash_bytes(s, len);
    size_t i = find_slot(t, s, len, h);
    if (t->slots[i]) return t->slots[i];
    const char **entry = vec_push(&t->order);
    if (!entry) return NULL;
    char *block = len <= SIZE_MAX - sizeof(size_t) - 1
                      ? arena_alloc(t->storage, sizeof(size_t) + len + 1)
                      : NULL;
    if (!block) {
        t->order.len--;
        return NULL;
    }
    memcpy(block, &len, sizeof len);
    char *copy = block + sizeof(size_t);
    if (len) memcpy(copy, s, len);
    copy[len] = '\0';
    *entry = copy;
    t->slots[i] = copy;
    t->hashes[i] = h;
    return copy;
}

const char *intern_str(intern_table *t, const char *s) {
    return intern_n(t, s, strlen(s));
}

void intern_rollback(intern_table *t, size_t count) {
    if (count >= t->order.len) return;
    t->order.len = count;
    /* re-placing every survivor is O(n), but only runs when a load fails */
    memset(t->slots, 0, t->slot_count * sizeof(*t->slots));
    for (size_t i = 0; i < t->order.len; i++) {
        const char *s = *(const char **)vec_at(&t->order, i);
        place(t, s, hash_bytes(s, stored_len(s)));
    }
}

bool intern_copy(intern_table *t, const intern_table *src) {
    /* the strings stay where they are (src's storage, kept alive by the
       owner); only the table is copied, so pointer equality still means
       string equality across both */
    if (src->slot_count) {
        t->slots = malloc(src->slot_count * sizeof(*t->slots));
        t->hashes = malloc(src->slot_count * sizeof(*t->hashes));
        if (!t->slots || !t->hashes) return false;
        memcpy(t->slots, src->slots, src->slot_count * sizeof(*t->slots));
        memcpy(t->hashes, src->hashes, src->slot_count * sizeof(*t->hashes));
        t->slot_count = src->slot_count;
    }
    if (!vec_reserve(&t->order, src->order.len ? src->order.len : 1)) {
        return false;
    }
    if (src->order.len) {
        memcpy(t->order.data, src->order.data,
               src->order.len * src->order.elem_size);
    }
    t->order.len = src->order.len;
    return true;
}
