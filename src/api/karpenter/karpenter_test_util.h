// Helpers for the Karpenter API tests: the registry they decode and encode through (see
// api/testing/object_test_util.h), and the builders and checks the validation tests share.
// Included by *_test.cc files only.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "api/field_errors.h"
#include "api/karpenter/karpenter_kinds.h"
#include "api/karpenter/nodepool.h"
#include "api/node_selector.h"
#include "api/taint.h"
#include "api/testing/object_test_util.h"
#include "core/duration.h"

namespace tidepool::api::karpenter_testing {

// The kinds of karpenter.sh and karpenter.k8s.aws only.
inline const testing::KindCodec& Kinds() {
  static const auto* kinds = new testing::KindCodec({&RegisterKarpenterKinds});
  return *kinds;
}

// Upstream's env.Client.Create for a kind whose Validate is its CRD's schema and CEL rules: the
// API server defaults the object, then applies them.
template <class T>
FieldErrors Create(T object) {
  SetDefaults(object);
  return testing::ValidationErrors(object);
}

inline NodeSelectorRequirement Req(std::string key, std::string op,
                                   std::vector<std::string> values = {},
                                   std::optional<int32_t> min_values = std::nullopt) {
  NodeSelectorRequirement r;
  r.key = std::move(key);
  r.operator_ = std::move(op);
  r.values = std::move(values);
  r.min_values = min_values;
  return r;
}

inline Taint MakeTaint(std::string key, std::string value, std::string effect) {
  Taint t;
  t.key = std::move(key);
  t.value = std::move(value);
  t.effect = std::move(effect);
  return t;
}

inline Budget MakeBudget(std::string nodes, std::optional<std::string> schedule = std::nullopt,
                         std::optional<Duration> duration = std::nullopt,
                         std::vector<std::string> reasons = {}) {
  Budget b;
  b.nodes = std::move(nodes);
  b.schedule = std::move(schedule);
  b.duration = duration;
  b.reasons = std::move(reasons);
  return b;
}

}  // namespace tidepool::api::karpenter_testing
