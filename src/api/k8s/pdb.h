// policy/v1 PodDisruptionBudget: how many of a set of pods voluntary disruption (node
// consolidation, drains) must leave available. Status is decoded leniently.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/codec_fwd.h"
#include "api/extra_fields.h"
#include "api/field_errors.h"
#include "api/int_or_string.h"
#include "api/k8s/workloads.h"
#include "api/label_selector.h"
#include "api/meta.h"

namespace tidepool::api {

inline constexpr const char* kIfHealthyBudget = "IfHealthyBudget";
inline constexpr const char* kAlwaysAllow = "AlwaysAllow";

struct PodDisruptionBudgetSpec {
  std::optional<IntOrString> min_available;    // absolute or "N%"
  std::optional<LabelSelector> selector;       // absent: no pods; empty: every pod (policy/v1)
  std::optional<IntOrString> max_unavailable;  // exclusive with min_available
  // IfHealthyBudget (behaviour when absent) or AlwaysAllow.
  std::optional<std::string> unhealthy_pod_eviction_policy;
  ExtraFields extra;
  friend bool operator==(const PodDisruptionBudgetSpec&, const PodDisruptionBudgetSpec&) = default;
};
TIDEPOOL_DECLARE_CODEC(PodDisruptionBudgetSpec);

struct PodDisruptionBudgetStatus {
  int64_t observed_generation = 0;
  std::map<std::string, std::string> disrupted_pods;  // pod name -> RFC 3339 time
  int32_t disruptions_allowed = 0;
  int32_t current_healthy = 0;
  int32_t desired_healthy = 0;
  int32_t expected_pods = 0;
  std::vector<WorkloadCondition> conditions;
  ExtraFields extra;
  friend bool operator==(const PodDisruptionBudgetStatus&,
                         const PodDisruptionBudgetStatus&) = default;
};
TIDEPOOL_DECLARE_CODEC(PodDisruptionBudgetStatus);

struct PodDisruptionBudget : Object {
  PodDisruptionBudgetSpec spec;
  PodDisruptionBudgetStatus status;

  std::unique_ptr<Object> Clone() const override {
    return std::make_unique<PodDisruptionBudget>(*this);
  }
  friend bool operator==(const PodDisruptionBudget& a, const PodDisruptionBudget& b) {
    return a.HeaderEquals(b) && a.spec == b.spec && a.status == b.status;
  }
};
TIDEPOOL_DECLARE_CODEC(PodDisruptionBudget);

// policy/v1 has no defaults (unhealthyPodEvictionPolicy stays absent; absent behaves as
// IfHealthyBudget).
void SetDefaults(PodDisruptionBudget& pdb);
// ValidatePodDisruptionBudgetSpec: minAvailable and maxUnavailable exclusive, each a
// non-negative integer or a percentage of at most 100%, a valid selector, a known
// unhealthyPodEvictionPolicy.
void Validate(const PodDisruptionBudget& pdb, FieldErrors& errors);

}  // namespace tidepool::api
