// expr-lang/expr's type checker (checker/checker.go) for the subset tidepool evaluates: resolves
// names (let variables, then the triggers, which are the environment) and infers each node's
// static type, rejecting what expr rejects at compile time with expr's messages:
//   unknown name foo
//   invalid operation: % (mismatched types float64 and int)
//   invalid argument for abs (type bool)
//   non-bool expression (type float64) used as condition
// As in KEDA, whose environment maps every trigger name to a float64, triggers are typed
// float64, so `trigger % 2` does not compile (`int(trigger) % 2` does) even though a failing
// trigger is nil at run time.
//
// What tidepool does not evaluate (strings other than $env keys, maps, arrays other than
// literals and ranges passed to array builtins or `in`, member access other than $env["name"],
// non-numeric builtins) is rejected here with "... is not supported".
#pragma once

#include <span>
#include <string>

#include "formula/lexer.h"
#include "formula/parser.h"
#include "formula/program.h"

namespace tidepool::formula {

// Rewrites `tree` in place: identifiers become kTrigger/kLocal, slots are assigned (their count in
// `slot_count`), every node gets its nature. `cast` adds KEDA's float(...) check of the result.
bool Check(SyntaxTree& tree, std::span<const std::string> trigger_names, ResultCast cast,
           int32_t& slot_count, SourceError& error);

// expr's spelling of a static type in messages: int, float64, bool, nil, unknown.
std::string_view NatureName(Nature n);

}  // namespace tidepool::formula
