/*
 * decode_pod.c - the Pod: spec (containers, init containers and sidecars,
 * probes, ports, env references, volumes, scheduling fields) and status.
 *
 * Field names from k8s.io/api/core/v1/types.go (PodSpec, Container, Probe,
 * Volume, PodStatus, ContainerStatus). An init container with
 * `restartPolicy: Always` is a sidecar (KEP-753, SidecarContainers).
 * Ephemeral containers are ignored: they never count for scheduling or
 * phase. What kubectl describe prints of a container is kept as written:
 * command, args, env (value or valueFrom), envFrom, volumeMounts and
 * terminationMessagePolicy (SetDefaults_Container: File); probe targets
 * keep the exec command and, for httpGet, the URL when the scheme is not
 * HTTP or a host is set (SetDefaults_HTTPGetAction).
 */
#include <string.h>

#include "decode.h"

static podsim_status oom(dec *d) {
    return cluster_fail(d->c, PODSIM_ENOMEM, d->source, 0, 0, "out of memory");
}

/* ---- probes and handlers ------------------------------------------------ */

/* Which handler a Probe or LifecycleHandler uses, and a readable target. */
static podsim_status dec_handler(dec *d, const path *p, const yt_node *m,
                                 podsim_handler_type *type,
                                 const char **target) {
    static const struct {
        const char *field;
        podsim_handler_type type;
    } handlers[] = {
        {"exec", PODSIM_HANDLER_EXEC},
        {"httpGet", PODSIM_HANDLER_HTTP_GET},
        {"tcpSocket", PODSIM_HANDLER_TCP_SOCKET},
        {"grpc", PODSIM_HANDLER_GRPC},
        {"sleep", PODSIM_HANDLER_SLEEP},
    };
    *type = PODSIM_HANDLER_NONE;
    if (target) *target = "";
    for (size_t i = 0; i < sizeof handlers / sizeof handlers[0]; i++) {
        const yt_node *h = NULL;
        podsim_status s = dec_map(d, p, m, handlers[i].field, &h);
        if (s) return s;
        if (!h) continue;
        *type = handlers[i].type;
        if (!target) return PODSIM_OK;
        path hp = PATH_KEY(p, handlers[i].field);
        const char *a = NULL, *b = NULL;
        const char *host = NULL, *scheme = NULL;
        strbuf t;
        switch (handlers[i].type) {
        case PODSIM_HANDLER_HTTP_GET:
            if ((s = dec_str(d, &hp, h, "path", &a)) ||
                (s = dec_int_or_string(d, &hp, h, "port", &b)) ||
                (s = dec_str(d, &hp, h, "host", &host)) ||
                (s = dec_str(d, &hp, h, "scheme", &scheme))) {
                return s;
            }
            /* SetDefaults_HTTPGetAction: path "/", scheme HTTP. The usual
               case stays "port:path"; another scheme or a host is kept
               as the URL describe prints ("https://host:port/path"). */
            strbuf_init(&t);
            if ((!scheme[0] || strcmp(scheme, "HTTP") == 0) && !host[0]) {
                strbuf_printf(&t, "%s:%s", b, *a ? a : "/");
            } else {
                for (const char *c = scheme[0] ? scheme : "http"; *c; c++) {
                    char ch = *c;
                    if (ch >= 'A' && ch <= 'Z') ch = (char)(ch - 'A' + 'a');
                    strbuf_putc(&t, ch);
                }
                /* net.JoinHostPort brackets an IPv6 host */
                bool v6 = strchr(host, ':') != NULL;
                strbuf_printf(&t, "://%s%s%s:%s%s", v6 ? "[" : "", host,
                              v6 ? "]" : "", b, *a ? a : "/");
            }
            *target = dec_intern(d, strbuf_str(&t));
            strbuf_release(&t);
            return *target ? PODSIM_OK : oom(d);
        case PODSIM_HANDLER_TCP_SOCKET:
            /* "port", or "host:port" when a host is set */
            if ((s = dec_int_or_string(d, &hp, h, "port", &b)) ||
                (s = dec_str(d, &hp, h, "host", &host))) {
                return s;
            }
            if (!host[0]) {
                *target = b;
                return PODSIM_OK;
            }
            strbuf_init(&t);
            strbuf_printf(&t, "%s:%s", host, b);
            *target = dec_intern(d, strbuf_str(&t));
            strbuf_release(&t);
            return *target ? PODSIM_OK : oom(d);
        case PODSIM_HANDLER_GRPC: return dec_str(d, &hp, h, "port", target);
        case PODSIM_HANDLER_EXEC: {
            /* exec.command joined by spaces (describe prints "[...]") */
            podsim_strings cmd = {NULL, 0};
            if ((s = dec_strings(d, &hp, h, "command", &cmd))) return s;
            strbuf_init(&t);
            for (size_t k = 0; k < cmd.count; k++) {
                strbuf_printf(&t, "%s%s", k ? " " : "", cmd.items[k]);
            }
            *target = dec_intern(d, strbuf_str(&t));
            strbuf_release(&t);
            return *target ? PODSIM_OK : oom(d);
        }
        default: return PODSIM_OK;
        }
    }
    return PODSIM_OK;
}

static podsim_status dec_probe(dec *d, const path *p, const yt_node *c,
                               const char *key, const podsim_probe **out) {
    const yt_node *m = NULL;
    podsim_status s = dec_map(d, p, c, key, &m);
    if (s || !m) return s;
    path here = PATH_KEY(p, key);
    podsim_probe *pr = dec_alloc(d, sizeof(*pr));
    if (!pr) return oom(d);
    if ((s = dec_handler(d, &here, m, &pr->handler, &pr->target)) ||
        (s = dec_i32(d, &here, m, "initialDelaySeconds",
                     &pr->initial_delay_seconds)) ||
        (s = dec_i32(d, &here, m, "timeoutSeconds", &pr->timeout_seconds)) ||
        (s = dec_i32(d, &here, m, "periodSeconds", &pr->period_seconds)) ||
        (s = dec_i32(d, &here, m, "successThreshold",
                     &pr->success_threshold)) ||
        (s = dec_i32(d, &here, m, "failureThreshold",
                     &pr->failure_threshold)) ||
        (s = dec_int(d, &here, m, "terminationGracePeriodSeconds",
                     &pr->termination_grace_period_seconds))) {
        return s;
    }
    *out = pr;
    return PODSIM_OK;
}

static podsim_status dec_lifecycle(dec *d, const path *p, const yt_node *c,
                                   podsim_container *out) {
    const yt_node *m = NULL;
    podsim_status s = dec_map(d, p, c, "lifecycle", &m);
    if (s || !m) return s;
    path here = PATH_KEY(p, "lifecycle");
    const yt_node *post = NULL, *pre = NULL;
    if ((s = dec_map(d, &here, m, "postStart", &post)) ||
        (s = dec_map(d, &here, m, "preStop", &pre))) {
        return s;
    }
    if (post) {
        path pp = PATH_KEY(&here, "postStart");
        if ((s = dec_handler(d, &pp, post, &out->post_start, NULL))) return s;
    }
    if (pre) {
        path pp = PATH_KEY(&here, "preStop");
        if ((s = dec_handler(d, &pp, pre, &out->pre_stop, NULL))) return s;
        const yt_node *sleep = NULL;
        if (out->pre_stop == PODSIM_HANDLER_SLEEP &&
            (s = dec_map(d, &pp, pre, "sleep", &sleep))) {
            return s;
        }
        if (sleep) {
            path sp = PATH_KEY(&pp, "sleep");
            podsim_opt_i64 seconds = {false, 0};
            if ((s = dec_int(d, &sp, sleep, "seconds", &seconds))) return s;
            out->pre_stop_sleep_seconds = seconds.set ? seconds.value : 0;
        }
    }
    return PODSIM_OK;
}

/* ---- ports and env references ------------------------------------------ */

static podsim_status dec_port(dec *d, const path *p, const yt_node *n,
                              void *out, void *ctx) {
    podsim_container_port *port = out;
    int protocol = PODSIM_PROTOCOL_TCP;
    podsim_status s;
    (void)ctx;
    if ((s = dec_str(d, p, n, "name", &port->name)) ||
        (s = dec_i32(d, p, n, "containerPort", &port->container_port)) ||
        (s = dec_i32(d, p, n, "hostPort", &port->host_port)) ||
        (s = dec_enum(d, p, n, "protocol", PODSIM_ENUM_PROTOCOL, &protocol)) ||
        (s = dec_str(d, p, n, "hostIP", &port->host_ip))) {
        return s;
    }
    port->protocol = (podsim_protocol)protocol;
    return PODSIM_OK;
}

static podsim_status dec_ports(dec *d, const path *p, const yt_node *c,
                               podsim_container *out) {
    void *items = NULL;
    podsim_status s = dec_list(d, p, c, "ports", sizeof(podsim_container_port),
                               dec_port, NULL, &items, &out->port_count);
    out->ports = items;
    return s;
}

static podsim_status add_ref(dec *d, vec *refs, podsim_ref_kind kind,
                             const char *name, const char *key, bool optional) {
    podsim_object_ref *r = vec_push(refs);
    if (!r) return oom(d);
    r->kind = kind;
    r->name = name;
    r->key = key;
    r->optional = optional;
    return PODSIM_OK;
}

/* configMapKeyRef / secretKeyRef / configMapRef / secretRef */
static podsim_status dec_ref(dec *d, const path *p, const yt_node *m,
                             const char *field, podsim_ref_kind kind,
                             vec *refs) {
    const yt_node *r = NULL;
    podsim_status s = dec_map(d, p, m, field, &r);
    if (s || !r) return s;
    path here = PATH_KEY(p, field);
    const char *name = NULL, *key = NULL;
    bool optional = false;
    if ((s = dec_str(d, &here, r, "name", &name)) ||
        (s = dec_str(d, &here, r, "key", &key)) ||
        (s = dec_bool(d, &here, r, "optional", &optional))) {
        return s;
    }
    return add_ref(d, refs, kind, name, key, optional);
}

static podsim_status finish_refs(dec *d, vec *refs,
                                 const podsim_object_ref **out, size_t *count) {
    if (refs->len) {
        podsim_object_ref *copy = dec_alloc(d, refs->len * sizeof(*copy));
        if (!copy) {
            vec_release(refs);
            return oom(d);
        }
        memcpy(copy, refs->data, refs->len * sizeof(*copy));
        *out = copy;
        *count = refs->len;
    }
    vec_release(refs);
    return PODSIM_OK;
}

static podsim_status dec_env_refs(dec *d, const path *p, const yt_node *c,
                                  podsim_container *out) {
    vec refs;
    vec_init(&refs, sizeof(podsim_object_ref));
    const yt_node *env = NULL, *env_from = NULL;
    podsim_status s = dec_seq(d, p, c, "env", &env);
    if (!s) s = dec_seq(d, p, c, "envFrom", &env_from);
    path ep = PATH_KEY(p, "env");
    for (size_t i = 0; !s && env && i < env->count; i++) {
        path item = PATH_INDEX(&ep, i);
        const yt_node *vf = NULL;
        s = dec_expect(d, &item, env->kids[i], YT_MAP);
        if (!s) s = dec_map(d, &item, env->kids[i], "valueFrom", &vf);
        if (s || !vf) continue;
        path vp = PATH_KEY(&item, "valueFrom");
        s = dec_ref(d, &vp, vf, "configMapKeyRef", PODSIM_REF_CONFIGMAP, &refs);
        if (!s)
            s = dec_ref(d, &vp, vf, "secretKeyRef", PODSIM_REF_SECRET, &refs);
    }
    path fp = PATH_KEY(p, "envFrom");
    for (size_t i = 0; !s && env_from && i < env_from->count; i++) {
        path item = PATH_INDEX(&fp, i);
        s = dec_expect(d, &item, env_from->kids[i], YT_MAP);
        if (!s)
            s = dec_ref(d, &item, env_from->kids[i], "configMapRef",
                        PODSIM_REF_CONFIGMAP, &refs);
        if (!s)
            s = dec_ref(d, &item, env_from->kids[i], "secretRef",
                        PODSIM_REF_SECRET, &refs);
    }
    if (s) {
        vec_release(&refs);
        return s;
    }
    return finish_refs(d, &refs, &out->env_refs, &out->env_ref_count);
}

/* ---- what describe prints: env, envFrom, volumeMounts ------------------- */

/* optional: kept as 0/1 when written */
static podsim_status dec_optional(dec *d, const path *p, const yt_node *m,
                                  podsim_opt_i64 *out) {
    const yt_node *v = yt_get(m, "optional");
    if (!v || v->is_null) return PODSIM_OK;
    bool b = false;
    podsim_status s = dec_bool(d, p, m, "optional", &b);
    if (s) return s;
    out->set = true;
    out->value = b;
    return PODSIM_OK;
}

/* EnvVar.valueFrom (EnvVarSource): the first source that is set. */
static podsim_status dec_env_source(dec *d, const path *p, const yt_node *vf,
                                    podsim_env_var *e) {
    static const char *const kinds[] = {"configMapKeyRef", "secretKeyRef",
                                        "fieldRef", "resourceFieldRef"};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        const yt_node *r = NULL;
        podsim_status s = dec_map(d, p, vf, kinds[i], &r);
        if (s) return s;
        if (!r) continue;
        path here = PATH_KEY(p, kinds[i]);
        e->value_from_kind = kinds[i];
        switch (i) {
        case 0:
        case 1:
            if ((s = dec_str(d, &here, r, "name", &e->value_from_name)) ||
                (s = dec_str(d, &here, r, "key", &e->value_from_key))) {
                return s;
            }
            return dec_optional(d, &here, r, &e->optional);
        case 2:
            /* SetDefaults_ObjectFieldSelector: apiVersion "v1" */
            if ((s = dec_str(d, &here, r, "fieldPath", &e->value_from_name)) ||
                (s = dec_str(d, &here, r, "apiVersion", &e->value_from_key))) {
                return s;
            }
            if (!e->value_from_key[0]) e->value_from_key = "v1";
            return PODSIM_OK;
        default:
            /* resource; the divisor (a quantity) is kept as the key */
            if ((s = dec_str(d, &here, r, "resource", &e->value_from_name)) ||
                (s = dec_str(d, &here, r, "divisor", &e->value_from_key))) {
                return s;
            }
            return PODSIM_OK;
        }
    }
    return PODSIM_OK;
}

static podsim_status dec_env_var(dec *d, const path *p, const yt_node *n,
                                 void *out, void *ctx) {
    podsim_env_var *e = out;
    const yt_node *vf = NULL;
    podsim_status s;
    (void)ctx;
    if ((s = dec_str(d, p, n, "name", &e->name)) ||
        (s = dec_str(d, p, n, "value", &e->value)) ||
        (s = dec_map(d, p, n, "valueFrom", &vf))) {
        return s;
    }
    e->value_from_kind = e->value_from_name = e->value_from_key = "";
    if (!vf) return PODSIM_OK;
    path vp = PATH_KEY(p, "valueFrom");
    s = dec_env_source(d, &vp, vf, e);
    if (!s && !e->value_from_name) e->value_from_name = "";
    if (!s && !e->value_from_key) e->value_from_key = "";
    return s;
}

static podsim_status dec_env_from(dec *d, const path *p, const yt_node *n,
                                  void *out, void *ctx) {
    podsim_env_from *e = out;
    podsim_status s;
    (void)ctx;
    if ((s = dec_str(d, p, n, "prefix", &e->prefix))) return s;
    static const struct {
        const char *field;
        podsim_ref_kind kind;
    } refs[] = {{"configMapRef", PODSIM_REF_CONFIGMAP},
                {"secretRef", PODSIM_REF_SECRET}};
    for (size_t i = 0; i < 2; i++) {
        const yt_node *r = NULL;
        if ((s = dec_map(d, p, n, refs[i].field, &r))) return s;
        if (!r) continue;
        path here = PATH_KEY(p, refs[i].field);
        e->kind = refs[i].kind;
        if ((s = dec_str(d, &here, r, "name", &e->name)) ||
            (s = dec_optional(d, &here, r, &e->optional))) {
            return s;
        }
        break;
    }
    if (!e->name) e->name = "";
    return PODSIM_OK;
}

static podsim_status dec_mount(dec *d, const path *p, const yt_node *n,
                               void *out, void *ctx) {
    podsim_volume_mount *m = out;
    podsim_status s;
    (void)ctx;
    if ((s = dec_str(d, p, n, "name", &m->name)) ||
        (s = dec_str(d, p, n, "mountPath", &m->mount_path)) ||
        (s = dec_str(d, p, n, "subPath", &m->sub_path)) ||
        (s = dec_bool(d, p, n, "readOnly", &m->read_only))) {
        return s;
    }
    return PODSIM_OK;
}

/* command, args, env, envFrom, volumeMounts, terminationMessagePolicy:
   kept as written for kubectl describe and the diagnosis. */
static podsim_status dec_describe_fields(dec *d, const path *p,
                                         const yt_node *n,
                                         podsim_container *c) {
    void *env = NULL, *from = NULL, *mounts = NULL;
    podsim_status s;
    if ((s = dec_strings(d, p, n, "command", &c->command)) ||
        (s = dec_strings(d, p, n, "args", &c->args)) ||
        (s = dec_list(d, p, n, "env", sizeof(podsim_env_var), dec_env_var, NULL,
                      &env, &c->env_count)) ||
        (s = dec_list(d, p, n, "envFrom", sizeof(podsim_env_from), dec_env_from,
                      NULL, &from, &c->env_from_count)) ||
        (s = dec_list(d, p, n, "volumeMounts", sizeof(podsim_volume_mount),
                      dec_mount, NULL, &mounts, &c->mount_count)) ||
        (s = dec_str(d, p, n, "terminationMessagePolicy",
                     &c->termination_message_policy))) {
        return s;
    }
    c->env = env;
    c->env_from = from;
    c->mounts = mounts;
    /* SetDefaults_Container: terminationMessagePolicy File */
    if (!c->termination_message_policy[0]) {
        c->termination_message_policy = "File";
    }
    return PODSIM_OK;
}

/* ---- containers --------------------------------------------------------- */

static podsim_status dec_container(dec *d, const path *p, const yt_node *n,
                                   void *out, void *ctx) {
    podsim_container *c = out;
    bool init = *(const bool *)ctx;
    podsim_status s;
    const yt_node *res = NULL;
    int pull = -1;
    const char *restart = NULL;
    if ((s = dec_str(d, p, n, "name", &c->name)) ||
        (s = dec_str(d, p, n, "image", &c->image)) ||
        (s = dec_enum(d, p, n, "imagePullPolicy", PODSIM_ENUM_PULL_POLICY,
                      &pull)) ||
        (s = dec_map(d, p, n, "resources", &res)) ||
        (s = dec_str(d, p, n, "restartPolicy", &restart)) ||
        (s = dec_ports(d, p, n, c)) ||
        (s = dec_probe(d, p, n, "startupProbe", &c->startup_probe)) ||
        (s = dec_probe(d, p, n, "livenessProbe", &c->liveness_probe)) ||
        (s = dec_probe(d, p, n, "readinessProbe", &c->readiness_probe)) ||
        (s = dec_lifecycle(d, p, n, c)) || (s = dec_env_refs(d, p, n, c)) ||
        (s = dec_describe_fields(d, p, n, c))) {
        return s;
    }
    if (!c->name[0]) {
        return dec_fail(d, p, n, PODSIM_EPARSE, "container name is required");
    }
    /* -1 marks "absent" for defaulting (default_pull_policy) */
    c->image_pull_policy =
        pull < 0 ? (podsim_pull_policy)-1 : (podsim_pull_policy)pull;
    if (res) {
        path rp = PATH_KEY(p, "resources");
        if ((s = dec_resources(d, &rp, res, "requests", &c->requests)) ||
            (s = dec_resources(d, &rp, res, "limits", &c->limits))) {
            return s;
        }
    }
    c->kind = PODSIM_CONTAINER_REGULAR;
    if (init) {
        c->kind = PODSIM_CONTAINER_INIT;
        if (strcmp(restart, "Always") == 0) {
            c->kind = PODSIM_CONTAINER_SIDECAR;
        } else if (restart[0]) {
            path rp = PATH_KEY(p, "restartPolicy");
            return dec_fail(d, &rp, yt_get(n, "restartPolicy"), PODSIM_EPARSE,
                            "unsupported value \"%s\" (expected Always)",
                            restart);
        }
    }
    return PODSIM_OK;
}

static podsim_status dec_containers(dec *d, const path *p, const yt_node *spec,
                                    const char *key, bool init,
                                    const podsim_container **out,
                                    size_t *count) {
    void *items = NULL;
    podsim_status s = dec_list(d, p, spec, key, sizeof(podsim_container),
                               dec_container, &init, &items, count);
    *out = items;
    return s;
}

/* ---- volumes ------------------------------------------------------------ */

static const struct {
    const char *field;
    podsim_volume_type type;
    const char *source_key; /* field naming the referenced object */
} volume_sources[] = {
    {"persistentVolumeClaim", PODSIM_VOLUME_PVC, "claimName"},
    {"configMap", PODSIM_VOLUME_CONFIGMAP, "name"},
    {"secret", PODSIM_VOLUME_SECRET, "secretName"},
    {"emptyDir", PODSIM_VOLUME_EMPTY_DIR, NULL},
    {"hostPath", PODSIM_VOLUME_HOST_PATH, "path"},
    {"projected", PODSIM_VOLUME_PROJECTED, NULL},
    {"downwardAPI", PODSIM_VOLUME_DOWNWARD_API, NULL},
    {"ephemeral", PODSIM_VOLUME_EPHEMERAL, NULL},
};

/* The ConfigMaps and Secrets of a projected volume go to refs; what
   kubectl describe prints of every source, in order, goes to *summary:
   space-separated "serviceAccountToken=<expirationSeconds>" (3600 by
   default, SetDefaults_ServiceAccountTokenProjection), "configMap",
   "secret" (the next entry of refs) and "downwardAPI". */
static podsim_status dec_projected_refs(dec *d, const path *p,
                                        const yt_node *proj, vec *refs,
                                        const char **summary) {
    const yt_node *sources = NULL;
    podsim_status s = dec_seq(d, p, proj, "sources", &sources);
    path sp = PATH_KEY(p, "sources");
    strbuf text;
    strbuf_init(&text);
    for (size_t i = 0; !s && sources && i < sources->count; i++) {
        path item = PATH_INDEX(&sp, i);
        const yt_node *src = sources->kids[i];
        size_t before = refs->len;
        s = dec_expect(d, &item, src, YT_MAP);
        if (!s)
            s = dec_ref(d, &item, src, "configMap", PODSIM_REF_CONFIGMAP, refs);
        if (!s && refs->len > before) {
            strbuf_printf(&text, "%sconfigMap", text.len ? " " : "");
            continue;
        }
        if (!s) s = dec_ref(d, &item, src, "secret", PODSIM_REF_SECRET, refs);
        if (!s && refs->len > before) {
            strbuf_printf(&text, "%ssecret", text.len ? " " : "");
            continue;
        }
        const yt_node *token = NULL;
        if (!s) s = dec_map(d, &item, src, "serviceAccountToken", &token);
        if (!s && token) {
            path tp = PATH_KEY(&item, "serviceAccountToken");
            podsim_opt_i64 exp = {false, 0};
            s = dec_int(d, &tp, token, "expirationSeconds", &exp);
            strbuf_printf(&text, "%sserviceAccountToken=%lld",
                          text.len ? " " : "",
                          (long long)(exp.set ? exp.value : 3600));
            continue;
        }
        if (!s && yt_get(src, "downwardAPI")) {
            strbuf_printf(&text, "%sdownwardAPI", text.len ? " " : "");
        }
    }
    if (!s) {
        *summary = dec_intern(d, strbuf_str(&text));
        if (!*summary) s = oom(d);
    }
    strbuf_release(&text);
    return s;
}

/* The source field of a volume: the first key other than `name`. */
static const yt_node *other_source(const yt_node *v, const char **field) {
    for (size_t i = 0; i < v->count; i++) {
        if (strcmp(yt_key(v, i)->str, "name") != 0) {
            *field = yt_key(v, i)->str;
            return yt_value(v, i);
        }
    }
    return NULL;
}

static podsim_status dec_volume(dec *d, const path *p, const yt_node *v,
                                void *item, void *ctx) {
    podsim_volume *out = item;
    (void)ctx;
    podsim_status s = dec_str(d, p, v, "name", &out->name);
    if (s) return s;
    const yt_node *src = NULL;
    const char *field = "";
    out->type = PODSIM_VOLUME_OTHER;
    for (size_t i = 0; i < sizeof volume_sources / sizeof volume_sources[0];
         i++) {
        if ((src = yt_get(v, volume_sources[i].field))) {
            field = volume_sources[i].field;
            out->type = volume_sources[i].type;
            path sp = PATH_KEY(p, field);
            if ((s = dec_expect(d, &sp, src, YT_MAP))) return s;
            if (volume_sources[i].source_key &&
                (s = dec_str(d, &sp, src, volume_sources[i].source_key,
                             &out->source))) {
                return s;
            }
            if ((s = dec_bool(d, &sp, src, "readOnly", &out->read_only)) ||
                (s = dec_bool(d, &sp, src, "optional", &out->optional))) {
                return s;
            }
            break;
        }
    }
    if (!src) src = other_source(v, &field);
    out->type_name = dec_intern(d, field);
    if (!out->type_name) return oom(d);
    if (!out->source) out->source = "";
    vec refs;
    vec_init(&refs, sizeof(podsim_object_ref));
    if (out->type == PODSIM_VOLUME_CONFIGMAP && out->source[0]) {
        s = add_ref(d, &refs, PODSIM_REF_CONFIGMAP, out->source, "",
                    out->optional);
    } else if (out->type == PODSIM_VOLUME_SECRET && out->source[0]) {
        s = add_ref(d, &refs, PODSIM_REF_SECRET, out->source, "",
                    out->optional);
    } else if (out->type == PODSIM_VOLUME_PROJECTED) {
        path pp = PATH_KEY(p, "projected");
        s = dec_projected_refs(d, &pp, src, &refs, &out->source);
    }
    if (s) {
        vec_release(&refs);
        return s;
    }
    return finish_refs(d, &refs, &out->refs, &out->ref_count);
}

static podsim_status dec_volumes(dec *d, const path *p, const yt_node *spec,
                                 podsim_pod_spec *out) {
    void *items = NULL;
    podsim_status s = dec_list(d, p, spec, "volumes", sizeof(podsim_volume),
                               dec_volume, NULL, &items, &out->volume_count);
    out->volumes = items;
    return s;
}

/* ---- topology spread ---------------------------------------------------- */

static podsim_status dec_spread_constraint(dec *d, const path *p,
                                           const yt_node *n, void *out,
                                           void *ctx) {
    podsim_topology_spread_constraint *t = out;
    int when = PODSIM_DO_NOT_SCHEDULE;
    int affinity = PODSIM_POLICY_UNSET, taints = PODSIM_POLICY_UNSET;
    podsim_status s;
    (void)ctx;
    if ((s = dec_i32(d, p, n, "maxSkew", &t->max_skew)) ||
        (s = dec_str(d, p, n, "topologyKey", &t->topology_key)) ||
        (s = dec_enum(d, p, n, "whenUnsatisfiable", PODSIM_ENUM_UNSATISFIABLE,
                      &when)) ||
        (s = dec_label_selector(d, p, n, "labelSelector",
                                &t->label_selector)) ||
        (s = dec_int(d, p, n, "minDomains", &t->min_domains)) ||
        (s = dec_enum(d, p, n, "nodeAffinityPolicy",
                      PODSIM_ENUM_INCLUSION_POLICY, &affinity)) ||
        (s = dec_enum(d, p, n, "nodeTaintsPolicy", PODSIM_ENUM_INCLUSION_POLICY,
                      &taints)) ||
        (s = dec_strings(d, p, n, "matchLabelKeys", &t->match_label_keys))) {
        return s;
    }
    t->when_unsatisfiable = (podsim_unsatisfiable_action)when;
    t->node_affinity_policy = (podsim_inclusion_policy)affinity;
    t->node_taints_policy = (podsim_inclusion_policy)taints;
    return PODSIM_OK;
}

static podsim_status dec_spread(dec *d, const path *p, const yt_node *spec,
                                podsim_pod_spec *out) {
    void *items = NULL;
    podsim_status s = dec_list(d, p, spec, "topologySpreadConstraints",
                               sizeof(podsim_topology_spread_constraint),
                               dec_spread_constraint, NULL, &items,
                               &out->topology_spread_constraint_count);
    out->topology_spread_constraints = items;
    return s;
}

/* schedulingGates[].name and readinessGates[].conditionType: lists of
   single-field objects kept as strings. */
static podsim_status dec_gate(dec *d, const path *p, const yt_node *n,
                              void *out, void *field) {
    return dec_str(d, p, n, field, out);
}

static podsim_status dec_gates(dec *d, const path *p, const yt_node *spec,
                               const char *list, const char *field,
                               podsim_strings *out) {
    void *items = NULL;
    podsim_status s = dec_list(d, p, spec, list, sizeof(const char *), dec_gate,
                               (void *)field, &items, &out->count);
    out->items = items;
    return s;
}

/* ---- spec --------------------------------------------------------------- */

podsim_status dec_pod_spec(dec *d, const path *p, const yt_node *spec,
                           podsim_pod *pod) {
    podsim_pod_spec *o = &pod->spec;
    podsim_status s = dec_expect(d, p, spec, YT_MAP);
    if (s) return s;
    int preemption = -1, restart = -1;
    podsim_opt_i64 grace = {false, 0};
    const yt_node *resources = NULL;
    podsim_toleration *tolerations = NULL;
    if ((s = dec_int(d, p, spec, "priority", &o->priority)) ||
        (s = dec_str(d, p, spec, "priorityClassName",
                     &o->priority_class_name)) ||
        (s = dec_enum(d, p, spec, "preemptionPolicy",
                      PODSIM_ENUM_PREEMPTION_POLICY, &preemption)) ||
        (s = dec_str(d, p, spec, "schedulerName", &o->scheduler_name)) ||
        (s = dec_str(d, p, spec, "nodeName", &o->node_name)) ||
        (s = dec_kvs(d, p, spec, "nodeSelector", &o->node_selector)) ||
        (s = dec_affinity(d, p, spec, &o->affinity)) ||
        (s = dec_tolerations(d, p, spec, &tolerations, &o->toleration_count)) ||
        (s = dec_spread(d, p, spec, o)) ||
        (s = dec_gates(d, p, spec, "schedulingGates", "name",
                       &o->scheduling_gates)) ||
        (s = dec_gates(d, p, spec, "readinessGates", "conditionType",
                       &o->readiness_gates)) ||
        (s = dec_containers(d, p, spec, "initContainers", true,
                            &o->init_containers, &o->init_container_count)) ||
        (s = dec_containers(d, p, spec, "containers", false, &o->containers,
                            &o->container_count)) ||
        (s = dec_resources(d, p, spec, "overhead", &o->overhead)) ||
        (s = dec_map(d, p, spec, "resources", &resources)) ||
        (s = dec_enum(d, p, spec, "restartPolicy", PODSIM_ENUM_RESTART_POLICY,
                      &restart)) ||
        (s = dec_int(d, p, spec, "terminationGracePeriodSeconds", &grace)) ||
        (s = dec_int(d, p, spec, "activeDeadlineSeconds",
                     &o->active_deadline_seconds)) ||
        (s = dec_volumes(d, p, spec, o)) ||
        (s = dec_bool(d, p, spec, "hostNetwork", &o->host_network)) ||
        (s = dec_str(d, p, spec, "runtimeClassName", &o->runtime_class_name)) ||
        (s = dec_str(d, p, spec, "serviceAccountName",
                     &o->service_account_name)) ||
        (s = dec_str(d, p, spec, "hostname", &o->hostname)) ||
        (s = dec_str(d, p, spec, "subdomain", &o->subdomain))) {
        return s;
    }
    o->tolerations = tolerations;
    if (resources) {
        path rp = PATH_KEY(p, "resources");
        if ((s = dec_resources(d, &rp, resources, "requests",
                               &o->pod_requests)) ||
            (s = dec_resources(d, &rp, resources, "limits", &o->pod_limits))) {
            return s;
        }
    }
    /* -1 marks "absent" for defaulting.c */
    o->preemption_policy = (podsim_preemption_policy)preemption;
    o->restart_policy = (podsim_restart_policy)restart;
    o->termination_grace_period_seconds = grace.set ? grace.value : -1;
    return PODSIM_OK;
}

/* ---- status ------------------------------------------------------------- */

static podsim_status dec_state(dec *d, const path *p, const yt_node *cs,
                               const char *key, podsim_container_state *out) {
    static const struct {
        const char *field;
        podsim_container_state_kind kind;
    } states[] = {{"waiting", PODSIM_STATE_WAITING},
                  {"running", PODSIM_STATE_RUNNING},
                  {"terminated", PODSIM_STATE_TERMINATED}};
    const yt_node *m = NULL;
    out->started_at = out->finished_at = PODSIM_NO_TIME;
    out->reason = out->message = "";
    podsim_status s = dec_map(d, p, cs, key, &m);
    if (s || !m) return s;
    path here = PATH_KEY(p, key);
    for (size_t i = 0; i < 3; i++) {
        const yt_node *st = NULL;
        if ((s = dec_map(d, &here, m, states[i].field, &st))) return s;
        if (!st) continue;
        path sp = PATH_KEY(&here, states[i].field);
        out->kind = states[i].kind;
        if ((s = dec_str(d, &sp, st, "reason", &out->reason)) ||
            (s = dec_str(d, &sp, st, "message", &out->message)) ||
            (s = dec_i32(d, &sp, st, "exitCode", &out->exit_code)) ||
            (s = dec_i32(d, &sp, st, "signal", &out->signal)) ||
            (s = dec_time(d, &sp, st, "startedAt", &out->started_at)) ||
            (s = dec_time(d, &sp, st, "finishedAt", &out->finished_at))) {
            return s;
        }
        break;
    }
    return PODSIM_OK;
}

static podsim_container_kind kind_of(const podsim_pod *pod, const char *name,
                                     bool init) {
    if (!init) return PODSIM_CONTAINER_REGULAR;
    for (size_t i = 0; i < pod->spec.init_container_count; i++) {
        if (strcmp(pod->spec.init_containers[i].name, name) == 0) {
            return pod->spec.init_containers[i].kind;
        }
    }
    return PODSIM_CONTAINER_INIT;
}

typedef struct status_ctx {
    const podsim_pod *pod;
    bool init;
} status_ctx;

static podsim_status dec_container_status(dec *d, const path *p,
                                          const yt_node *n, void *out,
                                          void *ctx) {
    podsim_container_status *cs = out;
    const status_ctx *sc = ctx;
    bool started = false;
    podsim_status s;
    if ((s = dec_str(d, p, n, "name", &cs->name)) ||
        (s = dec_bool(d, p, n, "ready", &cs->ready)) ||
        (s = dec_bool(d, p, n, "started", &started)) ||
        (s = dec_i32(d, p, n, "restartCount", &cs->restart_count)) ||
        (s = dec_str(d, p, n, "image", &cs->image)) ||
        (s = dec_str(d, p, n, "imageID", &cs->image_id)) ||
        (s = dec_str(d, p, n, "containerID", &cs->container_id)) ||
        (s = dec_state(d, p, n, "state", &cs->state)) ||
        (s = dec_state(d, p, n, "lastState", &cs->last_state))) {
        return s;
    }
    const yt_node *st = yt_get(n, "started");
    if (st && !st->is_null) {
        cs->started.set = true;
        cs->started.value = started;
    }
    cs->kind = kind_of(sc->pod, cs->name, sc->init);
    return PODSIM_OK;
}

static podsim_status dec_container_statuses(
    dec *d, const path *p, const yt_node *status, const char *key, bool init,
    const podsim_pod *pod, const podsim_container_status **out, size_t *count) {
    status_ctx ctx = {pod, init};
    void *items = NULL;
    podsim_status s =
        dec_list(d, p, status, key, sizeof(podsim_container_status),
                 dec_container_status, &ctx, &items, count);
    *out = items;
    return s;
}

podsim_status dec_pod_status(dec *d, const path *p, const yt_node *status,
                             podsim_pod *pod) {
    podsim_pod_status *o = &pod->status;
    o->start_time = PODSIM_NO_TIME;
    o->reason = o->message = o->nominated_node_name = "";
    o->pod_ip = o->host_ip = o->qos_class = "";
    if (!status) return PODSIM_OK;
    podsim_status s = dec_expect(d, p, status, YT_MAP);
    if (s) return s;
    int phase = -1;
    if ((s = dec_enum(d, p, status, "phase", PODSIM_ENUM_PHASE, &phase)) ||
        (s = dec_conditions(d, p, status, &o->conditions,
                            &o->condition_count)) ||
        (s = dec_str(d, p, status, "reason", &o->reason)) ||
        (s = dec_str(d, p, status, "message", &o->message)) ||
        (s = dec_str(d, p, status, "nominatedNodeName",
                     &o->nominated_node_name)) ||
        (s = dec_str(d, p, status, "podIP", &o->pod_ip)) ||
        (s = dec_str(d, p, status, "hostIP", &o->host_ip)) ||
        (s = dec_str(d, p, status, "qosClass", &o->qos_class)) ||
        (s = dec_time(d, p, status, "startTime", &o->start_time)) ||
        (s = dec_container_statuses(d, p, status, "initContainerStatuses", true,
                                    pod, &o->init_container_statuses,
                                    &o->init_container_status_count)) ||
        (s = dec_container_statuses(d, p, status, "containerStatuses", false,
                                    pod, &o->container_statuses,
                                    &o->container_status_count))) {
        return s;
    }
    o->has_phase = phase >= 0;
    o->phase = phase >= 0 ? (podsim_phase)phase : PODSIM_PHASE_PENDING;
    return PODSIM_OK;
}
