// Builds the lower-bound programme (provisioning/lower_bound.h) from what a provisioning decision
// sees: NodePools with their instance types, DaemonSets, RuntimeClasses and the pods to place on
// new nodes, and solves it.
//
// Node options are NodePool × instance type × available offering. An option's allocatable is the
// type's allocatable minus the requests of the DaemonSets that would run on it (Karpenter's
// daemon-overhead rule: the DaemonSet pod tolerates the pool's taints, PreferNoSchedule
// excepted, and one of its required node-affinity terms is compatible with the pool's
// requirements and intersects the type's). A pod may use an option when it tolerates the pool's
// taints (PreferNoSchedule excepted: the solver's last relaxation tolerates those), one of its
// required node-affinity terms (with its nodeSelector) is compatible with pool ∩ type ∩ offering
// requirements, and its requests fit the option's allocatable on their own. Preferences are
// ignored (the solver may relax them), so every check is at least as permissive as the solver's
// and the bound stays valid.
//
// Pods with identical constraints and requests are checked once; pods whose feasible option sets
// are equal form one class of the programme. Pods no option admits are excluded from the bound
// and listed with a reason.
//
// Thread-safety: pure functions over immutable inputs.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "api/k8s/pod.h"
#include "api/k8s/runtime_class.h"
#include "api/k8s/workloads.h"
#include "api/karpenter/nodepool.h"
#include "cloud/instance_type.h"
#include "core/status.h"
#include "provisioning/lower_bound.h"

namespace tidepool::provisioning {

struct BoundNodePool {
  const api::NodePool* node_pool = nullptr;
  const cloud::InstanceTypes* instance_types = nullptr;  // the pool's catalogue
};

struct BoundInput {
  std::vector<BoundNodePool> node_pools;
  std::vector<const api::DaemonSet*> daemon_sets;
  std::vector<const api::RuntimeClass*> runtime_classes;
};

struct BoundExclusion {
  const api::Pod* pod = nullptr;
  std::string reason;
};

// Where a programme option comes from.
struct BoundOptionSource {
  const api::NodePool* node_pool = nullptr;
  const cloud::InstanceType* type = nullptr;
  const cloud::Offering* offering = nullptr;
};

struct BoundModel {
  LpProblem problem;
  std::vector<BoundOptionSource> sources;  // per problem option
  std::vector<int> class_of_pod;           // per input pod; -1 when excluded
  std::vector<BoundExclusion> excluded;
};

// Builds the programme for `pods` (resources in cores, GiB for byte-valued resources, counts
// otherwise).
BoundModel BuildBoundModel(const BoundInput& input, std::span<const api::Pod* const> pods);

// A fractional number of nodes of one option in the programme's optimum.
struct BoundNodeCount {
  BoundOptionSource source;
  double count = 0;
};

struct LowerBound {
  double usd_per_hour = 0;
  int classes = 0;
  int options = 0;
  std::vector<BoundExclusion> excluded;
  std::vector<BoundNodeCount> nodes;  // options bought in the optimum (count > 0), option order
};

// BuildBoundModel, then SolveLowerBound.
[[nodiscard]] Result<LowerBound> ComputeLowerBound(const BoundInput& input,
                                                   std::span<const api::Pod* const> pods);

// The summed requests of the DaemonSets whose pods would run on a node of `type` from `pool`
// (the rule above), with their pod count.
api::ResourceList DaemonSetOverhead(const api::NodePool& pool, const cloud::InstanceType& type,
                                    std::span<const api::DaemonSet* const> daemon_sets,
                                    std::span<const api::RuntimeClass* const> runtime_classes);

// The pod's requests as the bound counts them: api::PodRequests, plus the RuntimeClass's fixed
// overhead when the pod names one and carries no overhead yet, plus `pods: 1`.
api::ResourceList BoundPodRequests(const api::PodSpec& spec,
                                   std::span<const api::RuntimeClass* const> runtime_classes);

}  // namespace tidepool::provisioning
