// What the node layer asks of a cloud (kubernetes-sigs/karpenter pkg/cloudprovider/types.go
// CloudProvider): launch the instance a NodeClaim describes, delete it, say which instance types
// a NodePool may use, and whether a launched NodeClaim has drifted from its node class.
//
// Implementations: SimulatedCloudProvider (simulated_cloud_provider.h) for `tidepool simulate`
// and tests; a real AWS provider later. The disruption, provisioning, lifecycle and termination
// controllers use only this interface.
//
// Contract: calls are synchronous. Create either launches exactly one instance and returns the
// NodeClaim as launched, or fails: kInsufficientCapacity when no compatible offering has capacity
// (the provider also records the offerings that failed in its UnavailableOfferings, so the next
// solve avoids them), kInvalidArgument when the claim can never launch (no compatible instance
// type). Delete returns kNotFound once the instance is gone; callers treat that as done.
// Not thread-safe: used from the clock's dispatching thread.
#pragma once

#include <string>

#include "api/karpenter/nodeclaim.h"
#include "api/karpenter/nodepool.h"
#include "cloud/instance_type.h"
#include "core/status.h"

namespace tidepool::cloud {

class CloudProvider {
 public:
  virtual ~CloudProvider() = default;

  // Launches an instance for `node_claim` (spec.requirements choose the instance type, zone and
  // capacity type; the cheapest available compatible offering wins, as the fake and AWS
  // providers' price-ordered launch does). Returns a copy of the claim with
  // status.providerID, status.capacity and status.allocatable set, and metadata.labels carrying
  // the launched instance's labels: node.kubernetes.io/instance-type,
  // topology.kubernetes.io/zone, karpenter.sh/capacity-type, kubernetes.io/arch, kubernetes.io/os
  // and every single-valued label of the instance type's requirements.
  [[nodiscard]] virtual Result<api::NodeClaim> Create(const api::NodeClaim& node_claim) = 0;

  // Terminates the claim's instance (found by status.providerID). kNotFound when it is already
  // gone.
  [[nodiscard]] virtual Status Delete(const api::NodeClaim& node_claim) = 0;

  // Whether the instance behind status.providerID still exists (kNotFound when not).
  [[nodiscard]] virtual Status Get(const api::NodeClaim& node_claim) const = 0;

  // The instance types `node_pool` may launch, with offering availability as of now (offerings
  // in the unavailable-offerings cache have available = false).
  [[nodiscard]] virtual Result<InstanceTypes> GetInstanceTypes(const api::NodePool& node_pool) = 0;

  // A provider-specific drift reason for a launched claim ("" when not drifted), e.g. an AMI or
  // subnet change on AWS.
  virtual std::string IsDrifted(const api::NodeClaim& /*node_claim*/) const { return ""; }

  virtual std::string Name() const = 0;
};

}  // namespace tidepool::cloud
