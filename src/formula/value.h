// The values a scalingModifiers formula computes with: nil, bool, int64 and double, the subset of
// expr-lang/expr's dynamic values (Go's nil, bool, int, float64) that numeric formulas over
// trigger values produce. A Value is 16 bytes, trivially copyable, and never allocates, so a
// program evaluates without touching the heap.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace tidepool::formula {

class Value {
 public:
  enum class Kind : uint8_t { kNil, kBool, kInt, kFloat };

  constexpr Value() : kind_(Kind::kNil), i_(0) {}
  static constexpr Value Nil() { return Value(); }
  static constexpr Value Bool(bool b) {
    Value v;
    v.kind_ = Kind::kBool;
    v.b_ = b;
    return v;
  }
  static constexpr Value Int(int64_t i) {
    Value v;
    v.kind_ = Kind::kInt;
    v.i_ = i;
    return v;
  }
  static constexpr Value Float(double f) {
    Value v;
    v.kind_ = Kind::kFloat;
    v.f_ = f;
    return v;
  }

  constexpr Kind kind() const { return kind_; }
  constexpr bool is_nil() const { return kind_ == Kind::kNil; }
  constexpr bool is_bool() const { return kind_ == Kind::kBool; }
  constexpr bool is_int() const { return kind_ == Kind::kInt; }
  constexpr bool is_float() const { return kind_ == Kind::kFloat; }
  constexpr bool is_number() const { return kind_ == Kind::kInt || kind_ == Kind::kFloat; }

  // Preconditions: the matching kind.
  constexpr bool as_bool() const { return b_; }
  constexpr int64_t as_int() const { return i_; }
  constexpr double as_float() const { return f_; }
  // An int or a float as a double (Go's float64(x)). Precondition: is_number().
  constexpr double ToDouble() const { return kind_ == Kind::kInt ? static_cast<double>(i_) : f_; }

  // Same kind and same payload (NaN is not equal to itself). This is identity for tests, not
  // expr's `==`, which compares an int and a float by value.
  friend constexpr bool operator==(const Value& a, const Value& b) {
    if (a.kind_ != b.kind_) return false;
    switch (a.kind_) {
      case Kind::kNil:
        return true;
      case Kind::kBool:
        return a.b_ == b.b_;
      case Kind::kInt:
        return a.i_ == b.i_;
      case Kind::kFloat:
        return a.f_ == b.f_;
    }
    return false;
  }

 private:
  Kind kind_;
  union {
    bool b_;
    int64_t i_;
    double f_;
  };
};

// Go's name of the value's dynamic type, as expr's runtime errors print it (%T): "<nil>",
// "bool", "int", "float64".
std::string_view GoTypeName(Value::Kind kind);
// The value as Go's %v prints it: "<nil>", "true", "5", "2.5", "+Inf", "1e+21".
std::string ToString(const Value& v);

}  // namespace tidepool::formula
