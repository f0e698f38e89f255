"""Writes 04-node-failure-whatif.ipynb (cells only); `make notebooks` then
executes it in place so the committed copy carries the outputs of a run."""

import pathlib

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

cells = [
    new_markdown_cell(
        "# Node X dies: when does each pod come back?\n\n"
        "The answer most operators give is \"300 seconds\". The real one depends on the "
        "node monitor grace period (40 s up to Kubernetes 1.31, 50 s from 1.32), the 5 s "
        "monitor pass, the zone's rate-limited tainting queue, the pods' tolerations, the "
        "controller that owns each pod, and its volumes. podsim runs the control plane "
        "forward on a simulated clock from a cluster snapshot and reports, per pod, when it "
        "went NotReady, was evicted, replaced and Running again, or why it never comes back "
        "on its own.\n\n"
        "The cluster is `examples/cluster.yaml`: six nodes in three zones, Deployments "
        "(`web`, `api`, `search`, `orders-worker`, `coredns`), a StatefulSet (`postgres`, "
        "ReadWriteOnce volumes), a DaemonSet (`kube-proxy`) and a Job."
    ),
    new_code_cell(
        "import pathlib\n\n"
        "import matplotlib.pyplot as plt\n"
        "import pandas as pd\n"
        "import podsim\n\n"
        "EXAMPLES = pathlib.Path('..') / 'examples'\n"
        "cluster = podsim.Cluster.load(EXAMPLES / 'cluster.yaml')\n"
        "print(cluster.render('nodes'))"
    ),
    new_markdown_cell(
        "## worker-a1 stops heartbeating at t = 0\n\n"
        "A crash or a network partition: the kubelet stops renewing its Lease, the "
        "containers keep running but nobody hears from them. Kubernetes 1.34 defaults."
    ),
    new_code_cell(
        "sim = podsim.Simulation(cluster, kubernetes_version='1.34', seed=1)\n"
        "sim.fail_node('worker-a1', at=0, mode='unreachable')\n"
        "sim.run(until='15m')\n"
        "report = sim.report()\n"
        "print(report.summary())"
    ),
    new_code_cell(
        "pods = report.to_pandas()\n"
        "pods[['namespace', 'name', 'workload_kind', 'not_ready_at', 'evicted_at', "
        "'replaced_by', 'ready_again_at']]"
    ),
    new_markdown_cell(
        "## Each pod's disruption, as a Gantt chart\n\n"
        "Grey: still believed Running (the API shows the last status the kubelet wrote). "
        "Orange: NotReady (the node lifecycle controller marked it; traffic stops). "
        "Red: evicted and not yet replaced, or stuck. Green: its replacement is Ready."
    ),
    new_code_cell(
        "end = report.now\n"
        "fig, ax = plt.subplots(figsize=(10, 0.5 * len(report.pods) + 1))\n"
        "for row, p in enumerate(report.pods):\n"
        "    start = p.disrupted_at\n"
        "    not_ready = p.not_ready_at if p.not_ready_at is not None else end\n"
        "    evicted = p.evicted_at if p.evicted_at is not None else end\n"
        "    back = p.ready_again_at if p.ready_again_at is not None else end\n"
        "    ax.barh(row, not_ready - start, left=start, color='lightgrey')\n"
        "    ax.barh(row, evicted - not_ready, left=not_ready, color='orange')\n"
        "    ax.barh(row, back - evicted, left=evicted, color='tab:red')\n"
        "    if p.ready_again_at is not None:\n"
        "        ax.barh(row, end - back, left=back, color='tab:green')\n"
        "ax.set_yticks(range(len(report.pods)), [p.key for p in report.pods])\n"
        "ax.invert_yaxis()\n"
        "ax.set_xlabel('simulated seconds after the failure')\n"
        "ax.set_title('worker-a1 lost at 0 s (Kubernetes 1.34)')\n"
        "for x, label in [(55, 'NotReady 55 s'), (60.1, 'NoExecute taint 60.1 s'),\n"
        "                 (360.1, 'evictions 360.1 s')]:\n"
        "    ax.axvline(x, color='black', lw=0.6, ls='--')\n"
        "    ax.text(x, -0.7, label, fontsize=8)\n"
        "plt.tight_layout()"
    ),
    new_markdown_cell(
        "The ReplicaSet pods are replaced the moment they are evicted. `postgres-0` is not: "
        "a StatefulSet creates a pod of the same name only once the old object is gone, and "
        "nothing removes a pod from a node that never answers. The DaemonSet pod tolerates "
        "the taints for ever. The report says so:"
    ),
    new_code_cell(
        "for p in report.stuck:\n"
        "    print(f'{p.key}: {p.stuck}')"
    ),
    new_markdown_cell(
        "## The ways out for postgres-0, on forks\n\n"
        "A fork is an independent copy of the simulation at its current time. From the "
        "state at 8 minutes, try each of the exits of the upstream runbook and see when "
        "`postgres-0` is Ready again."
    ),
    new_code_cell(
        "base = podsim.Simulation(cluster, kubernetes_version='1.34', seed=1)\n"
        "base.fail_node('worker-a1', at=0)\n"
        "base.run(until='8m')\n"
        "ways = {\n"
        "    'force delete': lambda s: s.force_delete('shop/postgres-0', at='8m'),\n"
        "    'out-of-service taint': lambda s: s.taint(\n"
        "        'worker-a1', 'node.kubernetes.io/out-of-service=nodeshutdown:NoExecute', at='8m'),\n"
        "    'delete the Node': lambda s: s.delete_node('worker-a1', at='8m'),\n"
        "    'node returns': lambda s: s.recover_node('worker-a1', at='8m'),\n"
        "    'wait': lambda s: None,\n"
        "}\n"
        "rows = []\n"
        "for name, act in ways.items():\n"
        "    branch = base.fork()\n"
        "    act(branch)\n"
        "    branch.run(until='30m')\n"
        "    p = branch.report().pod('shop/postgres-0')\n"
        "    rows.append({'way out at 8m': name, 'removed at (s)': p.removed_at,\n"
        "                 'Ready again at (s)': p.ready_again_at, 'stuck': p.stuck})\n"
        "pd.DataFrame(rows)"
    ),
    new_markdown_cell(
        "Force-deleting frees the name at once, but the new pod waits for its ReadWriteOnce "
        "volume: the attach-detach controller only force-detaches from an unhealthy node "
        "after 6 minutes. The out-of-service taint releases the volume at once (and pod GC "
        "removes the pod within its 20 s loop). Deleting the Node goes through pod GC's "
        "40 s quarantine, then the same 6-minute detach.\n\n"
        "## How much does tolerationSeconds buy?\n\n"
        "A Deployment `checkout` (6 replicas) is created at 0 with the kube-apiserver's "
        "`--default-unreachable-toleration-seconds` set to T; worker-a1 fails at 1 minute. "
        "Time from the failure until `checkout` has all 6 replicas Ready again, for "
        "Kubernetes 1.31 (grace 40 s) and 1.34 (grace 50 s)."
    ),
    new_code_cell(
        "CHECKOUT = '''\n"
        "apiVersion: apps/v1\n"
        "kind: Deployment\n"
        "metadata: {name: checkout, namespace: shop}\n"
        "spec:\n"
        "  replicas: 6\n"
        "  selector: {matchLabels: {app: checkout}}\n"
        "  template:\n"
        "    metadata: {labels: {app: checkout}}\n"
        "    spec:\n"
        "      containers:\n"
        "      - {name: checkout, image: 'ghcr.io/acme/checkout:1.0',\n"
        "         resources: {requests: {cpu: 100m, memory: 128Mi}}}\n"
        "'''\n"
        "\n"
        "def recovery(version, seconds):\n"
        "    s = podsim.Simulation(cluster, kubernetes_version=version, seed=1,\n"
        "                          node_lifecycle={'default-unreachable-toleration-seconds': seconds})\n"
        "    s.set_image('ghcr.io/acme/checkout:1.0', size='120MB')\n"
        "    s.apply(CHECKOUT, at=0)\n"
        "    s.fail_node('worker-a1', at='1m')\n"
        "    s.run(until='20m')\n"
        "    w = [w for w in s.report().workloads if w.name == 'checkout']\n"
        "    # from the failure (60 s), not from when the Deployment noticed\n"
        "    return w[0].recovered_at - 60 if w and w[0].recovered_at else None\n"
        "\n"
        "sweep = [0, 10, 30, 60, 120, 300, 600]\n"
        "table = pd.DataFrame({v: [recovery(v, t) for t in sweep] for v in ('1.31', '1.34')},\n"
        "                     index=pd.Index(sweep, name='tolerationSeconds'))\n"
        "table"
    ),
    new_code_cell(
        "ax = table.plot(marker='o', figsize=(7, 4))\n"
        "ax.set_ylabel('seconds until checkout is fully Ready again')\n"
        "ax.set_title('worker-a1 lost: recovery time against tolerationSeconds')\n"
        "ax.grid(True, alpha=0.3)"
    ),
    new_markdown_cell(
        "Recovery is the grace period plus one monitor pass, plus the tainting loop, plus "
        "tolerationSeconds, plus scheduling and start-up (here an image pull of 120 MB on "
        "nodes that do not have it). Lowering tolerationSeconds trades faster recovery for "
        "evictions during short network blips: a node that is back before the deadline "
        "keeps its pods."
    ),
]

nb = new_notebook(cells=cells, metadata={
    "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
    "language_info": {"name": "python"},
})
out = pathlib.Path(__file__).with_name("04-node-failure-whatif.ipynb")
nbformat.write(nb, out)
print(f"wrote {out}")
