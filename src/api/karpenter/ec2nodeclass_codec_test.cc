// EC2NodeClass decoding and encoding (the open spec.kubelet map passes through unchanged), and
// the kubelet checks ported from aws/karpenter-provider-aws
// pkg/apis/v1/kubeletconfiguration_validation_test.go.
#include <gtest/gtest.h>

#include "api/karpenter/ec2nodeclass.h"
#include "api/karpenter/karpenter_test_util.h"

namespace tidepool::api {
namespace {

using karpenter_testing::Kinds;
using testing::ValidationErrors;

constexpr const char* kNodeClass = R"(
apiVersion: karpenter.k8s.aws/v1
kind: EC2NodeClass
metadata:
  name: default
spec:
  amiSelectorTerms:
  - alias: al2023@latest
  role: KarpenterNodeRole-my-cluster
  subnetSelectorTerms:
  - tags: {karpenter.sh/discovery: my-cluster}
  securityGroupSelectorTerms:
  - tags: {karpenter.sh/discovery: my-cluster}
  tags:
    team: platform
  kubelet:
    maxPods: 58
    systemReserved: {cpu: 100m, memory: 100Mi}
    evictionHard: {memory.available: 5%}
    serializeImagePulls: false
    logging:
      format: json
      flushFrequency: 5s
      options: {json: {infoBufferSize: 100Mi, splitStream: true}}
  blockDeviceMappings:
  - deviceName: /dev/xvda
    rootVolume: true
    ebs: {volumeSize: 100Gi, volumeType: gp3, encrypted: true, deleteOnTermination: true}
  detailedMonitoring: true
status:
  instanceProfile: my-cluster_123
  subnets: [{id: subnet-1, zone: us-west-2a, zoneID: usw2-az1}]
)";

TEST(EC2NodeClassCodecTest, DecodesDefaultsAndValidates) {
  const EC2NodeClass nc = Kinds().DecodeOk<EC2NodeClass>(kNodeClass);
  EXPECT_TRUE(ValidationErrors(nc).empty()) << ValidationErrors(nc).ToString();
  EXPECT_EQ(EffectiveAmiFamily(nc.spec), kAmiFamilyAL2023);
  EXPECT_EQ(Alias(nc.spec), (AmiAlias{"AL2023", "latest"}));
  EXPECT_EQ(nc.spec.role, "KarpenterNodeRole-my-cluster");
  EXPECT_EQ(nc.spec.kubelet.max_pods, IntOrString::Int(58));
  EXPECT_EQ(nc.spec.kubelet.system_reserved.at("memory"), "100Mi");
  ASSERT_EQ(nc.spec.block_device_mappings.size(), 1u);
  EXPECT_TRUE(nc.spec.block_device_mappings[0].root_volume);
  EXPECT_EQ(nc.spec.block_device_mappings[0].ebs->volume_size, "100Gi");
  EXPECT_EQ(nc.spec.metadata_options, (MetadataOptions{"enabled", "disabled", 1, "required", {}}));
  EXPECT_EQ(nc.status.instance_profile, "my-cluster_123");
}

// ec2nodeclass_validation_cel_test.go "should persist a field Karpenter has no Go representation
// for" and "should preserve a nested subtree unaltered".
TEST(EC2NodeClassCodecTest, KubeletPassthroughRoundTrips) {
  const EC2NodeClass nc = Kinds().DecodeOk<EC2NodeClass>(kNodeClass);
  const nlohmann::json encoded = Kinds().Encode(nc);
  const nlohmann::json& kubelet = encoded["spec"]["kubelet"];
  EXPECT_EQ(kubelet["serializeImagePulls"], false);
  EXPECT_EQ(kubelet["logging"], nlohmann::json::parse(R"({"format":"json","flushFrequency":"5s",
      "options":{"json":{"infoBufferSize":"100Mi","splitStream":true}}})"));
  EXPECT_EQ(kubelet["maxPods"], 58);
  EXPECT_EQ(encoded["status"]["subnets"][0]["zoneID"], "usw2-az1");
  EXPECT_EQ(encoded["spec"]["metadataOptions"]["httpTokens"], "required");
  FieldErrors errors;
  EXPECT_EQ(*Kinds().Decode<EC2NodeClass>(encoded, errors), nc);
  EXPECT_TRUE(errors.empty()) << errors.ToString();
}

TEST(EC2NodeClassCodecTest, SpecIsStrictOutsideKubelet) {
  const FieldErrors errors = Kinds().DecodeErrors<EC2NodeClass>(R"(
apiVersion: karpenter.k8s.aws/v1
kind: EC2NodeClass
metadata: {name: default}
spec:
  amiSelectorTerms: [{alias: al2023@latest, version: x}]
  role: r
  subnetSelectorTerm: []
  securityGroupSelectorTerms: [{name: sg}]
  kubelet: {podsPerCore: ten}
)");
  EXPECT_TRUE(errors.Contains("spec.amiSelectorTerms[0].version", "unknown field"))
      << errors.ToString();
  EXPECT_TRUE(errors.Contains("spec.subnetSelectorTerm", "did you mean \"subnetSelectorTerms\"?"));
  EXPECT_TRUE(errors.Contains("spec.subnetSelectorTerms", "Required value"));
  EXPECT_TRUE(errors.Contains("spec.kubelet.podsPerCore", "must be of type integer"));
  // maxPods may be a CEL expression evaluated per instance type.
  const EC2NodeClass expr = Kinds().DecodeOk<EC2NodeClass>(R"(
apiVersion: karpenter.k8s.aws/v1
kind: EC2NodeClass
metadata: {name: default}
spec:
  amiSelectorTerms: [{alias: bottlerocket@latest}]
  instanceProfile: my-profile
  subnetSelectorTerms: [{id: subnet-0123}]
  securityGroupSelectorTerms: [{id: sg-0123}]
  kubelet: {maxPods: "vcpus * 10", kubeReserved: {memory: "memory * 0.1"}}
)");
  EXPECT_EQ(expr.spec.kubelet.max_pods, IntOrString::String("vcpus * 10"));
  EXPECT_TRUE(ValidationErrors(expr).empty()) << ValidationErrors(expr).ToString();
}

FieldErrors KubeletErrors(const KubeletConfiguration& k) {
  FieldErrors errors;
  ValidateKubeletConfiguration(k, "spec.kubelet", errors);
  return errors;
}

// kubeletconfiguration_validation_test.go "should accept" (the entries tidepool can express).
TEST(KubeletValidationTest, Accepts) {
  EXPECT_TRUE(KubeletErrors({}).empty());
  KubeletConfiguration k;
  k.max_pods = IntOrString::Int(110);
  k.pods_per_core = 10;
  k.kube_reserved = {{"cpu", "200m"}, {"memory", "100Mi"}};
  k.system_reserved = {{"ephemeral-storage", "1Gi"}, {"pid", "1000"}};
  k.eviction_hard = {{"memory.available", "5%"}, {"nodefs.available", "500Mi"}};
  k.eviction_soft = {{"memory.available", "10%"}};
  k.eviction_soft_grace_period = {{"memory.available", "1m"}};
  k.image_gc_high_threshold_percent = 80;
  k.image_gc_low_threshold_percent = 60;
  EXPECT_TRUE(KubeletErrors(k).empty()) << KubeletErrors(k).ToString();
  KubeletConfiguration zeros;
  zeros.max_pods = IntOrString::Int(0);
  zeros.pods_per_core = 0;
  zeros.eviction_max_pod_grace_period = 0;
  EXPECT_TRUE(KubeletErrors(zeros).empty());
  KubeletConfiguration expressions;
  expressions.max_pods = IntOrString::String("vcpus * 10");
  expressions.kube_reserved = {{"memory", "memory * 0.1"}};
  expressions.system_reserved = {{"cpu", "vcpus * 10m"}};
  expressions.pods_per_core = 10;
  EXPECT_TRUE(KubeletErrors(expressions).empty());
}

TEST(KubeletValidationTest, RejectsOutOfRangeNumbers) {
  KubeletConfiguration k;
  k.max_pods = IntOrString::Int(-1);
  EXPECT_TRUE(KubeletErrors(k).Contains("spec.kubelet.maxPods", "-1 can't be negative"));
  k = {};
  k.pods_per_core = -1;
  EXPECT_TRUE(KubeletErrors(k).Contains("spec.kubelet.podsPerCore", "can't be negative"));
  k = {};
  k.eviction_max_pod_grace_period = -1;
  EXPECT_TRUE(
      KubeletErrors(k).Contains("spec.kubelet.evictionMaxPodGracePeriod", "can't be negative"));
  for (int32_t value : {101, -1}) {
    k = {};
    k.image_gc_high_threshold_percent = value;
    EXPECT_TRUE(KubeletErrors(k).Contains("spec.kubelet.imageGCHighThresholdPercent",
                                          "must be between 0 and 100"));
    k = {};
    k.image_gc_low_threshold_percent = value;
    EXPECT_FALSE(KubeletErrors(k).empty());
  }
  for (auto [high, low] : {std::pair{60, 80}, std::pair{70, 70}}) {
    k = {};
    k.image_gc_high_threshold_percent = high;
    k.image_gc_low_threshold_percent = low;
    EXPECT_TRUE(KubeletErrors(k).Contains(
        "spec.kubelet", "imageGCHighThresholdPercent (" + std::to_string(high) +
                            ") must be greater than imageGCLowThresholdPercent (" +
                            std::to_string(low) + ")"));
  }
}

TEST(KubeletValidationTest, RejectsBadReservations) {
  for (auto member :
       {&KubeletConfiguration::kube_reserved, &KubeletConfiguration::system_reserved}) {
    KubeletConfiguration k;
    (k.*member) = {{"gpu", "1"}};
    EXPECT_TRUE(KubeletErrors(k).Contains(
        member == &KubeletConfiguration::kube_reserved ? "spec.kubelet.kubeReserved"
                                                       : "spec.kubelet.systemReserved",
        "\"gpu\" isn't a reservable resource, must be one of cpu, memory, ephemeral-storage, pid"));
    (k.*member) = {{"cpu", "-1"}};
    EXPECT_FALSE(KubeletErrors(k).empty());
  }
}

TEST(KubeletValidationTest, RejectsBadEvictionSettings) {
  KubeletConfiguration k;
  k.eviction_hard = {{"notASignal", "5%"}};
  EXPECT_TRUE(KubeletErrors(k).Contains("spec.kubelet.evictionHard",
                                        "\"notASignal\" isn't a valid eviction signal"));
  k = {};
  k.eviction_minimum_reclaim = {{"notASignal", "500Mi"}};
  EXPECT_FALSE(KubeletErrors(k).empty());
  k = {};
  k.eviction_soft = {{"notASignal", "5%"}};
  k.eviction_soft_grace_period = {{"notASignal", "1m"}};
  EXPECT_EQ(KubeletErrors(k).size(), 2u) << KubeletErrors(k).ToString();
  for (auto member : {&KubeletConfiguration::eviction_hard, &KubeletConfiguration::eviction_soft,
                      &KubeletConfiguration::eviction_minimum_reclaim}) {
    k = {};
    (k.*member) = {{"memory.available", "lots"}};
    k.eviction_soft_grace_period = {};
    const FieldErrors errors = KubeletErrors(k);
    bool found = false;
    for (const FieldError& e : errors.list()) {
      found |= e.message == "\"lots\" must be a percentage or a resource quantity";
    }
    EXPECT_TRUE(found) << errors.ToString();
  }
  k = {};
  k.eviction_hard = {{"memory.available", "120%"}};
  EXPECT_FALSE(KubeletErrors(k).empty());
  k = {};
  k.eviction_soft = {{"memory.available", "10%"}};
  k.eviction_soft_grace_period = {{"memory.available", "soon"}};
  EXPECT_TRUE(KubeletErrors(k).Contains("spec.kubelet.evictionSoftGracePeriod[memory.available]",
                                        "\"soon\" must be a duration"));
  k.eviction_soft_grace_period = {{"memory.available", "-1m"}};
  EXPECT_TRUE(KubeletErrors(k).Contains("spec.kubelet.evictionSoftGracePeriod[memory.available]",
                                        "can't be a negative duration"));
  k.eviction_soft_grace_period = {{"nodefs.available", "1m"}};
  EXPECT_TRUE(KubeletErrors(k).Contains("spec.kubelet.evictionSoft[memory.available]",
                                        "has no matching evictionSoftGracePeriod"));
  EXPECT_TRUE(KubeletErrors(k).Contains("spec.kubelet.evictionSoftGracePeriod[nodefs.available]",
                                        "has no matching evictionSoft"));
  k.eviction_soft_grace_period = {};
  EXPECT_FALSE(KubeletErrors(k).empty());
  k = {};
  k.eviction_soft_grace_period = {{"memory.available", "1m"}};
  EXPECT_FALSE(KubeletErrors(k).empty());
}

TEST(KubeletValidationTest, RejectsFieldsKarpenterOwnsAndReportsEverything) {
  KubeletConfiguration k;
  k.extra.mutable_json()["registerWithTaints"] = nlohmann::json::parse(
      R"([{"key":"example.com/dedicated","value":"gpu","effect":"NoSchedule"}])");
  const FieldErrors owned = KubeletErrors(k);
  ASSERT_EQ(owned.size(), 1u);
  EXPECT_EQ(owned.list()[0].path, "spec.kubelet.registerWithTaints");

  KubeletConfiguration many;
  many.pods_per_core = -1;
  many.kube_reserved = {{"gpu", "1"}, {"cpu", "-1"}};
  many.eviction_hard = {{"notASignal", "5%"}};
  EXPECT_GE(KubeletErrors(many).size(), 4u);
}

}  // namespace
}  // namespace tidepool::api
