#include "disruption/validation.h"

#include <set>
#include <utility>

namespace tidepool::disruption {
namespace {

const Candidate* FindCurrent(std::span<const Candidate> current, std::string_view name) {
  for (const Candidate& candidate : current) {
    if (candidate.name == name) return &candidate;
  }
  return nullptr;
}

Validation Failed(ValidationFailure failure, std::string message) {
  Validation out;
  out.failure = failure;
  out.message = std::move(message);
  return out;
}

bool ConsumeBudget(BudgetMap& budgets, const Candidate& candidate) {
  auto it = budgets.find(candidate.node_pool->metadata.name);
  if (it == budgets.end() || it->second <= 0) return false;
  --it->second;
  return true;
}

}  // namespace

std::string_view ValidationFailureName(ValidationFailure failure) {
  switch (failure) {
    case ValidationFailure::kNone:
      return "none";
    case ValidationFailure::kChurn:
      return "churn";
    case ValidationFailure::kBudget:
      return "budget";
    case ValidationFailure::kScheduling:
      return "scheduling";
  }
  return "unknown";
}

Validation ValidateEmptiness(Command command, std::span<const Candidate> current,
                             BudgetMap budgets) {
  std::vector<Candidate> still;
  for (const Candidate& proposed : command.candidates) {
    if (const Candidate* now = FindCurrent(current, proposed.name)) still.push_back(*now);
  }
  size_t proposed = command.candidates.size();
  if (still.empty()) {
    return Failed(ValidationFailure::kChurn,
                  std::to_string(proposed) + " candidates are no longer valid");
  }
  std::vector<Candidate> valid;
  for (Candidate& candidate : still) {
    if (ConsumeBudget(budgets, candidate)) valid.push_back(std::move(candidate));
  }
  if (valid.empty()) {
    return Failed(ValidationFailure::kBudget,
                  std::to_string(proposed) +
                      " candidates failed validation because they were nominated for a pod or "
                      "would violate disruption budgets");
  }
  command.candidates = std::move(valid);
  command.moved_to_existing.clear();
  Validation out;
  out.command = std::move(command);
  return out;
}

Validation ValidateConsolidation(Command command, std::span<const Candidate> current,
                                 BudgetMap budgets, Simulator& simulator) {
  std::vector<Candidate> still;
  for (const Candidate& proposed : command.candidates) {
    if (const Candidate* now = FindCurrent(current, proposed.name)) still.push_back(*now);
  }
  if (still.size() != command.candidates.size()) {
    return Failed(ValidationFailure::kChurn,
                  std::to_string(command.candidates.size() - still.size()) +
                      " candidates are no longer valid");
  }
  for (const Candidate& candidate : still) {
    if (!ConsumeBudget(budgets, candidate)) {
      return Failed(ValidationFailure::kBudget,
                    "a candidate can no longer be disrupted without violating budgets");
    }
  }
  if (still.empty()) return Failed(ValidationFailure::kScheduling, "no candidates");
  std::vector<const Candidate*> pointers;
  pointers.reserve(still.size());
  for (const Candidate& candidate : still) pointers.push_back(&candidate);
  Result<SimulationResult> simulation = simulator.Simulate(pointers);
  if (!simulation) return Failed(ValidationFailure::kScheduling, simulation.error().message());
  if (!simulation->all_non_pending_scheduled) {
    return Failed(ValidationFailure::kScheduling, simulation->failure);
  }
  const std::vector<scheduling::NewNodeClaim>& fresh = simulation->results.new_node_claims;
  const std::string changed = "scheduling simulation produced new results";
  if (fresh.empty()) {
    if (!command.replacements.empty()) return Failed(ValidationFailure::kScheduling, changed);
  } else {
    if (fresh.size() > 1 || command.replacements.size() != 1) {
      return Failed(ValidationFailure::kScheduling, changed);
    }
    // Upstream instanceTypesAreSubset: the command's options must all still be possible.
    std::set<std::string_view> now_possible;
    for (const cloud::InstanceTypePtr& type : fresh.front().instance_type_options) {
      now_possible.insert(type->name);
    }
    for (const cloud::InstanceTypePtr& type : command.replacements.front().instance_type_options) {
      if (now_possible.count(type->name) == 0)
        return Failed(ValidationFailure::kScheduling, changed);
    }
    scheduling::NewNodeClaim& replacement = command.replacements.front();
    replacement.pods = fresh.front().pods;
    replacement.node_pool_object = fresh.front().node_pool_object;
  }
  command.candidates = std::move(still);
  command.moved_to_existing = std::move(simulation->results.existing_nodes);
  Validation out;
  out.command = std::move(command);
  return out;
}

}  // namespace tidepool::disruption
