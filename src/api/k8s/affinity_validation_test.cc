// Affinity and topology-spread validation, ported from k8s.io/kubernetes
// pkg/apis/core/validation/validation_test.go (TestValidatePod's affinity cases,
// TestValidateTopologySpreadConstraints, TestValidateNodeSelectorRequirement-style cases). The
// spec fragments are decoded from JSON as a user would write them.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "api/k8s/k8s_test_util.h"
#include "api/k8s/pod.h"

namespace tidepool::api {
namespace {

// Validates a pod whose spec is a valid minimal spec merged with `spec_patch`.
FieldErrors ValidateSpec(const char* spec_patch) {
  Json pod = Json::parse(R"({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
                              "spec": {"containers": [{"name": "c", "image": "i"}]}})");
  pod["spec"].merge_patch(Json::parse(spec_patch));
  Pod decoded = testing::MustDecode<Pod>(pod);
  SetDefaults(decoded);
  FieldErrors errors;
  Validate(decoded, errors);
  return errors;
}

struct Case {
  const char* name;
  const char* spec;
  const char* path;  // nullptr: must be valid
  const char* message;
};

void RunCases(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    FieldErrors errors = ValidateSpec(c.spec);
    if (c.path == nullptr) {
      EXPECT_TRUE(errors.empty()) << c.name << ": " << errors.ToString();
    } else {
      EXPECT_TRUE(errors.Contains(c.path, c.message))
          << c.name << ": want " << c.path << ": " << c.message << "\n got: " << errors.ToString();
    }
  }
}

constexpr const char* kNodeAffinity = "spec.affinity.nodeAffinity.";
std::string NA(const char* rest) { return std::string(kNodeAffinity) + rest; }

TEST(AffinityValidationTest, CoreNodeAffinity) {
  const std::string required = NA("requiredDuringSchedulingIgnoredDuringExecution.");
  const std::string term0 = required + "nodeSelectorTerms[0].matchExpressions[0].";
  const std::string values = term0 + "values";
  const std::string op = term0 + "operator";
  const std::string key = term0 + "key";
  const std::string terms = required + "nodeSelectorTerms";
  const std::string weight = NA("preferredDuringSchedulingIgnoredDuringExecution[0].weight");
  const std::string field0 = required + "nodeSelectorTerms[0].matchFields[0].";
  const std::string field_key = field0 + "key";
  const std::string field_values = field0 + "values";
  RunCases({
      {"valid Gt",
       R"({"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution":
          {"nodeSelectorTerms": [{"matchExpressions": [{"key": "n", "operator": "Gt", "values": ["4"]}]}]}}}})",
       nullptr, nullptr},
      {"invalid node selector requirement in node affinity, operator can't be null",
       R"({"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution":
          {"nodeSelectorTerms": [{"matchExpressions": [{"key": "key1", "operator": ""}]}]}}}})",
       op.c_str(), "Invalid value: \"\": not a valid selector operator"},
      {"In without values",
       R"({"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution":
          {"nodeSelectorTerms": [{"matchExpressions": [{"key": "key1", "operator": "In"}]}]}}}})",
       values.c_str(), "Required value: must be specified when `operator` is 'In' or 'NotIn'"},
      {"Exists with values",
       R"({"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution":
          {"nodeSelectorTerms": [{"matchExpressions": [{"key": "key1", "operator": "Exists", "values": ["a"]}]}]}}}})",
       values.c_str(),
       "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"},
      {"Gt with two values",
       R"({"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution":
          {"nodeSelectorTerms": [{"matchExpressions": [{"key": "key1", "operator": "Gt", "values": ["1", "2"]}]}]}}}})",
       values.c_str(), "must be specified single value when `operator` is 'Lt' or 'Gt'"},
      {"Lt without values",
       R"({"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution":
          {"nodeSelectorTerms": [{"matchExpressions": [{"key": "key1", "operator": "Lt"}]}]}}}})",
       values.c_str(), "must be specified single value"},
      {"invalid key",
       R"({"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution":
          {"nodeSelectorTerms": [{"matchExpressions": [{"key": "invalid key ___@#", "operator": "Exists"}]}]}}}})",
       key.c_str(), "Invalid value: \"invalid key ___@#\""},
      {"invalid requiredDuringSchedulingIgnoredDuringExecution node selector, nodeSelectorTerms "
       "must have at least one term",
       R"({"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution":
          {"nodeSelectorTerms": []}}}})",
       terms.c_str(), "Required value: must have at least one node selector term"},
      {"invalid weight in preferredDuringSchedulingIgnoredDuringExecution node affinity",
       R"({"affinity": {"nodeAffinity": {"preferredDuringSchedulingIgnoredDuringExecution":
          [{"weight": 199, "preference": {"matchExpressions": [{"key": "foo", "operator": "In", "values": ["bar"]}]}}]}}})",
       weight.c_str(), "Invalid value: 199: must be in the range 1-100"},
      {"zero weight in preferred node affinity",
       R"({"affinity": {"nodeAffinity": {"preferredDuringSchedulingIgnoredDuringExecution":
          [{"weight": 0, "preference": {}}]}}})",
       weight.c_str(), "must be in the range 1-100"},
      {"invalid node field selector key",
       R"({"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution":
          {"nodeSelectorTerms": [{"matchFields": [{"key": "metadata.namespace", "operator": "In", "values": ["ns"]}]}]}}}})",
       field_key.c_str(), "not a valid field selector key"},
      {"invalid node field selector, more values",
       R"({"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution":
          {"nodeSelectorTerms": [{"matchFields": [{"key": "metadata.name", "operator": "In", "values": ["host1", "host2"]}]}]}}}})",
       field_values.c_str(),
       "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"},
  });
  // Preferred terms may carry values that are not valid label values; required terms may not.
  RunCases({{"preferred invalid value allowed",
             R"({"affinity": {"nodeAffinity": {"preferredDuringSchedulingIgnoredDuringExecution":
           [{"weight": 1, "preference": {"matchExpressions": [{"key": "k", "operator": "In", "values": ["-bad-"]}]}}]}}})",
             nullptr, nullptr},
            {"required invalid value",
             R"({"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution":
           {"nodeSelectorTerms": [{"matchExpressions": [{"key": "k", "operator": "In", "values": ["-bad-"]}]}]}}}})",
             (values + "[0]").c_str(), "Invalid value: \"-bad-\""}});
}

TEST(AffinityValidationTest, CorePodAffinity) {
  const std::string required =
      "spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].";
  const std::string anti =
      "spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].";
  RunCases({
      {"invalid hard pod affinity, empty topologyKey",
       R"({"affinity": {"podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution":
          [{"labelSelector": {"matchLabels": {"a": "b"}}, "topologyKey": ""}]}}})",
       (required + "topologyKey").c_str(), "Required value: can not be empty"},
      {"invalid labelSelector in pod affinity",
       R"({"affinity": {"podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution":
          [{"labelSelector": {"matchExpressions": [{"key": "key2", "operator": "NotIn", "values": ["value1", "value2"]},
                                                   {"key": "key3", "operator": "Exists", "values": ["v"]}]},
            "topologyKey": "zone"}]}}})",
       (required + "labelSelector.matchExpressions[1].values").c_str(),
       "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"},
      {"invalid namespace in pod affinity",
       R"({"affinity": {"podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution":
          [{"labelSelector": {}, "namespaces": ["INVALID_NAMESPACE"], "topologyKey": "zone"}]}}})",
       (required + "namespace").c_str(), "Invalid value: \"INVALID_NAMESPACE\""},
      {"invalid weight in soft pod anti-affinity",
       R"({"affinity": {"podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution":
          [{"weight": -1, "podAffinityTerm": {"labelSelector": {}, "topologyKey": "zone"}}]}}})",
       (anti + "weight").c_str(), "Invalid value: -1: must be in the range 1-100"},
      {"invalid soft pod anti-affinity, empty topologyKey",
       R"({"affinity": {"podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution":
          [{"weight": 10, "podAffinityTerm": {"labelSelector": {}}}]}}})",
       (anti + "podAffinityTerm.topologyKey").c_str(), "can not be empty"},
      {"invalid namespaceSelector",
       R"({"affinity": {"podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution":
          [{"labelSelector": {}, "namespaceSelector": {"matchExpressions": [{"key": "k", "operator": "Bogus"}]},
            "topologyKey": "zone"}]}}})",
       (required + "namespaceSelector.matchExpressions[0].operator").c_str(),
       "not a valid selector operator"},
      {"matchLabelKeys without labelSelector",
       R"({"affinity": {"podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution":
          [{"topologyKey": "zone", "matchLabelKeys": ["pod-template-hash"]}]}}})",
       (required + "matchLabelKeys").c_str(),
       "Forbidden: must not be specified when labelSelector is not set"},
      {"key in both matchLabelKeys and mismatchLabelKeys",
       R"({"affinity": {"podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution":
          [{"weight": 1, "podAffinityTerm": {"labelSelector": {}, "topologyKey": "zone",
            "matchLabelKeys": ["samekey"], "mismatchLabelKeys": ["samekey"]}}]}}})",
       (anti + "podAffinityTerm.matchLabelKeys[0]").c_str(),
       "exists in both matchLabelKeys and mismatchLabelKeys"},
      {"invalid mismatchLabelKeys key",
       R"({"affinity": {"podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution":
          [{"weight": 1, "podAffinityTerm": {"labelSelector": {}, "topologyKey": "zone",
            "mismatchLabelKeys": ["/simple"]}}]}}})",
       (anti + "podAffinityTerm.mismatchLabelKeys[0]").c_str(), "Invalid value: \"/simple\""},
      {"valid pod affinity with matchLabelKeys",
       R"({"affinity": {"podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution":
          [{"labelSelector": {"matchLabels": {"app": "a"}}, "topologyKey": "zone",
            "matchLabelKeys": ["version"], "mismatchLabelKeys": ["tenant"]}]}}})",
       nullptr, nullptr},
  });
}

TEST(AffinityValidationTest, CoreValidateTopologySpreadConstraints) {
  const std::string c0 = "spec.topologySpreadConstraints[0].";
  const std::string c1 = "spec.topologySpreadConstraints[1].";
  RunCases({
      {"all required fields ok",
       R"({"topologySpreadConstraints": [{"maxSkew": 1, "topologyKey": "k8s.io/zone",
          "whenUnsatisfiable": "DoNotSchedule", "minDomains": 3}]})",
       nullptr, nullptr},
      {"missing MaxSkew",
       R"({"topologySpreadConstraints": [{"topologyKey": "k8s.io/zone", "whenUnsatisfiable": "DoNotSchedule"}]})",
       (c0 + "maxSkew").c_str(), "Invalid value: 0: must be greater than zero"},
      {"negative MaxSkew",
       R"({"topologySpreadConstraints": [{"maxSkew": -1, "topologyKey": "k8s.io/zone", "whenUnsatisfiable": "DoNotSchedule"}]})",
       (c0 + "maxSkew").c_str(), "Invalid value: -1: must be greater than zero"},
      {"can use MaxSkew more than 1",
       R"({"topologySpreadConstraints": [{"maxSkew": 2, "topologyKey": "k8s.io/zone", "whenUnsatisfiable": "DoNotSchedule"}]})",
       nullptr, nullptr},
      {"invalid MinDomains when WhenUnsatisfiable=ScheduleAnyway",
       R"({"topologySpreadConstraints": [{"maxSkew": 1, "topologyKey": "k8s.io/zone",
          "whenUnsatisfiable": "ScheduleAnyway", "minDomains": 3}]})",
       (c0 + "minDomains").c_str(),
       "Invalid value: 3: can only use minDomains if whenUnsatisfiable=DoNotSchedule, not "
       "ScheduleAnyway"},
      {"negative minDomains is invalid",
       R"({"topologySpreadConstraints": [{"maxSkew": 1, "topologyKey": "k8s.io/zone",
          "whenUnsatisfiable": "DoNotSchedule", "minDomains": -1}]})",
       (c0 + "minDomains").c_str(), "Invalid value: -1: must be greater than zero"},
      {"zero minDomains is invalid",
       R"({"topologySpreadConstraints": [{"maxSkew": 1, "topologyKey": "k8s.io/zone",
          "whenUnsatisfiable": "DoNotSchedule", "minDomains": 0}]})",
       (c0 + "minDomains").c_str(), "must be greater than zero"},
      {"missing TopologyKey",
       R"({"topologySpreadConstraints": [{"maxSkew": 1, "whenUnsatisfiable": "DoNotSchedule"}]})",
       (c0 + "topologyKey").c_str(), "Required value: can not be empty"},
      {"missing scheduling mode",
       R"({"topologySpreadConstraints": [{"maxSkew": 1, "topologyKey": "k8s.io/zone"}]})",
       (c0 + "whenUnsatisfiable").c_str(),
       "Unsupported value: \"\": supported values: \"DoNotSchedule\", \"ScheduleAnyway\""},
      {"unsupported scheduling mode",
       R"({"topologySpreadConstraints": [{"maxSkew": 1, "topologyKey": "k8s.io/zone", "whenUnsatisfiable": "N/A"}]})",
       (c0 + "whenUnsatisfiable").c_str(), "Unsupported value: \"N/A\""},
      {"multiple constraints ok with all required fields",
       R"({"topologySpreadConstraints": [
          {"maxSkew": 1, "topologyKey": "k8s.io/zone", "whenUnsatisfiable": "DoNotSchedule"},
          {"maxSkew": 2, "topologyKey": "k8s.io/node", "whenUnsatisfiable": "ScheduleAnyway"}]})",
       nullptr, nullptr},
      {"multiple constraints missing TopologyKey on partial ones",
       R"({"topologySpreadConstraints": [
          {"maxSkew": 1, "whenUnsatisfiable": "ScheduleAnyway"},
          {"maxSkew": 1, "topologyKey": "k8s.io/zone", "whenUnsatisfiable": "DoNotSchedule"}]})",
       (c0 + "topologyKey").c_str(), "can not be empty"},
      {"duplicate constraints",
       R"({"topologySpreadConstraints": [
          {"maxSkew": 1, "topologyKey": "k8s.io/zone", "whenUnsatisfiable": "DoNotSchedule"},
          {"maxSkew": 2, "topologyKey": "k8s.io/zone", "whenUnsatisfiable": "DoNotSchedule"}]})",
       (c0 + "{topologyKey, whenUnsatisfiable}").c_str(),
       "Duplicate value: \"{k8s.io/zone, DoNotSchedule}\""},
      {"supported policy name set on NodeAffinityPolicy and NodeTaintsPolicy",
       R"({"topologySpreadConstraints": [{"maxSkew": 1, "topologyKey": "k8s.io/zone",
          "whenUnsatisfiable": "DoNotSchedule", "nodeAffinityPolicy": "Honor", "nodeTaintsPolicy": "Ignore"}]})",
       nullptr, nullptr},
      {"invalid NodeAffinityPolicy",
       R"({"topologySpreadConstraints": [{"maxSkew": 1, "topologyKey": "k8s.io/zone",
          "whenUnsatisfiable": "DoNotSchedule", "nodeAffinityPolicy": "xyz"}]})",
       (c0 + "nodeAffinityPolicy").c_str(),
       "Unsupported value: \"xyz\": supported values: \"Honor\", \"Ignore\""},
      {"invalid NodeTaintsPolicy",
       R"({"topologySpreadConstraints": [{"maxSkew": 1, "topologyKey": "k8s.io/zone",
          "whenUnsatisfiable": "DoNotSchedule", "nodeTaintsPolicy": "xyz"}]})",
       (c0 + "nodeTaintsPolicy").c_str(), "Unsupported value: \"xyz\""},
      {"key in MatchLabelKeys isn't correctly defined",
       R"({"topologySpreadConstraints": [{"maxSkew": 1, "topologyKey": "k8s.io/zone",
          "whenUnsatisfiable": "DoNotSchedule", "labelSelector": {}, "matchLabelKeys": ["/simple"]}]})",
       (c0 + "matchLabelKeys[0]").c_str(), "Invalid value: \"/simple\""},
      {"key exists in both matchLabelKeys and labelSelector",
       R"({"topologySpreadConstraints": [{"maxSkew": 1, "topologyKey": "k8s.io/zone",
          "whenUnsatisfiable": "DoNotSchedule", "matchLabelKeys": ["foo"],
          "labelSelector": {"matchExpressions": [{"key": "foo", "operator": "NotIn", "values": ["value1", "value2"]}]}}]})",
       (c0 + "matchLabelKeys[0]").c_str(),
       "Invalid value: \"foo\": exists in both matchLabelKeys and labelSelector"},
      {"key in MatchLabelKeys is forbidden to be specified when labelSelector is not set",
       R"({"topologySpreadConstraints": [{"maxSkew": 1, "topologyKey": "k8s.io/zone",
          "whenUnsatisfiable": "DoNotSchedule", "matchLabelKeys": ["foo"]}]})",
       (c0 + "matchLabelKeys").c_str(),
       "Forbidden: must not be specified when labelSelector is not set"},
      {"invalid matchLabels set on labelSelector",
       R"({"topologySpreadConstraints": [{"maxSkew": 1, "topologyKey": "k8s.io/zone",
          "whenUnsatisfiable": "DoNotSchedule", "labelSelector": {"matchLabels": {"NoUppercaseOrSpecialCharsLike=Equals": "foo"}}}]})",
       (c0 + "labelSelector.matchLabels").c_str(),
       "Invalid value: \"NoUppercaseOrSpecialCharsLike=Equals\""},
      {"second constraint invalid",
       R"({"topologySpreadConstraints": [
          {"maxSkew": 1, "topologyKey": "k8s.io/zone", "whenUnsatisfiable": "DoNotSchedule"},
          {"maxSkew": 0, "topologyKey": "k8s.io/node", "whenUnsatisfiable": "DoNotSchedule"}]})",
       (c1 + "maxSkew").c_str(), "must be greater than zero"},
  });
  // Both negative minDomains and ScheduleAnyway are reported.
  FieldErrors errors = ValidateSpec(
      R"({"topologySpreadConstraints": [{"maxSkew": 1, "topologyKey": "k8s.io/zone",
          "whenUnsatisfiable": "ScheduleAnyway", "minDomains": -1}]})");
  EXPECT_EQ(errors.size(), 2u) << errors.ToString();
}

}  // namespace
}  // namespace tidepool::api
