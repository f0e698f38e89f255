"""Writes 02-why-pending.ipynb (cells only); `make notebooks` then
executes it in place so the committed copy carries the outputs of a run."""

import pathlib

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

cells = [
    new_markdown_cell(
        "# Why is my pod Pending?\n\n"
        "A pod stays `Pending` when kube-scheduler finds no node for it. The scheduler says why "
        "in one line, the `FailedScheduling` event that `kubectl describe pod` prints, but that "
        "line is a histogram over nodes, not a per-node answer. podsim runs the same scheduling "
        "cycle offline on a snapshot and keeps what the line summarises: every node's Filter "
        "verdict, every plugin's score, and what preemption would do.\n\n"
        "The snapshot is `examples/pending-cluster.yaml`: 12 nodes in three zones of us-east-2 "
        "(a tainted control plane, a general pool that is nearly full, a spot node, a cordoned "
        "node, two 4-GPU nodes behind a taint, a dedicated monitoring node), priority classes "
        "from `analytics` (500) to `shop-critical` (100000), and a PodDisruptionBudget. Five "
        "pods are Pending. Everything runs on the default scheduler profile of Kubernetes 1.34."
    ),
    new_code_cell(
        "import pathlib\n\n"
        "import pandas as pd\n"
        "import podsim\n\n"
        "pd.set_option('display.max_colwidth', None)\n"
        "pd.set_option('display.width', 200)\n\n"
        "SNAPSHOT = pathlib.Path('..') / 'examples' / 'pending-cluster.yaml'\n"
        "SEED = 42   # ties between equally scored nodes are broken at random; a seed fixes the draw\n"
        "cluster = podsim.Cluster.load(SNAPSHOT)\n"
        "cluster"
    ),
    new_markdown_cell(
        "## The cluster\n\n"
        "`kubectl get nodes`: `app-c2` is cordoned (`SchedulingDisabled`). The taints are not in "
        "that table, and they decide most of what follows, so they are listed next to each node's "
        "pool label and its requested share of CPU."
    ),
    new_code_cell("print(cluster.render('nodes'))"),
    new_code_cell(
        "def gpus(resources):\n"
        "    return resources.get('nvidia.com/gpu', podsim.Quantity(0)).value\n\n"
        "nodes = cluster.to_pandas('nodes').set_index('name')\n"
        "pd.DataFrame({\n"
        "    'zone': nodes.zone,\n"
        "    'pool': [cluster.node(n).labels.get('acme.io/pool') for n in nodes.index],\n"
        "    'taints': [', '.join(f'{t.key}={t.value}:{t.effect}' if t.value else f'{t.key}:{t.effect}'\n"
        "                         for t in cluster.node(n).taints) for n in nodes.index],\n"
        "    'cpu %': (100 * nodes.cpu_requested_milli / nodes.cpu_allocatable_milli).round().astype(int),\n"
        "    'gpu free': [gpus(cluster.node(n).allocatable) - gpus(cluster.node(n).requested)\n"
        "                 for n in nodes.index],\n"
        "})"
    ),
    new_markdown_cell(
        "The Pending pods, as `kubectl get pods -A --field-selector=status.phase=Pending` would "
        "list them. `eval-support-bot` carries a scheduling gate, so the scheduler never tries it; "
        "the third report pod and the api and storefront replicas (added by an autoscaler) were "
        "created seconds before the snapshot; `finetune-support-bot` has been waiting for 38 minutes."
    ),
    new_code_cell(
        "pods = cluster.to_pandas('pods')\n"
        "pending = pods[pods.phase == 'Pending']\n"
        "pending[['namespace', 'name', 'status', 'priority', 'cpu_request_milli', 'memory_request_bytes', 'created']]"
    ),
    new_markdown_cell(
        "## 1. A pod that fits nowhere\n\n"
        "`ml/finetune-support-bot` wants a whole GPU node: 4 GPUs, 24 CPUs and 96 GiB. It selects "
        "the A10G nodes with a `nodeSelector` and carries a typical toleration mix: the GPU taint "
        "(`nvidia.com/gpu`, `Exists`), the spot taint written with the wrong effect (`NoSchedule`, "
        "while `app-b2`'s taint is `PreferNoSchedule`) and the two `NoExecute` tolerations that "
        "admission adds to every pod."
    ),
    new_code_cell(
        "pod = cluster.pod('ml/finetune-support-bot-x2vvl')\n"
        "print('priority', pod.priority, f'({pod.spec.priority_class_name})')\n"
        "print('requests', {k: str(v) for k, v in pod.requests.items()})\n"
        "print('nodeSelector', pod.spec.node_selector)\n"
        "for t in pod.spec.tolerations:\n"
        "    print('toleration', t.key, t.op, t.value or '-', t.effect or '(all effects)')"
    ),
    new_markdown_cell(
        "`Cluster.schedule` runs one scheduling cycle for the pod (PreFilter, Filter, PostFilter, "
        "and Score when some node passes) without binding it. `explain=True` keeps the per-node "
        "detail. `r.message` is the text of the `FailedScheduling` event, formatted as "
        "kube-scheduler's `FitError.Error()` does:\n\n"
        "* `0/N nodes are available:` then one `count reason` entry per distinct reason. A node "
        "counts once under each of its reasons, so the counts can add up to more than N (`gpu-a1` "
        "lacks both memory and GPUs). The entries are sorted as strings, which is why "
        "`10 ...` comes before `2 ...`.\n"
        "* `preemption:` then the PostFilter (DefaultPreemption) verdict, in the same format, "
        "when preemption was tried and found nothing.\n\n"
        "It is the same text the scheduler wrote into the pod's `PodScheduled` condition in the snapshot."
    ),
    new_code_cell(
        "r = cluster.schedule(pod, explain=True, seed=SEED)\n"
        "print(r.message)\n"
        "assert r.message == pod.status.conditions[0].message   # what the real scheduler wrote\n"
        "r"
    ),
    new_markdown_cell(
        "### Per-node Filter verdicts\n\n"
        "`r.filters` holds, for every node that failed, the plugin that rejected it, its status "
        "and its reasons. Filter plugins run in profile order (`NodeUnschedulable`, `NodeName`, "
        "`TaintToleration`, `NodeAffinity`, `NodePorts`, `NodeResourcesFit`, ...) and a node stops "
        "at the first failure, so a control-plane node shows its taint and never the missing GPU "
        "label; `NodeResourcesFit` alone reports every insufficient resource.\n\n"
        "The status matters for preemption. `UnschedulableAndUnresolvable` means evicting pods "
        "cannot help (a taint, a selector, a cordon, a request larger than the node's allocatable) "
        "and those nodes make up the `Preemption is not helpful for scheduling` count. Only "
        "`Unschedulable` nodes are preemption candidates."
    ),
    new_code_cell(
        "verdicts = pd.DataFrame.from_dict(r.filters, orient='index')\n"
        "verdicts['reasons'] = verdicts.reasons.str.join('; ')\n"
        "verdicts.rename_axis('node')"
    ),
    new_markdown_cell(
        "The order of the rows is the order in which nodes were evaluated: kube-scheduler's node "
        "tree takes one node from each zone in turn. It decides which nodes a large cluster looks "
        "at. After `percentageOfNodesToScore`, the scheduler stops once it has found "
        "`numFeasibleNodesToFind` feasible nodes: by default `max(5, 50 - N/125)` percent of N, but "
        "never fewer than 100 nodes. With 12 nodes, every node is evaluated. "
        "`exhaustive=True` turns the sampling off on large snapshots."
    ),
    new_code_cell(
        "print(f'{r.evaluated} of {r.node_count} nodes evaluated, {len(r.feasible)} feasible')"
    ),
    new_markdown_cell(
        "Preemption tried the two GPU nodes and found `No preemption victims found for incoming "
        "pod`: it may evict only pods of strictly lower priority, and every pod on those nodes "
        "runs at `ml-training` (1000, the pod's own priority) or above. A higher priority class "
        "would not be enough either, unless it outranked `ml-serving`, because a "
        "`support-bot-inference` replica (50000) holds one GPU on each node."
    ),
    new_code_cell(
        "gpu_pods = pods[pods.node.isin(['gpu-a1', 'gpu-b1'])]\n"
        "gpu_pods.assign(gpus=[gpus(cluster.pod(f'{ns}/{n}').requests)\n"
        "                      for ns, n in zip(gpu_pods.namespace, gpu_pods.name)])[\n"
        "    ['node', 'namespace', 'name', 'priority', 'gpus']].sort_values(['node', 'priority'])"
    ),
    new_markdown_cell(
        "What would fit today? The same pod with fewer GPUs, each variant a dict scheduled "
        "without binding:"
    ),
    new_code_cell(
        "noschedule_tolerations = [{'key': t.key, 'operator': t.op, 'value': t.value, 'effect': t.effect}\n"
        "                          for t in pod.spec.tolerations if t.effect == 'NoSchedule']\n\n"
        "def finetune_with(gpu_count):\n"
        "    return {'metadata': {'name': f'finetune-{gpu_count}gpu', 'namespace': 'ml'},\n"
        "            'spec': {'priorityClassName': 'ml-training',\n"
        "                     'nodeSelector': dict(pod.spec.node_selector),\n"
        "                     'tolerations': noschedule_tolerations,\n"
        "                     'containers': [{'name': 'trainer', 'image': pod.containers[0].image,\n"
        "                                     'resources': {'requests': {'cpu': '24', 'memory': '96Gi',\n"
        "                                                                'nvidia.com/gpu': str(gpu_count)}}}]}}\n\n"
        "pd.DataFrame([{'gpus': g, 'feasible': cluster.schedule(finetune_with(g), seed=SEED).feasible}\n"
        "              for g in (1, 2, 3, 4)])"
    ),
    new_markdown_cell(
        "## 2. Relax the pod: how the scheduler ranks the nodes that fit\n\n"
        "A CPU-only data-preparation step of the same job keeps the tolerations, drops the GPU "
        "and the `nodeSelector`, asks for 500m / 2 GiB, and *prefers* the general pool "
        "(`preferredDuringSchedulingIgnoredDuringExecution`, weight 100). A pod given as a dict "
        "is defaulted as on admission (its priority comes from its PriorityClass) and is not "
        "added to the model."
    ),
    new_code_cell(
        "dataprep = {\n"
        "    'metadata': {'name': 'finetune-support-bot-dataprep', 'namespace': 'ml'},\n"
        "    'spec': {\n"
        "        'priorityClassName': 'ml-training',\n"
        "        'tolerations': noschedule_tolerations,   # GPU, and spot with the wrong effect\n"
        "        'affinity': {'nodeAffinity': {'preferredDuringSchedulingIgnoredDuringExecution': [\n"
        "            {'weight': 100, 'preference': {'matchExpressions': [\n"
        "                {'key': 'acme.io/pool', 'operator': 'In', 'values': ['general']}]}}]}},\n"
        "        'containers': [{'name': 'prep', 'image': 'ghcr.io/acme/llm-finetune:0.9.2',\n"
        "                        'resources': {'requests': {'cpu': '500m', 'memory': '2Gi'}}}],\n"
        "    },\n"
        "}\n"
        "r2 = cluster.schedule(dataprep, explain=True, seed=SEED)\n"
        "print(r2)\n"
        "print('feasible:', r2.feasible)"
    ),
    new_markdown_cell(
        "Every feasible node is scored by each Score plugin. The raw score is normalized to "
        "0..100 and multiplied by the plugin's weight in the profile; the node with the highest "
        "sum wins. `r.to_pandas()` has one row per node × plugin (`raw`, `score`, `weighted`), "
        "followed by the failing nodes. The heatmap shows the weighted part of each plugin:"
    ),
    new_code_cell(
        "df = r2.to_pandas()\n"
        "scored = df[df.status == 'Success']\n"
        "weighted = (scored.pivot(index='node', columns='plugin', values='weighted')\n"
        "            .astype(int)[r2.score_plugins]\n"
        "            .loc[sorted(r2.totals, key=lambda n: (-r2.totals[n], n))])\n"
        "print('weights:', r2.weights)\n"
        "df.head(8)"
    ),
    new_code_cell(
        "%matplotlib inline\n"
        "import matplotlib.pyplot as plt\n\n"
        "fig, ax = plt.subplots(figsize=(9, 3.8))\n"
        "im = ax.imshow(weighted.values, cmap='viridis', aspect='auto', vmin=0, vmax=300)\n"
        "ax.set_xticks(range(len(weighted.columns)), weighted.columns, rotation=30, ha='right')\n"
        "ax.set_yticks(range(len(weighted.index)),\n"
        "              [f'{n}  (total {r2.totals[n]})' for n in weighted.index])\n"
        "for i, row in enumerate(weighted.values):\n"
        "    for j, v in enumerate(row):\n"
        "        ax.text(j, i, v, ha='center', va='center', color='white' if v < 150 else 'black')\n"
        "ax.set_title(f'{r2.pod}: weighted score per node x plugin (chosen: {r2.node})')\n"
        "fig.colorbar(im, ax=ax, label='score x weight')\n"
        "fig.tight_layout()\n"
        "plt.show()"
    ),
    new_markdown_cell(
        "How to read it, plugin by plugin (default weights in brackets):\n\n"
        "* **TaintToleration** (3) counts the `PreferNoSchedule` taints the pod does not tolerate. "
        "`app-b2` scores 0 because the pod's spot toleration has effect `NoSchedule`, and a "
        "toleration with an effect only matches taints with that effect. Removing the `effect` "
        "from the toleration (or setting it to `PreferNoSchedule`) would make it match.\n"
        "* **NodeAffinity** (2): the preferred term's weight where the node matches, normalized "
        "to 100. The GPU nodes get 0.\n"
        "* **NodeResourcesFit** (1, `LeastAllocated`) favours free CPU and memory, "
        "**NodeResourcesBalancedAllocation** (1) nodes whose CPU and memory shares stay even.\n"
        "* **ImageLocality** (1): the 9 GB `llm-finetune` image is already on the GPU nodes.\n"
        "* **PodTopologySpread** and **InterPodAffinity** (2 each) skip this pod in PreScore. It "
        "has no affinity terms and no spread constraints, and as a bare pod no Service or "
        "ReplicaSet selects it, so the default spread constraints do not apply. "
        "Skipped plugins add 0 everywhere.\n\n"
        "`top_nodes` lists every node tied at the best total. When there are several, "
        "kube-scheduler picks one uniformly at random, and `seed=` makes that draw reproducible."
    ),
    new_code_cell(
        "print('skipped in PreScore:', sorted(set(sum(r2.skipped.values(), []))))\n"
        "print('top nodes:', r2.top_nodes, '-> chosen', r2.node)\n"
        "pd.Series(r2.totals, name='total').sort_values(ascending=False).to_frame()"
    ),
    new_markdown_cell(
        "## 3. A pod that fits only if others go: preemption\n\n"
        "`shop/api`'s new replica asks for 2500m CPU at priority `shop-critical` (100000). No "
        "general node has 2500m free, so Filter fails everywhere (`5 Insufficient cpu`). Those "
        "five nodes are `Unschedulable`, which makes them preemption candidates, and "
        "DefaultPreemption looks for lower-priority pods to evict. When it finds them, PostFilter "
        "succeeds. The event then carries only the Filter part of the message. The pod gets "
        "`status.nominatedNodeName`, the victims are deleted gracefully, and the pod is "
        "scheduled in a later cycle."
    ),
    new_code_cell(
        "api = cluster.pod('shop/api-hps8tzv695-pwwdv')\n"
        "r3 = cluster.schedule(api, explain=True, seed=SEED)\n"
        "print(r3.message)\n"
        "r3.preemption"
    ),
    new_code_cell(
        "def victims_table(victims):\n"
        "    rows = [cluster.pod(v) for v in victims]\n"
        "    return pd.DataFrame({'victim': victims, 'node': [p.node_name for p in rows],\n"
        "                         'priority': [p.priority for p in rows],\n"
        "                         'cpu': [str(p.requests['cpu']) for p in rows]})\n\n"
        "victims_table(r3.preemption['victims'])"
    ),
    new_markdown_cell(
        "On each candidate node, DefaultPreemption removes every pod of lower priority, checks "
        "that the pod then fits, and adds pods back (reprieves them) while it still fits. Pods "
        "whose eviction would violate a PodDisruptionBudget are reprieved first. `app-a2`, "
        "`app-b2` and `app-c1` run only `shop-critical` and system pods, so they have no victims. "
        "Two candidates remain:\n\n"
        "* `app-b1`: evict both running `weekly-revenue-report` pods (2 × priority 500, no PDB);\n"
        "* `app-a1`: evict one `spark-worker` pod (priority 500). One victim with a lower sum of "
        "priorities would win, but the `spark-worker` PDB (`minAvailable: 2` with 2 healthy pods) "
        "allows no disruption.\n\n"
        "kube-scheduler's `pickOneNodeForPreemption` compares candidates in this order: fewest PDB "
        "violations, lowest highest-victim priority, smallest sum of victim priorities, fewest "
        "victims, latest start time of the highest-priority victims. The PDB decides at the first "
        "step. Pinning a copy of the pod to `app-a1` (a `nodeSelector` on the hostname) shows the "
        "candidate that lost:"
    ),
    new_code_cell(
        "pinned = {\n"
        "    'metadata': {'name': 'api-pinned-to-app-a1', 'namespace': 'shop', 'labels': dict(api.labels)},\n"
        "    'spec': {'priorityClassName': 'shop-critical',\n"
        "             'nodeSelector': {'kubernetes.io/hostname': 'app-a1'},\n"
        "             'containers': [{'name': 'api', 'image': api.containers[0].image,\n"
        "                             'resources': {'requests': {k: str(v) for k, v in api.requests.items()}}}]},\n"
        "}\n"
        "r4 = cluster.schedule(pinned, explain=True, seed=SEED)\n"
        "print(r4.preemption)\n"
        "victims_table(r4.preemption['victims'])"
    ),
    new_code_cell(
        "pd.DataFrame([{'pdb': f'{b.meta.namespace}/{b.meta.name}', 'selector': b.selector.match_labels,\n"
        "               'minAvailable': b.min_available or None, 'maxUnavailable': b.max_unavailable or None,\n"
        "               'healthy': b.status_current_healthy, 'disruptionsAllowed': b.status_disruptions_allowed}\n"
        "              for b in cluster.pdbs])"
    ),
    new_markdown_cell(
        "PDBs bind preemption only on a best-effort basis. When every candidate violates one, the "
        "scheduler still preempts and takes the candidate with the fewest violations "
        "(`pdb_violations` counts them). The same PDB also blocks `kubectl drain app-c2`: the "
        "cordoned node still runs the other `spark-worker` pod, and evicting it would break "
        "`minAvailable: 2`."
    ),
    new_markdown_cell(
        "## 4. The whole queue\n\n"
        "`schedule_pending` takes every pending pod in `PrioritySort` order (higher priority "
        "first, then the older pod) and binds each placement in the model, so later pods see "
        "earlier ones. `PreEnqueue` (`SchedulingGates`) keeps the gated pod out. Preemption is "
        "reported but not carried out: the api replica stays Pending with its nominated node, as "
        "it would until its victims have terminated."
    ),
    new_code_cell(
        "placements = cluster.schedule_pending(seed=SEED)\n"
        "print(placements)\n"
        "table = placements.to_pandas()\n"
        "table.insert(1, 'priority', [cluster.pod(p).priority for p in table.pod])\n"
        "table['message'] = table.message.str.slice(0, 60)\n"
        "table[['pod', 'priority', 'node', 'gated', 'nominated_node', 'victims', 'message']]"
    ),
    new_markdown_cell(
        "The storefront replica fits on several general nodes. The third report pod needs "
        "1500m, and only the spot node `app-b2` has that much free: it does not tolerate the spot "
        "taint, but a `PreferNoSchedule` taint only lowers a node's score. The pods now bound "
        "show up in the node accounting:"
    ),
    new_code_cell("print(cluster.render('node-requests'))"),
    new_markdown_cell(
        "## Reading a FailedScheduling message\n\n"
        "* `0/N nodes are available` counts nodes once per reason. Look up the node behind each "
        "reason in `r.filters`.\n"
        "* Taints, selectors/affinity and cordons are *unresolvable*: change the pod (tolerations, "
        "selectors) or the nodes.\n"
        "* `Insufficient <resource>` is resolvable by preemption only if lower-priority pods can "
        "make room. `No preemption victims found` means they cannot: the pod's priority is too "
        "low, or the node would still be too small.\n"
        "* A successful preemption leaves only the Filter part in the message and nominates a "
        "node. `r.preemption` names it and the victims. PDBs steer that choice but do not forbid it."
    ),
]

nb = new_notebook(cells=cells)
nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
nb.metadata["execution"] = {"timeout": 300}
out = pathlib.Path(__file__).with_name("02-why-pending.ipynb")
nbformat.write(nb, out)
print(f"wrote {out}")
