#include "disruption/single_node_consolidation.h"

#include <algorithm>
#include <utility>

namespace tidepool::disruption {

namespace {

const std::string& PoolOf(const Candidate& candidate) { return candidate.node_pool->metadata.name; }

}  // namespace

std::vector<const Candidate*> SingleNodeConsolidation::OrderCandidates(
    std::vector<Candidate>& candidates) const {
  SortCandidates(candidates);
  // Pools in priority order, each with its candidates in sort order.
  std::vector<std::pair<std::string_view, std::vector<const Candidate*>>> pools;
  auto find_pool = [&](std::string_view name) {
    for (auto& pool : pools) {
      if (pool.first == name) return &pool.second;
    }
    return static_cast<std::vector<const Candidate*>*>(nullptr);
  };
  for (const std::string& name : previously_unseen_) {
    for (const Candidate& candidate : candidates) {
      if (PoolOf(candidate) == name) {
        pools.emplace_back(name, std::vector<const Candidate*>{});
        break;
      }
    }
  }
  size_t longest = 0;
  for (const Candidate& candidate : candidates) {
    std::vector<const Candidate*>* pool = find_pool(PoolOf(candidate));
    if (pool == nullptr) {
      pool = &pools.emplace_back(PoolOf(candidate), std::vector<const Candidate*>{}).second;
    }
    pool->push_back(&candidate);
    longest = std::max(longest, pool->size());
  }
  std::vector<const Candidate*> order;
  order.reserve(candidates.size());
  for (size_t i = 0; i < longest; ++i) {
    for (const auto& pool : pools) {
      if (i < pool.second.size()) order.push_back(pool.second[i]);
    }
  }
  return order;
}

Result<std::vector<Command>> SingleNodeConsolidation::ComputeCommands(
    Simulator& simulator, BudgetMap& budgets, std::vector<Candidate> candidates) {
  last_simulations_ = 0;
  if (IsConsolidated()) return std::vector<Command>{};
  const std::vector<const Candidate*> order = OrderCandidates(candidates);

  std::set<std::string, std::less<>> unseen;
  for (const Candidate* candidate : order) unseen.insert(PoolOf(*candidate));
  bool constrained_by_budgets = false;

  for (const Candidate* candidate : order) {
    if (max_simulations_ >= 0 && last_simulations_ >= max_simulations_) {
      previously_unseen_ = std::move(unseen);
      return std::vector<Command>{};
    }
    const std::string& pool = PoolOf(*candidate);
    unseen.erase(pool);
    auto budget = budgets.find(pool);
    if (budget == budgets.end() || budget->second <= 0) {
      constrained_by_budgets = true;
      continue;
    }
    // Deleting is the best score any move of this node can get; if that fails, skip simulating.
    if (!evaluator_.CanPassThreshold(*candidate)) continue;

    ++last_simulations_;
    const Candidate* const one[] = {candidate};
    auto command = ComputeConsolidation(simulator, one);
    // Upstream logs a failed simulation and moves on to the next candidate.
    if (!command || command->decision() == Decision::kNoOp) continue;
    if (!evaluator_.ApproveCommand(*command).approved) continue;
    --budget->second;
    previously_unseen_.clear();
    std::vector<Command> commands;
    commands.push_back(*std::move(command));
    return commands;
  }
  // A budget may be what stopped it; the next pass might find something once it frees up.
  if (!constrained_by_budgets) MarkConsolidated();
  previously_unseen_ = std::move(unseen);
  return std::vector<Command>{};
}

}  // namespace tidepool::disruption
