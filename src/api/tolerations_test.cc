#include "api/tolerations.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tidepool::api {
namespace {

Toleration Tol(std::string key, std::string op, std::string value, std::string effect,
               std::optional<int64_t> seconds = std::nullopt) {
  Toleration t;
  t.key = std::move(key);
  t.operator_ = std::move(op);
  t.value = std::move(value);
  t.effect = std::move(effect);
  t.toleration_seconds = seconds;
  return t;
}

Taint T(std::string key, std::string value, std::string effect) {
  Taint t;
  t.key = std::move(key);
  t.value = std::move(value);
  t.effect = std::move(effect);
  return t;
}

// Ported from k8s.io/api core/v1 toleration_test.go TestTolerationToleratesTaint.
TEST(TolerationsTest, UpstreamToleratesTaint) {
  struct Case {
    const char* description;
    Toleration toleration;
    Taint taint;
    bool tolerated;
    bool comparison_operators;
  };
  const std::vector<Case> cases = {
      {"same key and effect, Exists, taint without value", Tol("foo", "Exists", "", "NoSchedule"),
       T("foo", "", "NoSchedule"), true, false},
      {"same key and effect, Exists, taint with value", Tol("foo", "Exists", "", "NoSchedule"),
       T("foo", "bar", "NoSchedule"), true, false},
      {"empty key with Exists matches all taints", Tol("", "Exists", "", "NoSchedule"),
       T("foo", "bar", "NoSchedule"), true, false},
      {"same key, effect and value, Equal", Tol("foo", "Equal", "bar", "NoSchedule"),
       T("foo", "bar", "NoSchedule"), true, false},
      {"different values, Equal", Tol("foo", "Equal", "value1", "NoSchedule"),
       T("foo", "value2", "NoSchedule"), false, false},
      {"different effects, Equal", Tol("foo", "Equal", "bar", "NoSchedule"),
       T("foo", "bar", "NoExecute"), false, false},
      {"Gt, taint value below", Tol("node.kubernetes.io/sla", "Gt", "950", "NoSchedule"),
       T("node.kubernetes.io/sla", "800", "NoSchedule"), false, true},
      {"Gt, taint value above", Tol("node.kubernetes.io/sla", "Gt", "750", "NoSchedule"),
       T("node.kubernetes.io/sla", "950", "NoSchedule"), true, true},
      {"Lt, taint value above", Tol("node.kubernetes.io/sla", "Lt", "800", "NoSchedule"),
       T("node.kubernetes.io/sla", "950", "NoSchedule"), false, true},
      {"Lt, taint value below", Tol("node.kubernetes.io/sla", "Lt", "950", "NoSchedule"),
       T("node.kubernetes.io/sla", "800", "NoSchedule"), true, true},
      {"Gt, equal values", Tol("node.kubernetes.io/sla", "Gt", "950", "NoSchedule"),
       T("node.kubernetes.io/sla", "950", "NoSchedule"), false, true},
      {"Gt, non-numeric taint value", Tol("node.kubernetes.io/sla", "Gt", "950", "NoSchedule"),
       T("node.kubernetes.io/sla", "high", "NoSchedule"), false, true},
      {"Gt, negative values", Tol("test-key", "Gt", "-100", "NoSchedule"),
       T("test-key", "-200", "NoSchedule"), false, true},
      {"Gt, large int64", Tol("test-key", "Gt", "9223372036854775806", "NoSchedule"),
       T("test-key", "100", "NoSchedule"), false, true},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ToleratesTaint(c.toleration, c.taint, c.comparison_operators), c.tolerated)
        << c.description;
  }
}

// Comparison operators only match when the feature is enabled.
TEST(TolerationsTest, ComparisonOperatorsNeedTheFeature) {
  Toleration gt = Tol("sla", "Gt", "750", "NoSchedule");
  Taint high = T("sla", "950", "NoSchedule");
  EXPECT_TRUE(ToleratesTaint(gt, high, true));
  EXPECT_FALSE(ToleratesTaint(gt, high, false));
  EXPECT_FALSE(ToleratesTaint(Tol("sla", "Bogus", "950", ""), high));
  // The empty operator means Equal.
  EXPECT_TRUE(ToleratesTaint(Tol("sla", "", "950", ""), high));
  EXPECT_FALSE(ToleratesTaint(Tol("sla", "", "", ""), high));
  // An empty effect matches every effect; tolerationSeconds does not affect matching.
  EXPECT_TRUE(ToleratesTaint(Tol("sla", "Exists", "", "", 30), T("sla", "x", "NoExecute")));
  EXPECT_FALSE(ToleratesTaint(Tol("other", "Exists", "", ""), high));
}

// Ported from toleration_test.go TestCompareNumericValues (through ToleratesTaint).
TEST(TolerationsTest, UpstreamCompareNumericValues) {
  struct Case {
    const char* toleration;
    const char* taint;
    const char* op;
    bool want;
  };
  const std::vector<Case> cases = {
      {"100", "200", "Gt", true},
      {"200", "100", "Gt", false},
      {"100", "100", "Gt", false},
      {"-100", "-50", "Gt", true},
      {"-50", "-100", "Gt", false},
      {"0", "1", "Gt", true},
      {"9223372036854775806", "9223372036854775807", "Gt", true},
      {"200", "100", "Lt", true},
      {"100", "200", "Lt", false},
      {"100", "100", "Lt", false},
      {"-50", "-100", "Lt", true},
      {"-100", "-50", "Lt", false},
      {"0", "-1", "Lt", true},
      {"abc", "100", "Gt", false},
      {"", "100", "Gt", false},
      {"0100", "200", "Gt", false},
      {"+100", "200", "Gt", false},
      {"100.5", "200", "Gt", false},
      {"-", "100", "Gt", false},
      {"100", "xyz", "Gt", false},
      {"100", "", "Gt", false},
      {"100", "0200", "Gt", false},
      {"100", "+200", "Lt", false},
      {"100", " 200 ", "Lt", false},
      {"0", "0", "Gt", false},
      {"0", "0", "Lt", false},
      {"0", "9223372036854775807", "Gt", true},
      {"0", "-9223372036854775808", "Lt", true},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ToleratesTaint(Tol("k", c.op, c.toleration, ""), T("k", c.taint, "NoSchedule"), true),
              c.want)
        << c.op << " toleration=" << c.toleration << " taint=" << c.taint;
  }
  // Equal and Exists do not compare numerically ("100" == "100" still matches as Equal).
  EXPECT_FALSE(ToleratesTaint(Tol("k", "Equal", "100", ""), T("k", "0100", ""), true));
  // Values that overflow int64 never match.
  EXPECT_FALSE(ToleratesTaint(Tol("k", "Lt", "99999999999999999999", ""), T("k", "1", ""), true));
}

// Ported from core/v1 taint_test.go TestTaintToString and TestMatchTaint.
TEST(TolerationsTest, UpstreamTaintToStringAndMatchTaint) {
  EXPECT_EQ(TaintToString(T("foo", "bar", "NoSchedule")), "foo=bar:NoSchedule");
  EXPECT_EQ(TaintToString(T("foo", "", "NoSchedule")), "foo:NoSchedule");
  EXPECT_EQ(TaintToString(T("foo", "", "")), "foo");
  EXPECT_EQ(TaintToString(T("foo", "bar", "")), "foo=bar:");

  EXPECT_TRUE(MatchTaint(T("foo", "bar", "NoSchedule"), T("foo", "bar", "NoSchedule")));
  EXPECT_TRUE(MatchTaint(T("foo", "bar", "NoSchedule"), T("foo", "different-value", "NoSchedule")));
  EXPECT_FALSE(MatchTaint(T("foo", "bar", "NoSchedule"), T("different-key", "bar", "NoSchedule")));
  EXPECT_FALSE(MatchTaint(T("foo", "bar", "NoSchedule"), T("foo", "bar", "PreferNoSchedule")));
}

TEST(TolerationsTest, MatchToleration) {
  EXPECT_TRUE(MatchToleration(Tol("k", "Equal", "v", "NoSchedule", 5),
                              Tol("k", "Equal", "v", "NoSchedule", 10)));
  EXPECT_FALSE(
      MatchToleration(Tol("k", "Equal", "v", "NoSchedule"), Tol("k", "", "v", "NoSchedule")));
  EXPECT_FALSE(
      MatchToleration(Tol("k", "Equal", "v", "NoSchedule"), Tol("k", "Equal", "w", "NoSchedule")));
  EXPECT_FALSE(MatchToleration(Tol("k", "Equal", "v", "NoSchedule"), Tol("k", "Equal", "v", "")));
}

// Ported from k8s.io/component-helpers scheduling/corev1 helpers_test.go
// TestFindMatchingUntoleratedTaint.
TEST(TolerationsTest, UpstreamFindMatchingUntoleratedTaint) {
  auto all = [](const Taint&) { return true; };
  auto none = [](const Taint&) { return false; };
  auto no_execute = [](const Taint& t) { return t.effect == "NoExecute"; };
  struct Case {
    const char* description;
    std::vector<Toleration> tolerations;
    std::vector<Taint> taints;
    std::function<bool(const Taint&)> filter;
    bool tolerated;
    bool comparison_operators;
  };
  const std::vector<Case> cases = {
      {"empty tolerations tolerate empty taints", {}, {}, all, true, false},
      {"non-empty tolerations tolerate empty taints",
       {Tol("foo", "Exists", "", "NoSchedule")},
       {},
       all,
       true,
       false},
      {"tolerations match all taints",
       {Tol("foo", "Exists", "", "NoSchedule")},
       {T("foo", "", "NoSchedule")},
       all,
       true,
       false},
      {"no taint passes the filter",
       {Tol("foo", "Exists", "", "NoSchedule")},
       {T("bar", "", "NoSchedule")},
       none,
       true,
       false},
      {"no filter: every taint applies",
       {Tol("foo", "Exists", "", "NoSchedule")},
       {T("bar", "", "NoSchedule")},
       nullptr,
       false,
       false},
      {"tolerations match the filtered taints",
       {Tol("foo", "Exists", "", "NoExecute")},
       {T("foo", "", "NoExecute"), T("bar", "", "NoSchedule")},
       no_execute,
       true,
       false},
      {"Gt with taint value below",
       {Tol("node.kubernetes.io/sla", "Gt", "950", "NoSchedule")},
       {T("node.kubernetes.io/sla", "800", "NoSchedule")},
       all,
       false,
       true},
      {"Gt with taint value above",
       {Tol("node.kubernetes.io/sla", "Gt", "750", "NoSchedule")},
       {T("node.kubernetes.io/sla", "950", "NoSchedule")},
       all,
       true,
       true},
      {"Lt with taint value above",
       {Tol("node.kubernetes.io/sla", "Lt", "800", "NoSchedule")},
       {T("node.kubernetes.io/sla", "950", "NoSchedule")},
       all,
       false,
       true},
      {"Gt with non-numeric taint",
       {Tol("node.kubernetes.io/sla", "Gt", "950", "NoSchedule")},
       {T("node.kubernetes.io/sla", "high", "NoSchedule")},
       all,
       false,
       true},
  };
  for (const Case& c : cases) {
    std::optional<Taint> untolerated =
        FindMatchingUntoleratedTaint(c.taints, c.tolerations, c.filter, c.comparison_operators);
    EXPECT_EQ(!untolerated.has_value(), c.tolerated) << c.description;
  }
  std::vector<Taint> taints = {T("a", "", "PreferNoSchedule"), T("b", "", "NoSchedule"),
                               T("c", "", "NoExecute")};
  std::optional<Taint> first = FindMatchingUntoleratedTaint(taints, {}, IsDoNotScheduleTaint);
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->key, "b");
  EXPECT_TRUE(
      TolerationsTolerateTaint(std::vector<Toleration>{Tol("", "Exists", "", "")}, taints[2]));
}

// Ported from karpenter pkg/scheduling/taints_test.go IsKnownEphemeralTaint.
TEST(TolerationsTest, KarpenterIsKnownEphemeralTaint) {
  EXPECT_TRUE(IsKnownEphemeralTaint(T("node.kubernetes.io/not-ready", "", "NoSchedule")));
  EXPECT_TRUE(IsKnownEphemeralTaint(T("readiness.k8s.io/my-rule", "", "NoSchedule")));
  EXPECT_TRUE(IsKnownEphemeralTaint(T("readiness.k8s.io/another", "", "NoExecute")));
  EXPECT_FALSE(IsKnownEphemeralTaint(T("example.com/some-taint", "", "NoSchedule")));
  EXPECT_FALSE(IsKnownEphemeralTaint(T("foo/readiness.k8s.io/bar", "", "NoSchedule")));
  EXPECT_TRUE(IsKnownEphemeralTaint(T("karpenter.sh/unregistered", "", "NoExecute")));
  EXPECT_TRUE(IsKnownEphemeralTaint(
      T("node.cloudprovider.kubernetes.io/uninitialized", "true", "NoSchedule")));
  EXPECT_FALSE(IsKnownEphemeralTaint(T("node.kubernetes.io/unreachable", "", "NoExecute")));
}

TEST(TolerationsTest, KarpenterTaintsToleratedAndMerge) {
  std::vector<Taint> taints = {T("gpu", "true", "NoSchedule"), T("team", "", "NoSchedule")};
  EXPECT_TRUE(TaintsTolerated(taints, std::vector<Toleration>{Tol("", "Exists", "", "")}));
  Status s = TaintsTolerated(taints, std::vector<Toleration>{Tol("gpu", "Equal", "true", "")});
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().message(), "did not tolerate taint team:NoSchedule");
  Status both = TaintsTolerated(taints, {});
  ASSERT_FALSE(both.has_value());
  EXPECT_EQ(both.error().message(),
            "did not tolerate taint gpu=true:NoSchedule; did not tolerate taint team:NoSchedule");
  // Karpenter enables the comparison operators.
  EXPECT_TRUE(TaintsTolerated(std::vector<Taint>{T("sla", "950", "NoSchedule")},
                              std::vector<Toleration>{Tol("sla", "Gt", "900", "")}));

  std::vector<Taint> merged = MergeTaints(
      taints, std::vector<Taint>{T("gpu", "false", "NoSchedule"), T("gpu", "", "NoExecute")});
  ASSERT_EQ(merged.size(), 3u);
  EXPECT_EQ(merged[0].value, "true");  // the existing taint wins
  EXPECT_EQ(merged[2].effect, "NoExecute");
}

// Ported from k8s.io/kubernetes pkg/apis/core/validation/validation_test.go (the toleration
// cases of TestValidatePod: invalid key, unsupported operator, value with Exists, empty key
// without Exists, tolerationSeconds without NoExecute) plus the valid forms.
TEST(TolerationsTest, UpstreamValidateTolerations) {
  struct Case {
    Toleration toleration;
    std::string path;
    std::string message;  // empty: valid
  };
  const std::vector<Case> cases = {
      {Tol("foo", "Exists", "", "NoSchedule"), "", ""},
      {Tol("foo", "Equal", "bar", "NoSchedule"), "", ""},
      {Tol("foo", "", "bar", ""), "", ""},
      {Tol("", "Exists", "", ""), "", ""},
      {Tol("node.kubernetes.io/not-ready", "Exists", "", "NoExecute", 300), "", ""},
      {Tol("nospecialchars^=@", "Equal", "bar", "NoSchedule"), "spec.tolerations[0].key",
       "Invalid value: \"nospecialchars^=@\": name part must consist of alphanumeric characters"},
      {Tol("foo", "In", "bar", "NoSchedule"), "spec.tolerations[0].operator",
       "Unsupported value: \"In\": supported values: \"Equal\", \"Exists\""},
      {Tol("foo", "Exists", "bar", "NoSchedule"), "spec.tolerations[0].operator",
       "Invalid value: {\"key\":\"foo\",\"operator\":\"Exists\",\"value\":\"bar\",\"effect\":"
       "\"NoSchedule\"}: value must be empty when `operator` is 'Exists'"},
      {Tol("", "Equal", "bar", "NoSchedule"), "spec.tolerations[0].operator",
       "Invalid value: \"Equal\": operator must be Exists when `key` is empty, which means "
       "\"match all values and all keys\""},
      {Tol("node.kubernetes.io/not-ready", "Exists", "", "NoSchedule", 20),
       "spec.tolerations[0].effect",
       "Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set"},
      {Tol("foo", "Equal", "-bar", ""), "spec.tolerations[0].operator",
       "Invalid value: \"-bar\": a valid label must be an empty string"},
      {Tol("foo", "Exists", "", "NoWay"), "spec.tolerations[0].effect",
       "Unsupported value: \"NoWay\": supported values: \"NoSchedule\", \"PreferNoSchedule\", "
       "\"NoExecute\""},
      {Tol("foo", "Gt", "5", ""), "spec.tolerations[0].operator",
       "Unsupported value: \"Gt\": supported values: \"Equal\", \"Exists\""},
  };
  for (const Case& c : cases) {
    FieldErrors errors;
    ValidateTolerations(std::vector<Toleration>{c.toleration}, "spec.tolerations", errors);
    if (c.message.empty()) {
      EXPECT_TRUE(errors.empty()) << errors.ToString();
    } else {
      ASSERT_EQ(errors.size(), 1u) << errors.ToString();
      EXPECT_EQ(errors.list()[0].path, c.path);
      EXPECT_EQ(errors.list()[0].message.rfind(c.message, 0), 0u) << errors.ToString();
    }
  }
  // With the alpha comparison operators allowed, Lt/Gt need a canonical integer value.
  FieldErrors comparison;
  ValidateTolerations(
      std::vector<Toleration>{Tol("sla", "Gt", "950", ""), Tol("sla", "Lt", "09", "")},
      "tolerations", comparison, /*allow_comparison_operators=*/true);
  ASSERT_EQ(comparison.size(), 1u) << comparison.ToString();
  EXPECT_TRUE(comparison.Contains("tolerations[1].value", "canonical form"));
}

// Ported from validation.go validateNodeTaints / validateTaintEffect behaviour.
TEST(TolerationsTest, UpstreamValidateTaints) {
  FieldErrors ok;
  ValidateTaints(std::vector<Taint>{T("a", "b", "NoSchedule"), T("a", "b", "NoExecute")},
                 "spec.taints", ok);
  EXPECT_TRUE(ok.empty()) << ok.ToString();

  FieldErrors errors;
  ValidateTaints(
      std::vector<Taint>{T("nospecialchars^=@", "bar", "NoSchedule"), T("k", "-bad", "NoSchedule"),
                         T("k2", "", ""), T("k3", "", "Bogus"), T("dup", "x", "NoSchedule"),
                         T("dup", "y", "NoSchedule")},
      "spec.taints", errors);
  EXPECT_TRUE(errors.Contains("spec.taints[0].key", "name part must consist of"))
      << errors.ToString();
  EXPECT_TRUE(errors.Contains("spec.taints[1].value", "Invalid value: \"-bad\": a valid label"));
  EXPECT_TRUE(errors.Contains("spec.taints[2].effect", "Required value"));
  EXPECT_TRUE(errors.Contains("spec.taints[3].effect",
                              "Unsupported value: \"Bogus\": supported values: \"NoSchedule\", "
                              "\"PreferNoSchedule\", \"NoExecute\""));
  EXPECT_TRUE(errors.Contains("spec.taints[5]",
                              "Duplicate value: {\"key\":\"dup\",\"value\":\"y\",\"effect\":"
                              "\"NoSchedule\"}: taints must be unique by key and effect pair"))
      << errors.ToString();
  EXPECT_EQ(errors.size(), 5u) << errors.ToString();
}

}  // namespace
}  // namespace tidepool::api
