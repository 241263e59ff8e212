// Karpenter's and the AWS provider's label, annotation, taint and tag keys
// (kubernetes-sigs/karpenter pkg/apis/v1/labels.go, taints.go; aws/karpenter-provider-aws
// pkg/apis/v1/labels.go), and the label sets that decide which keys a NodePool may use.
// Kubernetes' own well-known labels (topology.kubernetes.io/zone, kubernetes.io/arch, ...) are
// in api/well_known_labels.h.
//
// tidepool is the AWS flavour of Karpenter: as in the AWS provider's binary, the well-known
// labels and restricted domains below include the provider's (karpenter.k8s.aws/...).
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>

namespace tidepool::api {

inline constexpr const char* kKarpenterGroup = "karpenter.sh";
inline constexpr const char* kKarpenterCompatibilityGroup = "compatibility.karpenter.sh";

// ---- karpenter.sh labels ----------------------------------------------------------------------
inline constexpr const char* kNodePoolLabelKey = "karpenter.sh/nodepool";
inline constexpr const char* kCapacityTypeLabelKey = "karpenter.sh/capacity-type";
inline constexpr const char* kNodeInitializedLabelKey = "karpenter.sh/initialized";
inline constexpr const char* kNodeRegisteredLabelKey = "karpenter.sh/registered";
inline constexpr const char* kNodeDoNotSyncTaintsLabelKey = "karpenter.sh/do-not-sync-taints";

inline constexpr const char* kCapacityTypeSpot = "spot";
inline constexpr const char* kCapacityTypeOnDemand = "on-demand";
inline constexpr const char* kCapacityTypeReserved = "reserved";
inline constexpr const char* kArchitectureAmd64 = "amd64";
inline constexpr const char* kArchitectureArm64 = "arm64";

// ---- karpenter.sh annotations and finalizer ---------------------------------------------------
// On a pod or a node: "true", or a Go duration measured from the pod's start.
inline constexpr const char* kDoNotDisruptAnnotationKey = "karpenter.sh/do-not-disrupt";
inline constexpr const char* kProviderCompatibilityAnnotationKey =
    "compatibility.karpenter.sh/provider";
inline constexpr const char* kNodePoolHashAnnotationKey = "karpenter.sh/nodepool-hash";
inline constexpr const char* kNodePoolHashVersionAnnotationKey =
    "karpenter.sh/nodepool-hash-version";
inline constexpr const char* kNodePoolHashVersion = "v3";
inline constexpr const char* kNodeClaimTerminationTimestampAnnotationKey =
    "karpenter.sh/nodeclaim-termination-timestamp";
inline constexpr const char* kNodeClaimMinValuesRelaxedAnnotationKey =
    "karpenter.sh/nodeclaim-min-values-relaxed";
inline constexpr const char* kDraDriversAnnotationKey = "karpenter.sh/requested-dra-drivers";
inline constexpr const char* kTerminationFinalizer = "karpenter.sh/termination";

// ---- karpenter.sh taints ----------------------------------------------------------------------
// NoSchedule, on nodes being disrupted or terminated.
inline constexpr const char* kDisruptedTaintKey = "karpenter.sh/disrupted";
// NoExecute, from launch until the node registers.
inline constexpr const char* kUnregisteredTaintKey = "karpenter.sh/unregistered";

// ---- karpenter.k8s.aws labels -----------------------------------------------------------------
inline constexpr const char* kKarpenterAwsLabelDomain = "karpenter.k8s.aws";
inline constexpr const char* kLabelCapacityReservationId =
    "karpenter.k8s.aws/capacity-reservation-id";
inline constexpr const char* kLabelCapacityReservationType =
    "karpenter.k8s.aws/capacity-reservation-type";
inline constexpr const char* kLabelCapacityReservationInterruptible =
    "karpenter.k8s.aws/capacity-reservation-interruptible";
inline constexpr const char* kLabelInstanceHypervisor = "karpenter.k8s.aws/instance-hypervisor";
inline constexpr const char* kLabelInstanceEncryptionInTransitSupported =
    "karpenter.k8s.aws/instance-encryption-in-transit-supported";
inline constexpr const char* kLabelInstanceNitroEnclavesSupported =
    "karpenter.k8s.aws/nitro-sandbox";
inline constexpr const char* kLabelInstanceCategory = "karpenter.k8s.aws/instance-category";
inline constexpr const char* kLabelInstanceCapabilityFlex =
    "karpenter.k8s.aws/instance-capability-flex";
inline constexpr const char* kLabelInstanceFamily = "karpenter.k8s.aws/instance-family";
inline constexpr const char* kLabelInstanceGeneration = "karpenter.k8s.aws/instance-generation";
inline constexpr const char* kLabelInstanceLocalNvme = "karpenter.k8s.aws/instance-local-nvme";
inline constexpr const char* kLabelInstanceSize = "karpenter.k8s.aws/instance-size";
inline constexpr const char* kLabelInstanceCpu = "karpenter.k8s.aws/instance-cpu";
inline constexpr const char* kLabelInstanceCpuManufacturer =
    "karpenter.k8s.aws/instance-cpu-manufacturer";
inline constexpr const char* kLabelInstanceCpuSustainedClockSpeedMhz =
    "karpenter.k8s.aws/instance-cpu-sustained-clock-speed-mhz";
inline constexpr const char* kLabelInstanceMemory = "karpenter.k8s.aws/instance-memory";
inline constexpr const char* kLabelInstanceEbsBandwidth = "karpenter.k8s.aws/instance-ebs-bandwidth";
inline constexpr const char* kLabelInstanceNetworkBandwidth =
    "karpenter.k8s.aws/instance-network-bandwidth";
inline constexpr const char* kLabelInstanceGpuName = "karpenter.k8s.aws/instance-gpu-name";
inline constexpr const char* kLabelInstanceGpuManufacturer =
    "karpenter.k8s.aws/instance-gpu-manufacturer";
inline constexpr const char* kLabelInstanceGpuCount = "karpenter.k8s.aws/instance-gpu-count";
inline constexpr const char* kLabelInstanceGpuMemory = "karpenter.k8s.aws/instance-gpu-memory";
inline constexpr const char* kLabelInstanceAcceleratorName =
    "karpenter.k8s.aws/instance-accelerator-name";
inline constexpr const char* kLabelInstanceAcceleratorManufacturer =
    "karpenter.k8s.aws/instance-accelerator-manufacturer";
inline constexpr const char* kLabelInstanceAcceleratorCount =
    "karpenter.k8s.aws/instance-accelerator-count";
inline constexpr const char* kLabelInstanceTenancy = "karpenter.k8s.aws/instance-tenancy";
inline constexpr const char* kLabelPlacementGroupId = "karpenter.k8s.aws/placement-group-id";
inline constexpr const char* kLabelPlacementGroupPartition =
    "karpenter.k8s.aws/placement-group-partition";
inline constexpr const char* kLabelNodeClass = "karpenter.k8s.aws/ec2nodeclass";
inline constexpr const char* kLabelTopologyZoneId = "topology.k8s.aws/zone-id";

inline constexpr const char* kTenancyDefault = "default";
inline constexpr const char* kTenancyDedicated = "dedicated";

// ---- karpenter.k8s.aws annotations and EC2 tag keys -------------------------------------------
inline constexpr const char* kAnnotationEC2NodeClassHash = "karpenter.k8s.aws/ec2nodeclass-hash";
inline constexpr const char* kAnnotationEC2NodeClassHashVersion =
    "karpenter.k8s.aws/ec2nodeclass-hash-version";
inline constexpr const char* kAnnotationInstanceTagged = "karpenter.k8s.aws/tagged";
inline constexpr const char* kAnnotationInstanceProfile = "karpenter.k8s.aws/instance-profile-name";
inline constexpr const char* kAnnotationClusterNameTagged =
    "compatibility.karpenter.k8s.aws/cluster-name-tagged";
inline constexpr const char* kNodeClaimTagKey = "karpenter.sh/nodeclaim";
inline constexpr const char* kEksClusterNameTagKey = "eks:eks-cluster-name";
inline constexpr const char* kNameTagKey = "Name";

// ---- Label sets --------------------------------------------------------------------------------

// v1.WellKnownLabels with the AWS provider's additions: the labels a NodePool may constrain and a
// pod may select on even though they belong to a restricted domain. Sorted.
const std::set<std::string, std::less<>>& WellKnownLabels();
// v1.RestrictedLabelDomains with the AWS provider's: karpenter.k8s.aws, karpenter.sh.
const std::set<std::string, std::less<>>& RestrictedLabelDomains();
// v1.RestrictedLabels: kubernetes.io/hostname.
const std::set<std::string, std::less<>>& RestrictedLabels();
// v1.WellKnownValuesForRequirements: capacity-type {on-demand, spot, reserved} and instance
// tenancy {default, dedicated}.
const std::map<std::string, std::set<std::string>, std::less<>>& WellKnownValuesForRequirements();
// v1.NormalizedLabels: beta and failure-domain aliases to their stable keys.
const std::map<std::string, std::string, std::less<>>& NormalizedLabels();

bool IsWellKnownLabel(std::string_view key);
// The normalized form of a label key (the key itself when it has none).
std::string NormalizeLabelKey(std::string_view key);
// The part of a key before '/', or "" (GetLabelDomain).
std::string_view LabelDomain(std::string_view key);
// IsRestrictedLabel: empty when a NodePool may use `key`, else upstream's message ("using label
// ... is not allowed as it might interfere with the internal provisioning logic; ...").
std::string RestrictedLabelError(std::string_view key);

}  // namespace tidepool::api
