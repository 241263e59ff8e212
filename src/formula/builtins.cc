#include "formula/builtins.h"

namespace tidepool::formula {
namespace {

// expr's `predicates` table: builtins whose arguments include a predicate.
constexpr PredicateSpec kPredicates[] = {
    {"all", {kExprArg, kPredicateArg}, 2, Builtin::kAll},
    {"none", {kExprArg, kPredicateArg}, 2, Builtin::kNone},
    {"any", {kExprArg, kPredicateArg}, 2, Builtin::kAny},
    {"one", {kExprArg, kPredicateArg}, 2, Builtin::kOne},
    {"filter", {kExprArg, kPredicateArg}, 2, Builtin::kUnsupported},
    {"map", {kExprArg, kPredicateArg}, 2, Builtin::kUnsupported},
    {"count", {kExprArg, kPredicateArg | kOptionalArg}, 2, Builtin::kCount},
    {"sum", {kExprArg, kPredicateArg | kOptionalArg}, 2, Builtin::kSum},
    {"find", {kExprArg, kPredicateArg}, 2, Builtin::kUnsupported},
    {"findIndex", {kExprArg, kPredicateArg}, 2, Builtin::kUnsupported},
    {"findLast", {kExprArg, kPredicateArg}, 2, Builtin::kUnsupported},
    {"findLastIndex", {kExprArg, kPredicateArg}, 2, Builtin::kUnsupported},
    {"groupBy", {kExprArg, kPredicateArg}, 2, Builtin::kUnsupported},
    {"sortBy", {kExprArg, kPredicateArg, kExprArg | kOptionalArg}, 3, Builtin::kUnsupported},
    {"reduce", {kExprArg, kPredicateArg, kExprArg | kOptionalArg}, 3, Builtin::kUnsupported},
};

struct PlainBuiltin {
  std::string_view name;
  Builtin fn;
};

// expr's other builtins (builtin.Builtins).
constexpr PlainBuiltin kPlainBuiltins[] = {
    {"abs", Builtin::kAbs},       {"ceil", Builtin::kCeil}, {"floor", Builtin::kFloor},
    {"round", Builtin::kRound},   {"int", Builtin::kInt},   {"float", Builtin::kFloat},
    {"max", Builtin::kMax},       {"min", Builtin::kMin},   {"mean", Builtin::kMean},
    {"median", Builtin::kMedian},
};

constexpr std::string_view kUnsupportedBuiltins[] = {
    "len",         "type",      "string",     "trim",     "trimPrefix", "trimSuffix", "upper",
    "lower",       "split",     "splitAfter", "replace",  "repeat",     "join",       "indexOf",
    "lastIndexOf", "hasPrefix", "hasSuffix",  "toJSON",   "fromJSON",   "toBase64",   "fromBase64",
    "now",         "duration",  "date",       "timezone", "first",      "last",       "get",
    "take",        "keys",      "values",     "toPairs",  "fromPairs",  "reverse",    "uniq",
    "concat",      "flatten",   "sort",       "bitand",   "bitor",      "bitxor",     "bitnand",
    "bitnot",      "bitshl",    "bitshr",     "bitushr",
};

}  // namespace

const PredicateSpec* FindPredicateBuiltin(std::string_view name) {
  for (const PredicateSpec& p : kPredicates) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

Builtin FindPlainBuiltin(std::string_view name) {
  for (const PlainBuiltin& b : kPlainBuiltins) {
    if (b.name == name) return b.fn;
  }
  for (std::string_view n : kUnsupportedBuiltins) {
    if (n == name) return Builtin::kUnsupported;
  }
  return Builtin::kNotBuiltin;
}

bool IsBuiltinName(std::string_view name) {
  return FindPredicateBuiltin(name) != nullptr || FindPlainBuiltin(name) != Builtin::kNotBuiltin;
}

std::string_view BuiltinName(Builtin fn) {
  for (const PlainBuiltin& b : kPlainBuiltins) {
    if (b.fn == fn) return b.name;
  }
  for (const PredicateSpec& p : kPredicates) {
    if (p.fn == fn) return p.name;
  }
  return "?";
}

}  // namespace tidepool::formula
