"""Writes 05-troubleshooting.ipynb (cells only); `make notebooks` then
executes it in place so the committed copy carries the outputs of a run."""

import pathlib

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

cells = [
    new_markdown_cell(
        "# Troubleshooting: why is this pod not Running?\n\n"
        "An operator's day starts where the previous notebooks end: a pod is `Pending`, "
        "`CrashLoopBackOff`, `ContainerCreating` or stuck on a lost node, and the next hour "
        "goes into `kubectl describe`, `logs -p`, `get events`, `describe node` until the "
        "cause shows. `podsim.diagnose` does that pass offline, on the kubectl output you "
        "already have (or inside a simulation): it reads one normalized set of facts about "
        "the pod, runs the built-in catalogue of failure categories over them, ranks the "
        "findings causally (a lost node outranks the readiness symptoms it causes) and says "
        "which commands to run next, with the evidence quoted as kubectl shows it.\n\n"
        "The input here is real: the support bundle of a single-node k3s cluster (from "
        "replicatedhq/troubleshoot, PR 1852) whose author deployed broken workloads on "
        "purpose, a crash-looping `backend-api` and a `cpu-intensive-app` with three "
        "replicas of 800m CPU on a 2-CPU node. It lives in the project's shared corpus "
        "(`$PODSIM_SHARED_DIR/data/corpus`); without it the notebook falls back to a dump "
        "of a podsim simulation with the same two problems."
    ),
    new_code_cell(
        "import os\n"
        "import pathlib\n\n"
        "import podsim\n\n"
        "SHARED = pathlib.Path(os.environ.get('PODSIM_SHARED_DIR', '../../shared'))\n"
        "BUNDLE = SHARED / 'data' / 'corpus' / 'k3s-bundle'\n"
        "FILES = ['nodes.json', 'pods-default.json', 'pods-kube-system.json',\n"
        "         'events-default.json', 'events-kube-system.json', 'replicasets-default.json',\n"
        "         'deployments-default.json', 'deployments-kube-system.json',\n"
        "         'daemonsets-kube-system.json', 'jobs-kube-system.json']\n\n"
        "if all((BUNDLE / f).is_file() for f in FILES):\n"
        "    cluster = podsim.Cluster.load([BUNDLE / f for f in FILES])\n"
        "    source = f'the k3s support bundle ({BUNDLE})'\n"
        "else:\n"
        "    # Fallback: simulate the same two problems and dump the result as kubectl would.\n"
        "    print(f'The shared corpus is absent ({BUNDLE}): using a simulated cluster instead.')\n"
        "    node = '''apiVersion: v1\n"
        "kind: Node\n"
        "metadata: {name: c9b7eea91, creationTimestamp: \"2025-09-11T14:00:00Z\"}\n"
        "status:\n"
        "  capacity: {cpu: \"2\", memory: 8146056Ki, pods: \"110\"}\n"
        "  allocatable: {cpu: \"2\", memory: 8146056Ki, pods: \"110\"}\n"
        "  conditions: [{type: Ready, status: \"True\"}]\n"
        "'''\n"
        "    apps = '''apiVersion: apps/v1\n"
        "kind: Deployment\n"
        "metadata: {name: backend-api, namespace: default}\n"
        "spec:\n"
        "  replicas: 1\n"
        "  selector: {matchLabels: {app: backend-api}}\n"
        "  template:\n"
        "    metadata: {labels: {app: backend-api}}\n"
        "    spec:\n"
        "      containers: [{name: backend-api, image: busybox:1.36}]\n"
        "---\n"
        "apiVersion: apps/v1\n"
        "kind: Deployment\n"
        "metadata: {name: cpu-intensive-app, namespace: default}\n"
        "spec:\n"
        "  replicas: 3\n"
        "  selector: {matchLabels: {app: cpu-intensive-app}}\n"
        "  template:\n"
        "    metadata: {labels: {app: cpu-intensive-app}}\n"
        "    spec:\n"
        "      containers:\n"
        "      - name: app\n"
        "        image: busybox:1.36\n"
        "        resources: {requests: {cpu: 800m}}\n"
        "'''\n"
        "    base = podsim.Cluster()\n"
        "    base.loads(node)\n"
        "    sim = podsim.Simulation(base, kubernetes_version='1.33', seed=1)\n"
        "    sim.apply(apps)\n"
        "    sim.set_behavior('default/backend-api-*', 'backend-api', run='crash', exit_code=1,\n"
        "                     after='2s')\n"
        "    sim.run(until='10m')\n"
        "    cluster = podsim.Cluster()\n"
        "    cluster.loads(sim.dump(), source='simulation-dump.yaml')\n"
        "    source = 'a podsim simulation, dumped as kubectl YAML'\n\n"
        "print(f'Diagnosing {source}')\n"
        "print(cluster.render('pods'))"
    ),
    new_markdown_cell(
        "## Every pod with a problem\n\n"
        "`podsim.diagnose_all` looks at every pod and keeps those with findings, in "
        "`kubectl get pods -A` order. Healthy pods produce no finding at all: no false "
        "alarm on the Running `memory-hungry-app` replicas, the kube-system pods or the "
        "completed helm-install Job pods."
    ),
    new_code_cell(
        "problems = podsim.diagnose_all(cluster)\n"
        "print(f'{len(problems)} of {problems.pods_examined} pods have findings')\n"
        "problems"
    ),
    new_markdown_cell(
        "## The crash-looping API\n\n"
        "In Jupyter a diagnosis shows as a table: the primary finding first, the evidence it "
        "rests on (quoted as kubectl prints it), the commands to run next (`-c` only for "
        "multi-container pods, `-p` only when the container restarted)."
    ),
    new_code_cell(
        "crash = next(d for d in problems if d.primary.category.startswith('crashloop'))\n"
        "crash"
    ),
    new_code_cell(
        "print(crash)  # the same as text: what `podsim diagnose dump.yaml --pod ...` prints"
    ),
    new_markdown_cell(
        "`d.kubectl` holds the views as kubectl would have printed them at the dump's time, "
        "so the evidence can be checked against the familiar output: `kubectl describe pod` "
        "(field order, alignment, the events table with `(xN over T)`) and `kubectl get "
        "events` for the pod."
    ),
    new_code_cell(
        "print(crash.kubectl['describe'])"
    ),
    new_code_cell(
        "print(crash.kubectl['events'])"
    ),
    new_markdown_cell(
        "## The pods that do not fit\n\n"
        "For an unschedulable pod the engine parses the scheduler's message (`0/1 nodes are "
        "available: 1 Insufficient cpu`) and, with `whatif` on (the default for a single "
        "pod), re-runs the scheduler on a copy to find the smallest change that makes it "
        "fit: a lower request, one more node of an existing shape, or which pods preemption "
        "would remove. The consequences are computed, not guessed."
    ),
    new_code_cell(
        "pending_key = next(d.key for d in problems\n"
        "                   if d.primary.category.startswith('scheduling.'))\n"
        "pending = podsim.diagnose(cluster, pod=pending_key)\n"
        "p = pending.primary\n"
        "print(p.category, '-', p.title)\n"
        "for e in p.evidence:\n"
        "    print('  evidence:', e.path, '=', e.quote or e.value)\n"
        "for w in p.ways_out:\n"
        "    after = f'ready after {w.after:.0f} s' if w.after is not None else 'not computed'\n"
        "    print(f'  way out: {w.action}: {w.command} -> {w.consequence} ({after})')\n"
        "for n in p.next:\n"
        "    print('  $', n.command)"
    ),
    new_markdown_cell(
        "The whole diagnosis is also data: `to_dict()` is the output schema (the same content "
        "as `podsim diagnose -o json`), and `facts` lists every normalized fact the rules "
        "saw, each observed in the dump, simulated, or derived by podsim."
    ),
    new_code_cell(
        "doc = pending.to_dict()\n"
        "print(sorted(doc))\n"
        "{k: v for k, v in pending.facts.items() if k.startswith(('scheduling.', 'pod.status'))}"
    ),
    new_markdown_cell(
        "## A team rule in Python\n\n"
        "The built-in answer for `backend-api` is generic: exit code 1, read the previous "
        "logs. The team that owns it knows more: its crash loops are almost always a "
        "missing database migration, and they have a runbook. A rule written in Python "
        "refines the built-in finding: it matches pods where the built-in crash-loop "
        "finding fired (`container.finding.crashloop.*`), runs its check only then, and "
        "returns the fields to override. Its `suppresses` makes the built-in finding a "
        "consequence of it, and its priority (just above the catalogue's crash loops, 45) "
        "makes it the primary finding."
    ),
    new_code_cell(
        "RUNBOOKS = {  # team data shipped with the rule pack\n"
        "    'backend-api': 'https://runbooks.example.com/backend-api/crashloop',\n"
        "}\n\n"
        "@podsim.rule(id='team/backend-crash-runbook', on='container', priority=46,\n"
        "             when={'container.finding.crashloop.*': True},\n"
        "             category='crashloop.exit-1.team-runbook', severity='error',\n"
        "             suppresses=['crashloop'], labels={'owner': 'team-backend'})\n"
        "def backend_crash_runbook(ctx):\n"
        "    \"\"\"backend-api crash loop: check the database migration first\"\"\"\n"
        "    app = ctx.fact('pod.name', '').rsplit('-', 2)[0]\n"
        "    if app not in RUNBOOKS:\n"
        "        return None  # not our service: leave the built-in answer alone\n"
        "    return {\n"
        "        'summary': f'{ctx.container} exits with code '\n"
        "                   f\"{ctx.fact('container.last.exit_code', '?')} after \"\n"
        "                   f\"{ctx.fact('container.last.run_seconds', '?')} s; in this service \"\n"
        "                   'that is almost always a pending migration.',\n"
        "        'next': [\n"
        "            {'command': ctx.fact('container.cmd.logs_previous'),\n"
        "             'why': 'look for \"relation does not exist\"', 'needs': 'cluster'},\n"
        "            {'command': 'kubectl get jobs -n default -l app=db-migrate',\n"
        "             'why': 'did the migration job run?', 'needs': 'cluster'},\n"
        "            {'command': f'open {RUNBOOKS[app]}', 'why': 'team runbook', 'needs': 'none'},\n"
        "        ],\n"
        "    }\n\n"
        "refined = podsim.diagnose(cluster, pod=crash.key)\n"
        "refined"
    ),
    new_code_cell(
        "print('primary:', refined.primary.rule, refined.primary.category)\n"
        "for f in refined.findings[1:]:\n"
        "    print('also:   ', f.rule, f.category, '<- explained by', f.explained_by)\n"
        "print('rules fired:', refined.rules_fired)"
    ),
    new_markdown_cell(
        "A rule that fails does not abort the diagnosis: its exception is recorded as a rule "
        "error, next to the findings of every other rule."
    ),
    new_code_cell(
        "@podsim.rule(id='team/unfinished', when={'pod.phase': {'exists': True}})\n"
        "def unfinished(ctx):\n"
        "    return ctx.facts['team.annotation']  # a fact nobody provides\n\n"
        "d = podsim.diagnose(cluster, pod=crash.key)\n"
        "print(d.rule_errors)\n"
        "print(d.primary.category)"
    ),
    new_markdown_cell(
        "The same rules also run as data (a YAML pack loaded with `podsim.Rules.load` or "
        "`podsim diagnose --rules team.yaml`), from Lua, and on a live simulation "
        "(`sim.diagnose('default/web-0')`). Rules installed as a Python package register "
        "through the `podsim.rules` entry-point group."
    ),
]

nb = new_notebook(cells=cells, metadata={
    "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
    "language_info": {"name": "python"},
})
out = pathlib.Path(__file__).with_name("05-troubleshooting.ipynb")
nbformat.write(nb, out)
print(f"wrote {out}")
