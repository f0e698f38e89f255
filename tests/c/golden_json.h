/*
 * golden_json.h - reading ../shared/golden/scheduler-cases.json in cmocka
 * tests: the file is found through PODSIM_GOLDEN, PODSIM_SHARED_DIR (from
 * the environment or the build) and parsed with libyaml (JSON is YAML).
 * A test calls golden_load(), which skips it when the file is absent.
 *
 * Include after <cmocka.h>. Functions are static inline so that a test
 * using only some of them builds without unused-function warnings.
 */
#ifndef PODSIM_TEST_GOLDEN_JSON_H
#define PODSIM_TEST_GOLDEN_JSON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#define GOLDEN_FILE "golden/scheduler-cases.json"

/* The golden file's path, written into buf when it is built; NULL if none. */
static inline const char *golden_path(char *buf, size_t cap) {
    const char *path = getenv("PODSIM_GOLDEN");
    const char *shared = getenv("PODSIM_SHARED_DIR");
    if (path && *path) return path;
    if (shared && *shared) {
        int n = snprintf(buf, cap, "%s/%s", shared, GOLDEN_FILE);
        return n > 0 && (size_t)n < cap ? buf : NULL;
    }
#if defined(PODSIM_GOLDEN_DEFAULT)
    return PODSIM_GOLDEN_DEFAULT;
#elif defined(PODSIM_SHARED_DIR)
    return PODSIM_SHARED_DIR "/" GOLDEN_FILE;
#else
    return NULL;
#endif
}

/* Loads the golden document into doc, skipping the test when there is
   none. The caller deletes doc with yaml_document_delete. */
static inline void golden_load(yaml_document_t *doc) {
    char buf[4096];
    const char *path = golden_path(buf, sizeof buf);
    FILE *file = path ? fopen(path, "rb") : NULL;
    yaml_parser_t parser;
    int loaded;
    if (!file) skip();
    assert_true(yaml_parser_initialize(&parser));
    yaml_parser_set_input_file(&parser, file);
    loaded = yaml_parser_load(&parser, doc);
    yaml_parser_delete(&parser);
    fclose(file);
    assert_true(loaded);
    assert_non_null(yaml_document_get_root_node(doc));
}

/* The value of `key` in a mapping, or NULL when absent. */
static inline yaml_node_t *json_find(yaml_document_t *doc, yaml_node_t *map,
                                     const char *key) {
    yaml_node_pair_t *pair;
    assert_non_null(map);
    assert_int_equal(map->type, YAML_MAPPING_NODE);
    for (pair = map->data.mapping.pairs.start;
         pair < map->data.mapping.pairs.top; pair++) {
        yaml_node_t *k = yaml_document_get_node(doc, pair->key);
        if (k && k->type == YAML_SCALAR_NODE &&
            strcmp((const char *)k->data.scalar.value, key) == 0)
            return yaml_document_get_node(doc, pair->value);
    }
    return NULL;
}

/* The value of `key`, failing the test when it is absent. */
static inline yaml_node_t *json_get(yaml_document_t *doc, yaml_node_t *map,
                                    const char *key) {
    yaml_node_t *n = json_find(doc, map, key);
    if (!n) fail_msg("golden: missing key \"%s\"", key);
    return n;
}

static inline size_t json_len(yaml_node_t *seq) {
    assert_non_null(seq);
    assert_int_equal(seq->type, YAML_SEQUENCE_NODE);
    return (size_t)(seq->data.sequence.items.top -
                    seq->data.sequence.items.start);
}

static inline yaml_node_t *json_at(yaml_document_t *doc, yaml_node_t *seq,
                                   size_t i) {
    assert_true(i < json_len(seq));
    return yaml_document_get_node(doc, seq->data.sequence.items.start[i]);
}

static inline const char *json_str(yaml_node_t *node) {
    assert_non_null(node);
    assert_int_equal(node->type, YAML_SCALAR_NODE);
    return (const char *)node->data.scalar.value;
}

static inline int json_is_null(yaml_node_t *node) {
    return node->type == YAML_SCALAR_NODE &&
           node->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
           strcmp(json_str(node), "null") == 0;
}

static inline int json_is_true(yaml_node_t *node) {
    return node && node->type == YAML_SCALAR_NODE &&
           strcmp(json_str(node), "true") == 0;
}

#endif /* PODSIM_TEST_GOLDEN_JSON_H */
