// NodePool validation, ported from kubernetes-sigs/karpenter pkg/apis/v1/
// nodepool_validation_cel_test.go and nodepool_default_test.go, and from
// aws/karpenter-provider-aws pkg/apis/v1/nodepool_validation_cel_test.go (the AWS labels).
//
// Upstream's "env.Client.Create" is the API server applying the CRD (defaults, then schema and
// CEL rules): Create() below. "nodePool.RuntimeValidate" is Runtime().
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "api/karpenter/karpenter_test_util.h"
#include "api/karpenter/labels.h"
#include "api/karpenter/nodepool.h"

namespace tidepool::api {
namespace {

using karpenter_testing::Kinds;
using karpenter_testing::MakeBudget;
using karpenter_testing::MakeTaint;
using karpenter_testing::Req;

// The BeforeEach of nodepool_validation_cel_test.go.
NodePool BaseNodePool() {
  NodePool np;
  np.api_version = kKarpenterApiVersion;
  np.kind = kNodePoolKind;
  np.metadata.name = "test-nodepool";
  np.spec.template_.spec.node_class_ref =
      NodeClassReference{"karpenter.test.sh", "TestNodeClass", "default", {}};
  np.spec.template_.spec.requirements = {Req(std::string(kCapacityTypeLabelKey), "Exists")};
  return np;
}

// env.Client.Create: the API server defaults the object, then applies the schema and CEL rules.
FieldErrors Create(NodePool np) {
  SetDefaults(np);
  FieldErrors errors;
  ValidateSchema(np, errors);
  return errors;
}

FieldErrors Runtime(NodePool np) {
  SetDefaults(np);
  FieldErrors errors;
  RuntimeValidate(np, errors);
  return errors;
}

// A NodePool document with one field set to `value` (upstream's unstructured.SetNestedField).
std::string WithField(const std::string& path_yaml) {
  return R"(
apiVersion: karpenter.sh/v1
kind: NodePool
metadata: {name: test-nodepool}
spec:
  template:
    spec:
      nodeClassRef: {group: karpenter.test.sh, kind: TestNodeClass, name: default}
      requirements: [{key: karpenter.sh/capacity-type, operator: Exists}]
)" + path_yaml;
}

// ---- Disruption ---------------------------------------------------------------------------------

TEST(NodePoolValidationTest, CelDisruptionExpireAfter) {
  NodePool np = BaseNodePool();
  np.spec.template_.spec.expire_after = NillableDuration{};  // Never
  EXPECT_TRUE(Create(np).empty());

  for (const char* value : {"30s", "1h30m5s", "Never"}) {
    const std::string doc = WithField(std::string("      expireAfter: ") + value + "\n");
    EXPECT_TRUE(Create(Kinds().DecodeOk<NodePool>(doc)).empty()) << value;
  }
  // Negative parses, then fails the pattern; the others do not parse at all.
  const FieldErrors negative =
      Create(Kinds().DecodeOk<NodePool>(WithField("      expireAfter: -1s\n")));
  EXPECT_TRUE(negative.Contains("spec.template.spec.expireAfter", "in body should match"))
      << negative.ToString();
  for (const char* value : {"1hr", "FooNever"}) {
    EXPECT_FALSE(
        Kinds()
            .DecodeErrors<NodePool>(WithField(std::string("      expireAfter: ") + value + "\n"))
            .empty())
        << value;
  }
}

TEST(NodePoolValidationTest, CelDisruptionConsolidateAfter) {
  NodePool np = BaseNodePool();
  np.spec.disruption.consolidate_after = NillableDuration{};
  EXPECT_TRUE(Create(np).empty());
  for (const char* value : {"30s", "1h30m5s", "Never"}) {
    const std::string doc =
        WithField(std::string("  disruption: {consolidateAfter: ") + value + "}\n");
    EXPECT_TRUE(Create(Kinds().DecodeOk<NodePool>(doc)).empty()) << value;
  }
  const FieldErrors negative =
      Create(Kinds().DecodeOk<NodePool>(WithField("  disruption: {consolidateAfter: -1s}\n")));
  ASSERT_EQ(negative.size(), 1u) << negative.ToString();
  EXPECT_EQ(negative.list()[0].path, "spec.disruption.consolidateAfter");
  EXPECT_EQ(negative.list()[0].message,
            "Invalid value: \"-1s\": spec.disruption.consolidateAfter in body should match "
            "'^(([0-9]+(s|m|h))+|Never)$'");
  for (const char* value : {"1hr", "FooNever"}) {
    EXPECT_FALSE(Kinds()
                     .DecodeErrors<NodePool>(WithField(
                         std::string("  disruption: {consolidateAfter: ") + value + "}\n"))
                     .empty())
        << value;
  }
}

TEST(NodePoolValidationTest, CelConsolidateAfterWithEveryPolicy) {
  for (const char* policy :
       {kConsolidationPolicyWhenEmpty, kConsolidationPolicyWhenEmptyOrUnderutilized}) {
    for (const NillableDuration& after :
         {NillableDuration{Duration::Seconds(30)}, NillableDuration{}}) {
      NodePool np = BaseNodePool();
      np.spec.disruption.consolidate_after = after;
      np.spec.disruption.consolidation_policy = policy;
      EXPECT_TRUE(Create(np).empty()) << policy << " " << after.ToString();
    }
  }
}

TEST(NodePoolValidationTest, CelConsolidationPolicyEnum) {
  for (const char* policy : {"WhenEmpty", "WhenEmptyOrUnderutilized", "Balanced"}) {
    NodePool np = BaseNodePool();
    np.spec.disruption.consolidation_policy = policy;
    EXPECT_TRUE(Create(np).empty()) << policy;
    EXPECT_TRUE(Runtime(np).empty()) << policy;
  }
  for (const char* policy :
       {"1", "2", "3", "0", "4", "10", "balanced", "whenempty", "", "WhenUnderutilized", "foo"}) {
    NodePool np = BaseNodePool();
    np.spec.disruption.consolidation_policy = policy;
    const FieldErrors errors = Create(np);
    EXPECT_TRUE(errors.Contains("spec.disruption.consolidationPolicy",
                                "Unsupported value: \"" + std::string(policy) +
                                    "\": supported values: \"WhenEmpty\", "
                                    "\"WhenEmptyOrUnderutilized\", \"Balanced\""))
        << policy << ": " << errors.ToString();
  }
}

TEST(NodePoolValidationTest, CelBudgetSchedules) {
  auto create_with = [](std::vector<Budget> budgets) {
    NodePool np = BaseNodePool();
    np.spec.disruption.budgets = std::move(budgets);
    return Create(np);
  };
  const Duration twenty = Duration::Minutes(20);
  // Invalid crons: a single field, and four fields with a trailing space.
  FieldErrors errors = create_with({MakeBudget("10", "*", twenty)});
  EXPECT_TRUE(errors.Contains("spec.disruption.budgets[0].schedule", "in body should match"))
      << errors.ToString();
  EXPECT_FALSE(create_with({MakeBudget("10", "* * * * ", twenty)}).empty());
  // Durations: negative, seconds.
  errors = create_with({MakeBudget("10", "* * * * *", Duration::Minutes(-20))});
  EXPECT_TRUE(errors.Contains("spec.disruption.budgets[0].duration", "Invalid value: \"-20m0s\""))
      << errors.ToString();
  EXPECT_FALSE(create_with({MakeBudget("10", "* * * * *", Duration::Seconds(30))}).empty());
  // Schedule and duration come together.
  errors = create_with({MakeBudget("10", "* * * * *")});
  EXPECT_TRUE(errors.Contains("spec.disruption.budgets",
                              "Invalid value: \"array\": 'schedule' must be set with 'duration'"))
      << errors.ToString();
  EXPECT_FALSE(create_with({MakeBudget("10", std::nullopt, twenty)}).empty());
  EXPECT_TRUE(create_with({MakeBudget("10", "* * * * *", twenty)}).empty());
  EXPECT_TRUE(create_with({MakeBudget("10", "* * * * *", Duration::Minutes(140))}).empty());
  EXPECT_TRUE(create_with({MakeBudget("10")}).empty());
  EXPECT_TRUE(create_with({MakeBudget("10", "@annually", twenty)}).empty());
  // One bad budget among good ones.
  EXPECT_FALSE(
      create_with({MakeBudget("10", "@annually", twenty), MakeBudget("10", "*", twenty)}).empty());
  EXPECT_FALSE(create_with({MakeBudget("10", std::nullopt, twenty),
                            MakeBudget("10", "* * * * *", twenty), MakeBudget("10")})
                   .empty());
}

TEST(NodePoolValidationTest, CelBudgetNodes) {
  for (const char* nodes : {"-10", "-10%", "1000%"}) {
    NodePool np = BaseNodePool();
    np.spec.disruption.budgets = {MakeBudget(nodes)};
    const FieldErrors errors = Create(np);
    EXPECT_TRUE(errors.Contains("spec.disruption.budgets[0].nodes",
                                "in body should match '^((100|[0-9]{1,2})%|[0-9]+)$'"))
        << nodes << ": " << errors.ToString();
  }
  for (const char* nodes : {"0", "10", "1000", "0%", "5%", "100%"}) {
    NodePool np = BaseNodePool();
    np.spec.disruption.budgets = {MakeBudget(nodes)};
    EXPECT_TRUE(Create(np).empty()) << nodes;
  }
}

TEST(NodePoolValidationTest, CelBudgetReasons) {
  auto create_with = [](std::vector<std::string> reasons) {
    NodePool np = BaseNodePool();
    np.spec.disruption.budgets = {
        MakeBudget("10", "* * * * *", Duration::Minutes(20), std::move(reasons))};
    return Create(np);
  };
  for (const char* reason : {"Drifted", "Underutilized", "Empty"}) {
    EXPECT_TRUE(create_with({reason}).empty()) << reason;
  }
  for (const char* reason : {"invalid", "expired", ""}) {
    EXPECT_TRUE(create_with({reason}).Contains("spec.disruption.budgets[0].reasons[0]",
                                               "Unsupported value"))
        << reason;
  }
  EXPECT_TRUE(create_with({"Drifted", "Empty"}).empty());
}

// Not a CRD rule: upstream accepts these and fails closed at runtime (0 disruptions allowed);
// tidepool reports them when the manifest is loaded.
TEST(NodePoolValidationTest, UnparseableCronIsReported) {
  NodePool np = BaseNodePool();
  np.spec.disruption.budgets = {MakeBudget("10", "0 0 * * tue-mon", Duration::Hours(6))};
  const FieldErrors errors = Create(np);
  EXPECT_TRUE(errors.Contains("spec.disruption.budgets[0].schedule",
                              "beginning of range (2) beyond end of range (1): tue-mon"))
      << errors.ToString();
}

// ---- Taints
// ---------------------------------------------------------------------------------------

TEST(NodePoolValidationTest, CelValidTaints) {
  NodePool np = BaseNodePool();
  np.spec.template_.spec.taints = {MakeTaint("a", "b", "NoSchedule"),
                                   MakeTaint("c", "d", "NoExecute"),
                                   MakeTaint("e", "f", "PreferNoSchedule"),
                                   MakeTaint("Test", "f", "PreferNoSchedule"),
                                   MakeTaint("test.com/Test", "f", "PreferNoSchedule"),
                                   MakeTaint("test.com.com/test", "f", "PreferNoSchedule"),
                                   MakeTaint("key-only", "", "NoExecute")};
  EXPECT_TRUE(Create(np).empty()) << Create(np).ToString();
  EXPECT_TRUE(Runtime(np).empty()) << Runtime(np).ToString();
}

TEST(NodePoolValidationTest, CelInvalidTaintKeys) {
  for (const char* key : {"test.com.com}", "Test.com/test", "test/test/test", "test/", "/test"}) {
    NodePool np = BaseNodePool();
    np.spec.template_.spec.taints = {MakeTaint(key, "", "NoSchedule")};
    EXPECT_TRUE(Create(np).Contains("spec.template.spec.taints[0].key", "in body should match"))
        << key;
    EXPECT_FALSE(Runtime(np).empty()) << key;
  }
}

TEST(NodePoolValidationTest, CelTaintKeysTooLongFailAtRuntime) {
  const std::string long_part(250, 'a');
  for (const std::string& key :
       {"test.com.test." + long_part + "/test", "test.com.test/test-" + long_part}) {
    NodePool np = BaseNodePool();
    np.spec.template_.spec.taints = {MakeTaint(key, "", "NoSchedule")};
    EXPECT_TRUE(Create(np).empty()) << Create(np).ToString();
    EXPECT_TRUE(Runtime(np).Contains("spec.template.spec.taints[0]", "in taints")) << key;
  }
}

TEST(NodePoolValidationTest, CelInvalidTaints) {
  NodePool missing_key = BaseNodePool();
  missing_key.spec.template_.spec.taints = {MakeTaint("", "", "NoSchedule")};
  EXPECT_TRUE(Create(missing_key)
                  .Contains("spec.template.spec.taints[0].key", "should be at least 1 chars long"));
  EXPECT_FALSE(Runtime(missing_key).empty());

  NodePool bad_value = BaseNodePool();
  bad_value.spec.template_.spec.taints = {MakeTaint("invalid-value", "???", "NoSchedule")};
  EXPECT_TRUE(Create(bad_value).Contains("spec.template.spec.taints[0].value", "should match"));
  EXPECT_FALSE(Runtime(bad_value).empty());

  NodePool bad_effect = BaseNodePool();
  bad_effect.spec.template_.spec.taints = {MakeTaint("invalid-effect", "", "???")};
  EXPECT_TRUE(Create(bad_effect)
                  .Contains("spec.template.spec.taints[0].effect",
                            "Unsupported value: \"???\": supported values: \"NoSchedule\", "
                            "\"PreferNoSchedule\", \"NoExecute\""));
  const FieldErrors runtime = Runtime(bad_effect);
  EXPECT_TRUE(runtime.Contains("spec.template.spec.taints[0]", "invalid value: \"???\" in taints"))
      << runtime.ToString();
}

TEST(NodePoolValidationTest, CelSameTaintKeyDifferentEffects) {
  NodePool np = BaseNodePool();
  np.spec.template_.spec.taints = {MakeTaint("a", "", "NoSchedule"),
                                   MakeTaint("a", "", "NoExecute")};
  EXPECT_TRUE(Create(np).empty());
  EXPECT_TRUE(Runtime(np).empty());
}

// nodeclaim_validation.go validateTaints: a key/effect pair may appear once across taints and
// startupTaints.
TEST(NodePoolValidationTest, RuntimeDuplicateTaintsAcrossLists) {
  NodePool np = BaseNodePool();
  np.spec.template_.spec.taints = {MakeTaint("a", "", "NoSchedule")};
  np.spec.template_.spec.startup_taints = {MakeTaint("a", "x", "NoSchedule")};
  EXPECT_TRUE(Create(np).empty());
  EXPECT_TRUE(Runtime(np).Contains("spec.template.spec.startupTaints[0]",
                                   "duplicate taint Key/Effect pair a=NoSchedule"));
}

// ---- Requirements
// ---------------------------------------------------------------------------------

TEST(NodePoolValidationTest, CelValidRequirementKeys) {
  NodePool np = BaseNodePool();
  np.spec.template_.spec.requirements = {Req("Test", "Exists"), Req("test.com/Test", "Exists"),
                                         Req("test.com.com/test", "Exists"),
                                         Req("key-only", "Exists")};
  EXPECT_TRUE(Create(np).empty()) << Create(np).ToString();
  EXPECT_TRUE(Runtime(np).empty()) << Runtime(np).ToString();
}

TEST(NodePoolValidationTest, CelInvalidRequirementKeys) {
  for (const char* key : {"test.com.com}", "Test.com/test", "test/test/test", "test/", "/test"}) {
    NodePool np = BaseNodePool();
    np.spec.template_.spec.requirements = {Req(key, "Exists")};
    EXPECT_TRUE(Create(np).Contains("spec.template.spec.requirements[0].key", "should match"))
        << key;
    EXPECT_TRUE(Runtime(np).Contains("spec.template.spec.requirements[0]", "not a qualified name"))
        << key;
  }
}

TEST(NodePoolValidationTest, CelRequirementKeysTooLongFailAtRuntime) {
  const std::string long_part(250, 'a');
  for (const std::string& key :
       {"test.com.test." + long_part + "/test", "test.com.test/test-" + long_part}) {
    NodePool np = BaseNodePool();
    np.spec.template_.spec.requirements = {Req(key, "Exists")};
    EXPECT_TRUE(Create(np).empty()) << Create(np).ToString();
    EXPECT_FALSE(Runtime(np).empty()) << key;
  }
}

TEST(NodePoolValidationTest, CelNodePoolLabelInRequirements) {
  NodePool np = BaseNodePool();
  np.spec.template_.spec.requirements = {Req(std::string(kNodePoolLabelKey), "In", {"silly-name"})};
  const FieldErrors created = Create(np);
  EXPECT_TRUE(created.Contains("spec.template.spec.requirements[0].key",
                               "Invalid value: \"string\": label \"karpenter.sh/nodepool\" is "
                               "restricted"))
      << created.ToString();
  EXPECT_TRUE(Runtime(np).Contains("spec.template.spec.requirements[0]",
                                   "invalid key: \"karpenter.sh/nodepool\" in requirements, "
                                   "restricted"));
}

TEST(NodePoolValidationTest, CelSupportedOperators) {
  NodePool np = BaseNodePool();
  const std::string zone = "topology.kubernetes.io/zone";
  np.spec.template_.spec.requirements = {Req(zone, "In", {"test"}), Req(zone, "Gt", {"1"}),
                                         Req(zone, "Lt", {"1"}), Req(zone, "NotIn"),
                                         Req(zone, "Exists")};
  EXPECT_TRUE(Create(np).empty()) << Create(np).ToString();
  EXPECT_TRUE(Runtime(np).empty()) << Runtime(np).ToString();

  np.spec.template_.spec.requirements = {Req(zone, "unknown", {"test"})};
  EXPECT_TRUE(Create(np).Contains("spec.template.spec.requirements[0].operator",
                                  "Unsupported value: \"unknown\""));
  EXPECT_TRUE(Runtime(np).Contains(
      "spec.template.spec.requirements[0]",
      "key topology.kubernetes.io/zone has an unsupported operator unknown not in"));
}

TEST(NodePoolValidationTest, CelRestrictedDomainsAndLabels) {
  NodePool np = BaseNodePool();
  np.spec.template_.spec.requirements = {Req("karpenter.sh/test", "In", {"test"})};
  EXPECT_TRUE(Create(np).Contains("spec.template.spec.requirements[0].key",
                                  "label domain \"karpenter.sh\" is restricted"));
  EXPECT_TRUE(Runtime(np).Contains("spec.template.spec.requirements[0]",
                                   "using label karpenter.sh/test is not allowed"));
  // The AWS provider's domain is restricted by RuntimeValidate only.
  np.spec.template_.spec.requirements = {Req("karpenter.k8s.aws/test", "In", {"test"})};
  EXPECT_TRUE(Create(np).empty());
  EXPECT_TRUE(Runtime(np).Contains("spec.template.spec.requirements[0]",
                                   "using label karpenter.k8s.aws/test is not allowed"));
  // RestrictedLabels: kubernetes.io/hostname + "/test" is not even a label key.
  np.spec.template_.spec.requirements = {Req("kubernetes.io/hostname/test", "In", {"test"})};
  EXPECT_FALSE(Create(np).empty());
  EXPECT_FALSE(Runtime(np).empty());
  np.spec.template_.spec.requirements = {Req("kubernetes.io/hostname", "In", {"test"})};
  EXPECT_TRUE(Create(np).Contains("spec.template.spec.requirements[0].key",
                                  "label \"kubernetes.io/hostname\" is restricted"));
}

TEST(NodePoolValidationTest, CelKubernetesDomainsAllowed) {
  for (const char* key : {"kubernetes.io/test", "k8s.io/test", "subdomain.kubernetes.io/test",
                          "subdomain.k8s.io/test"}) {
    NodePool np = BaseNodePool();
    np.spec.template_.spec.requirements = {Req(key, "In", {"test"})};
    EXPECT_TRUE(Create(np).empty()) << key;
    EXPECT_TRUE(Runtime(np).empty()) << key << ": " << Runtime(np).ToString();
  }
}

// Core's and the AWS provider's "should allow well known label exceptions": capacity type and
// tenancy have known values, so "test" is checked separately below.
TEST(NodePoolValidationTest, CelWellKnownLabelExceptions) {
  for (const std::string& label : AwsWellKnownLabels().keys()) {
    if (label == kNodePoolLabelKey || label == kCapacityTypeLabelKey ||
        label == kLabelInstanceTenancy) {
      continue;
    }
    NodePool np = BaseNodePool();
    np.spec.template_.spec.requirements = {Req(label, "In", {"test"})};
    EXPECT_TRUE(Create(np).empty()) << label << ": " << Create(np).ToString();
    EXPECT_TRUE(Runtime(np).empty()) << label << ": " << Runtime(np).ToString();
  }
}

// Ported from aws/karpenter-provider-aws nodepool_validation_cel_test.go.
TEST(NodePoolValidationTest, AwsWellKnownValues) {
  struct Case {
    std::string_view key;
    std::vector<std::string> values;
    bool valid;
  };
  const Case cases[] = {
      {kCapacityTypeLabelKey, {"xspot"}, false},
      {kCapacityTypeLabelKey, {"on-demand"}, true},
      {kCapacityTypeLabelKey, {"on-demand", "xspot"}, true},
      {kLabelInstanceTenancy, {"xdedicated"}, false},
      {kLabelInstanceTenancy, {"default"}, true},
      {kLabelInstanceTenancy, {"default", "xdedicated"}, true},
  };
  for (const Case& c : cases) {
    NodePool np = BaseNodePool();
    np.spec.template_.spec.requirements = {Req(std::string(c.key), "In", c.values)};
    EXPECT_TRUE(Create(np).empty()) << c.key;
    EXPECT_EQ(Runtime(np).empty(), c.valid) << c.key << ": " << Runtime(np).ToString();
  }
  NodePool np = BaseNodePool();
  np.spec.template_.spec.requirements = {Req(std::string(kCapacityTypeLabelKey), "In", {"xspot"})};
  EXPECT_EQ(Runtime(np).list().at(0).message,
            "invalid value: no valid values found in [xspot] for karpenter.sh/capacity-type, "
            "expected one of: map[on-demand:{} reserved:{} spot:{}], got: [xspot] in "
            "requirements, restricted");
  np.spec.template_.spec.requirements = {
      Req(std::string(kCapacityTypeLabelKey), "In", {"spot", "xspot", "on-demand"}, 3)};
  EXPECT_TRUE(Runtime(np).Contains("spec.template.spec.requirements[0]",
                                   "not enough valid values found in [spot xspot on-demand]"));
}

TEST(NodePoolValidationTest, CelOverlappingAndEmptyRequirements) {
  NodePool np = BaseNodePool();
  const std::string zone = "topology.kubernetes.io/zone";
  np.spec.template_.spec.requirements = {Req(zone, "In", {"test", "foo"}),
                                         Req(zone, "NotIn", {"test", "bar"})};
  EXPECT_TRUE(Create(np).empty());
  EXPECT_TRUE(Runtime(np).empty());
  np.spec.template_.spec.requirements.clear();
  EXPECT_TRUE(Create(np).empty());
  EXPECT_TRUE(Runtime(np).empty());
}

TEST(NodePoolValidationTest, CelInvalidNumericOperatorValues) {
  for (const char* op : {"Gt", "Lt", "Gte", "Lte"}) {
    for (const std::vector<std::string>& values :
         std::vector<std::vector<std::string>>{{}, {"1", "2"}, {"a"}, {"-1"}}) {
      NodePool np = BaseNodePool();
      np.spec.template_.spec.requirements = {Req("topology.kubernetes.io/zone", op, values)};
      EXPECT_TRUE(Create(np).Contains("spec.template.spec.requirements",
                                      "requirements operator 'Gt', 'Lt', 'Gte', or 'Lte' must "
                                      "have a single positive integer value"))
          << op << " " << values.size();
      EXPECT_TRUE(Runtime(np).Contains("spec.template.spec.requirements[0]",
                                       "must have a single positive integer value"))
          << op;
    }
  }
}

TEST(NodePoolValidationTest, CelMinValues) {
  const std::string type = "node.kubernetes.io/instance-type";
  for (int32_t min_values : {-1, 0}) {
    NodePool np = BaseNodePool();
    np.spec.template_.spec.requirements = {Req(type, "In", {"insance-type-1"}, min_values)};
    EXPECT_TRUE(Create(np).Contains("spec.template.spec.requirements[0].minValues",
                                    "should be greater than or equal to 1"))
        << min_values;
  }
  NodePool np = BaseNodePool();
  np.spec.template_.spec.requirements = {Req(type, "Exists", {}, 51)};
  EXPECT_TRUE(Create(np).Contains("spec.template.spec.requirements[0].minValues",
                                  "Invalid value: 51: spec.template.spec.requirements[0].minValues "
                                  "in body should be less than or equal to 50"));
  std::vector<std::string> many;
  for (int i = 0; i < 90; ++i) many.push_back("instance" + std::to_string(i));
  np.spec.template_.spec.requirements = {Req(type, "In", many)};
  EXPECT_TRUE(Create(np).empty());
  np.spec.template_.spec.requirements = {Req(type, "In", {"insance-type-1"}, 2)};
  EXPECT_TRUE(Create(np).Contains("spec.template.spec.requirements",
                                  "requirements with 'minValues' must have at least that many "
                                  "values specified in the 'values' field"));
  EXPECT_TRUE(Runtime(np).Contains("spec.template.spec.requirements[0]",
                                   "must have at least minimum number of values defined in "
                                   "'values' field"));
}

TEST(NodePoolValidationTest, InWithoutValues) {
  NodePool np = BaseNodePool();
  np.spec.template_.spec.requirements = {Req("topology.kubernetes.io/zone", "In")};
  EXPECT_TRUE(Create(np).Contains("spec.template.spec.requirements",
                                  "requirements with operator 'In' must have a value defined"));
  EXPECT_TRUE(Runtime(np).Contains("spec.template.spec.requirements[0]",
                                   "key topology.kubernetes.io/zone with operator In must have a "
                                   "value defined"));
}

// ---- Labels
// ---------------------------------------------------------------------------------------

TEST(NodePoolValidationTest, CelTemplateLabels) {
  auto with_labels = [](std::map<std::string, std::string> labels) {
    NodePool np = BaseNodePool();
    np.spec.template_.metadata.labels = std::move(labels);
    return np;
  };
  NodePool ok = with_labels({{"foo", "silly-name"}});
  EXPECT_TRUE(Create(ok).empty());
  EXPECT_TRUE(Runtime(ok).empty());

  NodePool nodepool_label = with_labels({{std::string(kNodePoolLabelKey), "silly-name"}});
  EXPECT_TRUE(
      Create(nodepool_label)
          .Contains("spec.template.metadata.labels",
                    "Invalid value: \"object\": label \"karpenter.sh/nodepool\" is restricted"));
  EXPECT_TRUE(Runtime(nodepool_label)
                  .Contains("spec.template.metadata.labels[karpenter.sh/nodepool]",
                            "invalid key name \"karpenter.sh/nodepool\" in labels, restricted"));

  // Label keys are not checked by the schema, only at runtime.
  NodePool spaces = with_labels({{"spaces are not allowed", "silly-name"}});
  EXPECT_TRUE(Create(spaces).empty());
  EXPECT_TRUE(Runtime(spaces).Contains("spec.template.metadata.labels[spaces are not allowed]",
                                       "invalid key name \"spaces are not allowed\" in labels, "
                                       "\"name part must consist of alphanumeric characters"));
  const std::string long_part(250, 'a');
  for (const std::string& key :
       {"test.com.test." + long_part + "/test", "test.com.test/test-" + long_part}) {
    NodePool too_long = with_labels({{key, "silly-name"}});
    EXPECT_TRUE(Create(too_long).empty());
    EXPECT_FALSE(Runtime(too_long).empty());
  }

  NodePool bad_value = with_labels({{"silly-name", "/ is not allowed"}});
  EXPECT_TRUE(
      Create(bad_value).Contains("spec.template.metadata.labels[silly-name]", "should match"));
  EXPECT_TRUE(Runtime(bad_value).Contains("spec.template.metadata.labels[silly-name]",
                                          "invalid value: / is not allowed for label[silly-name]"));

  NodePool restricted = with_labels({{"karpenter.sh/unknown", "silly-name"}});
  EXPECT_TRUE(Create(restricted)
                  .Contains("spec.template.metadata.labels",
                            "label domain \"karpenter.sh\" is restricted"));
  EXPECT_FALSE(Runtime(restricted).empty());
}

TEST(NodePoolValidationTest, CelAllowedTemplateLabels) {
  const std::vector<std::map<std::string, std::string>> allowed = {
      {{"kops.k8s.io/instancegroup", "karpenter-nodes"}, {"kops.k8s.io/gpu", "1"}},
      {{"kubernetes.io", "test-value"}},
      {{"k8s.io", "test-value"}},
      {{"kubernetes.io/key", "test-value"}},
      {{"k8s.io/key", "test-value"}},
      {{"subdomain.kubernetes.io", "test-value"}},
      {{"subdomain.k8s.io/key", "test-value"}},
  };
  for (const auto& labels : allowed) {
    NodePool np = BaseNodePool();
    np.spec.template_.metadata.labels = labels;
    EXPECT_TRUE(Create(np).empty()) << labels.begin()->first;
    EXPECT_TRUE(Runtime(np).empty()) << labels.begin()->first << Runtime(np).ToString();
  }
  // aws nodepool_validation_cel_test.go: every well-known label but karpenter.sh/nodepool may be
  // a template label.
  for (const std::string& label : AwsWellKnownLabels().keys()) {
    if (label == kNodePoolLabelKey) continue;
    NodePool np = BaseNodePool();
    np.spec.template_.metadata.labels = {{label, "test"}};
    EXPECT_TRUE(Create(np).empty()) << label;
    EXPECT_TRUE(Runtime(np).empty()) << label;
  }
}

// ---- TerminationGracePeriod and NodeClassRef
// ------------------------------------------------------

TEST(NodePoolValidationTest, CelTerminationGracePeriod) {
  for (const char* value : {"30s", "1h30m5s"}) {
    const std::string doc = WithField(std::string("      terminationGracePeriod: ") + value + "\n");
    EXPECT_TRUE(Create(Kinds().DecodeOk<NodePool>(doc)).empty()) << value;
  }
  EXPECT_TRUE(Create(Kinds().DecodeOk<NodePool>(WithField("      terminationGracePeriod: -1s\n")))
                  .Contains("spec.template.spec.terminationGracePeriod",
                            "in body should match '^([0-9]+(s|m|h))+$'"));
  for (const char* value : {"1hr", "Never", "FooNever"}) {
    EXPECT_FALSE(Kinds()
                     .DecodeErrors<NodePool>(
                         WithField(std::string("      terminationGracePeriod: ") + value + "\n"))
                     .empty())
        << value;
  }
}

TEST(NodePoolValidationTest, CelNodeClassRefFieldsRequired) {
  NodePool np = BaseNodePool();
  np.spec.template_.spec.node_class_ref->group = "";
  EXPECT_TRUE(Create(np).Contains("spec.template.spec.nodeClassRef.group",
                                  "Invalid value: \"string\": group may not be empty"));
  np = BaseNodePool();
  np.spec.template_.spec.node_class_ref->kind = "";
  EXPECT_TRUE(Create(np).Contains("spec.template.spec.nodeClassRef.kind", "kind may not be empty"));
  np = BaseNodePool();
  np.spec.template_.spec.node_class_ref->name = "";
  EXPECT_TRUE(Create(np).Contains("spec.template.spec.nodeClassRef.name", "name may not be empty"));
  np = BaseNodePool();
  np.spec.template_.spec.node_class_ref.reset();
  EXPECT_TRUE(Create(np).Contains("spec.template.spec.nodeClassRef", "Required value"));
}

// ---- Replicas (static NodePools)
// --------------------------------------------------------------------

TEST(NodePoolValidationTest, CelReplicasValues) {
  for (int64_t replicas : {5, 0, 1000}) {
    NodePool np = BaseNodePool();
    np.spec.replicas = replicas;
    EXPECT_TRUE(Create(np).empty()) << replicas;
    EXPECT_TRUE(Runtime(np).empty()) << replicas;
  }
  NodePool np = BaseNodePool();
  np.spec.replicas = -100;
  EXPECT_TRUE(Create(np).Contains("spec.replicas", "should be greater than or equal to 0"));
}

TEST(NodePoolValidationTest, CelReplicasIncompatibleFields) {
  for (const char* resource : {"cpu", "memory", "pods", "ephemeral-storage"}) {
    NodePool np = BaseNodePool();
    np.spec.limits = {{resource, Quantity::MustParse("10")}};
    np.spec.replicas = 10;
    EXPECT_TRUE(Create(np).Contains("spec", "only 'limits.nodes' is supported on static NodePools"))
        << resource;
  }
  NodePool np = BaseNodePool();
  np.spec.weight = 25;
  np.spec.replicas = 10;
  EXPECT_TRUE(Create(np).Contains("spec", "'weight' is not supported on static NodePools"));
}

TEST(NodePoolValidationTest, CelReplicasCompatibleFields) {
  NodePool np = BaseNodePool();
  np.spec.replicas = 10;
  np.spec.limits = {{"nodes", Quantity::MustParse("100")}};
  np.spec.disruption.consolidation_policy = kConsolidationPolicyWhenEmptyOrUnderutilized;
  np.spec.disruption.consolidate_after = NillableDuration{Duration::Minutes(5)};
  np.spec.disruption.budgets = {
      MakeBudget("20%", "0 9 * * mon-fri", Duration::Hours(8), {"Drifted", "Empty"}),
      MakeBudget("30%", "0 22 * * sat,sun", Duration::Hours(4), {"Underutilized"}),
      MakeBudget("5")};
  np.spec.template_.metadata.labels = {{"environment", "production"}};
  np.spec.template_.metadata.annotations = {{"example.com/last-updated", "2024-01-01"}};
  np.spec.template_.spec.taints = {MakeTaint("gpu-workload", "enabled", "NoSchedule")};
  np.spec.template_.spec.startup_taints = {
      MakeTaint("example.com/initializing", "true", "NoSchedule")};
  np.spec.template_.spec.requirements = {
      Req("node.kubernetes.io/instance-type", "In",
          {"m5.large", "m5.xlarge", "m5.2xlarge", "c5.large", "c5.xlarge", "r5.large", "r5.xlarge"},
          3),
      Req("topology.kubernetes.io/zone", "In", {"us-west-2a", "us-west-2b", "us-west-2c"}),
      Req(std::string(kCapacityTypeLabelKey), "In", {"on-demand", "spot"}),
      Req("kubernetes.io/arch", "In", {"amd64"}),
      Req("karpenter.k8s.aws/instance-memory", "Gt", {"8192"}),
      Req("karpenter.k8s.aws/instance-cpu", "Lt", {"64"})};
  np.spec.template_.spec.expire_after = NillableDuration{Duration::Hours(72)};
  np.spec.template_.spec.termination_grace_period = Duration::Seconds(300);
  EXPECT_TRUE(Create(np).empty()) << Create(np).ToString();
  EXPECT_TRUE(Runtime(np).empty()) << Runtime(np).ToString();

  // consolidateAfter omitted on a static NodePool.
  const NodePool decoded = Kinds().DecodeOk<NodePool>(WithField("  replicas: 3\n"));
  EXPECT_TRUE(Create(decoded).empty());
}

TEST(NodePoolValidationTest, WeightBounds) {
  for (int32_t weight : {0, 101}) {
    NodePool np = BaseNodePool();
    np.spec.weight = weight;
    EXPECT_TRUE(Create(np).Contains("spec.weight", "in body should be")) << weight;
  }
  NodePool np = BaseNodePool();
  np.spec.weight = 100;
  EXPECT_TRUE(Create(np).empty());
}

// Validate reports schema problems, and runs RuntimeValidate only when the schema holds, so one
// mistake is not reported twice.
TEST(NodePoolValidationTest, ValidateReportsEachProblemOnce) {
  NodePool np = BaseNodePool();
  np.spec.template_.spec.requirements = {Req("karpenter.sh/test", "In", {"test"})};
  SetDefaults(np);
  FieldErrors errors;
  Validate(np, errors);
  ASSERT_EQ(errors.size(), 1u) << errors.ToString();
  EXPECT_EQ(errors.list()[0].message,
            "Invalid value: \"string\": label domain \"karpenter.sh\" is restricted");

  np.spec.template_.spec.requirements = {Req("karpenter.k8s.aws/test", "In", {"test"})};
  FieldErrors runtime_only;
  Validate(np, runtime_only);
  ASSERT_EQ(runtime_only.size(), 1u) << runtime_only.ToString();
  EXPECT_EQ(runtime_only.list()[0].path, "spec.template.spec.requirements[0]");
}

}  // namespace
}  // namespace tidepool::api
