// The Balanced consolidation policy (kubernetes-sigs/karpenter pkg/controllers/disruption/
// balanced.go, designs/balanced-consolidation.md): a consolidation move out of a NodePool with
// consolidationPolicy Balanced is approved only when the fraction of the pool's cost it saves is
// at least 1/k of the fraction of the pool's disruption cost it causes:
//
//   score = (savings / pool total cost) / (move disruption cost / pool total disruption cost)
//   approved iff score >= 1/k   (k = Options::balanced_k, upstream BalancedK = 2)
//
// Pools with another policy are never scored (their moves always pass). A move spanning several
// pools is scored once per Balanced pool, with the net savings split by each pool's share of the
// source price, and approved only when every Balanced pool approves.
//
// The pool totals come from the whole pool (every node, candidate or not), so the controller
// computes them once per pass (ComputeNodePoolTotals) and hands them to the consolidation
// methods (Consolidation::SetNodePoolTotals). Without totals the evaluator approves everything,
// as upstream's noopEvaluator does.
//
// Thread-safety: the free functions are pure; a BalancedEvaluator is used by one thread.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "disruption/disruption_events.h"
#include "disruption/types.h"

namespace tidepool::disruption {

inline constexpr std::string_view kConsolidationApprovedReason = "ConsolidationApproved";

struct NodePoolTotals {
  double total_cost = 0;             // Σ price of the pool's nodes ($/hour)
  double total_disruption_cost = 0;  // Σ RescheduleDisruptionCost over every node of the pool
  friend bool operator==(const NodePoolTotals&, const NodePoolTotals&) = default;
};
using NodePoolTotalsMap = std::map<std::string, NodePoolTotals, std::less<>>;

struct ScoreResult {
  double savings_fraction = 0;
  double disruption_fraction = 0;
  int k = 2;
  // savings/disruption; 0 when nothing is saved, +inf when nothing is disrupted.
  double Score() const;
  double Threshold() const { return 1.0 / static_cast<double>(k); }
  bool Approved() const { return Score() >= Threshold(); }
};

// Upstream ScoreMove. Zero, negative or NaN totals give an unscored result (score 0: rejected).
ScoreResult ScoreMove(double savings, double disruption_cost, const NodePoolTotals& totals, int k);

// Upstream EstimatedSavings: Σ candidate prices minus, per replacement, the cheapest available
// offering of its first (cheapest) option compatible with its requirements.
double EstimatedSavings(const Command& command);

// A node of some NodePool, as ComputeNodePoolTotals needs it.
struct PoolNode {
  std::string_view name;
  std::string_view node_pool;
  // 1 + Σ max(0, EvictionCost) over its reschedulable pods (upstream StateNode.DisruptionCost).
  double disruption_cost = kPerNodeBaseDisruptionCost;
};

// Upstream computeNodePoolTotals, for every pool that has a candidate: total_cost is
// `pool_costs[pool]` when positive (the cluster's cost tracker), else Σ candidate prices;
// total_disruption_cost sums every node of the pool, using the candidate's
// reschedule_disruption_cost for nodes that are candidates.
NodePoolTotalsMap ComputeNodePoolTotals(
    std::span<const Candidate> candidates, std::span<const PoolNode> nodes,
    const std::map<std::string, double, std::less<>>* pool_costs);

struct BalancedVerdict {
  bool approved = false;
  std::map<std::string, ScoreResult, std::less<>> per_pool;  // Balanced pools only
};
// Upstream EvaluateBalancedMove: an empty command is not approved.
BalancedVerdict EvaluateBalancedMove(const Command& command, const NodePoolTotalsMap& totals,
                                     int k);

// "score 1.50 >= threshold 0.50 (k: 2, savings 10.0%, disruption 6.7%)" (upstream's text).
std::string ConsolidationScoreMessage(const ScoreResult& result);

// Approves moves for the consolidation methods. `events` may be null (no events).
class BalancedEvaluator {
 public:
  BalancedEvaluator(int k, DisruptionEvents* events) : k_(k), events_(events) {}

  // Enables scoring with this pass's totals (upstream SetNodePoolTotals).
  void SetTotals(NodePoolTotalsMap totals) { totals_ = std::move(totals); }
  void ClearTotals() { totals_.reset(); }
  bool enabled() const { return totals_.has_value(); }

  // Upstream ApproveCommand. For a single-candidate move from a Balanced pool that passes,
  // records ConsolidationApproved on its Node and NodeClaim.
  BalancedVerdict ApproveCommand(const Command& command) const;
  // Upstream CanPassThreshold: whether deleting the candidate (the best any move can do) would
  // pass. True for pools that are not Balanced or have no totals.
  bool CanPassThreshold(const Candidate& candidate) const;
  // For an approved multi-node move: ConsolidationApproved on each approving Balanced pool.
  void EmitMultiNodeEvents(const BalancedVerdict& verdict) const;

 private:
  const int k_;
  DisruptionEvents* const events_;
  std::optional<NodePoolTotalsMap> totals_;
};

bool IsBalanced(const api::NodePool& node_pool);

}  // namespace tidepool::disruption
