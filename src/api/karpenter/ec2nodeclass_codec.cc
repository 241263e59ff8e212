// Field lists of EC2NodeClass, as in the provider's CRD
// (aws/karpenter-provider-aws pkg/apis/crds/karpenter.k8s.aws_ec2nodeclasses.yaml). Spec types
// are strict, except spec.kubelet, which is an open map upstream: its unmodelled fields are kept
// as they are. Status types are lenient.
#include "api/codec.h"
#include "api/karpenter/ec2nodeclass.h"

namespace tidepool::api {

template <class V>
void VisitFields(V& v, SubnetSelectorTerm& t) {
  v("tags", t.tags);
  v("id", t.id);
  v.Extra(t.extra);
}
TIDEPOOL_DEFINE_CODEC(SubnetSelectorTerm)

template <class V>
void VisitFields(V& v, SecurityGroupSelectorTerm& t) {
  v("tags", t.tags);
  v("id", t.id);
  v("name", t.name);
  v.Extra(t.extra);
}
TIDEPOOL_DEFINE_CODEC(SecurityGroupSelectorTerm)

template <class V>
void VisitFields(V& v, CapacityReservationSelectorTerm& t) {
  v("tags", t.tags);
  v("id", t.id);
  v("ownerID", t.owner_id);
  v("instanceMatchCriteria", t.instance_match_criteria);
  v.Extra(t.extra);
}
TIDEPOOL_DEFINE_CODEC(CapacityReservationSelectorTerm)

template <class V>
void VisitFields(V& v, PlacementGroupSelector& s) {
  v("name", s.name);
  v("id", s.id);
  v.Extra(s.extra);
}
TIDEPOOL_DEFINE_CODEC(PlacementGroupSelector)

template <class V>
void VisitFields(V& v, AmiSelectorTerm& t) {
  v("alias", t.alias);
  v("tags", t.tags);
  v("id", t.id);
  v("name", t.name);
  v("owner", t.owner);
  v("ssmParameter", t.ssm_parameter);
  v.Extra(t.extra);
}
TIDEPOOL_DEFINE_CODEC(AmiSelectorTerm)

template <class V>
void VisitFields(V& v, KubeletConfiguration& k) {
  v("clusterDNS", k.cluster_dns);
  v("maxPods", k.max_pods);
  v("podsPerCore", k.pods_per_core);
  v("systemReserved", k.system_reserved);
  v("kubeReserved", k.kube_reserved);
  v("evictionHard", k.eviction_hard);
  v("evictionSoft", k.eviction_soft);
  v("evictionSoftGracePeriod", k.eviction_soft_grace_period);
  v("evictionMinimumReclaim", k.eviction_minimum_reclaim);
  v("evictionMaxPodGracePeriod", k.eviction_max_pod_grace_period);
  v("imageGCHighThresholdPercent", k.image_gc_high_threshold_percent);
  v("imageGCLowThresholdPercent", k.image_gc_low_threshold_percent);
  v("cpuCFSQuota", k.cpu_cfs_quota);
  v.ExtraLenient(k.extra);
}
TIDEPOOL_DEFINE_CODEC(KubeletConfiguration)

template <class V>
void VisitFields(V& v, BlockDevice& d) {
  v("deleteOnTermination", d.delete_on_termination);
  v("encrypted", d.encrypted);
  v("iops", d.iops);
  v("kmsKeyID", d.kms_key_id);
  v("snapshotID", d.snapshot_id);
  v("throughput", d.throughput);
  v("volumeInitializationRate", d.volume_initialization_rate);
  v("volumeSize", d.volume_size);
  v("volumeType", d.volume_type);
  v.Extra(d.extra);
}
TIDEPOOL_DEFINE_CODEC(BlockDevice)

template <class V>
void VisitFields(V& v, BlockDeviceMapping& m) {
  v("deviceName", m.device_name);
  v("ebs", m.ebs);
  v("rootVolume", m.root_volume);
  v.Extra(m.extra);
}
TIDEPOOL_DEFINE_CODEC(BlockDeviceMapping)

template <class V>
void VisitFields(V& v, NetworkInterface& n) {
  v("networkCardIndex", n.network_card_index, Presence::kRequired);
  v("deviceIndex", n.device_index, Presence::kRequired);
  v("interfaceType", n.interface_type, Presence::kRequired);
  v.Extra(n.extra);
}
TIDEPOOL_DEFINE_CODEC(NetworkInterface)

template <class V>
void VisitFields(V& v, MetadataOptions& m) {
  v("httpEndpoint", m.http_endpoint);
  v("httpProtocolIPv6", m.http_protocol_ipv6);
  v("httpPutResponseHopLimit", m.http_put_response_hop_limit);
  v("httpTokens", m.http_tokens);
  v.Extra(m.extra);
}
TIDEPOOL_DEFINE_CODEC(MetadataOptions)

template <class V>
void VisitFields(V& v, ConnectionTracking& c) {
  v("tcpEstablishedTimeout", c.tcp_established_timeout);
  v("udpStreamTimeout", c.udp_stream_timeout);
  v("udpTimeout", c.udp_timeout);
  v.Extra(c.extra);
}
TIDEPOOL_DEFINE_CODEC(ConnectionTracking)

template <class V>
void VisitFields(V& v, CpuOptions& c) {
  v("nestedVirtualization", c.nested_virtualization);
  v.Extra(c.extra);
}
TIDEPOOL_DEFINE_CODEC(CpuOptions)

template <class V>
void VisitFields(V& v, EC2NodeClassSpec& s) {
  v("subnetSelectorTerms", s.subnet_selector_terms, Presence::kRequired);
  v("securityGroupSelectorTerms", s.security_group_selector_terms, Presence::kRequired);
  v("capacityReservationSelectorTerms", s.capacity_reservation_selector_terms);
  v("placementGroupSelector", s.placement_group_selector);
  v("associatePublicIPAddress", s.associate_public_ip_address);
  v("ipPrefixCount", s.ip_prefix_count);
  v("amiSelectorTerms", s.ami_selector_terms, Presence::kRequired);
  v("amiFamily", s.ami_family);
  v("userData", s.user_data);
  v("role", s.role);
  v("instanceProfile", s.instance_profile);
  v("tags", s.tags);
  v("kubelet", s.kubelet);
  v("blockDeviceMappings", s.block_device_mappings);
  v("instanceStorePolicy", s.instance_store_policy);
  v("networkInterfaces", s.network_interfaces);
  v("detailedMonitoring", s.detailed_monitoring);
  v("metadataOptions", s.metadata_options);
  v("connectionTracking", s.connection_tracking);
  v("context", s.context);
  v("cpuOptions", s.cpu_options);
  v.Extra(s.extra);
}
TIDEPOOL_DEFINE_CODEC(EC2NodeClassSpec)

template <class V>
void VisitFields(V& v, EC2NodeClassStatus& s) {
  v("instanceProfile", s.instance_profile);
  v("conditions", s.conditions);
  v.ExtraLenient(s.extra);
}
TIDEPOOL_DEFINE_CODEC(EC2NodeClassStatus)

template <class V>
void VisitFields(V& v, EC2NodeClass& n) {
  VisitObjectHeader(v, n);
  v("spec", n.spec, Presence::kRequired);
  v("status", n.status);
  v.Extra(n.extra);
}
TIDEPOOL_DEFINE_CODEC(EC2NodeClass)

}  // namespace tidepool::api
