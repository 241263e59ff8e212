// The compiled form of a formula: a flat array of expression nodes (children by index), the
// argument lists of calls and arrays, and the number of local slots (let variables and
// predicate elements) evaluation needs. Built by Compile (compile.h), read by Eval (eval.h);
// immutable afterwards, so one Program may be evaluated from many threads at once.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "formula/value.h"

namespace tidepool::formula {

enum class Op : uint8_t {
  // Leaves.
  kConst,    // constant
  kString,   // string literal; d = string index (compile time only: $env keys)
  kIdent,    // name; d = string index (compile time only, resolved by the checker)
  kTrigger,  // a = trigger index
  kLocal,    // c = slot of a let variable
  kPointer,  // c = slot of the predicate's element (`#`); d = name index of `#name` or -1
  // Unary and binary operators keep their spelling in d (a string index) for messages.
  // Unary; a = operand.
  kNeg,
  kPlus,
  kNot,
  // Binary; a = left, b = right.
  kAdd,
  kSub,
  kMul,
  kDiv,
  kMod,
  kPow,
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kAnd,
  kOr,
  kCoalesce,
  kIn,      // b is an array node
  kRange,   // integers a..b, only as an array
  kMember,  // a = base, b = property (`.name` or `[expr]`); only $env["name"] compiles
  // Others.
  kCond,         // a ? b : c
  kLet,          // let (slot c, name d) = a; b
  kSequence,     // args [a, a+b): each evaluated, the last one's value
  kArray,        // args [a, a+b): elements, only as the argument of an array builtin or `in`
  kCall,         // call of a name that is not a builtin; d = name index; args [a, a+b)
  kBuiltin,      // fn; args [a, a+b)
  kPredicate,    // body a, element slot c
  kUnsupported,  // expr syntax tidepool does not evaluate; d = string index naming it
};

// expr's builtins. The numeric ones are implemented; the others are known so that using one
// gives "builtin X is not supported" rather than "unknown name".
enum class Builtin : uint8_t {
  kNotBuiltin,
  kAbs,
  kCeil,
  kFloor,
  kRound,
  kInt,
  kFloat,
  kMin,
  kMax,
  kMean,
  kMedian,
  kSum,
  kCount,
  kAll,
  kAny,
  kNone,
  kOne,
  kUnsupported,
};

// The static type the checker infers (expr's "nature"): unknown when it cannot tell, as for
// `a ?? 5` with a float trigger.
enum class Nature : uint8_t { kUnknown, kNil, kBool, kInt, kFloat, kArray, kString };

struct Node {
  Op op = Op::kConst;
  Builtin fn = Builtin::kNotBuiltin;
  Nature nature = Nature::kUnknown;
  Nature elem = Nature::kUnknown;  // element nature of arrays
  int32_t a = -1;
  int32_t b = -1;
  int32_t c = -1;
  int32_t d = -1;
  int32_t pos = 0;  // rune offset into the source, for error positions
  Value constant;
};

// How the final value is converted, for KEDA (see keda.h): kFloat is `float(formula)`,
// kFloatUnlessNil is `let r = (formula); r == nil ? nil : float(r)`.
enum class ResultCast : uint8_t { kNone, kFloat, kFloatUnlessNil };

// At most this many let variables and predicates in one formula: evaluation keeps their values
// in a fixed array on the stack.
inline constexpr int32_t kMaxSlots = 64;

class Program {
 public:
  Program() = default;

  const std::string& source() const { return source_; }
  size_t trigger_count() const { return trigger_count_; }
  ResultCast cast() const { return cast_; }
  // The static type of the formula's value before the cast (unknown when it depends on values).
  Nature result_nature() const { return nodes_[static_cast<size_t>(root_)].nature; }

 private:
  friend class Compiler;
  friend class Evaluator;

  std::string source_;
  std::vector<Node> nodes_;
  std::vector<int32_t> args_;
  int32_t root_ = 0;
  int32_t slot_count_ = 0;
  size_t trigger_count_ = 0;
  ResultCast cast_ = ResultCast::kNone;
};

}  // namespace tidepool::formula
