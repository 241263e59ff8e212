#include "manifest/loader.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "manifest/default_registry.h"
#include "manifest/validate.h"

namespace tidepool::manifest {
namespace {

std::string TestData(const std::string& relative) {
  return std::string(TIDEPOOL_TESTDATA_DIR) + "/" + relative;
}

LoadResult LoadText(const std::string& text) {
  Loader loader(DefaultRegistry());
  LoadResult result;
  Status s = loader.AddText(text, "test.yaml", result);
  EXPECT_TRUE(s) << (s ? "" : s.error().message());
  loader.ValidateSet(result);
  return result;
}

std::string Problems(const LoadResult& r) {
  std::string out;
  for (const Problem& p : r.problems) out += p.ToString() + "\n";
  return out;
}

bool HasProblem(const LoadResult& r, const std::string& line_fragment) {
  for (const Problem& p : r.problems) {
    if (p.ToString().find(line_fragment) != std::string::npos) return true;
  }
  return false;
}

// Every manifest of the article validates clean and round-trips: YAML → object → JSON → object
// gives the same object.
class ArticleManifestTest : public testing::TestWithParam<std::string> {};

TEST_P(ArticleManifestTest, ValidatesCleanAndRoundTrips) {
  Loader loader(DefaultRegistry());
  LoadResult result;
  Status s = loader.AddFile(TestData(GetParam()), result);
  ASSERT_TRUE(s) << s.error().message();
  loader.ValidateSet(result);
  EXPECT_TRUE(result.problems.empty()) << Problems(result);
  EXPECT_TRUE(result.warnings.empty());
  ASSERT_FALSE(result.objects.empty());
  for (const LoadedObject& loaded : result.objects) {
    nlohmann::json encoded = loaded.kind->encode(*loaded.object);
    api::FieldErrors errors;
    std::unique_ptr<api::Object> again = loaded.kind->decode(encoded, errors);
    EXPECT_TRUE(errors.empty()) << errors.ToString();
    EXPECT_TRUE(loaded.kind->equal(*loaded.object, *again)) << loaded.object->DisplayName() << "\n"
                                                            << encoded.dump(2) << "\n"
                                                            << loaded.kind->encode(*again).dump(2);
    EXPECT_EQ(encoded, loaded.kind->encode(*again));
  }
}

INSTANTIATE_TEST_SUITE_P(Article, ArticleManifestTest,
                         testing::Values("article/node-spot-nodepool.yaml",
                                         "article/sqs-scaledobject.yaml",
                                         "article/sqs-consumer-deployment.yaml",
                                         "../examples/sqs-burst.yaml"));

TEST(LoaderTest, UnknownFieldsSurviveTheRoundTrip) {
  LoadResult r = LoadText(R"(
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations: {a: b}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      volumes: [{name: cache, emptyDir: {}}]
      containers:
      - name: web
        image: nginx
        volumeMounts: [{name: cache, mountPath: /cache}]
status:
  observedGeneration: 3
)");
  ASSERT_TRUE(r.problems.empty()) << Problems(r);
  ASSERT_EQ(r.objects.size(), 1u);
  nlohmann::json j = r.objects[0].kind->encode(*r.objects[0].object);
  EXPECT_EQ(j["spec"]["template"]["spec"]["volumes"][0]["name"], "cache");
  EXPECT_EQ(j["spec"]["template"]["spec"]["containers"][0]["volumeMounts"][0]["mountPath"],
            "/cache");
  EXPECT_EQ(j["status"]["observedGeneration"], 3);
  EXPECT_EQ(j["metadata"]["namespace"], "default");
}

TEST(LoaderTest, ProblemsNameFileDocumentObjectAndField) {
  LoadResult r = LoadText(R"(
apiVersion: v1
kind: Namespace
metadata: {name: ok}
---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: worker, namespace: jobs}
spec:
  scaleTargetRef: {name: worker}
  minReplicaCount: 5
  maxReplicaCount: 3
  pollingIntervl: 10
  triggers:
  - type: cron
    metadata: {timezone: Etc/UTC, start: "0 * * * *", end: "30 * * * *", desiredReplicas: "2"}
)");
  EXPECT_EQ(r.objects.size(), 2u);
  EXPECT_TRUE(HasProblem(r, "test.yaml:2: ScaledObject/worker: spec.pollingIntervl: unknown field"))
      << Problems(r);
  EXPECT_TRUE(HasProblem(r, "did you mean \"pollingInterval\"")) << Problems(r);
}

TEST(LoaderTest, InvalidObjectsDoNotStopTheOthers) {
  LoadResult r = LoadText(R"(
apiVersion: karpenter.sh/v1
kind: NodePool
metadata: {name: broken}
spec:
  limits: {cpu: 1kk}
  template:
    spec:
      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
      requirements: []
---
apiVersion: v1
kind: ConfigMap
metadata: {name: fine}
data: {a: b}
)");
  EXPECT_EQ(r.objects.size(), 2u);  // decoded even when invalid
  EXPECT_TRUE(HasProblem(r, "test.yaml:1: NodePool/broken: spec.limits[cpu]: Invalid value"))
      << Problems(r);
  bool configmap_loaded = false;
  for (const LoadedObject& o : r.objects) configmap_loaded |= o.object->kind == "ConfigMap";
  EXPECT_TRUE(configmap_loaded);
}

TEST(LoaderTest, WrongTypesAreReportedWithTheirPath) {
  LoadResult r = LoadText(R"(
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: so}
spec:
  scaleTargetRef: {name: worker}
  maxReplicaCount: "ten"
  triggers: [{type: cron, metadata: {timezone: Etc/UTC, start: "0 * * * *", end: "5 * * * *", desiredReplicas: "1"}}]
)");
  EXPECT_TRUE(HasProblem(r,
                         "ScaledObject/so: spec.maxReplicaCount: must be of type integer, got "
                         "string \"ten\""))
      << Problems(r);
}

TEST(LoaderTest, MissingKindAndApiVersion) {
  LoadResult r = LoadText("metadata: {name: x}\n---\nkind: Pod\nmetadata: {name: p}\n---\n- a\n");
  EXPECT_TRUE(HasProblem(r, "test.yaml:1: Object/x: kind: Required value")) << Problems(r);
  EXPECT_TRUE(HasProblem(r, "test.yaml:2: Pod/p: apiVersion: Required value")) << Problems(r);
  EXPECT_TRUE(HasProblem(r, "test.yaml:3: a manifest document must be a mapping")) << Problems(r);
}

TEST(LoaderTest, MisspeltKindsAndVersionsAreErrorsUnknownKindsAreSkipped) {
  LoadResult r = LoadText(R"(
apiVersion: keda.sh/v1alpha1
kind: ScaledObjekt
metadata: {name: a}
---
apiVersion: karpenter.sh/v1beta1
kind: NodePool
metadata: {name: b}
---
apiVersion: v1
kind: Service
metadata: {name: c}
)");
  EXPECT_TRUE(HasProblem(r, "ScaledObjekt/a: kind: no kind \"ScaledObjekt\"")) << Problems(r);
  EXPECT_TRUE(HasProblem(r, "did you mean \"ScaledObject\"")) << Problems(r);
  EXPECT_TRUE(HasProblem(r,
                         "NodePool/b: apiVersion: no kind \"NodePool\" is registered for "
                         "version \"karpenter.sh/v1beta1\"; did you mean \"karpenter.sh/v1\"?"))
      << Problems(r);
  EXPECT_EQ(r.skipped, 1);
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_NE(r.warnings[0].ToString().find("Service/c"), std::string::npos);
}

TEST(LoaderTest, NonStringKindsAreProblemsNotCrashes) {
  // Found by the manifest fuzzer: `kind: null` (and other non-strings) threw inside the loader.
  LoadResult r = LoadText(
      "apiVersion: v1\nkind: null\nmetadata: {name: a}\n---\n"
      "apiVersion: 7\nkind: [List]\nitems: []\n");
  EXPECT_TRUE(HasProblem(r, "test.yaml:1: Object/a: kind: Required value")) << Problems(r);
  EXPECT_TRUE(HasProblem(r, "test.yaml:2: Object/: kind: must be a non-empty string"))
      << Problems(r);
}

// Inputs that once crashed or hung the loader (most found by fuzz/manifest_fuzz.cc) load to an
// error or to problems, never a crash.
TEST(LoaderTest, RegressionInputsLoadWithoutCrashing) {
  int files = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(TIDEPOOL_TESTDATA_DIR) + "/regressions")) {
    Loader loader(DefaultRegistry());
    LoadResult result;
    Status s = loader.AddFile(entry.path().string(), result);
    loader.ValidateSet(result);
    EXPECT_TRUE(!s || !result.problems.empty()) << entry.path();
    ++files;
  }
  EXPECT_GE(files, 3);
}

TEST(LoaderTest, DuplicateObjectsAreReported) {
  LoadResult r = LoadText(
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n"
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
  EXPECT_TRUE(HasProblem(r, "test.yaml:2: ConfigMap/a: metadata.name: Duplicate value"))
      << Problems(r);
}

TEST(LoaderTest, ListKindIsExpanded) {
  LoadResult r = LoadText(R"({"apiVersion": "v1", "kind": "List", "items": [
    {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}},
    {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "b"}, "data": {"k": 5}}]})");
  EXPECT_EQ(r.objects.size(), 2u);
  EXPECT_TRUE(HasProblem(r, "test.yaml:1: Secret/b: items[1].data[k]")) << Problems(r);
}

TEST(ValidateCommandTest, ExitCodesAndOutput) {
  std::ostringstream out, err;
  EXPECT_EQ(RunValidate({TestData("../examples/sqs-burst.yaml")}, out, err), 0) << out.str();
  EXPECT_EQ(out.str(), "ok: 5 objects\n");

  std::ostringstream out2, err2;
  EXPECT_EQ(RunValidate({TestData("does-not-exist.yaml")}, out2, err2), 2);
  EXPECT_NE(err2.str().find("does-not-exist.yaml: cannot read"), std::string::npos) << err2.str();
}

}  // namespace
}  // namespace tidepool::manifest

namespace tidepool::manifest {
namespace {

// Bad input tried as a new user would write it: each mistake gets one clear line naming the file,
// the document, the object and the field.
struct BadInputCase {
  std::string file;
  int exit_code;
  std::vector<std::string> expected_fragments;  // each must appear in stdout or stderr
};

class BadInputTest : public testing::TestWithParam<BadInputCase> {};

TEST_P(BadInputTest, GivesClearErrors) {
  const BadInputCase& c = GetParam();
  std::ostringstream out, err;
  const std::string path = TestData("invalid/" + c.file);
  EXPECT_EQ(RunValidate({path}, out, err), c.exit_code) << out.str() << err.str();
  const std::string all = out.str() + err.str();
  for (const std::string& fragment : c.expected_fragments) {
    EXPECT_NE(all.find(fragment), std::string::npos) << "missing: " << fragment << "\n" << all;
  }
}

INSTANTIATE_TEST_SUITE_P(
    NewUser, BadInputTest,
    testing::Values(
        BadInputCase{"new-user-mistakes.yaml",
                     1,
                     {"new-user-mistakes.yaml:1: ScaledObject/worker: spec.maxReplicaCont: "
                      "unknown field; did you mean \"maxReplicaCount\"?",
                      "new-user-mistakes.yaml:1: ScaledObject/worker: "
                      "spec.triggers[0].metadata[queueLength]: must be of type string, got "
                      "integer 5; quote it: \"5\"",
                      "new-user-mistakes.yaml:2: NodePool/spot: spec.template.spec.expireAfter: "
                      "Invalid value: \"30d\"",
                      "NodePool/spot: spec.limits[cpu]: Invalid value: \"lots\"",
                      "NodePool/spot: spec.template.spec.requirements[0].operator: Unsupported "
                      "value: \"in\"",
                      "NodePool/spot: spec.disruption.budgets[0].nodes: Invalid value: \"110%\"",
                      "NodePool/spot: spec.template.spec.nodeClassRef: Required value"}},
        BadInputCase{
            "missing-fields.yaml",
            1,
            {"missing-fields.yaml:1: ScaledObject/no-target: spec.scaleTargetRef: "
             "Required value",
             "missing-fields.yaml:2: Deployment/web: spec.template.spec.containers[0].name: "
             "Required value",
             "missing-fields.yaml:2: Deployment/web: spec.template.metadata.labels: "
             "Invalid value",
             "missing-fields.yaml:3: NodeClaim/claim: spec.nodeClassRef: Required value"}},
        BadInputCase{"broken-syntax.yaml", 2, {"broken-syntax.yaml: line 6, column"}},
        BadInputCase{"binary.bin", 2, {"binary.bin: line 1", "binary file"}}));

}  // namespace
}  // namespace tidepool::manifest
