#include "api/selector.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "api/selector_parser.h"

namespace tidepool::api {
namespace {

using selector_internal::ScanAll;
using selector_internal::Token;

LabelRequirement Req(const std::string& key, SelectorOperator op,
                     std::vector<std::string> values = {}) {
  Result<LabelRequirement> r = LabelRequirement::Make(key, op, std::move(values));
  EXPECT_TRUE(r.has_value()) << key << ": " << r.error().message();
  return *r;
}

Selector Sel(std::vector<LabelRequirement> requirements) {
  Selector s;
  for (LabelRequirement& r : requirements) s = s.Add(std::move(r));
  return s;
}

Selector MustParse(std::string_view text) {
  Result<Selector> s = Selector::Parse(text);
  EXPECT_TRUE(s.has_value()) << text << ": " << s.error().message();
  return s ? *s : Selector::Nothing();
}

std::string WithoutSpaces(std::string s) {
  std::erase(s, ' ');
  return s;
}

// Ported from k8s.io/apimachinery/pkg/labels/selector_test.go TestSelectorParse.
TEST(SelectorTest, ApimachinerySelectorParse) {
  for (const char* text :
       {"x=a,y=b,z=c", "", "x!=a,y=b", "x=", "x= ", "x=,z= ", "x= ,z= ", "!x", "x>1", "x>1,z<5"}) {
    Result<Selector> s = Selector::Parse(text);
    ASSERT_TRUE(s.has_value()) << text << ": " << s.error().message();
    EXPECT_EQ(s->String(), WithoutSpaces(text)) << text;
  }
  for (const char* text : {"x=a||y=b", "x==a==b", "!x=a", "x<a"}) {
    EXPECT_FALSE(Selector::Parse(text).has_value()) << text;
  }
}

// Ported from selector_test.go TestDeterministicParse.
TEST(SelectorTest, ApimachineryDeterministicParse) {
  EXPECT_EQ(MustParse("x=a,a=x").String(), MustParse("a=x,x=a").String());
  EXPECT_EQ(MustParse("x=a,a=x"), MustParse("a=x,x=a"));
}

// Ported from selector_test.go TestEverything, TestNilMapIsValid, TestSetIsEmpty.
TEST(SelectorTest, ApimachineryEverything) {
  EXPECT_TRUE(Selector::Everything().Matches({{"x", "y"}}));
  EXPECT_TRUE(Selector::Everything().Empty());
  EXPECT_TRUE(Selector::FromSet({}).Empty());
  EXPECT_TRUE(Selector().Empty());
  EXPECT_FALSE(Selector::Nothing().Empty());
  EXPECT_FALSE(Selector::Nothing().Matches({}));
  EXPECT_EQ(Selector::Nothing().String(), "");
}

struct MatchCase {
  const char* selector;
  Labels labels;
  bool match;
};

// Ported from selector_test.go TestSelectorMatches.
TEST(SelectorTest, ApimachinerySelectorMatches) {
  const Labels labelset = {{"foo", "bar"}, {"baz", "blah"}};
  const std::vector<MatchCase> cases = {
      {"", {{"x", "y"}}, true},
      {"x=y", {{"x", "y"}}, true},
      {"x=y,z=w", {{"x", "y"}, {"z", "w"}}, true},
      {"x!=y,z!=w", {{"x", "z"}, {"z", "a"}}, true},
      {"notin=in", {{"notin", "in"}}, true},  // in and notin in exactMatch
      {"x", {{"x", "z"}}, true},
      {"!x", {{"y", "z"}}, true},
      {"x>1", {{"x", "2"}}, true},
      {"x<1", {{"x", "0"}}, true},
      {"x=z", {}, false},
      {"x=y", {{"x", "z"}}, false},
      {"x=y,z=w", {{"x", "w"}, {"z", "w"}}, false},
      {"x!=y,z!=w", {{"x", "z"}, {"z", "w"}}, false},
      {"x", {{"y", "z"}}, false},
      {"!x", {{"x", "z"}}, false},
      {"x>1", {{"x", "0"}}, false},
      {"x<1", {{"x", "2"}}, false},
      {"foo=bar", labelset, true},
      {"baz=blah", labelset, true},
      {"foo=bar,baz=blah", labelset, true},
      {"foo=blah", labelset, false},
      {"baz=bar", labelset, false},
      {"foo=bar,foobar=bar,baz=blah", labelset, false},
  };
  for (const MatchCase& c : cases) {
    EXPECT_EQ(MustParse(c.selector).Matches(c.labels), c.match) << c.selector;
  }
}

// Ported from selector_test.go TestSetMatches.
TEST(SelectorTest, ApimachinerySetMatches) {
  const Labels labelset = {{"foo", "bar"}, {"baz", "blah"}};
  for (const Labels& set : std::vector<Labels>{
           {}, {{"foo", "bar"}}, {{"baz", "blah"}}, {{"foo", "bar"}, {"baz", "blah"}}}) {
    EXPECT_TRUE(Selector::FromSet(set).Matches(labelset)) << LabelsToString(set);
  }
  EXPECT_FALSE(Selector::FromSet({{"foo", "blah"}}).Matches(labelset));
}

// Ported from selector_test.go TestLexer.
TEST(SelectorTest, ApimachineryLexer) {
  const std::vector<std::pair<std::string, Token>> cases = {
      {"", Token::kEndOfString},  {",", Token::kComma},       {"notin", Token::kNotIn},
      {"in", Token::kIn},         {"=", Token::kEquals},      {"==", Token::kDoubleEquals},
      {">", Token::kGreaterThan}, {"<", Token::kLessThan},    {"!", Token::kDoesNotExist},
      {"!=", Token::kNotEquals},  {"(", Token::kOpenPar},     {")", Token::kClosedPar},
      {"~", Token::kIdentifier},  {"||", Token::kIdentifier},
  };
  for (const auto& [text, token] : cases) {
    selector_internal::Lexer lexer(text);
    selector_internal::ScannedItem item = lexer.Lex();
    EXPECT_EQ(item.token, token) << text;
    EXPECT_EQ(item.literal, text);
  }
}

// Ported from selector_test.go TestLexerSequence and TestParserLookahead.
TEST(SelectorTest, ApimachineryLexerSequence) {
  using T = Token;
  const std::vector<std::pair<std::string, std::vector<Token>>> cases = {
      {"key in ( value )", {T::kIdentifier, T::kIn, T::kOpenPar, T::kIdentifier, T::kClosedPar}},
      {"key notin ( value )",
       {T::kIdentifier, T::kNotIn, T::kOpenPar, T::kIdentifier, T::kClosedPar}},
      {"key in ( value1, value2 )",
       {T::kIdentifier, T::kIn, T::kOpenPar, T::kIdentifier, T::kComma, T::kIdentifier,
        T::kClosedPar}},
      {"key", {T::kIdentifier}},
      {"!key", {T::kDoesNotExist, T::kIdentifier}},
      {"()", {T::kOpenPar, T::kClosedPar}},
      {"", {}},
      {"x in (),y",
       {T::kIdentifier, T::kIn, T::kOpenPar, T::kClosedPar, T::kComma, T::kIdentifier}},
      {"== != (), = notin",
       {T::kDoubleEquals, T::kNotEquals, T::kOpenPar, T::kClosedPar, T::kComma, T::kEquals,
        T::kNotIn}},
      {"key>2", {T::kIdentifier, T::kGreaterThan, T::kIdentifier}},
      {"key<1", {T::kIdentifier, T::kLessThan, T::kIdentifier}},
  };
  for (const auto& [text, tokens] : cases) {
    std::vector<selector_internal::ScannedItem> items = ScanAll(text);
    ASSERT_EQ(items.size(), tokens.size() + 1) << text;
    for (size_t i = 0; i < tokens.size(); ++i) EXPECT_EQ(items[i].token, tokens[i]) << text;
    EXPECT_EQ(items.back().token, Token::kEndOfString);
  }
}

// Ported from selector_test.go TestParseOperator: the operator position accepts only the binary
// operators, with upstream's message.
TEST(SelectorTest, ApimachineryParseOperator) {
  for (const char* op : {"in (a)", "=a", "==a", ">1", "<1", "notin (a)", "!=a"}) {
    EXPECT_TRUE(Selector::Parse(std::string("x ") + op).has_value()) << op;
  }
  for (const char* op : {"!", "exists", "("}) {
    Result<Selector> s = Selector::Parse(std::string("x ") + op);
    ASSERT_FALSE(s.has_value()) << op;
    EXPECT_EQ(s.error().message(), std::string("unable to parse requirement: found '") + op +
                                       "', expected: in, notin, =, ==, !=, gt, lt");
  }
}

struct ConstructorCase {
  std::string key;
  std::string op;
  std::vector<std::string> values;
  std::string error_prefix;  // empty: valid
};

// Ported from selector_test.go TestRequirementConstructor (upstream compares the field and bad
// value and ignores the detail; the prefix here is "<field>: <type>: <bad value>").
TEST(SelectorTest, ApimachineryRequirementConstructor) {
  const std::vector<ConstructorCase> cases = {
      {"x1", "in", {}, "values: Invalid value: []: "},
      {"x2", "notin", {}, "values: Invalid value: []: "},
      {"x3", "in", {"foo"}, ""},
      {"x4", "notin", {"foo"}, ""},
      {"x5", "=", {"bar", "foo"}, "values: Invalid value: [\"bar\",\"foo\"]: "},
      {"x6", "exists", {}, ""},
      {"x7", "!", {}, ""},
      {"x8", "exists", {"foo"}, "values: Invalid value: [\"foo\"]: "},
      {"x9", "in", {"bar"}, ""},
      {"x10", "in", {"bar"}, ""},
      {"x11", "gt", {"1"}, ""},
      {"x12", "lt", {"6"}, ""},
      {"x13", "gt", {}, "values: Invalid value: []: "},
      {"x14", "gt", {"bar"}, "values[0]: Invalid value: \"bar\": "},
      {"x15", "lt", {"bar"}, "values[0]: Invalid value: \"bar\": "},
      {std::string(254, 'a'),
       "exists",
       {},
       "key: Invalid value: \"" + std::string(254, 'a') + "\": "},
      {"x16",
       "=",
       {std::string(254, 'a')},
       "values[0][x16]: Invalid value: \"" + std::string(254, 'a') + "\": "},
      {"x17", "=", {"a b"}, "values[0][x17]: Invalid value: \"a b\": "},
      {"x18", "unsupportedOp", {}, "operator: Unsupported value: \"unsupportedOp\": "},
  };
  for (const ConstructorCase& c : cases) {
    Result<LabelRequirement> r = LabelRequirement::Make(c.key, c.op, c.values);
    if (c.error_prefix.empty()) {
      EXPECT_TRUE(r.has_value()) << c.key << ": " << r.error().message();
    } else {
      ASSERT_FALSE(r.has_value()) << c.key;
      EXPECT_EQ(r.error().message().rfind(c.error_prefix, 0), 0u)
          << c.key << ": " << r.error().message();
    }
  }
}

TEST(SelectorTest, RequirementConstructorMessages) {
  EXPECT_EQ(LabelRequirement::Make("x", SelectorOperator::kIn, {}).error().message(),
            "values: Invalid value: []: for 'in', 'notin' operators, values set can't be empty");
  EXPECT_EQ(LabelRequirement::Make("x", SelectorOperator::kEquals, {"a", "b"}).error().message(),
            "values: Invalid value: [\"a\",\"b\"]: exact-match compatibility requires one "
            "single value");
  EXPECT_EQ(LabelRequirement::Make("x", SelectorOperator::kExists, {"a"}).error().message(),
            "values: Invalid value: [\"a\"]: values set must be empty for exists and does not "
            "exist");
  EXPECT_EQ(LabelRequirement::Make("x", "nope", {}).error().message(),
            "operator: Unsupported value: \"nope\": supported values: \"in\", \"notin\", \"=\", "
            "\"==\", \"!=\", \"gt\", \"lt\", \"exists\", \"!\"");
  // Two problems aggregate into one bracketed list.
  std::string both =
      LabelRequirement::Make("-x", SelectorOperator::kGreaterThan, {"y"}).error().message();
  EXPECT_EQ(both.front(), '[');
  EXPECT_NE(both.find("key: Invalid value: \"-x\""), std::string::npos) << both;
  EXPECT_NE(both.find(", values[0]: Invalid value: \"y\": for 'Gt', 'Lt' operators, the value "
                      "must be an integer]"),
            std::string::npos)
      << both;
}

// Ported from selector_test.go TestToString.
TEST(SelectorTest, ApimachineryToString) {
  using O = SelectorOperator;
  EXPECT_EQ(
      Sel({Req("x", O::kIn, {"abc", "def"}), Req("y", O::kNotIn, {"jkl"}), Req("z", O::kExists)})
          .String(),
      "x in (abc,def),y notin (jkl),z");
  EXPECT_EQ(Sel({Req("x", O::kNotIn, {"abc", "def"}), Req("y", O::kNotEquals, {"jkl"}),
                 Req("z", O::kDoesNotExist)})
                .String(),
            "x notin (abc,def),y!=jkl,!z");
  EXPECT_EQ(Sel({Req("x", O::kNotIn, {"abc"}), Req("y", O::kIn, {"jkl", "mno"}),
                 Req("z", O::kNotIn, {""})})
                .String(),
            "x notin (abc),y in (jkl,mno),z notin ()");
  EXPECT_EQ(Sel({Req("x", O::kEquals, {"abc"}), Req("y", O::kDoubleEquals, {"jkl"}),
                 Req("z", O::kNotEquals, {"a"}), Req("z", O::kExists)})
                .String(),
            "x=abc,y==jkl,z!=a,z");
  EXPECT_EQ(
      Sel({Req("x", O::kGreaterThan, {"2"}), Req("y", O::kLessThan, {"8"}), Req("z", O::kExists)})
          .String(),
      "x>2,y<8,z");
}

// Ported from selector_test.go TestSafeSort: String() sorts on output and leaves the stored
// values alone.
TEST(SelectorTest, ApimachinerySafeSort) {
  LabelRequirement r = Req("x", SelectorOperator::kIn, {"foo", "bar", "foo", "bar"});
  EXPECT_EQ(r.String(), "x in (bar,bar,foo,foo)");
  EXPECT_EQ(r.values(), (std::vector<std::string>{"foo", "bar", "foo", "bar"}));
}

// Ported from selector_test.go TestRequirementSelectorMatching.
TEST(SelectorTest, ApimachineryRequirementSelectorMatching) {
  using O = SelectorOperator;
  struct Case {
    Labels labels;
    Selector selector;
    bool match;
  };
  const std::vector<Case> cases = {
      {{{"x", "foo"}, {"y", "baz"}},
       Sel({Req("x", O::kIn, {"foo"}), Req("y", O::kNotIn, {"alpha"})}),
       true},
      {{{"x", "foo"}, {"y", "baz"}},
       Sel({Req("x", O::kIn, {"foo"}), Req("y", O::kIn, {"alpha"})}),
       false},
      {{{"y", ""}}, Sel({Req("x", O::kNotIn, {""}), Req("y", O::kExists)}), true},
      {{{"y", ""}}, Sel({Req("x", O::kDoesNotExist), Req("y", O::kExists)}), true},
      {{{"y", ""}}, Sel({Req("x", O::kNotIn, {""}), Req("y", O::kDoesNotExist)}), false},
      {{{"y", "baz"}}, Sel({Req("x", O::kIn, {""})}), false},
      {{{"z", "2"}}, Sel({Req("z", O::kGreaterThan, {"1"})}), true},
      {{{"z", "v2"}}, Sel({Req("z", O::kGreaterThan, {"1"})}), false},
  };
  for (size_t i = 0; i < cases.size(); ++i) {
    EXPECT_EQ(cases[i].selector.Matches(cases[i].labels), cases[i].match) << i;
  }
}

struct ParserCase {
  const char* in;
  Selector out;
  bool compare;  // upstream's "Match": compare the parsed selector with `out`
  bool valid;
};

// Ported from selector_test.go TestSetSelectorParser.
TEST(SelectorTest, ApimachinerySetSelectorParser) {
  using O = SelectorOperator;
  const std::vector<ParserCase> cases = {
      {"", Selector(), true, true},
      {"\rx", Sel({Req("x", O::kExists)}), true, true},
      {"this-is-a-dns.domain.com/key-with-dash",
       Sel({Req("this-is-a-dns.domain.com/key-with-dash", O::kExists)}), true, true},
      {"this-is-another-dns.domain.com/key-with-dash in (so,what)",
       Sel({Req("this-is-another-dns.domain.com/key-with-dash", O::kIn, {"so", "what"})}), true,
       true},
      {"0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)",
       Sel({Req("0.1.2.domain/99", O::kNotIn, {"10.10.100.1", "tick.tack.clock"})}), true, true},
      {"foo  in\t (abc)", Sel({Req("foo", O::kIn, {"abc"})}), true, true},
      {"x notin\n (abc)", Sel({Req("x", O::kNotIn, {"abc"})}), true, true},
      {"x  notin\t\t\t(abc,def)", Sel({Req("x", O::kNotIn, {"abc", "def"})}), true, true},
      {"x in (abc,def)", Sel({Req("x", O::kIn, {"abc", "def"})}), true, true},
      {"x in (abc,)", Sel({Req("x", O::kIn, {"", "abc"})}), true, true},
      {"x in (abc,abc)", Sel({Req("x", O::kIn, {"abc"})}), true, true},
      {"x in ()", Sel({Req("x", O::kIn, {""})}), true, true},
      {"x in (a,,)", Sel({Req("x", O::kIn, {"", "a"})}), true, true},
      {"x in (a,,,)", Sel({Req("x", O::kIn, {"", "a"})}), true, true},
      {"x in (a,,,,,,)", Sel({Req("x", O::kIn, {"", "a"})}), true, true},
      {"x in (a,,a,,a,,a,,)", Sel({Req("x", O::kIn, {"", "a"})}), true, true},
      {"x notin (abc,,def),bar,z in (),w",
       Sel({Req("bar", O::kExists), Req("w", O::kExists), Req("x", O::kNotIn, {"", "abc", "def"}),
            Req("z", O::kIn, {""})}),
       true, true},
      {"x,y in (a)", Sel({Req("y", O::kIn, {"a"}), Req("x", O::kExists)}), false, true},
      {"x=a", Sel({Req("x", O::kEquals, {"a"})}), true, true},
      {"x>1", Sel({Req("x", O::kGreaterThan, {"1"})}), true, true},
      {"x<7", Sel({Req("x", O::kLessThan, {"7"})}), true, true},
      {"x=a,y!=b", Sel({Req("x", O::kEquals, {"a"}), Req("y", O::kNotEquals, {"b"})}), true, true},
      {"x=a,y!=b,z in (h,i,j)",
       Sel({Req("x", O::kEquals, {"a"}), Req("y", O::kNotEquals, {"b"}),
            Req("z", O::kIn, {"h", "i", "j"})}),
       true, true},
      {"x=a||y=b", Selector(), false, false},
      {"x,,y", Selector(), true, false},
      {",x,y", Selector(), true, false},
      {"x nott in (y)", Selector(), true, false},
      {"x notin ( )", Sel({Req("x", O::kNotIn, {""})}), true, true},
      {"x notin (, a)", Sel({Req("x", O::kNotIn, {"", "a"})}), true, true},
      {"a in (xyz),", Selector(), true, false},
      {"a in (xyz)b notin ()", Selector(), true, false},
      {"a ", Sel({Req("a", O::kExists)}), true, true},
      {"a in (x,y,notin, z,in)", Sel({Req("a", O::kIn, {"in", "notin", "x", "y", "z"})}), true,
       true},                                        // operator 'in' inside list of identifiers
      {"a in (xyz abc)", Selector(), false, false},  // no comma
      {"a notin(", Selector(), true, false},         // bad formed
      {"a (", Selector(), false, false},             // cpar
      {"(", Selector(), false, false},               // opar
  };
  for (const ParserCase& c : cases) {
    Result<Selector> s = Selector::Parse(c.in);
    EXPECT_EQ(s.has_value(), c.valid) << c.in << (s ? "" : ": " + s.error().message());
    if (s && c.valid && c.compare) {
      EXPECT_EQ(*s, c.out) << c.in << " gave " << s->String();
    }
  }
}

// Parser error messages, worded as upstream's.
TEST(SelectorTest, ParseErrorMessages) {
  struct Case {
    const char* in;
    const char* message;
  };
  const std::vector<Case> cases = {
      {"x,,y", "found ',', expected: identifier after ','"},
      {",x,y", "found ',', expected: !, identifier, or 'end of string'"},
      {"a in (xyz),", "found '', expected: identifier after ','"},
      {"a in (xyz)b notin ()", "found 'b', expected: ',' or 'end of string'"},
      {"x=a||y=b",
       "unable to parse requirement: values[0][x]: Invalid value: \"a||y\": a valid label must "
       "be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must "
       "start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or "
       "'12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"},
      {"x==a==b", "found '==', expected: ',' or 'end of string'"},
      {"!x=a", "found '=', expected: ',' or 'end of string'"},
      {"a notin(", "unable to parse requirement: found '', expected: ',', ')' or identifier"},
      {"a in (xyz abc)", "unable to parse requirement: found 'abc', expected: ',' or ')'"},
      {"a in xyz", "unable to parse requirement: found 'xyz' expected: '('"},
      {"a in (x,=)", "unable to parse requirement: found '=', expected: ',', or identifier"},
      {"a=(", "unable to parse requirement: found '(', expected: identifier"},
      {"!", "unable to parse requirement: found '', expected: identifier"},
      {"(", "found '(', expected: !, identifier, or 'end of string'"},
      {"x<a",
       "unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, "
       "the value must be an integer"},
  };
  for (const Case& c : cases) {
    Result<Selector> s = Selector::Parse(c.in);
    ASSERT_FALSE(s.has_value()) << c.in;
    EXPECT_EQ(s.error().message(), c.message) << c.in;
  }
  Result<Selector> bad_key = Selector::Parse("a b=c");
  ASSERT_FALSE(bad_key.has_value());
  EXPECT_EQ(bad_key.error().message(),
            "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt");
  Result<Selector> invalid_key = Selector::Parse("-a=c");
  ASSERT_FALSE(invalid_key.has_value());
  EXPECT_EQ(invalid_key.error().message().rfind(
                "unable to parse requirement: <nil>: Invalid value: \"-a\": name part must "
                "consist of",
                0),
            0u)
      << invalid_key.error().message();
  Result<Selector> invalid_value = Selector::Parse("a=-c");
  ASSERT_FALSE(invalid_value.has_value());
  EXPECT_EQ(
      invalid_value.error().message().rfind(
          "unable to parse requirement: values[0][a]: Invalid value: \"-c\": a valid label", 0),
      0u)
      << invalid_value.error().message();
}

// Ported from selector_test.go TestAdd.
TEST(SelectorTest, ApimachineryAdd) {
  using O = SelectorOperator;
  Selector s = Selector().Add(Req("key", O::kIn, {"value"}));
  EXPECT_EQ(s.requirements(), std::vector<LabelRequirement>{Req("key", O::kIn, {"value"})});
  s = s.Add(Req("key2", O::kEquals, {"value2"}));
  EXPECT_EQ(s.requirements(), (std::vector<LabelRequirement>{Req("key", O::kIn, {"value"}),
                                                             Req("key2", O::kEquals, {"value2"})}));
  // Requirements stay sorted by key whatever the order they are added in.
  EXPECT_EQ(Selector().Add(Req("b", O::kExists)).Add(Req("a", O::kExists)).String(), "a,b");
  EXPECT_TRUE(Selector::Nothing().Add(Req("a", O::kExists)).MatchesNothing());
}

// Ported from selector_test.go TestSetSelectorString and labels_test.go TestSetString.
TEST(SelectorTest, ApimachinerySetString) {
  EXPECT_EQ(Selector::FromSet({}).String(), "");
  EXPECT_EQ(Selector::FromSet({{"app", "foo"}}).String(), "app=foo");
  EXPECT_EQ(Selector::FromSet({{"app", "foo"}, {"a", "b"}}).String(), "a=b,app=foo");
  EXPECT_EQ(LabelsToString({{"x", "y"}}), "x=y");
  EXPECT_EQ(LabelsToString({{"foo", "bar"}}), "foo=bar");
  EXPECT_EQ(LabelsToString({{"foo", "bar"}, {"baz", "qup"}}), "baz=qup,foo=bar");
  EXPECT_EQ(FormatLabels({}), "<none>");
}

// Ported from selector_test.go TestRequiresExactMatch.
TEST(SelectorTest, ApimachineryRequiresExactMatch) {
  using O = SelectorOperator;
  EXPECT_EQ(Sel({Req("key", O::kIn, {"value"})}).RequiresExactMatch("key"), "value");
  EXPECT_EQ(Sel({Req("key", O::kIn, {"value", "value2"})}).RequiresExactMatch("key"), std::nullopt);
  EXPECT_EQ(Sel({Req("key", O::kIn, {"value", "value1"}), Req("key2", O::kIn, {"value2"})})
                .RequiresExactMatch("key2"),
            "value2");
  EXPECT_EQ(Sel({Req("key", O::kEquals, {"value"})}).RequiresExactMatch("key"), "value");
  EXPECT_EQ(Sel({Req("key", O::kDoubleEquals, {"value"})}).RequiresExactMatch("key"), "value");
  EXPECT_EQ(Sel({Req("key", O::kNotEquals, {"value"})}).RequiresExactMatch("key"), std::nullopt);
  EXPECT_EQ(Sel({Req("key", O::kIn, {"value"}), Req("key2", O::kIn, {"value2"})})
                .RequiresExactMatch("key"),
            "value");
  EXPECT_EQ(Selector::FromSet({{"a", "b"}}).RequiresExactMatch("a"), "b");
  EXPECT_EQ(Selector::FromSet({{"a", "b"}}).RequiresExactMatch("c"), std::nullopt);
}

// Ported from selector_test.go TestValidatedSelectorFromSet.
TEST(SelectorTest, ApimachineryValidatedSelectorFromSet) {
  Result<Selector> ok = Selector::FromValidatedSet({{"key", "val"}});
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(ok->requirements(),
            std::vector<LabelRequirement>{Req("key", SelectorOperator::kEquals, {"val"})});
  const std::string long_value = "axahm2EJ8Phiephe2eixohbee9eGeiyees1thuozi1xoh0GiuH3diewi8iem7Nui";
  Result<Selector> bad = Selector::FromValidatedSet({{"Key", long_value}});
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().message().rfind("values[0][Key]: Invalid value: \"" + long_value + "\"", 0),
            0u);
}

// Ported from selector_test.go TestRequirementEqual.
TEST(SelectorTest, ApimachineryRequirementEqual) {
  using O = SelectorOperator;
  EXPECT_EQ(Req("key", O::kIn, {"foo", "bar"}), Req("key", O::kIn, {"foo", "bar"}));
  EXPECT_NE(Req("key1", O::kIn, {"foo", "bar"}), Req("key2", O::kIn, {"foo", "bar"}));
  EXPECT_NE(Req("key", O::kNotIn, {"foo", "bar"}), Req("key", O::kIn, {"foo", "bar"}));
  EXPECT_NE(Req("key", O::kIn, {"foo", "bar"}), Req("key", O::kIn, {"foobar"}));
}

// Ported from selector_test.go TestMatchesNothing.
TEST(SelectorTest, ApimachineryMatchesNothing) {
  EXPECT_TRUE(Selector::Nothing().MatchesNothing());
  EXPECT_FALSE(Selector::Everything().MatchesNothing());
  EXPECT_FALSE(Selector::FromSet({}).MatchesNothing());
  EXPECT_FALSE(Selector::FromSet({{"key", "value"}}).MatchesNothing());
  for (const char* text : {"", "a", "!a", "a=b", "a!=b", "a in (b)", "a notin (b)", "a,!a",
                           "a=b,a!=b", "a in (b),a notin (b)"}) {
    EXPECT_FALSE(MustParse(text).MatchesNothing()) << text;
  }
}

// Ported from k8s.io/apimachinery/pkg/labels/labels_test.go TestLabelConflict.
TEST(SelectorTest, ApimachineryLabelConflict) {
  EXPECT_FALSE(LabelsConflict({}, {}));
  EXPECT_FALSE(LabelsConflict({{"env", "test"}}, {{"infra", "true"}}));
  EXPECT_FALSE(LabelsConflict({{"env", "test"}}, {{"infra", "true"}, {"env", "test"}}));
  EXPECT_TRUE(LabelsConflict({{"env", "test"}}, {{"env", "dev"}}));
  EXPECT_TRUE(LabelsConflict({{"env", "test"}, {"infra", "false"}},
                             {{"infra", "true"}, {"color", "blue"}}));
}

// Ported from labels_test.go TestLabelSelectorParse (ConvertSelectorToLabelsMap).
TEST(SelectorTest, ApimachineryConvertSelectorToLabelsMap) {
  struct Case {
    const char* in;
    Labels labels;
    bool valid;
  };
  const std::vector<Case> cases = {
      {"", {}, true},
      {"x=a", {{"x", "a"}}, true},
      {"x=a,y=b,z=c", {{"x", "a"}, {"y", "b"}, {"z", "c"}}, true},
      {" x = a , y = b , z = c ", {{"x", "a"}, {"y", "b"}, {"z", "c"}}, true},
      {"color=green,env=test,service=front",
       {{"color", "green"}, {"env", "test"}, {"service", "front"}},
       true},
      {"color=green, env=test, service=front",
       {{"color", "green"}, {"env", "test"}, {"service", "front"}},
       true},
      {",", {}, false},
      {"x", {}, false},
      {"x,y", {}, false},
      {"x=$y", {}, false},
      {"x!=y", {}, false},
      {"x==y", {}, false},
      {"x=a||y=b", {}, false},
      {"x in (y)", {}, false},
      {"x notin (y)", {}, false},
      {"x y", {}, false},
  };
  for (const Case& c : cases) {
    Result<Labels> labels = ConvertSelectorToLabelsMap(c.in);
    EXPECT_EQ(labels.has_value(), c.valid) << c.in;
    if (labels) {
      EXPECT_EQ(*labels, c.labels) << c.in;
    }
  }
  EXPECT_EQ(ConvertSelectorToLabelsMap("x").error().message(), "invalid selector: [x]");
  EXPECT_EQ(ConvertSelectorToLabelsMap("x==y").error().message(), "invalid selector: [x  y]");
}

// Ported from k8s.io/apimachinery/pkg/apis/meta/v1/helpers_test.go TestLabelSelectorAsSelector.
TEST(SelectorTest, ApimachineryLabelSelectorAsSelector) {
  const Labels match_labels = {{"foo", "bar"}};
  const std::vector<LabelSelectorRequirement> match_expressions = {
      {"baz", "In", {"qux", "norf"}, {}}};
  Result<Selector> nil = Selector::FromLabelSelector(nullptr);
  ASSERT_TRUE(nil.has_value());
  EXPECT_EQ(*nil, Selector::Nothing());
  EXPECT_FALSE(nil->Matches({}));

  Result<Selector> empty = Selector::FromLabelSelector(LabelSelector{});
  ASSERT_TRUE(empty.has_value());
  EXPECT_EQ(*empty, Selector::Everything());
  EXPECT_TRUE(empty->Matches({{"any", "thing"}}));

  LabelSelector labels_only;
  labels_only.match_labels = match_labels;
  EXPECT_EQ(Selector::FromLabelSelector(labels_only)->String(), MustParse("foo=bar").String());

  LabelSelector expressions_only;
  expressions_only.match_expressions = match_expressions;
  EXPECT_EQ(Selector::FromLabelSelector(expressions_only)->String(),
            MustParse("baz in (norf,qux)").String());

  LabelSelector both;
  both.match_labels = match_labels;
  both.match_expressions = match_expressions;
  EXPECT_EQ(Selector::FromLabelSelector(both)->String(),
            MustParse("baz in (norf,qux),foo=bar").String());

  LabelSelector exists_with_values;
  exists_with_values.match_expressions = {{"baz", "Exists", {"qux", "norf"}, {}}};
  EXPECT_FALSE(Selector::FromLabelSelector(exists_with_values).has_value());

  LabelSelector in_without_values;
  in_without_values.match_expressions = {{"baz", "In", {}, {}}};
  EXPECT_EQ(Selector::FromLabelSelector(in_without_values).error().message(),
            "values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty");

  LabelSelector bad_operator;
  bad_operator.match_expressions = {{"baz", "Equals", {"x"}, {}}};
  EXPECT_EQ(Selector::FromLabelSelector(bad_operator).error().message(),
            "\"Equals\" is not a valid label selector operator");
  EXPECT_EQ(FormatLabelSelector(&bad_operator), "<error>");
  EXPECT_EQ(FormatLabelSelector(nullptr), "<none>");
  EXPECT_EQ(FormatLabelSelector(&both), "baz in (norf,qux),foo=bar");
}

// Ported from helpers_test.go TestLabelSelectorAsMap.
TEST(SelectorTest, ApimachineryLabelSelectorAsMap) {
  auto selector = [](Labels labels, std::string op, std::vector<std::string> values) {
    LabelSelector s;
    s.match_labels = std::move(labels);
    if (!op.empty()) s.match_expressions = {{"baz", std::move(op), std::move(values), {}}};
    return s;
  };
  EXPECT_EQ(*LabelSelectorAsMap(selector({{"foo", "bar"}}, "", {})), (Labels{{"foo", "bar"}}));
  EXPECT_EQ(*LabelSelectorAsMap(selector({{"foo", "bar"}}, "In", {"norf"})),
            (Labels{{"foo", "bar"}, {"baz", "norf"}}));
  EXPECT_EQ(*LabelSelectorAsMap(selector({}, "In", {"norf"})), (Labels{{"baz", "norf"}}));
  struct ErrorCase {
    LabelSelector in;
    std::string fragment;
  };
  const std::vector<ErrorCase> errors = {
      {selector({{"foo", "bar"}}, "In", {"norf", "qux"}),
       "without a single value cannot be converted"},
      {selector({}, "NotIn", {"norf", "qux"}), "cannot be converted"},
      {selector({{"foo", "bar"}}, "Exists", {}), "cannot be converted"},
      {selector({}, "DoesNotExist", {}), "cannot be converted"},
      {selector({}, "Bogus", {}), "\"Bogus\" is not a valid selector operator"},
  };
  for (const ErrorCase& c : errors) {
    Result<Labels> out = LabelSelectorAsMap(c.in);
    ASSERT_FALSE(out.has_value()) << c.fragment;
    EXPECT_NE(out.error().message().find(c.fragment), std::string::npos) << out.error().message();
  }
}

TEST(SelectorTest, ParseToLabelSelectorRoundTrips) {
  Result<LabelSelector> s = ParseToLabelSelector("a=b,c in (y,x),!d,e,f notin (z)");
  ASSERT_TRUE(s.has_value()) << s.error().message();
  EXPECT_EQ(s->match_labels, (Labels{{"a", "b"}}));
  ASSERT_EQ(s->match_expressions.size(), 4u);
  EXPECT_EQ(s->match_expressions[0].key, "c");
  EXPECT_EQ(s->match_expressions[0].operator_, "In");
  EXPECT_EQ(s->match_expressions[0].values, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(s->match_expressions[1].operator_, "DoesNotExist");
  EXPECT_EQ(s->match_expressions[2].operator_, "Exists");
  EXPECT_EQ(s->match_expressions[3].operator_, "NotIn");
  EXPECT_EQ(Selector::FromLabelSelector(*s)->String(), "a=b,c in (x,y),!d,e,f notin (z)");
  EXPECT_EQ(ParseToLabelSelector("x>1").error().message(),
            "\"gt\" isn't supported in label selectors");
  EXPECT_EQ(ParseToLabelSelector("x!=1").error().message(),
            "\"!=\" is not a valid label selector operator");
  EXPECT_EQ(ParseToLabelSelector("x,").error().message(),
            "couldn't parse the selector string \"x,\": found '', expected: identifier after ','");
}

// Ported from k8s.io/apimachinery/pkg/apis/meta/v1/validation/validation_test.go
// TestLabelSelectorMatchExpression, plus the required/forbidden value rules.
TEST(SelectorTest, ApimachineryValidateLabelSelector) {
  struct Case {
    LabelSelectorRequirement requirement;
    size_t errors;
    std::string path;
    std::string fragment;
  };
  const std::vector<Case> cases = {
      {{"key", "In", {"value"}, {}}, 0, "", ""},
      {{"-key", "In", {"value"}, {}},
       1,
       "labelSelector.matchExpressions[0].key",
       "name part must consist of alphanumeric characters"},
      {{"key", "abc", {"value"}, {}},
       1,
       "labelSelector.matchExpressions[0].operator",
       "Invalid value: \"abc\": not a valid selector operator"},
      {{"key", "In", {"-value"}, {}},
       1,
       "labelSelector.matchExpressions[0].values[0]",
       "a valid label must be an empty string or consist of"},
      {{"key", "In", {}, {}},
       1,
       "labelSelector.matchExpressions[0].values",
       "Required value: must be specified when `operator` is 'In' or 'NotIn'"},
      {{"key", "NotIn", {}, {}}, 1, "labelSelector.matchExpressions[0].values", "Required value"},
      {{"key", "Exists", {"v"}, {}},
       1,
       "labelSelector.matchExpressions[0].values",
       "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"},
      {{"key", "DoesNotExist", {"v"}, {}},
       1,
       "labelSelector.matchExpressions[0].values",
       "Forbidden"},
      {{"key", "Exists", {}, {}}, 0, "", ""},
  };
  for (const Case& c : cases) {
    LabelSelector s;
    s.match_expressions = {c.requirement};
    FieldErrors errors;
    ValidateLabelSelector(s, "labelSelector", errors);
    EXPECT_EQ(errors.size(), c.errors) << c.requirement.key << " " << errors.ToString();
    if (c.errors > 0) {
      EXPECT_TRUE(errors.Contains(c.path, c.fragment)) << errors.ToString();
    }
  }
  LabelSelector labels;
  labels.match_labels = {{"ok", "-bad"}};
  FieldErrors errors;
  ValidateLabelSelector(labels, "spec.selector", errors);
  EXPECT_TRUE(errors.Contains("spec.selector.matchLabels", "a valid label")) << errors.ToString();
  FieldErrors lenient;
  LabelSelector unknown;
  unknown.match_expressions = {{"key", "abc", {"-value"}, {}}};
  ValidateLabelSelector(unknown, "s", lenient,
                        {.allow_invalid_label_value_in_selector = true,
                         .allow_unknown_operator_in_requirement = true});
  EXPECT_TRUE(lenient.empty()) << lenient.ToString();
}

// Parse(String()) is the identity on parsed selectors.
TEST(SelectorTest, StringRoundTrips) {
  for (const char* text :
       {"x=a,y=b,z=c", "x!=a,y=b", "!x", "x>1,z<5", "x in (c,b,a),y notin (),z", "a==b",
        "x in (a,,b)", "0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)", "in=notin",
        "x=,y in (in)"}) {
    Selector first = MustParse(text);
    Selector second = MustParse(first.String());
    EXPECT_EQ(first, second) << text << " -> " << first.String();
  }
}

TEST(SelectorTest, GreaterLessThanUseIntegerComparison) {
  EXPECT_TRUE(MustParse("x>9").Matches({{"x", "10"}}));
  EXPECT_FALSE(MustParse("x>9").Matches({{"x", "9"}}));
  EXPECT_TRUE(MustParse("x<10").Matches({{"x", "-5"}}));
  EXPECT_FALSE(MustParse("x<10").Matches({{"x", "ten"}}));
  EXPECT_FALSE(MustParse("x<10").Matches({}));
  EXPECT_TRUE(MustParse("x>1").Matches({{"x", "+2"}}));  // strconv.ParseInt accepts '+'
}

}  // namespace
}  // namespace tidepool::api
