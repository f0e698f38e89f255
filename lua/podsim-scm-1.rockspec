-- podsim: a C11 model of Kubernetes scheduling and pod lifecycle, for Lua 5.4.
--
-- The module is one shared object, `podsim`, compiled from the C core
-- (core/src/*.c) and the binding (bindings/lua/podsim_lua.c); it needs
-- libyaml. Build from a checkout with `luarocks make lua/podsim-scm-1.rockspec`
-- run at the repository root.
--
-- When core/src gains or loses a file, update the source list below; the
-- CMake source list and this one must name the same files.
rockspec_format = "3.0"
package = "podsim"
version = "scm-1"

source = {
   url = "git+https://github.com/podsim/podsim.git",
   branch = "main",
}

description = {
   summary = "Kubernetes cluster model: scheduling arithmetic, pod lifecycle, kubectl views",
   detailed = [[
podsim loads real Kubernetes YAML/JSON (nodes, pods, workloads, policy and
storage objects) into a deterministic model with kube-scheduler's arithmetic,
the kubelet's pod pipeline and the node lifecycle controller's eviction
timing. This rock is the thin Lua binding over the C core.
]],
   homepage = "https://github.com/podsim/podsim",
   license = "Apache-2.0",
   labels = { "kubernetes", "simulation", "scheduler" },
}

dependencies = {
   "lua >= 5.4, < 5.5",
}

external_dependencies = {
   YAML = {
      header = "yaml.h",
      library = "yaml",
   },
}

build = {
   type = "builtin",
   modules = {
      podsim = {
         sources = {
            -- core/src/*.c (the builtin backend takes no globs)
            "core/src/arena.c",
            "core/src/attach_detach.c",
            "core/src/balanced_allocation.c",
            "core/src/cluster.c",
            "core/src/controllers.c",
            "core/src/daemonset.c",
            "core/src/decode.c",
            "core/src/decode_objects.c",
            "core/src/decode_pod.c",
            "core/src/default_binder.c",
            "core/src/default_preemption.c",
            "core/src/defaulting.c",
            "core/src/deployment.c",
            "core/src/describe.c",
            "core/src/diag_builtin.c",
            "core/src/diag_facts.c",
            "core/src/diag_flows.c",
            "core/src/diag_rules.c",
            "core/src/diagnose.c",
            "core/src/disruption.c",
            "core/src/framework.c",
            "core/src/image_locality.c",
            "core/src/inter_pod_affinity.c",
            "core/src/intern.c",
            "core/src/job.c",
            "core/src/kubelet.c",
            "core/src/kubelet_status.c",
            "core/src/loader.c",
            "core/src/match.c",
            "core/src/node_affinity.c",
            "core/src/node_lifecycle.c",
            "core/src/node_name.c",
            "core/src/node_ports.c",
            "core/src/node_resources_fit.c",
            "core/src/node_unschedulable.c",
            "core/src/node_volume_limits.c",
            "core/src/normalize_score.c",
            "core/src/pod_topology_spread.c",
            "core/src/podgc.c",
            "core/src/preemption.c",
            "core/src/printer.c",
            "core/src/priority_sort.c",
            "core/src/quantity.c",
            "core/src/replicaset.c",
            "core/src/requests.c",
            "core/src/resource_allocation.c",
            "core/src/scenario.c",
            "core/src/scheduler_config.c",
            "core/src/scheduling_gates.c",
            "core/src/scheduling_queue.c",
            "core/src/sim.c",
            "core/src/sim_dump.c",
            "core/src/sim_nodes.c",
            "core/src/sim_pods.c",
            "core/src/sim_scheduler.c",
            "core/src/sim_views.c",
            "core/src/snapshot.c",
            "core/src/statefulset.c",
            "core/src/status.c",
            "core/src/strbuf.c",
            "core/src/taint_eviction.c",
            "core/src/taint_toleration.c",
            "core/src/timefmt.c",
            "core/src/volume_binding.c",
            "core/src/volume_claims.c",
            "core/src/volume_restrictions.c",
            "core/src/volume_zone.c",
            "core/src/whatif_report.c",
            "core/src/yaml_tree.c",
            -- the binding
            "bindings/lua/podsim_lua.c",
         },
         defines = { "PODSIM_STATIC_DEFINE" },
         incdirs = { "core/include", "core/src", "$(YAML_INCDIR)" },
         libdirs = { "$(YAML_LIBDIR)" },
         libraries = { "yaml" },
      },
   },
}
