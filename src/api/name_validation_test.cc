#include "api/name_validation.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace tidepool::api {
namespace {

using Labels = std::map<std::string, std::string>;

// Ported from k8s.io/apimachinery/pkg/util/validation/validation_test.go TestIsDNS1123Label.
TEST(NameValidationTest, ApimachineryIsDNS1123Label) {
  const std::vector<std::string> good = {
      "a",  "ab",  "abc", "a1",  "a-1",        "a--1--2--b",        "0",
      "01", "012", "1a",  "1-a", "1--a--b--2", std::string(63, 'a')};
  for (const std::string& v : good) EXPECT_TRUE(IsDNS1123Label(v).empty()) << v;
  const std::vector<std::string> bad = {"",    "A",
                                        "ABC", "aBc",
                                        "A1",  "A-1",
                                        "1-A", "-",
                                        "a-",  "-a",
                                        "1-",  "-1",
                                        "_",   "a_",
                                        "_a",  "a_b",
                                        "1_",  "_1",
                                        "1_2", ".",
                                        "a.",  ".a",
                                        "a.b", "1.",
                                        ".1",  "1.2",
                                        " ",   "a ",
                                        " a",  "a b",
                                        "1 ",  " 1",
                                        "1 2", std::string(64, 'a')};
  for (const std::string& v : bad) EXPECT_FALSE(IsDNS1123Label(v).empty()) << v;
}

// Ported from k8s.io/apimachinery/pkg/util/validation/validation_test.go TestIsDNS1123Subdomain.
TEST(NameValidationTest, ApimachineryIsDNS1123Subdomain) {
  const std::vector<std::string> good = {"a",
                                         "ab",
                                         "abc",
                                         "a1",
                                         "a-1",
                                         "a--1--2--b",
                                         "0",
                                         "01",
                                         "012",
                                         "1a",
                                         "1-a",
                                         "1--a--b--2",
                                         "a.a",
                                         "ab.a",
                                         "abc.a",
                                         "a1.a",
                                         "a-1.a",
                                         "a--1--2--b.a",
                                         "a.1",
                                         "ab.1",
                                         "abc.1",
                                         "a1.1",
                                         "a-1.1",
                                         "a--1--2--b.1",
                                         "0.a",
                                         "01.a",
                                         "012.a",
                                         "1a.a",
                                         "1-a.a",
                                         "1--a--b--2",
                                         "0.1",
                                         "01.1",
                                         "012.1",
                                         "1a.1",
                                         "1-a.1",
                                         "1--a--b--2.1",
                                         "a.b.c.d.e",
                                         "aa.bb.cc.dd.ee",
                                         "1.2.3.4.5",
                                         "11.22.33.44.55",
                                         std::string(253, 'a')};
  for (const std::string& v : good) EXPECT_TRUE(IsDNS1123Subdomain(v).empty()) << v;
  const std::vector<std::string> bad = {"",
                                        "A",
                                        "ABC",
                                        "aBc",
                                        "A1",
                                        "A-1",
                                        "1-A",
                                        "-",
                                        "a-",
                                        "-a",
                                        "1-",
                                        "-1",
                                        "_",
                                        "a_",
                                        "_a",
                                        "a_b",
                                        "1_",
                                        "_1",
                                        "1_2",
                                        ".",
                                        "a.",
                                        ".a",
                                        "a..b",
                                        "1.",
                                        ".1",
                                        "1..2",
                                        " ",
                                        "a ",
                                        " a",
                                        "a b",
                                        "1 ",
                                        " 1",
                                        "1 2",
                                        "A.a",
                                        "aB.a",
                                        "ab.A",
                                        "A1.a",
                                        "a1.A",
                                        "A.1",
                                        "aB.1",
                                        "A1.1",
                                        "1A.1",
                                        "0.A",
                                        "01.A",
                                        "012.A",
                                        "1A.a",
                                        "1a.A",
                                        "A.B.C.D.E",
                                        "AA.BB.CC.DD.EE",
                                        "a.B.c.d.e",
                                        "aa.bB.cc.dd.ee",
                                        "a@b",
                                        "a,b",
                                        "a_b",
                                        "a;b",
                                        "a:b",
                                        "a%b",
                                        "a?b",
                                        "a$b",
                                        std::string(254, 'a')};
  for (const std::string& v : bad) EXPECT_FALSE(IsDNS1123Subdomain(v).empty()) << v;
}

// Ported from k8s.io/apimachinery/pkg/util/validation/validation_test.go TestIsDNS1035Label.
TEST(NameValidationTest, ApimachineryIsDNS1035Label) {
  const std::vector<std::string> good = {
      "a", "ab", "abc", "a1", "a-1", "a--1--2--b", std::string(63, 'a')};
  for (const std::string& v : good) EXPECT_TRUE(IsDNS1035Label(v).empty()) << v;
  const std::vector<std::string> bad = {
      "0",  "01",  "012", "1a", "1-a", "1--a--b--2", "",   "A",  "ABC", "aBc",
      "A1", "A-1", "1-A", "-",  "a-",  "-a",         "1-", "-1", "_",   "a_",
      "_a", "a_b", "1_",  "_1", "1_2", ".",          "a.", ".a", "a.b", "1.",
      ".1", "1.2", " ",   "a ", " a",  "a b",        "1 ", " 1", "1 2", std::string(64, 'a')};
  for (const std::string& v : bad) EXPECT_FALSE(IsDNS1035Label(v).empty()) << v;
}

// Ported from k8s.io/apimachinery/pkg/util/validation/validation_test.go TestIsQualifiedName
// (the same cases as pkg/api/validate/content/kube_test.go TestIsLabelKey).
TEST(NameValidationTest, ApimachineryIsQualifiedName) {
  const std::vector<std::string> good = {"simple",
                                         "now-with-dashes",
                                         "1-starts-with-num",
                                         "1234",
                                         "simple/simple",
                                         "now-with-dashes/simple",
                                         "now-with-dashes/now-with-dashes",
                                         "now.with.dots/simple",
                                         "now-with.dashes-and.dots/simple",
                                         "1-num.2-num/3-num",
                                         "1234/5678",
                                         "1.2.3.4/5678",
                                         "Uppercase_Is_OK_123",
                                         "example.com/Uppercase_Is_OK_123",
                                         "requests.storage-foo",
                                         std::string(63, 'a'),
                                         std::string(253, 'a') + "/" + std::string(63, 'b')};
  for (const std::string& v : good) EXPECT_TRUE(IsQualifiedName(v).empty()) << v;
  const std::vector<std::string> bad = {"nospecialchars%^=@",   "cantendwithadash-",
                                        "-cantstartwithadash-", "only/one/slash",
                                        "Example.com/abc",      "example_com/abc",
                                        "example.com/",         "/simple",
                                        std::string(64, 'a'),   std::string(254, 'a') + "/abc"};
  for (const std::string& v : bad) EXPECT_FALSE(IsQualifiedName(v).empty()) << v;
}

// Ported from k8s.io/apimachinery/pkg/util/validation/validation_test.go TestIsValidLabelValue.
TEST(NameValidationTest, ApimachineryIsValidLabelValue) {
  const std::vector<std::string> good = {"simple",
                                         "now-with-dashes",
                                         "1-starts-with-num",
                                         "end-with-num-1",
                                         "1234",
                                         std::string(63, 'a'),
                                         ""};
  for (const std::string& v : good) EXPECT_TRUE(IsValidLabelValue(v).empty()) << v;
  const std::vector<std::string> bad = {
      "nospecialchars%^=@",      "Tama-nui-te-r\xc4\x81.is.M\xc4\x81ori.sun",
      "\\backslashes\\are\\bad", "-starts-with-dash",
      "ends-with-dash-",         ".starts.with.dot",
      "ends.with.dot.",          std::string(64, 'a')};
  for (const std::string& v : bad) EXPECT_FALSE(IsValidLabelValue(v).empty()) << v;
}

// Ported from k8s.io/apimachinery/pkg/api/validate/content/decimal_int_test.go.
TEST(NameValidationTest, ApimachineryIsDecimalInteger) {
  const std::vector<std::string> good = {"0",
                                         "1",
                                         "2",
                                         "5",
                                         "9",
                                         "-5",
                                         "-1",
                                         "-9",
                                         "100",
                                         "234",
                                         "345",
                                         "456",
                                         "567",
                                         "678",
                                         "789",
                                         "890",
                                         "999",
                                         "123",
                                         "-456",
                                         "-100",
                                         "-987",
                                         "9223372036854775807",
                                         "-9223372036854775808",
                                         "12345678901234567890",
                                         "999999999999"};
  for (const std::string& v : good) EXPECT_TRUE(IsDecimalInteger(v).empty()) << v;
  const std::vector<std::string> bad = {
      "-0",   "00",    "000",   "0000000", "01",    "02",   "09",   "0123",  "0700",
      "0950", "00123", "-01",   "-0123",   "-00",   "+123", "+5",   "+0",    "",
      "-",    "+",     " ",     "   ",     " 123",  "123 ", "12 3", " 123 ", "12.3",
      "0.0",  "-12.5", "123.",  ".123",    "abc",   "12a3", "a123", "123a",  "ABC",
      "12A3", "0x123", "0X123", "0o777",   "0b101", "1e5",  "1e-5"};
  for (const std::string& v : bad) EXPECT_FALSE(IsDecimalInteger(v).empty()) << v;
  EXPECT_EQ(IsDecimalInteger(""), std::vector<std::string>{"must be non-empty"});
}

// The exact messages the API server prints (util/validation and content, v0.36).
TEST(NameValidationTest, UpstreamMessages) {
  EXPECT_EQ(IsDNS1123Label("a.b"), std::vector<std::string>{"must not contain dots"});
  EXPECT_EQ(IsDNS1123Label("A")[0],
            "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
            "and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', "
            "regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')");
  std::vector<std::string> long_label = IsDNS1123Label(std::string(64, 'a'));
  ASSERT_EQ(long_label.size(), 1u);
  EXPECT_EQ(long_label[0], "must be no more than 63 characters");
  EXPECT_EQ(IsDNS1123Subdomain("Example.com")[0],
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, "
            "'-' or '.', and must start and end with an alphanumeric character (e.g. "
            "'example.com', regex used for validation is "
            "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
  EXPECT_EQ(IsValidLabelValue("-x"),
            std::vector<std::string>{
                "a valid label must be an empty string or consist of alphanumeric characters, '-', "
                "'_' or '.', and must start and end with an alphanumeric character (e.g. "
                "'MyValue',  or 'my_value',  or '12345', regex used for validation is "
                "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"});
  std::vector<std::string> long_value = IsValidLabelValue(std::string(64, 'a'));
  EXPECT_EQ(long_value, std::vector<std::string>{"must be no more than 63 bytes"});
  EXPECT_EQ(IsQualifiedName("a/b/c"),
            std::vector<std::string>{
                "a valid label key must consist of alphanumeric characters, '-', '_' or '.', and "
                "must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name', "
                " or '123-abc', regex used for validation is "
                "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain "
                "prefix and '/' (e.g. 'example.com/MyName')"});
  std::vector<std::string> empty_parts = IsQualifiedName("/");
  ASSERT_EQ(empty_parts.size(), 3u);
  EXPECT_EQ(empty_parts[0], "prefix part must be non-empty");
  EXPECT_EQ(empty_parts[1], "name part must be non-empty");
  EXPECT_EQ(empty_parts[2].rfind("name part must consist of alphanumeric characters", 0), 0u);
  std::vector<std::string> bad_prefix = IsQualifiedName("Example.com/abc");
  ASSERT_EQ(bad_prefix.size(), 1u);
  EXPECT_EQ(bad_prefix[0].rfind("prefix part a lowercase RFC 1123 subdomain", 0), 0u);
  std::vector<std::string> long_name = IsQualifiedName(std::string(64, 'a'));
  ASSERT_EQ(long_name.size(), 1u);
  EXPECT_EQ(long_name[0], "name part must be no more than 63 bytes");
  std::vector<std::string> long_prefix = IsQualifiedName(std::string(254, 'a') + "/abc");
  ASSERT_EQ(long_prefix.size(), 1u);
  EXPECT_EQ(long_prefix[0], "prefix part must be no more than 253 bytes");
  EXPECT_EQ(IsDNS1035Label("1a")[0],
            "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start "
            "with an alphabetic character, and end with an alphanumeric character (e.g. "
            "'my-name',  or 'abc-123', regex used for validation is "
            "'[a-z]([-a-z0-9]*[a-z0-9])?')");
}

TEST(NameValidationTest, ValidateLabelsReportsEachProblemAtThePath) {
  FieldErrors errors;
  ValidateLabels({{"good", "ok"}, {"bad key", "v"}, {"k", "-bad-value"}}, "metadata.labels",
                 errors);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_TRUE(errors.Contains("metadata.labels", "Invalid value: \"bad key\": name part"));
  EXPECT_TRUE(errors.Contains("metadata.labels", "Invalid value: \"-bad-value\": a valid label"));
}

TEST(NameValidationTest, GoQuoteEscapesLikeStrconvQuote) {
  EXPECT_EQ(GoQuote("abc"), "\"abc\"");
  EXPECT_EQ(GoQuote("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(GoQuote("\n\t\r"), "\"\\n\\t\\r\"");
  EXPECT_EQ(GoQuote(std::string("\x01\x7f", 2)), "\"\\x01\\x7f\"");
  EXPECT_EQ(GoQuote("r\xc4\x81"), "\"r\xc4\x81\"");  // valid UTF-8 is kept
  EXPECT_EQ(GoQuote("\xff"), "\"\\xff\"");           // invalid bytes are escaped
  EXPECT_EQ(GoQuote(std::string("\0", 1)), "\"\\x00\"");
}

TEST(NameValidationTest, FieldErrorBodies) {
  EXPECT_EQ(InvalidMessage("x", "bad"), "Invalid value: \"x\": bad");
  EXPECT_EQ(InvalidMessage("x", ""), "Invalid value: \"x\"");
  EXPECT_EQ(InvalidMessageRendered("[]", "bad"), "Invalid value: []: bad");
  EXPECT_EQ(RequiredMessage(), "Required value");
  EXPECT_EQ(RequiredMessage("must be set"), "Required value: must be set");
  EXPECT_EQ(ForbiddenMessage("no"), "Forbidden: no");
  EXPECT_EQ(NotSupportedMessage("Foo", {"Equal", "Exists"}),
            "Unsupported value: \"Foo\": supported values: \"Equal\", \"Exists\"");
  EXPECT_EQ(DuplicateMessageRendered("{}", "dup"), "Duplicate value: {}: dup");
}

// Ported from k8s.io/apimachinery/pkg/apis/meta/v1/validation/validation_test.go
// TestValidateLabels.
TEST(NameValidationTest, ApimachineryValidateLabels) {
  const std::vector<Labels> good = {{{"simple", "bar"}},
                                    {{"now-with-dashes", "bar"}},
                                    {{"1-starts-with-num", "bar"}},
                                    {{"1234", "bar"}},
                                    {{"simple/simple", "bar"}},
                                    {{"now-with-dashes/simple", "bar"}},
                                    {{"now-with-dashes/now-with-dashes", "bar"}},
                                    {{"now.with.dots/simple", "bar"}},
                                    {{"now-with.dashes-and.dots/simple", "bar"}},
                                    {{"1-num.2-num/3-num", "bar"}},
                                    {{"1234/5678", "bar"}},
                                    {{"1.2.3.4/5678", "bar"}},
                                    {{"UpperCaseAreOK123", "bar"}},
                                    {{"goodvalue", "123_-.BaR"}}};
  for (const Labels& labels : good) {
    FieldErrors errors;
    ValidateLabels(labels, "field", errors);
    EXPECT_TRUE(errors.empty()) << errors.ToString();
  }
  const std::vector<std::pair<Labels, std::string>> bad = {
      {{{"nospecialchars^=@", "bar"}}, "name part must consist of"},
      {{{"cantendwithadash-", "bar"}}, "name part must consist of"},
      {{{"only/one/slash", "bar"}}, "a valid label key must consist of"},
      {{{std::string(254, 'a'), "bar"}}, "must be no more than"},
      {{{"toolongvalue", std::string(64, 'a')}}, "must be no more than"},
      {{{"backslashesinvalue", "some\\bad\\value"}},
       "a valid label must be an empty string or consist of"},
      {{{"nocommasallowed", "bad,value"}}, "a valid label must be an empty string or consist of"},
      {{{"strangecharsinvalue", "?#$notsogood"}},
       "a valid label must be an empty string or consist of"},
  };
  for (const auto& [labels, fragment] : bad) {
    FieldErrors errors;
    ValidateLabels(labels, "field", errors);
    ASSERT_EQ(errors.size(), 1u) << errors.ToString();
    EXPECT_TRUE(errors.Contains("field", fragment)) << errors.ToString();
  }
}

TEST(NameValidationTest, ParseGoInt64FollowsStrconv) {
  EXPECT_EQ(ParseGoInt64("0"), 0);
  EXPECT_EQ(ParseGoInt64("+12"), 12);
  EXPECT_EQ(ParseGoInt64("-12"), -12);
  EXPECT_EQ(ParseGoInt64("007"), 7);
  EXPECT_EQ(ParseGoInt64("9223372036854775807"), INT64_MAX);
  EXPECT_EQ(ParseGoInt64("-9223372036854775808"), INT64_MIN);
  EXPECT_EQ(ParseGoInt64("9223372036854775808"), std::nullopt);
  EXPECT_EQ(ParseGoInt64("-9223372036854775809"), std::nullopt);
  for (const char* bad : {"", "+", "-", " 1", "1 ", "1_000", "0x10", "1.0", "1e3", "a"}) {
    EXPECT_EQ(ParseGoInt64(bad), std::nullopt) << bad;
  }
}

}  // namespace
}  // namespace tidepool::api
