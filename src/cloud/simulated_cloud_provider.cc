#include "cloud/simulated_cloud_provider.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <utility>

#include "api/resource_math.h"

namespace tidepool::cloud {
namespace {

std::string NodePoolOf(const api::NodeClaim& node_claim) {
  auto it = node_claim.metadata.labels.find(std::string(api::kNodePoolLabelKey));
  return it == node_claim.metadata.labels.end() ? std::string() : it->second;
}

// Upstream's fake drops zero quantities from capacity and allocatable.
api::ResourceList NonZero(const api::ResourceList& list) {
  api::ResourceList out;
  for (const auto& [name, quantity] : list) {
    if (quantity.Sign() != 0) out.emplace(name, quantity);
  }
  return out;
}

}  // namespace

SimulatedCloudProvider::SimulatedCloudProvider(const Clock& clock, InstanceTypes catalog,
                                               SimulatedCloudOptions options)
    : clock_(clock),
      catalog_(std::move(catalog)),
      options_(std::move(options)),
      unavailable_(clock, options_.unavailable_offerings_ttl) {}

namespace {
SimulatedCloudOptions WithLabelsOf(const Catalog& catalog, SimulatedCloudOptions options) {
  options.well_known_labels = catalog.well_known_labels;
  return options;
}
}  // namespace

SimulatedCloudProvider::SimulatedCloudProvider(const Clock& clock, const Catalog& catalog,
                                               SimulatedCloudOptions options)
    : SimulatedCloudProvider(clock, catalog.types, WithLabelsOf(catalog, std::move(options))) {}

const InstanceTypes& SimulatedCloudProvider::CatalogFor(std::string_view node_pool) const {
  if (!pool_catalogs_.empty()) {
    auto it = pool_catalogs_.find(node_pool);
    if (it != pool_catalogs_.end()) return it->second;
  }
  return catalog_;
}

Result<api::NodeClaim> SimulatedCloudProvider::Create(const api::NodeClaim& node_claim) {
  ++create_calls_;
  if (next_create_error_) {
    Error error = std::move(*next_create_error_);
    next_create_error_.reset();
    return Fail(std::move(error));
  }
  const api::Requirements requirements =
      api::Requirements::FromNodeSelectorRequirements(node_claim.spec.requirements);
  const api::CompatibilityOptions compatibility =
      api::AllowUndefinedWellKnownLabels(*options_.well_known_labels);
  const api::ResourceList& requests = node_claim.spec.resources.requests;

  std::vector<Candidate> candidates;
  bool any_compatible = false;
  for (const InstanceTypePtr& type : CatalogFor(NodePoolOf(node_claim))) {
    if (!requirements.IsCompatible(type->requirements, compatibility)) continue;
    if (!api::Fits(requests, type->allocatable)) continue;
    for (const Offering& offering : type->offerings) {
      if (!IsCompatible(offering, requirements)) continue;
      any_compatible = true;
      if (!offering.available) continue;
      if (unavailable_.IsUnavailable(type->name, offering.zone, offering.capacity_type)) continue;
      candidates.push_back(Candidate{&type, &offering});
    }
  }
  if (!any_compatible) {
    return Fail(ErrorCode::kInvalidArgument, "no instance type satisfies requirements [" +
                                                 requirements.String() + "] and requests " +
                                                 api::ResourceListString(requests));
  }
  if (candidates.empty()) {
    return Fail(ErrorCode::kInsufficientCapacity,
                "all requested instance types were unavailable during launch");
  }

  // The capacity type first (reserved, then spot, then on-demand), as the AWS provider decides it
  // before asking the fleet for instances.
  std::string_view capacity_type = candidates.front().offering->capacity_type;
  bool has_reserved = false, has_spot = false, has_on_demand = false;
  for (const Candidate& c : candidates) {
    const std::string& ct = c.offering->capacity_type;
    if (ct == kCapacityTypeReserved) {
      const int* left = CapacityFor(**c.type, *c.offering);
      has_reserved = has_reserved || left == nullptr || *left > 0;
    } else if (ct == kCapacityTypeSpot) {
      has_spot = true;
    } else if (ct == kCapacityTypeOnDemand) {
      has_on_demand = true;
    }
  }
  if (has_reserved) {
    capacity_type = kCapacityTypeReserved;
  } else if (has_spot) {
    capacity_type = kCapacityTypeSpot;
  } else if (has_on_demand) {
    capacity_type = kCapacityTypeOnDemand;
  }
  std::erase_if(candidates,
                [&](const Candidate& c) { return c.offering->capacity_type != capacity_type; });
  std::ranges::stable_sort(candidates, {}, [](const Candidate& c) { return c.offering->price; });

  std::string failed;
  for (const Candidate& c : candidates) {
    const InstanceType& type = **c.type;
    int* left = CapacityFor(type, *c.offering);
    if (left != nullptr && *left <= 0) {
      // One pool of the fleet request ran out: remember it, try the next.
      ++ice_errors_;
      unavailable_.MarkUnavailable(type.name, c.offering->zone, c.offering->capacity_type);
      if (!failed.empty()) failed += ", ";
      failed += type.name + "/" + c.offering->zone + "/" + c.offering->capacity_type;
      continue;
    }
    if (left != nullptr) --*left;
    return Launched(node_claim, *c.type, *c.offering, requirements);
  }
  return Fail(ErrorCode::kInsufficientCapacity,
              "InsufficientInstanceCapacity: no capacity for offerings [" + failed + "]");
}

api::NodeClaim SimulatedCloudProvider::Launched(const api::NodeClaim& node_claim,
                                                const InstanceTypePtr& type_ptr,
                                                const Offering& offering,
                                                const api::Requirements& requirements) {
  const InstanceType& type = *type_ptr;
  std::map<std::string, std::string> labels;
  for (const api::Requirement& r : type.requirements.values()) {
    if (r.Operator() != api::NodeSelectorOperator::kIn || r.values().empty()) continue;
    if (r.key() == api::kLabelHostname) continue;
    const api::Requirement* wanted = requirements.Find(r.key());
    if (wanted != nullptr && r.values().size() > 1) {
      api::Requirement narrowed = r.Intersection(*wanted);
      if (!narrowed.values().empty()) {
        labels[r.key()] = narrowed.values().front();
        continue;
      }
    }
    labels[r.key()] = r.values().front();
  }
  for (const api::Requirement& r : offering.requirements.values()) labels[r.key()] = r.Any();
  for (const auto& [key, value] : node_claim.metadata.labels) labels[key] = value;

  api::NodeClaim created = node_claim;
  created.metadata.labels = labels;
  created.status.provider_id = NextProviderId(offering.zone);
  created.status.capacity = NonZero(type.capacity);
  created.status.allocatable = NonZero(type.allocatable);

  SimulatedInstance instance;
  instance.provider_id = created.status.provider_id;
  instance.node_claim = node_claim.metadata.name;
  instance.node_pool = NodePoolOf(node_claim);
  instance.instance_type = type_ptr;
  instance.zone = offering.zone;
  instance.capacity_type = offering.capacity_type;
  instance.price = offering.price;
  instance.launch_time = clock_.Now();
  instance.labels = std::move(labels);
  instances_.emplace(instance.provider_id, std::move(instance));
  return created;
}

Status SimulatedCloudProvider::Delete(const api::NodeClaim& node_claim) {
  ++delete_calls_;
  if (next_delete_error_) {
    Error error = std::move(*next_delete_error_);
    next_delete_error_.reset();
    return Fail(std::move(error));
  }
  auto it = instances_.find(node_claim.status.provider_id);
  if (it == instances_.end()) {
    return Fail(ErrorCode::kNotFound,
                "no nodeclaim exists with provider id \"" + node_claim.status.provider_id + "\"");
  }
  instances_.erase(it);
  if (auto d = drifted_.find(node_claim.status.provider_id); d != drifted_.end()) drifted_.erase(d);
  return OkStatus();
}

Status SimulatedCloudProvider::Get(const api::NodeClaim& node_claim) const {
  if (instances_.contains(node_claim.status.provider_id)) return OkStatus();
  return Fail(ErrorCode::kNotFound,
              "no nodeclaim exists with id \"" + node_claim.status.provider_id + "\"");
}

Result<InstanceTypes> SimulatedCloudProvider::GetInstanceTypes(const api::NodePool& node_pool) {
  return unavailable_.ApplyTo(CatalogFor(node_pool.metadata.name));
}

std::string SimulatedCloudProvider::IsDrifted(const api::NodeClaim& node_claim) const {
  auto it = drifted_.find(node_claim.status.provider_id);
  return it == drifted_.end() ? std::string() : it->second;
}

bool SimulatedCloudProvider::Owns(std::string_view provider_id) const {
  return provider_id.size() > options_.provider_id_scheme.size() + 3 &&
         provider_id.starts_with(options_.provider_id_scheme) &&
         provider_id.substr(options_.provider_id_scheme.size()).starts_with("://");
}

const SimulatedInstance* SimulatedCloudProvider::FindInstance(std::string_view provider_id) const {
  auto it = instances_.find(provider_id);
  return it == instances_.end() ? nullptr : &it->second;
}

bool SimulatedCloudProvider::TerminateInstance(std::string_view provider_id) {
  auto it = instances_.find(provider_id);
  if (it == instances_.end()) return false;
  instances_.erase(it);
  return true;
}

double SimulatedCloudProvider::HourlyCost() const {
  double total = 0;
  for (const auto& [id, instance] : instances_) total += instance.price;
  return total;
}

void SimulatedCloudProvider::SetOfferingCapacity(std::string_view instance_type,
                                                 std::string_view zone,
                                                 std::string_view capacity_type, int launches) {
  capacity_[OfferingKey(instance_type, zone, capacity_type)] = launches;
}

void SimulatedCloudProvider::ClearOfferingCapacity() { capacity_.clear(); }

void SimulatedCloudProvider::SetDrifted(std::string_view provider_id, std::string reason) {
  if (reason.empty()) {
    if (auto it = drifted_.find(provider_id); it != drifted_.end()) drifted_.erase(it);
    return;
  }
  drifted_.insert_or_assign(std::string(provider_id), std::move(reason));
}

void SimulatedCloudProvider::SetInstanceTypesForNodePool(std::string node_pool,
                                                         InstanceTypes types) {
  pool_catalogs_.insert_or_assign(std::move(node_pool), std::move(types));
}

int* SimulatedCloudProvider::CapacityFor(const InstanceType& type, const Offering& offering) {
  OfferingKey key(type.name, offering.zone, offering.capacity_type);
  auto it = capacity_.find(key);
  if (it != capacity_.end()) return &it->second;
  if (offering.capacity_type != kCapacityTypeReserved) return nullptr;
  // A reservation launches only as many instances as it holds.
  return &capacity_.emplace(std::move(key), offering.reservation_capacity).first->second;
}

std::string SimulatedCloudProvider::NextProviderId(std::string_view zone) {
  char id[32];
  std::snprintf(id, sizeof(id), "i-%017" PRIx64, ++next_instance_);
  std::string out;
  out.reserve(options_.provider_id_scheme.size() + 4 + zone.size() + 1 + 19);
  out.append(options_.provider_id_scheme).append(":///").append(zone).append("/").append(id);
  return out;
}

}  // namespace tidepool::cloud
