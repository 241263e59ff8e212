#include "disruption/emptiness.h"

#include <algorithm>

#include "disruption/candidates.h"
#include "disruption/nodeclaim_disruption.h"

namespace tidepool::disruption {

void SortBySavingsRatio(std::vector<Candidate>& candidates) {
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) {
                     double ra = a.SavingsRatio();
                     double rb = b.SavingsRatio();
                     if (ra != rb) return ra > rb;
                     return a.name < b.name;
                   });
}

bool Emptiness::ShouldDisrupt(const Candidate& candidate) const {
  if (candidate.OwnedByStaticNodePool()) return false;
  if (api::EffectiveConsolidateAfter(candidate.node_pool->spec.disruption).never()) {
    events_.Unconsolidatable(
        candidate.node, candidate.node_claim,
        "NodePool \"" + candidate.node_pool->metadata.name + "\" has consolidation disabled");
    return false;
  }
  return candidate.IsEmpty() && !candidate.under_consolidate_after &&
         api::IsConditionTrue(*candidate.node_claim, api::kConditionTypeConsolidatable);
}

Result<std::vector<Command>> Emptiness::ComputeCommands(Simulator& /*simulator*/,
                                                        BudgetMap& budgets,
                                                        std::vector<Candidate> candidates) {
  SortBySavingsRatio(candidates);
  Command command;
  command.reason = reason();
  command.method = std::string(name());
  for (Candidate& candidate : candidates) {
    if (!candidate.IsEmpty()) continue;
    auto budget = budgets.find(candidate.node_pool->metadata.name);
    if (budget == budgets.end() || budget->second <= 0) continue;
    --budget->second;
    command.candidates.push_back(std::move(candidate));
  }
  std::vector<Command> out;
  if (!command.candidates.empty()) out.push_back(std::move(command));
  return out;
}

}  // namespace tidepool::disruption
