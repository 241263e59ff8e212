// Multi-node consolidation (kubernetes-sigs/karpenter pkg/controllers/disruption/
// multinodeconsolidation.go): replace or delete several underutilized nodes at once, turning k
// nodes into zero or one new node.
//
// A pass: candidates sorted by SavingsRatio (SortCandidates); walked in that order, a candidate is
// kept only while its NodePool's budget is positive, and each kept one consumes one disruption
// from `budgets`; at most Options::multi_node_max_candidates are considered. Then a binary search
// over the prefix length (at least two nodes; at most all the kept candidates when they fit under
// the cap, else cap + 1, as upstream's indices give) keeps the largest prefix found with a valid
// command: a delete, or a replacement that survives FilterOutSameInstanceType and Balanced scoring.
// At most one command comes out.
//
// Upstream bounds the search by a one-minute wall-clock timeout; here it is bounded by its
// iteration count (about log2(multi_node_max_candidates) simulations) and has no timeout.
//
// Not thread-safe.
#pragma once

#include <string_view>
#include <vector>

#include "disruption/consolidation.h"

namespace tidepool::disruption {

class MultiNodeConsolidation : public Consolidation {
 public:
  using Consolidation::Consolidation;

  std::string_view name() const override { return "multi-node-consolidation"; }
  [[nodiscard]] Result<std::vector<Command>> ComputeCommands(
      Simulator& simulator, BudgetMap& budgets, std::vector<Candidate> candidates) override;

  // Simulations run by the last ComputeCommands (for tests and benchmarks).
  int last_simulations() const { return last_simulations_; }

 private:
  // Upstream firstNConsolidationOption over `candidates` (in order), at most `max` of them.
  Result<Command> FirstNConsolidationOption(Simulator& simulator,
                                            std::span<const Candidate* const> candidates, int max,
                                            BalancedVerdict& verdict);

  int last_simulations_ = 0;
};

}  // namespace tidepool::disruption
