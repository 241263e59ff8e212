// Helpers for the formula tests: compile and run in one step.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "formula/compile.h"
#include "formula/eval.h"

namespace tidepool::formula {

inline void PrintTo(const Value& v, std::ostream* os) {
  *os << GoTypeName(v.kind()) << "(" << ToString(v) << ")";
}

}  // namespace tidepool::formula

namespace tidepool::formula::testing {

struct Binding {
  std::vector<std::string> names;
  std::vector<std::optional<double>> values;
};

inline Result<Value> RunFormula(std::string_view source, const Binding& env = {},
                                ResultCast cast = ResultCast::kNone) {
  Result<Program> program = Compile(source, env.names, cast);
  if (!program) return tl::unexpected(program.error());
  return Eval(*program, env.values);
}

// The error message of a compile or run failure; "" when it succeeded.
inline std::string ErrorOf(std::string_view source, const Binding& env = {}) {
  Result<Value> v = RunFormula(source, env);
  return v ? "" : v.error().message();
}

// The first line of an error message: expr's "message (line:column)" without the caret lines.
inline std::string FirstLine(const std::string& message) {
  return message.substr(0, message.find('\n'));
}

}  // namespace tidepool::formula::testing
