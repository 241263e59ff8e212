// Operator precedence and associativity as expr-lang/expr's parser/operator table defines them,
// and the positions and caret lines of errors.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "formula/formula_test_util.h"

namespace tidepool::formula {
namespace {

using testing::ErrorOf;
using testing::FirstLine;
using testing::RunFormula;

TEST(PrecedenceTest, Arithmetic) {
  EXPECT_EQ(*RunFormula("2 + 3 * 4"), Value::Int(14));
  EXPECT_EQ(*RunFormula("(2 + 3) * 4"), Value::Int(20));
  EXPECT_EQ(*RunFormula("10 - 2 - 3"), Value::Int(5));       // left-associative
  EXPECT_EQ(*RunFormula("12 / 2 / 3"), Value::Float(2));     // left-associative
  EXPECT_EQ(*RunFormula("2 * 3 % 4"), Value::Int(2));        // (2 * 3) % 4
  EXPECT_EQ(*RunFormula("2 ** 3 ** 2"), Value::Float(512));  // right-associative
  EXPECT_EQ(*RunFormula("2 ^ 3 ^ 2"), Value::Float(512));
  EXPECT_EQ(*RunFormula("-2 ** 2"), Value::Float(-4));  // ** binds tighter than unary -
  EXPECT_EQ(*RunFormula("-2 * 3"), Value::Int(-6));
  EXPECT_EQ(*RunFormula("2 * -3"), Value::Int(-6));
  EXPECT_EQ(*RunFormula("- - 2"), Value::Int(2));
  EXPECT_EQ(*RunFormula("+2 - +1"), Value::Int(1));
}

TEST(PrecedenceTest, LogicAndComparison) {
  EXPECT_EQ(*RunFormula("true || false && false"), Value::Bool(true));  // && before ||
  EXPECT_EQ(*RunFormula("true or false and false"), Value::Bool(true));
  EXPECT_EQ(*RunFormula("!true && false"), Value::Bool(false));
  EXPECT_EQ(*RunFormula("not true or true"), Value::Bool(true));
  EXPECT_EQ(*RunFormula("!(true && false)"), Value::Bool(true));
  EXPECT_EQ(*RunFormula("1 + 2 == 3 && 2 > 1"), Value::Bool(true));
  EXPECT_EQ(*RunFormula("1 < 2 == true"), Value::Bool(true));
  // Unary ! binds looser than arithmetic: `!1 + 1` is `!(1 + 1)`.
  EXPECT_EQ(FirstLine(ErrorOf("!1 + 1")), "invalid operation: ! (mismatched type int) (1:1)");
  // && and || short-circuit: the right side is not evaluated.
  EXPECT_EQ(*RunFormula("false && 1 % 0 == 0"), Value::Bool(false));
  EXPECT_EQ(*RunFormula("true || 1 % 0 == 0"), Value::Bool(true));
}

TEST(PrecedenceTest, ConditionalAndCoalesce) {
  EXPECT_EQ(*RunFormula("true ? 1 : 2 + 10"), Value::Int(1));  // ?: is the loosest
  EXPECT_EQ(*RunFormula("false ? 1 : 2 + 10"), Value::Int(12));
  EXPECT_EQ(*RunFormula("false ? 1 : true ? 2 : 3"), Value::Int(2));
  EXPECT_EQ(*RunFormula("true ? false ? 1 : 2 : 3"), Value::Int(2));
  EXPECT_EQ(*RunFormula("1 + nil ?? 2"), Value::Int(3));  // ?? is the tightest binary operator
  EXPECT_EQ(*RunFormula("nil ?? nil ?? 4"), Value::Int(4));
  EXPECT_EQ(*RunFormula("(nil ?? 1) + 1"), Value::Int(2));
  EXPECT_EQ(FirstLine(ErrorOf("nil ?? 1 + 1")),
            "Operator (+) and coalesce expressions (?\?) cannot be mixed. Wrap either by "
            "parentheses. (1:10)");
  EXPECT_EQ(*RunFormula("let x = 2; let y = x * 3; y + x"), Value::Int(8));
  EXPECT_EQ(*RunFormula("let x = nil; x == nil ? nil : float(x)"), Value::Nil());
  EXPECT_EQ(*RunFormula("1; 2; 3"), Value::Int(3));
  EXPECT_EQ(*RunFormula("if false { 1 } else if true { 2 } else { 3 }"), Value::Int(2));
}

TEST(ErrorPositionTest, CaretLine) {
  testing::Binding env{{"a"}, {1.0}};
  EXPECT_EQ(ErrorOf("1 + foo", env), "unknown name foo (1:5)\n | 1 + foo\n | ....^");
  EXPECT_EQ(ErrorOf("a +\n  foo", env), "unknown name foo (2:3)\n |   foo\n | ..^");
  // Tabs print as spaces; columns count runes, not bytes.
  EXPECT_EQ(ErrorOf("\ta + foo", env), "unknown name foo (1:6)\n |  a + foo\n | .....^");
  EXPECT_EQ(FirstLine(ErrorOf("a /* ä */ + foo", env)), "unknown name foo (1:13)");
  EXPECT_EQ(FirstLine(ErrorOf("a @ 1", env)), "unrecognized character: U+0040 '@' (1:3)");
  EXPECT_EQ(FirstLine(ErrorOf("a + 'x", env)), "literal not terminated (1:7)");
  EXPECT_EQ(FirstLine(ErrorOf("a /* x", env)), "unclosed comment (1:7)");
  EXPECT_EQ(ErrorOf("", env), "unexpected token EOF");
}

TEST(ErrorPositionTest, TypeAndArityErrors) {
  testing::Binding env{{"a", "b"}, {1.0, 2.0}};
  EXPECT_EQ(FirstLine(ErrorOf("a + (b > 1)", env)),
            "invalid operation: + (mismatched types float64 and bool) (1:3)");
  EXPECT_EQ(FirstLine(ErrorOf("max(a) + ceil(a, b)", env)),
            "invalid number of arguments (expected 1, got 2) (1:10)");
  EXPECT_EQ(FirstLine(ErrorOf("a(1)", env)), "float64 is not callable (1:1)");
  EXPECT_EQ(FirstLine(ErrorOf("foo(1)", env)), "unknown name foo (1:1)");
  EXPECT_EQ(FirstLine(ErrorOf("let a = 1; a", env)), "cannot redeclare a (1:5)");
  EXPECT_EQ(FirstLine(ErrorOf("let x = 1; let x = 2; x", env)),
            "cannot redeclare variable x (1:16)");
  EXPECT_EQ(FirstLine(ErrorOf("len(a)", env)), "builtin len is not supported (1:1)");
  EXPECT_EQ(FirstLine(ErrorOf("'a' + 1", env)).substr(0, 31), "string values are not supported");
  EXPECT_EQ(FirstLine(ErrorOf("a.b", env)), "type float64 has no field b (1:3)");
  EXPECT_EQ(FirstLine(ErrorOf("count(a, # > 1)", env)),
            "builtin count takes only array (got float64) (1:7)");
}

TEST(ErrorPositionTest, RuntimeErrors) {
  testing::Binding env{{"a", "b"}, {std::nullopt, 2.0}};
  EXPECT_EQ(ErrorOf("b * 2 + a", env),
            "invalid operation: float64 + <nil> (1:7)\n | b * 2 + a\n "
            "| ......^");
  EXPECT_EQ(FirstLine(ErrorOf("-a", env)), "invalid operation: - <nil> (1:1)");
  EXPECT_EQ(FirstLine(ErrorOf("a > 1 ? 1 : 2", env)), "invalid operation: <nil> > int (1:3)");
  EXPECT_EQ(FirstLine(ErrorOf("abs(a)", env)), "invalid argument for abs (type <nil>) (1:1)");
  EXPECT_EQ(FirstLine(ErrorOf("max(a, b)", env)), "invalid argument for max (type <nil>) (1:1)");
  EXPECT_EQ(*testing::RunFormula("max(a)", env), Value::Nil());  // a lone argument comes back as is
  EXPECT_EQ(FirstLine(ErrorOf("a ** 2", env)), "invalid operation: float(<nil>) (1:3)");
  EXPECT_EQ(FirstLine(ErrorOf("sum(1..2000000)", env)), "memory budget exceeded (1:6)");
}

}  // namespace
}  // namespace tidepool::formula
