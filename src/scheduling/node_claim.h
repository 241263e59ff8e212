// A NodeClaim being packed during a solve (kubernetes-sigs/karpenter
// pkg/controllers/provisioning/scheduling/nodeclaim.go): its requirements, the instance types
// still able to hold everything added so far, its pods and their requests.
//
// CanAdd checks a pod without changing the claim and leaves what Add needs in an AddPlan;
// checks run cheapest first (resource headroom, taints, host ports, requirements, topology,
// instance-type filtering) and build error text only when the caller asks for it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "api/requirements.h"
#include "scheduling/host_ports.h"
#include "scheduling/pod_data.h"
#include "scheduling/resources.h"
#include "scheduling/solve_context.h"

namespace tidepool::scheduling {

// What CanAdd decided; reused across calls to avoid allocation.
struct AddPlan {
  bool requirements_changed = false;  // false: the claim's requirements stay as they are
  api::Requirements requirements;     // valid when requirements_changed
  std::vector<uint32_t> options;      // remaining option indices into the pool's options
};

class NodeClaim {
 public:
  NodeClaim(SolveContext& context, size_t pool_index, std::vector<uint32_t> options);

  // Whether `pod` fits. On failure and when `error` is non-null, writes upstream's reason.
  bool CanAdd(const PodData& pod, AddPlan& plan, std::string* error) const;
  // Commits a pod CanAdd accepted with `plan`.
  void Add(const PodData& pod, size_t pod_index, AddPlan& plan);

  const PoolTemplate& pool() const { return context_->pools[pool_index_]; }
  size_t pool_index() const { return pool_index_; }
  const std::string& hostname() const { return hostname_; }
  const api::Requirements& requirements() const { return requirements_; }
  const std::vector<uint32_t>& options() const { return options_; }
  const std::vector<size_t>& pods() const { return pods_; }
  const ResourceVector& requests() const { return requests_; }

 private:
  // Recomputes headroom_ from options_.
  void UpdateHeadroom();
  // Upstream filterInstanceTypesByRequirements over options_; fills plan.options.
  bool FilterOptions(const PodData& pod, const api::Requirements& requirements, bool recheck,
                     AddPlan& plan, std::string* error) const;

  SolveContext* context_;
  size_t pool_index_;
  std::string hostname_;
  api::Requirements requirements_;
  std::vector<uint32_t> options_;
  std::vector<size_t> pods_;
  ResourceVector requests_;  // the pods' requests (daemon overhead is per option group)
  HostPortUsage host_ports_;
  // Per resource, the most any option can still take beyond requests_ (allocatable minus its
  // daemon group's overhead): a pod above it fits no option.
  ResourceVector headroom_;
  mutable std::vector<const api::Requirement*> changed_scratch_;  // FilterOptions' working list
};

// Upstream InstanceTypeFilterError text.
struct FilterOutcome {
  bool requirements_met = false, fits = false, has_offering = false;
  bool requirements_and_fits = false, requirements_and_offering = false, fits_and_offering = false;
  std::string min_values_error;
};
std::string FilterErrorText(const FilterOutcome& outcome, const api::Requirements& requirements,
                            const api::ResourceList& pod_requests,
                            const api::ResourceList* min_daemon,
                            const api::ResourceList* max_daemon);

}  // namespace tidepool::scheduling
