// karpenter.k8s.aws/v1 EC2NodeClass (aws/karpenter-provider-aws pkg/apis/v1/ec2nodeclass.go,
// kubeletconfiguration.go): how nodes are launched on EC2 (AMIs, subnets, security groups, IAM
// role, kubelet settings, block devices). Cluster-scoped.
//
// Every spec field of the CRD is modelled, so the CRD's schema and CEL rules can be applied
// (ec2nodeclass_validation.cc). spec.kubelet is an open map upstream (any field of the kubelet's
// KubeletConfiguration): the fields Karpenter reads are typed here and every other field is kept
// in `extra` and passed through unchanged. Defaults (SetDefaults): the CRD's metadataOptions
// {httpEndpoint: enabled, httpProtocolIPv6: disabled, httpPutResponseHopLimit: 1,
// httpTokens: required}, field by field. Status is decoded leniently.
//
// Selector terms follow Go's omitempty: an empty tag map or string counts as not set, which is
// what the CEL rules see for objects built by Karpenter's own clients.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/codec_fwd.h"
#include "api/extra_fields.h"
#include "api/field_errors.h"
#include "api/int_or_string.h"
#include "api/karpenter/nodeclaim.h"
#include "api/meta.h"

namespace tidepool::api {

inline constexpr const char* kKarpenterAwsApiVersion = "karpenter.k8s.aws/v1";
inline constexpr const char* kKarpenterAwsGroup = "karpenter.k8s.aws";
inline constexpr const char* kEC2NodeClassKind = "EC2NodeClass";

inline constexpr const char* kAmiFamilyAL2 = "AL2";
inline constexpr const char* kAmiFamilyAL2023 = "AL2023";
inline constexpr const char* kAmiFamilyBottlerocket = "Bottlerocket";
inline constexpr const char* kAmiFamilyWindows2019 = "Windows2019";
inline constexpr const char* kAmiFamilyWindows2022 = "Windows2022";
inline constexpr const char* kAmiFamilyWindows2025 = "Windows2025";
inline constexpr const char* kAmiFamilyCustom = "Custom";

struct SubnetSelectorTerm {
  std::map<std::string, std::string> tags;  // "*" as a value matches any value
  std::string id;                           // subnet-...
  ExtraFields extra;
  friend bool operator==(const SubnetSelectorTerm&, const SubnetSelectorTerm&) = default;
};
TIDEPOOL_DECLARE_CODEC(SubnetSelectorTerm);

struct SecurityGroupSelectorTerm {
  std::map<std::string, std::string> tags;
  std::string id;    // sg-...
  std::string name;  // the group name, not the Name tag
  ExtraFields extra;
  friend bool operator==(const SecurityGroupSelectorTerm&,
                         const SecurityGroupSelectorTerm&) = default;
};
TIDEPOOL_DECLARE_CODEC(SecurityGroupSelectorTerm);

struct CapacityReservationSelectorTerm {
  std::map<std::string, std::string> tags;
  std::string id;                       // cr-...
  std::string owner_id;                 // 12-digit account id
  std::string instance_match_criteria;  // open, targeted
  ExtraFields extra;
  friend bool operator==(const CapacityReservationSelectorTerm&,
                         const CapacityReservationSelectorTerm&) = default;
};
TIDEPOOL_DECLARE_CODEC(CapacityReservationSelectorTerm);

struct PlacementGroupSelector {
  std::optional<std::string> name;
  std::optional<std::string> id;  // pg-...
  ExtraFields extra;
  friend bool operator==(const PlacementGroupSelector&, const PlacementGroupSelector&) = default;
};
TIDEPOOL_DECLARE_CODEC(PlacementGroupSelector);

struct AmiSelectorTerm {
  std::string alias;  // family@version, e.g. al2023@latest
  std::map<std::string, std::string> tags;
  std::string id;  // ami-...
  std::string name;
  std::string owner;
  std::string ssm_parameter;
  ExtraFields extra;
  friend bool operator==(const AmiSelectorTerm&, const AmiSelectorTerm&) = default;
};
TIDEPOOL_DECLARE_CODEC(AmiSelectorTerm);

// The kubelet settings Karpenter reads (ParsedKubeletConfig) and the ones its validation checks
// (evictionMinimumReclaim); any other kubelet field stays in `extra` and is passed through.
struct KubeletConfiguration {
  std::vector<std::string> cluster_dns;
  std::optional<IntOrString> max_pods;  // an integer, or a CEL expression per instance type
  std::optional<int32_t> pods_per_core;
  std::map<std::string, std::string> system_reserved;  // quantity or CEL expression
  std::map<std::string, std::string> kube_reserved;
  std::map<std::string, std::string> eviction_hard;  // signal -> quantity or percentage
  std::map<std::string, std::string> eviction_soft;
  std::map<std::string, std::string> eviction_soft_grace_period;  // signal -> duration
  std::map<std::string, std::string> eviction_minimum_reclaim;    // signal -> quantity or %
  std::optional<int32_t> eviction_max_pod_grace_period;
  std::optional<int32_t> image_gc_high_threshold_percent;
  std::optional<int32_t> image_gc_low_threshold_percent;
  std::optional<bool> cpu_cfs_quota;
  ExtraFields extra;
  friend bool operator==(const KubeletConfiguration&, const KubeletConfiguration&) = default;
};
TIDEPOOL_DECLARE_CODEC(KubeletConfiguration);

struct BlockDevice {
  std::optional<bool> delete_on_termination;
  std::optional<bool> encrypted;
  std::optional<int64_t> iops;
  std::optional<std::string> kms_key_id;
  std::optional<std::string> snapshot_id;
  std::optional<int64_t> throughput;
  std::optional<int32_t> volume_initialization_rate;  // 100..300, needs snapshotID
  // As written ("100Gi", "1T"): the CRD constrains the text, not just the quantity.
  std::optional<std::string> volume_size;
  std::optional<std::string> volume_type;
  ExtraFields extra;
  friend bool operator==(const BlockDevice&, const BlockDevice&) = default;
};
TIDEPOOL_DECLARE_CODEC(BlockDevice);

struct BlockDeviceMapping {
  std::optional<std::string> device_name;
  std::optional<BlockDevice> ebs;
  bool root_volume = false;  // the kubelet's root volume; at most one
  ExtraFields extra;
  friend bool operator==(const BlockDeviceMapping&, const BlockDeviceMapping&) = default;
};
TIDEPOOL_DECLARE_CODEC(BlockDeviceMapping);

struct NetworkInterface {
  int32_t network_card_index = 0;
  int32_t device_index = 0;
  std::string interface_type;  // interface, efa-only
  ExtraFields extra;
  friend bool operator==(const NetworkInterface&, const NetworkInterface&) = default;
};
TIDEPOOL_DECLARE_CODEC(NetworkInterface);

struct MetadataOptions {
  std::optional<std::string> http_endpoint;            // enabled | disabled; default enabled
  std::optional<std::string> http_protocol_ipv6;       // enabled | disabled; default disabled
  std::optional<int64_t> http_put_response_hop_limit;  // 1..64; default 1
  std::optional<std::string> http_tokens;              // required | optional; default required
  ExtraFields extra;
  friend bool operator==(const MetadataOptions&, const MetadataOptions&) = default;
};
TIDEPOOL_DECLARE_CODEC(MetadataOptions);

struct ConnectionTracking {
  std::optional<int32_t> tcp_established_timeout;  // 60..432000
  std::optional<int32_t> udp_stream_timeout;       // 60..180
  std::optional<int32_t> udp_timeout;              // 30..60
  ExtraFields extra;
  friend bool operator==(const ConnectionTracking&, const ConnectionTracking&) = default;
};
TIDEPOOL_DECLARE_CODEC(ConnectionTracking);

struct CpuOptions {
  std::optional<std::string> nested_virtualization;  // enabled | disabled
  ExtraFields extra;
  friend bool operator==(const CpuOptions&, const CpuOptions&) = default;
};
TIDEPOOL_DECLARE_CODEC(CpuOptions);

struct EC2NodeClassSpec {
  std::optional<std::vector<SubnetSelectorTerm>> subnet_selector_terms;                 // required
  std::optional<std::vector<SecurityGroupSelectorTerm>> security_group_selector_terms;  // required
  std::vector<CapacityReservationSelectorTerm> capacity_reservation_selector_terms;
  std::optional<PlacementGroupSelector> placement_group_selector;
  std::optional<bool> associate_public_ip_address;
  std::optional<int32_t> ip_prefix_count;
  std::optional<std::vector<AmiSelectorTerm>> ami_selector_terms;  // required, 1..30
  std::optional<std::string> ami_family;  // inferred from an alias when unset
  std::optional<std::string> user_data;
  std::optional<std::string> role;  // exactly one of role and instanceProfile
  std::optional<std::string> instance_profile;
  std::map<std::string, std::string> tags;
  KubeletConfiguration kubelet;
  std::vector<BlockDeviceMapping> block_device_mappings;
  std::optional<std::string> instance_store_policy;  // RAID0
  std::vector<NetworkInterface> network_interfaces;
  std::optional<bool> detailed_monitoring;
  std::optional<MetadataOptions> metadata_options;
  std::optional<ConnectionTracking> connection_tracking;
  std::optional<std::string> context;
  std::optional<CpuOptions> cpu_options;
  ExtraFields extra;
  friend bool operator==(const EC2NodeClassSpec&, const EC2NodeClassSpec&) = default;
};
TIDEPOOL_DECLARE_CODEC(EC2NodeClassSpec);

struct EC2NodeClassStatus {
  std::string instance_profile;
  std::vector<StatusCondition> conditions;
  ExtraFields extra;  // subnets, securityGroups, amis, capacityReservations, ...
  friend bool operator==(const EC2NodeClassStatus&, const EC2NodeClassStatus&) = default;
};
TIDEPOOL_DECLARE_CODEC(EC2NodeClassStatus);

struct EC2NodeClass : Object {
  EC2NodeClassSpec spec;
  EC2NodeClassStatus status;

  std::unique_ptr<Object> Clone() const override { return std::make_unique<EC2NodeClass>(*this); }
  friend bool operator==(const EC2NodeClass& a, const EC2NodeClass& b) {
    return a.HeaderEquals(b) && a.spec == b.spec && a.status == b.status;
  }
};
TIDEPOOL_DECLARE_CODEC(EC2NodeClass);

// An AMI alias split into family (as an AMIFamily value, e.g. "AL2023") and version.
struct AmiAlias {
  std::string family;
  std::string version;
  friend bool operator==(const AmiAlias&, const AmiAlias&) = default;
};
// The alias of the first amiSelectorTerm that has one, if it is well formed.
std::optional<AmiAlias> Alias(const EC2NodeClassSpec& spec);
// EC2NodeClass.AMIFamily(): spec.amiFamily, else the alias' family, else Custom.
std::string EffectiveAmiFamily(const EC2NodeClassSpec& spec);

void SetDefaults(EC2NodeClass& node_class);
// The CRD's schema and CEL rules, plus the kubelet checks Karpenter's controller applies
// (ValidateKubeletConfig), which upstream reports as ValidationSucceeded=False.
void Validate(const EC2NodeClass& node_class, FieldErrors& errors);
void ValidateKubeletConfiguration(const KubeletConfiguration& kubelet, std::string_view path,
                                  FieldErrors& errors);

}  // namespace tidepool::api
