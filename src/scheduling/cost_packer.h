// CostPackingPolicy: a PackingPolicy (scheduling/packing_policy.h) that lowers $/hour under the
// same constraints as Karpenter's.
//
// Karpenter opens a claim with every instance type the first pod fits, keeps adding pods while
// any of them still fits (so claims grow towards the largest, often memory-richest type) and
// launches the cheapest type that holds the result. When the pods' cpu:memory ratio differs from
// the family that wins on price, claims end up on types whose spare dimension is paid for.
//
// This policy decides at (a), when a claim opens: it groups the options into shape families
// (types with the same memory per cpu and the same price per cpu, e.g. kwok's c, s and m, or
// AWS's c7i, m7i, r7i), prices each family's largest option for the shape of the remaining
// demand (the cost of serving all of it with that type alone: price × max over resources of
// demand ÷ allocatable, at the cheapest offering compatible with the claim), and keeps only the
// families within `tolerance` of the best. Every size of a kept family stays, so the claim can
// still shrink to the cheapest type that holds what it finally gets. At (b) it orders as
// Karpenter does (cheapest compatible offering first, truncated minValues-aware), which picks the
// smallest adequate size of the chosen family.
//
// Claims whose requirements carry minValues keep every option (narrowing to one family could
// break minValues). The policy never empties the list.
//
// The family of a type and its largest-size data are cached per instance type (immutable
// catalogue objects), so (a) costs one linear pass over the options plus one offering lookup per
// family. Thread-safety: as the solver requires, calls come from one thread; the cache is not
// synchronised. Deterministic.
#pragma once

#include <cstdint>
#include <memory>
#include <unordered_map>

#include "scheduling/packing_policy.h"

namespace tidepool::scheduling {

class CostPackingPolicy final : public PackingPolicy {
 public:
  // Families whose cost for the demand's shape is within `tolerance` (relative) of the best
  // family's are kept.
  explicit CostPackingPolicy(double tolerance = 0.02) : tolerance_(tolerance) {}

  void OpenClaimOptions(const ClaimContext& claim, cloud::InstanceTypes& options) const override;
  [[nodiscard]] Result<cloud::InstanceTypes> FinalizeOptions(
      const ClaimContext& claim, cloud::InstanceTypes options) const override;

  // Cost of serving `demand` with type `type` alone at `price` per node: price × max over the
  // demanded resources of demand ÷ allocatable (infinity when the type lacks a demanded
  // resource). Exposed for tests.
  static double ShapeCost(const cloud::InstanceType& type, double price,
                          const api::ResourceList& demand);

 private:
  struct TypeInfo {
    int family = 0;  // shape family id
    double cpu = 0;  // allocatable cores, for picking the family's largest option
  };
  const TypeInfo& Info(const cloud::InstanceType& type) const;

  double tolerance_;
  // Per instance type (catalogue objects outlive the policy's use of them).
  mutable std::unordered_map<const cloud::InstanceType*, TypeInfo> info_;
  // Family ids by (memory per cpu, price per cpu), both rounded.
  mutable std::unordered_map<uint64_t, int> families_;
};

}  // namespace tidepool::scheduling
