#include "api/karpenter/nodeclaim_conditions.h"

#include <string>
#include <utility>
#include <vector>

namespace tidepool::api {

const StatusCondition* FindCondition(const NodeClaim& node_claim, std::string_view type) {
  for (const StatusCondition& c : node_claim.status.conditions) {
    if (c.type == type) return &c;
  }
  return nullptr;
}

StatusCondition* FindCondition(NodeClaim& node_claim, std::string_view type) {
  for (StatusCondition& c : node_claim.status.conditions) {
    if (c.type == type) return &c;
  }
  return nullptr;
}

std::string_view ConditionStatus(const NodeClaim& node_claim, std::string_view type) {
  const StatusCondition* c = FindCondition(node_claim, type);
  return c == nullptr ? std::string_view() : std::string_view(c->status);
}

bool SetCondition(NodeClaim& node_claim, std::string_view type, std::string_view status,
                  std::string_view reason, std::string_view message, Time now) {
  if (reason.empty()) reason = type;
  const int64_t generation = node_claim.metadata.generation;
  StatusCondition* c = FindCondition(node_claim, type);
  if (c == nullptr) {
    StatusCondition added;
    added.type = std::string(type);
    added.status = std::string(status);
    added.reason = std::string(reason);
    added.message = std::string(message);
    added.last_transition_time = now.ToRfc3339();
    added.observed_generation = generation;
    node_claim.status.conditions.push_back(std::move(added));
    return true;
  }
  if (c->status == status && c->reason == reason && c->message == message &&
      c->observed_generation == generation) {
    return false;
  }
  if (c->status != status) c->last_transition_time = now.ToRfc3339();
  c->status = std::string(status);
  c->reason = std::string(reason);
  c->message = std::string(message);
  c->observed_generation = generation;
  return true;
}

bool ClearCondition(NodeClaim& node_claim, std::string_view type) {
  return std::erase_if(node_claim.status.conditions,
                       [type](const StatusCondition& c) { return c.type == type; }) > 0;
}

}  // namespace tidepool::api
