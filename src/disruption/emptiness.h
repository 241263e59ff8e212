// The Emptiness method (kubernetes-sigs/karpenter pkg/controllers/disruption/emptiness.go):
// deletes empty nodes, many at once, for every consolidation policy.
//
// A candidate qualifies when its pool is not static, consolidateAfter is not Never (else an
// Unconsolidatable event), it is empty (no reschedulable pod with a positive eviction cost) and
// its NodeClaim is Consolidatable. ComputeCommands sorts them as consolidation does (descending
// savings per unit of disruption, then by name), takes each while its pool's Empty budget lasts,
// and returns one delete command with all of them. No simulation: an empty node's pods (if any
// have zero cost) are not worth a scheduling check, as upstream decides.
//
// The controller validates the command after Options::validation_delay (validation.h).
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "disruption/disruption_events.h"
#include "disruption/types.h"

namespace tidepool::disruption {

// Consolidation's candidate order (upstream sortCandidates, v1.14): descending SavingsRatio,
// ties by name so passes are deterministic.
void SortBySavingsRatio(std::vector<Candidate>& candidates);

class Emptiness : public Method {
 public:
  explicit Emptiness(DisruptionEvents& events) : events_(events) {}

  Reason reason() const override { return Reason::kEmpty; }
  std::string_view name() const override { return "emptiness"; }
  DisruptionClass disruption_class() const override { return DisruptionClass::kGraceful; }
  bool ShouldDisrupt(const Candidate& candidate) const override;
  [[nodiscard]] Result<std::vector<Command>> ComputeCommands(
      Simulator& simulator, BudgetMap& budgets, std::vector<Candidate> candidates) override;

 private:
  DisruptionEvents& events_;
};

}  // namespace tidepool::disruption
