#include "termination/nodeclaim_conditions.h"

#include <string>

namespace tidepool::termination {

const api::StatusCondition* FindCondition(const api::NodeClaim& node_claim, std::string_view type) {
  for (const api::StatusCondition& c : node_claim.status.conditions) {
    if (c.type == type) return &c;
  }
  return nullptr;
}

bool IsConditionTrue(const api::NodeClaim& node_claim, std::string_view type) {
  const api::StatusCondition* c = FindCondition(node_claim, type);
  return c != nullptr && c->status == kConditionTrue;
}

bool SetCondition(api::NodeClaim& node_claim, std::string_view type, std::string_view status,
                  std::string_view reason, std::string_view message, Time now) {
  if (reason.empty()) reason = type;
  api::StatusCondition* found = nullptr;
  for (api::StatusCondition& c : node_claim.status.conditions) {
    if (c.type == type) found = &c;
  }
  if (found == nullptr) {
    api::StatusCondition c;
    c.type = std::string(type);
    c.status = std::string(status);
    c.reason = std::string(reason);
    c.message = std::string(message);
    c.last_transition_time = now.ToRfc3339();
    c.observed_generation = node_claim.metadata.generation;
    node_claim.status.conditions.push_back(std::move(c));
    return true;
  }
  if (found->status == status && found->reason == reason && found->message == message) {
    return false;
  }
  if (found->status != status) found->last_transition_time = now.ToRfc3339();
  found->status = std::string(status);
  found->reason = std::string(reason);
  found->message = std::string(message);
  return true;
}

}  // namespace tidepool::termination
