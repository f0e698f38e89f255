"""The ``podsim`` command line.

    podsim whatif CLUSTER.yaml --fail-node NAME [--mode M] [--at T]
                  [--until T] [--recover-at T] [--k8s-version V] [--seed N]
                  [--set FLAG=VALUE]... [--events]
    podsim diagnose DUMP.yaml [DUMP2 ...] [--events EVENTS.yaml]
                  [--nodes NODES.yaml] [--pod NS/NAME | --workload KIND/NS/NAME]
                  [-o text|json]
                  [--as-of T] [--rules RULES.yaml]... [--no-whatif]
                  [--kubectl-version V]

``diagnose`` loads every file into one cluster and explains why a pod is
not Running or Ready and what to run next (--workload: why a workload's
pods were not created; without either: every pod, then every workload, with
findings). Exit status: 0 no problem found, 3 problems found (a finding of
severity warning or above), 2 bad usage or input (the message, with
file:line:column when known, goes to stderr), 1 another failure.

``whatif`` loads a cluster snapshot (``kubectl get -o yaml`` output, one
or more files), fails nodes or zones at a time, runs the simulation and
prints the event timeline and the what-if report. Times are seconds or Go
durations ("90s", "5m"). Exit status: 0 done, 2 bad usage, 1 the cluster
could not be loaded or the simulation failed (the message, with
file:line:column when known, goes to stderr).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, Dict, List, Optional, Sequence, TextIO

from . import _podsim

__all__ = ["main"]


def _time(text: str) -> int:
    """A time argument in ms (argparse type): seconds or a Go duration."""
    from ._simulation import parse_duration

    try:
        value: Any = float(text) if text.replace(".", "", 1).isdigit() else text
        return parse_duration(value, "time")
    except (TypeError, ValueError):
        raise argparse.ArgumentTypeError(
            f"invalid time {text!r} (expected seconds or a Go duration such as 90s or 5m)"
        ) from None


def _setting(text: str) -> tuple[str, Any]:
    """FLAG=VALUE for the node lifecycle settings (argparse type)."""
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"expected FLAG=VALUE, not {text!r}")
    parsed: Any = value
    for conv in (int, float):
        try:
            parsed = conv(value)
            break
        except ValueError:
            continue
    if value.lower() in ("true", "false"):
        parsed = value.lower() == "true"
    return key, parsed


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="podsim",
        description="Kubernetes pod placement and lifecycle simulator.",
    )
    parser.add_argument("--version", action="version", version=f"podsim {_podsim.version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    w = sub.add_parser(
        "whatif",
        help="fail nodes of a cluster snapshot and report what happens to its pods",
        description=(
            "Fail nodes (or zones) of a cluster snapshot at a simulated time, run the node "
            "lifecycle controller, taint eviction, pod GC, the workload controllers, the "
            "scheduler and the kubelets forward, and print the event timeline and the "
            "what-if report: when each pod became NotReady, was evicted, replaced, Running "
            "again, or why it is stuck. Times are seconds or Go durations (90s, 5m, 1h)."
        ),
    )
    w.add_argument("cluster", nargs="+", metavar="CLUSTER.yaml",
                   help="cluster snapshot(s): kubectl get -A -o yaml output")
    w.add_argument("--fail-node", action="append", default=[], metavar="NAME",
                   help="node to fail (repeatable)")
    w.add_argument("--fail-zone", action="append", default=[], metavar="ZONE",
                   help="fail every node of a zone (repeatable)")
    modes = [n for i in range(8) if (n := _podsim.enum_name(_podsim.ENUM_NODE_FAILURE, i))]
    w.add_argument("--mode", default="unreachable", choices=modes,
                   help="how the nodes fail (default: unreachable)")
    w.add_argument("--at", type=_time, default=0, metavar="T",
                   help="when they fail (default: 0)")
    w.add_argument("--until", type=_time, default=None, metavar="T",
                   help="run until this time (default: 10 minutes after --at)")
    w.add_argument("--recover-at", type=_time, default=None, metavar="T",
                   help="the failed nodes work again at this time")
    w.add_argument("--k8s-version", "--kubernetes-version", dest="k8s_version", default=None,
                   metavar="V", help="Kubernetes minor version whose defaults apply (1.30..1.35; "
                   "default: the snapshot's)")
    w.add_argument("--seed", type=int, default=None, metavar="N",
                   help="random seed (equal inputs and seed replay equal runs)")
    w.add_argument("--set", action="append", type=_setting, default=[], metavar="FLAG=VALUE",
                   dest="settings",
                   help="a node lifecycle setting by its upstream flag name, e.g. "
                   "node-monitor-grace-period=40s or node-eviction-rate=0.05 (repeatable)")
    w.add_argument("--events", action="store_true",
                   help="print every event from time 0 (default: from the failure on)")

    d = sub.add_parser(
        "diagnose",
        help="explain why a pod is not Running or Ready, and what to run next",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=(
            "Load kubectl output (kubectl get pod,events,nodes,... -o yaml|json; every file\n"
            "into one cluster) and diagnose a pod: the primary cause with its evidence, the\n"
            "commands to run next, the ways out. --workload diagnoses a Deployment, ReplicaSet,\n"
            "StatefulSet, DaemonSet or Job (pods never created: quota, Pod Security, webhook,\n"
            "ServiceAccount). Without --pod or --workload, every pod with findings is\n"
            "diagnosed, in kubectl get pods -A order, then every workload with findings."
        ),
        epilog=(
            "exit status:\n"
            "  0  no problem found (no finding, or only informational ones)\n"
            "  3  problems found (a finding of severity warning, error or critical)\n"
            "  2  bad usage or input: unreadable file, malformed YAML (file:line:column),\n"
            "     unknown pod or workload, bad rule file\n"
            "  1  any other failure"
        ),
    )
    d.add_argument("dump", nargs="+", metavar="DUMP.yaml",
                   help="kubectl get -o yaml|json output (pods, events, nodes, owners, ...)")
    d.add_argument("--events", action="append", default=[], metavar="EVENTS.yaml",
                   help="kubectl get events -o yaml output (repeatable)")
    d.add_argument("--nodes", action="append", default=[], metavar="NODES.yaml",
                   help="kubectl get nodes -o yaml output (repeatable)")
    subject = d.add_mutually_exclusive_group()
    subject.add_argument("--pod", metavar="NS/NAME", default=None,
                         help="the pod to diagnose (NAME alone: namespace default)")
    subject.add_argument("--workload", metavar="KIND/NS/NAME", default=None,
                         help="the workload to diagnose, e.g. ReplicaSet/default/web-7d4b9c or "
                         "deploy/shop/api (KIND: deployment|deploy, replicaset|rs, "
                         "statefulset|sts, daemonset|ds, job; KIND/NAME: namespace default)")
    d.add_argument("-o", "--output", choices=("text", "json"), default="text",
                   help="text (default) or json (the output schema)")
    d.add_argument("--as-of", metavar="T", default=None,
                   help="the time ages are relative to: RFC 3339 (2026-11-28T10:00:00Z) or "
                   "ms since the epoch (default: the newest timestamp in the input)")
    d.add_argument("--rules", action="append", default=[], metavar="RULES.yaml",
                   help="team rules (YAML/JSON rule file or pack) added to the built-ins "
                   "(repeatable)")
    d.add_argument("--no-whatif", action="store_true",
                   help="skip the checks that run podsim on a copy (node-lost ways out, "
                   "the smallest scheduling change)")
    d.add_argument("--kubectl-version", metavar="V", default=None,
                   help="kubectl minor version the describe/events views follow (1.30..1.35; "
                   "default: the input's)")
    return parser


def _fail(err: TextIO, message: str) -> int:
    print(f"podsim: {message}", file=err)
    return 1


def _whatif(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    import podsim

    if not args.fail_node and not args.fail_zone:
        print("podsim whatif: error: give --fail-node NAME or --fail-zone ZONE", file=err)
        return 2
    until = args.until if args.until is not None else args.at + 600_000
    if until < args.at:
        print("podsim whatif: error: --until is before --at", file=err)
        return 2
    if args.recover_at is not None and args.recover_at < args.at:
        print("podsim whatif: error: --recover-at is before --at", file=err)
        return 2
    settings: Dict[str, Any] = dict(args.settings)
    try:
        lifecycle = podsim.NodeLifecycle._coerce(settings) if settings else None
        if lifecycle is not None:
            lifecycle._to_c()  # bad values are usage errors, reported now
    except (TypeError, ValueError) as exc:
        print(f"podsim whatif: error: --set: {exc}", file=err)
        return 2

    try:
        cluster = podsim.Cluster()
        for path in args.cluster:
            cluster.load(path)
        sim = podsim.Simulation(cluster, kubernetes_version=args.k8s_version, seed=args.seed,
                                node_lifecycle=lifecycle)
        at = args.at / 1000.0
        for node in args.fail_node:
            sim.fail_node(node, at=at, mode=args.mode)
        for zone in args.fail_zone:
            sim.fail_zone(zone, at=at, mode=args.mode)
        if args.recover_at is not None:
            for node in args.fail_node:
                sim.recover_node(node, at=args.recover_at / 1000.0)
        sim.run(until=until / 1000.0)
        # the core's event log, one line per event (the text the tests
        # compare across C, Python and Lua), from the failure on
        lines = sim.event_log.splitlines()
        events = [line for line, e in zip(lines, sim.events) if args.events or e.time >= at]
        report = sim.report()
    except podsim.Error as exc:
        return _fail(err, str(exc.args[0]) if exc.args else str(exc))
    except OSError as exc:
        return _fail(err, str(exc))

    what = ", ".join([f"node {n}" for n in args.fail_node] + [f"zone {z}" for z in args.fail_zone])
    print(f"# {what} {args.mode} at {podsim.format_duration(at)}, Kubernetes "
          f"{sim.kubernetes_version}, simulated until {podsim.format_duration(until / 1000.0)}",
          file=out)
    print("", file=out)
    print("## Events" + ("" if args.events else f" from {podsim.format_duration(at)}"), file=out)
    for line in events:
        print(line, file=out)
    if not events:
        print("(none)", file=out)
    print("", file=out)
    print("## Report", file=out)
    out.write(report.summary())
    if report.summary() and not report.summary().endswith("\n"):
        out.write("\n")
    return 0


def _input_error(exc: BaseException) -> str:
    """The message of a load or lookup error (path:line:column: ...)."""
    if isinstance(exc, KeyError) and exc.args:
        return str(exc.args[0])
    return str(exc)


def _diagnose(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    import json

    import podsim

    from ._diagnose import _as_of_ms

    prog = "podsim diagnose"
    try:
        as_of = _as_of_ms(args.as_of)
    except (TypeError, ValueError) as exc:
        print(f"{prog}: error: --as-of: {exc}", file=err)
        return 2
    try:
        rules = podsim.rules().copy() if args.rules else None
        if rules is not None:
            rules.load(args.rules)
    except (podsim.ParseError, podsim.FileError, podsim.AlreadyExists,
            podsim.InvalidArgument, OSError) as exc:
        print(f"{prog}: error: {_input_error(exc)}", file=err)
        return 2
    whatif = not args.no_whatif
    try:
        cluster = podsim.Cluster()
        cluster.load(list(args.dump) + list(args.events) + list(args.nodes))
    except (podsim.ParseError, podsim.FileError, podsim.InvalidArgument, OSError) as exc:
        print(f"{prog}: error: {_input_error(exc)}", file=err)
        return 2
    except podsim.Error as exc:
        return _fail(err, _input_error(exc))
    try:
        if args.pod is not None or args.workload is not None:
            d = podsim.diagnose(cluster, pod=args.pod, workload=args.workload, as_of=as_of,
                                rules=rules, whatif=whatif,
                                kubectl_version=args.kubectl_version)
            found = [d] if d.findings else []
            if args.output == "json":
                print(json.dumps(d.to_dict(), indent=2, ensure_ascii=False), file=out)
            else:
                out.write(str(d))
                if not str(d).endswith("\n"):
                    out.write("\n")
            examined = 1
        else:
            all_ = podsim.diagnose_all(cluster, as_of=as_of, rules=rules, whatif=whatif,
                                       kubectl_version=args.kubectl_version)
            found = list(all_)
            examined = all_.pods_examined
            if args.output == "json":
                doc = {"pods_examined": examined, "diagnoses": [d.to_dict() for d in all_]}
                print(json.dumps(doc, indent=2, ensure_ascii=False), file=out)
            else:
                for i, d in enumerate(all_):
                    if i:
                        out.write("\n")
                    text = str(d)
                    out.write(text if text.endswith("\n") else text + "\n")
                if found:
                    out.write("\n")
                print(all_.summary(), file=out)
    except (podsim.NotFound, ValueError) as exc:  # unknown pod, several pods, bad version
        print(f"{prog}: error: {_input_error(exc)}", file=err)
        return 2
    except podsim.Error as exc:
        return _fail(err, _input_error(exc))
    problems = any(f.severity != "info" for d in found for f in d.findings)
    return 3 if problems else 0


def main(argv: Optional[Sequence[str]] = None, out: Optional[TextIO] = None,
         err: Optional[TextIO] = None) -> int:
    """Run the command line; returns the exit status."""
    out = out if out is not None else sys.stdout
    err = err if err is not None else sys.stderr
    parser = _parser()
    argv_list: List[str] = list(sys.argv[1:] if argv is None else argv)
    try:
        args = parser.parse_args(argv_list)
    except SystemExit as exc:  # argparse: --help, --version (0) or bad usage (2)
        return int(exc.code) if isinstance(exc.code, int) else 2
    if args.command == "whatif":
        return _whatif(args, out, err)
    if args.command == "diagnose":
        return _diagnose(args, out, err)
    parser.print_usage(err)
    return 2


def console_main() -> None:
    """The ``podsim`` console script."""
    sys.exit(main())
