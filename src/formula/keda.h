// KEDA's use of the formula language for ScaledObject advanced.scalingModifiers
// (pkg/scaling/modifiers/formula.go, apis/keda/v1alpha1/scaledobject_webhook.go).
//
// KEDA compiles the formula with every named trigger (except cpu and memory ones) bound to a
// float64, after castToFloatIfNecessary rewrites it: `float(<formula>)`, unless it already
// starts with "float("; or, when it contains "??", `let _kedaCompositeResult = (<formula>);
// _kedaCompositeResult == nil ? nil : float(_kedaCompositeResult)` so that a nil result reaches
// the fallback. Tidepool compiles the formula as written and applies the same conversion to its
// result (ResultCast), so error positions point into what the user wrote.
//
// Layers: the formula returns the composite value as computed (Inf from x / 0, NaN, negatives
// included). Each trigger's own value was already clamped to >= 0 (NaN and Inf to 0) by the
// scaler layer when it reported it, as KEDA's GenerateMetricInMili does; CompositeMetricMilli
// below converts the composite value for the HPA maths, clamping it the same way.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "formula/program.h"

namespace tidepool::formula {

// castToFloatIfNecessary's choice for `formula`.
ResultCast KedaResultCast(std::string_view formula);

// Compiles a scalingModifiers formula as KEDA does, `trigger_names` bound in order.
[[nodiscard]] Result<Program> CompileKedaFormula(std::string_view formula,
                                                 std::span<const std::string> trigger_names);

// Runs a compiled scalingModifiers formula: a failing trigger is nullopt (nil in the formula).
// Returns the composite value, or nullopt when the formula yields nil (KEDA then uses
// fallback.replicas × target). Fails on a run-time error, and, as KEDA does, when the value is not
// a float ("formula returned non-float result int (5)"), which happens only for formulas that
// start with "float(" and are therefore not wrapped.
[[nodiscard]] Result<std::optional<double>> EvalKedaFormula(
    const Program& program, std::span<const std::optional<double>> trigger_values);

// The composite metric as a milli-value for the HPA maths (KEDA: int64(value * 1000),
// truncating). NaN, ±Inf and negative values give 0, as for every other metric value; values too
// large for int64 saturate.
int64_t CompositeMetricMilli(double value);

// The admission webhook's check: compile with the triggers bound and run once with every
// trigger = -1, returning the compile or run error (expr's message with position).
[[nodiscard]] Status CheckKedaFormula(std::string_view formula,
                                      const std::vector<std::string>& trigger_names);

// CheckKedaFormula as the api::keda::FormulaChecker that ScaledObject validation takes (the same
// std::function type, declared here without depending on the api library).
std::function<Status(std::string_view, const std::vector<std::string>&)> KedaFormulaChecker();

}  // namespace tidepool::formula
