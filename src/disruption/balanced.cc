#include "disruption/balanced.h"

#include <cmath>
#include <cstdio>
#include <limits>
#include <unordered_map>

#include "api/karpenter/nodepool.h"

namespace tidepool::disruption {

namespace {

void RecordOnNodeAndClaim(DisruptionEvents& events, const Candidate& candidate,
                          std::string_view reason, const std::string& message) {
  if (candidate.node != nullptr) {
    events.Publish(DisruptionEvents::Ref("Node", *candidate.node), "Normal", reason, message, "");
  }
  if (candidate.node_claim != nullptr) {
    events.Publish(DisruptionEvents::Ref("NodeClaim", *candidate.node_claim), "Normal", reason,
                   message, "");
  }
}

const std::string& PoolName(const Candidate& candidate) {
  return candidate.node_pool->metadata.name;
}

}  // namespace

double ScoreResult::Score() const {
  // Written so that NaN (an unpriceable node upstream of here) scores 0 rather than poisoning
  // every comparison.
  if (!(savings_fraction > 0)) return 0;
  if (disruption_fraction == 0) return std::numeric_limits<double>::infinity();
  return savings_fraction / disruption_fraction;
}

ScoreResult ScoreMove(double savings, double disruption_cost, const NodePoolTotals& totals, int k) {
  ScoreResult result;
  result.k = k;
  if (!(totals.total_cost > 0) || !(totals.total_disruption_cost > 0)) return result;
  result.savings_fraction = savings / totals.total_cost;
  result.disruption_fraction = disruption_cost / totals.total_disruption_cost;
  return result;
}

double EstimatedSavings(const Command& command) {
  double savings = 0;
  for (const Candidate& candidate : command.candidates) savings += candidate.price;
  for (const scheduling::NewNodeClaim& claim : command.replacements) {
    if (claim.instance_type_options.empty()) continue;
    // Only available offerings count, so a zone short of capacity does not make the estimate
    // optimistic; a replacement with no such offering adds nothing (as upstream).
    const double price =
        cloud::CheapestPrice(*claim.instance_type_options.front(), claim.requirements);
    if (price != cloud::kNoPrice) savings -= price;
  }
  return savings;
}

NodePoolTotalsMap ComputeNodePoolTotals(
    std::span<const Candidate> candidates, std::span<const PoolNode> nodes,
    const std::map<std::string, double, std::less<>>* pool_costs) {
  std::unordered_map<std::string_view, const Candidate*> by_name;
  by_name.reserve(candidates.size());
  NodePoolTotalsMap totals;
  for (const Candidate& candidate : candidates) {
    by_name.emplace(candidate.name, &candidate);
    NodePoolTotals& pool_totals = totals[PoolName(candidate)];
    // A NaN or infinite price (a broken price list) must not poison the pool's total.
    if (std::isfinite(candidate.price)) pool_totals.total_cost += candidate.price;
  }
  for (const PoolNode& node : nodes) {
    auto pool = totals.find(node.node_pool);
    // Only pools with a candidate are scored; the others need no totals.
    if (pool == totals.end()) continue;
    auto candidate = by_name.find(node.name);
    pool->second.total_disruption_cost += candidate != by_name.end()
                                              ? candidate->second->reschedule_disruption_cost
                                              : node.disruption_cost;
  }
  if (pool_costs != nullptr) {
    for (auto& [name, pool_totals] : totals) {
      auto cost = pool_costs->find(name);
      if (cost != pool_costs->end() && cost->second > 0) pool_totals.total_cost = cost->second;
    }
  }
  return totals;
}

bool IsBalanced(const api::NodePool& node_pool) {
  return api::EffectiveConsolidationPolicy(node_pool.spec.disruption) ==
         api::kConsolidationPolicyBalanced;
}

BalancedVerdict EvaluateBalancedMove(const Command& command, const NodePoolTotalsMap& totals,
                                     int k) {
  BalancedVerdict verdict;
  if (command.candidates.empty()) return verdict;
  verdict.approved = true;

  // Per pool: its candidates' price and disruption cost (commands hold at most 100 candidates and
  // few pools, so a small map is cheap).
  struct PoolMove {
    const api::NodePool* node_pool = nullptr;
    double price = 0;
    double disruption_cost = 0;
  };
  std::map<std::string_view, PoolMove> by_pool;
  double source_cost = 0;
  for (const Candidate& candidate : command.candidates) {
    PoolMove& move = by_pool[PoolName(candidate)];
    move.node_pool = candidate.node_pool;
    move.price += candidate.price;
    move.disruption_cost += candidate.reschedule_disruption_cost;
    source_cost += candidate.price;
  }
  const double savings = EstimatedSavings(command);
  for (const auto& [name, move] : by_pool) {
    if (!IsBalanced(*move.node_pool)) continue;
    // A move across pools splits its net savings by each pool's share of the source price.
    double pool_savings = savings;
    if (source_cost > 0 && by_pool.size() > 1) pool_savings = savings * (move.price / source_cost);
    auto pool_totals = totals.find(name);
    const ScoreResult result =
        ScoreMove(pool_savings, move.disruption_cost,
                  pool_totals != totals.end() ? pool_totals->second : NodePoolTotals{}, k);
    verdict.per_pool.emplace(std::string(name), result);
    verdict.approved = verdict.approved && result.Approved();
  }
  return verdict;
}

std::string ConsolidationScoreMessage(const ScoreResult& result) {
  char buffer[160];
  std::snprintf(buffer, sizeof(buffer),
                "score %.2f >= threshold %.2f (k: %d, savings %.1f%%, disruption %.1f%%)",
                result.Score(), result.Threshold(), result.k, result.savings_fraction * 100,
                result.disruption_fraction * 100);
  return buffer;
}

BalancedVerdict BalancedEvaluator::ApproveCommand(const Command& command) const {
  if (!totals_) {
    BalancedVerdict verdict;
    verdict.approved = true;
    return verdict;
  }
  BalancedVerdict verdict = EvaluateBalancedMove(command, *totals_, k_);
  if (events_ != nullptr && command.candidates.size() == 1) {
    const Candidate& candidate = command.candidates.front();
    auto scored = verdict.per_pool.find(PoolName(candidate));
    if (scored != verdict.per_pool.end() && scored->second.Approved()) {
      RecordOnNodeAndClaim(*events_, candidate, kConsolidationApprovedReason,
                           ConsolidationScoreMessage(scored->second));
    }
  }
  return verdict;
}

bool BalancedEvaluator::CanPassThreshold(const Candidate& candidate) const {
  if (!totals_ || !IsBalanced(*candidate.node_pool)) return true;
  auto totals = totals_->find(PoolName(candidate));
  if (totals == totals_->end() || totals->second.total_cost <= 0) return true;
  // Deleting saves the whole node and launches nothing: no move of this node scores higher.
  return ScoreMove(candidate.price, candidate.reschedule_disruption_cost, totals->second, k_)
      .Approved();
}

void BalancedEvaluator::EmitMultiNodeEvents(const BalancedVerdict& verdict) const {
  if (events_ == nullptr) return;
  for (const auto& [name, result] : verdict.per_pool) {
    if (!result.Approved()) continue;
    events_->Publish(cluster::ObjectReference{"NodePool", "", name}, "Normal",
                     kConsolidationApprovedReason, ConsolidationScoreMessage(result), "");
  }
}

}  // namespace tidepool::disruption
