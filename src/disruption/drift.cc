#include "disruption/drift.h"

#include <algorithm>

#include "disruption/candidates.h"
#include "disruption/nodeclaim_disruption.h"

namespace tidepool::disruption {
namespace {

// When the claim drifted; unparseable or missing times sort first (the zero time), as Go's
// zero metav1.Time does.
Time DriftedSince(const Candidate& candidate) {
  const api::StatusCondition* condition =
      api::FindCondition(*candidate.node_claim, api::kConditionTypeDrifted);
  if (condition == nullptr) return Time();
  Result<Time> time = Time::ParseRfc3339(condition->last_transition_time);
  return time ? *time : Time();
}

}  // namespace

bool Drift::ShouldDisrupt(const Candidate& candidate) const {
  return !candidate.OwnedByStaticNodePool() &&
         api::IsConditionTrue(*candidate.node_claim, api::kConditionTypeDrifted);
}

Result<std::vector<Command>> Drift::ComputeCommands(Simulator& simulator, BudgetMap& budgets,
                                                    std::vector<Candidate> candidates) {
  std::vector<std::pair<Time, size_t>> order;
  order.reserve(candidates.size());
  for (size_t i = 0; i < candidates.size(); ++i) order.emplace_back(DriftedSince(candidates[i]), i);
  std::stable_sort(order.begin(), order.end(), [&](const auto& a, const auto& b) {
    bool a_empty = candidates[a.second].reschedulable_pods.empty();
    bool b_empty = candidates[b.second].reschedulable_pods.empty();
    if (a_empty != b_empty) return a_empty;
    return a.first < b.first;
  });
  for (const auto& [since, index] : order) {
    Candidate& candidate = candidates[index];
    auto budget = budgets.find(candidate.node_pool->metadata.name);
    if (budget == budgets.end() || budget->second <= 0) continue;
    const Candidate* one[] = {&candidate};
    Result<SimulationResult> simulation = simulator.Simulate(one);
    if (!simulation) return Fail(simulation.error());
    if (simulation->failure == "candidate is deleting") continue;
    if (!simulation->all_non_pending_scheduled) {
      events_.Blocked(candidate.node, candidate.node_claim, Sentence(simulation->failure));
      continue;
    }
    Command command;
    command.reason = reason();
    command.method = std::string(name());
    command.replacements = std::move(simulation->results.new_node_claims);
    command.moved_to_existing = std::move(simulation->results.existing_nodes);
    command.candidates.push_back(std::move(candidate));
    std::vector<Command> out;
    out.push_back(std::move(command));
    return out;
  }
  return std::vector<Command>{};
}

}  // namespace tidepool::disruption
