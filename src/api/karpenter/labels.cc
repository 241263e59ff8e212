#include "api/karpenter/labels.h"

namespace tidepool::api {
namespace {

using StringSet = std::set<std::string, std::less<>>;

// "[a b c]", as Go prints a sorted []string.
std::string GoList(const StringSet& items) {
  std::string out = "[";
  for (const std::string& item : items) {
    if (out.size() > 1) out += ' ';
    out += item;
  }
  return out + "]";
}

}  // namespace

const StringSet& WellKnownLabels() {
  static const StringSet* labels = new StringSet{
      // Core (pkg/apis/v1/labels.go).
      kNodePoolLabelKey,
      "topology.kubernetes.io/zone",
      "topology.kubernetes.io/region",
      "node.kubernetes.io/instance-type",
      "kubernetes.io/arch",
      "kubernetes.io/os",
      kCapacityTypeLabelKey,
      "node.kubernetes.io/windows-build",
      // AWS provider (its labels.go init()).
      kLabelCapacityReservationId,
      kLabelCapacityReservationType,
      kLabelCapacityReservationInterruptible,
      kLabelInstanceHypervisor,
      kLabelInstanceEncryptionInTransitSupported,
      kLabelInstanceNitroEnclavesSupported,
      kLabelInstanceCategory,
      kLabelInstanceCapabilityFlex,
      kLabelInstanceFamily,
      kLabelInstanceGeneration,
      kLabelInstanceSize,
      kLabelInstanceLocalNvme,
      kLabelInstanceCpu,
      kLabelInstanceCpuManufacturer,
      kLabelInstanceCpuSustainedClockSpeedMhz,
      kLabelInstanceMemory,
      kLabelInstanceEbsBandwidth,
      kLabelInstanceNetworkBandwidth,
      kLabelInstanceGpuName,
      kLabelInstanceGpuManufacturer,
      kLabelInstanceGpuCount,
      kLabelInstanceGpuMemory,
      kLabelInstanceAcceleratorName,
      kLabelInstanceAcceleratorManufacturer,
      kLabelInstanceAcceleratorCount,
      kLabelTopologyZoneId,
      kLabelInstanceTenancy,
      kLabelPlacementGroupId,
      kLabelPlacementGroupPartition,
  };
  return *labels;
}

const StringSet& RestrictedLabelDomains() {
  static const StringSet* domains = new StringSet{kKarpenterGroup, kKarpenterAwsLabelDomain};
  return *domains;
}

const StringSet& RestrictedLabels() {
  static const StringSet* labels = new StringSet{"kubernetes.io/hostname"};
  return *labels;
}

const std::map<std::string, std::set<std::string>, std::less<>>& WellKnownValuesForRequirements() {
  static const auto* values = new std::map<std::string, std::set<std::string>, std::less<>>{
      {kCapacityTypeLabelKey, {kCapacityTypeOnDemand, kCapacityTypeSpot, kCapacityTypeReserved}},
      {kLabelInstanceTenancy, {kTenancyDedicated, kTenancyDefault}},
  };
  return *values;
}

const std::map<std::string, std::string, std::less<>>& NormalizedLabels() {
  static const auto* labels = new std::map<std::string, std::string, std::less<>>{
      {"failure-domain.beta.kubernetes.io/zone", "topology.kubernetes.io/zone"},
      {"beta.kubernetes.io/arch", "kubernetes.io/arch"},
      {"beta.kubernetes.io/os", "kubernetes.io/os"},
      {"beta.kubernetes.io/instance-type", "node.kubernetes.io/instance-type"},
      {"failure-domain.beta.kubernetes.io/region", "topology.kubernetes.io/region"},
  };
  return *labels;
}

bool IsWellKnownLabel(std::string_view key) { return WellKnownLabels().contains(key); }

std::string NormalizeLabelKey(std::string_view key) {
  auto it = NormalizedLabels().find(key);
  return it == NormalizedLabels().end() ? std::string(key) : it->second;
}

std::string_view LabelDomain(std::string_view key) {
  const size_t slash = key.find('/');
  return slash == std::string_view::npos ? std::string_view() : key.substr(0, slash);
}

std::string RestrictedLabelError(std::string_view key) {
  if (IsWellKnownLabel(key)) return "";
  const std::string_view domain = LabelDomain(key);
  bool restricted = RestrictedLabels().contains(key);
  for (const std::string& restricted_domain : RestrictedLabelDomains()) {
    if (domain == restricted_domain ||
        (domain.size() > restricted_domain.size() &&
         domain.ends_with("." + restricted_domain))) {
      restricted = true;
    }
  }
  if (!restricted) return "";
  return "using label " + std::string(key) +
         " is not allowed as it might interfere with the internal provisioning logic; specify a "
         "well known label: " +
         GoList(WellKnownLabels()) +
         ", or a custom label that does not use a restricted domain: " +
         GoList(RestrictedLabelDomains());
}

}  // namespace tidepool::api
