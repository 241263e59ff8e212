#include "formula/keda.h"

#include <cmath>

#include "formula/compile.h"
#include "formula/eval.h"

namespace tidepool::formula {

ResultCast KedaResultCast(std::string_view formula) {
  constexpr std::string_view kLetPrefix = "let _kedaCompositeResult = ";
  if (formula.find("??") != std::string_view::npos) {
    // Already in the wrapped form: taken as written.
    if (formula.starts_with(kLetPrefix)) return ResultCast::kNone;
    return ResultCast::kFloatUnlessNil;
  }
  if (formula.starts_with("float(")) return ResultCast::kNone;
  return ResultCast::kFloat;
}

Result<Program> CompileKedaFormula(std::string_view formula,
                                   std::span<const std::string> trigger_names) {
  return Compile(formula, trigger_names, KedaResultCast(formula));
}

Result<std::optional<double>> EvalKedaFormula(
    const Program& program, std::span<const std::optional<double>> trigger_values) {
  Result<Value> v = Eval(program, trigger_values);
  if (!v) return tl::unexpected(v.error());
  if (v->is_nil()) return std::optional<double>();
  if (!v->is_float()) {
    return Fail(ErrorCode::kInvalidArgument, "formula returned non-float result " +
                                                 std::string(GoTypeName(v->kind())) + " (" +
                                                 ToString(*v) + ")");
  }
  return std::optional<double>(v->as_float());
}

int64_t CompositeMetricMilli(double value) {
  if (std::isnan(value) || std::isinf(value) || value < 0) return 0;
  const double milli = value * 1000;
  if (milli >= 9223372036854775807.0) return INT64_MAX;
  return static_cast<int64_t>(milli);
}

Status CheckKedaFormula(std::string_view formula, const std::vector<std::string>& trigger_names) {
  Result<Program> program = CompileKedaFormula(formula, trigger_names);
  if (!program) return tl::unexpected(program.error());
  // KEDA's webhook runs the formula once with a dummy value of -1 for every trigger.
  const std::vector<std::optional<double>> dummies(trigger_names.size(), -1.0);
  Result<Value> v = Eval(*program, dummies);
  if (!v) return tl::unexpected(v.error());
  return OkStatus();
}

std::function<Status(std::string_view, const std::vector<std::string>&)> KedaFormulaChecker() {
  return [](std::string_view formula, const std::vector<std::string>& trigger_names) {
    return CheckKedaFormula(formula, trigger_names);
  };
}

}  // namespace tidepool::formula
