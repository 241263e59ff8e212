// Test helpers for the provisioning tests: manifests written as YAML literals, loaded through the
// same loader and registry as `tidepool plan`, and small instance types built in code.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "cloud/instance_type.h"
#include "manifest/default_registry.h"
#include "manifest/loader.h"
#include "provisioning/plan_input.h"

namespace tidepool::provisioning::testing {

// Loads `yaml` (multi-document) and sorts it into a PlanInput; any load problem fails the test.
inline PlanInput LoadPlanInput(std::string_view yaml) {
  manifest::Loader loader(manifest::DefaultRegistry());
  manifest::LoadResult loaded;
  Status status = loader.AddText(yaml, "test.yaml", loaded);
  EXPECT_TRUE(status) << (status ? "" : status.error().message());
  for (const manifest::Problem& p : loaded.problems) ADD_FAILURE() << p.ToString();
  Result<PlanInput> input = AssemblePlanInput(loaded);
  EXPECT_TRUE(input) << (input ? "" : input.error().message());
  return input ? std::move(*input) : PlanInput{};
}

// A type with `cpu` cores, `memory` and the given offerings (zone, capacity type, price), no
// overhead, 110 pods, amd64 linux.
inline cloud::InstanceTypePtr SimpleType(std::string name, std::string cpu, std::string memory,
                                         std::vector<cloud::Offering> offerings,
                                         std::string pods = "110") {
  cloud::InstanceType type;
  type.name = std::move(name);
  type.capacity = {{"cpu", Quantity::MustParse(cpu)},
                   {"memory", Quantity::MustParse(memory)},
                   {"pods", Quantity::MustParse(pods)}};
  type.offerings = std::move(offerings);
  type.requirements = api::Requirements::FromLabels(
      {{"kubernetes.io/arch", "amd64"}, {"kubernetes.io/os", "linux"}});
  return cloud::MakeInstanceType(std::move(type));
}

inline cloud::Offering MakeOffering(std::string zone, std::string capacity_type, double price,
                                    bool available = true) {
  cloud::Offering offering;
  offering.zone = std::move(zone);
  offering.capacity_type = std::move(capacity_type);
  offering.price = price;
  offering.available = available;
  return offering;
}

}  // namespace tidepool::provisioning::testing
