// expr-lang/expr's parser (parser/parser.go), reimplemented: the same grammar, precedence and
// associativity, so a formula means here what it means in KEDA.
//
// Precedence, lowest first: `|` (pipe); `or` `||`; `and` `&&`; `==` `!=` `<` `>` `<=` `>=` `in`;
// `..`; `+` `-`; `*` `/` `%`; unary `not` `!` (binding looser than arithmetic: `!a + b` is
// `!(a + b)`); unary `-` `+`; `**` `^` (right-associative, binding tighter than unary minus:
// `-2 ** 2` is -4); `??` (tightest, and not mixable with other binary operators without
// parentheses). `a < b < c` means `a < b && b < c`. `?:` (and `a ?: b`), `let x = v; body`,
// `if c { a } else { b }` and `;` sequences sit at the lowest level. Predicates `{ # > 1 }` are
// accepted as the arguments of expr's predicate builtins.
//
// The parser builds the syntax tree only; names and types are the checker's (checker.h), as
// in expr, so a syntax error anywhere wins over a type error.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "formula/lexer.h"
#include "formula/program.h"

namespace tidepool::formula {

struct SyntaxTree {
  std::vector<Node> nodes;
  std::vector<int32_t> args;
  std::vector<std::string> strings;  // names and string literals, by index
  int32_t root = -1;
};

// Parses `source`. On failure returns false with the first error (position and expr's
// message, e.g. `unexpected token Operator("+")`).
bool Parse(std::string_view source, SyntaxTree& tree, SourceError& error);

}  // namespace tidepool::formula
