#include "cloud/catalog.h"

#include <algorithm>
#include <utility>

#include "api/tidepool/instance_catalog.h"
#include "cloud/aws_catalog.h"
#include "cloud/fake_catalog.h"
#include "cloud/kwok_catalog.h"

namespace tidepool::cloud {
namespace {

using api::NodeSelectorOperator;
using api::Requirement;

constexpr std::string_view kAwsPrefix = "aws/";

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

Error UnknownCatalog(std::string_view name) {
  std::vector<std::string> names = CatalogNames();
  std::string message = "unknown instance catalog \"" + std::string(name) + "\"";
  const std::string* closest = nullptr;
  size_t best = std::max<size_t>(2, name.size() / 3) + 1;
  for (const std::string& candidate : names) {
    size_t distance = EditDistance(name, candidate);
    if (distance < best) {
      best = distance;
      closest = &candidate;
    }
  }
  if (closest != nullptr) message += " (did you mean \"" + *closest + "\"?)";
  message += "; valid names: fake, kwok, aws/<region> with region one of";
  for (const std::string& region : aws::Regions()) message += " " + region;
  return Error(ErrorCode::kNotFound, std::move(message));
}

Catalog Named(std::string name, InstanceTypes types, std::string price_source,
              const api::LabelKeySet& well_known) {
  Catalog catalog;
  catalog.name = std::move(name);
  catalog.types = std::move(types);
  catalog.price_source = std::move(price_source);
  catalog.well_known_labels = &well_known;
  return catalog;
}

InstanceTypePtr FromSpec(const api::InstanceCatalogType& spec) {
  InstanceType type;
  type.name = spec.name;
  type.requirements = api::Requirements::FromLabels(spec.labels);
  // Every node carries an architecture and an OS label; a type that names neither is the common
  // case, not a wildcard.
  if (!type.requirements.Has(api::kLabelArchStable)) {
    type.requirements.Add(
        Requirement::Make(api::kLabelArchStable, NodeSelectorOperator::kIn, {"amd64"}));
  }
  if (!type.requirements.Has(api::kLabelOSStable)) {
    type.requirements.Add(
        Requirement::Make(api::kLabelOSStable, NodeSelectorOperator::kIn, {"linux"}));
  }
  type.capacity = spec.capacity;
  type.overhead.kube_reserved = spec.overhead.kube_reserved;
  type.overhead.system_reserved = spec.overhead.system_reserved;
  type.overhead.eviction_threshold = spec.overhead.eviction_threshold;
  type.offerings.reserve(spec.offerings.size());
  for (const api::InstanceCatalogOffering& offering : spec.offerings) {
    type.offerings.push_back({.zone = offering.zone,
                              .capacity_type = offering.capacity_type,
                              .price = offering.price,
                              .available = offering.available.value_or(true)});
  }
  return MakeInstanceType(std::move(type));
}

}  // namespace

std::vector<std::string> CatalogNames() {
  std::vector<std::string> names = {"fake", "kwok"};
  for (const std::string& region : aws::Regions())
    names.push_back(std::string(kAwsPrefix) + region);
  return names;
}

Result<Catalog> LoadCatalog(std::string_view name) {
  if (name == "fake") {
    return Named("fake", fake::DefaultInstanceTypes(),
                 "Karpenter's fake provider: 0.1 per vCPU + 0.1 per GB of memory + 1 per GPU",
                 fake::WellKnownLabels());
  }
  if (name == "kwok") {
    return Named("kwok", kwok::InstanceTypes(),
                 "Karpenter's KWOK provider: on-demand 0.025 per vCPU + 0.001 per GB of memory; "
                 "spot 70% of on-demand",
                 kwok::WellKnownLabels());
  }
  if (name.starts_with(kAwsPrefix)) {
    Result<Catalog> catalog = aws::LoadRegion(name.substr(kAwsPrefix.size()));
    if (catalog) return catalog;
  }
  return Fail(UnknownCatalog(name));
}

Result<Catalog> CatalogFromSpec(const api::InstanceCatalog& spec) {
  Catalog catalog;
  if (spec.spec.base.has_value()) {
    Result<Catalog> base = LoadCatalog(*spec.spec.base);
    if (!base) return Fail(base.error().WithContext("spec.base"));
    catalog = std::move(*base);
  } else {
    catalog.price_source = "as given in the InstanceCatalog";
  }
  catalog.name = "InstanceCatalog/" + spec.metadata.name;
  for (const api::InstanceCatalogType& type : spec.spec.instance_types) {
    InstanceTypePtr made = FromSpec(type);
    auto same = std::find_if(catalog.types.begin(), catalog.types.end(),
                             [&](const InstanceTypePtr& t) { return t->name == type.name; });
    if (same != catalog.types.end()) {
      *same = std::move(made);
    } else {
      catalog.types.push_back(std::move(made));
    }
  }
  return catalog;
}

}  // namespace tidepool::cloud
