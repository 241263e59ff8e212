#include "autoscaling/scaled_object_status.h"

#include <string>

namespace tidepool::autoscaling {

namespace {

api::keda::Condition Make(std::string_view type, std::string_view status) {
  api::keda::Condition c;
  c.type = std::string(type);
  c.status = std::string(status);
  return c;
}

}  // namespace

Conditions InitializedConditions() {
  return {Make(kConditionReady, kStatusUnknown), Make(kConditionActive, kStatusUnknown),
          Make(kConditionFallback, kStatusUnknown), Make(kConditionPaused, kStatusFalse)};
}

bool AreInitialized(const Conditions& conditions) {
  return FindCondition(conditions, kConditionReady) != nullptr &&
         FindCondition(conditions, kConditionActive) != nullptr &&
         FindCondition(conditions, kConditionFallback) != nullptr &&
         FindCondition(conditions, kConditionPaused) != nullptr;
}

const api::keda::Condition* FindCondition(const Conditions& conditions, std::string_view type) {
  for (const api::keda::Condition& c : conditions) {
    if (c.type == type) return &c;
  }
  return nullptr;
}

bool IsConditionTrue(const Conditions& conditions, std::string_view type) {
  const api::keda::Condition* c = FindCondition(conditions, type);
  return c != nullptr && c->status == kStatusTrue;
}

bool SetCondition(Conditions& conditions, std::string_view type, std::string_view status,
                  std::string_view reason, std::string_view message) {
  for (api::keda::Condition& c : conditions) {
    if (c.type != type) continue;
    bool changed = false;
    // Assign only what differs, so an unchanged decision does not touch (or reallocate) strings.
    if (c.status != status) c.status.assign(status), changed = true;
    if (c.reason != reason) c.reason.assign(reason), changed = true;
    if (c.message != message) c.message.assign(message), changed = true;
    return changed;
  }
  api::keda::Condition c = Make(type, status);
  c.reason = std::string(reason);
  c.message = std::string(message);
  conditions.push_back(std::move(c));
  return true;
}

}  // namespace tidepool::autoscaling
