#include "api/yaml_json.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

namespace tidepool::api {
namespace {

using Json = nlohmann::json;

Json ParseOne(const std::string& text) {
  Result<std::vector<ParsedDocument>> docs = ParseManifestText(text);
  EXPECT_TRUE(docs) << (docs ? "" : docs.error().message());
  if (!docs || docs->empty()) return Json();
  return docs->front().value;
}

TEST(YamlJsonTest, ResolvesPlainScalarsWithTheCoreSchema) {
  Json j = ParseOne(
      "a: 3\nb: \"3\"\nc: true\nd: 'false'\ne: null\nf: ~\ng: 1.5\nh: 100m\ni: 1e3\n"
      "j: 0x1F\nk: yes\nl: -7\nm: .5\nn: 1Gi\no: 0o17\np:\n");
  EXPECT_EQ(j["a"], Json(3));
  EXPECT_EQ(j["b"], Json("3"));
  EXPECT_EQ(j["c"], Json(true));
  EXPECT_EQ(j["d"], Json("false"));
  EXPECT_TRUE(j["e"].is_null());
  EXPECT_TRUE(j["f"].is_null());
  EXPECT_EQ(j["g"], Json(1.5));
  EXPECT_EQ(j["h"], Json("100m"));
  EXPECT_EQ(j["i"], Json(1000.0));
  EXPECT_EQ(j["j"], Json(31));
  EXPECT_EQ(j["k"], Json("yes"));  // YAML 1.2: only true/false are booleans
  EXPECT_EQ(j["l"], Json(-7));
  EXPECT_EQ(j["m"], Json(0.5));
  EXPECT_EQ(j["n"], Json("1Gi"));
  EXPECT_EQ(j["o"], Json(15));
  EXPECT_TRUE(j["p"].is_null());
}

TEST(YamlJsonTest, BlockScalarsAndExplicitTagsAreStrings) {
  Json j = ParseOne("a: |\n  line1\n  line2\nb: !!str 42\nc: !!int \"7\"\n");
  EXPECT_EQ(j["a"], Json("line1\nline2\n"));
  EXPECT_EQ(j["b"], Json("42"));
  EXPECT_EQ(j["c"], Json(7));
}

TEST(YamlJsonTest, MultipleDocumentsKeepTheirIndexAndSkipEmptyOnes) {
  Result<std::vector<ParsedDocument>> docs =
      ParseManifestText("a: 1\n---\n---\nb: 2\n---\n# only a comment\n---\nc: 3\n");
  ASSERT_TRUE(docs) << docs.error().message();
  ASSERT_EQ(docs->size(), 3u);
  EXPECT_EQ((*docs)[0].index, 1);
  EXPECT_EQ((*docs)[0].value["a"], Json(1));
  EXPECT_EQ((*docs)[1].value["b"], Json(2));
  EXPECT_EQ((*docs)[2].value["c"], Json(3));
  EXPECT_GT((*docs)[2].index, (*docs)[1].index);
  EXPECT_GT((*docs)[1].index, 2);
}

TEST(YamlJsonTest, JsonInputIsAccepted) {
  Json j = ParseOne("  {\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"n\": [1, 2.5, \"x\"]}");
  EXPECT_EQ(j["kind"], Json("Pod"));
  EXPECT_EQ(j["n"][1], Json(2.5));
}

TEST(YamlJsonTest, SyntaxErrorsGiveLineAndColumn) {
  Result<std::vector<ParsedDocument>> r = ParseManifestText("a: 1\nb: [1, 2\nc: 3\n");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kParse);
  EXPECT_NE(r.error().message().find("line "), std::string::npos) << r.error().message();
  EXPECT_NE(r.error().message().find("column "), std::string::npos);

  r = ParseManifestText("{\"a\": 1,\n \"b\": }");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("line 2"), std::string::npos) << r.error().message();
}

TEST(YamlJsonTest, DuplicateKeysAreRejected) {
  Result<std::vector<ParsedDocument>> r = ParseManifestText("a: 1\nb: 2\na: 3\n");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("line 3, column 1: mapping key \"a\" already defined"),
            std::string::npos)
      << r.error().message();
}

TEST(YamlJsonTest, DeepNestingIsAnErrorNotACrash) {
  std::string deep(5000, '[');
  EXPECT_FALSE(ParseManifestText("a: " + deep));
  std::string deep_json = "{\"a\":" + std::string(3000, '[') + std::string(3000, ']') + "}";
  Result<std::vector<ParsedDocument>> r = ParseManifestText(deep_json);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("nesting deeper"), std::string::npos);
  std::string nested_maps;
  for (int i = 0; i < 300; ++i) nested_maps += std::string(i * 2, ' ') + "k:\n";
  EXPECT_FALSE(ParseManifestText(nested_maps));
}

TEST(YamlJsonTest, AliasBombsAreBounded) {
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  char prev = 'a';
  for (char c = 'b'; c <= 'j'; ++c, ++prev) {
    bomb += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 10; ++i) bomb += std::string(i ? ", *" : "*") + prev;
    bomb += "]\n";
  }
  Result<std::vector<ParsedDocument>> r = ParseManifestText(bomb);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("alias bomb"), std::string::npos) << r.error().message();
}

TEST(YamlJsonTest, BinaryGarbageAndHugeInputAreErrors) {
  std::string garbage(
      "\x7f"
      "ELF\x02\x01\x01\0\0\0",
      10);
  EXPECT_FALSE(ParseManifestText(garbage));
  ParseLimits small;
  small.max_bytes = 10;
  Result<std::vector<ParsedDocument>> r = ParseManifestText("a: 123456789012345", small);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("limit"), std::string::npos);
}

TEST(YamlJsonTest, InvalidUtf8IsAParseError) {
  // Found by the manifest fuzzer: invalid UTF-8 reached nlohmann's dump() in an error message.
  for (const std::string& bad :
       {std::string("a: \"\x91\"\n"), std::string("\xc3: 1\n"), std::string("a: \xed\xa0\x80\n"),
        std::string("a: \xc0\xaf\n"), std::string("a: x\xf0\x9f\n")}) {
    Result<std::vector<ParsedDocument>> r = ParseManifestText(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_NE(r.error().message().find("invalid UTF-8"), std::string::npos) << r.error().message();
    EXPECT_EQ(r.error().message().find("line 1, column 1:"), std::string::npos)
        << r.error().message();
  }
  EXPECT_EQ(ParseOne("a: \"h\xc3\xa9llo \xf0\x9f\x8c\x8a\"\n")["a"],
            Json("h\xc3\xa9llo \xf0\x9f\x8c\x8a"));
  EXPECT_FALSE(ParseManifestText("{\"a\": \"\x91\"}"));
}

TEST(YamlJsonTest, InputThatHungYamlCppIsAnError) {
  // Found by the manifest fuzzer: yaml-cpp 0.7 loops forever on this malformed block sequence,
  // which is why manifests are parsed with libyaml's event API.
  std::ifstream in(std::string(TIDEPOOL_TESTDATA_DIR) + "/regressions/yaml-cpp-hang.yaml");
  std::stringstream text;
  text << in.rdbuf();
  ASSERT_FALSE(text.str().empty());
  Result<std::vector<ParsedDocument>> r = ParseManifestText(text.str());
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("line 4, column 7"), std::string::npos) << r.error().message();
}

TEST(YamlJsonTest, AnchorsAliasesAndMergeKeys) {
  Json j = ParseOne(
      "base: &base {cpu: 100m, memory: 1Gi}\n"
      "big:\n  <<: *base\n  memory: 4Gi\n"
      "list: [&x 1, *x]\n"
      "multi:\n  <<: [{a: 1}, {a: 2, b: 2}]\n");
  EXPECT_EQ(j["big"], Json({{"cpu", "100m"}, {"memory", "4Gi"}}));
  EXPECT_EQ(j["list"], Json({1, 1}));
  EXPECT_EQ(j["multi"], Json({{"a", 1}, {"b", 2}}));
  EXPECT_EQ(ParseOne("'<<': 1\n")["<<"], Json(1));  // a quoted << is an ordinary key
  EXPECT_FALSE(ParseManifestText("a: *nowhere\n"));
  EXPECT_FALSE(ParseManifestText("a:\n  <<: 5\n"));
}

TEST(YamlJsonTest, FlowMappingsAreYamlNotJson) {
  EXPECT_EQ(ParseOne("{app: web, replicas: 2}"), Json({{"app", "web"}, {"replicas", 2}}));
  EXPECT_EQ(ParseOne("[a, 1]"), Json({"a", 1}));
  EXPECT_EQ(ParseOne("[1, \"a\"]"), Json({1, "a"}));
}

TEST(YamlJsonTest, NonScalarKeysAreRejected) { EXPECT_FALSE(ParseManifestText("? [a, b]\n: c\n")); }

TEST(YamlJsonTest, LargeIntegersBecomeFloatsAsInGoYaml) {
  // A number too big even for a double stays text (std::stod threw on it; found by the fuzzer).
  const std::string huge(400, '9');
  EXPECT_EQ(ParseOne("a: " + huge + "\n")["a"], Json(huge));
  EXPECT_EQ(ParseOne("a: 1e999\n")["a"], Json("1e999"));
  Result<std::vector<ParsedDocument>> json_overflow = ParseManifestText("[1" + huge + "]");
  ASSERT_FALSE(json_overflow);
  EXPECT_NE(json_overflow.error().message().find("number overflow"), std::string::npos)
      << json_overflow.error().message();
  Json j = ParseOne("a: 99999999999999999999\nb: 9223372036854775807\n");
  EXPECT_TRUE(j["a"].is_number_float());
  EXPECT_EQ(j["b"], Json(int64_t{9223372036854775807}));
}

}  // namespace
}  // namespace tidepool::api
