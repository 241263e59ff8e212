// expr-lang/expr's builtin functions by name (builtin/builtin.go and the parser's predicate
// table). The numeric ones (abs ceil floor round int float min max mean median) and the
// predicate ones over arrays (all any none one count sum) are implemented; the rest are known so
// that using one reads "builtin X is not supported" and not "unknown name X".
#pragma once

#include <cstdint>
#include <string_view>

#include "formula/program.h"

namespace tidepool::formula {

enum BuiltinArgKind : uint8_t { kExprArg = 1, kPredicateArg = 2, kOptionalArg = 0x80 };

// A builtin whose arguments include a predicate, e.g. count(array, {# > 1}).
struct PredicateSpec {
  std::string_view name;
  uint8_t args[3];  // BuiltinArgKind bits
  int arg_count;
  Builtin fn;  // kUnsupported for the ones tidepool does not evaluate
};

// nullptr when `name` is not a predicate builtin.
const PredicateSpec* FindPredicateBuiltin(std::string_view name);
// kNotBuiltin when `name` is no builtin without predicates.
Builtin FindPlainBuiltin(std::string_view name);
// Any of expr's builtin names (let may not redeclare them).
bool IsBuiltinName(std::string_view name);
// expr's name of an implemented builtin ("abs").
std::string_view BuiltinName(Builtin fn);

}  // namespace tidepool::formula
