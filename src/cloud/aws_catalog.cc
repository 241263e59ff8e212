#include "cloud/aws_catalog.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>
#include <unordered_map>
#include <utility>

#include "api/karpenter/labels.h"
#include "cloud/aws_catalog_data.h"

namespace tidepool::cloud::aws {
namespace {

using api::NodeSelectorOperator;
using api::Requirement;

constexpr std::string_view kSpotAdvisorDate = "2025-06-28";
constexpr std::string_view kPriceListDate = "2026-07-20";
constexpr const char* kZoneSuffixes[] = {"a", "b", "c"};
constexpr const char* kResourceNvidiaGpu = "nvidia.com/gpu";
constexpr const char* kResourceAmdGpu = "amd.com/gpu";
constexpr const char* kResourceAwsNeuron = "aws.amazon.com/neuron";
constexpr const char* kResourceAwsPodEni = "vpc.amazonaws.com/pod-eni";
constexpr const char* kResourceEfa = "vpc.amazonaws.com/efa";
constexpr std::string_view kDefaultVolumeSize = "20Gi";  // AL2023's root volume

// Splits `text` on `sep`, keeping empty fields.
std::vector<std::string_view> Split(std::string_view text, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t end = text.find(sep, start);
    out.push_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return out;
    start = end + 1;
  }
}

int64_t Int(std::string_view text) {
  int64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

std::optional<int64_t> OptionalInt(std::string_view text) {
  if (text.empty()) return std::nullopt;
  return Int(text);
}

struct Data {
  std::vector<TypeFacts> types;
  std::vector<std::string> regions;
  // region -> (index into types, spot savings percent), in table order.
  std::unordered_map<std::string, std::vector<std::pair<size_t, int>>> savings;
};

TypeFacts ParseType(std::string_view line) {
  std::vector<std::string_view> f = Split(line, ',');
  TypeFacts t;
  if (f.size() != 23) return t;  // the generator guarantees 23 fields; a test checks the count
  t.name = f[0];
  t.category = f[1];
  t.family = f[2];
  t.generation = f[3];
  t.size = f[4];
  t.vcpu = Int(f[5]);
  t.memory_mib = Int(f[6]);
  t.arch = f[7];
  t.hypervisor = f[8];
  t.gpu_count = Int(f[9]);
  t.gpu_name = f[10];
  t.gpu_manufacturer = f[11];
  t.gpu_memory_mib = Int(f[12]);
  t.accelerator_name = f[13];
  t.accelerator_count = Int(f[14]);
  t.max_pods = Int(f[15]);
  t.network_mbps = OptionalInt(f[16]);
  t.local_nvme_gib = OptionalInt(f[17]);
  t.pod_eni = Int(f[18]);
  t.efa = Int(f[19]);
  if (!f[20].empty()) {
    double price = 0;
    std::from_chars(f[20].data(), f[20].data() + f[20].size(), price);
    t.on_demand_price = price;
  }
  t.doc_allocatable_cpu_millis = Int(f[21]);
  t.doc_allocatable_memory_mib = Int(f[22]);
  return t;
}

const Data& GetData() {
  static const Data* const kData = [] {
    auto* data = new Data();
    std::unordered_map<std::string_view, size_t> index;
    std::vector<std::pair<std::string_view, std::string_view>> region_lines;
    for (std::string_view chunk : aws_data::Chunks()) {
      for (std::string_view line : Split(chunk, '\n')) {
        if (line.starts_with("T ")) {
          data->types.push_back(ParseType(line.substr(2)));
        } else if (line.starts_with("R ")) {
          size_t space = line.find(' ', 2);
          region_lines.emplace_back(line.substr(2, space - 2), line.substr(space + 1));
        }
      }
    }
    for (size_t i = 0; i < data->types.size(); ++i) index.emplace(data->types[i].name, i);
    for (const auto& [region, entries] : region_lines) {
      data->regions.emplace_back(region);
      auto& list = data->savings[std::string(region)];
      for (std::string_view entry : Split(entries, ' ')) {
        size_t colon = entry.rfind(':');
        auto it = index.find(entry.substr(0, colon));
        if (colon == std::string_view::npos || it == index.end()) continue;
        list.emplace_back(it->second, static_cast<int>(Int(entry.substr(colon + 1))));
      }
    }
    std::sort(data->regions.begin(), data->regions.end());
    return data;
  }();
  return *kData;
}

Requirement In(std::string_view key, std::string value) {
  return Requirement::Make(key, NodeSelectorOperator::kIn, {std::move(value)});
}
Requirement DoesNotExist(std::string_view key) {
  return Requirement::Make(key, NodeSelectorOperator::kDoesNotExist);
}
Requirement InOrAbsent(std::string_view key, bool present, std::string value) {
  return present ? In(key, std::move(value)) : DoesNotExist(key);
}

// The accelerator manufacturer label: AWS's own Neuron devices read "aws" (upstream sets it for
// NeuronInfo); other inference accelerators (Qualcomm AI 100) carry their maker's name, which the
// table's accelerator name starts with.
std::string AcceleratorManufacturer(const std::string& name) {
  if (name.starts_with("inferentia") || name.starts_with("trainium")) return "aws";
  return name.substr(0, name.find('-'));
}

bool IsNeuron(const std::string& accelerator) {
  return accelerator.starts_with("inferentia") || accelerator.starts_with("trainium");
}

api::Requirements Labels(const TypeFacts& t, std::string_view region) {
  bool gpu = !t.gpu_name.empty();
  bool accelerator = !t.accelerator_name.empty();
  std::vector<Requirement> r = {
      In(api::kLabelArchStable, t.arch),
      In(api::kLabelOSStable, "linux"),
      In(api::kLabelTopologyRegion, std::string(region)),
      DoesNotExist(api::kLabelWindowsBuild),
      In(api::kLabelInstanceCpu, std::to_string(t.vcpu)),
      DoesNotExist(api::kLabelInstanceCpuManufacturer),
      DoesNotExist(api::kLabelInstanceCpuSustainedClockSpeedMhz),
      In(api::kLabelInstanceMemory, std::to_string(t.memory_mib)),
      DoesNotExist(api::kLabelInstanceEbsBandwidth),
      InOrAbsent(api::kLabelInstanceNetworkBandwidth, t.network_mbps.has_value(),
                 std::to_string(t.network_mbps.value_or(0))),
      In(api::kLabelInstanceCategory, t.category),
      In(api::kLabelInstanceCapabilityFlex,
         t.family.find("-flex") != std::string::npos ? "true" : "false"),
      In(api::kLabelInstanceFamily, t.family),
      In(api::kLabelInstanceGeneration, t.generation),
      InOrAbsent(api::kLabelInstanceLocalNvme, t.local_nvme_gib.has_value(),
                 std::to_string(t.local_nvme_gib.value_or(0))),
      In(api::kLabelInstanceSize, t.size),
      InOrAbsent(api::kLabelInstanceGpuName, gpu, t.gpu_name),
      InOrAbsent(api::kLabelInstanceGpuManufacturer, gpu, t.gpu_manufacturer),
      InOrAbsent(api::kLabelInstanceGpuCount, gpu, std::to_string(t.gpu_count)),
      InOrAbsent(api::kLabelInstanceGpuMemory, gpu, std::to_string(t.gpu_memory_mib)),
      InOrAbsent(api::kLabelInstanceAcceleratorName, accelerator, t.accelerator_name),
      InOrAbsent(api::kLabelInstanceAcceleratorManufacturer, accelerator,
                 AcceleratorManufacturer(t.accelerator_name)),
      InOrAbsent(api::kLabelInstanceAcceleratorCount, accelerator,
                 std::to_string(t.accelerator_count)),
      In(api::kLabelInstanceHypervisor, t.hypervisor),
      DoesNotExist(api::kLabelInstanceEncryptionInTransitSupported),
      DoesNotExist(api::kLabelInstanceNitroEnclavesSupported),
      Requirement::Make(api::kLabelInstanceTenancy, NodeSelectorOperator::kIn,
                        {std::string(api::kTenancyDefault), std::string(api::kTenancyDedicated)}),
      DoesNotExist(api::kLabelCapacityReservationId),
      DoesNotExist(api::kLabelCapacityReservationType),
      DoesNotExist(api::kLabelCapacityReservationInterruptible),
  };
  return api::Requirements(std::move(r));
}

api::ResourceList Capacity(const TypeFacts& t) {
  api::ResourceList capacity = {
      {api::kResourceCPU, Quantity::FromInt(t.vcpu)},
      {api::kResourceMemory, VmMemory(t.memory_mib, t.arch == "arm64")},
      {api::kResourceEphemeralStorage, Quantity::MustParse(kDefaultVolumeSize)},
      {api::kResourcePods, Quantity::FromInt(t.max_pods)},
  };
  auto add = [&](const char* name, int64_t count) {
    if (count > 0) capacity.emplace(name, Quantity::FromInt(count));
  };
  if (t.gpu_manufacturer == "nvidia") add(kResourceNvidiaGpu, t.gpu_count);
  if (t.gpu_manufacturer == "amd") add(kResourceAmdGpu, t.gpu_count);
  if (IsNeuron(t.accelerator_name)) add(kResourceAwsNeuron, t.accelerator_count);
  add(kResourceAwsPodEni, t.pod_eni);
  add(kResourceEfa, t.efa);
  return capacity;
}

std::vector<Offering> Offerings(std::string_view region, double on_demand,
                                std::optional<int> savings_percent) {
  std::vector<Offering> offerings;
  for (const char* suffix : kZoneSuffixes) {
    std::string zone = std::string(region) + suffix;
    if (savings_percent.has_value()) {
      offerings.push_back({.zone = zone,
                           .capacity_type = kCapacityTypeSpot,
                           .price = on_demand * (1.0 - *savings_percent / 100.0)});
    }
    offerings.push_back({.zone = zone, .capacity_type = kCapacityTypeOnDemand, .price = on_demand});
  }
  return offerings;
}

}  // namespace

const std::vector<TypeFacts>& AllTypeFacts() { return GetData().types; }
const std::vector<std::string>& Regions() { return GetData().regions; }

Quantity VmMemory(int64_t memory_mib, bool arm64, double vm_memory_overhead_percent) {
  // Graviton reserves 64 MiB for the contiguous memory allocator.
  int64_t mib = arm64 ? memory_mib - 64 : memory_mib;
  double bytes = static_cast<double>(mib * 1024 * 1024);
  auto overhead_mib =
      static_cast<int64_t>(std::ceil(bytes * vm_memory_overhead_percent / 1024 / 1024));
  return Quantity::MustParse(std::to_string(mib - overhead_mib) + "Mi");
}

api::ResourceList KubeReserved(int64_t vcpu, int64_t pods) {
  struct Range {
    int64_t start, end;
    double percentage;
  };
  // From Bottlerocket's kube-reserved formula, as Karpenter's kubeReservedResources uses it.
  constexpr Range kRanges[] = {
      {0, 1000, 0.06}, {1000, 2000, 0.01}, {2000, 4000, 0.005}, {4000, int64_t{1} << 31, 0.0025}};
  int64_t cpu = vcpu * 1000;
  int64_t reserved_millis = 0;
  for (const Range& range : kRanges) {
    if (cpu < range.start) continue;
    double r = static_cast<double>(cpu < range.end ? cpu - range.start : range.end - range.start);
    reserved_millis += static_cast<int64_t>(r * range.percentage);
  }
  return {
      {api::kResourceCPU, Quantity::FromMilli(reserved_millis)},
      {api::kResourceMemory, Quantity::MustParse(std::to_string(11 * pods + 255) + "Mi")},
      {api::kResourceEphemeralStorage, Quantity::MustParse("1Gi")},
  };
}

api::ResourceList EvictionThreshold(const Quantity& ephemeral_storage) {
  double storage = static_cast<double>(ephemeral_storage.Value());
  auto ten_percent = static_cast<int64_t>(std::ceil(storage / 100 * 10));
  return {
      {api::kResourceMemory, Quantity::MustParse("100Mi")},
      {api::kResourceEphemeralStorage, Quantity::FromInt(ten_percent)},
  };
}

InstanceTypePtr MakeAwsInstanceType(const TypeFacts& facts, std::string_view region,
                                    std::vector<Offering> offerings) {
  InstanceType type;
  type.name = facts.name;
  type.requirements = Labels(facts, region);
  type.capacity = Capacity(facts);
  type.overhead.kube_reserved = KubeReserved(facts.vcpu, facts.max_pods);
  type.overhead.eviction_threshold =
      EvictionThreshold(type.capacity.at(api::kResourceEphemeralStorage));
  type.offerings = std::move(offerings);
  return MakeInstanceType(std::move(type));
}

Result<Catalog> LoadRegion(std::string_view region) {
  const Data& data = GetData();
  auto found = data.savings.find(std::string(region));
  if (found == data.savings.end()) {
    return Fail(ErrorCode::kNotFound, "no AWS data for region \"" + std::string(region) + "\"");
  }
  Catalog catalog;
  catalog.name = "aws/" + std::string(region);
  catalog.well_known_labels = &api::AwsWellKnownLabels();
  bool own_prices = region == kPriceRegion;
  catalog.on_demand_prices_borrowed = !own_prices;
  catalog.price_source = "on-demand: Karpenter's us-east-1 price list (" +
                         std::string(kPriceListDate) +
                         "); spot: on-demand * (1 - Spot Instance Advisor savings) (" +
                         std::string(kSpotAdvisorDate) + ")";
  if (!own_prices) {
    catalog.warnings.push_back("on-demand prices for " + std::string(region) +
                               " are us-east-1's (no regional price data)");
  }

  // Types the region's Spot Advisor data lists get spot and on-demand offerings; in the price
  // region, the other priced types are on-demand only.
  std::vector<std::optional<int>> savings(data.types.size());
  for (const auto& [index, percent] : found->second) savings[index] = percent;
  std::vector<std::string> unpriced;
  for (size_t i = 0; i < data.types.size(); ++i) {
    const TypeFacts& facts = data.types[i];
    if (!savings[i].has_value() && !own_prices) continue;
    if (!facts.on_demand_price.has_value()) {
      unpriced.push_back(facts.name);
      continue;
    }
    catalog.types.push_back(
        MakeAwsInstanceType(facts, region, Offerings(region, *facts.on_demand_price, savings[i])));
  }
  if (!unpriced.empty()) {
    std::string warning = std::to_string(unpriced.size()) +
                          " instance types without an on-demand price are left out:";
    for (const std::string& name : unpriced) warning += " " + name;
    catalog.warnings.push_back(std::move(warning));
  }
  return catalog;
}

}  // namespace tidepool::cloud::aws
