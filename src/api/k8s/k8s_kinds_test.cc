// The registry entries: every kind decodes with its defaults, encodes back and validates through
// KindInfo, as the manifest loader uses them.
#include "api/k8s/k8s_kinds.h"

#include <gtest/gtest.h>

#include "api/k8s/config.h"
#include "api/k8s/job.h"
#include "api/k8s/k8s_test_util.h"
#include "api/k8s/pod.h"
#include "api/k8s/workloads.h"
#include "api/kind.h"

namespace tidepool::api {
namespace {

TEST(K8sKindsTest, RegistersEveryCoreKind) {
  const KindRegistry& registry = testing::CoreKinds().registry();
  const std::pair<const char*, const char*> kinds[] = {
      {"v1", "Pod"},
      {"v1", "Node"},
      {"v1", "Namespace"},
      {"v1", "Secret"},
      {"v1", "ConfigMap"},
      {"apps/v1", "Deployment"},
      {"apps/v1", "ReplicaSet"},
      {"apps/v1", "StatefulSet"},
      {"apps/v1", "DaemonSet"},
      {"batch/v1", "Job"},
      {"policy/v1", "PodDisruptionBudget"},
      {"node.k8s.io/v1", "RuntimeClass"},
  };
  for (const auto& [api_version, kind] : kinds) {
    const KindInfo* info = registry.Find(api_version, kind);
    ASSERT_NE(info, nullptr) << api_version << " " << kind;
    EXPECT_EQ(info->api_version, api_version);
  }
  EXPECT_EQ(registry.kinds().size(), std::size(kinds));
  EXPECT_FALSE(registry.Find("v1", "Node")->namespaced);
  EXPECT_FALSE(registry.Find("v1", "Namespace")->namespaced);
  EXPECT_FALSE(registry.Find("node.k8s.io/v1", "RuntimeClass")->namespaced);
  EXPECT_TRUE(registry.Find("apps/v1", "Deployment")->namespaced);
  EXPECT_EQ(registry.Find("extensions/v1beta1", "Deployment"), nullptr);
}

TEST(K8sKindsTest, DecodeAppliesDefaultsAndValidates) {
  const KindRegistry& registry = testing::CoreKinds().registry();
  const KindInfo* info = registry.Find("apps/v1", "Deployment");
  ASSERT_NE(info, nullptr);
  FieldErrors errors;
  std::unique_ptr<Object> object = info->decode(Json::parse(R"({
    "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
    "spec": {"selector": {"matchLabels": {"app": "web"}},
             "template": {"metadata": {"labels": {"app": "web"}},
                          "spec": {"containers": [{"name": "web", "image": "nginx"}]}}}
  })"),
                                                errors);
  ASSERT_TRUE(errors.empty()) << errors.ToString();
  const auto& deployment = dynamic_cast<const Deployment&>(*object);
  EXPECT_EQ(deployment.spec.replicas, 1);
  EXPECT_EQ(deployment.spec.template_.spec.scheduler_name, kDefaultSchedulerName);
  info->validate(*object, errors);
  EXPECT_TRUE(errors.empty()) << errors.ToString();
  const Json encoded = info->encode(*object);
  EXPECT_EQ(encoded["spec"]["progressDeadlineSeconds"], 600);
  EXPECT_EQ(encoded["spec"]["strategy"]["rollingUpdate"]["maxSurge"], "25%");
}

TEST(K8sKindsTest, PodDefaultsRequestsFromLimitsOnDecode) {
  const KindRegistry& registry = testing::CoreKinds().registry();
  FieldErrors errors;
  std::unique_ptr<Object> object = registry.Find("v1", "Pod")
                                       ->decode(Json::parse(R"({
    "apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
    "spec": {"containers": [{"name": "c", "image": "i", "resources": {"limits": {"cpu": "2"}}}]}
  })"),
                                                errors);
  ASSERT_TRUE(errors.empty()) << errors.ToString();
  const auto& pod = dynamic_cast<const Pod&>(*object);
  EXPECT_EQ(pod.spec.containers[0].resources.requests.at("cpu"), Quantity::MustParse("2"));
  EXPECT_EQ(PodRequests(pod.spec).at("cpu"), Quantity::MustParse("2"));
}

TEST(K8sKindsTest, ErrorsCarryFieldPaths) {
  const KindRegistry& registry = testing::CoreKinds().registry();
  FieldErrors errors;
  std::unique_ptr<Object> object = registry.Find("batch/v1", "Job")
                                       ->decode(Json::parse(R"({
    "apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "j"},
    "spec": {"template": {"spec": {"containers": [{"name": "c", "image": "i"}], "tolerationz": []}},
             "backoffLimit": -1}
  })"),
                                                errors);
  EXPECT_TRUE(errors.Contains("spec.template.spec.tolerationz", "did you mean \"tolerations\"?"))
      << errors.ToString();
  ASSERT_NE(object, nullptr);
  registry.Find("batch/v1", "Job")->validate(*object, errors);
  EXPECT_TRUE(errors.Contains("spec.backoffLimit", "must be greater than or equal to 0"))
      << errors.ToString();
  EXPECT_TRUE(errors.Contains("spec.template.spec.restartPolicy", "valid values"))
      << errors.ToString();
}

TEST(K8sKindsTest, SecretDecodeFoldsStringData) {
  const KindRegistry& registry = testing::CoreKinds().registry();
  FieldErrors errors;
  std::unique_ptr<Object> object =
      registry.Find("v1", "Secret")
          ->decode(Json::parse(R"({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"},
                      "stringData": {"password": "hunter2"}})"),
                   errors);
  ASSERT_TRUE(errors.empty()) << errors.ToString();
  const Json encoded = registry.Find("v1", "Secret")->encode(*object);
  EXPECT_EQ(encoded["data"]["password"], "aHVudGVyMg==");
  EXPECT_EQ(encoded["type"], "Opaque");
  EXPECT_FALSE(encoded.contains("stringData"));
}

}  // namespace
}  // namespace tidepool::api
