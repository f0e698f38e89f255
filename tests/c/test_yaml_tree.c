/*
 * test_yaml_tree.c - libyaml events to trees: positions, nulls, anchors,
 * merge keys, duplicate keys, limits and streamed list items.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "yaml_tree.h"

typedef struct seen {
    int items;
    int documents;
    char names[8][32];
    int root_pairs;
    int root_line;
    bool keep;
    const yt_node *kept;
} seen;

static podsim_status on_item(void *ctx, const yt_node *item, bool *keep) {
    seen *s = ctx;
    const yt_node *name = yt_get(item, "name");
    if (s->items < 8 && name) {
        strncpy(s->names[s->items], name->str, 31);
    }
    s->items++;
    if (s->keep) {
        *keep = true;
        s->kept = item;
    }
    return PODSIM_OK;
}

static podsim_status on_document(void *ctx, const yt_node *root) {
    seen *s = ctx;
    s->documents++;
    s->root_pairs = root->type == YT_MAP ? (int)root->count : -1;
    s->root_line = root->line;
    if (s->kept) {
        /* a kept item is still readable when its document ends */
        assert_non_null(yt_get(s->kept, "name"));
    }
    return PODSIM_OK;
}

typedef struct tree_fixture {
    podsim_cluster *c;
    seen s;
    const yt_node *root;
} tree_fixture;

static int setup(void **state) {
    tree_fixture *f = calloc(1, sizeof(*f));
    assert_int_equal(podsim_cluster_new(NULL, &f->c), PODSIM_OK);
    *state = f;
    return 0;
}

static int teardown(void **state) {
    tree_fixture *f = *state;
    podsim_cluster_free(f->c);
    free(f);
    return 0;
}

static podsim_status parse(tree_fixture *f, const char *text) {
    yt_input in = {text, strlen(text), NULL, "t.yaml"};
    yt_handler h = {&f->s, on_item, on_document};
    return yt_parse(f->c, &in, &h);
}

/* A handler that checks one document's tree in place. */
typedef void (*tree_check)(const yt_node *root);
typedef struct check_ctx {
    tree_check check;
    int calls;
} check_ctx;

static podsim_status check_document(void *ctx, const yt_node *root) {
    check_ctx *cc = ctx;
    cc->calls++;
    cc->check(root);
    return PODSIM_OK;
}

static podsim_status no_items(void *ctx, const yt_node *item, bool *keep) {
    (void)ctx;
    (void)item;
    (void)keep;
    fail_msg("no items expected");
    return PODSIM_OK;
}

static void parse_and_check(podsim_cluster *c, const char *text,
                            tree_check check) {
    check_ctx cc = {check, 0};
    yt_input in = {text, strlen(text), NULL, "t.yaml"};
    yt_handler h = {&cc, no_items, check_document};
    assert_int_equal(yt_parse(c, &in, &h), PODSIM_OK);
    assert_int_equal(cc.calls, 1);
}

static void check_positions(const yt_node *root) {
    assert_int_equal(root->type, YT_MAP);
    const yt_node *spec = yt_get(root, "spec");
    assert_non_null(spec);
    const yt_node *name = yt_get(spec, "nodeName");
    assert_string_equal(name->str, "worker-1");
    assert_int_equal(name->line, 3);
    assert_int_equal(name->column, 13);
}

static void yaml_tree_positions_are_one_based(void **state) {
    tree_fixture *f = *state;
    parse_and_check(f->c, "kind: Pod\nspec:\n  nodeName: worker-1\n",
                    check_positions);
}

static void check_nulls(const yt_node *root) {
    const char *nulls[] = {"a", "b", "c", "d", "e"};
    for (size_t i = 0; i < 5; i++) {
        assert_true(yt_get(root, nulls[i])->is_null);
    }
    assert_false(yt_get(root, "f")->is_null); /* quoted "null" */
    assert_true(yt_get(root, "f")->quoted);
    assert_false(yt_get(root, "g")->quoted);
    assert_true(yt_get(root, "h")->quoted); /* !!str tag */
    assert_string_equal(yt_get(root, "h")->str, "3");
}

static void yaml_tree_null_and_quoting(void **state) {
    tree_fixture *f = *state;
    parse_and_check(f->c,
                    "a: null\nb: ~\nc:\nd: Null\ne: NULL\nf: \"null\"\n"
                    "g: 3\nh: !!str 3\n",
                    check_nulls);
}

static void check_alias(const yt_node *root) {
    const yt_node *a = yt_get(yt_get(root, "a"), "labels");
    const yt_node *b = yt_get(yt_get(root, "b"), "labels");
    assert_ptr_equal(a, b); /* aliases share the anchored node */
    assert_string_equal(yt_get(b, "app")->str, "web");
}

static void yaml_tree_anchor_and_alias(void **state) {
    tree_fixture *f = *state;
    parse_and_check(f->c, "a:\n  labels: &l {app: web}\nb:\n  labels: *l\n",
                    check_alias);
}

static void check_merge(const yt_node *root) {
    const yt_node *m = yt_get(root, "m");
    assert_int_equal(m->count, 3);
    assert_string_equal(yt_get(m, "app")->str, "override");
    assert_string_equal(yt_get(m, "tier")->str, "web");
    assert_string_equal(yt_get(m, "own")->str, "x");
    assert_null(yt_get(m, "<<"));
}

static void yaml_tree_merge_keys_own_keys_win(void **state) {
    tree_fixture *f = *state;
    parse_and_check(f->c,
                    "base: &b {app: web, tier: web}\n"
                    "m:\n  <<: *b\n  app: override\n  own: x\n",
                    check_merge);
}

static void yaml_tree_duplicate_key_is_an_error(void **state) {
    tree_fixture *f = *state;
    assert_int_equal(parse(f, "kind: Pod\nkind: Node\n"), PODSIM_EPARSE);
    const podsim_error *e = podsim_cluster_error(f->c);
    assert_int_equal(e->line, 2);
    assert_int_equal(e->column, 1);
    assert_non_null(strstr(e->message, "duplicate key \"kind\""));
    assert_string_equal(e->source, "t.yaml");
}

static void yaml_tree_many_keys_duplicate_found(void **state) {
    tree_fixture *f = *state;
    char text[8192] = "";
    for (int i = 0; i < 100; i++) {
        char line[32];
        snprintf(line, sizeof line, "k%03d: v\n", i);
        strcat(text, line);
    }
    strcat(text, "k042: again\n");
    assert_int_equal(parse(f, text), PODSIM_EPARSE);
    assert_int_equal(podsim_cluster_error(f->c)->line, 101);
}

static void yaml_tree_alias_bomb_hits_limit(void **state) {
    tree_fixture *f = *state;
    const char *bomb =
        "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
        "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
        "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
        "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
        "h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
        "i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h, *h]\n";
    assert_int_equal(parse(f, bomb), PODSIM_ELIMIT);
    assert_non_null(
        strstr(podsim_cluster_error(f->c)->message, "max_alias_expansion"));
}

static void yaml_tree_unknown_alias_is_an_error(void **state) {
    tree_fixture *f = *state;
    assert_int_equal(parse(f, "a: *nope\n"), PODSIM_EPARSE);
    assert_non_null(strstr(podsim_cluster_error(f->c)->message, "*nope"));
}

static void yaml_tree_depth_limit(void **state) {
    tree_fixture *f = *state;
    char text[1024];
    memset(text, '[', 200);
    memset(text + 200, ']', 200);
    text[400] = '\0';
    assert_int_equal(parse(f, text), PODSIM_ELIMIT);
    const podsim_error *e = podsim_cluster_error(f->c);
    assert_int_equal(e->line, 1);
    assert_int_equal(e->column, 65); /* the 65th opening bracket */
}

static void yaml_tree_scalar_limit(void **state) {
    tree_fixture *f = *state;
    podsim_cluster_free(f->c);
    podsim_cluster_options o = PODSIM_CLUSTER_OPTIONS_INIT;
    o.limits.max_scalar_bytes = 8;
    assert_int_equal(podsim_cluster_new(&o, &f->c), PODSIM_OK);
    assert_int_equal(parse(f, "a: 12345678\n"), PODSIM_OK);
    assert_int_equal(parse(f, "a: 123456789\n"), PODSIM_ELIMIT);
}

static void yaml_tree_syntax_error_position(void **state) {
    tree_fixture *f = *state;
    assert_int_equal(parse(f, "a: [1, 2\nb: 3\n"), PODSIM_EPARSE);
    const podsim_error *e = podsim_cluster_error(f->c);
    assert_true(e->line >= 1);
    assert_true(e->column >= 1);
    assert_non_null(strstr(e->message, "YAML syntax error"));
}

static void yaml_tree_items_are_streamed(void **state) {
    tree_fixture *f = *state;
    const char *list =
        "apiVersion: v1\nitems:\n- name: a\n- name: b\n- name: c\n"
        "kind: List\nmetadata: {}\n";
    assert_int_equal(parse(f, list), PODSIM_OK);
    assert_int_equal(f->s.items, 3);
    assert_string_equal(f->s.names[0], "a");
    assert_string_equal(f->s.names[2], "c");
    assert_int_equal(f->s.documents, 1);
    assert_int_equal(f->s.root_pairs, 4); /* items kept as an empty seq */
}

static void yaml_tree_kept_items_live_until_document_end(void **state) {
    tree_fixture *f = *state;
    f->s.keep = true;
    assert_int_equal(parse(f, "items:\n- name: a\n- name: b\nkind: PodList\n"),
                     PODSIM_OK);
    assert_int_equal(f->s.items, 2);
}

static void yaml_tree_nested_items_are_not_streamed(void **state) {
    tree_fixture *f = *state;
    assert_int_equal(parse(f, "spec:\n  items:\n  - name: a\n"), PODSIM_OK);
    assert_int_equal(f->s.items, 0);
}

static void yaml_tree_multiple_documents(void **state) {
    tree_fixture *f = *state;
    assert_int_equal(parse(f, "a: 1\n---\nb: 2\n---\n"), PODSIM_OK);
    assert_int_equal(f->s.documents, 3); /* the last one is empty */
}

static void check_json(const yt_node *root) {
    const yt_node *items = yt_get(root, "x");
    assert_int_equal(items->type, YT_SEQ);
    assert_int_equal(items->count, 2);
    assert_string_equal(items->kids[1]->str, "two");
    assert_true(items->kids[1]->quoted);
    assert_true(yt_get(root, "n")->is_null);
}

static void yaml_tree_reads_json(void **state) {
    tree_fixture *f = *state;
    parse_and_check(f->c, "{\n    \"x\": [1, \"two\"],\n    \"n\": null\n}\n",
                    check_json);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(yaml_tree_positions_are_one_based,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(yaml_tree_null_and_quoting, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(yaml_tree_anchor_and_alias, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(yaml_tree_merge_keys_own_keys_win,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(yaml_tree_duplicate_key_is_an_error,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(yaml_tree_many_keys_duplicate_found,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(yaml_tree_alias_bomb_hits_limit, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(yaml_tree_unknown_alias_is_an_error,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(yaml_tree_depth_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(yaml_tree_scalar_limit, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(yaml_tree_syntax_error_position, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(yaml_tree_items_are_streamed, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            yaml_tree_kept_items_live_until_document_end, setup, teardown),
        cmocka_unit_test_setup_teardown(yaml_tree_nested_items_are_not_streamed,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(yaml_tree_multiple_documents, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(yaml_tree_reads_json, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
