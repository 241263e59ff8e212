// The requirement fixtures of karpenter pkg/scheduling/requirement_test.go, shared by the tests
// of Requirement (requirement_test.cc) and of its intersection truth tables
// (requirement_intersection_test.cc). Included by *_test.cc files only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "api/requirement.h"

namespace tidepool::api::testing {

inline constexpr std::optional<int64_t> kNone = std::nullopt;
inline constexpr std::optional<int32_t> kNoMin = std::nullopt;
using Op = NodeSelectorOperator;

// A requirement on "key" built from its parts, for expected results no operator spells.
inline Requirement Raw(bool complement, std::vector<std::string> values, std::optional<int64_t> gte,
                       std::optional<int64_t> lte, std::optional<int32_t> min_values) {
  return Requirement::FromParts("key", complement, std::move(values), gte, lte, min_values);
}

// The fixtures of karpenter pkg/scheduling/requirement_test.go: requirements created without
// minValues (P) and with minValues flexibility (F).
namespace P {
inline const Requirement exists = Requirement::Make("key", Op::kExists);
inline const Requirement doesNotExist = Requirement::Make("key", Op::kDoesNotExist);
inline const Requirement inA = Requirement::Make("key", Op::kIn, {"A"});
inline const Requirement inB = Requirement::Make("key", Op::kIn, {"B"});
inline const Requirement inAB = Requirement::Make("key", Op::kIn, {"A", "B"});
inline const Requirement notInA = Requirement::Make("key", Op::kNotIn, {"A"});
inline const Requirement in1 = Requirement::Make("key", Op::kIn, {"1"});
inline const Requirement in9 = Requirement::Make("key", Op::kIn, {"9"});
inline const Requirement in19 = Requirement::Make("key", Op::kIn, {"1", "9"});
inline const Requirement notIn12 = Requirement::Make("key", Op::kNotIn, {"1", "2"});
inline const Requirement greaterThan1 = Requirement::Make("key", Op::kGt, {"1"});
inline const Requirement greaterThan9 = Requirement::Make("key", Op::kGt, {"9"});
inline const Requirement lessThan1 = Requirement::Make("key", Op::kLt, {"1"});
inline const Requirement lessThan9 = Requirement::Make("key", Op::kLt, {"9"});
}  // namespace P

namespace F {
inline const Requirement exists = Requirement::Make("key", Op::kExists, {}, 1);
inline const Requirement doesNotExist = Requirement::Make("key", Op::kDoesNotExist, {}, 1);
inline const Requirement inA = Requirement::Make("key", Op::kIn, {"A"}, 1);
inline const Requirement inB = Requirement::Make("key", Op::kIn, {"B"}, 1);
inline const Requirement inAB = Requirement::Make("key", Op::kIn, {"A", "B"}, 2);
inline const Requirement notInA = Requirement::Make("key", Op::kNotIn, {"A"}, 1);
inline const Requirement in1 = Requirement::Make("key", Op::kIn, {"1"}, 1);
inline const Requirement in9 = Requirement::Make("key", Op::kIn, {"9"}, 1);
inline const Requirement in19 = Requirement::Make("key", Op::kIn, {"1", "9"}, 2);
inline const Requirement notIn12 = Requirement::Make("key", Op::kNotIn, {"1", "2"}, 2);
inline const Requirement greaterThan1 = Requirement::Make("key", Op::kGt, {"1"}, 1);
inline const Requirement greaterThan9 = Requirement::Make("key", Op::kGt, {"9"}, 1);
inline const Requirement lessThan1 = Requirement::Make("key", Op::kLt, {"1"}, 1);
inline const Requirement lessThan9 = Requirement::Make("key", Op::kLt, {"9"}, 1);
}  // namespace F

}  // namespace tidepool::api::testing
