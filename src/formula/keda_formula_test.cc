// KEDA's scalingModifiers behaviour, ported from kedacore/keda:
//   pkg/scaling/modifiers/formula_test.go
//   pkg/scaling/scale_handler_test.go TestScalingModifiersFormula
//   apis/keda/v1alpha1/scaledobject_webhook_test.go (the ScalingModifiers.Formula cases)
// plus castToFloatIfNecessary (scaledobject_webhook.go) and the formulas of KEDA's docs.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "formula/formula_test_util.h"
#include "formula/keda.h"

namespace tidepool::formula {
namespace {

using testing::FirstLine;

Result<std::optional<double>> RunKeda(const std::string& formula,
                                      const std::vector<std::string>& names,
                                      const std::vector<std::optional<double>>& values) {
  Result<Program> p = CompileKedaFormula(formula, names);
  if (!p) return tl::unexpected(p.error());
  return EvalKedaFormula(*p, values);
}

std::string CheckError(const std::string& formula, const std::vector<std::string>& names) {
  Status s = CheckKedaFormula(formula, names);
  return s ? "" : s.error().message();
}

// Ported from formula_test.go TestCalculateScalingModifiersFormula: trigger1=2 + trigger2=5 is 7,
// stored as 7000m.
TEST(KedaFormulaTest, ModifiersCalculateScalingModifiersFormula) {
  Result<std::optional<double>> v =
      RunKeda("trigger1 + trigger2", {"trigger1", "trigger2"}, {2.0, 5.0});
  ASSERT_TRUE(v) << v.error().message();
  ASSERT_TRUE(v->has_value());
  EXPECT_EQ(CompositeMetricMilli(**v), 7000);
}

// Ported from formula_test.go TestCalculateScalingModifiersFormulaFallbackReplicas: both
// triggers past their failure threshold are nil, the formula yields nil, and KEDA substitutes
// fallback.replicas (7) × target (2) = 14, 14000m.
TEST(KedaFormulaTest, ModifiersCalculateScalingModifiersFormulaFallbackReplicas) {
  Result<std::optional<double>> v =
      RunKeda("trigger1 ?? trigger2", {"trigger1", "trigger2"}, {std::nullopt, std::nullopt});
  ASSERT_TRUE(v) << v.error().message();
  EXPECT_FALSE(v->has_value());
  const double fallback_replicas = 7;
  const double target = 2;
  EXPECT_EQ(CompositeMetricMilli(fallback_replicas * target), 14000);
}

// Ported from formula_test.go TestScalingModifierTriggerValue: a trigger over its failure
// threshold is nil in the formula, and `??` routes around it.
TEST(KedaFormulaTest, ModifiersScalingModifierTriggerValueNilRoutesAround) {
  const std::vector<std::string> names = {"a", "b"};
  EXPECT_EQ(**RunKeda("a ?? b ?? 8", names, {std::nullopt, std::nullopt}), 8.0);
  EXPECT_EQ(**RunKeda("a ?? b ?? 8", names, {std::nullopt, 3.0}), 3.0);
  EXPECT_EQ(**RunKeda("a ?? b ?? 8", names, {7.0, 3.0}), 7.0);
  // A nil trigger outside `??` is a run-time error, as in expr.
  Result<std::optional<double>> err = RunKeda("a + 1", names, {std::nullopt, 3.0});
  ASSERT_FALSE(err);
  EXPECT_EQ(FirstLine(err.error().message()), "invalid operation: <nil> + int (1:3)");
}

// Ported from scale_handler_test.go TestScalingModifiersFormula: the composite metric of
// "trigger_one + trigger_two" over metric values 2 and 5.
TEST(KedaFormulaTest, ScaleHandlerScalingModifiersFormula) {
  Result<std::optional<double>> v =
      RunKeda("trigger_one + trigger_two", {"trigger_one", "trigger_two"}, {2.0, 5.0});
  ASSERT_TRUE(v && v->has_value());
  EXPECT_DOUBLE_EQ(**v, 7.0);
}

struct WebhookCase {
  std::string name;
  std::string formula;
  std::vector<std::string> triggers;  // the named, non cpu/memory triggers
  bool valid;
};

// Ported from scaledobject_webhook_test.go: the ScalingModifiers.Formula cases, each compiled
// with its named triggers and run once with every trigger = -1.
TEST(KedaFormulaTest, WebhookScalingModifiersFormula) {
  const std::vector<WebhookCase> cases = {
      {"should validate the so creation with ScalingModifiers.Formula",
       "workload_trig + cron_trig",
       {"cron_trig", "workload_trig"},
       true},
      {"shouldnt validate the so creation with ScalingModifiers when triggers dont have names",
       "workload_trig + cron_trig",
       {},
       false},
      {"should validate ... when formula triggers do have names but not all triggers",
       "workload_trig + 1",
       {"workload_trig"},
       true},
      {"should validate ... when formula casts to float already",
       "float(workload_trig + 1)",
       {"workload_trig"},
       true},
      {"casting float from ternary operator",
       "float(workload_trig < 5 ? cron_trig + workload_trig : 5)",
       {"cron_trig", "workload_trig"},
       true},
      {"ternary operator without casting float",
       "workload_trig < 5 ? cron_trig + workload_trig : 5",
       {"cron_trig", "workload_trig"},
       true},
      {"count operator",
       "count([trig_one,trig_two],{#>1}) > 1 ? 5 : 0",
       {"trig_one", "trig_two"},
       true},
      {"complex ternary",
       "float(trig_one < 2 ? trig_one+trig_two >= 2 ? 5 : 10 : 0)",
       {"trig_one", "trig_two"},
       true},
      {"double float cast",
       "float(float(trig_two < 5 ? trig_one + trig_two : 5))",
       {"trig_one", "trig_two"},
       true},
      {"fallback behavior", "trig_one ?? trig_two ?? 5", {"trig_one", "trig_two"}, true},
      {"fallback with placeholders",
       "workload_trig_1 + workload_trig_2",
       {"workload_trig_1", "workload_trig_2"},
       true},
  };
  for (const WebhookCase& c : cases) {
    EXPECT_EQ(CheckError(c.formula, c.triggers).empty(), c.valid)
        << c.name << ": " << CheckError(c.formula, c.triggers);
  }
  EXPECT_EQ(FirstLine(CheckError("workload_trig + cron_trig", {})),
            "unknown name workload_trig (1:1)");
}

// The webhook cases' formulas evaluated with real values.
TEST(KedaFormulaTest, WebhookFormulasEvaluate) {
  const std::vector<std::string> names = {"trig_one", "trig_two"};
  EXPECT_EQ(**RunKeda("count([trig_one,trig_two],{#>1}) > 1 ? 5 : 0", names, {2.0, 3.0}), 5.0);
  EXPECT_EQ(**RunKeda("count([trig_one,trig_two],{#>1}) > 1 ? 5 : 0", names, {2.0, 1.0}), 0.0);
  EXPECT_EQ(
      **RunKeda("float(trig_one < 2 ? trig_one+trig_two >= 2 ? 5 : 10 : 0)", names, {1.0, 1.0}),
      5.0);
  EXPECT_EQ(
      **RunKeda("float(trig_one < 2 ? trig_one+trig_two >= 2 ? 5 : 10 : 0)", names, {1.0, 0.5}),
      10.0);
  EXPECT_EQ(
      **RunKeda("float(trig_one < 2 ? trig_one+trig_two >= 2 ? 5 : 10 : 0)", names, {3.0, 0.5}),
      0.0);
  // The ternary's int branch comes back as a float through KEDA's float(...) wrapping.
  EXPECT_EQ(**RunKeda("trig_one < 5 ? trig_one + trig_two : 5", names, {9.0, 1.0}), 5.0);
}

// castToFloatIfNecessary (scaledobject_webhook.go): which formulas KEDA wraps, and how.
TEST(KedaFormulaTest, WebhookCastToFloatIfNecessary) {
  EXPECT_EQ(KedaResultCast("a + b"), ResultCast::kFloat);
  EXPECT_EQ(KedaResultCast("float(a) + b"), ResultCast::kNone);
  EXPECT_EQ(KedaResultCast("a ?? b"), ResultCast::kFloatUnlessNil);
  EXPECT_EQ(KedaResultCast("float(a ?? b)"), ResultCast::kFloatUnlessNil);
  const std::string wrapped =
      "let _kedaCompositeResult = (a ?? b); _kedaCompositeResult == nil ? nil : "
      "float(_kedaCompositeResult)";
  EXPECT_EQ(KedaResultCast(wrapped), ResultCast::kNone);
  // The already-compiled form parses and behaves as the wrapping does.
  const std::vector<std::string> names = {"a", "b"};
  EXPECT_FALSE(RunKeda(wrapped, names, {std::nullopt, std::nullopt})->has_value());
  EXPECT_EQ(**RunKeda(wrapped, names, {std::nullopt, 4.0}), 4.0);
  EXPECT_EQ(**RunKeda("float(a + 1)", names, {1.0, 0.0}), 2.0);
  // An int result becomes a float; a nil result survives only with `??`.
  EXPECT_EQ(**RunKeda("1 + 1", names, {1.0, 1.0}), 2.0);
  Result<std::optional<double>> nil = RunKeda("a", names, {std::nullopt, 1.0});
  ASSERT_FALSE(nil);
  EXPECT_EQ(FirstLine(nil.error().message()), "invalid operation: float(<nil>) (1:1)");
}

// formula.go calculateScalingModifiersFormula: a formula KEDA does not wrap (it starts with
// "float(") may still produce a non-float, which fails at run time.
TEST(KedaFormulaTest, ModifiersNonFloatResult) {
  Result<std::optional<double>> v = RunKeda("float(a) > 1 ? 1 : 2", {"a"}, {5.0});
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().message(), "formula returned non-float result int (1)");
  // The webhook only compiles and runs: it admits this formula.
  EXPECT_EQ(CheckError("float(a) > 1 ? 1 : 2", {"a"}), "");
}

// The webhook runs the formula with every trigger = -1, so a formula that fails only at run time
// is rejected too.
TEST(KedaFormulaTest, WebhookRunsWithDummyValues) {
  EXPECT_EQ(FirstLine(CheckError("int(a) % (int(a) + 1)", {"a"})),
            "runtime error: integer divide by zero (1:8)");
  EXPECT_EQ(CheckError("a / (a + 1)", {"a"}), "");  // float division: -Inf, no error
}

// Triggers are float64 in KEDA's environment: % needs int(...), && needs comparisons.
TEST(KedaFormulaTest, TriggersAreFloat64) {
  EXPECT_EQ(FirstLine(CheckError("queue % 2", {"queue"})),
            "invalid operation: % (mismatched types float64 and int) (1:7)");
  EXPECT_EQ(CheckError("int(queue) % 2", {"queue"}), "");
  EXPECT_EQ(FirstLine(CheckError("a && b", {"a", "b"})),
            "invalid operation: && (mismatched types float64 and float64) (1:3)");
  EXPECT_EQ(FirstLine(CheckError("a > 1", {"a"})), "invalid argument for float (type bool) (1:1)");
  EXPECT_EQ(FirstLine(CheckError("a ? 1 : 2", {"a"})),
            "non-bool expression (type float64) used as condition (1:1)");
}

// Trigger names are not always identifiers; expr reaches them through $env, and a bare name
// with '-' reads as a subtraction.
TEST(KedaFormulaTest, TriggerNamesWithDashes) {
  const std::vector<std::string> names = {"kafka-lag", "rps"};
  EXPECT_EQ(**RunKeda("$env[\"kafka-lag\"] / 100 + rps", names, {500.0, 2.0}), 7.0);
  EXPECT_EQ(**RunKeda("$env['kafka-lag'] ?? 0", names, {std::nullopt, 2.0}), 0.0);
  EXPECT_EQ(FirstLine(CheckError("kafka-lag + rps", names)), "unknown name kafka (1:1)");
}

// Formulas of KEDA's docs (concepts/scaling-deployments.md, "Scaling Modifiers").
TEST(KedaFormulaTest, DocsExamples) {
  const std::vector<std::string> names = {"trig_one", "trig_two", "trig_three"};
  const std::vector<std::optional<double>> values = {4.0, 2.0, 1.0};
  EXPECT_EQ(**RunKeda("(trig_one + trig_two)/2", names, values), 3.0);
  EXPECT_EQ(**RunKeda("trig_one > 2 ? trig_one + trig_two : 1", names, values), 6.0);
  EXPECT_EQ(**RunKeda("count([trig_one,trig_two,trig_three],{#>1}) > 1 ? 5 : 0", names, values),
            5.0);
  EXPECT_EQ(**RunKeda("min(trig_one, 3) + max(trig_two, trig_three)", names, values), 5.0);
  EXPECT_EQ(**RunKeda("ceil(trig_one / 3) * floor(trig_two / 3)", names, values), 0.0);
  EXPECT_EQ(**RunKeda("abs(trig_two - trig_one) + round(2.5)", names, values), 5.0);
}

// Where tidepool clamps: the composite value as a milli-quantity.
TEST(KedaFormulaTest, CompositeMetricMilli) {
  EXPECT_EQ(CompositeMetricMilli(7.0), 7000);
  EXPECT_EQ(CompositeMetricMilli(0.0015), 1);
  EXPECT_EQ(CompositeMetricMilli(std::nan("")), 0);
  EXPECT_EQ(CompositeMetricMilli(std::numeric_limits<double>::infinity()), 0);
  EXPECT_EQ(CompositeMetricMilli(-5), 0);
  EXPECT_EQ(CompositeMetricMilli(1e300), std::numeric_limits<int64_t>::max());
}

TEST(KedaFormulaTest, CheckerIsTheFormulaCheckerType) {
  auto check = KedaFormulaChecker();
  EXPECT_TRUE(check("a * 2", {"a"}));
  Status bad = check("a *", {"a"});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message(), "unexpected token EOF (1:3)\n | a *\n | ..^");
}

}  // namespace
}  // namespace tidepool::formula
