#include "disruption/multi_node_consolidation.h"

#include <algorithm>
#include <utility>

namespace tidepool::disruption {

Result<std::vector<Command>> MultiNodeConsolidation::ComputeCommands(
    Simulator& simulator, BudgetMap& budgets, std::vector<Candidate> candidates) {
  last_simulations_ = 0;
  if (IsConsolidated()) return std::vector<Command>{};
  SortCandidates(candidates);

  // Budgets are applied before the search so that every prefix it tries is one the budgets
  // allow, in the sort order.
  std::vector<const Candidate*> disruptable;
  disruptable.reserve(candidates.size());
  bool constrained_by_budgets = false;
  for (const Candidate& candidate : candidates) {
    auto budget = budgets.find(candidate.node_pool->metadata.name);
    if (budget == budgets.end() || budget->second <= 0) {
      constrained_by_budgets = true;
      continue;
    }
    disruptable.push_back(&candidate);
    --budget->second;
  }
  const int max_parallel = std::clamp(static_cast<int>(disruptable.size()), 0,
                                      std::max(0, options_.multi_node_max_candidates));

  BalancedVerdict verdict;
  auto command = FirstNConsolidationOption(simulator, disruptable, max_parallel, verdict);
  if (!command) return tl::unexpected(command.error());
  if (command->decision() == Decision::kNoOp) {
    // A budget may be what stopped it; the next pass might find something once it frees up.
    if (!constrained_by_budgets) MarkConsolidated();
    return std::vector<Command>{};
  }
  if (!verdict.per_pool.empty()) evaluator_.EmitMultiNodeEvents(verdict);
  std::vector<Command> commands;
  commands.push_back(*std::move(command));
  return commands;
}

Result<Command> MultiNodeConsolidation::FirstNConsolidationOption(
    Simulator& simulator, std::span<const Candidate* const> candidates, int max,
    BalancedVerdict& verdict) {
  // Single nodes are single-node consolidation's job.
  if (candidates.size() < 2) return Command{};
  int min = 1;
  if (static_cast<int>(candidates.size()) <= max) max = static_cast<int>(candidates.size()) - 1;

  Command last_saved;
  while (min <= max) {
    const int mid = (min + max) / 2;
    const auto prefix = candidates.first(static_cast<size_t>(mid) + 1);
    ++last_simulations_;
    auto command = ComputeConsolidation(simulator, prefix);
    if (!command) return tl::unexpected(command.error());

    bool valid = command->decision() == Decision::kDelete;
    if (command->decision() == Decision::kReplace) {
      Status filtered = FilterOutSameInstanceType(command->replacements.front(), prefix);
      valid = filtered.has_value() && !command->replacements.front().instance_type_options.empty();
    }
    if (valid) {
      BalancedVerdict probe = evaluator_.ApproveCommand(*command);
      valid = probe.approved;
      if (valid) verdict = std::move(probe);
    }
    if (valid) {
      last_saved = *std::move(command);
      min = mid + 1;
    } else {
      max = mid - 1;
    }
  }
  return last_saved;
}

}  // namespace tidepool::disruption
