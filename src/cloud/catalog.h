// Instance catalogues by name or inline: the list of instance types a plan or a simulation may
// launch, with where its prices come from.
//
// Names: "fake" (Karpenter's fake provider's default list, cloud/fake_catalog.h), "kwok" (the
// 144 types of Karpenter's KWOK provider, cloud/kwok_catalog.h) and "aws/<region>" for every
// region of the AWS data (cloud/aws_catalog.h). An InstanceCatalog document
// (api/tidepool/instance_catalog.h) gives one inline, optionally on top of a named base.
//
// Thread-safety: pure functions returning fresh values.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "api/well_known_labels.h"
#include "cloud/instance_type.h"
#include "core/status.h"

namespace tidepool::api {
struct InstanceCatalog;
}  // namespace tidepool::api

namespace tidepool::cloud {

struct Catalog {
  std::string name;  // "kwok", "aws/eu-west-1", "inline/<metadata.name>"
  InstanceTypes types;
  // Things a user should know about the prices or contents, printed by plan and simulation.
  std::vector<std::string> warnings;
  // The on-demand prices are another region's (aws/<region> other than us-east-1).
  bool on_demand_prices_borrowed = false;
  // Where the prices come from, in a few words.
  std::string price_source;
  // The labels the catalogue's types define that NodePools need not (the allow-undefined set
  // for requirement compatibility): the core set plus the provider's. Never null.
  const api::LabelKeySet* well_known_labels = &api::CoreWellKnownLabels();
};

// "fake", "kwok", then "aws/<region>" for every region, sorted.
std::vector<std::string> CatalogNames();

// The named catalogue. An unknown name is kNotFound, listing the valid names and suggesting the
// closest one ("did you mean \"aws/eu-west-1\"?").
[[nodiscard]] Result<Catalog> LoadCatalog(std::string_view name);

// The catalogue an InstanceCatalog document describes (already defaulted and validated):
// spec.base's types if set, with spec.instanceTypes added (a type of the same name replaces the
// base's).
[[nodiscard]] Result<Catalog> CatalogFromSpec(const api::InstanceCatalog& catalog);

}  // namespace tidepool::cloud
