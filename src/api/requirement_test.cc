#include "api/requirement.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "api/requirement_test_util.h"

namespace tidepool::api {
namespace {

namespace F = testing::F;
namespace P = testing::P;
using Op = NodeSelectorOperator;

constexpr int64_t kMaxInt = std::numeric_limits<int64_t>::max();

// Ported from requirement_test.go "should have the right values" (Has).
TEST(RequirementTest, KarpenterHas) {
  struct Case {
    Requirement requirement;
    std::string value;
    bool want;
  };
  const std::vector<Case> cases = {
      {P::exists, "A", true},        {P::doesNotExist, "A", false}, {P::inA, "A", true},
      {P::inB, "A", false},          {P::inAB, "A", true},          {P::notInA, "A", false},
      {P::in1, "A", false},          {P::in9, "A", false},          {P::in19, "A", false},
      {P::notIn12, "A", true},       {P::greaterThan1, "A", false}, {P::greaterThan9, "A", false},
      {P::lessThan1, "A", false},    {P::lessThan9, "A", false},    {P::exists, "B", true},
      {P::doesNotExist, "B", false}, {P::inA, "B", false},          {P::inB, "B", true},
      {P::inAB, "B", true},          {P::notInA, "B", true},        {P::in1, "B", false},
      {P::in9, "B", false},          {P::in19, "B", false},         {P::notIn12, "B", true},
      {P::greaterThan1, "B", false}, {P::greaterThan9, "B", false}, {P::lessThan1, "B", false},
      {P::lessThan9, "B", false},    {P::exists, "1", true},        {P::doesNotExist, "1", false},
      {P::inA, "1", false},          {P::inB, "1", false},          {P::inAB, "1", false},
      {P::notInA, "1", true},        {P::in1, "1", true},           {P::in9, "1", false},
      {P::in19, "1", true},          {P::notIn12, "1", false},      {P::greaterThan1, "1", false},
      {P::greaterThan9, "1", false}, {P::lessThan1, "1", false},    {P::lessThan9, "1", true},
      {P::exists, "2", true},        {P::doesNotExist, "2", false}, {P::inA, "2", false},
      {P::inB, "2", false},          {P::inAB, "2", false},         {P::notInA, "2", true},
      {P::in1, "2", false},          {P::in9, "2", false},          {P::in19, "2", false},
      {P::notIn12, "2", false},      {P::greaterThan1, "2", true},  {P::greaterThan9, "2", false},
      {P::lessThan1, "2", false},    {P::lessThan9, "2", true},     {P::exists, "9", true},
      {P::doesNotExist, "9", false}, {P::inA, "9", false},          {P::inB, "9", false},
      {P::inAB, "9", false},         {P::notInA, "9", true},        {P::in1, "9", false},
      {P::in9, "9", true},           {P::in19, "9", true},          {P::notIn12, "9", true},
      {P::greaterThan1, "9", true},  {P::greaterThan9, "9", false}, {P::lessThan1, "9", false},
      {P::lessThan9, "9", false},
  };
  ASSERT_EQ(cases.size(), 70u);
  for (const Case& c : cases) {
    EXPECT_EQ(c.requirement.Has(c.value), c.want) << c.requirement.String() << " has " << c.value;
  }
}

// Ported from requirement_test.go "should return the right operator".
TEST(RequirementTest, KarpenterOperator) {
  struct Case {
    Requirement requirement;
    NodeSelectorOperator want;
  };
  const std::vector<Case> cases = {
      {P::exists, NodeSelectorOperator::kExists},
      {P::doesNotExist, NodeSelectorOperator::kDoesNotExist},
      {P::inA, NodeSelectorOperator::kIn},
      {P::inB, NodeSelectorOperator::kIn},
      {P::inAB, NodeSelectorOperator::kIn},
      {P::notInA, NodeSelectorOperator::kNotIn},
      {P::in1, NodeSelectorOperator::kIn},
      {P::in9, NodeSelectorOperator::kIn},
      {P::in19, NodeSelectorOperator::kIn},
      {P::notIn12, NodeSelectorOperator::kNotIn},
      {P::greaterThan1, NodeSelectorOperator::kExists},
      {P::greaterThan9, NodeSelectorOperator::kExists},
      {P::lessThan1, NodeSelectorOperator::kExists},
      {P::lessThan9, NodeSelectorOperator::kExists},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(c.requirement.Operator(), c.want) << c.requirement.String();
  }
}

// Ported from requirement_test.go "should have the correct length".
TEST(RequirementTest, KarpenterLen) {
  struct Case {
    Requirement requirement;
    int64_t want;
  };
  const std::vector<Case> cases = {
      {P::exists, kMaxInt},
      {P::doesNotExist, 0},
      {P::inA, 1},
      {P::inB, 1},
      {P::inAB, 2},
      {P::notInA, kMaxInt - 1},
      {P::in1, 1},
      {P::in9, 1},
      {P::in19, 2},
      {P::notIn12, kMaxInt - 2},
      {P::greaterThan1, kMaxInt},
      {P::greaterThan9, kMaxInt},
      {P::lessThan1, kMaxInt},
      {P::lessThan9, kMaxInt},
  };
  for (const Case& c : cases) EXPECT_EQ(c.requirement.Len(), c.want) << c.requirement.String();
}

// Ported from requirement_test.go "should return any". Any() is deterministic here (upstream
// draws a random integer), so the exact values are checked too.
TEST(RequirementTest, KarpenterAny) {
  EXPECT_FALSE(P::exists.Any().empty());
  EXPECT_TRUE(P::doesNotExist.Any().empty());
  EXPECT_EQ(P::inA.Any(), "A");
  EXPECT_EQ(P::inB.Any(), "B");
  EXPECT_TRUE(P::inAB.Any() == "A" || P::inAB.Any() == "B");
  EXPECT_FALSE(P::notInA.Any().empty());
  EXPECT_NE(P::notInA.Any(), "A");
  EXPECT_EQ(P::in1.Any(), "1");
  EXPECT_EQ(P::in9.Any(), "9");
  EXPECT_TRUE(P::in19.Any() == "1" || P::in19.Any() == "9");
  std::string not_in_12 = P::notIn12.Any();
  EXPECT_TRUE(!not_in_12.empty() && not_in_12 != "1" && not_in_12 != "2") << not_in_12;
  EXPECT_GE(std::stoll(P::greaterThan1.Any()), 1);
  EXPECT_GE(std::stoll(P::greaterThan9.Any()), 9);
  EXPECT_EQ(P::lessThan1.Any(), "0");
  int64_t less_than_9 = std::stoll(P::lessThan9.Any());
  EXPECT_TRUE(less_than_9 >= 0 && less_than_9 < 9);
  // Deterministic choices.
  EXPECT_EQ(P::exists.Any(), "0");
  EXPECT_EQ(P::greaterThan9.Any(), "10");
  EXPECT_EQ(Requirement::Make("key", Op::kNotIn, {"0", "1", "3"}).Any(), "2");
  EXPECT_EQ(Requirement::Make("key", Op::kLt, {"-4"}).Any(), "-5");
  EXPECT_EQ(P::greaterThan1.Intersection(P::lessThan9).Any(), "2");
  // Bounds that leave only excluded values: nothing to offer.
  Requirement only_five = Requirement::Make("key", Op::kGte, {"5"})
                              .Intersection(Requirement::Make("key", Op::kLte, {"5"}))
                              .Intersection(Requirement::Make("key", Op::kNotIn, {"5"}));
  EXPECT_EQ(only_five.Any(), "");
}

// Ported from requirement_test.go "should print the right string".
TEST(RequirementTest, KarpenterString) {
  struct Case {
    Requirement requirement;
    std::string want;
  };
  const std::vector<Case> cases = {
      {P::exists, "key Exists"},
      {P::doesNotExist, "key DoesNotExist"},
      {P::inA, "key In [A]"},
      {P::inB, "key In [B]"},
      {P::inAB, "key In [A B]"},
      {P::notInA, "key NotIn [A]"},
      {P::in1, "key In [1]"},
      {P::in9, "key In [9]"},
      {P::in19, "key In [1 9]"},
      {P::notIn12, "key NotIn [1 2]"},
      {P::greaterThan1, "key Exists >=2"},
      {P::greaterThan9, "key Exists >=10"},
      {P::lessThan1, "key Exists <=0"},
      {P::lessThan9, "key Exists <=8"},
      {P::greaterThan1.Intersection(P::lessThan9), "key Exists >=2 <=8"},
      {P::greaterThan9.Intersection(P::lessThan1), "key DoesNotExist"},
      {F::inAB, "key In [A B] minValues 2"},
      {Requirement::Make("key", Op::kIn, {"a", "b", "c", "d", "e", "f", "g"}),
       "key In [a b c d e and 2 others]"},
      {testing::Raw(true, {"2"}, 2, testing::kNone, testing::kNoMin), "key NotIn [2] >=2"},
  };
  for (const Case& c : cases) EXPECT_EQ(c.requirement.String(), c.want);
}

NodeSelectorRequirement Nsr(std::string op, std::vector<std::string> values,
                            std::optional<int32_t> min_values = std::nullopt) {
  NodeSelectorRequirement r;
  r.key = "key";
  r.operator_ = std::move(op);
  r.values = std::move(values);
  r.min_values = min_values;
  return r;
}

// Ported from requirement_test.go "should return the expected NodeSelectorRequirement".
TEST(RequirementTest, KarpenterNodeSelectorRequirementConversion) {
  struct Case {
    Requirement requirement;
    NodeSelectorRequirement want;
  };
  const std::vector<Case> cases = {
      {P::exists, Nsr("Exists", {})},
      {P::doesNotExist, Nsr("DoesNotExist", {})},
      {P::inA, Nsr("In", {"A"})},
      {P::inB, Nsr("In", {"B"})},
      {P::inAB, Nsr("In", {"A", "B"})},
      {P::notInA, Nsr("NotIn", {"A"})},
      {P::in1, Nsr("In", {"1"})},
      {P::in9, Nsr("In", {"9"})},
      {P::in19, Nsr("In", {"1", "9"})},
      {P::notIn12, Nsr("NotIn", {"1", "2"})},
      {P::greaterThan1, Nsr("Gte", {"2"})},
      {P::greaterThan9, Nsr("Gte", {"10"})},
      {P::lessThan1, Nsr("Lte", {"0"})},
      {P::lessThan9, Nsr("Lte", {"8"})},
      {F::exists, Nsr("Exists", {}, 1)},
      {F::doesNotExist, Nsr("DoesNotExist", {}, 1)},
      {F::inA, Nsr("In", {"A"}, 1)},
      {F::inB, Nsr("In", {"B"}, 1)},
      {F::inAB, Nsr("In", {"A", "B"}, 2)},
      {F::notInA, Nsr("NotIn", {"A"}, 1)},
      {F::in1, Nsr("In", {"1"}, 1)},
      {F::in9, Nsr("In", {"9"}, 1)},
      {F::in19, Nsr("In", {"1", "9"}, 2)},
      {F::notIn12, Nsr("NotIn", {"1", "2"}, 2)},
      {F::greaterThan1, Nsr("Gte", {"2"}, 1)},
      {F::greaterThan9, Nsr("Gte", {"10"}, 1)},
      {F::lessThan1, Nsr("Lte", {"0"}, 1)},
      {F::lessThan9, Nsr("Lte", {"8"}, 1)},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(c.requirement.ToNodeSelectorRequirement(), c.want) << c.requirement.String();
    // Converting back gives an equivalent requirement.
    EXPECT_EQ(Requirement::FromNodeSelectorRequirement(c.want), c.requirement)
        << c.requirement.String();
  }
}

// Ported from requirement_test.go "Gte and Lte Operators".
TEST(RequirementTest, KarpenterGteLte) {
  const Requirement gte2 = Requirement::Make("key", Op::kGte, {"2"});
  const Requirement lte8 = Requirement::Make("key", Op::kLte, {"8"});
  for (const char* v : {"2", "3", "100"}) EXPECT_TRUE(gte2.Has(v)) << v;
  for (const char* v : {"1", "0"}) EXPECT_FALSE(gte2.Has(v)) << v;
  for (const char* v : {"8", "7", "0"}) EXPECT_TRUE(lte8.Has(v)) << v;
  for (const char* v : {"9", "10"}) EXPECT_FALSE(lte8.Has(v)) << v;

  const Requirement both = gte2.Intersection(lte8);
  for (const char* v : {"2", "5", "8"}) EXPECT_TRUE(both.Has(v)) << v;
  for (const char* v : {"1", "9"}) EXPECT_FALSE(both.Has(v)) << v;

  const Requirement gt1 = Requirement::Make("key", Op::kGt, {"1"});
  EXPECT_EQ(gte2.Has("2"), gt1.Has("2"));
  EXPECT_EQ(gte2.Has("1"), gt1.Has("1"));
  const Requirement lt9 = Requirement::Make("key", Op::kLt, {"9"});
  EXPECT_EQ(lte8.Has("8"), lt9.Has("8"));
  EXPECT_EQ(lte8.Has("9"), lt9.Has("9"));

  // Redundant bounds collapse to the tighter one.
  Requirement gt4_gte5 = Requirement::Make("key", Op::kGt, {"4"})
                             .Intersection(Requirement::Make("key", Op::kGte, {"5"}));
  EXPECT_TRUE(gt4_gte5.Has("5"));
  EXPECT_FALSE(gt4_gte5.Has("4"));
  EXPECT_EQ(gt4_gte5.ToNodeSelectorRequirement(), Nsr("Gte", {"5"}));
  Requirement gt5_gte5 = Requirement::Make("key", Op::kGt, {"5"})
                             .Intersection(Requirement::Make("key", Op::kGte, {"5"}));
  EXPECT_TRUE(gt5_gte5.Has("6"));
  EXPECT_FALSE(gt5_gte5.Has("5"));
  EXPECT_EQ(gt5_gte5.ToNodeSelectorRequirement(), Nsr("Gte", {"6"}));
  Requirement gt3_gte6 = Requirement::Make("key", Op::kGt, {"3"})
                             .Intersection(Requirement::Make("key", Op::kGte, {"6"}));
  EXPECT_TRUE(gt3_gte6.Has("6"));
  EXPECT_FALSE(gt3_gte6.Has("5"));
  EXPECT_EQ(gt3_gte6.ToNodeSelectorRequirement().operator_, "Gte");
  Requirement lt5_lte5 = Requirement::Make("key", Op::kLt, {"5"})
                             .Intersection(Requirement::Make("key", Op::kLte, {"5"}));
  EXPECT_TRUE(lt5_lte5.Has("4"));
  EXPECT_FALSE(lt5_lte5.Has("5"));
  EXPECT_EQ(lt5_lte5.ToNodeSelectorRequirement(), Nsr("Lte", {"4"}));
  Requirement lt9_lte5 = lt9.Intersection(Requirement::Make("key", Op::kLte, {"5"}));
  EXPECT_TRUE(lt9_lte5.Has("5"));
  EXPECT_FALSE(lt9_lte5.Has("6"));
  EXPECT_EQ(lt9_lte5.ToNodeSelectorRequirement(), Nsr("Lte", {"5"}));

  const Requirement gte0 = Requirement::Make("key", Op::kGte, {"0"});
  EXPECT_TRUE(gte0.Has("0"));
  EXPECT_FALSE(gte0.Has("-1"));
  const Requirement lte0 = Requirement::Make("key", Op::kLte, {"0"});
  EXPECT_TRUE(lte0.Has("0"));
  EXPECT_FALSE(lte0.Has("1"));

  EXPECT_GE(std::stoll(Requirement::Make("key", Op::kGte, {"5"}).Any()), 5);
  EXPECT_LE(std::stoll(Requirement::Make("key", Op::kLte, {"10"}).Any()), 10);

  const Requirement gt_max = Requirement::Make("key", Op::kGt, {"9223372036854775807"});
  EXPECT_EQ(gt_max.Operator(), Op::kDoesNotExist);
  EXPECT_EQ(gt_max.Len(), 0);
  // Deliberate difference: upstream wraps Lt of the smallest integer around to no bound at all.
  const Requirement lt_min = Requirement::Make("key", Op::kLt, {"-9223372036854775808"});
  EXPECT_EQ(lt_min.Operator(), Op::kDoesNotExist);
  // Out-of-range values saturate as strconv.Atoi does; syntax errors read as 0.
  EXPECT_EQ(Requirement::Make("key", Op::kGt, {"99999999999999999999"}).Operator(),
            Op::kDoesNotExist);
  EXPECT_EQ(Requirement::Make("key", Op::kGt, {"abc"}).gte(), 1);
  EXPECT_EQ(Requirement::Make("key", Op::kGte, {}).gte(), 0);
  // Non-integers never satisfy bounds.
  EXPECT_FALSE(gte2.Has("three"));
  EXPECT_FALSE(gte2.Has("99999999999999999999"));
}

// Ported from requirement_test.go "should normalize labels" (the Requirement half; the
// Requirements half is in requirements_test.cc).
TEST(RequirementTest, KarpenterNormalizesAliasedKeys) {
  EXPECT_EQ(Requirement::Make("failure-domain.beta.kubernetes.io/zone", Op::kIn, {"a"}).key(),
            "topology.kubernetes.io/zone");
  EXPECT_EQ(Requirement::Make("failure-domain.beta.kubernetes.io/region", Op::kIn, {"a"}).key(),
            "topology.kubernetes.io/region");
  EXPECT_EQ(Requirement::Make("beta.kubernetes.io/arch", Op::kIn, {"a"}).key(),
            "kubernetes.io/arch");
  EXPECT_EQ(Requirement::Make("beta.kubernetes.io/os", Op::kIn, {"a"}).key(), "kubernetes.io/os");
  EXPECT_EQ(Requirement::Make("beta.kubernetes.io/instance-type", Op::kIn, {"a"}).key(),
            "node.kubernetes.io/instance-type");
  EXPECT_EQ(Requirement::Make("capacity-spread", Op::kIn, {"2", "3"}).key(), "capacity-spread");
}

TEST(RequirementTest, InsertAndValues) {
  Requirement r = Requirement::Make("key", Op::kIn, {"b", "a", "b"});
  EXPECT_EQ(r.values(), (std::vector<std::string>{"a", "b"}));
  r.Insert("c");
  r.Insert("a");
  EXPECT_EQ(r.values(), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_TRUE(r.Has("c"));
  Requirement not_in = Requirement::Make("key", Op::kNotIn, {"x"});
  not_in.Insert("y");
  EXPECT_FALSE(not_in.Has("y"));
  EXPECT_EQ(not_in.Len(), std::numeric_limits<int64_t>::max() - 2);
  EXPECT_EQ(ParseNodeSelectorOperator("Gte"), Op::kGte);
  EXPECT_EQ(ParseNodeSelectorOperator("gte"), std::nullopt);
  // An operator upstream does not know reads as Exists.
  EXPECT_EQ(Requirement::FromNodeSelectorRequirement(Nsr("Bogus", {"x"})).Operator(), Op::kExists);
}

TEST(RequirementTest, ToNodeSelectorRequirementsSplitsTwoBounds) {
  Requirement both = Requirement::Make("cpu", Op::kGte, {"8"})
                         .Intersection(Requirement::Make("cpu", Op::kLte, {"8"}));
  std::vector<NodeSelectorRequirement> out = both.ToNodeSelectorRequirements();
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].operator_, "Gte");
  EXPECT_EQ(out[0].values, std::vector<std::string>{"8"});
  EXPECT_EQ(out[1].operator_, "Lte");
  EXPECT_EQ(out[1].values, std::vector<std::string>{"8"});
  EXPECT_EQ(P::inA.ToNodeSelectorRequirements().size(), 1u);
}

}  // namespace
}  // namespace tidepool::api
