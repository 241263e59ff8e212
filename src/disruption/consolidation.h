// What single-node and multi-node consolidation share (kubernetes-sigs/karpenter
// pkg/controllers/disruption/consolidation.go): which candidates consolidation considers, their
// order, and the decision for one set of candidates.
//
// The decision (ComputeConsolidation), for candidates whose pods are simulated elsewhere:
//   - some pod does not fit (or would land on an uninitialized node): no-op;
//   - no new NodeClaim needed: delete the candidates;
//   - more than one new NodeClaim: no-op (consolidation never turns nodes into more nodes);
//   - exactly one: its options are ordered by price, then
//       * all candidates spot and the replacement may be spot: spot-to-spot rules
//         (Options::spot_to_spot_consolidation; off: no-op; on: the replacement is pinned to spot,
//         options no cheaper than the candidates go, and a single candidate needs at least
//         Options::min_instance_types_for_spot_to_spot cheaper options, keeping only that many
//         cheapest, or more when minValues need them);
//       * otherwise options whose worst launch price is not strictly below Σ candidate prices
//         go; none left, or minValues broken: no-op; a replacement that may be spot or on-demand
//         is pinned to spot, because the prices were filtered assuming spot would launch.
// No-ops for a single candidate record an Unconsolidatable event on its Node and NodeClaim with
// upstream's text (DisruptionEvents de-duplicates them for 15 minutes, as upstream).
//
// Not here: command validation (the controller re-simulates after validation_delay), the
// ConsolidationCandidate/ConsolidationRejected events (the controller's, after validation), and
// upstream's wall-clock timeouts (see SingleNodeConsolidation::set_max_simulations).
//
// Ownership: `events` (nullable) is borrowed and must outlive the method. Not thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "disruption/balanced.h"
#include "disruption/disruption_events.h"
#include "disruption/types.h"

namespace tidepool::disruption {

inline constexpr std::string_view kUnconsolidatableReason = "Unconsolidatable";

// Upstream NodeClaim.RemoveInstanceTypeOptionsByPriceAndMinValues: keeps the options whose
// WorstLaunchPrice under `requirements` is strictly below `max_price` (order kept), then fails
// with the minValues error when the survivors no longer satisfy `requirements`' minValues.
[[nodiscard]] Status RemoveInstanceTypeOptionsByPriceAndMinValues(
    scheduling::NewNodeClaim& claim, const api::Requirements& requirements, double max_price);

// Upstream filterOutSameInstanceType: when the replacement's options include an instance type one
// of `candidates` already runs, only options cheaper than the cheapest such candidate's cheapest
// compatible offering stay (otherwise "3 nodes -> 1 of the same type" is really "delete 2").
[[nodiscard]] Status FilterOutSameInstanceType(scheduling::NewNodeClaim& replacement,
                                               std::span<const Candidate* const> candidates);

// Upstream sortCandidates (v1.14+): descending SavingsRatio; equal ratios by node name, so the
// order is deterministic (upstream's sort is not stable); a NaN ratio sorts last.
void SortCandidates(std::vector<Candidate>& candidates);

class Consolidation : public Method {
 public:
  Consolidation(const Options& options, DisruptionEvents* events);

  Reason reason() const override { return Reason::kUnderutilized; }
  DisruptionClass disruption_class() const override { return DisruptionClass::kGraceful; }
  // Not a static pool; instance type known; zone and capacity-type labels present;
  // consolidateAfter not Never; not empty (emptiness handles those); policy not WhenEmpty;
  // the NodeClaim's Consolidatable condition is True. Records Unconsolidatable for the
  // actionable refusals, as upstream.
  bool ShouldDisrupt(const Candidate& candidate) const override;

  // Balanced scoring for this pass (upstream SetNodePoolTotals); without it every move passes.
  void SetNodePoolTotals(NodePoolTotalsMap totals) { evaluator_.SetTotals(std::move(totals)); }

  // Upstream IsConsolidated/markConsolidated, for callers that drive a method without the
  // Controller (which keeps its own no-op record per method): pass a token of the cluster's
  // consolidation state each pass (e.g. ClusterState::NodeLayerVersion, re-armed periodically);
  // a method that found nothing to do, unblocked by budgets, skips passes until it changes.
  // Without a token the method always runs.
  void SetConsolidationState(uint64_t state) { state_ = state; }
  bool IsConsolidated() const { return state_ && consolidated_state_ == state_; }

  // One decision for `candidates` (see the file comment). A no-op is a Command without
  // candidates. Errors come from the simulator.
  [[nodiscard]] Result<Command> ComputeConsolidation(Simulator& simulator,
                                                     std::span<const Candidate* const> candidates);

  const Options& options() const { return options_; }

 protected:
  void MarkConsolidated() { consolidated_state_ = state_; }
  void Unconsolidatable(const Candidate& candidate, const std::string& message) const;

  const Options options_;
  DisruptionEvents* const events_;
  BalancedEvaluator evaluator_;

 private:
  // Upstream's price filter on the replacement: keeps the options cheaper than the candidates
  // (respecting minValues). False when none is left; a single candidate is then reported
  // Unconsolidatable with upstream's message.
  bool KeepCheaperOptions(std::span<const Candidate* const> candidates,
                          scheduling::NewNodeClaim& claim, double candidate_price) const;
  Result<Command> ComputeSpotToSpot(std::span<const Candidate* const> candidates,
                                    SimulationResult& simulation, double candidate_price);
  Command MakeCommand(std::span<const Candidate* const> candidates,
                      SimulationResult& simulation) const;

  std::optional<uint64_t> state_;
  std::optional<uint64_t> consolidated_state_;
};

}  // namespace tidepool::disruption
