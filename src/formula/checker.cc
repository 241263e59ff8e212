#include "formula/checker.h"

#include <string>
#include <vector>

#include "formula/builtins.h"

namespace tidepool::formula {
namespace {

// Deeper trees than this are refused: checking and evaluation recurse once per level.
constexpr int kMaxDepth = 500;

constexpr std::string_view kArrayContexts =
    "an array is only supported as the first argument of all, any, none, one, count, sum, min, "
    "max, mean or median, or on the right of in";

bool IsNumber(Nature n) { return n == Nature::kInt || n == Nature::kFloat; }
bool IsUnknown(Nature n) { return n == Nature::kUnknown; }

template <class Pred>
bool MaybeCompatible(Nature l, Nature r, Pred check) {
  return (IsUnknown(l) && IsUnknown(r)) || (IsUnknown(l) && check(r)) || (IsUnknown(r) && check(l));
}

bool ComparableTo(Nature l, Nature r) {
  return IsUnknown(l) || IsUnknown(r) || l == Nature::kNil || r == Nature::kNil ||
         (IsNumber(l) && IsNumber(r)) || l == r;
}

Nature Promote(Nature l, Nature r) {
  if (IsUnknown(l) || IsUnknown(r)) return Nature::kUnknown;
  if (l == Nature::kFloat || r == Nature::kFloat) return Nature::kFloat;
  return Nature::kInt;
}

Nature NatureOf(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kNil:
      return Nature::kNil;
    case Value::Kind::kBool:
      return Nature::kBool;
    case Value::Kind::kInt:
      return Nature::kInt;
    case Value::Kind::kFloat:
      return Nature::kFloat;
  }
  return Nature::kUnknown;
}

class Checker {
 public:
  Checker(SyntaxTree& tree, std::span<const std::string> names) : tree_(tree), names_(names) {}

  bool Run(ResultCast cast, int32_t& slot_count, SourceError& error) {
    const Nature result = Visit(tree_.root);
    if (!failed_ && cast != ResultCast::kNone) {
      // KEDA compiles float(formula): the result must be something float() takes.
      if (!IsNumber(result) && !IsUnknown(result)) {
        Fail(tree_.root,
             "invalid argument for float (type " + std::string(NatureName(result)) + ")");
        error_.pos = 0;
      }
    }
    if (failed_) {
      error = error_;
      return false;
    }
    slot_count = slot_count_;
    return true;
  }

 private:
  Node& At(int32_t i) { return tree_.nodes[static_cast<size_t>(i)]; }
  int32_t Arg(const Node& n, int32_t k) const { return tree_.args[static_cast<size_t>(n.a + k)]; }
  const std::string& Str(int32_t index) const { return tree_.strings[static_cast<size_t>(index)]; }

  Nature Fail(int32_t node, std::string message) {
    if (!failed_) {
      failed_ = true;
      error_.pos = At(node).pos;
      error_.message = std::move(message);
    }
    return Nature::kUnknown;
  }

  Nature Visit(int32_t i) {
    if (++depth_ > kMaxDepth) {
      --depth_;
      return Fail(i, "compilation failed: expression is nested too deeply");
    }
    const Nature n = VisitNode(i);
    --depth_;
    At(i).nature = n;
    return n;
  }

  Nature VisitNode(int32_t i) {
    Node& n = At(i);
    switch (n.op) {
      case Op::kConst:
        return NatureOf(n.constant);
      case Op::kString:
        return Fail(i,
                    "string values are not supported (a string may only name a trigger, as "
                    "in $env[\"my-trigger\"])");
      case Op::kIdent:
        return Identifier(i, Str(n.d));
      case Op::kTrigger:
        return Nature::kFloat;
      case Op::kLocal:
        return Nature::kUnknown;  // not produced by the parser
      case Op::kPointer:
        return Pointer(i);
      case Op::kNeg:
      case Op::kPlus:
      case Op::kNot:
        return Unary(i);
      case Op::kAdd:
      case Op::kSub:
      case Op::kMul:
      case Op::kDiv:
      case Op::kMod:
      case Op::kPow:
      case Op::kEq:
      case Op::kNe:
      case Op::kLt:
      case Op::kLe:
      case Op::kGt:
      case Op::kGe:
      case Op::kAnd:
      case Op::kOr:
      case Op::kCoalesce:
        return Binary(i);
      case Op::kIn:
        return In(i);
      case Op::kRange:
      case Op::kArray:
        return Fail(i, std::string(kArrayContexts));
      case Op::kMember:
        return Member(i);
      case Op::kCond:
        return Conditional(i);
      case Op::kLet:
        return Let(i);
      case Op::kSequence: {
        Nature last = Nature::kUnknown;
        for (int32_t k = 0; k < n.b; ++k) last = Visit(Arg(At(i), k));
        return last;
      }
      case Op::kCall:
        return Call(i);
      case Op::kBuiltin:
        return BuiltinCall(i);
      case Op::kPredicate:
        return Fail(i, "unexpected predicate");
      case Op::kUnsupported:
        return Fail(i, Str(n.d) + " is not supported");
    }
    return Nature::kUnknown;
  }

  // Let variables shadow nothing (expr forbids redeclaring a name), so lookup order only
  // matters between a variable and the environment: variables first.
  Nature Identifier(int32_t i, const std::string& name) {
    for (size_t k = vars_.size(); k-- > 0;) {
      if (vars_[k].name == name) {
        At(i).op = Op::kLocal;
        At(i).c = vars_[k].slot;
        return vars_[k].nature;
      }
    }
    if (name == "$env") {
      return Fail(i, "$env is only supported with a trigger name, as in $env[\"my-trigger\"]");
    }
    const int32_t trigger = FindTrigger(name);
    if (trigger < 0) return Fail(i, "unknown name " + name);
    At(i).op = Op::kTrigger;
    At(i).a = trigger;
    return Nature::kFloat;
  }

  int32_t FindTrigger(std::string_view name) const {
    for (size_t k = 0; k < names_.size(); ++k) {
      if (names_[k] == name) return static_cast<int32_t>(k);
    }
    return -1;
  }

  Nature Pointer(int32_t i) {
    if (preds_.empty()) return Fail(i, "cannot use pointer accessor outside predicate");
    if (At(i).d >= 0) return Fail(i, "unknown pointer #" + Str(At(i).d));
    At(i).c = preds_.back().slot;
    return preds_.back().elem;
  }

  Nature Unary(int32_t i) {
    const Nature operand = Visit(At(i).a);
    const Node& n = At(i);
    if (n.op == Op::kNot) {
      if (operand == Nature::kBool || IsUnknown(operand)) return Nature::kBool;
    } else {
      if (IsNumber(operand)) return operand;
      if (IsUnknown(operand)) return Nature::kUnknown;
    }
    return Fail(i, "invalid operation: " + Str(n.d) + " (mismatched type " +
                       std::string(NatureName(operand)) + ")");
  }

  Nature Binary(int32_t i) {
    const Nature l = Visit(At(i).a);
    const Nature r = Visit(At(i).b);
    const Node& n = At(i);
    auto is_number = [](Nature x) { return IsNumber(x); };
    switch (n.op) {
      case Op::kEq:
      case Op::kNe:
        if (ComparableTo(l, r)) return Nature::kBool;
        break;
      case Op::kAnd:
      case Op::kOr:
        if (l == Nature::kBool && r == Nature::kBool) return Nature::kBool;
        if (MaybeCompatible(l, r, [](Nature x) { return x == Nature::kBool; })) {
          return Nature::kBool;
        }
        break;
      case Op::kLt:
      case Op::kLe:
      case Op::kGt:
      case Op::kGe:
        if ((IsNumber(l) && IsNumber(r)) || MaybeCompatible(l, r, is_number)) {
          return Nature::kBool;
        }
        break;
      case Op::kAdd:
      case Op::kSub:
      case Op::kMul:
        if (IsNumber(l) && IsNumber(r)) return Promote(l, r);
        if (MaybeCompatible(l, r, is_number)) return Nature::kUnknown;
        break;
      case Op::kDiv:
      case Op::kPow:
        if ((IsNumber(l) && IsNumber(r)) || MaybeCompatible(l, r, is_number)) {
          return Nature::kFloat;
        }
        break;
      case Op::kMod:
        if ((l == Nature::kInt && r == Nature::kInt) ||
            MaybeCompatible(l, r, [](Nature x) { return x == Nature::kInt; })) {
          return Nature::kInt;
        }
        break;
      case Op::kCoalesce:
        if (l == Nature::kNil && r != Nature::kNil) return r;
        if (l != Nature::kNil && r == Nature::kNil) return l;
        if (l == Nature::kNil && r == Nature::kNil) return Nature::kNil;
        if (l == r && !IsUnknown(l)) return l;
        return Nature::kUnknown;
      default:
        break;
    }
    return Fail(i, "invalid operation: " + Str(n.d) + " (mismatched types " +
                       std::string(NatureName(l)) + " and " + std::string(NatureName(r)) + ")");
  }

  Nature In(int32_t i) {
    const Nature l = Visit(At(i).a);
    const int32_t right = At(i).b;
    const Op right_op = At(right).op;
    if (right_op != Op::kArray && right_op != Op::kRange) {
      const Nature r = Visit(right);
      if (failed_) return Nature::kUnknown;
      return Fail(i, "invalid operation: in (mismatched types " + std::string(NatureName(l)) +
                         " and " + std::string(NatureName(r)) + "); " +
                         std::string(kArrayContexts));
    }
    VisitArray(right);
    RejectNestedArrays(right);
    if (failed_) return Nature::kUnknown;
    const Nature elem = At(right).elem;
    if (!ComparableTo(l, elem)) {
      return Fail(i, "cannot use " + std::string(NatureName(l)) + " as type " +
                         std::string(NatureName(elem)) + " in array");
    }
    return Nature::kBool;
  }

  // An array literal or range where an array is expected; nested arrays are allowed (min, max,
  // mean and median flatten them).
  Nature VisitArray(int32_t i) {
    Node& n = At(i);
    if (n.op == Op::kRange) {
      const Nature l = Visit(n.a);
      const Nature r = Visit(At(i).b);
      if (!((l == Nature::kInt && r == Nature::kInt) ||
            MaybeCompatible(l, r, [](Nature x) { return x == Nature::kInt; }))) {
        return Fail(i, "invalid operation: .. (mismatched types " + std::string(NatureName(l)) +
                           " and " + std::string(NatureName(r)) + ")");
      }
      At(i).elem = Nature::kInt;
      At(i).nature = Nature::kArray;
      return Nature::kArray;
    }
    if (n.op != Op::kArray) return Visit(i);
    Nature elem = Nature::kUnknown;
    for (int32_t k = 0; k < n.b; ++k) {
      const int32_t element = Arg(At(i), k);
      const Op op = At(element).op;
      const Nature e =
          (op == Op::kArray || op == Op::kRange) ? VisitArray(element) : Visit(element);
      elem = k == 0 ? e : (e == elem ? elem : Nature::kUnknown);
    }
    At(i).elem = elem;
    At(i).nature = Nature::kArray;
    return Nature::kArray;
  }

  Nature Member(int32_t i) {
    const Node& n = At(i);
    const Node& base = At(n.a);
    const Node& property = At(n.b);
    if (base.op == Op::kIdent && Str(base.d) == "$env" && !IsVariable("$env") &&
        property.op == Op::kString) {
      const std::string& name = Str(property.d);
      const int32_t trigger = FindTrigger(name);
      if (trigger < 0) return Fail(i, "unknown name " + name);
      At(i).op = Op::kTrigger;
      At(i).a = trigger;
      return Nature::kFloat;
    }
    if (base.op == Op::kIdent && Str(base.d) == "$env") {
      return Fail(i, "$env is only supported with a trigger name, as in $env[\"my-trigger\"]");
    }
    const Nature b = Visit(n.a);
    if (failed_) return Nature::kUnknown;
    if (At(n.b).op == Op::kString) {
      return Fail(i, "type " + std::string(NatureName(b)) + " has no field " + Str(At(n.b).d));
    }
    const Nature p = Visit(At(i).b);
    if (failed_) return Nature::kUnknown;
    return Fail(i, "type " + std::string(NatureName(b)) + "[" + std::string(NatureName(p)) +
                       "] is undefined");
  }

  // Elements that are arrays themselves are only flattened by min, max, mean and median.
  Nature RejectNestedArrays(int32_t array) {
    if (At(array).op != Op::kArray) return Nature::kArray;
    for (int32_t k = 0; k < At(array).b; ++k) {
      const int32_t element = Arg(At(array), k);
      if (At(element).op == Op::kArray || At(element).op == Op::kRange) {
        return Fail(element, "nested arrays are only supported by min, max, mean and median");
      }
    }
    return Nature::kArray;
  }

  bool IsVariable(std::string_view name) const {
    for (const Var& v : vars_) {
      if (v.name == name) return true;
    }
    return false;
  }

  Nature Conditional(int32_t i) {
    const Nature c = Visit(At(i).a);
    if (c != Nature::kBool && !IsUnknown(c)) {
      return Fail(At(i).a, "non-bool expression (type " + std::string(NatureName(c)) +
                               ") used as condition");
    }
    const Nature t1 = Visit(At(i).b);
    const Nature t2 = Visit(At(i).c);
    if (t1 == Nature::kNil && t2 != Nature::kNil) return t2;
    if (t1 != Nature::kNil && t2 == Nature::kNil) return t1;
    if (t1 == Nature::kNil && t2 == Nature::kNil) return Nature::kNil;
    if (t1 == t2 && !IsUnknown(t1)) return t1;
    return Nature::kUnknown;
  }

  Nature Let(int32_t i) {
    const std::string& name = Str(At(i).d);
    if (FindTrigger(name) >= 0) return Fail(i, "cannot redeclare " + name);
    if (IsBuiltinName(name)) return Fail(i, "cannot redeclare builtin " + name);
    if (IsVariable(name)) return Fail(i, "cannot redeclare variable " + name);
    const Nature value = Visit(At(i).a);
    const int32_t slot = NewSlot(i);
    if (slot < 0) return Nature::kUnknown;
    At(i).c = slot;
    vars_.push_back(Var{name, value, slot});
    const Nature body = Visit(At(i).b);
    vars_.pop_back();
    return body;
  }

  int32_t NewSlot(int32_t node) {
    if (slot_count_ >= kMaxSlots) {
      Fail(node, "compilation failed: more than " + std::to_string(kMaxSlots) +
                     " variables and predicates");
      return -1;
    }
    return slot_count_++;
  }

  Nature Call(int32_t i) {
    const std::string& name = Str(At(i).d);
    for (const Var& v : vars_) {
      if (v.name == name) return Fail(i, std::string(NatureName(v.nature)) + " is not callable");
    }
    if (FindTrigger(name) >= 0) return Fail(i, "float64 is not callable");
    return Fail(i, "unknown name " + name);
  }

  std::string ArgName(Nature n) const { return std::string(NatureName(n)); }

  Nature BuiltinCall(int32_t i) {
    const Builtin fn = At(i).fn;
    const std::string& name = Str(At(i).d);
    const int32_t argc = At(i).b;
    switch (fn) {
      case Builtin::kAbs:
      case Builtin::kCeil:
      case Builtin::kFloor:
      case Builtin::kRound:
      case Builtin::kInt:
      case Builtin::kFloat: {
        if (argc != 1) {
          for (int32_t k = 0; k < argc; ++k) Visit(Arg(At(i), k));
          return Fail(i,
                      "invalid number of arguments (expected 1, got " + std::to_string(argc) + ")");
        }
        const Nature arg = Visit(Arg(At(i), 0));
        if (!IsNumber(arg) && !IsUnknown(arg)) {
          return Fail(i, "invalid argument for " + name + " (type " + ArgName(arg) + ")");
        }
        if (fn == Builtin::kAbs) return arg;
        if (fn == Builtin::kInt) return Nature::kInt;
        return Nature::kFloat;
      }
      case Builtin::kMin:
      case Builtin::kMax:
      case Builtin::kMean:
      case Builtin::kMedian:
        return Aggregate(i, name);
      case Builtin::kAll:
      case Builtin::kAny:
      case Builtin::kNone:
      case Builtin::kOne:
      case Builtin::kCount:
      case Builtin::kSum:
        return PredicateCall(i, name);
      case Builtin::kNotBuiltin:
      case Builtin::kUnsupported:
        break;
    }
    return Fail(i, "builtin " + name + " is not supported");
  }

  // expr's validateAggregateFunc: numbers, or arrays (then the result type is unknown).
  Nature Aggregate(int32_t i, const std::string& name) {
    const int32_t argc = At(i).b;
    if (argc == 0) return Fail(i, "not enough arguments to call " + name);
    Nature first = Nature::kUnknown;
    bool unknown = false;
    for (int32_t k = 0; k < argc; ++k) {
      const int32_t arg = Arg(At(i), k);
      const Nature a = VisitArray(arg);
      if (failed_) return Nature::kUnknown;
      if (unknown) continue;
      if (a == Nature::kArray || IsUnknown(a)) {
        unknown = true;
      } else if (!IsNumber(a)) {
        return Fail(i, "invalid argument for " + name + " (type " + ArgName(a) + ")");
      }
      if (k == 0) first = a;
    }
    return unknown ? Nature::kUnknown : first;
  }

  Nature PredicateCall(int32_t i, const std::string& name) {
    const Builtin fn = At(i).fn;
    const int32_t collection = Arg(At(i), 0);
    const Op op = At(collection).op;
    if (op != Op::kArray && op != Op::kRange) {
      const Nature c = Visit(collection);
      if (failed_) return Nature::kUnknown;
      if (IsUnknown(c)) return Fail(collection, std::string(kArrayContexts));
      return Fail(collection, "builtin " + name + " takes only array (got " + ArgName(c) + ")");
    }
    VisitArray(collection);
    RejectNestedArrays(collection);
    if (failed_) return Nature::kUnknown;
    const Nature elem = At(collection).elem;
    if (At(i).b < 2) {
      if (fn == Builtin::kCount) return Nature::kInt;
      return elem;  // sum
    }
    const int32_t predicate = Arg(At(i), 1);
    const int32_t slot = NewSlot(predicate);
    if (slot < 0) return Nature::kUnknown;
    At(predicate).c = slot;
    preds_.push_back(Pred{elem, slot});
    const Nature out = Visit(At(predicate).a);
    preds_.pop_back();
    At(predicate).nature = out;
    if (failed_) return Nature::kUnknown;
    if (fn == Builtin::kSum) return out;
    if (out != Nature::kBool && !IsUnknown(out)) {
      return Fail(predicate, "predicate should return boolean (got " + ArgName(out) + ")");
    }
    return fn == Builtin::kCount ? Nature::kInt : Nature::kBool;
  }

  struct Var {
    std::string name;
    Nature nature;
    int32_t slot;
  };
  struct Pred {
    Nature elem;
    int32_t slot;
  };

  SyntaxTree& tree_;
  std::span<const std::string> names_;
  std::vector<Var> vars_;
  std::vector<Pred> preds_;
  int32_t slot_count_ = 0;
  int depth_ = 0;
  bool failed_ = false;
  SourceError error_;
};

}  // namespace

std::string_view NatureName(Nature n) {
  switch (n) {
    case Nature::kUnknown:
      return "unknown";
    case Nature::kNil:
      return "nil";
    case Nature::kBool:
      return "bool";
    case Nature::kInt:
      return "int";
    case Nature::kFloat:
      return "float64";
    case Nature::kArray:
      return "[]interface {}";
    case Nature::kString:
      return "string";
  }
  return "?";
}

bool Check(SyntaxTree& tree, std::span<const std::string> trigger_names, ResultCast cast,
           int32_t& slot_count, SourceError& error) {
  Checker checker(tree, trigger_names);
  return checker.Run(cast, slot_count, error);
}

}  // namespace tidepool::formula
