// Single-node consolidation (kubernetes-sigs/karpenter pkg/controllers/disruption/
// singlenodeconsolidation.go): delete one underutilized node, or replace it with one cheaper
// node.
//
// A pass: candidates sorted by SavingsRatio (SortCandidates), then interleaved round-robin across
// NodePools (the best of each pool, then the second best of each, ...) so one large pool cannot
// starve the others. Pools not reached in the previous pass come first; the others follow in the
// order their best candidate appears. Candidates of pools without budget are skipped, as are
// Balanced candidates whose deletion could not pass the score; the first valid command wins and
// consumes one disruption from its pool's budget.
//
// Upstream stops after three minutes of wall-clock time; here set_max_simulations bounds the
// work instead (negative, the default, means unbounded; 0 stops before the first). When the bound
// stops a pass, the pools it did not reach are tried first in the next pass, as upstream does after
// a timeout.
//
// Not thread-safe.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "disruption/consolidation.h"

namespace tidepool::disruption {

class SingleNodeConsolidation : public Consolidation {
 public:
  using Consolidation::Consolidation;

  std::string_view name() const override { return "single-node-consolidation"; }
  [[nodiscard]] Result<std::vector<Command>> ComputeCommands(
      Simulator& simulator, BudgetMap& budgets, std::vector<Candidate> candidates) override;

  void set_max_simulations(int max_simulations) { max_simulations_ = max_simulations; }
  // Simulations run by the last ComputeCommands.
  int last_simulations() const { return last_simulations_; }
  // Pools the last pass did not reach (upstream PreviouslyUnseenNodePools).
  const std::set<std::string, std::less<>>& previously_unseen_node_pools() const {
    return previously_unseen_;
  }

  // The sorted, pool-interleaved order in which ComputeCommands tries `candidates` (sorted in
  // place by SavingsRatio first). Pointers into `candidates`.
  std::vector<const Candidate*> OrderCandidates(std::vector<Candidate>& candidates) const;

 private:
  int max_simulations_ = -1;
  int last_simulations_ = 0;
  std::set<std::string, std::less<>> previously_unseen_;
};

}  // namespace tidepool::disruption
