#!/usr/bin/env python3
"""Generate a large `kubectl get nodes,pods -A -o yaml` (or -o json) snapshot.

The output is one `kind: List` with N nodes, then M pods. Each object has the
size and shape of a real v1.34 dump: metadata.managedFields, labels,
annotations, ownerReferences, spec with server-side defaults, and status with
conditions and containerStatuses. Pods are placed so that no node exceeds its
allocatable cpu, memory or pod count. About 92% of pods are Running, 3% are
crash-looping, 3% are Succeeded Job pods and 2% are Pending (unschedulable).
Two DaemonSet pods run on every node.

Output is deterministic for a given (--nodes, --pods, --seed). Objects are
rendered once per template with a small built-in emitter that follows
kubectl's formatting (go-yaml key order and quoting; 4-space sorted JSON);
per-pod values are then spliced into the pre-rendered text, so no YAML
library is used at run time.

Usage:
  gen_cluster.py [--nodes 5000] [--pods 150000] [--seed 1] [--json]
                 [--no-managed-fields] [--out PATH]
Default PATH: bench/out/cluster-<nodes>x<pods>.yaml (.json with --json).
"""
import argparse
import json
import os
import random
import re
import sys
import time

# --------------------------------------------------------------------------
# emitter: kubectl -o yaml (sigs.k8s.io/yaml = go-yaml v2) and -o json


class F:
    """A per-object field spliced in after rendering. kind: 's' plain
    string, 'q' string that kubectl double-quotes (timestamps, digits),
    'i' integer."""
    __slots__ = ('name', 'kind')

    def __init__(self, name, kind='s'):
        self.name, self.kind = name, kind


MARK = '\x00'


def _go_less(a, b):
    """go-yaml v2 keyList.Less on two strings (letters sort after others,
    digit runs compare numerically)."""
    for i in range(min(len(a), len(b))):
        if a[i] == b[i]:
            continue
        al, bl = a[i].isalpha(), b[i].isalpha()
        if al and bl:
            return a[i] < b[i]
        if al or bl:
            return bl
        an = bn = 0
        ai = i
        while ai < len(a) and a[ai].isdigit():
            an = an * 10 + int(a[ai])
            ai += 1
        bi = i
        while bi < len(b) and b[bi].isdigit():
            bn = bn * 10 + int(b[bi])
            bi += 1
        if an != bn:
            return an < bn
        if ai != bi:
            return ai < bi
        return a[i] < b[i]
    return len(a) < len(b)


class _GoKey:
    __slots__ = ('s',)

    def __init__(self, s):
        self.s = s

    def __lt__(self, other):
        return _go_less(self.s, other.s)


_NEEDS_DQ = re.compile(
    r'^(?:|~|null|Null|NULL|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF'
    r'|[-+]?(?:0b[01_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*(?::[0-5]?[0-9])*)'
    r'|[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?'
    r'|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)'
    r'|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?'
    r'(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?|<<|=)$')
_INDICATOR_START = set('-?:,[]{}#&*!|>\'"%@`')


def _plain_ok(s):
    if s[0] in ' \t' or s[-1] in ' \t:':
        return False
    if s[0] in _INDICATOR_START:
        if s[0] in '-?:' and len(s) > 1 and s[1] not in ' \t':
            pass
        else:
            return False
    if ': ' in s or ' #' in s or '\t' in s:
        return False
    return True


def _fold(text, col, indent):
    """libyaml/go-yaml line folding at 80 columns: a single space is
    replaced by a line break when the column is already beyond 80."""
    if col + len(text) <= 80 or ' ' not in text:
        return text
    out = []
    c = col
    n = len(text)
    for i, ch in enumerate(text):
        if ch == ' ' and c > 80 and 0 < i < n - 1 and text[i - 1] != ' ' and text[i + 1] != ' ':
            out.append('\n' + ' ' * indent)
            c = indent
            continue
        out.append(ch)
        c += 1
    return ''.join(out)


def _yscalar(v, col, indent):
    if isinstance(v, F):
        if v.kind == 'q':
            return '"' + MARK + v.name + MARK + '"'
        return MARK + v.name + MARK
    if v is None:
        return 'null'
    if v is True:
        return 'true'
    if v is False:
        return 'false'
    if isinstance(v, int):
        return str(v)
    s = v
    if '\n' in s:
        raise ValueError('multi-line strings are not used by the generator')
    if _NEEDS_DQ.match(s):
        return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'
    if _plain_ok(s):
        return _fold(s, col, indent)
    return "'" + _fold(s.replace("'", "''"), col + 1, indent) + "'"


def _ykey(k):
    if _NEEDS_DQ.match(k):
        return '"' + k + '"'
    if _plain_ok(k):
        return k
    return "'" + k.replace("'", "''") + "'"


def to_yaml(obj, indent=0, out=None):
    """Block YAML of a mapping, kubectl style."""
    top = out is None
    out = [] if top else out
    pad = ' ' * indent
    for k in sorted(obj, key=_GoKey):
        v = obj[k]
        key = _ykey(k)
        if isinstance(v, dict):
            if v:
                out.append('%s%s:\n' % (pad, key))
                to_yaml(v, indent + 2, out)
            else:
                out.append('%s%s: {}\n' % (pad, key))
        elif isinstance(v, list):
            if v:
                out.append('%s%s:\n' % (pad, key))
                _ylist(v, indent, out)
            else:
                out.append('%s%s: []\n' % (pad, key))
        else:
            col = indent + len(key) + 2
            out.append('%s%s: %s\n' % (pad, key, _yscalar(v, col, indent + 2)))
    return ''.join(out) if top else out


def _ylist(lst, indent, out):
    pad = ' ' * indent
    for item in lst:
        if isinstance(item, dict):
            if not item:
                out.append('%s- {}\n' % pad)
                continue
            sub = to_yaml(item, indent + 2)
            out.append(pad + '- ' + sub[indent + 2:])
        elif isinstance(item, list):
            raise ValueError('nested lists are not used by the generator')
        else:
            out.append('%s- %s\n' % (pad, _yscalar(item, indent + 2, indent + 2)))


def _jsonable(obj):
    if isinstance(obj, dict):
        return {k: _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, F):
        return MARK + obj.kind + obj.name + MARK
    return obj


def to_json(obj, base_indent):
    text = json.dumps(_jsonable(obj), indent=4, sort_keys=True)
    # json escapes the marker character: restore, and unquote integers
    text = text.replace('\\u0000', MARK)
    text = re.sub('"' + MARK + 'i([A-Za-z0-9_]+)' + MARK + '"', MARK + r'\1' + MARK, text)
    text = re.sub(MARK + '[sq]([A-Za-z0-9_]+)' + MARK, MARK + r'\1' + MARK, text)
    pad = ' ' * base_indent
    return pad + text.replace('\n', '\n' + pad)


class Template:
    """Pre-rendered object text split at the spliced fields."""
    __slots__ = ('parts', 'names')

    def __init__(self, text):
        chunks = text.split(MARK)
        self.parts = chunks[0::2]
        self.names = chunks[1::2]

    def render(self, values):
        parts, names = self.parts, self.names
        out = [parts[0]]
        for i, n in enumerate(names):
            out.append(str(values[n]))
            out.append(parts[i + 1])
        return ''.join(out)


SHOW_MANAGED_FIELDS = [True]


def make_template(obj, as_json):
    if not SHOW_MANAGED_FIELDS[0]:
        obj['metadata'].pop('managedFields', None)
    if as_json:
        return Template(to_json(obj, 8))
    body = to_yaml(obj, 2)
    return Template('- ' + body[2:])


# --------------------------------------------------------------------------
# the cluster

ZONES = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c']
NODE_TYPES = [  # name, cpu, capacity memory Ki, weight
    ('m5.2xlarge', 8, 32498324, 3),
    ('m5.4xlarge', 16, 65013592, 6),
    ('m5.8xlarge', 32, 130057116, 1),
]
EPOCH0 = 1756800000  # 2025-09-02T08:00:00Z
NOW = 1760434150  # 2025-10-14T09:29:10Z


def ts(t):
    return time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(t))


def mf(manager, t, fields, subresource=None):
    e = {'apiVersion': 'v1', 'fieldsType': 'FieldsV1', 'fieldsV1': fields, 'manager': manager,
         'operation': 'Update', 'time': t}
    if subresource:
        e['subresource'] = subresource
    return e


def fv_keys(d, dot=True):
    out = {('f:' + k): {} for k in d}
    if dot:
        out['.'] = {}
    return out


SA_MOUNT = '/var/run/secrets/kubernetes.io/serviceaccount'
DEFAULT_TOLERATIONS = [
    {'effect': 'NoExecute', 'key': 'node.kubernetes.io/not-ready', 'operator': 'Exists', 'tolerationSeconds': 300},
    {'effect': 'NoExecute', 'key': 'node.kubernetes.io/unreachable', 'operator': 'Exists', 'tolerationSeconds': 300},
]
DS_TOLERATIONS = [{'operator': 'Exists'}] + [
    {'effect': e, 'key': 'node.kubernetes.io/' + k, 'operator': 'Exists'} for k, e in (
        ('not-ready', 'NoExecute'), ('unreachable', 'NoExecute'), ('disk-pressure', 'NoSchedule'),
        ('memory-pressure', 'NoSchedule'), ('pid-pressure', 'NoSchedule'), ('unschedulable', 'NoSchedule'),
        ('network-unavailable', 'NoSchedule'))]


def sa_volume():
    return {'name': F('savol'), 'projected': {'defaultMode': 420, 'sources': [
        {'serviceAccountToken': {'expirationSeconds': 3607, 'path': 'token'}},
        {'configMap': {'items': [{'key': 'ca.crt', 'path': 'ca.crt'}], 'name': 'kube-root-ca.crt'}},
        {'downwardAPI': {'items': [{'fieldRef': {'apiVersion': 'v1', 'fieldPath': 'metadata.namespace'},
                                    'path': 'namespace'}]}}]}}


def node_object(i, rng):
    typ, cpu, mem_ki, _ = rng.choices(NODE_TYPES, weights=[t[3] for t in NODE_TYPES])[0]
    zone = ZONES[i % 3]
    a, b = 16 + i // 250, 4 + i % 250
    ip = '10.%d.%d.%d' % (zone_octet(zone), a, b)
    name = 'ip-%s.eu-west-1.compute.internal' % ip.replace('.', '-')
    created = EPOCH0 + i * 7
    disk_ki = 104845292
    disk_b = disk_ki * 1024
    cap = {'cpu': str(cpu), 'ephemeral-storage': '%dKi' % disk_ki, 'hugepages-1Gi': '0', 'hugepages-2Mi': '0',
           'memory': '%dKi' % mem_ki, 'pods': '110'}
    alloc = {'cpu': '%dm' % (cpu * 1000 - 90 - 10 * cpu), 'ephemeral-storage': str(disk_b - int(disk_b * 0.1) - 1073741824),
             'hugepages-1Gi': '0', 'hugepages-2Mi': '0', 'memory': '%dKi' % (mem_ki - 102400 - 893952 * cpu // 8),
             'pods': '110'}
    labels = {
        'beta.kubernetes.io/arch': 'amd64', 'beta.kubernetes.io/instance-type': typ, 'beta.kubernetes.io/os': 'linux',
        'eks.amazonaws.com/capacityType': 'ON_DEMAND', 'eks.amazonaws.com/nodegroup': 'general-%s' % zone[-1],
        'eks.amazonaws.com/nodegroup-image': 'ami-0c2d7f3e1b5a49d86', 'failure-domain.beta.kubernetes.io/region': 'eu-west-1',
        'failure-domain.beta.kubernetes.io/zone': zone, 'k8s.io/cloud-provider-aws': 'a94967527effcefb5f5829f529c0a1b9',
        'kubernetes.io/arch': 'amd64', 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux',
        'node.kubernetes.io/instance-type': typ, 'topology.ebs.csi.aws.com/zone': zone,
        'topology.k8s.aws/zone-id': 'euw1-az%d' % (i % 3 + 1), 'topology.kubernetes.io/region': 'eu-west-1',
        'topology.kubernetes.io/zone': zone,
    }
    cidr = pod_cidr(i)
    images = []
    for n_img, (repo, tag, size) in enumerate(NODE_IMAGES):
        images.append({'names': ['%s@sha256:%s' % (repo, IMAGE_DIGESTS[n_img]), '%s:%s' % (repo, tag)],
                       'sizeBytes': size})
    cond = []
    for t, reason, msg, st in (
            ('MemoryPressure', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available', 'False'),
            ('DiskPressure', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure', 'False'),
            ('PIDPressure', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available', 'False'),
            ('Ready', 'KubeletReady', 'kubelet is posting ready status', 'True')):
        cond.append({'lastHeartbeatTime': F('hb', 'q'), 'lastTransitionTime': ts(created + (31 if t == 'Ready' else 0)),
                     'message': msg, 'reason': reason, 'status': st, 'type': t})
    machine = '%032x' % rng.getrandbits(128)
    kubelet_labels = {k: v for k, v in labels.items() if not k.startswith(('eks.', 'k8s.io/', 'topology.ebs', 'topology.k8s.aws'))}
    obj = {
        'apiVersion': 'v1', 'kind': 'Node',
        'metadata': {
            'annotations': {'alpha.kubernetes.io/provided-node-ip': ip,
                            'csi.volume.kubernetes.io/nodeid': '{"ebs.csi.aws.com":"i-0%s"}' % machine[:16],
                            'node.alpha.kubernetes.io/ttl': '0',
                            'volumes.kubernetes.io/controller-managed-attach-detach': 'true'},
            'creationTimestamp': ts(created), 'labels': labels,
            'managedFields': [
                mf('kubelet', ts(created), {'f:metadata': {
                    'f:annotations': fv_keys(['alpha.kubernetes.io/provided-node-ip',
                                              'volumes.kubernetes.io/controller-managed-attach-detach']),
                    'f:labels': fv_keys(kubelet_labels)}}),
                mf('kube-controller-manager', ts(created + 1), {'f:metadata': {'f:annotations': {
                    'f:node.alpha.kubernetes.io/ttl': {}}}, 'f:spec': {'f:podCIDR': {}, 'f:podCIDRs': {
                        '.': {}, 'v:"%s"' % cidr: {}}}}),
                mf('aws-cloud-controller-manager', ts(created + 2), {'f:metadata': {'f:labels': {
                    'f:k8s.io/cloud-provider-aws': {}, 'f:topology.k8s.aws/zone-id': {}}},
                    'f:spec': {'f:providerID': {}}}),
                mf('eks-nodegroup', ts(created + 3), {'f:metadata': {'f:labels': fv_keys(
                    [k for k in labels if k.startswith('eks.')], dot=False)}}),
                mf('aws-ebs-csi-driver', ts(created + 40), {'f:metadata': {'f:annotations': {
                    'f:csi.volume.kubernetes.io/nodeid': {}}, 'f:labels': {'f:topology.ebs.csi.aws.com/zone': {}}}}),
                mf('kubelet', F('hb', 'q'), {'f:status': {
                    'f:allocatable': fv_keys(alloc, dot=False), 'f:capacity': fv_keys(cap, dot=False),
                    'f:conditions': {'k:{"type":"%s"}' % t: {'f:lastHeartbeatTime': {}} for t in
                                     ('DiskPressure', 'MemoryPressure', 'PIDPressure', 'Ready')},
                    'f:images': {}, 'f:nodeInfo': {'f:bootID': {}}}}, subresource='status'),
            ],
            'name': name, 'resourceVersion': F('rv', 'q'), 'uid': F('uid')},
        'spec': {'podCIDR': cidr, 'podCIDRs': [cidr],
                 'providerID': 'aws:///%s/i-0%s' % (zone, machine[:16])},
        'status': {
            'addresses': [{'address': ip, 'type': 'InternalIP'}, {'address': name, 'type': 'InternalDNS'},
                          {'address': name, 'type': 'Hostname'}],
            'allocatable': alloc, 'capacity': cap, 'conditions': cond,
            'daemonEndpoints': {'kubeletEndpoint': {'Port': 10250}},
            'features': {'supplementalGroupsPolicy': True}, 'images': images,
            'nodeInfo': {'architecture': 'amd64', 'bootID': F('boot'),
                         'containerRuntimeVersion': 'containerd://2.1.4', 'kernelVersion': '6.12.40-63.114.amzn2023.x86_64',
                         'kubeProxyVersion': '', 'kubeletVersion': 'v1.34.1-eks-113cf36', 'machineID': machine,
                         'operatingSystem': 'linux', 'osImage': 'Amazon Linux 2023.8.20250915',
                         'systemUUID': 'ec2' + machine[3:8] + '-' + machine[8:12] + '-' + machine[12:16] + '-'
                                       + machine[16:20] + '-' + machine[20:]},
            'runtimeHandlers': [
                {'features': {'recursiveReadOnlyMounts': True, 'userNamespaces': True}, 'name': 'runc'},
                {'features': {'recursiveReadOnlyMounts': True, 'userNamespaces': True}, 'name': ''}],
        },
    }
    # allocatable in millicores / Ki, for placement
    info = {'name': name, 'ip': ip, 'cidr': cidr, 'cpu': cpu * 1000 - 90 - 10 * cpu,
            'mem': (mem_ki - 102400 - 893952 * cpu // 8) * 1024, 'pods': 110, 'created': created, 'next_ip': 2}
    return obj, info


def zone_octet(zone):
    return {'eu-west-1a': 1, 'eu-west-1b': 2, 'eu-west-1c': 3}[zone]


def pod_cidr(i):
    return '10.%d.%d.0/24' % (64 + i // 256, i % 256)


NODE_IMAGES = [
    ('602401143452.dkr.ecr.eu-west-1.amazonaws.com/amazon-k8s-cni', 'v1.20.2-eksbuild.1', 74301982),
    ('602401143452.dkr.ecr.eu-west-1.amazonaws.com/amazon-k8s-cni-init', 'v1.20.2-eksbuild.1', 62713901),
    ('602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/kube-proxy', 'v1.34.1-minimal-eksbuild.2', 39841226),
    ('602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/pause', '3.10', 299350),
    ('quay.io/prometheus/node-exporter', 'v1.9.1', 12872219),
    ('docker.io/library/nginx', '1.27.2', 72955450),
    ('ghcr.io/acme/checkout', '4.12.0', 48213776),
    ('ghcr.io/acme/orders-api', '2.4.1', 31872216),
    ('ghcr.io/acme/catalog', '7.0.3', 95120301),
    ('ghcr.io/acme/search', '2.1.0', 412890221),
    ('docker.io/library/redis', '8.0.3', 53012219),
    ('docker.io/fluent/fluent-bit', '4.0.3', 36541025),
]
IMAGE_DIGESTS = ['%064x' % random.Random(i).getrandbits(256) for i in range(len(NODE_IMAGES))]

# container profiles: image, cpu m, memory Mi, limit memory Mi, ports, probes, env count
PROFILES = [
    ('docker.io/library/nginx:1.27.2', 100, 128, 256, [('http', 8080)], 'http', 0),
    ('ghcr.io/acme/checkout:4.12.0', 250, 512, 1024, [('http', 8080), ('metrics', 9090)], 'http', 6),
    ('ghcr.io/acme/orders-api:2.4.1', 200, 256, 512, [('http', 8080)], 'http', 4),
    ('ghcr.io/acme/catalog:7.0.3', 500, 1024, 2048, [('http', 8080), ('grpc', 9000)], 'grpc', 8),
    ('ghcr.io/acme/search:2.1.0', 1000, 2048, 2048, [('http', 9200)], 'http', 3),
    ('docker.io/library/redis:8.0.3', 100, 256, 256, [('redis', 6379)], 'tcp', 0),
    ('ghcr.io/acme/worker:5.3.1', 300, 384, 768, [], 'exec', 5),
]
SIDECAR = ('docker.io/fluent/fluent-bit:4.0.3', 20, 32, 64)


def container(name, image, cpu, mem, lim, ports, probe, env, sidecar=False):
    c = {'image': image, 'imagePullPolicy': 'IfNotPresent', 'name': name,
         'resources': {'limits': {'memory': '%dMi' % lim}, 'requests': {'cpu': '%dm' % cpu, 'memory': '%dMi' % mem}},
         'terminationMessagePath': '/dev/termination-log', 'terminationMessagePolicy': 'File',
         'volumeMounts': [{'mountPath': SA_MOUNT, 'name': F('savol'), 'readOnly': True}]}
    if ports:
        c['ports'] = [{'containerPort': p, 'name': n, 'protocol': 'TCP'} for n, p in ports]
    if probe == 'http' and ports:
        c['readinessProbe'] = {'failureThreshold': 3, 'httpGet': {'path': '/readyz', 'port': ports[0][0],
                                                                   'scheme': 'HTTP'},
                               'periodSeconds': 10, 'successThreshold': 1, 'timeoutSeconds': 1}
        c['livenessProbe'] = {'failureThreshold': 3, 'httpGet': {'path': '/livez', 'port': ports[0][0], 'scheme': 'HTTP'},
                              'initialDelaySeconds': 15, 'periodSeconds': 20, 'successThreshold': 1, 'timeoutSeconds': 1}
    elif probe == 'grpc' and ports:
        c['readinessProbe'] = {'failureThreshold': 3, 'grpc': {'port': ports[-1][1], 'service': ''}, 'periodSeconds': 10,
                               'successThreshold': 1, 'timeoutSeconds': 1}
    elif probe == 'tcp' and ports:
        c['livenessProbe'] = {'failureThreshold': 3, 'periodSeconds': 10, 'successThreshold': 1,
                              'tcpSocket': {'port': ports[0][1]}, 'timeoutSeconds': 1}
    elif probe == 'exec':
        c['livenessProbe'] = {'exec': {'command': ['/bin/worker', 'healthcheck']}, 'failureThreshold': 3,
                              'periodSeconds': 30, 'successThreshold': 1, 'timeoutSeconds': 5}
    if env:
        c['env'] = [{'name': 'APP_SETTING_%d' % k, 'value': 'value-%d' % k} for k in range(env - 1)]
        c['env'].append({'name': 'DATABASE_PASSWORD', 'valueFrom': {'secretKeyRef': {'key': 'password',
                                                                                    'name': 'db-credentials'}}})
    if sidecar:
        c['restartPolicy'] = 'Always'
    return c


def fields_of(obj, top=True):
    """managedFields set for what a controller sent (see tests/data)."""
    keys = {'containers': ('name',), 'initContainers': ('name',), 'env': ('name',),
            'ports': ('containerPort', 'protocol'), 'volumes': ('name',), 'volumeMounts': ('mountPath',),
            'ownerReferences': ('uid',)}
    out = {}
    for k, v in obj.items():
        if isinstance(v, dict):
            out['f:' + k] = dict(fields_of(v, False), **{'.': {}}) if v else {}
        elif isinstance(v, list) and k in keys and v and isinstance(v[0], dict):
            sub = {} if k == 'containers' else {'.': {}}
            for item in v:
                kk = {f: item[f] for f in keys[k] if f in item}
                name = 'k:' + json.dumps({a: (b if not isinstance(b, F) else '<%s>' % b.name)
                                          for a, b in kk.items()}, separators=(',', ':'), sort_keys=True)
                sub[name] = {} if k == 'ownerReferences' else dict(fields_of(item, False), **{'.': {}})
            out['f:' + k] = sub
        else:
            out['f:' + k] = {}
    if top:
        for v in out.values():
            v.pop('.', None)
    return out


def pod_object(app, variant):
    """Pod template for one app (Deployment/Job) and variant: running, crash,
    pending, succeeded; or a DaemonSet pod (app['ds'])."""
    ns, rs, labels = app['ns'], app['rs'], app['labels']
    prof = app['profile']
    conts = [container(app['cname'], prof[0], prof[1], prof[2], prof[3], prof[4], prof[5], prof[6])]
    inits = []
    if app['sidecar']:
        inits.append(container('log-shipper', SIDECAR[0], SIDECAR[1], SIDECAR[2], SIDECAR[3], [], None, 0,
                               sidecar=True))
    tmpl_spec = {'containers': [{k: v for k, v in c.items() if k != 'volumeMounts'} for c in conts],
                 'dnsPolicy': 'ClusterFirst', 'enableServiceLinks': True,
                 'restartPolicy': 'Never' if app['job'] else 'Always', 'schedulerName': 'default-scheduler',
                 'securityContext': {}, 'terminationGracePeriodSeconds': 30}
    if inits:
        tmpl_spec['initContainers'] = [{k: v for k, v in c.items() if k != 'volumeMounts'} for c in inits]
    if app.get('spread'):
        tmpl_spec['topologySpreadConstraints'] = [{
            'labelSelector': {'matchLabels': {'app': app['name']}}, 'maxSkew': 1,
            'topologyKey': 'topology.kubernetes.io/zone', 'whenUnsatisfiable': 'ScheduleAnyway'}]
    if app['ds']:
        tmpl_spec['hostNetwork'] = True
        tmpl_spec['priorityClassName'] = 'system-node-critical'
        tmpl_spec['tolerations'] = DS_TOLERATIONS
    owner = {'apiVersion': 'batch/v1' if app['job'] else 'apps/v1', 'blockOwnerDeletion': True, 'controller': True,
             'kind': app['owner_kind'], 'name': rs, 'uid': app['owner_uid']}
    meta_sent = {'generateName': rs + '-', 'labels': labels, 'ownerReferences': [owner]}
    if app['annotations']:
        meta_sent['annotations'] = app['annotations']
    spec = dict(tmpl_spec)
    spec['containers'] = conts
    if inits:
        spec['initContainers'] = inits
    if app['ds']:
        spec['affinity'] = {'nodeAffinity': {'requiredDuringSchedulingIgnoredDuringExecution': {'nodeSelectorTerms': [
            {'matchFields': [{'key': 'metadata.name', 'operator': 'In', 'values': [F('node')]}]}]}}}
        spec['priority'] = 2000001000
    else:
        spec['tolerations'] = DEFAULT_TOLERATIONS
        spec['priority'] = 0
    spec['preemptionPolicy'] = 'PreemptLowerPriority'
    spec['serviceAccount'] = spec['serviceAccountName'] = app['sa']
    spec['volumes'] = [sa_volume()]
    if variant != 'pending':
        spec['nodeName'] = F('node')

    def cond(t, status, reason=None, message=None, when='t_sched'):
        c = {'lastProbeTime': None, 'lastTransitionTime': F(when, 'q'), 'observedGeneration': 1,
             'status': status, 'type': t}
        if reason:
            c['reason'] = reason
        if message:
            c['message'] = message
        return c

    def cstatus(c, state, ready, started, restarts=0, last=None):
        s = {'allocatedResources': c['resources']['requests'], 'containerID': 'containerd://' + MARK + 'cid_%s' % c['name'] + MARK,
             'image': c['image'], 'imageID': c['image'].rsplit(':', 1)[0] + '@sha256:' + app['digest'],
             'lastState': last or {}, 'name': c['name'], 'ready': ready, 'resources': c['resources'],
             'restartCount': restarts, 'started': started, 'state': state,
             'user': {'linux': {'gid': app['uid'], 'supplementalGroups': [app['uid']], 'uid': app['uid']}},
             'volumeMounts': [{'mountPath': SA_MOUNT, 'name': F('savol'), 'readOnly': True,
                               'recursiveReadOnly': 'Disabled'}]}
        return s

    name = app['cname']
    kubelet_time = 't_ready'
    if variant == 'running':
        conds = [cond('PodReadyToStartContainers', 'True', when='t_start'), cond('Initialized', 'True'),
                 cond('Ready', 'True', when='t_ready'), cond('ContainersReady', 'True', when='t_ready'),
                 cond('PodScheduled', 'True')]
        cst = [cstatus(c, {'running': {'startedAt': F('t_start', 'q')}}, True, True) for c in conts]
        ist = [cstatus(c, {'running': {'startedAt': F('t_start', 'q')}}, True, True) for c in inits]
        phase = 'Running'
    elif variant == 'crash':
        msg = 'containers with unready status: [%s]' % name
        conds = [cond('PodReadyToStartContainers', 'True', when='t_start'), cond('Initialized', 'True'),
                 cond('Ready', 'False', 'ContainersNotReady', msg, when='t_ready'),
                 cond('ContainersReady', 'False', 'ContainersNotReady', msg, when='t_ready'),
                 cond('PodScheduled', 'True')]
        last = {'terminated': {'containerID': 'containerd://' + MARK + 'cid_%s' % name + MARK, 'exitCode': 1,
                               'finishedAt': F('t_ready', 'q'), 'reason': 'Error', 'startedAt': F('t_start', 'q')}}
        cst = [cstatus(conts[0], {'waiting': {'message': 'back-off 5m0s restarting failed container=%s pod=%s_%s(%s)' % (
            name, MARK + 'name' + MARK, ns, MARK + 'uid' + MARK), 'reason': 'CrashLoopBackOff'}}, False, False,
            restarts=F('restarts', 'i'), last=last)]
        ist = [cstatus(c, {'running': {'startedAt': F('t_start', 'q')}}, True, True) for c in inits]
        phase = 'Running'
    elif variant == 'succeeded':
        conds = [cond('PodReadyToStartContainers', 'False', when='t_ready'), cond('Initialized', 'True', 'PodCompleted'),
                 cond('Ready', 'False', 'PodCompleted', when='t_ready'),
                 cond('ContainersReady', 'False', 'PodCompleted', when='t_ready'), cond('PodScheduled', 'True')]
        cst = [cstatus(conts[0], {'terminated': {'containerID': 'containerd://' + MARK + 'cid_%s' % name + MARK,
                                                 'exitCode': 0, 'finishedAt': F('t_ready', 'q'), 'reason': 'Completed',
                                                 'startedAt': F('t_start', 'q')}}, False, False)]
        ist = []
        phase = 'Succeeded'
    else:  # pending
        n = app['n_nodes']
        conds = [cond('PodScheduled', 'False', 'Unschedulable',
                      '0/%d nodes are available: %d Insufficient cpu. preemption: 0/%d nodes are available: '
                      '%d No preemption victims found for incoming pod.' % (n, n, n, n))]
        cst = ist = []
        phase = 'Pending'
    status = {'conditions': conds, 'observedGeneration': 1, 'phase': phase,
              'qosClass': 'Burstable'}
    if variant != 'pending':
        status.update({'containerStatuses': cst, 'hostIP': F('hostip'), 'hostIPs': [{'ip': F('hostip')}],
                       'podIP': F('podip'), 'podIPs': [{'ip': F('podip')}], 'startTime': F('t_sched', 'q')})
        if ist:
            status['initContainerStatuses'] = ist
    mfs = [mf('kube-controller-manager', F('created', 'q'), fields_of({'metadata': meta_sent, 'spec': tmpl_spec}))]
    if variant == 'pending':
        mfs.append(mf('kube-scheduler', F('t_sched', 'q'), {'f:status': {'f:conditions': {
            '.': {}, 'k:{"type":"PodScheduled"}': {
                '.': {}, 'f:lastProbeTime': {}, 'f:lastTransitionTime': {}, 'f:message': {},
                'f:observedGeneration': {}, 'f:reason': {}, 'f:status': {}, 'f:type': {}}}}}, subresource='status'))
    else:
        sfv = {'f:conditions': {'k:{"type":"%s"}' % c['type']: dict(
            {('f:' + k): {} for k in c}, **{'.': {}}) for c in conds if c['type'] != 'PodScheduled'},
            'f:containerStatuses': {}, 'f:hostIP': {}, 'f:hostIPs': {}, 'f:observedGeneration': {}, 'f:phase': {},
            'f:podIP': {}, 'f:podIPs': {'.': {}, 'k:{"ip":"' + MARK + 'podip' + MARK + '"}': {'.': {}, 'f:ip': {}}},
            'f:startTime': {}}
        if ist:
            sfv['f:initContainerStatuses'] = {}
        mfs.append(mf('kubelet', F(kubelet_time, 'q'), {'f:status': sfv}, subresource='status'))
    md = {'creationTimestamp': F('created', 'q'), 'generateName': rs + '-', 'generation': 1, 'labels': labels,
          'managedFields': mfs, 'name': F('name'), 'namespace': ns, 'ownerReferences': [owner],
          'resourceVersion': F('rv', 'q'), 'uid': F('uid')}
    if app['annotations']:
        md['annotations'] = app['annotations']
    return {'apiVersion': 'v1', 'kind': 'Pod', 'metadata': md, 'spec': spec, 'status': status}


_ALPHA = 'bcdfghjklmnpqrstvwxz2456789'


def suffix(n):
    """Unique 5-character pod suffix (the alphabet of generateName)."""
    s = []
    for _ in range(5):
        n, r = divmod(n, 27)
        s.append(_ALPHA[r])
    return ''.join(s)


def requests_of(app):
    prof = app['profile']
    cpu, mem = prof[1], prof[2]
    if app['sidecar']:
        cpu += SIDECAR[1]
        mem += SIDECAR[2]
    return cpu, mem * 1048576


def hexid(rng, bits=256):
    return '%0*x' % (bits // 4, rng.getrandbits(bits))


def uuid4(rng):
    h = '%032x' % rng.getrandbits(128)
    return '%s-%s-4%s-%s%s-%s' % (h[:8], h[8:12], h[13:16], '89ab'[int(h[16], 16) & 3], h[17:20], h[20:])


def generate(n_nodes, n_pods, seed, as_json, out):
    rng = random.Random(seed)
    rv = [7700000]

    def next_rv():
        rv[0] += rng.randint(1, 40)
        return rv[0]

    w = out.write
    if as_json:
        w('{\n    "apiVersion": "v1",\n    "items": [\n')
    else:
        w('apiVersion: v1\nitems:\n')
    first = [True]

    def emit(text):
        if as_json:
            if not first[0]:
                w(',\n')
            first[0] = False
        w(text)
        if not as_json:
            w('\n') if not text.endswith('\n') else None

    # ---- nodes
    infos = []
    for i in range(n_nodes):
        obj, info = node_object(i, rng)
        tpl = make_template(obj, as_json)
        hb = ts(NOW - rng.randint(1, 40))
        emit(tpl.render({'hb': hb, 'rv': next_rv(), 'uid': uuid4(rng), 'boot': uuid4(rng)}))
        infos.append(info)

    # ---- apps
    n_ds = 2 * n_nodes if n_pods >= 10 * n_nodes else 0
    remaining = n_pods - n_ds
    apps = []
    namespaces = ['team-%02d' % k for k in range(1, 51)]
    ds_apps = []
    for ds_name, prof, ns, uid_ in (('kube-proxy', ('602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/kube-proxy:v1.34.1-minimal-eksbuild.2', 100, 0, 0, [], None, 0), 'kube-system', 0),
                                    ('node-exporter', ('quay.io/prometheus/node-exporter:v1.9.1', 50, 64, 128, [('metrics', 9100)], 'http', 0), 'monitoring', 65534)):
        if prof[2] == 0:
            prof = (prof[0], prof[1], 32, 64) + prof[4:]
        ds_apps.append({'name': ds_name, 'ns': ns, 'rs': ds_name, 'cname': ds_name, 'profile': prof,
                        'labels': {'app.kubernetes.io/name': ds_name, 'controller-revision-hash': '7c9d5f8b6d',
                                   'pod-template-generation': '1'},
                        'annotations': {}, 'owner_kind': 'DaemonSet', 'owner_uid': uuid4(rng), 'job': False,
                        'ds': True, 'sidecar': False, 'sa': ds_name, 'uid': uid_, 'digest': hexid(rng),
                        'n_nodes': n_nodes})
    k = 0
    while remaining > 0:
        replicas = min(remaining, rng.choice([2, 3, 3, 5, 8, 12, 20, 40, 80, 150, 300]))
        remaining -= replicas
        prof = PROFILES[rng.randrange(len(PROFILES))]
        job = rng.random() < 0.04
        name = '%s-%s' % (prof[0].rsplit('/', 1)[1].split(':')[0], k)
        h = '%010x' % rng.getrandbits(40)
        labels = {'app': name, 'app.kubernetes.io/part-of': 'shop', 'app.kubernetes.io/version': prof[0].rsplit(':', 1)[1]}
        if job:
            juid = uuid4(rng)
            rs = '%s-%d' % (name, 29340000 + k)
            labels = {'batch.kubernetes.io/controller-uid': juid, 'batch.kubernetes.io/job-name': rs,
                      'controller-uid': juid, 'job-name': rs}
        else:
            rs = '%s-%s' % (name, h[:9].replace('a', '7').replace('e', '5'))
            labels['pod-template-hash'] = rs.rsplit('-', 1)[1]
        ann = {}
        if rng.random() < 0.5:
            ann = {'prometheus.io/path': '/metrics', 'prometheus.io/port': '9090', 'prometheus.io/scrape': 'true'}
        apps.append({'name': name, 'ns': namespaces[k % len(namespaces)], 'rs': rs, 'cname': name.rsplit('-', 1)[0],
                     'profile': prof, 'labels': labels, 'annotations': ann, 'replicas': replicas,
                     'owner_kind': 'Job' if job else 'ReplicaSet', 'owner_uid': uuid4(rng), 'job': job, 'ds': False,
                     'sidecar': rng.random() < 0.3, 'sa': 'default', 'uid': 10001,
                     'digest': hexid(rng), 'spread': rng.random() < 0.5, 'n_nodes': n_nodes})
        k += 1

    templates = {}

    def tpl_for(app, variant):
        key = (id(app), variant)
        t = templates.get(key)
        if t is None:
            t = templates[key] = make_template(pod_object(app, variant), as_json)
        return t

    counter = [0]
    cursor = [0]

    def place(cpu, mem):
        for _ in range(len(infos)):
            cursor[0] = (cursor[0] + 1 + rng.randrange(7)) % len(infos)
            nd = infos[cursor[0]]
            if nd['cpu'] >= cpu and nd['mem'] >= mem and nd['pods'] >= 1:
                nd['cpu'] -= cpu
                nd['mem'] -= mem
                nd['pods'] -= 1
                return nd
        return None

    def pod_values(app, nd, variant, created):
        counter[0] += 1
        values = {'name': '%s-%s' % (app['rs'], suffix(counter[0] * 7919 % 14348907)),
                  'uid': uuid4(rng), 'rv': next_rv(), 'created': ts(created), 'savol': 'kube-api-access-' + suffix(rng.getrandbits(24)),
                  't_sched': ts(created), 't_start': ts(created + 3), 't_ready': ts(created + 9 + rng.randrange(20))}
        if nd is not None:
            values['node'] = nd['name']
            values['hostip'] = nd['ip']
            if app['ds']:
                values['podip'] = nd['ip']
            else:
                values['podip'] = '%s.%d' % (nd['cidr'].rsplit('.', 1)[0], nd['next_ip'])
                nd['next_ip'] += 1
            values['cid_' + app['cname']] = hexid(rng)
            if app['sidecar']:
                values['cid_log-shipper'] = hexid(rng)
        if variant == 'crash':
            values['restarts'] = rng.randint(1, 40)
        return values

    # DaemonSet pods first (kubectl sorts by namespace/name; we keep generation order, which is what a
    # List built from several `kubectl get` calls looks like)
    if n_ds:
        for nd in infos:
            for app in ds_apps:
                cpu, mem = requests_of(app)
                nd['cpu'] -= cpu
                nd['mem'] -= mem
                nd['pods'] -= 1
                emit(tpl_for(app, 'running').render(pod_values(app, nd, 'running', nd['created'] + 60)))
    for app in apps:
        cpu, mem = requests_of(app)
        base = NOW - rng.randint(3600, 30 * 86400)
        for r in range(app['replicas']):
            x = rng.random()
            if app['job']:
                variant = 'succeeded' if x < 0.8 else 'running'
            elif x < 0.02:
                variant = 'pending'
            elif x < 0.05:
                variant = 'crash'
            else:
                variant = 'running'
            nd = None if variant == 'pending' else place(cpu, mem)
            if nd is None:
                variant = 'pending'
            if variant == 'succeeded':  # terminal pods hold no capacity
                nd['cpu'] += cpu
                nd['mem'] += mem
                nd['pods'] += 1
            emit(tpl_for(app, variant).render(pod_values(app, nd, variant, base + r)))
    if as_json:
        w('\n    ],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n')
    else:
        w('kind: List\nmetadata:\n  resourceVersion: ""\n')


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--nodes', type=int, default=5000)
    ap.add_argument('--pods', type=int, default=150000)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--json', action='store_true', help='write `kubectl get -o json` instead of YAML')
    ap.add_argument('--no-managed-fields', action='store_true',
                    help='omit metadata.managedFields, as kubectl does by default (about 40%% smaller)')
    ap.add_argument('--out', help='output path (default bench/out/cluster-NxM.yaml|json); "-" for stdout')
    a = ap.parse_args(argv)
    if not 1 <= a.nodes <= 48000 or not 0 <= a.pods < 14348907:
        ap.error('need 1 <= --nodes <= 48000 and 0 <= --pods < 14348907')
    path = a.out or os.path.join(os.path.dirname(os.path.abspath(__file__)), 'out',
                                 'cluster-%dx%d.%s' % (a.nodes, a.pods, 'json' if a.json else 'yaml'))
    SHOW_MANAGED_FIELDS[0] = not a.no_managed_fields
    t0 = time.time()
    if path == '-':
        try:
            generate(a.nodes, a.pods, a.seed, a.json, sys.stdout)
            sys.stdout.flush()
        except BrokenPipeError:  # e.g. piped into head
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    tmp = path + '.tmp'
    with open(tmp, 'w', buffering=1 << 22) as f:
        generate(a.nodes, a.pods, a.seed, a.json, f)
    os.replace(tmp, path)
    size = os.path.getsize(path)
    print('%s: %d nodes, %d pods, %.1f MB in %.1f s' % (path, a.nodes, a.pods, size / 1e6, time.time() - t0),
          file=sys.stderr)
    return 0


if __name__ == '__main__':
    sys.exit(main())
