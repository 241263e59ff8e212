#include "api/well_known_labels.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tidepool::api {
namespace {

TEST(WellKnownLabelsTest, CoreSetMatchesKarpenter) {
  EXPECT_EQ(CoreWellKnownLabels().keys(),
            (std::vector<std::string>{
                "karpenter.sh/capacity-type", "karpenter.sh/nodepool", "kubernetes.io/arch",
                "kubernetes.io/os", "node.kubernetes.io/instance-type",
                "node.kubernetes.io/windows-build", "topology.kubernetes.io/region",
                "topology.kubernetes.io/zone"}));
  EXPECT_TRUE(RestrictedLabels().Has("kubernetes.io/hostname"));
  EXPECT_TRUE(WellKnownLabelsForOfferings().Has("karpenter.sh/capacity-type"));
  EXPECT_FALSE(WellKnownLabelsForOfferings().Has("kubernetes.io/arch"));
}

// Ported from karpenter pkg/apis/v1 labels.go NormalizedLabels (exercised by
// requirement_test.go "should normalize labels").
TEST(WellKnownLabelsTest, KarpenterNormalizedLabels) {
  EXPECT_EQ(NormalizeLabelKey("failure-domain.beta.kubernetes.io/zone"),
            "topology.kubernetes.io/zone");
  EXPECT_EQ(NormalizeLabelKey("failure-domain.beta.kubernetes.io/region"),
            "topology.kubernetes.io/region");
  EXPECT_EQ(NormalizeLabelKey("beta.kubernetes.io/arch"), "kubernetes.io/arch");
  EXPECT_EQ(NormalizeLabelKey("beta.kubernetes.io/os"), "kubernetes.io/os");
  EXPECT_EQ(NormalizeLabelKey("beta.kubernetes.io/instance-type"),
            "node.kubernetes.io/instance-type");
  EXPECT_EQ(NormalizeLabelKey("topology.kubernetes.io/zone"), "topology.kubernetes.io/zone");
  EXPECT_EQ(NormalizeLabelKey("capacity-spread"), "capacity-spread");
  EXPECT_EQ(NormalizedLabels().size(), 5u);
}

// Ported from karpenter nodepool_validation_cel_test.go (restricted domains and labels, allowed
// kubernetes domains, kOps labels) against v1.IsRestrictedLabel.
TEST(WellKnownLabelsTest, KarpenterIsRestrictedLabel) {
  for (const char* key : {"karpenter.sh/test", "karpenter.sh/unknown", "sub.karpenter.sh/test",
                          "kubernetes.io/hostname"}) {
    EXPECT_FALSE(IsRestrictedLabel(key).has_value()) << key;
  }
  for (const char* key :
       {"kubernetes.io/test", "k8s.io/test", "subdomain.kubernetes.io/test",
        "kops.k8s.io/instancegroup", "kops.k8s.io/gpu", "example.com/team", "team",
        "karpenter.shx/test", "notkarpenter.sh/test", "karpenter.sh/nodepool",
        "karpenter.sh/capacity-type", "topology.kubernetes.io/zone"}) {
    EXPECT_TRUE(IsRestrictedLabel(key).has_value()) << key;
  }
  EXPECT_EQ(IsRestrictedLabel("karpenter.sh/test").error().message(),
            "using label karpenter.sh/test is not allowed as it might interfere with the internal "
            "provisioning logic; specify a well known label: [karpenter.sh/capacity-type "
            "karpenter.sh/nodepool kubernetes.io/arch kubernetes.io/os "
            "node.kubernetes.io/instance-type node.kubernetes.io/windows-build "
            "topology.kubernetes.io/region topology.kubernetes.io/zone], or a custom label that "
            "does not use a restricted domain: [karpenter.sh]");
  // A provider's extended well-known set lets its labels through.
  LabelKeySet aws = CoreWellKnownLabels().Union({"karpenter.sh/custom-known"});
  EXPECT_TRUE(IsRestrictedLabel("karpenter.sh/custom-known", aws).has_value());
}

TEST(WellKnownLabelsTest, LabelKeySetAndDomains) {
  LabelKeySet set{"b", "a", "b"};
  EXPECT_EQ(set.keys(), (std::vector<std::string>{"a", "b"}));
  set.Insert("c");
  EXPECT_TRUE(set.Has("c"));
  EXPECT_FALSE(set.Has("d"));
  EXPECT_EQ(set.size(), 3u);
  EXPECT_EQ(GetLabelDomain("example.com/team"), "example.com");
  EXPECT_EQ(GetLabelDomain("team"), "");
  EXPECT_EQ(GetLabelDomain("a/b/c"), "a");
  ASSERT_NE(WellKnownValuesFor("karpenter.sh/capacity-type"), nullptr);
  EXPECT_TRUE(WellKnownValuesFor("karpenter.sh/capacity-type")->Has("reserved"));
  EXPECT_EQ(WellKnownValuesFor("kubernetes.io/arch"), nullptr);
}

}  // namespace
}  // namespace tidepool::api
