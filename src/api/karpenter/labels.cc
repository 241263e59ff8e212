#include "api/karpenter/labels.h"

namespace tidepool::api {
namespace {

// "[a b c]", as Go prints a sorted []string.
std::string GoList(const LabelKeySet& items) {
  std::string out = "[";
  for (const std::string& item : items.keys()) {
    if (out.size() > 1) out += ' ';
    out += item;
  }
  return out + "]";
}

}  // namespace

const LabelKeySet& AwsWellKnownLabels() {
  static const LabelKeySet* labels = new LabelKeySet(CoreWellKnownLabels().Union(LabelKeySet{
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
      kLabelWindowsBuild,
      kLabelPlacementGroupId,
      kLabelPlacementGroupPartition,
  }));
  return *labels;
}

const LabelKeySet& AwsRestrictedLabelDomains() {
  static const LabelKeySet* domains =
      new LabelKeySet(RestrictedLabelDomains().Union(LabelKeySet{kKarpenterAwsLabelDomain}));
  return *domains;
}

const LabelKeySet* AwsWellKnownValuesFor(std::string_view key) {
  static const LabelKeySet* tenancy = new LabelKeySet{kTenancyDedicated, kTenancyDefault};
  if (key == kLabelInstanceTenancy) return tenancy;
  return WellKnownValuesFor(key);
}

std::string AwsRestrictedLabelError(std::string_view key) {
  if (AwsWellKnownLabels().Has(key)) return "";
  const std::string_view domain = GetLabelDomain(key);
  bool restricted = RestrictedLabels().Has(key);
  for (const std::string& restricted_domain : AwsRestrictedLabelDomains().keys()) {
    if (domain == restricted_domain ||
        (domain.size() > restricted_domain.size() && domain.ends_with("." + restricted_domain))) {
      restricted = true;
    }
  }
  if (!restricted) return "";
  return "using label " + std::string(key) +
         " is not allowed as it might interfere with the internal provisioning logic; specify a "
         "well known label: " +
         GoList(AwsWellKnownLabels()) +
         ", or a custom label that does not use a restricted domain: " +
         GoList(AwsRestrictedLabelDomains());
}

}  // namespace tidepool::api
