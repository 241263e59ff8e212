// State shared by the pieces of one solve: the resource index, the NodePools as claim templates
// (with their pre-filtered instance types and DaemonSet overhead groups), the topology and the
// options. Built per Solve from a SchedulerPass (scheduler_pass.h); NodeClaim and ExistingNode
// read it.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "api/k8s/pod.h"
#include "api/k8s/runtime_class.h"
#include "api/k8s/workloads.h"
#include "api/karpenter/nodepool.h"
#include "api/requirements.h"
#include "api/taint.h"
#include "cloud/instance_type.h"
#include "scheduling/host_ports.h"
#include "scheduling/resources.h"
#include "scheduling/topology.h"

namespace tidepool::scheduling {

// DaemonSet pods compatible with some instance types of a NodePool (upstream
// DaemonOverheadGroup): their summed requests and host ports.
struct DaemonGroup {
  api::ResourceList overhead;  // empty when no daemon pod is compatible
  ResourceVector dense;
  HostPortUsage host_ports;
};

// One instance type of a NodePool, with what the inner loops read.
struct InstanceOption {
  cloud::InstanceTypePtr type;
  ResourceVector allocatable;
  ResourceVector capacity;
  uint32_t daemon_group = 0;
  // The available offerings, when each constrains only zone and capacity type (the usual case):
  // testing them against a claim is then two set lookups instead of a Requirements check.
  bool simple_offerings = false;
  std::vector<const cloud::Offering*> available;
};

// The zone and capacity-type requirements of a claim (nullptr when it does not constrain them).
struct OfferingFilter {
  const api::Requirement* zone = nullptr;
  const api::Requirement* capacity_type = nullptr;
  explicit OfferingFilter(const api::Requirements& requirements);
  bool Allows(const cloud::Offering& offering) const {
    return (zone == nullptr || zone->Has(offering.zone)) &&
           (capacity_type == nullptr || capacity_type->Has(offering.capacity_type));
  }
};

// cloud::HasCompatibleOffering / CheapestPrice for an option, using the fast path when it can.
bool OptionHasOffering(const InstanceOption& option, const api::Requirements& requirements,
                       const OfferingFilter& filter);
double OptionPrice(const InstanceOption& option, const api::Requirements& requirements,
                   const OfferingFilter& filter);
// Fills option.simple_offerings and option.available.
void IndexOfferings(InstanceOption& option);

// A NodePool as upstream's NodeClaimTemplate.
struct PoolTemplate {
  const api::NodePool* node_pool = nullptr;
  std::string name;
  int32_t weight = 0;
  // spec.template.spec.requirements, template labels, karpenter.sh/nodepool, the node class
  // label, karpenter.sh/registered and karpenter.sh/initialized.
  api::Requirements requirements;
  std::vector<api::Taint> taints;          // spec.template.spec.taints (startup taints ignored)
  std::vector<InstanceOption> options;     // compatible with `requirements`, with an offering
  std::vector<std::string> offering_keys;  // sorted keys any option's offerings constrain
  std::vector<DaemonGroup> daemon_groups;
  // spec.limits (kUnbounded where the pool sets no limit); has_limits false: no limits. What
  // remains of them during a solve is the solver's (PoolLimits).
  bool has_limits = false;
  ResourceVector limits;
  int64_t limit_nodes = -1;  // spec.limits.nodes; -1: unlimited
};

// The DaemonSets' pods as the provisioner builds them (the template's spec, named after the
// DaemonSet, in its namespace).
std::vector<api::Pod> DaemonSetPods(std::span<const api::DaemonSet* const> daemon_sets);

// Upstream isDaemonPodCompatible for one template and instance type.
bool IsDaemonPodCompatible(const PoolTemplate& pool, const cloud::InstanceType& type,
                           const api::Pod& daemon_pod, const api::CompatibilityOptions& compat);

// Fills pool.daemon_groups and each option's daemon_group (buildDaemonOverheadGroups).
void BuildDaemonGroups(PoolTemplate& pool, std::span<const api::Pod> daemon_pods,
                       std::span<const api::RuntimeClass* const> runtime_classes,
                       const ResourceIndex& index, const api::CompatibilityOptions& compat);

// Every taint tolerated (upstream Taints.ToleratesPod), without building an error.
bool ToleratesAll(std::span<const api::Taint> taints, std::span<const api::Toleration> tolerations);

struct SolveContext {
  bool min_values_best_effort = false;
  ResourceIndex resources;
  api::CompatibilityOptions compat;     // AllowUndefinedWellKnownLabels
  Topology* topology = nullptr;         // null: no topology constraints
  std::span<const PoolTemplate> pools;  // by weight desc, then name; owned by SchedulerPass
  int next_hostname = 1;
};

}  // namespace tidepool::scheduling
