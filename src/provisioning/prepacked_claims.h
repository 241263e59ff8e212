// Pre-sized claims for the cost packer: nodes bought up front from the lower bound's optimum.
//
// Karpenter opens claims one pod at a time, in cpu-descending order, so a claim fills with pods
// of one shape (all the big-cpu pods first, the memory-heavy small ones last) and pays for the
// dimension it leaves empty. The LP optimum says which node types, in which numbers, serve the
// demand with no such waste. MakePrepackedClaims turns floor(count) of each bought option into
// an in-flight NodeClaim (no pods yet, pinned to the option's type, zone and capacity type, with
// the pool's labels and taints, and a `tidepool.dev/prepacked: <name>` label). AssignPods packs
// the plain pods (no pod affinity, topology spread, preferences or host ports) into them with a
// dot-product heuristic, which puts complementary shapes (cpu-heavy with memory-heavy) on one
// node, and PreferClaim gives each assigned pod a preferred node-affinity term for its claim.
// The solver then runs with all of its rules: existing and in-flight nodes come first, a pod's
// heaviest preference is honoured while it can be, and relaxed (Karpenter's order) when its
// claim turns out full, after which the pod goes where Karpenter would put it. Claims left empty
// are simply not launched.
//
// The plan keeps this packing only when it is cheaper (scheduling the same pods or more), so it
// can never make a plan worse.
//
// Thread-safety: pure functions; the returned claims own their objects.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "api/k8s/pod.h"
#include "api/k8s/runtime_class.h"
#include "api/k8s/workloads.h"
#include "api/karpenter/nodeclaim.h"
#include "api/karpenter/nodepool.h"
#include "cloud/instance_type.h"
#include "provisioning/lower_bound_model.h"

namespace tidepool::provisioning {

struct PrepackedClaim {
  std::unique_ptr<api::NodeClaim> node_claim;  // name "prepacked-NNNN"
  const api::NodePool* node_pool = nullptr;
  const cloud::InstanceType* type = nullptr;
  const cloud::Offering* offering = nullptr;
};

inline constexpr std::string_view kPrepackedLabelKey = "tidepool.dev/prepacked";

// Claims for floor(count) nodes of each option of `nodes` (at most `max_claims` in all). Pools
// whose requirements leave a custom label open (Exists / NotIn) get none: the label's value is
// not known up front. A pool's claims stop where their summed capacity would pass its limits.
// Names continue from `first_index` (so claims of several rounds stay distinct). With
// `round_up`, ceil(count) instead of floor(count).
std::vector<PrepackedClaim> MakePrepackedClaims(std::span<const BoundNodeCount> nodes,
                                                int first_index = 0, bool round_up = false,
                                                int max_claims = 100000);

// For each pod, the index of the claim it is packed into, or -1 (not a plain pod, or no room).
// Room is the type's allocatable minus the DaemonSets that would run there.
std::vector<int> AssignPods(std::span<const PrepackedClaim> claims,
                            std::span<const api::Pod* const> pods,
                            std::span<const api::DaemonSet* const> daemon_sets,
                            std::span<const api::RuntimeClass* const> runtime_classes);

// `pod` with a preferred node-affinity term (weight 100) for the claim's prepacked label.
api::Pod PreferClaim(const api::Pod& pod, const PrepackedClaim& claim);

}  // namespace tidepool::provisioning
