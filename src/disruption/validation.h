// Command validation after the wait (kubernetes-sigs/karpenter
// pkg/controllers/disruption/validation.go): before acting on an Emptiness or consolidation
// command, the controller waits Options::validation_delay (15 s) on the clock, then re-runs
// candidate selection and budgets on the cluster as it is now and checks that the command still
// holds.
//
// Emptiness (EmptinessValidator): the command keeps the candidates that are still candidates
// (the method's filter, graceful class), not nominated, and within their pool's Empty budget
// (consumed in order); it fails (churn) when none is still a candidate, (budget) when none fits
// the budgets.
// Consolidation (ConsolidationValidator): every candidate must still be one (else churn) and fit
// the Underutilized budgets (else budget); then a re-simulation must agree (else scheduling): no
// new claim when the command had none; otherwise exactly one, whose instance types include every
// option of the command's replacement.
//
// The validated command carries the fresh candidates (pointers into the current state); its
// replacements keep the command's (price-filtered) options, with pods and pool taken from the
// re-simulation.
#pragma once

#include <span>
#include <string>

#include "disruption/types.h"

namespace tidepool::disruption {

enum class ValidationFailure { kNone, kChurn, kBudget, kScheduling };
std::string_view ValidationFailureName(ValidationFailure failure);  // "churn", "budget", ...

struct Validation {
  ValidationFailure failure = ValidationFailure::kNone;
  std::string message;
  Command command;  // the command to start when failure == kNone
  bool ok() const { return failure == ValidationFailure::kNone; }
};

// `current`: the candidates as GetCandidates returns them now (already filtered by the method's
// ShouldDisrupt; nominated nodes are never candidates). `budgets`: the mapping for the command's
// reason, now.
Validation ValidateEmptiness(Command command, std::span<const Candidate> current,
                             BudgetMap budgets);
Validation ValidateConsolidation(Command command, std::span<const Candidate> current,
                                 BudgetMap budgets, Simulator& simulator);

}  // namespace tidepool::disruption
