// Node: round-trip, SetDefaults_NodeStatus, and validation cases ported from
// k8s.io/kubernetes pkg/apis/core/validation/validation_test.go (TestValidateNode,
// TestValidateNodeTaints-style cases).
#include "api/k8s/node.h"

#include <gtest/gtest.h>

#include "api/k8s/k8s_test_util.h"

namespace tidepool::api {
namespace {

using testing::MustDecode;
using testing::RoundTrip;

const char* kNode = R"({
  "apiVersion": "v1", "kind": "Node",
  "metadata": {"name": "ip-10-0-1-23.ec2.internal",
               "labels": {"karpenter.sh/nodepool": "default", "node.kubernetes.io/instance-type": "m6i.large"}},
  "spec": {"providerID": "aws:///us-east-1a/i-0123456789abcdef0",
           "taints": [{"key": "karpenter.sh/disrupted", "effect": "NoSchedule"},
                      {"key": "dedicated", "value": "gpu", "effect": "NoExecute", "timeAdded": "2026-01-01T00:00:00Z"}],
           "unschedulable": true, "podCIDR": "10.1.0.0/24", "podCIDRs": ["10.1.0.0/24"]},
  "status": {
    "capacity": {"cpu": "2", "memory": "7910Mi", "pods": "29", "ephemeral-storage": "20Gi"},
    "allocatable": {"cpu": "1930m", "memory": "7220Mi", "pods": "29"},
    "conditions": [{"type": "Ready", "status": "True", "reason": "KubeletReady",
                    "lastHeartbeatTime": "2026-01-01T00:00:00Z"}],
    "addresses": [{"type": "InternalIP", "address": "10.0.1.23"}],
    "nodeInfo": {"kubeletVersion": "v1.34.1", "architecture": "amd64"},
    "images": [{"names": ["nginx"], "sizeBytes": 1000}]
  }
})";

TEST(NodeTest, RoundTripAndTypedFields) {
  const Json input = Json::parse(kNode);
  EXPECT_EQ(RoundTrip<Node>(input), input);
  const Node node = MustDecode<Node>(input);
  EXPECT_EQ(node.spec.provider_id, "aws:///us-east-1a/i-0123456789abcdef0");
  EXPECT_TRUE(node.spec.unschedulable);
  EXPECT_EQ(node.spec.taints.at(1).value, "gpu");
  EXPECT_EQ(node.status.allocatable.at("cpu"), Quantity::MustParse("1930m"));
  EXPECT_EQ(node.status.capacity.at("memory"), Quantity::MustParse("7910Mi"));
  EXPECT_EQ(node.ReadyStatus(), "True");
  EXPECT_EQ(node.status.addresses.at(0).address, "10.0.1.23");

  FieldErrors errors;
  Json typo = input;
  typo["spec"]["providerId"] = "x";
  testing::DecodeJson<Node>(typo, errors);
  EXPECT_TRUE(errors.Contains("spec.providerId", "did you mean \"providerID\"?"))
      << errors.ToString();
}

TEST(NodeTest, AllocatableDefaultsToCapacity) {
  Node node = MustDecode<Node>(Json::parse(kNode));
  node.status.allocatable.clear();
  SetDefaults(node);
  EXPECT_EQ(node.status.allocatable, node.status.capacity);
  Node no_status;
  SetDefaults(no_status);
  EXPECT_TRUE(no_status.status.allocatable.empty());
  EXPECT_EQ(no_status.ReadyStatus(), "");
}

TEST(NodeValidationTest, CoreValidateNode) {
  Node valid = MustDecode<Node>(Json::parse(kNode));
  FieldErrors errors;
  Validate(valid, errors);
  EXPECT_TRUE(errors.empty()) << errors.ToString();

  struct Case {
    const char* name;
    void (*mutate)(Node&);
    const char* path;
    const char* message;
  };
  const Case cases[] = {
      {"zero-length name", [](Node& n) { n.metadata.name.clear(); }, "metadata.name",
       "Required value"},
      {"invalid label",
       [](Node& n) { n.metadata.labels["NoUppercaseOrSpecialCharsLike=Equals"] = "b"; },
       "metadata.labels", "Invalid value"},
      {"missing-taint-key", [](Node& n) { n.spec.taints[0].key.clear(); }, "spec.taints[0].key",
       "Invalid value: \"\""},
      {"bad-taint-key",
       [](Node& n) { n.spec.taints[0].key = "NoUppercaseOrSpecialCharsLike=Equals"; },
       "spec.taints[0].key", "Invalid value"},
      {"bad-taint-value", [](Node& n) { n.spec.taints[1].value = "some\\bad\\value"; },
       "spec.taints[1].value", "Invalid value: \"some\\\\bad\\\\value\""},
      {"missing-taint-effect", [](Node& n) { n.spec.taints[0].effect.clear(); },
       "spec.taints[0].effect", "Required value"},
      {"bad-taint-effect", [](Node& n) { n.spec.taints[0].effect = "NoScheduleNoAdmit"; },
       "spec.taints[0].effect",
       "Unsupported value: \"NoScheduleNoAdmit\": supported values: \"NoSchedule\", "
       "\"PreferNoSchedule\", \"NoExecute\""},
      {"duplicated-taints-with-same-key-effect",
       [](Node& n) { n.spec.taints.push_back(n.spec.taints[0]); }, "spec.taints[2]",
       "taints must be unique by key and effect pair"},
      {"negative capacity", [](Node& n) { n.status.capacity["cpu"] = Quantity::MustParse("-1"); },
       "status.capacity.cpu", "must be greater than or equal to 0"},
      {"fractional extended allocatable",
       [](Node& n) { n.status.allocatable["example.com/dongle"] = Quantity::MustParse("1500m"); },
       "status.allocatable.example.com/dongle", "must be an integer"},
  };
  for (const Case& c : cases) {
    Node node = valid;
    c.mutate(node);
    FieldErrors errs;
    Validate(node, errs);
    EXPECT_TRUE(errs.Contains(c.path, c.message))
        << c.name << ": want " << c.path << ": " << c.message << "\n got: " << errs.ToString();
  }
  // Same key with a different effect is not a duplicate; a Node is cluster-scoped, so a namespace
  // in the manifest is ignored (the API server drops it).
  Node ok = valid;
  ok.spec.taints.push_back({"karpenter.sh/disrupted", "", "NoExecute", "", {}});
  ok.metadata.namespace_ = "ignored";
  FieldErrors ok_errors;
  Validate(ok, ok_errors);
  EXPECT_TRUE(ok_errors.empty()) << ok_errors.ToString();
}

}  // namespace
}  // namespace tidepool::api
