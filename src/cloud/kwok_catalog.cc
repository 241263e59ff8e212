#include "cloud/kwok_catalog.h"

#include <algorithm>
#include <string>
#include <utility>

namespace tidepool::cloud::kwok {
namespace {

using api::NodeSelectorOperator;
using api::Requirement;

constexpr int kVcpus[] = {1, 2, 4, 8, 16, 32, 48, 64, 96, 128, 192, 256};
constexpr int kMemoryFactors[] = {2, 4, 8};  // GiB per vCPU
constexpr const char* kZones[] = {"test-zone-a", "test-zone-b", "test-zone-c", "test-zone-d"};
constexpr int64_t kGi = int64_t{1} << 30;

// makeGenericInstanceTypeName's family letter.
const char* Family(int memory_factor) {
  switch (memory_factor) {
    case 2:
      return "c";  // cpu
    case 4:
      return "s";  // standard
    case 8:
      return "m";  // memory
    default:
      return "e";  // exotic
  }
}

InstanceTypePtr Make(int vcpu, int memory_factor, const char* os, const char* arch) {
  const char* family = Family(memory_factor);
  std::string size = std::to_string(vcpu);
  InstanceType type;
  type.name = std::string(family) + "-" + size + "x-" + arch + "-" + os;
  Quantity cpu = Quantity::FromInt(vcpu);
  Quantity memory = Quantity::MustParse(std::to_string(vcpu * memory_factor) + "Gi");
  type.capacity = {
      {api::kResourceCPU, cpu},
      {api::kResourceMemory, memory},
      {api::kResourcePods, Quantity::FromInt(std::min(16 * vcpu, 1024))},
      {api::kResourceEphemeralStorage, Quantity::MustParse("20Gi")},
  };
  double price = PriceFromResources(vcpu, int64_t{vcpu} * memory_factor * kGi);
  for (const char* zone : kZones) {
    type.offerings.push_back(
        {.zone = zone, .capacity_type = kCapacityTypeSpot, .price = price * .7});
    type.offerings.push_back(
        {.zone = zone, .capacity_type = kCapacityTypeOnDemand, .price = price});
  }
  type.requirements.Add(
      Requirement::Make(api::kLabelArchStable, NodeSelectorOperator::kIn, {arch}));
  type.requirements.Add(Requirement::Make(api::kLabelOSStable, NodeSelectorOperator::kIn, {os}));
  // Names like c-1x-amd64-linux are not AWS-shaped (family.size), so the size is the vCPU count
  // and the family is the text before the first '-' (parseSizeFromType, parseFamilyFromType).
  type.requirements.Add(
      Requirement::Make(kLabelInstanceSize, NodeSelectorOperator::kIn, {std::move(size)}));
  type.requirements.Add(
      Requirement::Make(kLabelInstanceFamily, NodeSelectorOperator::kIn, {family}));
  type.requirements.Add(
      Requirement::Make(kLabelInstanceCPU, NodeSelectorOperator::kIn, {cpu.ToString()}));
  type.requirements.Add(
      Requirement::Make(kLabelInstanceMemory, NodeSelectorOperator::kIn, {memory.ToString()}));
  type.overhead.kube_reserved = {{api::kResourceCPU, Quantity::MustParse("100m")},
                                 {api::kResourceMemory, Quantity::MustParse("10Mi")}};
  return MakeInstanceType(std::move(type));
}

}  // namespace

double PriceFromResources(int64_t vcpu, int64_t memory_bytes) {
  // Same operation order as upstream: (0.001 × bytes) / 1e9.
  return 0.025 * static_cast<double>(vcpu) + 0.001 * static_cast<double>(memory_bytes) / 1e9;
}

const cloud::InstanceTypes& InstanceTypes() {
  static const cloud::InstanceTypes* const kTypes = [] {
    auto* types = new cloud::InstanceTypes();
    for (int vcpu : kVcpus) {
      for (int factor : kMemoryFactors) {
        for (const char* os : {"linux", "windows"}) {
          for (const char* arch : {"amd64", "arm64"})
            types->push_back(Make(vcpu, factor, os, arch));
        }
      }
    }
    return types;
  }();
  return *kTypes;
}

const api::LabelKeySet& WellKnownLabels() {
  static const api::LabelKeySet* const kSet = new api::LabelKeySet(api::CoreWellKnownLabels().Union(
      {kLabelInstanceSize, kLabelInstanceFamily, kLabelInstanceCPU, kLabelInstanceMemory}));
  return *kSet;
}

}  // namespace tidepool::cloud::kwok
