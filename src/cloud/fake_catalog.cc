#include "cloud/fake_catalog.h"

#include <algorithm>
#include <string>
#include <utility>

namespace tidepool::cloud::fake {
namespace {

using api::NodeSelectorOperator;
using api::Requirement;

// A resource the options left unset or at zero takes `fallback` (upstream checks IsZero).
void DefaultResource(api::ResourceList& resources, const char* name, std::string_view fallback) {
  auto it = resources.find(name);
  if (it == resources.end() || it->second.IsZero()) resources[name] = Quantity::MustParse(fallback);
}

Quantity Get(const api::ResourceList& resources, const char* name) {
  auto it = resources.find(name);
  return it == resources.end() ? Quantity() : it->second;
}

}  // namespace

double PriceFromResources(const api::ResourceList& resources) {
  double price = 0;
  for (const auto& [name, quantity] : resources) {
    if (name == api::kResourceCPU) {
      price += 0.1 * quantity.AsDouble();
    } else if (name == api::kResourceMemory) {
      price += 0.1 * quantity.AsDouble() / 1e9;
    } else if (name == kResourceGPUVendorA || name == kResourceGPUVendorB) {
      price += 1.0;
    }
  }
  return price;
}

std::vector<Offering> DefaultOfferings(double price) {
  return {
      {.zone = "test-zone-1", .capacity_type = kCapacityTypeSpot, .price = price},
      {.zone = "test-zone-2", .capacity_type = kCapacityTypeSpot, .price = price},
      {.zone = "test-zone-1", .capacity_type = kCapacityTypeOnDemand, .price = price},
      {.zone = "test-zone-2", .capacity_type = kCapacityTypeOnDemand, .price = price},
      {.zone = "test-zone-3", .capacity_type = kCapacityTypeOnDemand, .price = price},
  };
}

InstanceTypePtr NewInstanceType(std::string name, Options options) {
  InstanceType type;
  type.name = std::move(name);
  api::ResourceList& resources = options.resources;
  DefaultResource(resources, api::kResourceCPU, "4");
  DefaultResource(resources, api::kResourceMemory, "4Gi");
  DefaultResource(resources, api::kResourcePods, "5");
  if (options.offerings.empty())
    options.offerings = DefaultOfferings(PriceFromResources(resources));
  if (options.architecture.empty()) options.architecture = "amd64";
  if (options.operating_systems.empty()) options.operating_systems = {"darwin", "linux", "windows"};

  Quantity cpu = Get(resources, api::kResourceCPU);
  bool large = cpu > Quantity::MustParse("4") &&
               Get(resources, api::kResourceMemory) > Quantity::MustParse("8Gi");
  type.requirements.Add(Requirement::Make(api::kLabelArchStable, NodeSelectorOperator::kIn,
                                          {std::move(options.architecture)}));
  type.requirements.Add(Requirement::Make(api::kLabelOSStable, NodeSelectorOperator::kIn,
                                          std::move(options.operating_systems)));
  type.requirements.Add(Requirement::Make(kLabelInstanceSize, NodeSelectorOperator::kIn,
                                          {large ? "large" : "small"}));
  type.requirements.Add(
      large ? Requirement::Make(kExoticInstanceLabelKey, NodeSelectorOperator::kIn, {"optional"})
            : Requirement::Make(kExoticInstanceLabelKey, NodeSelectorOperator::kDoesNotExist));
  type.requirements.Add(Requirement::Make(kIntegerInstanceLabelKey, NodeSelectorOperator::kIn,
                                          {std::to_string(cpu.Value())}));
  for (const Requirement& r : options.requirements) type.requirements.Add(r);

  type.offerings = std::move(options.offerings);
  type.capacity = std::move(resources);
  type.overhead.kube_reserved = {{api::kResourceCPU, Quantity::MustParse("100m")},
                                 {api::kResourceMemory, Quantity::MustParse("10Mi")}};
  return MakeInstanceType(std::move(type));
}

cloud::InstanceTypes DefaultInstanceTypes() {
  auto resources = [](std::initializer_list<std::pair<const char*, const char*>> list) {
    api::ResourceList out;
    for (const auto& [name, value] : list) out[name] = Quantity::MustParse(value);
    return out;
  };
  return {
      NewInstanceType("default-instance-type"),
      NewInstanceType(
          "small-instance-type",
          {.resources = resources({{api::kResourceCPU, "2"}, {api::kResourceMemory, "2Gi"}})}),
      NewInstanceType("gpu-vendor-instance-type",
                      {.resources = resources({{kResourceGPUVendorA, "2"}})}),
      NewInstanceType("gpu-vendor-b-instance-type",
                      {.resources = resources({{kResourceGPUVendorB, "2"}})}),
      NewInstanceType(
          "arm-instance-type",
          {.resources = resources({{api::kResourceCPU, "16"}, {api::kResourceMemory, "128Gi"}}),
           .architecture = "arm64",
           .operating_systems = {"ios", "linux", "windows", "darwin"}}),
      NewInstanceType("single-pod-instance-type",
                      {.resources = resources({{api::kResourcePods, "1"}})}),
  };
}

cloud::InstanceTypes InstanceTypes(int total) {
  cloud::InstanceTypes out;
  out.reserve(std::max(total, 0));
  for (int i = 0; i < total; ++i) {
    int n = i + 1;
    Options options;
    options.resources = {
        {api::kResourceCPU, Quantity::FromInt(n)},
        {api::kResourceMemory, Quantity::MustParse(std::to_string(2 * n) + "Gi")},
        {api::kResourcePods, Quantity::FromInt(10 * n)},
    };
    out.push_back(NewInstanceType("fake-it-" + std::to_string(i), std::move(options)));
  }
  return out;
}

cloud::InstanceTypes InstanceTypesAssorted() {
  cloud::InstanceTypes out;
  for (int cpu : {1, 2, 4, 8, 16, 32, 64}) {
    for (int mem : {1, 2, 4, 8, 16, 32, 64, 128}) {
      for (const char* zone : {"test-zone-1", "test-zone-2", "test-zone-3"}) {
        for (const char* capacity_type : {kCapacityTypeSpot, kCapacityTypeOnDemand}) {
          for (const char* os : {"linux", "windows"}) {
            for (const char* arch : {"amd64", "arm64"}) {
              Options options;
              options.resources = {
                  {api::kResourceCPU, Quantity::FromInt(cpu)},
                  {api::kResourceMemory, Quantity::MustParse(std::to_string(mem) + "Gi")},
              };
              double price = PriceFromResources(options.resources);
              options.offerings = {{.zone = zone, .capacity_type = capacity_type, .price = price}};
              options.architecture = arch;
              options.operating_systems = {os};
              std::string name = std::to_string(cpu) + "-cpu-" + std::to_string(mem) + "-mem-" +
                                 arch + "-" + os + "-" + zone + "-" + capacity_type;
              out.push_back(NewInstanceType(std::move(name), std::move(options)));
            }
          }
        }
      }
    }
  }
  return out;
}

const api::LabelKeySet& WellKnownLabels() {
  static const api::LabelKeySet* const kSet = new api::LabelKeySet(api::CoreWellKnownLabels().Union(
      {kLabelInstanceSize, kExoticInstanceLabelKey, kIntegerInstanceLabelKey}));
  return *kSet;
}

}  // namespace tidepool::cloud::fake
