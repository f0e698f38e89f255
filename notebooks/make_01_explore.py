"""Writes 01-explore-a-cluster.ipynb (cells only); `make notebooks` then
executes it in place so the committed copy carries the outputs of a run."""

import pathlib

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

cells = [
    new_markdown_cell(
        "# Explore a cluster snapshot\n\n"
        "Load what `kubectl get nodes,pods -A -o yaml` printed, look at it as "
        "kubectl would, and see how much of each node the pods have asked for. "
        "Everything here runs offline on the snapshot; nothing touches a cluster.\n\n"
        "The snapshot is podsim's built-in example (`examples/cluster.yaml`); "
        "point `SNAPSHOT` at your own dump to explore yours."
    ),
    new_code_cell(
        "import pathlib\n\n"
        "import podsim\n\n"
        "SNAPSHOT = pathlib.Path('..') / 'examples' / 'cluster.yaml'\n"
        "cluster = podsim.Cluster.load(SNAPSHOT)   # Kubernetes 1.34 rules by default\n"
        "cluster"
    ),
    new_markdown_cell(
        "## As kubectl shows it\n\n"
        "`render` prints the same tables as `kubectl get nodes -o wide` and "
        "`kubectl get pods -A -o wide`, including kubectl's STATUS column "
        "(`CrashLoopBackOff`, `Init:0/2`, `Completed`, ...). Ages are relative "
        "to the newest timestamp in the snapshot, so the output is reproducible."
    ),
    new_code_cell("print(cluster.render('nodes', wide=True))"),
    new_code_cell("print(cluster.render('pods', wide=True))"),
    new_markdown_cell(
        "## Nodes and pods as tables\n\n"
        "CPU is in millicores and memory in bytes, exactly as the scheduler "
        "counts them. A pod's request is its *effective* request: containers "
        "summed, the init-container maximum, sidecars and overhead included."
    ),
    new_code_cell(
        "nodes = cluster.to_pandas('nodes')\n"
        "nodes[['name', 'zone', 'pods', 'cpu_requested_milli', 'cpu_allocatable_milli',\n"
        "       'memory_requested_bytes', 'memory_allocatable_bytes']]"
    ),
    new_code_cell(
        "pods = cluster.to_pandas('pods')\n"
        "pods.sort_values('cpu_request_milli', ascending=False).head(10)"
    ),
    new_markdown_cell(
        "## Requests against allocatable\n\n"
        "Succeeded and Failed pods hold no capacity, as in the scheduler. "
        "The same figures as `kubectl describe node`'s *Allocated resources*:"
    ),
    new_code_cell("print(cluster.render('node-requests'))"),
    new_code_cell(
        "%matplotlib inline\n"
        "import matplotlib.pyplot as plt\n\n"
        "fig, axes = plt.subplots(1, 2, figsize=(11, 3.5), sharey=True)\n"
        "share = nodes.set_index('name')\n"
        "cpu = 100 * share.cpu_requested_milli / share.cpu_allocatable_milli\n"
        "mem = 100 * share.memory_requested_bytes / share.memory_allocatable_bytes\n"
        "for ax, values, title in ((axes[0], cpu, 'CPU'), (axes[1], mem, 'memory')):\n"
        "    values.plot.bar(ax=ax, color='tab:blue')\n"
        "    ax.axhline(100, color='tab:red', linewidth=1)\n"
        "    ax.set_title(f'{title} requested, % of allocatable')\n"
        "    ax.set_xlabel('')\n"
        "axes[0].set_ylabel('%')\n"
        "fig.tight_layout()\n"
        "plt.show()"
    ),
    new_markdown_cell(
        "## One node, one pod\n\n"
        "Views expose the Kubernetes fields with snake_case names; quantities "
        "keep `resource.Quantity`'s exact arithmetic and canonical strings."
    ),
    new_code_cell(
        "node = cluster.nodes[0]\n"
        "print(node.name, node.zone, 'requested', node.requested['cpu'], 'of', node.allocatable['cpu'], 'cpu')\n"
        "busiest = pods.sort_values('cpu_request_milli', ascending=False).iloc[0]\n"
        "pod = cluster.pod(f\"{busiest['namespace']}/{busiest['name']}\")\n"
        "pod"
    ),
    new_code_cell(
        "q = podsim.Quantity('1.5Gi')\n"
        "q, q.milli, str(q + podsim.Quantity('512Mi')), podsim.Quantity('0.1') + podsim.Quantity('900m')"
    ),
]

nb = new_notebook(cells=cells)
nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
nb.metadata["execution"] = {"timeout": 300}
out = pathlib.Path(__file__).with_name("01-explore-a-cluster.ipynb")
nbformat.write(nb, out)
print(f"wrote {out}")
