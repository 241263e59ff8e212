// The Drift method (kubernetes-sigs/karpenter pkg/controllers/disruption/drift.go): replaces
// NodeClaims whose Drifted condition is True, one per pass.
//
// Candidates (eventual class: a claim with a terminationGracePeriod is a candidate even when a
// PDB or do-not-disrupt blocks its pods) are ordered by when they drifted (the condition's
// lastTransitionTime, oldest first), empty ones (no reschedulable pods) first. The first one
// whose pool's Drifted budget is positive and whose pods all fit elsewhere becomes the command;
// its replacements are whatever new NodeClaims the simulation opens (possibly several). No price
// check and no validation wait, as upstream.
#pragma once

#include <string_view>
#include <vector>

#include "disruption/disruption_events.h"
#include "disruption/types.h"

namespace tidepool::disruption {

class Drift : public Method {
 public:
  explicit Drift(DisruptionEvents& events) : events_(events) {}

  Reason reason() const override { return Reason::kDrifted; }
  std::string_view name() const override { return "drift"; }
  DisruptionClass disruption_class() const override { return DisruptionClass::kEventual; }
  bool ShouldDisrupt(const Candidate& candidate) const override;
  [[nodiscard]] Result<std::vector<Command>> ComputeCommands(
      Simulator& simulator, BudgetMap& budgets, std::vector<Candidate> candidates) override;

 private:
  DisruptionEvents& events_;
};

}  // namespace tidepool::disruption
