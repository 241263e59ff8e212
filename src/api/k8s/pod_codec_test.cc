#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "api/k8s/k8s_test_util.h"
#include "api/k8s/pod.h"

namespace tidepool::api {
namespace {

using testing::DecodeJson;
using testing::MustDecode;
using testing::RoundTrip;

// A pod that uses typed fields, known-but-unmodelled fields and status fields tidepool ignores.
Json FullPod() {
  return Json::parse(R"({
    "apiVersion": "v1",
    "kind": "Pod",
    "metadata": {
      "name": "worker-0",
      "namespace": "jobs",
      "labels": {"app": "worker"},
      "annotations": {"karpenter.sh/do-not-disrupt": "true"}
    },
    "spec": {
      "volumes": [{"name": "scratch", "emptyDir": {}}],
      "initContainers": [
        {"name": "setup", "image": "busybox", "command": ["sh", "-c", "true"]},
        {"name": "proxy", "image": "envoy", "restartPolicy": "Always",
         "readinessProbe": {"httpGet": {"path": "/ready", "port": 9901}}}
      ],
      "containers": [{
        "name": "main",
        "image": "example.com/worker:1.2",
        "args": ["--queue", "orders"],
        "ports": [{"name": "http", "containerPort": 8080, "protocol": "TCP"},
                  {"containerPort": 9090, "hostPort": 9090, "protocol": "UDP", "hostIP": "10.0.0.1"}],
        "envFrom": [{"prefix": "DB_", "secretRef": {"name": "db-creds"}},
                    {"configMapRef": {"name": "settings", "optional": true}}],
        "env": [
          {"name": "QUEUE", "value": "orders"},
          {"name": "PASSWORD", "valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}}},
          {"name": "MODE", "valueFrom": {"configMapKeyRef": {"name": "settings", "key": "mode", "optional": false}}},
          {"name": "POD_IP", "valueFrom": {"fieldRef": {"fieldPath": "status.podIP"}}}
        ],
        "resources": {"requests": {"cpu": "250m", "memory": "64Mi"},
                      "limits": {"cpu": "1", "memory": "128Mi", "nvidia.com/gpu": "1"}},
        "volumeMounts": [{"name": "scratch", "mountPath": "/tmp"}],
        "livenessProbe": {"exec": {"command": ["true"]}, "periodSeconds": 5},
        "securityContext": {"runAsNonRoot": true},
        "imagePullPolicy": "IfNotPresent"
      }],
      "restartPolicy": "Always",
      "terminationGracePeriodSeconds": 45,
      "dnsPolicy": "ClusterFirst",
      "nodeSelector": {"kubernetes.io/arch": "arm64"},
      "serviceAccountName": "worker",
      "hostNetwork": true,
      "affinity": {
        "nodeAffinity": {
          "requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
            {"matchExpressions": [{"key": "karpenter.sh/capacity-type", "operator": "In", "values": ["spot"]}]}
          ]},
          "preferredDuringSchedulingIgnoredDuringExecution": [
            {"weight": 10, "preference": {"matchExpressions": [{"key": "zone", "operator": "In", "values": ["a"]}]}}
          ]
        },
        "podAffinity": {
          "requiredDuringSchedulingIgnoredDuringExecution": [
            {"labelSelector": {"matchLabels": {"app": "cache"}}, "topologyKey": "kubernetes.io/hostname",
             "namespaceSelector": {}}
          ]
        },
        "podAntiAffinity": {
          "preferredDuringSchedulingIgnoredDuringExecution": [
            {"weight": 100, "podAffinityTerm": {"labelSelector": {"matchExpressions": [
              {"key": "app", "operator": "In", "values": ["worker"]}]},
              "topologyKey": "topology.kubernetes.io/zone", "matchLabelKeys": ["pod-template-hash"]}}
          ]
        }
      },
      "schedulerName": "default-scheduler",
      "tolerations": [{"key": "dedicated", "operator": "Equal", "value": "jobs", "effect": "NoSchedule"},
                      {"operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300}],
      "priorityClassName": "high",
      "priority": 1000,
      "runtimeClassName": "gvisor",
      "preemptionPolicy": "Never",
      "overhead": {"cpu": "100m"},
      "topologySpreadConstraints": [{
        "maxSkew": 1, "topologyKey": "topology.kubernetes.io/zone", "whenUnsatisfiable": "DoNotSchedule",
        "labelSelector": {"matchLabels": {"app": "worker"}}, "minDomains": 3,
        "nodeAffinityPolicy": "Honor", "nodeTaintsPolicy": "Ignore", "matchLabelKeys": ["pod-template-hash"]
      }],
      "securityContext": {"fsGroup": 2000},
      "imagePullSecrets": [{"name": "registry"}],
      "enableServiceLinks": false,
      "schedulingGates": [{"name": "example.com/wait"}]
    },
    "status": {
      "phase": "Running",
      "conditions": [{"type": "Ready", "status": "True", "lastTransitionTime": "2026-01-01T00:00:00Z"},
                     {"type": "PodScheduled", "status": "True", "observedGeneration": 1}],
      "hostIP": "10.0.0.1",
      "podIP": "10.1.0.5",
      "podIPs": [{"ip": "10.1.0.5"}],
      "startTime": "2026-01-01T00:00:00Z",
      "nominatedNodeName": "node-a",
      "qosClass": "Burstable",
      "containerStatuses": [{"name": "main", "ready": true, "restartCount": 0}]
    }
  })");
}

TEST(PodCodecTest, RoundTripKeepsEveryField) {
  const Json input = FullPod();
  EXPECT_EQ(RoundTrip<Pod>(input), input);
}

TEST(PodCodecTest, DecodesTypedFields) {
  const Pod pod = MustDecode<Pod>(FullPod());
  EXPECT_EQ(pod.metadata.annotations.at(kDoNotDisruptAnnotation), "true");
  ASSERT_EQ(pod.spec.init_containers.size(), 2u);
  EXPECT_FALSE(pod.spec.init_containers[0].restart_policy.has_value());
  EXPECT_EQ(pod.spec.init_containers[1].restart_policy, "Always");
  const Container& main = pod.spec.containers.at(0);
  EXPECT_EQ(main.ports.at(1).host_port, 9090);
  EXPECT_EQ(main.ports.at(1).protocol, "UDP");
  EXPECT_EQ(main.resources.requests.at("cpu"), Quantity::MustParse("250m"));
  EXPECT_EQ(main.resources.limits.at("nvidia.com/gpu"), Quantity::MustParse("1"));
  ASSERT_TRUE(main.env.at(1).value_from.has_value());
  EXPECT_EQ(main.env.at(1).value_from->secret_key_ref->name, "db");
  EXPECT_EQ(main.env.at(1).value_from->secret_key_ref->key, "password");
  EXPECT_EQ(main.env.at(2).value_from->config_map_key_ref->optional, false);
  EXPECT_FALSE(main.env.at(3).value_from->secret_key_ref.has_value());
  EXPECT_EQ(main.env_from.at(0).prefix, "DB_");
  EXPECT_EQ(main.env_from.at(0).secret_ref->name, "db-creds");
  EXPECT_EQ(main.env_from.at(1).config_map_ref->optional, true);
  EXPECT_EQ(pod.spec.termination_grace_period_seconds, 45);
  EXPECT_TRUE(pod.spec.host_network);
  EXPECT_EQ(pod.spec.priority, 1000);
  EXPECT_EQ(pod.spec.runtime_class_name, "gvisor");
  EXPECT_EQ(pod.spec.preemption_policy, "Never");
  EXPECT_EQ(pod.spec.overhead.at("cpu"), Quantity::MustParse("100m"));
  const Affinity& affinity = *pod.spec.affinity;
  EXPECT_EQ(affinity.node_affinity->required_during_scheduling_ignored_during_execution
                ->node_selector_terms.at(0)
                .match_expressions.at(0)
                .values,
            std::vector<std::string>{"spot"});
  const PodAffinityTerm& required =
      affinity.pod_affinity->required_during_scheduling_ignored_during_execution.at(0);
  ASSERT_TRUE(required.namespace_selector.has_value());  // present and empty: all namespaces
  EXPECT_TRUE(required.namespace_selector->match_labels.empty());
  EXPECT_EQ(
      affinity.pod_anti_affinity->preferred_during_scheduling_ignored_during_execution.at(0).weight,
      100);
  const TopologySpreadConstraint& spread = pod.spec.topology_spread_constraints.at(0);
  EXPECT_EQ(spread.min_domains, 3);
  EXPECT_EQ(spread.node_taints_policy, "Ignore");
  EXPECT_EQ(spread.match_label_keys, std::vector<std::string>{"pod-template-hash"});
  EXPECT_EQ(pod.spec.tolerations.at(1).toleration_seconds, 300);
  EXPECT_EQ(pod.status.phase, kPodRunning);
  EXPECT_EQ(pod.status.nominated_node_name, "node-a");
  EXPECT_EQ(pod.status.start_time, "2026-01-01T00:00:00Z");
  EXPECT_EQ(pod.status.conditions.at(0).type, kPodReady);
}

TEST(PodCodecTest, TypoInPodSpecIsAnUnknownFieldWithSuggestion) {
  Json input = FullPod();
  input["spec"]["tolerationz"] = input["spec"]["tolerations"];
  FieldErrors errors;
  DecodeJson<Pod>(input, errors);
  EXPECT_TRUE(errors.Contains("spec.tolerationz", "unknown field; did you mean \"tolerations\"?"))
      << errors.ToString();
  EXPECT_EQ(errors.size(), 1u);
}

TEST(PodCodecTest, TypoInContainerSuggestsUnmodelledField) {
  Json input = FullPod();
  input["spec"]["containers"][0]["imagePullPolicyy"] = "Always";
  input["spec"]["containers"][0]["readinesProbe"] = Json::object();
  FieldErrors errors;
  DecodeJson<Pod>(input, errors);
  EXPECT_TRUE(
      errors.Contains("spec.containers[0].imagePullPolicyy", "did you mean \"imagePullPolicy\"?"))
      << errors.ToString();
  EXPECT_TRUE(
      errors.Contains("spec.containers[0].readinesProbe", "did you mean \"readinessProbe\"?"))
      << errors.ToString();
}

TEST(PodCodecTest, TypoInNestedAffinityIsReportedWithPath) {
  Json input = FullPod();
  input["spec"]["affinity"]["podAntiAffinity"]["preferredDuringSchedulingIgnoredDuringExecution"][0]
       ["podAffinityTerm"]["topologyKeys"] = "x";
  FieldErrors errors;
  DecodeJson<Pod>(input, errors);
  EXPECT_TRUE(errors.Contains(
      "spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0]."
      "podAffinityTerm.topologyKeys",
      "did you mean \"topologyKey\"?"))
      << errors.ToString();
}

// Every field of core/v1 PodSpec (k8s.io/api, current) must be accepted: a missing name would
// reject valid manifests.
TEST(PodCodecTest, AcceptsEveryUpstreamPodSpecField) {
  const Json spec = Json::parse(R"({
    "volumes": [], "initContainers": [], "containers": [{"name": "c", "image": "i"}],
    "ephemeralContainers": [], "restartPolicy": "Always", "terminationGracePeriodSeconds": 1,
    "activeDeadlineSeconds": 5, "dnsPolicy": "ClusterFirst", "nodeSelector": {},
    "serviceAccountName": "sa", "serviceAccount": "sa", "automountServiceAccountToken": false,
    "nodeName": "n", "hostNetwork": false, "hostPID": false, "hostIPC": false,
    "shareProcessNamespace": true, "securityContext": {}, "imagePullSecrets": [],
    "hostname": "h", "subdomain": "s", "affinity": {}, "schedulerName": "s", "tolerations": [],
    "hostAliases": [], "priorityClassName": "p", "priority": 1, "dnsConfig": {},
    "readinessGates": [], "runtimeClassName": "r", "enableServiceLinks": true,
    "preemptionPolicy": "Never", "overhead": {}, "topologySpreadConstraints": [],
    "setHostnameAsFQDN": true, "os": {"name": "linux"}, "hostUsers": true, "schedulingGates": [],
    "resourceClaims": [], "resources": {}, "hostnameOverride": "h", "schedulingGroup": {},
    "evictionResponders": []
  })");
  FieldErrors errors;
  DecodeJson<PodSpec>(spec, errors);
  EXPECT_TRUE(errors.empty()) << errors.ToString();
}

TEST(PodCodecTest, AcceptsEveryUpstreamContainerField) {
  const Json container = Json::parse(R"({
    "name": "c", "image": "i", "command": [], "args": [], "workingDir": "/", "ports": [],
    "envFrom": [], "env": [], "resources": {"claims": [{"name": "gpu"}]}, "resizePolicy": [],
    "restartPolicy": "Always", "restartPolicyRules": [], "volumeMounts": [], "volumeDevices": [],
    "livenessProbe": {}, "readinessProbe": {}, "startupProbe": {}, "lifecycle": {},
    "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File",
    "imagePullPolicy": "Always", "securityContext": {}, "stdin": false, "stdinOnce": false,
    "tty": false
  })");
  FieldErrors errors;
  DecodeJson<Container>(container, errors);
  EXPECT_TRUE(errors.empty()) << errors.ToString();
}

TEST(PodCodecTest, AcceptsEveryEnvSourceField) {
  const Json env = Json::parse(R"([
    {"name": "A", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.name"}}},
    {"name": "B", "valueFrom": {"resourceFieldRef": {"containerName": "c", "resource": "limits.cpu", "divisor": "1m"}}},
    {"name": "C", "valueFrom": {"fileKeyRef": {"volumeName": "v", "path": "p", "key": "k", "optional": true}}}
  ])");
  FieldErrors errors;
  std::vector<EnvVar> vars;
  DecodeInto(env, "env", vars, errors);
  EXPECT_TRUE(errors.empty()) << errors.ToString();
  EXPECT_EQ(Encode(vars), env);
}

TEST(PodCodecTest, WrongTypesAreReportedAndDecodingGoesOn) {
  const Json input = Json::parse(R"({
    "apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
    "spec": {"containers": "main", "priority": "high", "hostNetwork": "yes",
             "terminationGracePeriodSeconds": 30,
             "overhead": {"cpu": "lots"}}
  })");
  FieldErrors errors;
  const Pod pod = DecodeJson<Pod>(input, errors);
  EXPECT_TRUE(errors.Contains("spec.containers", "must be of type array")) << errors.ToString();
  EXPECT_TRUE(errors.Contains("spec.priority", "must be of type integer")) << errors.ToString();
  EXPECT_TRUE(errors.Contains("spec.hostNetwork", "must be of type boolean")) << errors.ToString();
  EXPECT_TRUE(errors.Contains("spec.overhead[cpu]", "Invalid value: \"lots\""))
      << errors.ToString();
  EXPECT_EQ(pod.spec.termination_grace_period_seconds, 30);  // the rest still decodes
}

TEST(PodCodecTest, StatusIsLenient) {
  const Json input = Json::parse(R"({
    "apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
    "spec": {"containers": [{"name": "c", "image": "i"}]},
    "status": {"phase": "Pending", "someFutureField": {"x": 1},
               "conditions": [{"type": "PodScheduled", "status": "False", "reason": "Unschedulable",
                               "futureConditionField": true}]}
  })");
  FieldErrors errors;
  const Pod pod = DecodeJson<Pod>(input, errors);
  EXPECT_TRUE(errors.empty()) << errors.ToString();
  EXPECT_EQ(pod.status.conditions.at(0).reason, kPodReasonUnschedulable);
  EXPECT_EQ(Encode(pod), input);
}

TEST(PodCodecTest, TemplateRoundTripAndCloneEquality) {
  const Json tmpl = Json::parse(R"({
    "metadata": {"labels": {"app": "a"}, "annotations": {"x": "y"}},
    "spec": {"containers": [{"name": "c", "image": "i", "resources": {"limits": {"memory": "1Gi"}}}],
             "nodeSelector": {"pool": "general"}}
  })");
  EXPECT_EQ(RoundTrip<PodTemplateSpec>(tmpl), tmpl);

  Pod pod = MustDecode<Pod>(FullPod());
  std::unique_ptr<Object> copy = pod.Clone();
  EXPECT_EQ(static_cast<const Pod&>(*copy), pod);
  pod.spec.containers[0].image = "other";
  EXPECT_FALSE(static_cast<const Pod&>(*copy) == pod);
  EXPECT_EQ(copy->DisplayName(), "Pod/worker-0");
}

}  // namespace
}  // namespace tidepool::api
