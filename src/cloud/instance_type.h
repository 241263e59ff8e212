// The instance-type model shared by the catalogues, the scheduling solver and the cloud providers
// (kubernetes-sigs/karpenter pkg/cloudprovider/types.go: InstanceType, Offering,
// InstanceTypeOverhead, and the helpers over InstanceTypes and Offerings).
//
// An InstanceType is immutable once built: catalogues hand out shared_ptr<const InstanceType>, so
// the solver, consolidation and the simulated cloud share one copy. Requirements describe the
// labels a node of this type carries (kubernetes.io/arch, kubernetes.io/os,
// node.kubernetes.io/instance-type, topology.kubernetes.io/zone In [zones of its available
// offerings], karpenter.sh/capacity-type In [capacity types of its available offerings], and
// provider labels such as karpenter.k8s.aws/instance-family). Each Offering carries its own
// zone/capacity-type requirements so the solver can test an offering against a claim's
// requirements.
//
// Offering compatibility follows upstream: `requirements.IsCompatible(offering.requirements,
// AllowUndefinedWellKnownLabels)`, so a claim that does not mention zone or capacity type
// accepts every offering.
//
// Thread-safety: immutable after MakeInstanceType; safe to share across threads. The free
// functions are pure.
#pragma once

#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "api/requirements.h"
#include "api/resources.h"
#include "core/status.h"

namespace tidepool::cloud {

inline constexpr const char* kCapacityTypeSpot = "spot";
inline constexpr const char* kCapacityTypeOnDemand = "on-demand";
inline constexpr const char* kCapacityTypeReserved = "reserved";

// The price upstream uses for "no compatible offering" (math.MaxFloat64).
inline constexpr double kNoPrice = std::numeric_limits<double>::max();

struct Offering {
  std::string zone{};
  std::string capacity_type{};  // spot | on-demand | reserved
  double price = 0;             // USD per hour
  bool available = true;        // false: insufficient capacity, skipped by the solver
  // zone In [zone], capacity-type In [capacity_type], plus anything the caller put here (e.g. a
  // reservation id); filled by MakeInstanceType.
  api::Requirements requirements{};
  // Instances a reserved offering can still launch (upstream ReservationCapacity).
  int reservation_capacity = 0;
};

struct InstanceTypeOverhead {
  api::ResourceList kube_reserved;
  api::ResourceList system_reserved;
  api::ResourceList eviction_threshold;
  // The three lists added resource by resource (upstream resources.Merge).
  api::ResourceList Total() const;
};

struct InstanceType {
  std::string name;
  api::Requirements requirements;
  std::vector<Offering> offerings;
  api::ResourceList capacity;  // cpu, memory, pods, ephemeral-storage, extended resources
  InstanceTypeOverhead overhead;
  // capacity minus overhead.Total(), per resource of capacity, with memory further reduced by
  // every hugepages-* capacity (floored at zero); filled by MakeInstanceType.
  api::ResourceList allocatable;
};

using InstanceTypePtr = std::shared_ptr<const InstanceType>;
using InstanceTypes = std::vector<InstanceTypePtr>;

// Completes `type` (offering requirements, zone and capacity-type requirements from the
// available offerings, instance-type label, allocatable) and freezes it. Labels the caller
// already put in `type.requirements` are kept (a caller's zone or capacity-type requirement is
// intersected with the offerings').
InstanceTypePtr MakeInstanceType(InstanceType type);

// Allocatable as upstream's InstanceType.Allocatable() computes it.
api::ResourceList ComputeAllocatable(const api::ResourceList& capacity,
                                     const InstanceTypeOverhead& overhead);

// ---- Offerings ----------------------------------------------------------------------------------

// requirements.IsCompatible(offering.requirements, AllowUndefinedWellKnownLabels).
bool IsCompatible(const Offering& offering, const api::Requirements& requirements);

// The cheapest available offering compatible with `requirements`, or nullptr. The first one
// wins a tie.
const Offering* CheapestOffering(const InstanceType& type, const api::Requirements& requirements);
// Its price, or kNoPrice.
double CheapestPrice(const InstanceType& type, const api::Requirements& requirements);
// Some available offering is compatible (upstream Offerings.Available().HasCompatible).
bool HasCompatibleOffering(const InstanceType& type, const api::Requirements& requirements);

// Upstream Offerings.Available().WorstLaunchPrice(requirements): among the available offerings
// compatible with `requirements`, take the first capacity type in the order reserved, spot,
// on-demand that has any, and return the most expensive of them; kNoPrice when there is none.
// Consolidation uses it as a pessimistic bound on what a launch will cost.
double WorstLaunchPrice(const InstanceType& type, const api::Requirements& requirements);

// Upstream InstanceType.OfferingPrice: the price of the offering in `zone` with `capacity_type`
// (available or not), or nullopt.
std::optional<double> OfferingPrice(const InstanceType& type, std::string_view zone,
                                    std::string_view capacity_type);

// Upstream AdjustedPrice, a NodeOverlay's price change applied to an offering's price: "" keeps
// it; "0.5" replaces it; "+0.25" / "-0.25" add; "+10%" / "-10%" scale. Results below zero become
// zero. Text that is not a number is kInvalidArgument (upstream relies on its CRD validation and
// would panic).
[[nodiscard]] Result<double> AdjustedPrice(double price, std::string_view change);

// ---- InstanceTypes ------------------------------------------------------------------------------

// Sorts `types` ascending by CheapestPrice(type, requirements); types with no compatible
// offering go last. Stable (upstream's sort.Slice is not; ties keep their input order here so
// results are deterministic). Each price is computed once, not per comparison.
void OrderByPrice(InstanceTypes& types, const api::Requirements& requirements);

// The types with an available offering compatible with `requirements`, in input order
// (upstream InstanceTypes.Compatible).
InstanceTypes Compatible(std::span<const InstanceTypePtr> types,
                         const api::Requirements& requirements);

// Upstream SatisfiesMinValues: walks `types` in order, collecting for every requirement with
// minValues the distinct values the types define for its key (their `In` values), and stops at
// the first prefix that meets every minValues.
struct MinValuesCheck {
  // Length of the shortest satisfying prefix; types.size() when none satisfies; 0 when the
  // requirements have no minValues.
  int needed = 0;
  // Keys still short after the whole list, with the number of distinct values found.
  std::map<std::string, int> unsatisfied;
  bool ok() const { return unsatisfied.empty(); }
};
MinValuesCheck CheckMinValues(std::span<const InstanceTypePtr> types,
                              const api::Requirements& requirements);
// CheckMinValues as a Result: the prefix length, or kInvalidArgument
// `minValues requirement is not met for label(s) [key1 key2]` (keys sorted).
[[nodiscard]] Result<int> SatisfiesMinValues(std::span<const InstanceTypePtr> types,
                                             const api::Requirements& requirements);

// Karpenter's MIN_VALUES_POLICY: Strict fails a truncation that breaks minValues; BestEffort
// keeps the truncated list anyway.
enum class MinValuesPolicy { kStrict, kBestEffort };

// Upstream Truncate: OrderByPrice, keep the first `max_items`. When the requirements carry
// minValues and the policy is Strict, a truncated list that no longer satisfies them is an error
// `validating minValues: minValues requirement is not met for label(s) [...]`.
[[nodiscard]] Result<InstanceTypes> Truncate(InstanceTypes types,
                                             const api::Requirements& requirements, int max_items,
                                             MinValuesPolicy policy = MinValuesPolicy::kStrict);

}  // namespace tidepool::cloud
