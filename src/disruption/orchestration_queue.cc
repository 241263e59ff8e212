#include "disruption/orchestration_queue.h"

#include <algorithm>
#include <utility>

#include "disruption/nodeclaim_disruption.h"
#include "disruption/nodepool_hash.h"
#include "lifecycle/nodeclaim_template.h"

namespace tidepool::disruption {
namespace {

void SetCondition(api::NodeClaim& claim, std::string_view type, std::string_view reason, Time now) {
  for (api::StatusCondition& condition : claim.status.conditions) {
    if (condition.type != type) continue;
    if (condition.status != "True") condition.last_transition_time = now.ToRfc3339();
    condition.status = "True";
    condition.reason = std::string(reason);
    condition.message = std::string(reason);
    return;
  }
  api::StatusCondition condition;
  condition.type = std::string(type);
  condition.status = "True";
  condition.reason = std::string(reason);
  condition.message = std::string(reason);
  condition.last_transition_time = now.ToRfc3339();
  claim.status.conditions.push_back(std::move(condition));
}

}  // namespace

api::NodeClaim ReplacementNodeClaim(const scheduling::NewNodeClaim& claim,
                                    const api::NodePool* pool, const QueueOptions& options) {
  const api::LabelKeySet& well_known = options.well_known_labels != nullptr
                                           ? *options.well_known_labels
                                           : api::CoreWellKnownLabels();
  // ToNodeClaim reads the template from claim.node_pool_object, which points into the solve's
  // input; the command may have been computed before a validation wait, so the pool looked up
  // now is used instead. Once per replacement: the copy is cheap next to the launch.
  scheduling::NewNodeClaim current = claim;
  current.node_pool_object = pool;
  api::NodeClaim out = lifecycle::ToNodeClaim(current, options.max_instance_types, well_known,
                                              options.default_termination_grace_period);
  if (pool != nullptr) StampNodeClaimHash(out, NodePoolHash(*pool));
  return out;
}

Status RequireDisruptedTaint(const cluster::ClusterState& state, cluster::NodeWriter& writer,
                             std::string_view node_name, bool add) {
  const api::Node* node = state.Get<api::Node>("", node_name);
  if (node == nullptr) return Fail(ErrorCode::kNotFound, "node " + std::string(node_name));
  auto is_disrupted = [](const api::Taint& taint) {
    return taint.key == kDisruptedTaintKey && taint.effect == "NoSchedule";
  };
  bool has = std::any_of(node->spec.taints.begin(), node->spec.taints.end(), is_disrupted);
  if (has == add) return OkStatus();
  api::Node updated = *node;
  if (add) {
    api::Taint taint;
    taint.key = std::string(kDisruptedTaintKey);
    taint.effect = "NoSchedule";
    updated.spec.taints.push_back(std::move(taint));
  } else {
    std::erase_if(updated.spec.taints, is_disrupted);
  }
  return writer.UpdateNode(std::move(updated));
}

Status SetDisruptionReason(const cluster::ClusterState& state, cluster::NodeWriter& writer,
                           std::string_view node_claim, std::string_view reason, Time now) {
  const api::NodeClaim* claim = state.Get<api::NodeClaim>("", node_claim);
  if (claim == nullptr) {
    return Fail(ErrorCode::kNotFound, "nodeclaim " + std::string(node_claim));
  }
  const api::StatusCondition* current = FindClaimCondition(*claim, kConditionDisruptionReason);
  if (reason.empty() && current == nullptr) return OkStatus();
  if (!reason.empty() && current != nullptr && current->status == "True" &&
      current->reason == reason) {
    return OkStatus();
  }
  api::NodeClaim updated = *claim;
  if (reason.empty()) {
    std::erase_if(updated.status.conditions, [](const api::StatusCondition& c) {
      return c.type == kConditionDisruptionReason;
    });
  } else {
    SetCondition(updated, kConditionDisruptionReason, reason, now);
  }
  return writer.UpdateNodeClaim(std::move(updated));
}

OrchestrationQueue::OrchestrationQueue(const cluster::ClusterState& state,
                                       cluster::NodeWriter& writer, cluster::ClusterWriter& events,
                                       Clock& clock, QueueOptions options, DecisionLog* log)
    : state_(state),
      writer_(writer),
      clock_(clock),
      options_(options),
      events_(events, clock),
      log_(log) {}

Duration OrchestrationQueue::RetryDuration(size_t queued_nodes, const QueueOptions& options) {
  Duration retry = options.retry_scale * static_cast<int64_t>(queued_nodes);
  return std::clamp(retry, options.min_retry, options.max_retry);
}

Status OrchestrationQueue::StartCommand(const Command& command) {
  for (const Candidate& candidate : command.candidates) {
    if (HasAny(candidate.name)) {
      return Fail(ErrorCode::kFailedPrecondition, "candidate is being disrupted");
    }
  }
  Time now = clock_.Now();
  std::string_view reason = ReasonName(command.reason);
  Entry entry;
  entry.reason = command.reason;
  entry.method = command.method;
  entry.created = now;
  entry.explanation = command.Explain();
  std::string first_error;
  for (const Candidate& candidate : command.candidates) {
    const api::NodeClaim* claim = state_.NodeClaimForNode(candidate.name);
    Status status = RequireDisruptedTaint(state_, writer_, candidate.name, true);
    if (status && claim != nullptr) {
      status = SetDisruptionReason(state_, writer_, claim->metadata.name, reason, now);
    }
    if (!status || claim == nullptr) {
      if (first_error.empty()) {
        first_error = status ? "nodeclaim for node " + candidate.name + " not found"
                             : status.error().message();
      }
      continue;
    }
    entry.nodes.push_back(candidate.name);
    entry.node_claims.push_back(claim->metadata.name);
  }
  if (!first_error.empty() && (!command.replacements.empty() || entry.nodes.empty())) {
    return Fail(ErrorCode::kUnavailable, "marking disrupted, " + first_error);
  }
  for (const scheduling::NewNodeClaim& replacement : command.replacements) {
    // The pool is looked up again: the command may have been computed before a validation wait.
    const api::NodePool* pool = state_.Get<api::NodePool>("", replacement.node_pool);
    Result<std::string> name =
        writer_.CreateNodeClaim(ReplacementNodeClaim(replacement, pool, options_));
    if (!name) {
      return Fail(name.error().WithContext("launching replacement nodeclaim"));
    }
    entry.replacements.push_back(Replacement{std::move(*name), false});
  }
  uint64_t id = next_id_++;
  entry.id = id;
  for (const std::string& node : entry.nodes) by_node_.emplace(node, id);
  if (log_ != nullptr) log_->Add(now, "started #" + std::to_string(id) + " " + entry.explanation);
  entries_.emplace(id, std::move(entry));
  return OkStatus();
}

OrchestrationQueue::Step OrchestrationQueue::WaitOrTerminate(Entry& entry, std::string& why) {
  std::string_view reason = ReasonName(entry.reason);
  bool waiting = false;
  for (Replacement& replacement : entry.replacements) {
    if (replacement.initialized) continue;
    const api::NodeClaim* claim = state_.Get<api::NodeClaim>("", replacement.name);
    if (claim == nullptr) {
      why = "replacement was deleted, nodeclaim " + replacement.name + " not found";
      return Step::kFailed;
    }
    events_.Launching(*claim, reason);
    if (ClaimConditionStatus(*claim, kConditionInitialized) != "True") {
      events_.WaitingOnReadiness(*claim);
      waiting = true;
      continue;
    }
    replacement.initialized = true;
  }
  if (waiting) return Step::kWaiting;
  bool retry = false;
  for (size_t i = 0; i < entry.nodes.size(); ++i) {
    const api::NodeClaim* claim = state_.Get<api::NodeClaim>("", entry.node_claims[i]);
    if (claim == nullptr) continue;  // already gone: done
    if (claim->metadata.deletion_timestamp.empty()) {
      const api::Node* node = state_.Get<api::Node>("", entry.nodes[i]);
      events_.Terminating(node, claim, reason);
      Status status = writer_.DeleteNodeClaim(entry.node_claims[i]);
      if (!status && status.error().code() != ErrorCode::kNotFound) {
        why = status.error().message();
        retry = true;
      }
    }
  }
  return retry ? Step::kWaiting : Step::kSucceeded;
}

void OrchestrationQueue::Complete(uint64_t id, bool succeeded, const std::string& why) {
  auto it = entries_.find(id);
  if (it == entries_.end()) return;
  Entry& entry = it->second;
  if (!succeeded) {
    Time now = clock_.Now();
    for (size_t i = 0; i < entry.nodes.size(); ++i) {
      // Best effort: a node or claim that is gone needs no un-marking.
      (void)RequireDisruptedTaint(state_, writer_, entry.nodes[i], false);
      (void)SetDisruptionReason(state_, writer_, entry.node_claims[i], "", now);
    }
  }
  if (log_ != nullptr) {
    // Each outcome line stands on its own: what the command was, then why it ended.
    log_->Add(clock_.Now(), (succeeded ? "succeeded #" : "failed #") + std::to_string(id) + " " +
                                entry.explanation + (why.empty() ? "" : ": " + why));
  }
  for (const std::string& node : entry.nodes) by_node_.erase(node);
  (succeeded ? succeeded_ : failed_)++;
  entries_.erase(it);
}

Duration OrchestrationQueue::Reconcile() {
  Time now = clock_.Now();
  Duration timeout = MaxRetryDuration();
  std::vector<std::pair<uint64_t, std::pair<bool, std::string>>> done;
  for (auto& [id, entry] : entries_) {
    std::string why;
    Step step = WaitOrTerminate(entry, why);
    if (step == Step::kWaiting && now - entry.created > timeout) {
      why = "command reached timeout" + (why.empty() ? "" : ", " + why);
      step = Step::kFailed;
    }
    if (step != Step::kWaiting)
      done.emplace_back(id, std::make_pair(step == Step::kSucceeded, why));
  }
  for (const auto& [id, outcome] : done) Complete(id, outcome.first, outcome.second);
  return options_.period;
}

void OrchestrationQueue::Start() {
  clock_.ScheduleAfter(options_.period, [this] {
    Reconcile();
    Start();
  });
}

}  // namespace tidepool::disruption
