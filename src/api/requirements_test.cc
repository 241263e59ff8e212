#include "api/requirements.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace tidepool::api {
namespace {

using Op = NodeSelectorOperator;
const std::string kZone(kLabelTopologyZone);

// The fixtures of karpenter pkg/scheduling/requirements_test.go "Compatibility": one requirement
// on topology.kubernetes.io/zone, a well-known label, because it behaves differently from custom
// labels.
namespace Z {
Requirements Zone(Op op, std::vector<std::string> values = {}) {
  return Requirements({Requirement::Make(kZone, op, std::move(values))});
}
const Requirements unconstrained;
const Requirements exists = Zone(Op::kExists);
const Requirements doesNotExist = Zone(Op::kDoesNotExist);
const Requirements inA = Zone(Op::kIn, {"A"});
const Requirements inB = Zone(Op::kIn, {"B"});
const Requirements inAB = Zone(Op::kIn, {"A", "B"});
const Requirements notInA = Zone(Op::kNotIn, {"A"});
const Requirements in1 = Zone(Op::kIn, {"1"});
const Requirements in9 = Zone(Op::kIn, {"9"});
const Requirements in19 = Zone(Op::kIn, {"1", "9"});
const Requirements notIn12 = Zone(Op::kNotIn, {"1", "2"});
const Requirements greaterThan1 = Zone(Op::kGt, {"1"});
const Requirements greaterThan9 = Zone(Op::kGt, {"9"});
const Requirements lessThan1 = Zone(Op::kLt, {"1"});
const Requirements lessThan9 = Zone(Op::kLt, {"9"});
}  // namespace Z

struct CompatibleCase {
  Requirements existing;
  Requirements incoming;
  bool compatible;
};

void CheckCompatibility(const std::vector<CompatibleCase>& cases,
                        const CompatibilityOptions& options) {
  for (size_t i = 0; i < cases.size(); ++i) {
    const CompatibleCase& c = cases[i];
    Status s = c.existing.Compatible(c.incoming, options);
    EXPECT_EQ(s.has_value(), c.compatible)
        << "case " << i << ": [" << c.existing.String() << "] vs [" << c.incoming.String() << "]"
        << (s ? "" : ": " + s.error().message());
    // The allocation-free check agrees with the one that explains itself.
    EXPECT_EQ(c.existing.IsCompatible(c.incoming, options), c.compatible) << "case " << i;
  }
}

// Ported from requirements_test.go "should be compatible with well-known v1 labels undefined".
TEST(RequirementsTest, KarpenterCompatibleWithWellKnownLabelsUndefined) {
  const std::vector<CompatibleCase> cases = {
      {Z::unconstrained, Z::unconstrained, true},
      {Z::unconstrained, Z::exists, true},
      {Z::unconstrained, Z::doesNotExist, true},
      {Z::unconstrained, Z::inA, true},
      {Z::unconstrained, Z::inB, true},
      {Z::unconstrained, Z::inAB, true},
      {Z::unconstrained, Z::notInA, true},
      {Z::unconstrained, Z::in1, true},
      {Z::unconstrained, Z::in9, true},
      {Z::unconstrained, Z::in19, true},
      {Z::unconstrained, Z::notIn12, true},
      {Z::unconstrained, Z::greaterThan1, true},
      {Z::unconstrained, Z::greaterThan9, true},
      {Z::unconstrained, Z::lessThan1, true},
      {Z::unconstrained, Z::lessThan9, true},
      {Z::exists, Z::unconstrained, true},
      {Z::exists, Z::exists, true},
      {Z::exists, Z::doesNotExist, false},
      {Z::exists, Z::inA, true},
      {Z::exists, Z::inB, true},
      {Z::exists, Z::inAB, true},
      {Z::exists, Z::notInA, true},
      {Z::exists, Z::in1, true},
      {Z::exists, Z::in9, true},
      {Z::exists, Z::in19, true},
      {Z::exists, Z::notIn12, true},
      {Z::exists, Z::greaterThan1, true},
      {Z::exists, Z::greaterThan9, true},
      {Z::exists, Z::lessThan1, true},
      {Z::exists, Z::lessThan9, true},
      {Z::doesNotExist, Z::unconstrained, true},
      {Z::doesNotExist, Z::exists, false},
      {Z::doesNotExist, Z::doesNotExist, true},
      {Z::doesNotExist, Z::inA, false},
      {Z::doesNotExist, Z::inB, false},
      {Z::doesNotExist, Z::inAB, false},
      {Z::doesNotExist, Z::notInA, true},
      {Z::doesNotExist, Z::in1, false},
      {Z::doesNotExist, Z::in9, false},
      {Z::doesNotExist, Z::in19, false},
      {Z::doesNotExist, Z::notIn12, true},
      {Z::doesNotExist, Z::greaterThan1, false},
      {Z::doesNotExist, Z::greaterThan9, false},
      {Z::doesNotExist, Z::lessThan1, false},
      {Z::doesNotExist, Z::lessThan9, false},
      {Z::inA, Z::unconstrained, true},
      {Z::inA, Z::exists, true},
      {Z::inA, Z::doesNotExist, false},
      {Z::inA, Z::inA, true},
      {Z::inA, Z::inB, false},
      {Z::inA, Z::inAB, true},
      {Z::inA, Z::notInA, false},
      {Z::inA, Z::in1, false},
      {Z::inA, Z::in9, false},
      {Z::inA, Z::in19, false},
      {Z::inA, Z::notIn12, true},
      {Z::inA, Z::greaterThan1, false},
      {Z::inA, Z::greaterThan9, false},
      {Z::inA, Z::lessThan1, false},
      {Z::inA, Z::lessThan9, false},
      {Z::inB, Z::unconstrained, true},
      {Z::inB, Z::exists, true},
      {Z::inB, Z::doesNotExist, false},
      {Z::inB, Z::inA, false},
      {Z::inB, Z::inB, true},
      {Z::inB, Z::inAB, true},
      {Z::inB, Z::notInA, true},
      {Z::inB, Z::in1, false},
      {Z::inB, Z::in9, false},
      {Z::inB, Z::in19, false},
      {Z::inB, Z::notIn12, true},
      {Z::inB, Z::greaterThan1, false},
      {Z::inB, Z::greaterThan9, false},
      {Z::inB, Z::lessThan1, false},
      {Z::inB, Z::lessThan9, false},
      {Z::inAB, Z::unconstrained, true},
      {Z::inAB, Z::exists, true},
      {Z::inAB, Z::doesNotExist, false},
      {Z::inAB, Z::inA, true},
      {Z::inAB, Z::inB, true},
      {Z::inAB, Z::inAB, true},
      {Z::inAB, Z::notInA, true},
      {Z::inAB, Z::in1, false},
      {Z::inAB, Z::in9, false},
      {Z::inAB, Z::in19, false},
      {Z::inAB, Z::notIn12, true},
      {Z::inAB, Z::greaterThan1, false},
      {Z::inAB, Z::greaterThan9, false},
      {Z::inAB, Z::lessThan1, false},
      {Z::inAB, Z::lessThan9, false},
      {Z::notInA, Z::unconstrained, true},
      {Z::notInA, Z::exists, true},
      {Z::notInA, Z::doesNotExist, true},
      {Z::notInA, Z::inA, false},
      {Z::notInA, Z::inB, true},
      {Z::notInA, Z::inAB, true},
      {Z::notInA, Z::notInA, true},
      {Z::notInA, Z::in1, true},
      {Z::notInA, Z::in9, true},
      {Z::notInA, Z::in19, true},
      {Z::notInA, Z::notIn12, true},
      {Z::notInA, Z::greaterThan1, true},
      {Z::notInA, Z::greaterThan9, true},
      {Z::notInA, Z::lessThan1, true},
      {Z::notInA, Z::lessThan9, true},
      {Z::in1, Z::unconstrained, true},
      {Z::in1, Z::exists, true},
      {Z::in1, Z::doesNotExist, false},
      {Z::in1, Z::inA, false},
      {Z::in1, Z::inB, false},
      {Z::in1, Z::inAB, false},
      {Z::in1, Z::notInA, true},
      {Z::in1, Z::in1, true},
      {Z::in1, Z::in9, false},
      {Z::in1, Z::in19, true},
      {Z::in1, Z::notIn12, false},
      {Z::in1, Z::greaterThan1, false},
      {Z::in1, Z::greaterThan9, false},
      {Z::in1, Z::lessThan1, false},
      {Z::in1, Z::lessThan9, true},
      {Z::in9, Z::unconstrained, true},
      {Z::in9, Z::exists, true},
      {Z::in9, Z::doesNotExist, false},
      {Z::in9, Z::inA, false},
      {Z::in9, Z::inB, false},
      {Z::in9, Z::inAB, false},
      {Z::in9, Z::notInA, true},
      {Z::in9, Z::in1, false},
      {Z::in9, Z::in9, true},
      {Z::in9, Z::in19, true},
      {Z::in9, Z::notIn12, true},
      {Z::in9, Z::greaterThan1, true},
      {Z::in9, Z::greaterThan9, false},
      {Z::in9, Z::lessThan1, false},
      {Z::in9, Z::lessThan9, false},
      {Z::in19, Z::unconstrained, true},
      {Z::in19, Z::exists, true},
      {Z::in19, Z::doesNotExist, false},
      {Z::in19, Z::inA, false},
      {Z::in19, Z::inB, false},
      {Z::in19, Z::inAB, false},
      {Z::in19, Z::notInA, true},
      {Z::in19, Z::in1, true},
      {Z::in19, Z::in9, true},
      {Z::in19, Z::in19, true},
      {Z::in19, Z::notIn12, true},
      {Z::in19, Z::greaterThan1, true},
      {Z::in19, Z::greaterThan9, false},
      {Z::in19, Z::lessThan1, false},
      {Z::in19, Z::lessThan9, true},
      {Z::notIn12, Z::unconstrained, true},
      {Z::notIn12, Z::exists, true},
      {Z::notIn12, Z::doesNotExist, true},
      {Z::notIn12, Z::inA, true},
      {Z::notIn12, Z::inB, true},
      {Z::notIn12, Z::inAB, true},
      {Z::notIn12, Z::notInA, true},
      {Z::notIn12, Z::in1, false},
      {Z::notIn12, Z::in9, true},
      {Z::notIn12, Z::in19, true},
      {Z::notIn12, Z::notIn12, true},
      {Z::notIn12, Z::greaterThan1, true},
      {Z::notIn12, Z::greaterThan9, true},
      {Z::notIn12, Z::lessThan1, true},
      {Z::notIn12, Z::lessThan9, true},
      {Z::greaterThan1, Z::unconstrained, true},
      {Z::greaterThan1, Z::exists, true},
      {Z::greaterThan1, Z::doesNotExist, false},
      {Z::greaterThan1, Z::inA, false},
      {Z::greaterThan1, Z::inB, false},
      {Z::greaterThan1, Z::inAB, false},
      {Z::greaterThan1, Z::notInA, true},
      {Z::greaterThan1, Z::in1, false},
      {Z::greaterThan1, Z::in9, true},
      {Z::greaterThan1, Z::in19, true},
      {Z::greaterThan1, Z::notIn12, true},
      {Z::greaterThan1, Z::greaterThan1, true},
      {Z::greaterThan1, Z::greaterThan9, true},
      {Z::greaterThan1, Z::lessThan1, false},
      {Z::greaterThan1, Z::lessThan9, true},
      {Z::greaterThan9, Z::unconstrained, true},
      {Z::greaterThan9, Z::exists, true},
      {Z::greaterThan9, Z::doesNotExist, false},
      {Z::greaterThan9, Z::inA, false},
      {Z::greaterThan9, Z::inB, false},
      {Z::greaterThan9, Z::inAB, false},
      {Z::greaterThan9, Z::notInA, true},
      {Z::greaterThan9, Z::in1, false},
      {Z::greaterThan9, Z::in9, false},
      {Z::greaterThan9, Z::in19, false},
      {Z::greaterThan9, Z::notIn12, true},
      {Z::greaterThan9, Z::greaterThan1, true},
      {Z::greaterThan9, Z::greaterThan9, true},
      {Z::greaterThan9, Z::lessThan1, false},
      {Z::greaterThan9, Z::lessThan9, false},
      {Z::lessThan1, Z::unconstrained, true},
      {Z::lessThan1, Z::exists, true},
      {Z::lessThan1, Z::doesNotExist, false},
      {Z::lessThan1, Z::inA, false},
      {Z::lessThan1, Z::inB, false},
      {Z::lessThan1, Z::inAB, false},
      {Z::lessThan1, Z::notInA, true},
      {Z::lessThan1, Z::in1, false},
      {Z::lessThan1, Z::in9, false},
      {Z::lessThan1, Z::in19, false},
      {Z::lessThan1, Z::notIn12, true},
      {Z::lessThan1, Z::greaterThan1, false},
      {Z::lessThan1, Z::greaterThan9, false},
      {Z::lessThan1, Z::lessThan1, true},
      {Z::lessThan1, Z::lessThan9, true},
      {Z::lessThan9, Z::unconstrained, true},
      {Z::lessThan9, Z::exists, true},
      {Z::lessThan9, Z::doesNotExist, false},
      {Z::lessThan9, Z::inA, false},
      {Z::lessThan9, Z::inB, false},
      {Z::lessThan9, Z::inAB, false},
      {Z::lessThan9, Z::notInA, true},
      {Z::lessThan9, Z::in1, true},
      {Z::lessThan9, Z::in9, false},
      {Z::lessThan9, Z::in19, true},
      {Z::lessThan9, Z::notIn12, true},
      {Z::lessThan9, Z::greaterThan1, true},
      {Z::lessThan9, Z::greaterThan9, false},
      {Z::lessThan9, Z::lessThan1, true},
      {Z::lessThan9, Z::lessThan9, true},
  };
  ASSERT_EQ(cases.size(), 225u);
  CheckCompatibility(cases, AllowUndefinedWellKnownLabels());
}

// Ported from requirements_test.go "should be strictly compatible".
TEST(RequirementsTest, KarpenterStrictlyCompatible) {
  const std::vector<CompatibleCase> cases = {
      {Z::unconstrained, Z::exists, false},
      {Z::unconstrained, Z::inA, false},
      {Z::unconstrained, Z::inB, false},
      {Z::unconstrained, Z::inAB, false},
      {Z::unconstrained, Z::in1, false},
      {Z::unconstrained, Z::in9, false},
      {Z::unconstrained, Z::in19, false},
      {Z::unconstrained, Z::greaterThan1, false},
      {Z::unconstrained, Z::greaterThan9, false},
      {Z::unconstrained, Z::lessThan1, false},
      {Z::unconstrained, Z::lessThan9, false},
      {Z::unconstrained, Z::unconstrained, true},
      {Z::unconstrained, Z::doesNotExist, true},
      {Z::unconstrained, Z::notInA, true},
      {Z::unconstrained, Z::notIn12, true},
      {Z::exists, Z::unconstrained, true},
      {Z::exists, Z::exists, true},
      {Z::exists, Z::doesNotExist, false},
      {Z::exists, Z::inA, true},
      {Z::exists, Z::inB, true},
      {Z::exists, Z::inAB, true},
      {Z::exists, Z::notInA, true},
      {Z::exists, Z::in1, true},
      {Z::exists, Z::in9, true},
      {Z::exists, Z::in19, true},
      {Z::exists, Z::notIn12, true},
      {Z::exists, Z::greaterThan1, true},
      {Z::exists, Z::greaterThan9, true},
      {Z::exists, Z::lessThan1, true},
      {Z::exists, Z::lessThan9, true},
      {Z::doesNotExist, Z::unconstrained, true},
      {Z::doesNotExist, Z::exists, false},
      {Z::doesNotExist, Z::doesNotExist, true},
      {Z::doesNotExist, Z::inA, false},
      {Z::doesNotExist, Z::inB, false},
      {Z::doesNotExist, Z::inAB, false},
      {Z::doesNotExist, Z::notInA, true},
      {Z::doesNotExist, Z::in1, false},
      {Z::doesNotExist, Z::in9, false},
      {Z::doesNotExist, Z::in19, false},
      {Z::doesNotExist, Z::notIn12, true},
      {Z::doesNotExist, Z::greaterThan1, false},
      {Z::doesNotExist, Z::greaterThan9, false},
      {Z::doesNotExist, Z::lessThan1, false},
      {Z::doesNotExist, Z::lessThan9, false},
      {Z::inA, Z::unconstrained, true},
      {Z::inA, Z::exists, true},
      {Z::inA, Z::doesNotExist, false},
      {Z::inA, Z::inA, true},
      {Z::inA, Z::inB, false},
      {Z::inA, Z::inAB, true},
      {Z::inA, Z::notInA, false},
      {Z::inA, Z::in1, false},
      {Z::inA, Z::in9, false},
      {Z::inA, Z::in19, false},
      {Z::inA, Z::notIn12, true},
      {Z::inA, Z::greaterThan1, false},
      {Z::inA, Z::greaterThan9, false},
      {Z::inA, Z::lessThan1, false},
      {Z::inA, Z::lessThan9, false},
      {Z::inB, Z::unconstrained, true},
      {Z::inB, Z::exists, true},
      {Z::inB, Z::doesNotExist, false},
      {Z::inB, Z::inA, false},
      {Z::inB, Z::inB, true},
      {Z::inB, Z::inAB, true},
      {Z::inB, Z::notInA, true},
      {Z::inB, Z::in1, false},
      {Z::inB, Z::in9, false},
      {Z::inB, Z::in19, false},
      {Z::inB, Z::notIn12, true},
      {Z::inB, Z::greaterThan1, false},
      {Z::inB, Z::greaterThan9, false},
      {Z::inB, Z::lessThan1, false},
      {Z::inB, Z::lessThan9, false},
      {Z::inAB, Z::unconstrained, true},
      {Z::inAB, Z::exists, true},
      {Z::inAB, Z::doesNotExist, false},
      {Z::inAB, Z::inA, true},
      {Z::inAB, Z::inB, true},
      {Z::inAB, Z::inAB, true},
      {Z::inAB, Z::notInA, true},
      {Z::inAB, Z::in1, false},
      {Z::inAB, Z::in9, false},
      {Z::inAB, Z::in19, false},
      {Z::inAB, Z::notIn12, true},
      {Z::inAB, Z::greaterThan1, false},
      {Z::inAB, Z::greaterThan9, false},
      {Z::inAB, Z::lessThan1, false},
      {Z::inAB, Z::lessThan9, false},
      {Z::notInA, Z::unconstrained, true},
      {Z::notInA, Z::exists, true},
      {Z::notInA, Z::doesNotExist, true},
      {Z::notInA, Z::inA, false},
      {Z::notInA, Z::inB, true},
      {Z::notInA, Z::inAB, true},
      {Z::notInA, Z::notInA, true},
      {Z::notInA, Z::in1, true},
      {Z::notInA, Z::in9, true},
      {Z::notInA, Z::in19, true},
      {Z::notInA, Z::notIn12, true},
      {Z::notInA, Z::greaterThan1, true},
      {Z::notInA, Z::greaterThan9, true},
      {Z::notInA, Z::lessThan1, true},
      {Z::notInA, Z::lessThan9, true},
      {Z::in1, Z::unconstrained, true},
      {Z::in1, Z::exists, true},
      {Z::in1, Z::doesNotExist, false},
      {Z::in1, Z::inA, false},
      {Z::in1, Z::inB, false},
      {Z::in1, Z::inAB, false},
      {Z::in1, Z::notInA, true},
      {Z::in1, Z::in1, true},
      {Z::in1, Z::in9, false},
      {Z::in1, Z::in19, true},
      {Z::in1, Z::notIn12, false},
      {Z::in1, Z::greaterThan1, false},
      {Z::in1, Z::greaterThan9, false},
      {Z::in1, Z::lessThan1, false},
      {Z::in1, Z::lessThan9, true},
      {Z::in9, Z::unconstrained, true},
      {Z::in9, Z::exists, true},
      {Z::in9, Z::doesNotExist, false},
      {Z::in9, Z::inA, false},
      {Z::in9, Z::inB, false},
      {Z::in9, Z::inAB, false},
      {Z::in9, Z::notInA, true},
      {Z::in9, Z::in1, false},
      {Z::in9, Z::in9, true},
      {Z::in9, Z::in19, true},
      {Z::in9, Z::notIn12, true},
      {Z::in9, Z::greaterThan1, true},
      {Z::in9, Z::greaterThan9, false},
      {Z::in9, Z::lessThan1, false},
      {Z::in9, Z::lessThan9, false},
      {Z::in19, Z::unconstrained, true},
      {Z::in19, Z::exists, true},
      {Z::in19, Z::doesNotExist, false},
      {Z::in19, Z::inA, false},
      {Z::in19, Z::inB, false},
      {Z::in19, Z::inAB, false},
      {Z::in19, Z::notInA, true},
      {Z::in19, Z::in1, true},
      {Z::in19, Z::in9, true},
      {Z::in19, Z::in19, true},
      {Z::in19, Z::notIn12, true},
      {Z::in19, Z::greaterThan1, true},
      {Z::in19, Z::greaterThan9, false},
      {Z::in19, Z::lessThan1, false},
      {Z::in19, Z::lessThan9, true},
      {Z::notIn12, Z::unconstrained, true},
      {Z::notIn12, Z::exists, true},
      {Z::notIn12, Z::doesNotExist, true},
      {Z::notIn12, Z::inA, true},
      {Z::notIn12, Z::inB, true},
      {Z::notIn12, Z::inAB, true},
      {Z::notIn12, Z::notInA, true},
      {Z::notIn12, Z::in1, false},
      {Z::notIn12, Z::in9, true},
      {Z::notIn12, Z::in19, true},
      {Z::notIn12, Z::notIn12, true},
      {Z::notIn12, Z::greaterThan1, true},
      {Z::notIn12, Z::greaterThan9, true},
      {Z::notIn12, Z::lessThan1, true},
      {Z::notIn12, Z::lessThan9, true},
      {Z::greaterThan1, Z::unconstrained, true},
      {Z::greaterThan1, Z::exists, true},
      {Z::greaterThan1, Z::doesNotExist, false},
      {Z::greaterThan1, Z::inA, false},
      {Z::greaterThan1, Z::inB, false},
      {Z::greaterThan1, Z::inAB, false},
      {Z::greaterThan1, Z::notInA, true},
      {Z::greaterThan1, Z::in1, false},
      {Z::greaterThan1, Z::in9, true},
      {Z::greaterThan1, Z::in19, true},
      {Z::greaterThan1, Z::notIn12, true},
      {Z::greaterThan1, Z::greaterThan1, true},
      {Z::greaterThan1, Z::greaterThan9, true},
      {Z::greaterThan1, Z::lessThan1, false},
      {Z::greaterThan1, Z::lessThan9, true},
      {Z::greaterThan9, Z::unconstrained, true},
      {Z::greaterThan9, Z::exists, true},
      {Z::greaterThan9, Z::doesNotExist, false},
      {Z::greaterThan9, Z::inA, false},
      {Z::greaterThan9, Z::inB, false},
      {Z::greaterThan9, Z::inAB, false},
      {Z::greaterThan9, Z::notInA, true},
      {Z::greaterThan9, Z::in1, false},
      {Z::greaterThan9, Z::in9, false},
      {Z::greaterThan9, Z::in19, false},
      {Z::greaterThan9, Z::notIn12, true},
      {Z::greaterThan9, Z::greaterThan1, true},
      {Z::greaterThan9, Z::greaterThan9, true},
      {Z::greaterThan9, Z::lessThan1, false},
      {Z::greaterThan9, Z::lessThan9, false},
      {Z::lessThan1, Z::unconstrained, true},
      {Z::lessThan1, Z::exists, true},
      {Z::lessThan1, Z::doesNotExist, false},
      {Z::lessThan1, Z::inA, false},
      {Z::lessThan1, Z::inB, false},
      {Z::lessThan1, Z::inAB, false},
      {Z::lessThan1, Z::notInA, true},
      {Z::lessThan1, Z::in1, false},
      {Z::lessThan1, Z::in9, false},
      {Z::lessThan1, Z::in19, false},
      {Z::lessThan1, Z::notIn12, true},
      {Z::lessThan1, Z::greaterThan1, false},
      {Z::lessThan1, Z::greaterThan9, false},
      {Z::lessThan1, Z::lessThan1, true},
      {Z::lessThan1, Z::lessThan9, true},
      {Z::lessThan9, Z::unconstrained, true},
      {Z::lessThan9, Z::exists, true},
      {Z::lessThan9, Z::doesNotExist, false},
      {Z::lessThan9, Z::inA, false},
      {Z::lessThan9, Z::inB, false},
      {Z::lessThan9, Z::inAB, false},
      {Z::lessThan9, Z::notInA, true},
      {Z::lessThan9, Z::in1, true},
      {Z::lessThan9, Z::in9, false},
      {Z::lessThan9, Z::in19, true},
      {Z::lessThan9, Z::notIn12, true},
      {Z::lessThan9, Z::greaterThan1, true},
      {Z::lessThan9, Z::greaterThan9, false},
      {Z::lessThan9, Z::lessThan1, true},
      {Z::lessThan9, Z::lessThan9, true},
  };
  ASSERT_EQ(cases.size(), 225u);
  CheckCompatibility(cases, {});
}

// Ported from requirements_test.go "should normalize aliased labels" and requirement_test.go
// "should normalize labels" (label maps, node selector requirements and pod requirements).
TEST(RequirementsTest, KarpenterNormalizeAliasedLabels) {
  Requirements zone({Requirement::Make(kLabelFailureDomainBetaZone, Op::kIn, {"test"})});
  EXPECT_FALSE(zone.Has(kLabelFailureDomainBetaZone));
  EXPECT_TRUE(zone.Get(kLabelTopologyZone).Has("test"));

  const std::map<std::string, std::string> node_selector = {
      {std::string(kLabelFailureDomainBetaZone), "test"},
      {std::string(kLabelFailureDomainBetaRegion), "test"},
      {"beta.kubernetes.io/arch", "test"},
      {"beta.kubernetes.io/os", "test"},
      {std::string(kLabelInstanceType), "test"},
  };
  std::vector<NodeSelectorRequirement> expressions;
  for (const auto& [key, value] : node_selector)
    expressions.push_back({key, "In", {value}, {}, {}});
  NodeSelector required;
  required.node_selector_terms.push_back({expressions, {}, {}});
  std::vector<PreferredSchedulingTerm> preferred = {{1, {expressions, {}, {}}, {}}};
  const std::vector<std::string> want = {
      "kubernetes.io/arch", "kubernetes.io/os", "node.kubernetes.io/instance-type",
      "topology.kubernetes.io/region", "topology.kubernetes.io/zone"};
  EXPECT_EQ(Requirements::FromLabels(node_selector).Keys(), want);
  EXPECT_EQ(Requirements::FromNodeSelectorRequirements(expressions).Keys(), want);
  EXPECT_EQ(Requirements::ForPod(node_selector, &required, preferred).Keys(), want);
}

// Ported from requirements_test.go "should detect well known label truncations" and "... typos".
TEST(RequirementsTest, KarpenterErrorMessagesForWellKnownLabelTypos) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"zone", "topology.kubernetes.io/zone"},
      {"region", "topology.kubernetes.io/region"},
      {"nodepool", "karpenter.sh/nodepool"},
      {"instance-type", "node.kubernetes.io/instance-type"},
      {"arch", "kubernetes.io/arch"},
      {"capacity-type", "karpenter.sh/capacity-type"},
      {"topology.kubernetesio/zone", "topology.kubernetes.io/zone"},
      {"node.io/zone", "topology.kubernetes.io/zone"},
      {"topology.kubernetes.io/regio", "topology.kubernetes.io/region"},
      {"node.kubernetes.io/region", "topology.kubernetes.io/region"},
      {"karpenter/nodepool", "karpenter.sh/nodepool"},
  };
  for (const auto& [bad, typo_of] : cases) {
    Requirements req({Requirement::Make(bad, Op::kExists)});
    Status s = Requirements().Compatible(req, AllowUndefinedWellKnownLabels());
    ASSERT_FALSE(s.has_value()) << bad;
    EXPECT_EQ(s.error().message(),
              "label \"" + bad + "\" does not have known values (typo of \"" + typo_of + "\"?)");
  }
}

// Ported from requirements_test.go "should display an error message for unknown labels".
TEST(RequirementsTest, KarpenterErrorMessageForUnknownLabel) {
  Requirements req({Requirement::Make("deployment", Op::kExists)});
  EXPECT_EQ(Requirements().Compatible(req).error().message(),
            "label \"deployment\" does not have known values");
  // A hint can also come from a key the existing side defines.
  Requirements existing({Requirement::Make("example.com/team", Op::kIn, {"a"})});
  Requirements typo({Requirement::Make("team", Op::kIn, {"a"})});
  EXPECT_EQ(existing.Compatible(typo).error().message(),
            "label \"team\" does not have known values (typo of \"example.com/team\"?)");
}

std::vector<Requirement> ConversionFixtures(bool with_min_values) {
  auto m = [&](int32_t v) { return with_min_values ? std::optional<int32_t>(v) : std::nullopt; };
  return {
      Requirement::Make("exists", Op::kExists, {}, m(3)),
      Requirement::Make("doesNotExist", Op::kDoesNotExist, {}, m(2)),
      Requirement::Make("inA", Op::kIn, {"A"}, m(1)),
      Requirement::Make("inB", Op::kIn, {"B"}, m(1)),
      Requirement::Make("inAB", Op::kIn, {"A", "B"}, m(2)),
      Requirement::Make("notInA", Op::kNotIn, {"A"}, m(1)),
      Requirement::Make("in1", Op::kIn, {"1"}, m(1)),
      Requirement::Make("in9", Op::kIn, {"9"}, m(1)),
      Requirement::Make("in19", Op::kIn, {"1", "9"}, m(2)),
      Requirement::Make("notIn12", Op::kNotIn, {"1", "2"}, m(2)),
      Requirement::Make("greaterThan1", Op::kGt, {"1"}, m(1)),
      Requirement::Make("greaterThan9", Op::kGt, {"9"}, m(1)),
      Requirement::Make("lessThan1", Op::kLt, {"1"}, m(1)),
      Requirement::Make("lessThan9", Op::kLt, {"9"}, m(1)),
  };
}

// Ported from requirements_test.go "should convert combinations of labels to expected
// NodeSelectorRequirements" (with and without flexibility).
TEST(RequirementsTest, KarpenterNodeSelectorRequirementsConversion) {
  for (bool with_min : {false, true}) {
    auto m = [&](int32_t v) { return with_min ? std::optional<int32_t>(v) : std::nullopt; };
    Requirements reqs(ConversionFixtures(with_min));
    // Sorted by key (upstream returns map order; the elements are the same).
    const std::vector<NodeSelectorRequirement> want = {
        {"doesNotExist", "DoesNotExist", {}, m(2), {}},
        {"exists", "Exists", {}, m(3), {}},
        {"greaterThan1", "Gte", {"2"}, m(1), {}},
        {"greaterThan9", "Gte", {"10"}, m(1), {}},
        {"in1", "In", {"1"}, m(1), {}},
        {"in19", "In", {"1", "9"}, m(2), {}},
        {"in9", "In", {"9"}, m(1), {}},
        {"inA", "In", {"A"}, m(1), {}},
        {"inAB", "In", {"A", "B"}, m(2), {}},
        {"inB", "In", {"B"}, m(1), {}},
        {"lessThan1", "Lte", {"0"}, m(1), {}},
        {"lessThan9", "Lte", {"8"}, m(1), {}},
        {"notIn12", "NotIn", {"1", "2"}, m(2), {}},
        {"notInA", "NotIn", {"A"}, m(1), {}},
    };
    EXPECT_EQ(reqs.NodeSelectorRequirements(), want) << with_min;
    // And back: the requirements survive the round trip.
    EXPECT_EQ(Requirements::FromNodeSelectorRequirements(reqs.NodeSelectorRequirements()), reqs);
  }
}

// Ported from requirements_test.go "should return both Gte and Lte requirements when both bounds
// exist".
TEST(RequirementsTest, KarpenterBothBoundsGiveTwoRequirements) {
  Requirements reqs(
      {Requirement::Make("cpu", Op::kGte, {"8"}), Requirement::Make("cpu", Op::kLte, {"8"})});
  const std::vector<NodeSelectorRequirement> want = {{"cpu", "Gte", {"8"}, {}, {}},
                                                     {"cpu", "Lte", {"8"}, {}, {}}};
  EXPECT_EQ(reqs.NodeSelectorRequirements(), want);
  EXPECT_EQ(Requirements::FromNodeSelectorRequirements(want), reqs);
}

// Ported from requirements_test.go "should print Requirements in the same order".
TEST(RequirementsTest, KarpenterStringify) {
  EXPECT_EQ(Requirements(ConversionFixtures(false)).String(),
            "doesNotExist DoesNotExist, exists Exists, greaterThan1 Exists >=2, greaterThan9 "
            "Exists >=10, in1 In [1], in19 In [1 9], in9 In [9], inA In [A], inAB In [A B], inB In "
            "[B], lessThan1 Exists <=0, lessThan9 Exists <=8, notIn12 NotIn [1 2], notInA NotIn "
            "[A]");
  // Restricted labels are left out.
  Requirements with_hostname({Requirement::Make("kubernetes.io/hostname", Op::kIn, {"h"}),
                              Requirement::Make("a", Op::kExists)});
  EXPECT_EQ(with_hostname.String(), "a Exists");
}

// Custom (not well-known) labels must be defined by the existing side, unless only excluded.
TEST(RequirementsTest, CustomLabelsMustBeDefined) {
  Requirements pool({Requirement::Make("capacity-spread", Op::kIn, {"1", "2", "3", "4", "5"}),
                     Requirement::Make(kCapacityTypeLabelKey, Op::kIn, {"spot", "on-demand"})});
  Requirements pod({Requirement::Make("capacity-spread", Op::kIn, {"2", "3"})});
  EXPECT_TRUE(pool.Compatible(pod, AllowUndefinedWellKnownLabels()).has_value());
  Requirements other_pool({Requirement::Make(kCapacityTypeLabelKey, Op::kIn, {"spot"})});
  Status s = other_pool.Compatible(pod, AllowUndefinedWellKnownLabels());
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().message(), "label \"capacity-spread\" does not have known values");
  Requirements pod_excludes({Requirement::Make("capacity-spread", Op::kNotIn, {"1"})});
  EXPECT_TRUE(other_pool.IsCompatible(pod_excludes, AllowUndefinedWellKnownLabels()));
  Requirements pod_out_of_range({Requirement::Make("capacity-spread", Op::kIn, {"9"})});
  Status conflict = pool.Compatible(pod_out_of_range, AllowUndefinedWellKnownLabels());
  ASSERT_FALSE(conflict.has_value());
  EXPECT_EQ(conflict.error().message(),
            "key capacity-spread, capacity-spread In [9] not in capacity-spread In [1 2 3 4 5]");
  // Extra well-known labels of a provider are passed explicitly.
  LabelKeySet aws = CoreWellKnownLabels().Union({"karpenter.k8s.aws/instance-family"});
  Requirements family({Requirement::Make("karpenter.k8s.aws/instance-family", Op::kIn, {"m5"})});
  EXPECT_FALSE(other_pool.IsCompatible(family, AllowUndefinedWellKnownLabels()));
  EXPECT_TRUE(other_pool.IsCompatible(family, AllowUndefinedWellKnownLabels(aws)));
}

TEST(RequirementsTest, IntersectsReportsEveryConflictingKey) {
  Requirements a({Requirement::Make("x", Op::kIn, {"1"}), Requirement::Make("y", Op::kIn, {"a"}),
                  Requirement::Make("z", Op::kIn, {"q"})});
  Requirements b({Requirement::Make("x", Op::kIn, {"2"}), Requirement::Make("y", Op::kIn, {"b"}),
                  Requirement::Make("w", Op::kIn, {"q"})});
  Status s = a.Intersects(b);
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().message(),
            "key x, x In [2] not in x In [1]; key y, y In [b] not in y In [a]");
  EXPECT_FALSE(a.IntersectsFast(b));
  // Keys only one side defines never conflict.
  EXPECT_TRUE(a.Intersects(Requirements({Requirement::Make("w", Op::kIn, {"q"})})).has_value());
  // Two exclusions never conflict, even when neither allows anything.
  Requirements none({Requirement::Make("x", Op::kDoesNotExist)});
  EXPECT_TRUE(none.Intersects(none).has_value());
}

TEST(RequirementsTest, AddIntersectsSameKey) {
  Requirements r;
  r.Add(Requirement::Make("k", Op::kIn, {"a", "b", "c"}));
  r.Add(Requirement::Make("k", Op::kNotIn, {"b"}));
  r.Add(Requirement::Make("j", Op::kExists));
  EXPECT_EQ(r.size(), 2u);
  EXPECT_EQ(r.Keys(), (std::vector<std::string>{"j", "k"}));
  EXPECT_EQ(r.Get("k").values(), (std::vector<std::string>{"a", "c"}));
  EXPECT_EQ(r.Get("undefined").Operator(), Op::kExists);
  EXPECT_EQ(r.Find("undefined"), nullptr);
  ASSERT_NE(r.Find("j"), nullptr);
  EXPECT_FALSE(r.HasMinValues());
  r.Add(Requirement::Make("k", Op::kExists, {}, 2));
  EXPECT_TRUE(r.HasMinValues());
  EXPECT_EQ(r.Get("k").min_values(), 2);
}

TEST(RequirementsTest, LabelsPicksAConcreteValuePerKey) {
  Requirements r({Requirement::Make(kLabelTopologyZone, Op::kIn, {"us-east-1b", "us-east-1a"}),
                  Requirement::Make("team", Op::kExists),
                  Requirement::Make("gone", Op::kDoesNotExist),
                  Requirement::Make("size", Op::kGt, {"4"}),
                  Requirement::Make("kubernetes.io/hostname", Op::kIn, {"node-1"})});
  const std::map<std::string, std::string> want = {
      {"size", "5"}, {"team", "0"}, {"topology.kubernetes.io/zone", "us-east-1a"}};
  EXPECT_EQ(r.Labels(), want);
}

TEST(RequirementsTest, PodRequirementsUseFirstRequiredAndHeaviestPreferredTerm) {
  const std::map<std::string, std::string> node_selector = {{"team", "a"}};
  NodeSelector required;
  required.node_selector_terms = {
      {{{std::string(kLabelArchStable), "In", {"arm64", "amd64"}, {}, {}}}, {}, {}},
      {{{std::string(kLabelArchStable), "In", {"s390x"}, {}, {}}}, {}, {}}};
  std::vector<PreferredSchedulingTerm> preferred = {
      {10, {{{std::string(kLabelTopologyZone), "In", {"a"}, {}, {}}}, {}, {}}, {}},
      {50, {{{std::string(kLabelTopologyZone), "In", {"b"}, {}, {}}}, {}, {}}, {}},
      {50, {{{std::string(kLabelTopologyZone), "In", {"c"}, {}, {}}}, {}, {}}, {}}};
  Requirements all = Requirements::ForPod(node_selector, &required, preferred);
  EXPECT_EQ(all.Get(kLabelArchStable).values(), (std::vector<std::string>{"amd64", "arm64"}));
  EXPECT_EQ(all.Get(kLabelTopologyZone).values(), std::vector<std::string>{"b"});
  EXPECT_EQ(all.Get("team").values(), std::vector<std::string>{"a"});
  Requirements strict =
      Requirements::ForPod(node_selector, &required, preferred, PodRequirementType::kRequiredOnly);
  EXPECT_FALSE(strict.Has(kLabelTopologyZone));
  EXPECT_TRUE(strict.Has(kLabelArchStable));
  EXPECT_EQ(Requirements::ForPod({}, nullptr, {}).size(), 0u);
}

}  // namespace
}  // namespace tidepool::api
