// The instance-type model shared by the catalogues, the scheduling solver and the cloud providers
// (kubernetes-sigs/karpenter pkg/cloudprovider/types.go: InstanceType, Offering,
// InstanceTypeOverhead).
//
// An InstanceType is immutable once built: catalogues hand out shared_ptr<const InstanceType>, so
// the solver, consolidation and the simulated cloud share one copy. Requirements describe the
// labels a node of this type carries (kubernetes.io/arch, kubernetes.io/os,
// node.kubernetes.io/instance-type, topology.kubernetes.io/zone In [zones of its offerings],
// karpenter.sh/capacity-type In [capacity types of its offerings], and provider labels such as
// karpenter.k8s.aws/instance-family). Each Offering carries its own zone/capacity-type
// requirements so the solver can test an offering against a claim's requirements.
//
// Thread-safety: immutable after MakeInstanceType; safe to share across threads.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "api/requirements.h"
#include "api/resources.h"

namespace tidepool::cloud {

inline constexpr const char* kCapacityTypeSpot = "spot";
inline constexpr const char* kCapacityTypeOnDemand = "on-demand";
inline constexpr const char* kCapacityTypeReserved = "reserved";

struct Offering {
  std::string zone;
  std::string capacity_type;  // spot | on-demand | reserved
  double price = 0;           // USD per hour
  bool available = true;      // false: insufficient capacity, skipped by the solver
  // zone In [zone], capacity-type In [capacity_type]; filled by MakeInstanceType.
  api::Requirements requirements;
};

struct InstanceTypeOverhead {
  api::ResourceList kube_reserved;
  api::ResourceList system_reserved;
  api::ResourceList eviction_threshold;
  api::ResourceList Total() const;
};

struct InstanceType {
  std::string name;
  api::Requirements requirements;
  std::vector<Offering> offerings;
  api::ResourceList capacity;  // cpu, memory, pods, ephemeral-storage, extended resources
  InstanceTypeOverhead overhead;
  // capacity minus overhead.Total(), per resource of capacity; filled by MakeInstanceType.
  api::ResourceList allocatable;
};

using InstanceTypePtr = std::shared_ptr<const InstanceType>;
using InstanceTypes = std::vector<InstanceTypePtr>;

// Completes `type` (offering requirements, zone and capacity-type requirements from the
// offerings, instance-type label, allocatable) and freezes it. Labels the caller already put in
// `type.requirements` are kept.
InstanceTypePtr MakeInstanceType(InstanceType type);

// The cheapest available offering compatible with `requirements`, or nullptr.
const Offering* CheapestOffering(const InstanceType& type, const api::Requirements& requirements);

}  // namespace tidepool::cloud
