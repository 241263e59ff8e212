// Behaviour ported from github.com/expr-lang/expr's own tests (expr_test.go, builtin/
// builtin_test.go, checker/checker_test.go, parser/parser_test.go): the inputs and the
// outcomes expr gives, for the numeric subset tidepool evaluates.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "formula/formula_test_util.h"

namespace tidepool::formula {
namespace {

using testing::ErrorOf;
using testing::FirstLine;
using testing::RunFormula;

struct Case {
  std::string code;
  Value want;
};

void ExpectValues(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    Result<Value> v = RunFormula(c.code);
    ASSERT_TRUE(v) << c.code << ": " << v.error().message();
    EXPECT_EQ(*v, c.want) << c.code << " gave " << GoTypeName(v->kind()) << "(" << ToString(*v)
                          << ")";
  }
}

// Ported from expr_test.go TestExpr (the cases over literals).
TEST(ExprLangTest, ExprTestExprNumeric) {
  ExpectValues({
      {"1", Value::Int(1)},
      {"-.5", Value::Float(-0.5)},
      {"2 + 2 == 4", Value::Bool(true)},
      {"8 % 3", Value::Int(2)},
      {"2 ** 8", Value::Float(256)},
      {"2 ^ 8", Value::Float(256)},
      {"-(2-5)**3-2/(+4-3)+-2", Value::Float(23)},
      {"max(1, 2, 3)", Value::Int(3)},
      {"min(1, 2, 3)", Value::Int(1)},
      {"1 /* one */ + 2 // two", Value::Int(3)},
      {"let x = 1; x + 2", Value::Int(3)},
      {"2^3 == 8", Value::Bool(true)},
      {"4/2 == 2", Value::Bool(true)},
      {"1 > 2 < 3", Value::Bool(false)},
      {"1 < 2 < 3", Value::Bool(true)},
      {"1 < 2 < 3 > 4", Value::Bool(false)},
      {"1 < 2 < 3 > 2", Value::Bool(true)},
      {"1 < 2 < 3 == true", Value::Bool(true)},
      {"if 1 > 2 { 333 * 2 + 1 } else { 444 }", Value::Int(444)},
      {"(true ? 0+1 : 2+3) + (false ? -1 : -2)", Value::Int(-1)},
      {"count(1..30, {# % 3 == 0})", Value::Int(10)},
      {"let a = 1; let b = 2; a + b", Value::Int(3)},
  });
}

// Ported from builtin/builtin_test.go TestBuiltin (the numeric builtins).
TEST(ExprLangTest, BuiltinTestBuiltinNumeric) {
  ExpectValues({
      {"abs(-5)", Value::Int(5)},
      {"abs(.5)", Value::Float(.5)},
      {"abs(-.5)", Value::Float(.5)},
      {"ceil(5.5)", Value::Float(6)},
      {"ceil(5)", Value::Float(5)},
      {"floor(5.5)", Value::Float(5)},
      {"floor(5)", Value::Float(5)},
      {"round(5.5)", Value::Float(6)},
      {"round(5)", Value::Float(5)},
      {"round(5.49)", Value::Float(5)},
      {"int(5.5)", Value::Int(5)},
      {"int(5)", Value::Int(5)},
      {"float(5)", Value::Float(5)},
      {"float(5.5)", Value::Float(5.5)},
      {"max(1, 2, 3)", Value::Int(3)},
      {"max(1.5, 2.5, 3.5)", Value::Float(3.5)},
      {"max([1, 2, 3])", Value::Int(3)},
      {"max([1.5, 2.5, 3.5])", Value::Float(3.5)},
      {"max([1, 2, 4, 10], 20, [29, 23, -19])", Value::Int(29)},
      {"min([1, 2, 4, 10], 20, [29, 23, -19])", Value::Int(-19)},
      {"min(1, 2, 3)", Value::Int(1)},
      {"min(1.5, 2.5, 3.5)", Value::Float(1.5)},
      {"min([1, 2, 3])", Value::Int(1)},
      {"min([1.5, 2.5, 3.5])", Value::Float(1.5)},
      {"min(-1, [1.5, 2.5, 3.5])", Value::Int(-1)},
      {"max([], 5)", Value::Int(5)},
      {"min([], 5)", Value::Int(5)},
      {"max([[1, 2], [3, 4]])", Value::Int(4)},
      {"min([[1, 2], [3, 4]])", Value::Int(1)},
      {"max([1, [2.5, 5.0], 3])", Value::Float(5.0)},
      {"sum(1..9)", Value::Int(45)},
      {"sum([.5, 1.5, 2.5])", Value::Float(4.5)},
      {"sum([])", Value::Int(0)},
      {"sum([1, 2, 3.0, 4])", Value::Float(10.0)},
      {"mean(1..9)", Value::Float(5.0)},
      {"mean([.5, 1.5, 2.5])", Value::Float(1.5)},
      {"mean([])", Value::Float(0.0)},
      {"mean([1, 2, 3.0, 4])", Value::Float(2.5)},
      {"mean(10, [1, 2, 3], 1..9)", Value::Float(4.6923076923076925)},
      {"mean(-10, [1, 2, 3, 4])", Value::Float(0.0)},
      {"mean(10.9, 1..9)", Value::Float(5.59)},
      {"median(1..9)", Value::Float(5.0)},
      {"median([.5, 1.5, 2.5])", Value::Float(1.5)},
      {"median([])", Value::Float(0.0)},
      {"median([1, 2, 3])", Value::Float(2.0)},
      {"median([1, 2, 3, 4])", Value::Float(2.5)},
      {"median(10, [1, 2, 3], 1..9)", Value::Float(4.0)},
      {"median(-10, [1, 2, 3, 4])", Value::Float(2.0)},
      {"median(1..5, 4.9)", Value::Float(3.5)},
      {"all(1..3, {# > 0})", Value::Bool(true)},
      {"none(1..3, {# > 0})", Value::Bool(false)},
      {"any(1..3, {# > 0})", Value::Bool(true)},
      {"one(1..3, {# > 0})", Value::Bool(false)},
      {"one(1..3, {# > 2})", Value::Bool(true)},
      {"count([true, false, true])", Value::Int(2)},
      {"sum(1..3, {# * 2})", Value::Int(12)},
  });
}

// Ported from builtin/builtin_test.go TestBuiltin_errors (numeric builtins).
TEST(ExprLangTest, BuiltinTestBuiltinErrors) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"abs()", "invalid number of arguments (expected 1, got 0)"},
      {"abs(1, 2)", "invalid number of arguments (expected 1, got 2)"},
      {"int()", "invalid number of arguments (expected 1, got 0)"},
      {"int(1, 2)", "invalid number of arguments (expected 1, got 2)"},
      {"float()", "invalid number of arguments (expected 1, got 0)"},
      {"float(1, 2)", "invalid number of arguments (expected 1, got 2)"},
      {"max()", "not enough arguments to call max"},
      {"max(1, true)", "invalid argument for max (type bool)"},
      {"min()", "not enough arguments to call min"},
      {"min(1, true)", "invalid argument for min (type bool)"},
      {"max([1, true])", "invalid argument for max (type bool)"},
      {"median(1..9, true)", "invalid argument for median (type bool)"},
      {"mean(true, 1..9)", "invalid argument for mean (type bool)"},
      {"abs(true)", "invalid argument for abs (type bool)"},
  };
  for (const auto& [code, want] : cases) {
    const std::string err = ErrorOf(code);
    EXPECT_NE(err.find(want), std::string::npos) << code << ": " << err;
  }
}

// Ported from checker/checker_test.go TestCheck_error (operators over literals).
TEST(ExprLangTest, CheckerTestCheckError) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"1 and false", "invalid operation: and (mismatched types int and bool) (1:3)"},
      {"true or 0", "invalid operation: or (mismatched types bool and int) (1:6)"},
      {"not 1", "invalid operation: not (mismatched type int) (1:1)"},
      {"1 < true", "invalid operation: < (mismatched types int and bool) (1:3)"},
      {"1 + true", "invalid operation: + (mismatched types int and bool) (1:3)"},
      {"1 % true", "invalid operation: % (mismatched types int and bool) (1:3)"},
      {"1 ** true", "invalid operation: ** (mismatched types int and bool) (1:3)"},
      {"count(1..3, {#})", "predicate should return boolean (got int) (1:13)"},
      {"all(1..3, {# + 1})", "predicate should return boolean (got int) (1:11)"},
      {"let max = 42; max", "cannot redeclare builtin max (1:5)"},
      {"let len = 42; len", "cannot redeclare builtin len (1:5)"},
      {"1 ? 2 : 3", "non-bool expression (type int) used as condition (1:1)"},
      {"Noo", "unknown name Noo (1:1)"},
  };
  for (const auto& [code, want] : cases) {
    EXPECT_EQ(FirstLine(ErrorOf(code)), want) << code;
  }
}

// Ported from parser/parser_test.go TestParse_error: the full message with its caret line.
TEST(ExprLangTest, ParserTestParseError) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"foo.", "unexpected end of expression (1:4)\n | foo.\n | ...^"},
      {"a+", "unexpected token EOF (1:2)\n | a+\n | .^"},
      {"a ? (1+2) c", "unexpected token Identifier(\"c\") (1:11)\n | a ? (1+2) c\n | ..........^"},
      {"[a b]", "unexpected token Identifier(\"b\") (1:4)\n | [a b]\n | ...^"},
      {"[1, 2, 3,,]", "unexpected token Operator(\",\") (1:10)\n | [1, 2, 3,,]\n | .........^"},
      {"[,]", "unexpected token Operator(\",\") (1:2)\n | [,]\n | .^"},
      {"foo ?? bar || baz",
       "Operator (||) and coalesce expressions (?\?) cannot be mixed. Wrap either by parentheses. "
       "(1:12)\n | foo ?? bar || baz\n | ...........^"},
      {"0b15", "bad number syntax: \"0b15\" (1:4)\n | 0b15\n | ...^"},
      {"0X10G", "bad number syntax: \"0X10G\" (1:5)\n | 0X10G\n | ....^"},
      {"0o1E",
       "invalid float literal: strconv.ParseFloat: parsing \"0o1E\": invalid syntax (1:4)\n | "
       "0o1E\n | ...^"},
      {"0b1E+6", "bad number syntax: \"0b1E+6\" (1:6)\n | 0b1E+6\n | .....^"},
      {"1E",
       "invalid float literal: strconv.ParseFloat: parsing \"1E\": invalid syntax (1:2)\n | "
       "1E\n | .^"},
      {"1 not == [1, 2, 5]",
       "unexpected token Operator(\"==\") (1:7)\n | 1 not == [1, 2, 5]\n | ......^"},
      {"foo(1; 2; 3)", "unexpected token Operator(\";\") (1:6)\n | foo(1; 2; 3)\n | .....^"},
      {"map(ls, 1; 2; 3)",
       "wrap predicate with brackets { and } (1:10)\n | map(ls, 1; 2; 3)\n | .........^"},
      {"[1; 2; 3]", "unexpected token Operator(\";\") (1:3)\n | [1; 2; 3]\n | ..^"},
      {"1 + if true { 2 } else { 3 }",
       "unexpected token Operator(\"if\") (1:5)\n | 1 + if true { 2 } else { 3 }\n | ....^"},
      {"if a { 1 } else b",
       "unexpected token Identifier(\"b\") (1:17)\n | if a { 1 } else b\n | ................^"},
      {"list | all(#,,)",
       "unexpected token Operator(\",\") (1:14)\n | list | all(#,,)\n | "
       ".............^"},
  };
  for (const auto& [code, want] : cases) {
    EXPECT_EQ(ErrorOf(code), want) << code;
  }
}

// Ported from expr_test.go TestEnv_keyword: names that are not identifiers, through $env.
TEST(ExprLangTest, ExprTestEnvKeyword) {
  testing::Binding env{{"space test", "Section 1-2a", "num"}, {1.0, 2.0, 10.0}};
  EXPECT_EQ(*RunFormula("$env['space test']", env), Value::Float(1));
  EXPECT_EQ(*RunFormula("$env['Section 1-2a']", env), Value::Float(2));
  EXPECT_EQ(*RunFormula("$env[\"num\"] + num", env), Value::Float(20));
  EXPECT_EQ(*RunFormula("$env.num", env), Value::Float(10));
  EXPECT_EQ(FirstLine(ErrorOf("$env['nope']", env)), "unknown name nope (1:5)");
}

// Ported from expr_test.go TestExpr_crash_with_zero: a NUL byte is an error, not a crash.
TEST(ExprLangTest, ExprTestCrashWithZero) { EXPECT_NE(ErrorOf(std::string("if\0", 3)), ""); }

// Number literals (parser/lexer tests): bases, separators, exponents, leading dots.
TEST(ExprLangTest, LexerNumbers) {
  ExpectValues({
      {"0x2A", Value::Int(42)},
      {"0o52", Value::Int(42)},
      {"0b101010", Value::Int(42)},
      {"1_000_000", Value::Int(1000000)},
      {"1e3", Value::Float(1000)},
      {"1E-3", Value::Float(0.001)},
      {".5", Value::Float(0.5)},
      {"5.", Value::Float(5)},
      {"0.5e1", Value::Float(5)},
      {"9223372036854775807", Value::Int(std::numeric_limits<int64_t>::max())},
  });
  EXPECT_EQ(FirstLine(ErrorOf("9223372036854775808")),
            "invalid integer literal: strconv.ParseInt: parsing \"9223372036854775808\": value "
            "out of range (1:19)");
}

// vm/runtime semantics: int arithmetic stays int, / is float division, % is integer-only.
TEST(ExprLangTest, RuntimeArithmetic) {
  ExpectValues({
      {"7 / 2", Value::Float(3.5)},
      {"7 % 2", Value::Int(1)},
      {"-7 % 2", Value::Int(-1)},
      {"7 * 2", Value::Int(14)},
      {"7 * 2.0", Value::Float(14)},
      {"1 == 1.0", Value::Bool(true)},
      {"nil == nil", Value::Bool(true)},
      {"nil == 0", Value::Bool(false)},
      {"nil ?? 3", Value::Int(3)},
      {"2 ?? 3", Value::Int(2)},
      {"9223372036854775807 + 1", Value::Int(std::numeric_limits<int64_t>::min())},
      {"1 in [1, 2]", Value::Bool(true)},
      {"3 in 1..2", Value::Bool(false)},
      {"3 not in [1, 2]", Value::Bool(true)},
      {"false ?: 5 == 5", Value::Bool(true)},
      {"2 | max(3)", Value::Int(3)},
  });
  Result<Value> inf = RunFormula("1 / 0");
  ASSERT_TRUE(inf);
  EXPECT_TRUE(std::isinf(inf->as_float()) && inf->as_float() > 0);
  Result<Value> nan = RunFormula("0 / 0");
  ASSERT_TRUE(nan);
  EXPECT_TRUE(std::isnan(nan->as_float()));
  // expr folds the constants and reports "integer divide by zero" at compile time; tidepool
  // reports it when evaluating, at the same position.
  EXPECT_EQ(FirstLine(ErrorOf("1 % 0")), "runtime error: integer divide by zero (1:3)");
  EXPECT_EQ(FirstLine(ErrorOf("1.5 % 2")),
            "invalid operation: % (mismatched types float64 and int) (1:5)");
}

}  // namespace
}  // namespace tidepool::formula
