// Defaults and validation of tidepool.dev/v1alpha1 InstanceCatalog and PlanOptions.
#include <charconv>
#include <cmath>
#include <set>
#include <string>
#include <utility>

#include "api/k8s/common_validation.h"
#include "api/name_validation.h"
#include "api/tidepool/instance_catalog.h"
#include "api/tidepool/plan_options.h"
#include "api/well_known_labels.h"

namespace tidepool::api {
namespace {

// A double as Go's %v renders it in a field error (shortest round-trip form).
std::string RenderNumber(double value) {
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value);
  return ec == std::errc() ? std::string(buffer, end) : std::string("NaN");
}

void ValidateResources(const ResourceList& resources, std::string_view path, FieldErrors& errors) {
  for (const auto& [name, quantity] : resources) {
    std::string item = Key(path, name);
    for (const std::string& msg : IsQualifiedName(name)) {
      errors.Add(item, InvalidMessage(name, msg));
    }
    ValidateResourceQuantity(name, quantity, item, errors);
  }
}

void ValidateOffering(const InstanceCatalogOffering& offering, const std::string& path,
                      FieldErrors& errors) {
  if (offering.zone.empty()) {
    errors.Add(Child(path, "zone"), RequiredMessage());
  } else {
    for (const std::string& msg : IsValidLabelValue(offering.zone)) {
      errors.Add(Child(path, "zone"), InvalidMessage(offering.zone, msg));
    }
  }
  if (offering.capacity_type != kCapacityTypeSpot &&
      offering.capacity_type != kCapacityTypeOnDemand &&
      offering.capacity_type != kCapacityTypeReserved) {
    errors.Add(Child(path, "capacityType"),
               offering.capacity_type.empty()
                   ? RequiredMessage()
                   : NotSupportedMessage(
                         offering.capacity_type,
                         {kCapacityTypeOnDemand, kCapacityTypeReserved, kCapacityTypeSpot}));
  }
  if (!std::isfinite(offering.price) || offering.price < 0) {
    errors.Add(Child(path, "price"), InvalidMessageRendered(RenderNumber(offering.price),
                                                            "must be greater than or equal to 0"));
  }
}

void ValidateType(const InstanceCatalogType& type, const std::string& path, FieldErrors& errors) {
  if (type.name.empty()) {
    errors.Add(Child(path, "name"), RequiredMessage());
  } else {
    // The name becomes the node.kubernetes.io/instance-type label.
    for (const std::string& msg : IsValidLabelValue(type.name)) {
      errors.Add(Child(path, "name"), InvalidMessage(type.name, msg));
    }
  }

  std::string capacity = Child(path, "capacity");
  for (const char* required : {kResourceCPU, kResourceMemory}) {
    if (type.capacity.find(required) == type.capacity.end()) {
      errors.Add(Key(capacity, required), RequiredMessage());
    }
  }
  ValidateResources(type.capacity, capacity, errors);
  std::string overhead = Child(path, "overhead");
  ValidateResources(type.overhead.kube_reserved, Child(overhead, "kubeReserved"), errors);
  ValidateResources(type.overhead.system_reserved, Child(overhead, "systemReserved"), errors);
  ValidateResources(type.overhead.eviction_threshold, Child(overhead, "evictionThreshold"), errors);

  std::string labels = Child(path, "labels");
  ValidateLabels(type.labels, labels, errors);
  for (const auto& [key, value] : type.labels) {
    std::string_view normalized = NormalizeLabelKey(key);
    if (normalized == kLabelInstanceTypeStable || normalized == kLabelTopologyZone ||
        normalized == kCapacityTypeLabelKey) {
      errors.Add(Key(labels, key),
                 ForbiddenMessage("set from the instance type's name and offerings"));
    }
  }

  std::string offerings = Child(path, "offerings");
  if (type.offerings.empty()) {
    errors.Add(offerings, RequiredMessage("at least one offering"));
  }
  std::set<std::pair<std::string_view, std::string_view>> seen;
  for (size_t i = 0; i < type.offerings.size(); ++i) {
    const InstanceCatalogOffering& offering = type.offerings[i];
    std::string item = Index(offerings, i);
    ValidateOffering(offering, item, errors);
    if (!seen.emplace(offering.zone, offering.capacity_type).second) {
      errors.Add(item, DuplicateMessageRendered(
                           GoQuote(offering.zone + "/" + offering.capacity_type),
                           "an offering for this zone and capacity type is already listed"));
    }
  }
}

void ValidateCatalogName(std::string_view name, const std::string& path, FieldErrors& errors) {
  if (!IsCatalogName(name)) {
    errors.Add(path, InvalidMessage(name, "must be fake, kwok or aws/<region>"));
  }
}

}  // namespace

bool IsCatalogName(std::string_view name) {
  if (name == "fake" || name == "kwok") return true;
  if (!name.starts_with("aws/")) return false;
  std::string_view region = name.substr(4);
  if (region.empty()) return false;
  for (char c : region) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

void SetDefaults(InstanceCatalog& catalog) {
  for (InstanceCatalogType& type : catalog.spec.instance_types) {
    for (InstanceCatalogOffering& offering : type.offerings) {
      if (!offering.available.has_value()) offering.available = true;
    }
  }
}

void Validate(const InstanceCatalog& catalog, FieldErrors& errors) {
  ValidateObjectMeta(catalog.metadata, /*namespaced=*/false, NameRule::kDNS1123Subdomain,
                     "metadata", errors);
  const InstanceCatalogSpec& spec = catalog.spec;
  if (spec.base.has_value()) ValidateCatalogName(*spec.base, "spec.base", errors);
  if (spec.instance_types.empty() && !spec.base.has_value()) {
    errors.Add("spec.instanceTypes", RequiredMessage("at least one instance type, or spec.base"));
  }
  std::set<std::string_view> names;
  for (size_t i = 0; i < spec.instance_types.size(); ++i) {
    const InstanceCatalogType& type = spec.instance_types[i];
    std::string path = Index("spec.instanceTypes", i);
    ValidateType(type, path, errors);
    if (!type.name.empty() && !names.insert(type.name).second) {
      errors.Add(Child(path, "name"), DuplicateMessageRendered(GoQuote(type.name)));
    }
  }
}

void SetDefaults(PlanOptions& options) {
  if (!options.spec.max_instance_types.has_value()) {
    options.spec.max_instance_types = kDefaultMaxInstanceTypes;
  }
}

void Validate(const PlanOptions& options, FieldErrors& errors) {
  ValidateObjectMeta(options.metadata, /*namespaced=*/false, NameRule::kDNS1123Subdomain,
                     "metadata", errors);
  const PlanOptionsSpec& spec = options.spec;
  if (!spec.catalog.empty()) ValidateCatalogName(spec.catalog, "spec.catalog", errors);
  if (spec.packer.has_value() && *spec.packer != kPackerCost && *spec.packer != kPackerKarpenter) {
    errors.Add("spec.packer", NotSupportedMessage(*spec.packer, {kPackerCost, kPackerKarpenter}));
  }
  if (spec.max_instance_types.has_value() && *spec.max_instance_types < 1) {
    errors.Add("spec.maxInstanceTypes",
               InvalidMessageRendered(std::to_string(*spec.max_instance_types),
                                      "must be greater than or equal to 1"));
  }
}

}  // namespace tidepool::api
