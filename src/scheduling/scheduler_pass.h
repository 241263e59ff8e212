// What the scheduling solver builds from a SchedulerInput alone, before it sees the pods: the
// resource index, the NodePools as claim templates (pre-filtered instance types, DaemonSet
// overhead groups, limits), the existing nodes as templates, and, for a disruption pass, the
// shared topology base. A fresh Scheduler::Solve builds one per call; Scheduler::Solve(pods,
// excluded) builds one per Scheduler and reuses it for every simulation of the pass.
//
// Ownership: borrows the input's objects (they must outlive it). Immutable once built, except
// for the topology base's memo caches (one thread at a time).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "api/k8s/pod.h"
#include "core/status.h"
#include "scheduling/existing_node.h"
#include "scheduling/resources.h"
#include "scheduling/scheduler.h"
#include "scheduling/solve_context.h"
#include "scheduling/topology_base.h"

namespace tidepool::scheduling {

// What remains of a pool's limits during one solve.
struct PoolLimits {
  ResourceVector remaining;      // kUnbounded where the pool sets no limit
  int64_t remaining_nodes = -1;  // -1: unlimited
};

struct SchedulerPass {
  SolveContext context;  // resources, compat, pools (a view of `pools`); no topology
  std::vector<PoolTemplate> pools;
  bool tolerate_prefer_no_schedule = false;
  std::vector<api::Pod> daemon_pods;
  // The existing nodes not marked for deletion: initialized first, then by name (upstream
  // sortExistingNodes); nodes[i] came from input.existing_nodes[node_input[i]].
  std::vector<ExistingNodeTemplate> nodes;
  std::vector<size_t> node_input;
  std::vector<int32_t> node_pool;             // the pool with limits it counts against, or -1
  std::vector<ResourceVector> node_capacity;  // dense capacity where node_pool >= 0
  std::vector<PoolLimits> limits;             // per pool, once every node has counted
  // Nodes marked for deletion (their pods may use nodes under consolidateAfter): sorted
  // (name, index into input.existing_nodes).
  std::vector<std::pair<std::string_view, size_t>> deleting;
  bool any_under_consolidate_after = false;
  std::unique_ptr<TopologyBase> topology;  // only when built with_topology
};

// `extra_pods`' resource names are interned first (a fresh solve's pods); `with_topology` also
// builds the topology base over input.existing_nodes (entries indexed like them). Fails only on
// a topology that cannot compile.
[[nodiscard]] Result<std::unique_ptr<SchedulerPass>> BuildPass(
    const SchedulerInput& input, const SchedulerOptions& options,
    std::span<const api::Pod* const> extra_pods, bool with_topology);

// The pools' limits once the nodes not excluded (`excluded` indexed like input.existing_nodes;
// shorter excludes nothing beyond its end) have counted, as a pass over the filtered input
// would compute them.
std::vector<PoolLimits> LimitsExcluding(const SchedulerPass& pass,
                                        const std::vector<bool>& excluded);

}  // namespace tidepool::scheduling
