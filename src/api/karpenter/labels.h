// Karpenter's and the AWS provider's label, annotation, taint and tag keys
// (kubernetes-sigs/karpenter pkg/apis/v1/labels.go, taints.go; aws/karpenter-provider-aws
// pkg/apis/v1/labels.go), and the label sets that decide which keys a NodePool may use.
// Kubernetes' well-known labels and Karpenter's core label keys and sets (karpenter.sh/nodepool,
// capacity-type, CoreWellKnownLabels(), IsRestrictedLabel, ...) are in api/well_known_labels.h,
// and the karpenter.sh/disrupted and /unregistered taint keys in api/tolerations.h; this header
// adds the rest.
//
// tidepool is the AWS flavour of Karpenter: as in the AWS provider's binary, the well-known
// labels and restricted domains below include the provider's (karpenter.k8s.aws/...).
#pragma once

#include <string>
#include <string_view>

#include "api/well_known_labels.h"

namespace tidepool::api {

inline constexpr std::string_view kKarpenterCompatibilityGroup = "compatibility.karpenter.sh";

// ---- karpenter.sh annotations and finalizer ---------------------------------------------------
// On a pod or a node: "true", or a Go duration measured from the pod's start.
inline constexpr std::string_view kDoNotDisruptAnnotationKey = "karpenter.sh/do-not-disrupt";
inline constexpr std::string_view kProviderCompatibilityAnnotationKey =
    "compatibility.karpenter.sh/provider";
inline constexpr std::string_view kNodePoolHashAnnotationKey = "karpenter.sh/nodepool-hash";
inline constexpr std::string_view kNodePoolHashVersionAnnotationKey =
    "karpenter.sh/nodepool-hash-version";
inline constexpr std::string_view kNodePoolHashVersion = "v3";
inline constexpr std::string_view kNodeClaimTerminationTimestampAnnotationKey =
    "karpenter.sh/nodeclaim-termination-timestamp";
inline constexpr std::string_view kNodeClaimMinValuesRelaxedAnnotationKey =
    "karpenter.sh/nodeclaim-min-values-relaxed";
inline constexpr std::string_view kDraDriversAnnotationKey = "karpenter.sh/requested-dra-drivers";
inline constexpr std::string_view kTerminationFinalizer = "karpenter.sh/termination";
// Added to nodes while they drain (value "karpenter").
inline constexpr std::string_view kExcludeFromExternalLoadBalancersLabelKey =
    "node.kubernetes.io/exclude-from-external-load-balancers";

// ---- karpenter.k8s.aws labels -----------------------------------------------------------------
inline constexpr std::string_view kKarpenterAwsLabelDomain = "karpenter.k8s.aws";
inline constexpr std::string_view kLabelCapacityReservationId =
    "karpenter.k8s.aws/capacity-reservation-id";
inline constexpr std::string_view kLabelCapacityReservationType =
    "karpenter.k8s.aws/capacity-reservation-type";
inline constexpr std::string_view kLabelCapacityReservationInterruptible =
    "karpenter.k8s.aws/capacity-reservation-interruptible";
inline constexpr std::string_view kLabelInstanceHypervisor =
    "karpenter.k8s.aws/instance-hypervisor";
inline constexpr std::string_view kLabelInstanceEncryptionInTransitSupported =
    "karpenter.k8s.aws/instance-encryption-in-transit-supported";
inline constexpr std::string_view kLabelInstanceNitroEnclavesSupported =
    "karpenter.k8s.aws/nitro-sandbox";
inline constexpr std::string_view kLabelInstanceCategory = "karpenter.k8s.aws/instance-category";
inline constexpr std::string_view kLabelInstanceCapabilityFlex =
    "karpenter.k8s.aws/instance-capability-flex";
inline constexpr std::string_view kLabelInstanceFamily = "karpenter.k8s.aws/instance-family";
inline constexpr std::string_view kLabelInstanceGeneration =
    "karpenter.k8s.aws/instance-generation";
inline constexpr std::string_view kLabelInstanceLocalNvme = "karpenter.k8s.aws/instance-local-nvme";
inline constexpr std::string_view kLabelInstanceSize = "karpenter.k8s.aws/instance-size";
inline constexpr std::string_view kLabelInstanceCpu = "karpenter.k8s.aws/instance-cpu";
inline constexpr std::string_view kLabelInstanceCpuManufacturer =
    "karpenter.k8s.aws/instance-cpu-manufacturer";
inline constexpr std::string_view kLabelInstanceCpuSustainedClockSpeedMhz =
    "karpenter.k8s.aws/instance-cpu-sustained-clock-speed-mhz";
inline constexpr std::string_view kLabelInstanceMemory = "karpenter.k8s.aws/instance-memory";
inline constexpr std::string_view kLabelInstanceEbsBandwidth =
    "karpenter.k8s.aws/instance-ebs-bandwidth";
inline constexpr std::string_view kLabelInstanceNetworkBandwidth =
    "karpenter.k8s.aws/instance-network-bandwidth";
inline constexpr std::string_view kLabelInstanceGpuName = "karpenter.k8s.aws/instance-gpu-name";
inline constexpr std::string_view kLabelInstanceGpuManufacturer =
    "karpenter.k8s.aws/instance-gpu-manufacturer";
inline constexpr std::string_view kLabelInstanceGpuCount = "karpenter.k8s.aws/instance-gpu-count";
inline constexpr std::string_view kLabelInstanceGpuMemory = "karpenter.k8s.aws/instance-gpu-memory";
inline constexpr std::string_view kLabelInstanceAcceleratorName =
    "karpenter.k8s.aws/instance-accelerator-name";
inline constexpr std::string_view kLabelInstanceAcceleratorManufacturer =
    "karpenter.k8s.aws/instance-accelerator-manufacturer";
inline constexpr std::string_view kLabelInstanceAcceleratorCount =
    "karpenter.k8s.aws/instance-accelerator-count";
inline constexpr std::string_view kLabelInstanceTenancy = "karpenter.k8s.aws/instance-tenancy";
inline constexpr std::string_view kLabelPlacementGroupId = "karpenter.k8s.aws/placement-group-id";
inline constexpr std::string_view kLabelPlacementGroupPartition =
    "karpenter.k8s.aws/placement-group-partition";
inline constexpr std::string_view kLabelNodeClass = "karpenter.k8s.aws/ec2nodeclass";
inline constexpr std::string_view kLabelTopologyZoneId = "topology.k8s.aws/zone-id";

inline constexpr std::string_view kTenancyDefault = "default";
inline constexpr std::string_view kTenancyDedicated = "dedicated";

// ---- karpenter.k8s.aws annotations and EC2 tag keys -------------------------------------------
inline constexpr std::string_view kAnnotationEC2NodeClassHash =
    "karpenter.k8s.aws/ec2nodeclass-hash";
inline constexpr std::string_view kAnnotationEC2NodeClassHashVersion =
    "karpenter.k8s.aws/ec2nodeclass-hash-version";
inline constexpr std::string_view kAnnotationInstanceTagged = "karpenter.k8s.aws/tagged";
inline constexpr std::string_view kAnnotationInstanceProfile =
    "karpenter.k8s.aws/instance-profile-name";
inline constexpr std::string_view kAnnotationClusterNameTagged =
    "compatibility.karpenter.k8s.aws/cluster-name-tagged";
inline constexpr std::string_view kNodeClaimTagKey = "karpenter.sh/nodeclaim";
inline constexpr std::string_view kEksClusterNameTagKey = "eks:eks-cluster-name";
inline constexpr std::string_view kNameTagKey = "Name";

// ---- Label sets of the AWS flavour -------------------------------------------------------------

// CoreWellKnownLabels() plus the AWS provider's labels (its labels.go init()): the labels a
// NodePool may constrain and a pod may select on even inside a restricted domain.
const LabelKeySet& AwsWellKnownLabels();
// RestrictedLabelDomains() plus karpenter.k8s.aws.
const LabelKeySet& AwsRestrictedLabelDomains();
// WellKnownValuesFor() plus the AWS provider's: instance tenancy {default, dedicated}. nullptr
// when any value is allowed.
const LabelKeySet* AwsWellKnownValuesFor(std::string_view key);
// IsRestrictedLabel with the AWS sets: empty when a NodePool may use `key`, else upstream's
// message ("using label ... is not allowed as it might interfere with the internal provisioning
// logic; specify a well known label: [...], or a custom label that does not use a restricted
// domain: [karpenter.k8s.aws karpenter.sh]").
std::string AwsRestrictedLabelError(std::string_view key);

}  // namespace tidepool::api
