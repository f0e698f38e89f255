"""Writes 03-rollout-and-crashloop.ipynb (cells only); `make notebooks` then
executes it in place so the committed copy carries the outputs of a run."""

import pathlib

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

cells = [
    new_markdown_cell(
        "# How long until my rollout is Ready? What does a crash loop cost?\n\n"
        "podsim runs a copy of a cluster forward on a simulated clock: the Deployment "
        "controller creates ReplicaSets and pods, kube-scheduler places them, and a kubelet "
        "model starts them (image pulls, sandbox, containers, probes, back-offs) and writes "
        "their status exactly as the kubelet would. Nothing touches a real cluster, a run "
        "takes milliseconds, and the same seed replays the same run.\n\n"
        "The cluster is `examples/cluster.yaml` (six nodes in three zones, a shop namespace "
        "with Deployments, a StatefulSet, DaemonSets and Jobs), on Kubernetes 1.34 defaults."
    ),
    new_code_cell(
        "import pathlib\n\n"
        "import matplotlib.pyplot as plt\n"
        "import pandas as pd\n"
        "import podsim\n\n"
        "EXAMPLES = pathlib.Path('..') / 'examples'\n"
        "cluster = podsim.Cluster.load(EXAMPLES / 'cluster.yaml')\n"
        "sim = podsim.Simulation(cluster, kubernetes_version='1.34', seed=7,\n"
        "                        timing={'sandbox': '1.5s', 'image_pull_bytes_per_second': 40_000_000})\n"
        "sim"
    ),
    new_markdown_cell(
        "## A rollout\n\n"
        "A new Deployment, `checkout`, 8 replicas, rolling update with `maxSurge: 2` and "
        "`maxUnavailable: 1`, a readiness probe every 5 s that passes once the app has warmed "
        "up for 8 s. Version 2 ships at 3 minutes with a new 350 MB image that no node has, "
        "so every new pod pays a pull."
    ),
    new_code_cell(
        "DEPLOYMENT = '''\n"
        "apiVersion: apps/v1\n"
        "kind: Deployment\n"
        "metadata: {name: checkout, namespace: shop}\n"
        "spec:\n"
        "  replicas: 8\n"
        "  selector: {matchLabels: {app: checkout}}\n"
        "  strategy:\n"
        "    rollingUpdate: {maxSurge: 2, maxUnavailable: 1}\n"
        "  template:\n"
        "    metadata: {labels: {app: checkout}}\n"
        "    spec:\n"
        "      containers:\n"
        "      - name: checkout\n"
        "        image: IMAGE\n"
        "        resources: {requests: {cpu: 100m, memory: 128Mi}}\n"
        "        readinessProbe:\n"
        "          httpGet: {path: /ready, port: 8080}\n"
        "          periodSeconds: 5\n"
        "'''\n"
        "sim.set_image('ghcr.io/acme/checkout:1.0', size='120MB')\n"
        "sim.set_image('ghcr.io/acme/checkout:2.0', size='350MB')\n"
        "sim.set_behavior(pod='shop/checkout-*', container='checkout', ready_after='8s')\n"
        "sim.apply(DEPLOYMENT.replace('IMAGE', 'ghcr.io/acme/checkout:1.0'), at=0)\n"
        "sim.apply(DEPLOYMENT.replace('IMAGE', 'ghcr.io/acme/checkout:2.0'), at='3m')\n"
        "sim.run(until='8m')\n"
        "print(sim.timeline('shop/checkout', kind='Deployment'))"
    ),
    new_markdown_cell(
        "The Deployment's replica counts over time, as the controller wrote them: `updated` "
        "counts pods of the new template, `ready` pods passing their readiness probe. The "
        "rolling update never lets ready pods drop below 8 - maxUnavailable = 7, and never runs "
        "more than 8 + maxSurge = 10 pods."
    ),
    new_code_cell(
        "tl = pd.DataFrame(sim.timeline('shop/checkout', kind='Deployment'))\n"
        "tl['value'] = tl['value'].astype(int)\n"
        "wide = tl.pivot_table(index='time', columns='field', values='value', aggfunc='last').ffill().fillna(0)\n"
        "fig, ax = plt.subplots(figsize=(10, 4))\n"
        "for field, style in [('replicas', '-'), ('readyReplicas', '-'), ('updatedReplicas', '--')]:\n"
        "    if field in wide:\n"
        "        ax.step(wide.index, wide[field], where='post', linestyle=style, label=field)\n"
        "ax.axvline(180, color='grey', linewidth=0.8)\n"
        "ax.text(182, 0.5, 'v2 applied', color='grey')\n"
        "ax.set_xlabel('simulated seconds'); ax.set_ylabel('pods')\n"
        "ax.set_title('checkout: replicas during the rollout (maxSurge 2, maxUnavailable 1)')\n"
        "ax.legend(); plt.show()\n"
        "wide.tail()"
    ),
    new_code_cell(
        "first_ready = tl[(tl.field == 'readyReplicas') & (tl.value == 8)].time\n"
        "print(f'v1: all 8 replicas ready after {first_ready.iloc[0]:.1f} s')\n"
        "done = tl[(tl.field == 'updatedReplicas') & (tl.value == 8) & (tl.time > 180)].time.min()\n"
        "ready_after = tl[(tl.field == 'readyReplicas') & (tl.value == 8) & (tl.time > done)].time.min()\n"
        "print(f'v2: every replica updated at {done - 180:.1f} s and ready at {ready_after - 180:.1f} s after the apply')"
    ),
    new_markdown_cell(
        "Where did the time go? The events of one v2 pod show the pipeline: scheduling, the "
        "350 MB pull (serialized per node: pods landing on the same node wait for each other's "
        "pulls), sandbox, container start, then the first readiness probe that passes."
    ),
    new_code_cell(
        "events = sim.events_frame()\n"
        "v2 = events[(events.kind == 'Pod') & events.name.str.startswith('checkout-') & (events.time > 180)]\n"
        "pod = v2.name.iloc[0]\n"
        "print(sim.timeline(f'shop/{pod}'))\n"
        "events[events.name == pod][['time', 'reason', 'source', 'message']]"
    ),
    new_markdown_cell(
        "## A crash loop\n\n"
        "A pod whose container exits with code 1 twenty seconds after each start. The kubelet "
        "restarts it at once the first time, then waits 10 s, 20 s, 40 s, ... up to 5 minutes "
        "after each exit (the CrashLoopBackOff back-off, measured from the container's "
        "`finishedAt`; since 1.34 the restart follows the back-off's expiry within a few "
        "seconds). Over an hour the container runs only a small part of the time."
    ),
    new_code_cell(
        "loop = sim.fork()   # a branch: the rollout above is not affected\n"
        "loop.apply('''\n"
        "apiVersion: v1\n"
        "kind: Pod\n"
        "metadata: {name: flaky, namespace: shop}\n"
        "spec:\n"
        "  containers:\n"
        "  - {name: app, image: registry.k8s.io/pause:3.10}\n"
        "''', at=loop.now)\n"
        "loop.set_behavior(pod='shop/flaky', container='app', run='crash', after='20s', exit_code=1)\n"
        "start = loop.now\n"
        "loop.run(until=start + 3600)\n"
        "print(loop.get_pods())"
    ),
    new_code_cell(
        "changes = pd.DataFrame(loop.timeline('shop/flaky'))\n"
        "state = changes[changes.field == 'container/app'].copy()\n"
        "state['t'] = state.time - start\n"
        "starts = state[state.value.str.startswith('running')].t.to_numpy()\n"
        "exits = state[state.value.str.startswith('terminated')].t.to_numpy()\n"
        "fig, ax = plt.subplots(figsize=(10, 2.6))\n"
        "for s, e in zip(starts, list(exits) + [3600] * (len(starts) - len(exits))):\n"
        "    ax.broken_barh([(s, e - s)], (0, 1), color='tab:green')\n"
        "for e, s in zip(exits, starts[1:]):\n"
        "    ax.broken_barh([(e, s - e)], (0, 1), color='tab:red', alpha=0.35)\n"
        "ax.set_yticks([]); ax.set_xlabel('seconds since the pod was created')\n"
        "ax.set_title('flaky: running (green) and CrashLoopBackOff (red) over one hour')\n"
        "plt.show()\n"
        "waits = pd.Series(starts[1:] - exits[:len(starts) - 1], name='wait after exit (s)')\n"
        "print('restarts:', len(starts) - 1, ' time running: %.0f%%' % (100 * 20 * len(starts) / 3600))\n"
        "waits.to_frame().T"
    ),
    new_markdown_cell(
        "What `kubectl describe pod` would show at the end of that hour: the restart count, "
        "the last termination, and the `BackOff` events aggregated into one series."
    ),
    new_code_cell("print(loop.describe('shop/flaky'))"),
    new_markdown_cell(
        "The whole run is reproducible: the same cluster, inputs and seed give the same event "
        "log byte for byte, from Python, Lua or C."
    ),
    new_code_cell(
        "again = podsim.Simulation(cluster, kubernetes_version='1.34', seed=7,\n"
        "                          timing={'sandbox': '1.5s', 'image_pull_bytes_per_second': 40_000_000})\n"
        "again.set_image('ghcr.io/acme/checkout:1.0', size='120MB')\n"
        "again.set_image('ghcr.io/acme/checkout:2.0', size='350MB')\n"
        "again.set_behavior(pod='shop/checkout-*', container='checkout', ready_after='8s')\n"
        "again.apply(DEPLOYMENT.replace('IMAGE', 'ghcr.io/acme/checkout:1.0'), at=0)\n"
        "again.apply(DEPLOYMENT.replace('IMAGE', 'ghcr.io/acme/checkout:2.0'), at='3m')\n"
        "again.run(until='8m')\n"
        "again.event_log == sim.event_log"
    ),
]

nb = new_notebook(cells=cells)
nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
nb.metadata["execution"] = {"timeout": 300}
out = pathlib.Path(__file__).with_name("03-rollout-and-crashloop.ipynb")
nbformat.write(nb, out)
print(f"wrote {out}")
