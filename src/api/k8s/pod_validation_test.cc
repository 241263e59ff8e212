// Pod validation cases ported from k8s.io/kubernetes pkg/apis/core/validation/validation_test.go
// (TestValidateContainers, TestValidateInitContainers, TestValidateEnv, TestValidateEnvFrom,
// TestValidatePodSpec, TestValidateResourceRequirements, TestValidatePod): each case mutates a
// valid pod and expects an error at a field path with upstream's message.
#include <gtest/gtest.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "api/k8s/k8s_test_util.h"
#include "api/k8s/pod.h"

namespace tidepool::api {
namespace {

Quantity Q(const char* text) { return Quantity::MustParse(text); }

Pod ValidPod() {
  Pod pod;
  pod.api_version = "v1";
  pod.kind = "Pod";
  pod.metadata.name = "abc";
  pod.metadata.namespace_ = "default";
  Container c;
  c.name = "ctr";
  c.image = "image";
  pod.spec.containers.push_back(c);
  SetDefaults(pod);
  return pod;
}

FieldErrors ValidateMutated(const std::function<void(Pod&)>& mutate) {
  Pod pod = ValidPod();
  mutate(pod);
  FieldErrors errors;
  Validate(pod, errors);
  return errors;
}

struct ErrorCase {
  const char* name;
  std::function<void(Pod&)> mutate;
  const char* path;
  const char* message;
};

void ExpectErrors(const std::vector<ErrorCase>& cases) {
  for (const ErrorCase& c : cases) {
    FieldErrors errors = ValidateMutated(c.mutate);
    EXPECT_TRUE(errors.Contains(c.path, c.message))
        << c.name << ": want " << c.path << ": " << c.message << "\n got: " << errors.ToString();
  }
}

Container NamedContainer(const char* name) {
  Container c;
  c.name = name;
  c.image = "image";
  return c;
}

ContainerPort Port(int32_t container_port, int32_t host_port = 0, const char* protocol = "TCP") {
  ContainerPort p;
  p.container_port = container_port;
  p.host_port = host_port;
  p.protocol = protocol;
  return p;
}

TEST(PodValidationTest, ValidPodPasses) {
  FieldErrors errors;
  Validate(ValidPod(), errors);
  EXPECT_TRUE(errors.empty()) << errors.ToString();
}

// A pod that uses most typed features correctly validates cleanly.
TEST(PodValidationTest, RichValidPodPasses) {
  Pod pod = testing::MustDecode<Pod>(Json::parse(R"({
    "apiVersion": "v1", "kind": "Pod",
    "metadata": {"generateName": "worker-", "labels": {"app": "w"},
                 "annotations": {"karpenter.sh/do-not-disrupt": "true"}},
    "spec": {
      "initContainers": [{"name": "proxy", "image": "envoy", "restartPolicy": "Always",
                          "readinessProbe": {"tcpSocket": {"port": 80}}}],
      "containers": [{"name": "main", "image": "w:1",
        "ports": [{"name": "http", "containerPort": 8080}],
        "env": [{"name": "A", "valueFrom": {"secretKeyRef": {"name": "s", "key": "a.key"}}}],
        "envFrom": [{"configMapRef": {"name": "cm"}}],
        "resources": {"requests": {"cpu": "1", "nvidia.com/gpu": "1"},
                      "limits": {"cpu": "2", "nvidia.com/gpu": "1", "hugepages-2Mi": "4Mi"}}}],
      "affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
        "nodeSelectorTerms": [{"matchExpressions": [
          {"key": "karpenter.k8s.aws/instance-cpu", "operator": "Gt", "values": ["4"]},
          {"key": "kubernetes.io/arch", "operator": "Exists"}],
          "matchFields": [{"key": "metadata.name", "operator": "In", "values": ["node-1"]}]}]}},
        "podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [{"weight": 100,
          "podAffinityTerm": {"labelSelector": {"matchLabels": {"app": "w"}},
                              "topologyKey": "kubernetes.io/hostname",
                              "matchLabelKeys": ["pod-template-hash"]}}]}},
      "topologySpreadConstraints": [{"maxSkew": 2, "topologyKey": "topology.kubernetes.io/zone",
        "whenUnsatisfiable": "DoNotSchedule", "minDomains": 3,
        "labelSelector": {"matchLabels": {"app": "w"}}}],
      "priorityClassName": "high-priority", "runtimeClassName": "kata",
      "preemptionPolicy": "PreemptLowerPriority", "overhead": {"cpu": "250m"},
      "activeDeadlineSeconds": 3600
    }
  })"));
  SetDefaults(pod);
  FieldErrors errors;
  Validate(pod, errors);
  EXPECT_TRUE(errors.empty()) << errors.ToString();
}

TEST(PodValidationTest, ObjectMeta) {
  ExpectErrors({
      {"missing name", [](Pod& p) { p.metadata.name.clear(); }, "metadata.name",
       "Required value: name or generateName is required"},
      {"uppercase name", [](Pod& p) { p.metadata.name = "ABC"; }, "metadata.name",
       "Invalid value: \"ABC\": a lowercase RFC 1123 subdomain"},
      {"bad namespace", [](Pod& p) { p.metadata.namespace_ = "a.b"; }, "metadata.namespace",
       "Invalid value: \"a.b\": must not contain dots"},
      {"bad generateName", [](Pod& p) { p.metadata.generate_name = "Web-"; },
       "metadata.generateName", "Invalid value: \"Web-\""},
      {"bad label key",
       [](Pod& p) { p.metadata.labels["NoUppercaseOrSpecialCharsLike=Equals"] = "b"; },
       "metadata.labels", "Invalid value: \"NoUppercaseOrSpecialCharsLike=Equals\""},
      {"bad label value", [](Pod& p) { p.metadata.labels["a"] = "-b"; }, "metadata.labels",
       "Invalid value: \"-b\""},
      {"bad annotation key", [](Pod& p) { p.metadata.annotations["a b"] = "c"; },
       "metadata.annotations", "Invalid value: \"a b\""},
      {"annotations too long",
       [](Pod& p) { p.metadata.annotations["a"] = std::string(256 * 1024, 'x'); },
       "metadata.annotations", "Too long: may not be more than 262144 bytes"},
      {"bad finalizer", [](Pod& p) { p.metadata.finalizers.push_back("a b"); },
       "metadata.finalizers[0]", "Invalid value: \"a b\""},
  });
  // generateName alone is enough, and may end in a dash; annotation keys ignore case.
  FieldErrors errors = ValidateMutated([](Pod& p) {
    p.metadata.name.clear();
    p.metadata.generate_name = "web-";
    p.metadata.annotations["Example.COM/Key"] = "v";
  });
  EXPECT_TRUE(errors.empty()) << errors.ToString();
}

TEST(PodValidationTest, CoreValidateContainers) {
  ExpectErrors({
      {"zero containers", [](Pod& p) { p.spec.containers.clear(); }, "spec.containers",
       "Required value"},
      {"zero-length name", [](Pod& p) { p.spec.containers[0].name.clear(); },
       "spec.containers[0].name", "Required value"},
      {"zero-length-image", [](Pod& p) { p.spec.containers[0].image.clear(); },
       "spec.containers[0].image", "Required value"},
      {"name > 63 characters", [](Pod& p) { p.spec.containers[0].name = std::string(64, 'a'); },
       "spec.containers[0].name", "must be no more than 63 characters"},
      {"uppercase name", [](Pod& p) { p.spec.containers[0].name = "Ctr"; },
       "spec.containers[0].name",
       "Invalid value: \"Ctr\": a lowercase RFC 1123 label must consist of lower case "
       "alphanumeric characters or '-', and must start and end with an alphanumeric character "
       "(e.g. 'my-name',  or '123-abc', regex used for validation is "
       "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')"},
      {"name not a DNS label", [](Pod& p) { p.spec.containers[0].name = "a.b.c"; },
       "spec.containers[0].name", "Invalid value: \"a.b.c\": must not contain dots"},
      {"name not unique", [](Pod& p) { p.spec.containers.push_back(NamedContainer("ctr")); },
       "spec.containers[1].name", "Duplicate value: \"ctr\""},
      {"regular container restartPolicy",
       [](Pod& p) { p.spec.containers[0].restart_policy = "Always"; },
       "spec.containers[0].restartPolicy", "Forbidden: may not be set for non-init containers"},
  });
}

TEST(PodValidationTest, CoreValidateContainerPorts) {
  ExpectErrors({
      {"zero container port", [](Pod& p) { p.spec.containers[0].ports = {Port(0)}; },
       "spec.containers[0].ports[0].containerPort", "Required value"},
      {"invalid container port", [](Pod& p) { p.spec.containers[0].ports = {Port(99999)}; },
       "spec.containers[0].ports[0].containerPort",
       "Invalid value: 99999: must be between 1 and 65535, inclusive"},
      {"invalid host port", [](Pod& p) { p.spec.containers[0].ports = {Port(80, 999999)}; },
       "spec.containers[0].ports[0].hostPort", "must be between 1 and 65535, inclusive"},
      {"invalid protocol", [](Pod& p) { p.spec.containers[0].ports = {Port(80, 0, "tcp")}; },
       "spec.containers[0].ports[0].protocol",
       "Unsupported value: \"tcp\": supported values: \"SCTP\", \"TCP\", \"UDP\""},
      {"port name too long",
       [](Pod& p) {
         p.spec.containers[0].ports = {Port(80)};
         p.spec.containers[0].ports[0].name = "abcdefghijklmnop";
       },
       "spec.containers[0].ports[0].name", "must be no more than 15 characters"},
      {"port name without letter",
       [](Pod& p) {
         p.spec.containers[0].ports = {Port(80)};
         p.spec.containers[0].ports[0].name = "123";
       },
       "spec.containers[0].ports[0].name", "must contain at least one letter (a-z)"},
      {"duplicate port name",
       [](Pod& p) {
         p.spec.containers[0].ports = {Port(80), Port(81)};
         p.spec.containers[0].ports[0].name = "http";
         p.spec.containers[0].ports[1].name = "http";
       },
       "spec.containers[0].ports[1].name", "Duplicate value: \"http\""},
      {"host port conflict across containers",
       [](Pod& p) {
         p.spec.containers[0].ports = {Port(80, 80)};
         p.spec.containers.push_back(NamedContainer("second"));
         p.spec.containers[1].ports = {Port(81, 80)};
       },
       "spec.containers[1].ports[0].hostPort", "Duplicate value: \"TCP//80\""},
  });
  // The same host port on different protocols does not conflict.
  FieldErrors errors = ValidateMutated([](Pod& p) {
    p.spec.containers[0].ports = {Port(53, 53, "TCP"), Port(53, 53, "UDP")};
  });
  EXPECT_TRUE(errors.empty()) << errors.ToString();
}

TEST(PodValidationTest, CoreValidateResourceRequirements) {
  ExpectErrors({
      {"negative limit",
       [](Pod& p) {
         p.spec.containers[0].resources.limits = {{"cpu", Q("-10")}};
       },
       "spec.containers[0].resources.limits[cpu]",
       "Invalid value: \"-10\": must be greater than or equal to 0"},
      {"request above limit",
       [](Pod& p) {
         p.spec.containers[0].resources.limits = {{"cpu", Q("5")}};
         p.spec.containers[0].resources.requests = {{"cpu", Q("6")}};
       },
       "spec.containers[0].resources.requests",
       "Invalid value: \"6\": must be less than or equal to cpu limit of 5"},
      {"memory request above limit",
       [](Pod& p) {
         p.spec.containers[0].resources.limits = {{"memory", Q("1Gi")}};
         p.spec.containers[0].resources.requests = {{"memory", Q("2Gi")}};
       },
       "spec.containers[0].resources.requests",
       "must be less than or equal to memory limit of 1Gi"},
      {"unknown unqualified resource",
       [](Pod& p) {
         p.spec.containers[0].resources.limits = {{"disk", Q("10G")}};
       },
       "spec.containers[0].resources.limits[disk]", "must be a standard resource for containers"},
      {"extended resource without limit",
       [](Pod& p) {
         p.spec.containers[0].resources.requests = {{"example.com/a", Q("1")}};
       },
       "spec.containers[0].resources.limits",
       "Required value: Limit must be set for non overcommitable resources"},
      {"extended resource request below limit",
       [](Pod& p) {
         p.spec.containers[0].resources.requests = {{"example.com/a", Q("1")}};
         p.spec.containers[0].resources.limits = {{"example.com/a", Q("2")}};
       },
       "spec.containers[0].resources.requests", "must be equal to example.com/a limit of 2"},
      {"fractional extended resource",
       [](Pod& p) {
         p.spec.containers[0].resources.limits = {{"example.com/a", Q("500m")}};
       },
       "spec.containers[0].resources.limits[example.com/a]", "must be an integer"},
      {"invalid resource name",
       [](Pod& p) {
         p.spec.containers[0].resources.limits = {{"a b/c", Q("1")}};
       },
       "spec.containers[0].resources.limits[a b/c]", "Invalid value: \"a b/c\""},
  });
}

TEST(PodValidationTest, CoreValidateInitContainers) {
  ExpectErrors({
      {"init restartPolicy OnFailure",
       [](Pod& p) {
         p.spec.init_containers = {NamedContainer("init")};
         p.spec.init_containers[0].restart_policy = "OnFailure";
       },
       "spec.initContainers[0].restartPolicy",
       "Unsupported value: \"OnFailure\": supported values: \"Always\""},
      {"init name collides with container",
       [](Pod& p) { p.spec.init_containers = {NamedContainer("ctr")}; },
       "spec.initContainers[0].name", "Duplicate value: \"ctr\""},
      {"init container image",
       [](Pod& p) {
         p.spec.init_containers = {NamedContainer("init")};
         p.spec.init_containers[0].image.clear();
       },
       "spec.initContainers[0].image", "Required value"},
  });
  // Probes are forbidden on plain init containers and allowed on sidecars.
  Pod pod = testing::MustDecode<Pod>(Json::parse(R"({
    "metadata": {"name": "p"},
    "spec": {"initContainers": [
               {"name": "init", "image": "i", "livenessProbe": {"exec": {"command": ["true"]}}},
               {"name": "sidecar", "image": "i", "restartPolicy": "Always",
                "livenessProbe": {"exec": {"command": ["true"]}}}],
             "containers": [{"name": "c", "image": "i"}]}
  })"));
  SetDefaults(pod);
  FieldErrors errors;
  Validate(pod, errors);
  EXPECT_TRUE(errors.Contains("spec.initContainers[0].livenessProbe",
                              "Forbidden: may not be set for init containers without "
                              "restartPolicy=Always"))
      << errors.ToString();
  EXPECT_EQ(errors.size(), 1u) << errors.ToString();
}

TEST(PodValidationTest, CoreValidateEnv) {
  auto with_env = [](EnvVar var) { return [var](Pod& p) { p.spec.containers[0].env = {var}; }; };
  EnvVar empty_name;
  EnvVar bad_name;
  bad_name.name = "A=B";
  EnvVar no_source;
  no_source.name = "A";
  no_source.value_from.emplace();
  EnvVar two_sources = no_source;
  two_sources.value_from->secret_key_ref = SecretKeySelector{"s", "k", {}, {}};
  two_sources.value_from->config_map_key_ref = ConfigMapKeySelector{"c", "k", {}, {}};
  EnvVar value_and_source = no_source;
  value_and_source.value = "x";
  value_and_source.value_from->secret_key_ref = SecretKeySelector{"s", "k", {}, {}};
  EnvVar missing_key = no_source;
  missing_key.value_from->secret_key_ref = SecretKeySelector{"s", "", {}, {}};
  EnvVar bad_key = no_source;
  bad_key.value_from->config_map_key_ref = ConfigMapKeySelector{"c", "a b", {}, {}};
  EnvVar bad_ref_name = no_source;
  bad_ref_name.value_from->secret_key_ref = SecretKeySelector{"Secret", "k", {}, {}};
  ExpectErrors({
      {"empty name", with_env(empty_name), "spec.containers[0].env[0].name", "Required value"},
      {"name with =", with_env(bad_name), "spec.containers[0].env[0].name",
       "a valid environment variable name must consist only of printable ASCII characters other "
       "than '='"},
      {"no source", with_env(no_source), "spec.containers[0].env[0].valueFrom",
       "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or "
       "`secretKeyRef`"},
      {"two sources", with_env(two_sources), "spec.containers[0].env[0].valueFrom",
       "may not have more than one field specified at a time"},
      {"value and valueFrom", with_env(value_and_source), "spec.containers[0].env[0].valueFrom",
       "may not be specified when `value` is not empty"},
      {"missing key", with_env(missing_key), "spec.containers[0].env[0].valueFrom.secretKeyRef.key",
       "Required value"},
      {"invalid key", with_env(bad_key), "spec.containers[0].env[0].valueFrom.configMapKeyRef.key",
       "a valid config key must consist of alphanumeric characters"},
      {"invalid secret name", with_env(bad_ref_name),
       "spec.containers[0].env[0].valueFrom.secretKeyRef.name", "Invalid value: \"Secret\""},
  });
  // Relaxed names (dots, dashes, leading digits) are accepted, as upstream now does by default.
  FieldErrors errors = ValidateMutated([](Pod& p) {
    EnvVar v;
    v.name = "1-my.env";
    v.value = "x";
    p.spec.containers[0].env = {v};
  });
  EXPECT_TRUE(errors.empty()) << errors.ToString();
}

TEST(PodValidationTest, CoreValidateEnvFrom) {
  auto with_env_from = [](EnvFromSource source) {
    return [source](Pod& p) { p.spec.containers[0].env_from = {source}; };
  };
  EnvFromSource none;
  EnvFromSource both;
  both.config_map_ref = ConfigMapEnvSource{"cm", {}, {}};
  both.secret_ref = SecretEnvSource{"s", {}, {}};
  EnvFromSource no_name;
  no_name.secret_ref.emplace();
  EnvFromSource bad_prefix;
  bad_prefix.prefix = "a=b";
  bad_prefix.config_map_ref = ConfigMapEnvSource{"cm", {}, {}};
  ExpectErrors({
      {"no source", with_env_from(none), "spec.containers[0].envFrom",
       "must specify one of: `configMapRef` or `secretRef`"},
      {"both sources", with_env_from(both), "spec.containers[0].envFrom",
       "may not have more than one field specified at a time"},
      {"missing name", with_env_from(no_name), "spec.containers[0].envFrom[0].secretRef.name",
       "Required value"},
      {"invalid prefix", with_env_from(bad_prefix), "spec.containers[0].envFrom[0].prefix",
       "Invalid value: \"a=b\""},
  });
}

TEST(PodValidationTest, CoreValidatePodSpec) {
  ExpectErrors({
      {"bad restartPolicy", [](Pod& p) { p.spec.restart_policy = "UnlessStopped"; },
       "spec.restartPolicy",
       "Unsupported value: \"UnlessStopped\": supported values: \"Always\", \"OnFailure\", "
       "\"Never\""},
      {"missing restartPolicy", [](Pod& p) { p.spec.restart_policy.clear(); }, "spec.restartPolicy",
       "Required value"},
      {"bad dnsPolicy", [](Pod& p) { p.spec.dns_policy = "invalid"; }, "spec.dnsPolicy",
       "Unsupported value: \"invalid\""},
      {"missing terminationGracePeriodSeconds",
       [](Pod& p) { p.spec.termination_grace_period_seconds.reset(); },
       "spec.terminationGracePeriodSeconds", "Required value"},
      {"activeDeadlineSeconds 0", [](Pod& p) { p.spec.active_deadline_seconds = 0; },
       "spec.activeDeadlineSeconds",
       "Invalid value: 0: must be between 1 and 2147483647, inclusive"},
      {"activeDeadlineSeconds too large",
       [](Pod& p) { p.spec.active_deadline_seconds = int64_t{1} << 31; },
       "spec.activeDeadlineSeconds", "must be between 1 and 2147483647, inclusive"},
      {"bad nodeName", [](Pod& p) { p.spec.node_name = "Node_1"; }, "spec.nodeName",
       "Invalid value: \"Node_1\""},
      {"bad serviceAccountName", [](Pod& p) { p.spec.service_account_name = "Invalid"; },
       "spec.serviceAccountName", "Invalid value: \"Invalid\""},
      {"bad priorityClassName", [](Pod& p) { p.spec.priority_class_name = "InvalidName"; },
       "spec.priorityClassName", "Invalid value: \"InvalidName\""},
      {"bad runtimeClassName", [](Pod& p) { p.spec.runtime_class_name = "my_runtime"; },
       "spec.runtimeClassName", "Invalid value: \"my_runtime\""},
      {"bad preemptionPolicy", [](Pod& p) { p.spec.preemption_policy = "Sometimes"; },
       "spec.preemptionPolicy",
       "Unsupported value: \"Sometimes\": supported values: \"PreemptLowerPriority\", \"Never\""},
      {"negative overhead",
       [](Pod& p) {
         p.spec.overhead = {{"cpu", Q("-1")}};
       },
       "spec.overhead.limits[cpu]", "must be greater than or equal to 0"},
      {"bad nodeSelector", [](Pod& p) { p.spec.node_selector["a/b/c"] = "x"; }, "spec.nodeSelector",
       "Invalid value: \"a/b/c\""},
      {"pod-level resource not supported",
       [](Pod& p) {
         p.spec.resources.emplace();
         p.spec.resources->requests = {{"ephemeral-storage", Q("1Gi")}};
       },
       "spec.resources.requests[ephemeral-storage]", "Unsupported value"},
      {"hostNetwork port mismatch",
       [](Pod& p) {
         p.spec.host_network = true;
         p.spec.containers[0].ports = {Port(80, 8080)};
       },
       "spec.containers[0].ports[0].hostPort",
       "Invalid value: 8080: must match `containerPort` when `hostNetwork` is true"},
      {"pod hostNetwork without host port",
       [](Pod& p) {
         p.spec.host_network = true;
         p.spec.containers[0].ports = {Port(80)};
       },
       "spec.containers[0].ports[0].hostPort", "must match `containerPort`"},
      {"image with whitespace", [](Pod& p) { p.spec.containers[0].image = " image"; },
       "spec.containers[0].image", "must not have leading or trailing whitespace"},
  });
}

// Ported from TestValidateTolerations (through the pod, as the API server reaches them).
TEST(PodValidationTest, CoreValidateTolerations) {
  auto with = [](const char* key, const char* op, const char* value, const char* effect,
                 std::optional<int64_t> seconds = std::nullopt) {
    Toleration t;
    t.key = key;
    t.operator_ = op;
    t.value = value;
    t.effect = effect;
    t.toleration_seconds = seconds;
    return [t](Pod& p) { p.spec.tolerations = {t}; };
  };
  ExpectErrors({
      {"invalid toleration key", with("nospecialchars^=@", "Equal", "bar", "NoSchedule"),
       "spec.tolerations[0].key", "Invalid value: \"nospecialchars^=@\""},
      {"invalid toleration operator", with("foo", "In", "bar", "NoSchedule"),
       "spec.tolerations[0].operator", "Unsupported value: \"In\""},
      {"value must be empty when `operator` is 'Exists'",
       with("foo", "Exists", "bar", "NoSchedule"), "spec.tolerations[0].operator",
       "value must be empty when `operator` is 'Exists'"},
      {"operator must be 'Exists' when `key` is empty", with("", "Equal", "bar", "NoSchedule"),
       "spec.tolerations[0].operator", "operator must be Exists when `key` is empty"},
      {"effect must be 'NoExecute' when `TolerationSeconds` is set",
       with("foo", "Equal", "bar", "NoSchedule", 20), "spec.tolerations[0].effect",
       "effect must be 'NoExecute' when `tolerationSeconds` is set"},
      {"invalid effect", with("foo", "Equal", "bar", "NoScheduleNoAdmit"),
       "spec.tolerations[0].effect", "Unsupported value: \"NoScheduleNoAdmit\""},
      {"invalid value", with("foo", "Equal", "-bar", "NoSchedule"), "spec.tolerations[0].operator",
       "Invalid value: \"-bar\""},
  });
  for (auto valid : {with("foo", "Exists", "", "NoSchedule"), with("", "Exists", "", ""),
                     with("foo", "", "bar", "NoExecute", 300), with("foo", "Equal", "", "")}) {
    FieldErrors errors = ValidateMutated(valid);
    EXPECT_TRUE(errors.empty()) << errors.ToString();
  }
}

TEST(PodValidationTest, TemplateRules) {
  PodTemplateSpec tmpl;
  tmpl.metadata.labels["a"] = "b";
  tmpl.spec = ValidPod().spec;
  FieldErrors errors;
  ValidatePodTemplateSpec(tmpl, "spec.template", errors);
  EXPECT_TRUE(errors.empty()) << errors.ToString();

  // Templates may leave hostPort 0 under hostNetwork (defaulted when the pod is made).
  tmpl.spec.host_network = true;
  tmpl.spec.containers[0].ports = {Port(80)};
  ValidatePodTemplateSpec(tmpl, "spec.template", errors);
  EXPECT_TRUE(errors.empty()) << errors.ToString();

  tmpl.metadata.labels["NoUppercaseOrSpecialCharsLike=Equals"] = "b";
  tmpl.spec.extra =
      testing::MustDecode<PodSpec>(Json::parse(R"({"ephemeralContainers": [{"name": "debug"}]})"))
          .extra;
  ValidatePodTemplateSpec(tmpl, "spec.template", errors);
  EXPECT_TRUE(errors.Contains("spec.template.labels", "Invalid value")) << errors.ToString();
  EXPECT_TRUE(errors.Contains("spec.template.spec.ephemeralContainers",
                              "Forbidden: ephemeral containers not allowed in pod template"))
      << errors.ToString();
}

}  // namespace
}  // namespace tidepool::api
