// A cloud in memory for `tidepool simulate` and tests: a CloudProvider (cloud_provider.h) over a
// catalogue of instance types, modelled on Karpenter's fake provider (kubernetes-sigs/karpenter
// pkg/cloudprovider/fake/cloudprovider.go) and on how the AWS provider chooses an offering.
//
// Create: among the catalogue's instance types compatible with the NodeClaim's requirements (the
// provisioner narrows them with node.kubernetes.io/instance-type In [...]) whose allocatable fits
// spec.resources.requests, take the offerings compatible with the requirements that are
// available in the catalogue and not in UnavailableOfferings. The capacity type is chosen first,
// as the AWS provider does before calling CreateFleet: reserved when a compatible reserved
// offering has reservation capacity left, else spot when any compatible spot offering exists (the
// claim allows spot), else on-demand. Within it the offerings are tried cheapest first (ties in
// catalogue order), which is what EC2 Fleet's price-capacity-optimized strategy effectively does
// when every pool has capacity: an offering whose injected capacity is exhausted fails with
// insufficient capacity, is marked unavailable, and the next one is tried, like the per-pool
// errors of one CreateFleet call. When every offering of the chosen capacity type fails, Create
// returns kInsufficientCapacity; the lifecycle controller then deletes the claim, and the next
// solve sees those offerings unavailable (and so falls back from spot to on-demand). When no
// instance type is compatible at all, Create returns kInvalidArgument.
//
// The launched claim carries status.providerID ("<scheme>:///<zone>/i-<17 hex digits>", counted
// from 1, so ids are deterministic), status.capacity and status.allocatable (zero quantities
// dropped, as the fake does), and labels: the instance type's In requirements (narrowed to the
// claim's requirement for the key, smallest value first), the offering's zone and capacity type,
// then the claim's own labels on top.
//
// Fault injection: per-offering capacity (launches left before ICE), one-shot errors for the next
// Create or Delete, drift reasons per instance, instances terminated behind Karpenter's back.
//
// Not thread-safe: used from the clock's dispatching thread.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "api/well_known_labels.h"
#include "cloud/catalog.h"
#include "cloud/cloud_provider.h"
#include "cloud/unavailable_offerings.h"
#include "core/clock.h"
#include "core/status.h"
#include "core/time.h"

namespace tidepool::cloud {

struct SimulatedCloudOptions {
  // The provider id scheme: ids read "<scheme>:///<zone>/i-<n>".
  std::string provider_id_scheme = "sim";
  // How long a failed offering stays unavailable.
  Duration unavailable_offerings_ttl = kUnavailableOfferingsTtl;
  // Labels the catalogue's types define that claims need not (Catalog::well_known_labels).
  const api::LabelKeySet* well_known_labels = &api::CoreWellKnownLabels();
};

// One running instance.
struct SimulatedInstance {
  std::string provider_id;
  std::string node_claim;  // the claim's metadata.name at launch
  std::string node_pool;   // its karpenter.sh/nodepool label
  InstanceTypePtr instance_type;
  std::string zone;
  std::string capacity_type;
  double price = 0;
  Time launch_time;
  // The labels Create put on the claim.
  std::map<std::string, std::string> labels;
};

class SimulatedCloudProvider : public CloudProvider {
 public:
  SimulatedCloudProvider(const Clock& clock, InstanceTypes catalog,
                         SimulatedCloudOptions options = {});
  // Over a loaded catalogue (catalog.h), with its well-known labels as options.well_known_labels.
  SimulatedCloudProvider(const Clock& clock, const Catalog& catalog,
                         SimulatedCloudOptions options = {});

  [[nodiscard]] Result<api::NodeClaim> Create(const api::NodeClaim& node_claim) override;
  [[nodiscard]] Status Delete(const api::NodeClaim& node_claim) override;
  [[nodiscard]] Status Get(const api::NodeClaim& node_claim) const override;
  [[nodiscard]] Result<InstanceTypes> GetInstanceTypes(const api::NodePool& node_pool) override;
  std::string IsDrifted(const api::NodeClaim& node_claim) const override;
  std::string Name() const override { return "simulated"; }

  // ---- The world -------------------------------------------------------------------------------
  // Whether `provider_id` is this cloud's (has its scheme), launched or not.
  bool Owns(std::string_view provider_id) const;
  const SimulatedInstance* FindInstance(std::string_view provider_id) const;
  // Running instances by provider id.
  const std::map<std::string, SimulatedInstance, std::less<>>& instances() const {
    return instances_;
  }
  // The instance disappears without Karpenter asking (spot reclaim, someone in the console).
  // False when there is no such instance.
  bool TerminateInstance(std::string_view provider_id);
  // Sum of the running instances' prices per hour.
  double HourlyCost() const;

  // ---- Fault injection
  // --------------------------------------------------------------------------- How many more
  // instances the offering can launch (0: every launch ICEs). Unset offerings are unlimited, except
  // reserved ones, which start at their reservation_capacity.
  void SetOfferingCapacity(std::string_view instance_type, std::string_view zone,
                           std::string_view capacity_type, int launches);
  void ClearOfferingCapacity();
  // The next Create / Delete fails with `error` (once), before doing anything else.
  void FailNextCreate(Error error) { next_create_error_ = std::move(error); }
  void FailNextDelete(Error error) { next_delete_error_ = std::move(error); }
  // IsDrifted reports `reason` for the instance ("" clears it).
  void SetDrifted(std::string_view provider_id, std::string reason);
  // GetInstanceTypes and Create use these for claims and pools of `node_pool` (the fake's
  // InstanceTypesForNodePool).
  void SetInstanceTypesForNodePool(std::string node_pool, InstanceTypes types);

  UnavailableOfferings& unavailable_offerings() { return unavailable_; }
  const UnavailableOfferings& unavailable_offerings() const { return unavailable_; }
  const InstanceTypes& catalog() const { return catalog_; }

  // Calls so far, for tests.
  uint64_t create_calls() const { return create_calls_; }
  uint64_t delete_calls() const { return delete_calls_; }
  // Launches that failed with insufficient capacity (per offering tried).
  uint64_t insufficient_capacity_errors() const { return ice_errors_; }

 private:
  struct Candidate {
    const InstanceTypePtr* type;
    const Offering* offering;
  };
  using OfferingKey = std::tuple<std::string, std::string, std::string>;

  const InstanceTypes& CatalogFor(std::string_view node_pool) const;
  // Launches left for an offering; nullptr when unlimited.
  int* CapacityFor(const InstanceType& type, const Offering& offering);
  std::string NextProviderId(std::string_view zone);
  api::NodeClaim Launched(const api::NodeClaim& node_claim, const InstanceTypePtr& type,
                          const Offering& offering, const api::Requirements& requirements);

  const Clock& clock_;
  const InstanceTypes catalog_;
  const SimulatedCloudOptions options_;
  UnavailableOfferings unavailable_;
  std::map<std::string, InstanceTypes, std::less<>> pool_catalogs_;
  std::map<std::string, SimulatedInstance, std::less<>> instances_;
  std::map<std::string, std::string, std::less<>> drifted_;
  std::map<OfferingKey, int> capacity_;
  std::optional<Error> next_create_error_;
  std::optional<Error> next_delete_error_;
  uint64_t next_instance_ = 0;
  uint64_t create_calls_ = 0;
  uint64_t delete_calls_ = 0;
  uint64_t ice_errors_ = 0;
};

}  // namespace tidepool::cloud
