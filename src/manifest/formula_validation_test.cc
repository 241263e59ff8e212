// `tidepool validate` compiles scalingModifiers formulas with KEDA's webhook semantics
// (formula/keda.h wired into the default registry): unknown trigger names and syntax errors are
// rejected with expr's message and position; KEDA's valid webhook formulas are accepted.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <type_traits>

#include "api/keda/scaled_object.h"
#include "formula/keda.h"
#include "manifest/default_registry.h"
#include "manifest/loader.h"
#include "manifest/validate.h"

namespace tidepool::manifest {
namespace {

static_assert(std::is_same_v<decltype(formula::KedaFormulaChecker()), api::keda::FormulaChecker>,
              "the formula library's checker must be the validation's FormulaChecker");

std::string TestData(const std::string& relative) {
  return std::string(TIDEPOOL_TESTDATA_DIR) + "/" + relative;
}

std::string ValidateFile(const std::string& path, int& exit_code) {
  std::ostringstream out, err;
  exit_code = RunValidate({path}, out, err);
  return out.str() + err.str();
}

// One ScaledObject with two named triggers (queue, rps) and an unnamed cpu trigger.
std::string ScaledObjectWithFormula(const std::string& formula) {
  return "apiVersion: keda.sh/v1alpha1\n"
         "kind: ScaledObject\n"
         "metadata: {name: api}\n"
         "spec:\n"
         "  scaleTargetRef: {name: api}\n"
         "  minReplicaCount: 1\n"
         "  advanced:\n"
         "    scalingModifiers:\n"
         "      target: \"10\"\n"
         "      formula: '" +
         formula +
         "'\n"
         "  triggers:\n"
         "  - {type: cron, name: queue, metadata: {timezone: Etc/UTC, start: '0 8 * * *', end: "
         "'0 18 * * *', desiredReplicas: '3'}}\n"
         "  - {type: cron, name: rps, metadata: {timezone: Etc/UTC, start: '0 8 * * *', end: "
         "'0 18 * * *', desiredReplicas: '2'}}\n"
         "  - {type: cpu, name: cpu, metricType: Utilization, metadata: {value: '60'}}\n";
}

std::string Problems(const std::string& yaml) {
  Loader loader(DefaultRegistry());
  LoadResult result;
  Status s = loader.AddText(yaml, "so.yaml", result);
  EXPECT_TRUE(s) << (s ? "" : s.error().message());
  std::string out;
  for (const Problem& p : result.problems) out += p.ToString() + "\n";
  return out;
}

TEST(FormulaValidationTest, UnknownTriggerFile) {
  int code = 0;
  const std::string out = ValidateFile(TestData("invalid/formula-unknown-trigger.yaml"), code);
  EXPECT_EQ(code, 1) << out;
  EXPECT_NE(out.find("formula-unknown-trigger.yaml:1: ScaledObject/api: "
                     "spec.advanced.scalingModifiers.formula: error validating formula in "
                     "ScalingModifiers: unknown name rps (1:15)"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find(" | queue / 100 + rps\n | ..............^"), std::string::npos) << out;
}

TEST(FormulaValidationTest, SyntaxErrorFile) {
  int code = 0;
  const std::string out = ValidateFile(TestData("invalid/formula-syntax-error.yaml"), code);
  EXPECT_EQ(code, 1) << out;
  EXPECT_NE(out.find("formula-syntax-error.yaml:1: ScaledObject/worker: "
                     "spec.advanced.scalingModifiers.formula: error validating formula in "
                     "ScalingModifiers: unexpected token EOF (1:23)"),
            std::string::npos)
      << out;
}

// scaledobject_webhook_test.go: formulas the webhook admits, over named non-resource triggers.
TEST(FormulaValidationTest, WebhookAcceptsKedaFormulas) {
  for (const std::string formula :
       {"queue + rps", "float(queue < 5 ? rps + queue : 5)", "queue < 5 ? rps + queue : 5",
        "count([queue,rps],{#>1}) > 1 ? 5 : 0", "queue ?? rps ?? 5", "queue + 1"}) {
    EXPECT_EQ(Problems(ScaledObjectWithFormula(formula)), "") << formula;
  }
}

// The cpu trigger is left out of the formula's environment, as KEDA's webhook does.
TEST(FormulaValidationTest, ResourceTriggersAreNotInTheFormula) {
  EXPECT_NE(Problems(ScaledObjectWithFormula("queue + cpu")).find("unknown name cpu (1:9)"),
            std::string::npos);
}

TEST(FormulaValidationTest, TypeAndRunErrors) {
  EXPECT_NE(Problems(ScaledObjectWithFormula("queue % 2"))
                .find("invalid operation: % (mismatched types float64 and int) (1:7)"),
            std::string::npos);
  // Runs with every trigger = -1: -1 % 0 fails.
  EXPECT_NE(Problems(ScaledObjectWithFormula("int(queue) % (int(rps) + 1)"))
                .find("runtime error: integer divide by zero (1:12)"),
            std::string::npos);
}

}  // namespace
}  // namespace tidepool::manifest
