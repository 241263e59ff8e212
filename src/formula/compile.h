// Compiles a formula in expr-lang/expr's language (the language of KEDA's
// advanced.scalingModifiers.formula) into a Program that Eval (eval.h) runs.
//
// The language: number literals (42, 0x2A, 0o52, 0b101010, 1_000, 0.5, .5, 1e3), true, false,
// nil; the trigger names as variables (a name that is not an identifier, such as one with a
// '-', is written $env["my-trigger"]); arithmetic + - * / % ** ^ (/ always divides as floats,
// % needs integers, ** and ^ give floats); comparisons == != < <= > >= (chainable:
// 1 < x < 3); && || ! and, or, not; c ? a : b, a ?: b, if c { a } else { b }; a ?? b (b when a
// is nil); let x = v; body; parentheses; comments; array literals and ranges (1..5) as arguments
// of the array builtins and on the right of `in`; the builtins abs ceil floor round int float
// min max mean median, and all any none one count sum with predicates ({# > 1}). Precedence and
// semantics are expr's (parser.h, checker.h, eval.h).
//
// Errors read as expr's, with the position and a caret line:
//   unknown name foo (1:5)
//    | 1 + foo
//    | ....^
// The result is an immutable Program; compiling allocates, evaluating does not.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "core/status.h"
#include "formula/program.h"

namespace tidepool::formula {

// Compiles `source` with `trigger_names` bound, in that order, to the values Eval is given.
// `cast` converts the result as KEDA does (see keda.h); kNone leaves it as computed. Fails with
// kInvalidArgument and expr's message and position.
[[nodiscard]] Result<Program> Compile(std::string_view source,
                                      std::span<const std::string> trigger_names,
                                      ResultCast cast = ResultCast::kNone);

// expr's error text: `message (line:column)` and the source line with a caret under the rune at
// `pos` (lines and columns from 1, counting runes). Only the message for an empty line.
std::string FormatSourceError(std::string_view source, int32_t pos, std::string_view message);

}  // namespace tidepool::formula
