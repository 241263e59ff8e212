// apps/v1 workloads: round-trips, defaults ported from k8s.io/kubernetes
// pkg/apis/apps/v1/defaults_test.go, and validation cases ported from
// pkg/apis/apps/validation/validation_test.go (TestValidateDeployment, TestValidateReplicaSet,
// TestValidateStatefulSet, TestValidateDaemonSet, TestValidateDaemonSetUpdateStrategy,
// TestValidateRollingUpdateDeployment...).
#include "api/k8s/workloads.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "api/k8s/k8s_test_util.h"

namespace tidepool::api {
namespace {

using testing::MustDecode;
using testing::RoundTrip;

const char* kDeployment = R"({
  "apiVersion": "apps/v1",
  "kind": "Deployment",
  "metadata": {"name": "web", "namespace": "default", "labels": {"app": "web"}},
  "spec": {
    "replicas": 3,
    "selector": {"matchLabels": {"app": "web"}},
    "template": {
      "metadata": {"labels": {"app": "web"}},
      "spec": {"containers": [{"name": "web", "image": "nginx:1.27",
                               "resources": {"requests": {"cpu": "500m", "memory": "256Mi"}}}]}
    },
    "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 0, "maxSurge": "50%"}},
    "minReadySeconds": 5,
    "progressDeadlineSeconds": 900
  },
  "status": {"observedGeneration": 2, "replicas": 3, "readyReplicas": 3, "availableReplicas": 3,
             "updatedReplicas": 3, "collisionCount": 1,
             "conditions": [{"type": "Available", "status": "True", "lastUpdateTime": "2026-01-01T00:00:00Z",
                             "lastTransitionTime": "2026-01-01T00:00:00Z", "reason": "MinimumReplicasAvailable"}]}
})";

const char* kStatefulSet = R"({
  "apiVersion": "apps/v1",
  "kind": "StatefulSet",
  "metadata": {"name": "db"},
  "spec": {
    "serviceName": "db",
    "replicas": 2,
    "selector": {"matchLabels": {"app": "db"}},
    "template": {"metadata": {"labels": {"app": "db"}},
                 "spec": {"containers": [{"name": "pg", "image": "postgres:17",
                                          "volumeMounts": [{"name": "data", "mountPath": "/var/lib/postgresql"}]}]}},
    "volumeClaimTemplates": [{"metadata": {"name": "data"},
                              "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "10Gi"}}}}],
    "podManagementPolicy": "Parallel",
    "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"partition": 1, "maxUnavailable": "50%"}},
    "persistentVolumeClaimRetentionPolicy": {"whenDeleted": "Delete", "whenScaled": "Retain"},
    "ordinals": {"start": 1}
  }
})";

const char* kDaemonSet = R"({
  "apiVersion": "apps/v1",
  "kind": "DaemonSet",
  "metadata": {"name": "node-exporter", "namespace": "monitoring"},
  "spec": {
    "selector": {"matchLabels": {"app": "node-exporter"}},
    "template": {"metadata": {"labels": {"app": "node-exporter"}},
                 "spec": {"hostNetwork": true, "tolerations": [{"operator": "Exists"}],
                          "containers": [{"name": "exporter", "image": "prom/node-exporter",
                                          "ports": [{"containerPort": 9100, "hostPort": 9100}],
                                          "resources": {"requests": {"cpu": "50m", "memory": "30Mi"}}}]}},
    "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "10%"}}
  },
  "status": {"desiredNumberScheduled": 4, "numberReady": 4, "currentNumberScheduled": 4}
})";

const char* kReplicaSet = R"({
  "apiVersion": "apps/v1",
  "kind": "ReplicaSet",
  "metadata": {"name": "web-5d9c", "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment",
               "name": "web", "uid": "1234", "controller": true, "blockOwnerDeletion": true}]},
  "spec": {"replicas": 2, "selector": {"matchExpressions": [{"key": "app", "operator": "In", "values": ["web"]}]},
           "template": {"metadata": {"labels": {"app": "web", "pod-template-hash": "5d9c"}},
                        "spec": {"containers": [{"name": "web", "image": "nginx"}]}}},
  "status": {"replicas": 2, "fullyLabeledReplicas": 2}
})";

TEST(WorkloadsCodecTest, RoundTrips) {
  for (const char* text : {kDeployment, kStatefulSet, kDaemonSet, kReplicaSet}) {
    const Json input = Json::parse(text);
    const std::string kind = input["kind"];
    Json output;
    if (kind == "Deployment") output = RoundTrip<Deployment>(input);
    if (kind == "StatefulSet") output = RoundTrip<StatefulSet>(input);
    if (kind == "DaemonSet") output = RoundTrip<DaemonSet>(input);
    if (kind == "ReplicaSet") output = RoundTrip<ReplicaSet>(input);
    EXPECT_EQ(output, input) << kind;
  }
}

TEST(WorkloadsCodecTest, DecodesTypedFields) {
  const Deployment d = MustDecode<Deployment>(Json::parse(kDeployment));
  EXPECT_EQ(d.spec.replicas, 3);
  EXPECT_EQ(d.spec.selector->match_labels.at("app"), "web");
  EXPECT_EQ(d.spec.strategy.rolling_update->max_unavailable, IntOrString::Int(0));
  EXPECT_EQ(d.spec.strategy.rolling_update->max_surge, IntOrString::String("50%"));
  EXPECT_EQ(d.spec.template_.spec.containers.at(0).resources.requests.at("memory"),
            Quantity::MustParse("256Mi"));
  EXPECT_EQ(d.status.ready_replicas, 3);
  EXPECT_EQ(d.status.conditions.at(0).reason, "MinimumReplicasAvailable");

  const StatefulSet s = MustDecode<StatefulSet>(Json::parse(kStatefulSet));
  EXPECT_EQ(s.spec.pod_management_policy, kParallelPodManagement);
  EXPECT_EQ(s.spec.update_strategy.rolling_update->partition, 1);
  EXPECT_EQ(s.spec.update_strategy.rolling_update->max_unavailable, IntOrString::String("50%"));

  const DaemonSet ds = MustDecode<DaemonSet>(Json::parse(kDaemonSet));
  EXPECT_TRUE(ds.spec.template_.spec.host_network);
  EXPECT_EQ(ds.status.desired_number_scheduled, 4);
}

TEST(WorkloadsCodecTest, TypoInDeploymentSpec) {
  Json input = Json::parse(kDeployment);
  input["spec"]["replica"] = 2;
  input["spec"]["strategy"]["rollingUpdate"]["maxSurges"] = 1;
  FieldErrors errors;
  testing::DecodeJson<Deployment>(input, errors);
  EXPECT_TRUE(errors.Contains("spec.replica", "did you mean \"replicas\"?")) << errors.ToString();
  EXPECT_TRUE(
      errors.Contains("spec.strategy.rollingUpdate.maxSurges", "did you mean \"maxSurge\"?"))
      << errors.ToString();
}

// Ported from pkg/apis/apps/v1/defaults_test.go TestSetDefaultDeployment.
TEST(WorkloadsDefaultsTest, AppsV1SetDefaultDeployment) {
  Deployment d;
  SetDefaults(d);
  EXPECT_EQ(d.spec.replicas, 1);
  EXPECT_EQ(d.spec.strategy.type, kRollingUpdateStrategy);
  EXPECT_EQ(d.spec.strategy.rolling_update->max_unavailable, IntOrString::String("25%"));
  EXPECT_EQ(d.spec.strategy.rolling_update->max_surge, IntOrString::String("25%"));
  EXPECT_EQ(d.spec.revision_history_limit, 10);
  EXPECT_EQ(d.spec.progress_deadline_seconds, 600);
  EXPECT_EQ(d.spec.template_.spec.restart_policy, kRestartPolicyAlways);
  EXPECT_EQ(d.spec.template_.spec.termination_grace_period_seconds, 30);

  Deployment partial;
  partial.spec.replicas = 5;
  partial.spec.strategy.rolling_update.emplace();
  partial.spec.strategy.rolling_update->max_surge = IntOrString::Int(1);
  SetDefaults(partial);
  EXPECT_EQ(partial.spec.replicas, 5);
  EXPECT_EQ(partial.spec.strategy.rolling_update->max_surge, IntOrString::Int(1));
  EXPECT_EQ(partial.spec.strategy.rolling_update->max_unavailable, IntOrString::String("25%"));

  Deployment recreate;
  recreate.spec.strategy.type = kRecreateStrategy;
  recreate.spec.replicas = 0;
  recreate.spec.revision_history_limit = 3;
  SetDefaults(recreate);
  EXPECT_FALSE(recreate.spec.strategy.rolling_update.has_value());
  EXPECT_EQ(recreate.spec.replicas, 0);
  EXPECT_EQ(recreate.spec.revision_history_limit, 3);
}

// Ported from pkg/apis/apps/v1/defaults_test.go TestSetDefaultStatefulSet / ...ReplicaSet /
// TestSetDefaultDaemonSetSpec.
TEST(WorkloadsDefaultsTest, AppsV1SetDefaultOtherKinds) {
  StatefulSet s;
  SetDefaults(s);
  EXPECT_EQ(s.spec.replicas, 1);
  EXPECT_EQ(s.spec.pod_management_policy, kOrderedReadyPodManagement);
  EXPECT_EQ(s.spec.update_strategy.type, kRollingUpdateStrategy);
  EXPECT_EQ(s.spec.update_strategy.rolling_update->partition, 0);
  EXPECT_EQ(s.spec.revision_history_limit, 10);

  StatefulSet on_delete;
  on_delete.spec.update_strategy.type = kOnDeleteStrategy;
  SetDefaults(on_delete);
  EXPECT_FALSE(on_delete.spec.update_strategy.rolling_update.has_value());

  ReplicaSet r;
  SetDefaults(r);
  EXPECT_EQ(r.spec.replicas, 1);

  DaemonSet ds;
  SetDefaults(ds);
  EXPECT_EQ(ds.spec.update_strategy.type, kRollingUpdateStrategy);
  EXPECT_EQ(ds.spec.update_strategy.rolling_update->max_unavailable, IntOrString::Int(1));
  EXPECT_EQ(ds.spec.update_strategy.rolling_update->max_surge, IntOrString::Int(0));
  EXPECT_EQ(ds.spec.revision_history_limit, 10);

  // Defaulting then encoding shows the defaults, as `kubectl get -o yaml` would.
  DaemonSet decoded = MustDecode<DaemonSet>(Json::parse(kDaemonSet));
  SetDefaults(decoded);
  const Json out = Encode(decoded);
  EXPECT_EQ(out["spec"]["updateStrategy"]["rollingUpdate"],
            Json::parse(R"({"maxUnavailable": "10%", "maxSurge": 0})"));
  EXPECT_EQ(out["spec"]["revisionHistoryLimit"], 10);
  EXPECT_EQ(out["spec"]["template"]["spec"]["containers"][0]["ports"][0]["protocol"], "TCP");
}

// ---- Validation ---------------------------------------------------------------------------------

template <class T>
FieldErrors ValidateMutated(const char* manifest, const std::function<void(T&)>& mutate) {
  T object = MustDecode<T>(Json::parse(manifest));
  SetDefaults(object);
  mutate(object);
  FieldErrors errors;
  Validate(object, errors);
  return errors;
}

template <class T>
struct Case {
  const char* name;
  std::function<void(T&)> mutate;
  const char* path;
  const char* message;
};

template <class T>
void RunCases(const char* manifest, const std::vector<Case<T>>& cases) {
  for (const Case<T>& c : cases) {
    FieldErrors errors = ValidateMutated<T>(manifest, c.mutate);
    if (c.path == nullptr) {
      EXPECT_TRUE(errors.empty()) << c.name << ": " << errors.ToString();
    } else {
      EXPECT_TRUE(errors.Contains(c.path, c.message))
          << c.name << ": want " << c.path << ": " << c.message << "\n got: " << errors.ToString();
    }
  }
}

TEST(WorkloadsValidationTest, AppsValidateDeployment) {
  RunCases<Deployment>(
      kDeployment,
      {
          {"valid", [](Deployment&) {}, nullptr, nullptr},
          {"zero replicas is valid", [](Deployment& d) { d.spec.replicas = 0; }, nullptr, nullptr},
          {"missing name", [](Deployment& d) { d.metadata.name.clear(); }, "metadata.name",
           "Required value"},
          {"negative replicas", [](Deployment& d) { d.spec.replicas = -1; }, "spec.replicas",
           "Invalid value: -1: must be greater than or equal to 0"},
          {"missing selector", [](Deployment& d) { d.spec.selector.reset(); }, "spec.selector",
           "Required value"},
          {"empty selector", [](Deployment& d) { d.spec.selector = LabelSelector{}; },
           "spec.selector", "empty selector is invalid for deployment"},
          {"selector doesn't match",
           [](Deployment& d) {
             d.spec.selector->match_labels = {{"foo", "bar"}};
           },
           "spec.template.metadata.labels", "`selector` does not match template `labels`"},
          {"invalid selector label",
           [](Deployment& d) {
             d.spec.selector->match_labels = {{"NoUppercaseOrSpecialCharsLike=Equals", "b"}};
           },
           "spec.selector.matchLabels", "Invalid value"},
          {"restartPolicy OnFailure",
           [](Deployment& d) { d.spec.template_.spec.restart_policy = kRestartPolicyOnFailure; },
           "spec.template.spec.restartPolicy",
           "Unsupported value: \"OnFailure\": supported values: \"Always\""},
          {"activeDeadlineSeconds",
           [](Deployment& d) { d.spec.template_.spec.active_deadline_seconds = 10; },
           "spec.template.spec.activeDeadlineSeconds",
           "activeDeadlineSeconds in ReplicaSet is not Supported"},
          {"no containers", [](Deployment& d) { d.spec.template_.spec.containers.clear(); },
           "spec.template.spec.containers", "Required value"},
          {"invalid strategy type", [](Deployment& d) { d.spec.strategy.type = "randomType"; },
           "spec.strategy", "Unsupported value: \"randomType\""},
          {"Recreate with rollingUpdate",
           [](Deployment& d) { d.spec.strategy.type = kRecreateStrategy; },
           "spec.strategy.rollingUpdate",
           "Forbidden: may not be specified when strategy `type` is 'Recreate'"},
          {"maxUnavailable and maxSurge both 0",
           [](Deployment& d) {
             d.spec.strategy.rolling_update->max_unavailable = IntOrString::Int(0);
             d.spec.strategy.rolling_update->max_surge = IntOrString::String("0%");
           },
           "spec.strategy.rollingUpdate.maxUnavailable", "may not be 0 when `maxSurge` is 0"},
          {"invalid maxSurge percent",
           [](Deployment& d) {
             d.spec.strategy.rolling_update->max_surge = IntOrString::String("20Percent");
           },
           "spec.strategy.rollingUpdate.maxSurge",
           "a valid percent string must be a numeric string followed by an ending '%'"},
          {"maxUnavailable above 100%",
           [](Deployment& d) {
             d.spec.strategy.rolling_update->max_unavailable = IntOrString::String("110%");
           },
           "spec.strategy.rollingUpdate.maxUnavailable", "must not be greater than 100%"},
          {"negative maxSurge",
           [](Deployment& d) { d.spec.strategy.rolling_update->max_surge = IntOrString::Int(-1); },
           "spec.strategy.rollingUpdate.maxSurge", "must be greater than or equal to 0"},
          {"progressDeadlineSeconds not above minReadySeconds",
           [](Deployment& d) {
             d.spec.progress_deadline_seconds = 5;
             d.spec.min_ready_seconds = 5;
           },
           "spec.progressDeadlineSeconds", "must be greater than minReadySeconds"},
          {"negative minReadySeconds", [](Deployment& d) { d.spec.min_ready_seconds = -1; },
           "spec.minReadySeconds", "must be greater than or equal to 0"},
          {"negative revisionHistoryLimit",
           [](Deployment& d) { d.spec.revision_history_limit = -2; }, "spec.revisionHistoryLimit",
           "must be greater than or equal to 0"},
          {"invalid template label",
           [](Deployment& d) {
             d.spec.template_.metadata.labels["NoUppercaseOrSpecialCharsLike=Equals"] = "b";
           },
           "spec.template.labels", "Invalid value"},
      });
}

TEST(WorkloadsValidationTest, AppsValidateReplicaSet) {
  RunCases<ReplicaSet>(
      kReplicaSet,
      {
          {"valid", [](ReplicaSet&) {}, nullptr, nullptr},
          {"negative replicas", [](ReplicaSet& r) { r.spec.replicas = -1; }, "spec.replicas",
           "must be greater than or equal to 0"},
          {"missing selector", [](ReplicaSet& r) { r.spec.selector.reset(); }, "spec.selector",
           "Required value"},
          {"selector_doesnt_match",
           [](ReplicaSet& r) { r.spec.selector->match_expressions[0].values = {"other"}; },
           "spec.template.metadata.labels", "`selector` does not match template `labels`"},
          {"invalid_restart_policy",
           [](ReplicaSet& r) { r.spec.template_.spec.restart_policy = kRestartPolicyNever; },
           "spec.template.spec.restartPolicy", "Unsupported value: \"Never\""},
          {"invalid selector operator",
           [](ReplicaSet& r) { r.spec.selector->match_expressions[0].operator_ = "Within"; },
           "spec.selector.matchExpressions[0].operator", "not a valid selector operator"},
          {"zero-length ID", [](ReplicaSet& r) { r.metadata.name.clear(); }, "metadata.name",
           "name or generateName is required"},
      });
}

TEST(WorkloadsValidationTest, AppsValidateStatefulSet) {
  RunCases<StatefulSet>(
      kStatefulSet,
      {
          {"valid", [](StatefulSet&) {}, nullptr, nullptr},
          {"name must be a DNS label", [](StatefulSet& s) { s.metadata.name = "db.primary"; },
           "metadata.name", "must not contain dots"},
          {"empty selector", [](StatefulSet& s) { s.spec.selector = LabelSelector{}; },
           "spec.selector", "empty selector is invalid for statefulset"},
          {"missing selector", [](StatefulSet& s) { s.spec.selector.reset(); }, "spec.selector",
           "Required value"},
          {"selector_doesnt_match",
           [](StatefulSet& s) {
             s.spec.selector->match_labels = {{"foo", "bar"}};
           },
           "spec.template.metadata.labels", "`selector` does not match template `labels`"},
          {"negative_replicas", [](StatefulSet& s) { s.spec.replicas = -1; }, "spec.replicas",
           "must be greater than or equal to 0"},
          {"invalid restart policy 1",
           [](StatefulSet& s) { s.spec.template_.spec.restart_policy = kRestartPolicyOnFailure; },
           "spec.template.spec.restartPolicy", "Unsupported value: \"OnFailure\""},
          {"invalid podManagementPolicy",
           [](StatefulSet& s) { s.spec.pod_management_policy = "Foo"; }, "spec.podManagementPolicy",
           "must be 'OrderedReady' or 'Parallel'"},
          {"invalid update strategy", [](StatefulSet& s) { s.spec.update_strategy.type = "Foo"; },
           "spec.updateStrategy", "must be 'RollingUpdate' or 'OnDelete'"},
          {"OnDelete with rollingUpdate",
           [](StatefulSet& s) { s.spec.update_strategy.type = kOnDeleteStrategy; },
           "spec.updateStrategy.rollingUpdate", "only allowed for updateStrategy 'RollingUpdate'"},
          {"negative partition",
           [](StatefulSet& s) { s.spec.update_strategy.rolling_update->partition = -1; },
           "spec.updateStrategy.rollingUpdate.partition", "must be greater than or equal to 0"},
          {"zero maxUnavailable",
           [](StatefulSet& s) {
             s.spec.update_strategy.rolling_update->max_unavailable = IntOrString::Int(0);
           },
           "spec.updateStrategy.rollingUpdate.maxUnavailable", "cannot be 0"},
          {"maxUnavailable above 100%",
           [](StatefulSet& s) {
             s.spec.update_strategy.rolling_update->max_unavailable = IntOrString::String("101%");
           },
           "spec.updateStrategy.rollingUpdate.maxUnavailable", "must not be greater than 100%"},
      });
}

TEST(WorkloadsValidationTest, AppsValidateDaemonSet) {
  RunCases<DaemonSet>(
      kDaemonSet,
      {
          {"valid", [](DaemonSet&) {}, nullptr, nullptr},
          {"missing selector never matches", [](DaemonSet& d) { d.spec.selector.reset(); },
           "spec.template.metadata.labels", "`selector` does not match template `labels`"},
          {"empty selector", [](DaemonSet& d) { d.spec.selector = LabelSelector{}; },
           "spec.selector", "empty selector is invalid for daemonset"},
          {"selector_doesnt_match",
           [](DaemonSet& d) {
             d.spec.selector->match_labels = {{"foo", "bar"}};
           },
           "spec.template.metadata.labels", "`selector` does not match template `labels`"},
          {"invalid restart policy",
           [](DaemonSet& d) { d.spec.template_.spec.restart_policy = kRestartPolicyNever; },
           "spec.template.spec.restartPolicy", "Unsupported value: \"Never\""},
          {"invalid update strategy", [](DaemonSet& d) { d.spec.update_strategy.type = "Unknown"; },
           "spec.updateStrategy", "Unsupported value: \"Unknown\""},
          {"both maxSurge and maxUnavailable non-zero",
           [](DaemonSet& d) {
             d.spec.update_strategy.rolling_update->max_surge = IntOrString::String("10%");
           },
           "spec.updateStrategy.rollingUpdate.maxSurge",
           "may not be set when maxUnavailable is non-zero"},
          {"both zero",
           [](DaemonSet& d) {
             d.spec.update_strategy.rolling_update->max_unavailable = IntOrString::Int(0);
           },
           "spec.updateStrategy.rollingUpdate.maxUnavailable",
           "Required value: cannot be 0 when maxSurge is 0"},
          {"maxSurge only is valid",
           [](DaemonSet& d) {
             d.spec.update_strategy.rolling_update->max_unavailable = IntOrString::Int(0);
             d.spec.update_strategy.rolling_update->max_surge = IntOrString::Int(1);
           },
           nullptr, nullptr},
          {"maxUnavailable above 100%",
           [](DaemonSet& d) {
             d.spec.update_strategy.rolling_update->max_unavailable = IntOrString::String("150%");
           },
           "spec.updateStrategy.rollingUpdate.maxUnavailable", "must not be greater than 100%"},
          {"host port must match under hostNetwork (template)",
           [](DaemonSet& d) { d.spec.template_.spec.containers[0].ports[0].host_port = 9101; },
           "spec.template.spec.containers[0].ports[0].hostPort", "must match `containerPort`"},
      });
}

}  // namespace
}  // namespace tidepool::api
