#include "formula/eval.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <string>

#include "formula/builtins.h"
#include "formula/compile.h"

namespace tidepool::formula {
namespace {

// expr's default memory budget bounds ranges; tidepool uses it as the longest range iterated.
constexpr int64_t kMaxRange = 1'000'000;
// median sorts its values in a fixed buffer on the stack.
constexpr size_t kMaxMedianValues = 1024;

int64_t WrapAdd(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b));
}
int64_t WrapSub(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) - static_cast<uint64_t>(b));
}
int64_t WrapMul(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) * static_cast<uint64_t>(b));
}

// Go's int(f) on amd64: truncation toward zero, and the "integer indefinite" value
// (math.MinInt64) when f is NaN or out of range.
int64_t GoFloatToInt(double f) {
  if (std::isnan(f) || f >= 9223372036854775808.0 || f < -9223372036854775808.0) {
    return INT64_MIN;
  }
  return static_cast<int64_t>(f);
}

// runtime.Equal for the values tidepool has.
bool Equal(const Value& a, const Value& b) {
  if (a.is_int() && b.is_int()) return a.as_int() == b.as_int();
  if (a.is_number() && b.is_number()) return a.ToDouble() == b.ToDouble();
  if (a.is_bool() && b.is_bool()) return a.as_bool() == b.as_bool();
  return a.is_nil() && b.is_nil();
}

// runtime.Less and friends on two numbers.
bool Compare(Op op, const Value& a, const Value& b) {
  if (a.is_int() && b.is_int()) {
    const int64_t x = a.as_int();
    const int64_t y = b.as_int();
    switch (op) {
      case Op::kLt:
        return x < y;
      case Op::kLe:
        return x <= y;
      case Op::kGt:
        return x > y;
      default:
        return x >= y;
    }
  }
  const double x = a.ToDouble();
  const double y = b.ToDouble();
  switch (op) {
    case Op::kLt:
      return x < y;
    case Op::kLe:
      return x <= y;
    case Op::kGt:
      return x > y;
    default:
      return x >= y;
  }
}

std::string_view OpSymbol(Op op) {
  switch (op) {
    case Op::kAdd:
      return "+";
    case Op::kSub:
      return "-";
    case Op::kMul:
      return "*";
    case Op::kDiv:
      return "/";
    case Op::kMod:
      return "%";
    case Op::kLt:
      return "<";
    case Op::kLe:
      return "<=";
    case Op::kGt:
      return ">";
    case Op::kGe:
      return ">=";
    default:
      return "?";
  }
}

}  // namespace

// Walks the program's tree. A failure is recorded (first one wins) and unwinds through the
// `failed_` checks; its message is formatted only then.
class Evaluator {
 public:
  Evaluator(const Program& p, std::span<const std::optional<double>> triggers)
      : p_(p), triggers_(triggers) {}

  Result<Value> Run() {
    Value v = Eval(p_.root_);
    if (!failed_) v = ApplyCast(v);
    if (failed_) {
      return Fail(ErrorCode::kInvalidArgument, FormatSourceError(p_.source_, pos_, Message()));
    }
    return v;
  }

 private:
  enum class Failure : uint8_t {
    kBinary,        // invalid operation: <l> <op> <r>
    kNegate,        // invalid operation: - <l>
    kNotBool,       // interface conversion: interface {} is <l>, not bool
    kDivideByZero,  // runtime error: integer divide by zero
    kToFloat,       // invalid operation: float(<l>)
    kToInt,         // invalid operation: int(<l>)
    kArgument,      // invalid argument for <name> (type <l>)
    kRange,         // memory budget exceeded
    kTooMany,       // median of more than N values
  };

  const Node& At(int32_t i) const { return p_.nodes_[static_cast<size_t>(i)]; }
  int32_t Arg(const Node& n, int32_t k) const { return p_.args_[static_cast<size_t>(n.a + k)]; }

  Value Raise(int32_t node, Failure f, Value::Kind l = Value::Kind::kNil,
              Value::Kind r = Value::Kind::kNil, std::string_view name = {}) {
    if (!failed_) {
      failed_ = true;
      pos_ = node >= 0 ? At(node).pos : 0;
      failure_ = f;
      left_ = l;
      right_ = r;
      name_ = name;
    }
    return Value();
  }

  std::string Message() const {
    const std::string l(GoTypeName(left_));
    const std::string r(GoTypeName(right_));
    switch (failure_) {
      case Failure::kBinary:
        return "invalid operation: " + l + " " + std::string(name_) + " " + r;
      case Failure::kNegate:
        return "invalid operation: - " + l;
      case Failure::kNotBool:
        return "interface conversion: interface {} is " +
               (left_ == Value::Kind::kNil ? std::string("nil") : l) + ", not bool";
      case Failure::kDivideByZero:
        return "runtime error: integer divide by zero";
      case Failure::kToFloat:
        return "invalid operation: float(" + l + ")";
      case Failure::kToInt:
        return "invalid operation: int(" + l + ")";
      case Failure::kArgument:
        return "invalid argument for " + std::string(name_) + " (type " + l + ")";
      case Failure::kRange:
        return "memory budget exceeded";
      case Failure::kTooMany:
        return "median of more than " + std::to_string(kMaxMedianValues) +
               " values is not supported";
    }
    return "?";
  }

  Value ApplyCast(const Value& v) {
    switch (p_.cast_) {
      case ResultCast::kNone:
        return v;
      case ResultCast::kFloatUnlessNil:
        if (v.is_nil()) return v;
        [[fallthrough]];
      case ResultCast::kFloat:
        if (!v.is_number()) return Raise(-1, Failure::kToFloat, v.kind());
        return Value::Float(v.ToDouble());
    }
    return v;
  }

  Value Eval(int32_t i) {
    const Node& n = At(i);
    switch (n.op) {
      case Op::kConst:
        return n.constant;
      case Op::kTrigger: {
        const std::optional<double>& t = triggers_[static_cast<size_t>(n.a)];
        return t ? Value::Float(*t) : Value::Nil();
      }
      case Op::kLocal:
      case Op::kPointer:
        return slots_[static_cast<size_t>(n.c)];
      case Op::kNeg: {
        const Value v = Eval(n.a);
        if (failed_) return {};
        if (v.is_int()) return Value::Int(WrapSub(0, v.as_int()));
        if (v.is_float()) return Value::Float(-v.as_float());
        return Raise(i, Failure::kNegate, v.kind());
      }
      case Op::kPlus:
        return Eval(n.a);
      case Op::kNot: {
        const Value v = Eval(n.a);
        if (failed_) return {};
        if (!v.is_bool()) return Raise(i, Failure::kNotBool, v.kind());
        return Value::Bool(!v.as_bool());
      }
      case Op::kAdd:
      case Op::kSub:
      case Op::kMul:
      case Op::kDiv:
      case Op::kMod:
      case Op::kPow:
      case Op::kLt:
      case Op::kLe:
      case Op::kGt:
      case Op::kGe: {
        const Value l = Eval(n.a);
        if (failed_) return {};
        const Value r = Eval(n.b);
        if (failed_) return {};
        return Arithmetic(i, n.op, l, r);
      }
      case Op::kEq:
      case Op::kNe: {
        const Value l = Eval(n.a);
        if (failed_) return {};
        const Value r = Eval(n.b);
        if (failed_) return {};
        return Value::Bool(Equal(l, r) == (n.op == Op::kEq));
      }
      case Op::kAnd:
      case Op::kOr: {
        // Short-circuit as expr's jumps do: the left side must be a bool, the right side is the
        // result as it is.
        const Value l = Eval(n.a);
        if (failed_) return {};
        if (!l.is_bool()) return Raise(i, Failure::kNotBool, l.kind());
        if (l.as_bool() == (n.op == Op::kOr)) return l;
        return Eval(n.b);
      }
      case Op::kCoalesce: {
        const Value l = Eval(n.a);
        if (failed_) return {};
        return l.is_nil() ? Eval(n.b) : l;
      }
      case Op::kIn:
        return In(n);
      case Op::kCond: {
        const Value c = Eval(n.a);
        if (failed_) return {};
        if (!c.is_bool()) return Raise(n.a, Failure::kNotBool, c.kind());
        return Eval(c.as_bool() ? n.b : n.c);
      }
      case Op::kLet: {
        const Value v = Eval(n.a);
        if (failed_) return {};
        slots_[static_cast<size_t>(n.c)] = v;
        return Eval(n.b);
      }
      case Op::kSequence: {
        Value last;
        for (int32_t k = 0; k < n.b && !failed_; ++k) last = Eval(Arg(n, k));
        return failed_ ? Value() : last;
      }
      case Op::kBuiltin:
        return CallBuiltin(i);
      default:
        // The checker admits no other node where a value is needed.
        return Raise(i, Failure::kToFloat);
    }
  }

  Value Arithmetic(int32_t i, Op op, const Value& l, const Value& r) {
    if (op == Op::kPow) {
      if (!l.is_number()) return Raise(i, Failure::kToFloat, l.kind());
      if (!r.is_number()) return Raise(i, Failure::kToFloat, r.kind());
      return Value::Float(std::pow(l.ToDouble(), r.ToDouble()));
    }
    if (!l.is_number() || !r.is_number() || (op == Op::kMod && !(l.is_int() && r.is_int()))) {
      return Raise(i, Failure::kBinary, l.kind(), r.kind(), OpSymbol(op));
    }
    switch (op) {
      case Op::kLt:
      case Op::kLe:
      case Op::kGt:
      case Op::kGe:
        return Value::Bool(Compare(op, l, r));
      case Op::kDiv:
        return Value::Float(l.ToDouble() / r.ToDouble());
      case Op::kMod: {
        const int64_t y = r.as_int();
        if (y == 0) return Raise(i, Failure::kDivideByZero);
        if (y == -1) return Value::Int(0);  // Go defines MinInt64 % -1 as 0
        return Value::Int(l.as_int() % y);
      }
      default:
        break;
    }
    if (l.is_int() && r.is_int()) {
      if (op == Op::kAdd) return Value::Int(WrapAdd(l.as_int(), r.as_int()));
      if (op == Op::kSub) return Value::Int(WrapSub(l.as_int(), r.as_int()));
      return Value::Int(WrapMul(l.as_int(), r.as_int()));
    }
    const double x = l.ToDouble();
    const double y = r.ToDouble();
    if (op == Op::kAdd) return Value::Float(x + y);
    if (op == Op::kSub) return Value::Float(x - y);
    return Value::Float(x * y);
  }

  enum class Walk : uint8_t { kDone, kStopped, kFailed };

  // Calls f(value) for each element of an array node (a literal or a range), flattening nested
  // arrays, until f returns false (kStopped) or something fails (kFailed).
  template <class F>
  Walk ForEach(int32_t array, F& f) {
    const Node& n = At(array);
    if (n.op == Op::kRange) {
      const Value lo = Eval(n.a);
      if (failed_) return Walk::kFailed;
      const Value hi = Eval(n.b);
      if (failed_) return Walk::kFailed;
      if (!lo.is_number() || !hi.is_number()) {
        Raise(array, Failure::kToInt, lo.is_number() ? hi.kind() : lo.kind());
        return Walk::kFailed;
      }
      const int64_t from = lo.is_int() ? lo.as_int() : GoFloatToInt(lo.as_float());
      const int64_t to = hi.is_int() ? hi.as_int() : GoFloatToInt(hi.as_float());
      if (to >= from && WrapSub(to, from) >= kMaxRange) {
        Raise(array, Failure::kRange);
        return Walk::kFailed;
      }
      for (int64_t k = from; k <= to; ++k) {
        if (!f(Value::Int(k))) return failed_ ? Walk::kFailed : Walk::kStopped;
      }
      return Walk::kDone;
    }
    for (int32_t k = 0; k < n.b; ++k) {
      const int32_t element = Arg(n, k);
      const Op op = At(element).op;
      if (op == Op::kArray || op == Op::kRange) {
        const Walk w = ForEach(element, f);
        if (w != Walk::kDone) return w;
        continue;
      }
      const Value v = Eval(element);
      if (failed_) return Walk::kFailed;
      if (!f(v)) return failed_ ? Walk::kFailed : Walk::kStopped;
    }
    return Walk::kDone;
  }

  bool IsArray(int32_t node) const {
    return At(node).op == Op::kArray || At(node).op == Op::kRange;
  }

  Value In(const Node& n) {
    const Value needle = Eval(n.a);
    if (failed_) return {};
    bool found = false;
    auto check = [&](const Value& v) {
      found = Equal(needle, v);
      return !found;
    };
    ForEach(n.b, check);
    if (failed_) return {};
    return Value::Bool(found);
  }

  Value CallBuiltin(int32_t i) {
    const Node& n = At(i);
    switch (n.fn) {
      case Builtin::kAbs:
      case Builtin::kCeil:
      case Builtin::kFloor:
      case Builtin::kRound:
      case Builtin::kInt:
      case Builtin::kFloat: {
        const Value v = Eval(Arg(n, 0));
        if (failed_) return {};
        return Numeric(i, n.fn, v);
      }
      case Builtin::kMin:
      case Builtin::kMax:
        return MinMax(i);
      case Builtin::kMean:
      case Builtin::kMedian:
        return MeanMedian(i);
      case Builtin::kSum:
      case Builtin::kCount:
      case Builtin::kAll:
      case Builtin::kAny:
      case Builtin::kNone:
      case Builtin::kOne:
        return OverArray(i);
      default:
        return Raise(i, Failure::kToFloat);
    }
  }

  Value Numeric(int32_t i, formula::Builtin fn, const Value& v) {
    if (fn == Builtin::kFloat) {
      if (!v.is_number()) return Raise(i, Failure::kToFloat, v.kind());
      return Value::Float(v.ToDouble());
    }
    if (fn == Builtin::kInt) {
      if (v.is_int()) return v;
      if (v.is_float()) return Value::Int(GoFloatToInt(v.as_float()));
      return Raise(i, Failure::kToInt, v.kind());
    }
    if (!v.is_number()) return Raise(i, Failure::kArgument, v.kind(), {}, BuiltinName(fn));
    if (fn == Builtin::kAbs) {
      if (v.is_int()) return v.as_int() < 0 ? Value::Int(WrapSub(0, v.as_int())) : v;
      return v.as_float() < 0 ? Value::Float(-v.as_float()) : v;
    }
    if (v.is_int()) return Value::Float(static_cast<double>(v.as_int()));
    const double f = v.as_float();
    if (fn == Builtin::kCeil) return Value::Float(std::ceil(f));
    if (fn == Builtin::kFloor) return Value::Float(std::floor(f));
    return Value::Float(std::round(f));  // half away from zero, as Go's math.Round
  }

  // expr's minMax: the first of the extreme values, keeping its type; a lone non-number argument
  // is returned as it is.
  Value MinMax(int32_t i) {
    const Node& n = At(i);
    const bool is_max = n.fn == Builtin::kMax;
    const std::string_view name = BuiltinName(n.fn);
    Value best;
    auto consider = [&](const Value& v) {
      if (!v.is_number()) {
        Raise(i, Failure::kArgument, v.kind(), {}, name);
        return false;
      }
      if (best.is_nil() || Compare(is_max ? Op::kLt : Op::kGt, best, v)) best = v;
      return true;
    };
    for (int32_t k = 0; k < n.b; ++k) {
      const int32_t arg = Arg(n, k);
      if (IsArray(arg)) {
        if (ForEach(arg, consider) == Walk::kFailed) return {};
        continue;
      }
      const Value v = Eval(arg);
      if (failed_) return {};
      if (!v.is_number() && n.b == 1) return v;
      if (!consider(v)) return {};
    }
    return best;
  }

  Value MeanMedian(int32_t i) {
    const Node& n = At(i);
    const bool median = n.fn == Builtin::kMedian;
    const std::string_view name = BuiltinName(n.fn);
    double total = 0;
    size_t count = 0;
    std::array<double, kMaxMedianValues> values;
    auto add = [&](const Value& v) {
      if (!v.is_number()) {
        Raise(i, Failure::kArgument, v.kind(), {}, name);
        return false;
      }
      if (median) {
        if (count == values.size()) {
          Raise(i, Failure::kTooMany);
          return false;
        }
        values[count] = v.ToDouble();
      } else {
        total += v.ToDouble();
      }
      ++count;
      return true;
    };
    for (int32_t k = 0; k < n.b; ++k) {
      const int32_t arg = Arg(n, k);
      if (IsArray(arg)) {
        if (ForEach(arg, add) == Walk::kFailed) return {};
        continue;
      }
      const Value v = Eval(arg);
      if (failed_ || !add(v)) return {};
    }
    if (count == 0) return Value::Float(0.0);
    if (!median) return Value::Float(total / static_cast<double>(count));
    std::sort(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(count));
    if (count % 2 == 1) return Value::Float(values[count / 2]);
    return Value::Float((values[count / 2 - 1] + values[count / 2]) / 2);
  }

  // sum, count, all, any, none, one: one pass over the array, the predicate (if any) evaluated
  // with `#` bound to each element.
  Value OverArray(int32_t i) {
    const Node& n = At(i);
    const int32_t predicate = n.b >= 2 ? Arg(n, 1) : -1;
    Value acc = Value::Int(0);
    int64_t matches = 0;
    Value result;
    bool decided = false;
    auto step = [&](const Value& element) {
      Value v = element;
      if (predicate >= 0) {
        slots_[static_cast<size_t>(At(predicate).c)] = element;
        v = Eval(At(predicate).a);
        if (failed_) return false;
      }
      if (n.fn == Builtin::kSum) {
        acc = Arithmetic(i, Op::kAdd, v, acc);
        return !failed_;
      }
      if (!v.is_bool()) {
        Raise(predicate >= 0 ? predicate : i, Failure::kNotBool, v.kind());
        return false;
      }
      const bool b = v.as_bool();
      switch (n.fn) {
        case Builtin::kAll:
          decided = !b;
          result = Value::Bool(false);
          break;
        case Builtin::kAny:
        case Builtin::kNone:
          decided = b;
          result = Value::Bool(n.fn == Builtin::kAny);
          break;
        default:  // count, one
          matches += b ? 1 : 0;
          break;
      }
      return !decided;
    };
    ForEach(Arg(n, 0), step);
    if (failed_) return {};
    if (decided) return result;
    switch (n.fn) {
      case Builtin::kSum:
        return acc;
      case Builtin::kCount:
        return Value::Int(matches);
      case Builtin::kOne:
        return Value::Bool(matches == 1);
      case Builtin::kAll:
      case Builtin::kNone:
        return Value::Bool(true);
      default:  // any
        return Value::Bool(false);
    }
  }

  const Program& p_;
  std::span<const std::optional<double>> triggers_;
  std::array<Value, kMaxSlots> slots_;
  bool failed_ = false;
  int32_t pos_ = 0;
  Failure failure_ = Failure::kBinary;
  Value::Kind left_ = Value::Kind::kNil;
  Value::Kind right_ = Value::Kind::kNil;
  std::string_view name_;
};

Result<Value> Eval(const Program& program, std::span<const std::optional<double>> trigger_values) {
  if (trigger_values.size() != program.trigger_count()) {
    return Fail(ErrorCode::kInvalidArgument,
                "formula has " + std::to_string(program.trigger_count()) +
                    " triggers but was given " + std::to_string(trigger_values.size()) + " values");
  }
  Evaluator evaluator(program, trigger_values);
  return evaluator.Run();
}

}  // namespace tidepool::formula
