#include "disruption/consolidation.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <utility>

#include "api/well_known_labels.h"
#include "disruption/nodeclaim_disruption.h"

namespace tidepool::disruption {

namespace {

// ClusterSimulator's failure text for a candidate that is itself being deleted.
constexpr std::string_view kCandidateDeletingFailure = "candidate is deleting";

const std::map<std::string, std::string>* NodeLabels(const Candidate& candidate) {
  return candidate.node != nullptr ? &candidate.node->metadata.labels : nullptr;
}

bool HasLabel(const Candidate& candidate, std::string_view key) {
  const auto* labels = NodeLabels(candidate);
  return labels != nullptr && labels->find(std::string(key)) != labels->end();
}

std::string Label(const Candidate& candidate, std::string_view key) {
  const auto* labels = NodeLabels(candidate);
  if (labels == nullptr) return "";
  auto it = labels->find(std::string(key));
  return it != labels->end() ? it->second : "";
}

bool IsConsolidatable(const api::NodeClaim& node_claim) {
  return api::IsConditionTrue(node_claim, api::kConditionTypeConsolidatable);
}

api::Requirement CapacityTypeIn(std::string_view capacity_type) {
  return api::Requirement::Make(api::kCapacityTypeLabelKey, api::NodeSelectorOperator::kIn,
                                {std::string(capacity_type)});
}

}  // namespace

Status RemoveInstanceTypeOptionsByPriceAndMinValues(scheduling::NewNodeClaim& claim,
                                                    const api::Requirements& requirements,
                                                    double max_price) {
  auto& options = claim.instance_type_options;
  std::erase_if(options, [&](const cloud::InstanceTypePtr& type) {
    return !(cloud::WorstLaunchPrice(*type, requirements) < max_price);
  });
  if (!requirements.HasMinValues()) return {};
  auto satisfied = cloud::SatisfiesMinValues(options, requirements);
  if (!satisfied) return tl::unexpected(satisfied.error());
  return {};
}

Status FilterOutSameInstanceType(scheduling::NewNodeClaim& replacement,
                                 std::span<const Candidate* const> candidates) {
  // The cheapest offering (available or not) compatible with each candidate's own labels, per
  // instance type the candidates run.
  std::map<std::string_view, double> existing_price;
  for (const Candidate* candidate : candidates) {
    if (candidate->instance_type == nullptr) continue;
    auto slot =
        existing_price.emplace(candidate->instance_type->name, std::numeric_limits<double>::max())
            .first;
    const api::Requirements labels = api::Requirements::FromLabels(
        candidate->node != nullptr ? candidate->node->metadata.labels
                                   : std::map<std::string, std::string>{});
    for (const cloud::Offering& offering : candidate->instance_type->offerings) {
      if (cloud::IsCompatible(offering, labels)) {
        slot->second = std::min(slot->second, offering.price);
      }
    }
  }
  double max_price = std::numeric_limits<double>::max();
  for (const cloud::InstanceTypePtr& type : replacement.instance_type_options) {
    auto existing = existing_price.find(type->name);
    if (existing != existing_price.end()) max_price = std::min(max_price, existing->second);
  }
  return RemoveInstanceTypeOptionsByPriceAndMinValues(replacement, replacement.requirements,
                                                      max_price);
}

void SortCandidates(std::vector<Candidate>& candidates) {
  // A NaN ratio (an unpriceable node) would break the sort's strict weak order; it sorts last.
  auto ratio = [](const Candidate& c) {
    const double r = c.SavingsRatio();
    return std::isnan(r) ? -std::numeric_limits<double>::infinity() : r;
  };
  std::sort(candidates.begin(), candidates.end(), [&](const Candidate& a, const Candidate& b) {
    const double ra = ratio(a);
    const double rb = ratio(b);
    if (ra != rb) return ra > rb;
    return a.name < b.name;
  });
}

Consolidation::Consolidation(const Options& options, DisruptionEvents* events)
    : options_(options), events_(events), evaluator_(options.balanced_k, events) {}

void Consolidation::Unconsolidatable(const Candidate& candidate, const std::string& message) const {
  if (events_ != nullptr) events_->Unconsolidatable(candidate.node, candidate.node_claim, message);
}

bool Consolidation::ShouldDisrupt(const Candidate& candidate) const {
  if (candidate.node_pool == nullptr || candidate.node_claim == nullptr) return false;
  if (candidate.OwnedByStaticNodePool()) return false;
  // Price comparisons need the instance type, its capacity type and its zone.
  if (candidate.instance_type == nullptr) {
    Unconsolidatable(
        candidate,
        "Instance Type \"" + Label(candidate, api::kLabelInstanceTypeStable) + "\" not found");
    return false;
  }
  if (!HasLabel(candidate, api::kCapacityTypeLabelKey)) {
    Unconsolidatable(
        candidate, "Node does not have label \"" + std::string(api::kCapacityTypeLabelKey) + "\"");
    return false;
  }
  if (!HasLabel(candidate, api::kLabelTopologyZone)) {
    Unconsolidatable(candidate,
                     "Node does not have label \"" + std::string(api::kLabelTopologyZone) + "\"");
    return false;
  }
  const api::NodePool& pool = *candidate.node_pool;
  if (api::EffectiveConsolidateAfter(pool.spec.disruption).never()) {
    Unconsolidatable(candidate,
                     "NodePool \"" + pool.metadata.name + "\" has consolidation disabled");
    return false;
  }
  // Empty nodes belong to emptiness, whose budget reason is Empty.
  if (candidate.IsEmpty()) return false;
  if (api::EffectiveConsolidationPolicy(pool.spec.disruption) ==
      api::kConsolidationPolicyWhenEmpty) {
    Unconsolidatable(candidate, "NodePool \"" + pool.metadata.name +
                                    "\" has consolidation policy WhenEmpty, but node is not empty");
    return false;
  }
  return !candidate.under_consolidate_after && IsConsolidatable(*candidate.node_claim);
}

bool Consolidation::KeepCheaperOptions(std::span<const Candidate* const> candidates,
                                       scheduling::NewNodeClaim& claim,
                                       double candidate_price) const {
  const bool single = candidates.size() == 1;
  if (Status filtered =
          RemoveInstanceTypeOptionsByPriceAndMinValues(claim, claim.requirements, candidate_price);
      !filtered) {
    if (single) {
      Unconsolidatable(*candidates[0], "Filtering by price: " + filtered.error().message());
    }
    return false;
  }
  if (claim.instance_type_options.empty()) {
    if (single) Unconsolidatable(*candidates[0], "Can't replace with a cheaper node");
    return false;
  }
  return true;
}

Command Consolidation::MakeCommand(std::span<const Candidate* const> candidates,
                                   SimulationResult& simulation) const {
  Command command;
  command.reason = reason();
  command.method = std::string(name());
  command.candidates.reserve(candidates.size());
  for (const Candidate* candidate : candidates) command.candidates.push_back(*candidate);
  command.replacements = std::move(simulation.results.new_node_claims);
  command.moved_to_existing = std::move(simulation.results.existing_nodes);
  return command;
}

Result<Command> Consolidation::ComputeConsolidation(Simulator& simulator,
                                                    std::span<const Candidate* const> candidates) {
  if (candidates.empty()) return Command{};
  auto simulated = simulator.Simulate(candidates);
  if (!simulated) return tl::unexpected(simulated.error());
  SimulationResult& simulation = *simulated;
  const bool single = candidates.size() == 1;

  if (!simulation.all_non_pending_scheduled || simulation.uses_uninitialized_node) {
    // Multi-node probes fail often by design; only a single candidate is worth an event. A
    // candidate that started deleting meanwhile is simply retried next pass (upstream
    // errCandidateDeleting).
    if (single && simulation.failure != kCandidateDeletingFailure) {
      Unconsolidatable(*candidates[0], Sentence(simulation.failure.empty()
                                                    ? std::string("not all pods would schedule")
                                                    : simulation.failure));
    }
    return Command{};
  }
  auto& claims = simulation.results.new_node_claims;
  if (claims.empty()) return MakeCommand(candidates, simulation);
  if (claims.size() != 1) {
    if (single) {
      Unconsolidatable(*candidates[0], "Can't remove without creating " +
                                           std::to_string(claims.size()) + " candidates");
    }
    return Command{};
  }

  double candidate_price = 0;
  bool all_spot = true;
  for (const Candidate* candidate : candidates) {
    candidate_price += candidate->price;
    all_spot = all_spot && candidate->capacity_type == api::kCapacityTypeSpot;
  }
  scheduling::NewNodeClaim& claim = claims.front();
  // Ordered before any truncation or filtering, so "the N cheapest" means what it says.
  cloud::OrderByPrice(claim.instance_type_options, claim.requirements);

  if (all_spot && claim.requirements.Get(api::kCapacityTypeLabelKey).Has(api::kCapacityTypeSpot)) {
    return ComputeSpotToSpot(candidates, simulation, candidate_price);
  }

  // Filtering by the worst price keeps consolidation from launching something that might cost
  // more than what it removes.
  if (!KeepCheaperOptions(candidates, claim, candidate_price)) return Command{};
  // The filter assumed spot prices when spot was allowed; should spot be unavailable, the launch
  // must fail rather than fall back to a pricier on-demand node.
  const api::Requirement capacity_type = claim.requirements.Get(api::kCapacityTypeLabelKey);
  if (capacity_type.Has(api::kCapacityTypeSpot) && capacity_type.Has(api::kCapacityTypeOnDemand)) {
    claim.requirements.Add(CapacityTypeIn(api::kCapacityTypeSpot));
    // Options without a spot offering stay in the list, as upstream leaves them: the launch
    // skips them, and multi-node's same-type filter must still see the candidates' own types.
  }
  return MakeCommand(candidates, simulation);
}

Result<Command> Consolidation::ComputeSpotToSpot(std::span<const Candidate* const> candidates,
                                                 SimulationResult& simulation,
                                                 double candidate_price) {
  const bool single = candidates.size() == 1;
  if (!options_.spot_to_spot_consolidation) {
    if (single) {
      Unconsolidatable(*candidates[0],
                       "SpotToSpotConsolidation is disabled, can't replace a spot node with a "
                       "spot node");
    }
    return Command{};
  }
  scheduling::NewNodeClaim& claim = simulation.results.new_node_claims.front();
  claim.requirements.Add(CapacityTypeIn(api::kCapacityTypeSpot));
  claim.instance_type_options = cloud::Compatible(claim.instance_type_options, claim.requirements);

  if (!KeepCheaperOptions(candidates, claim, candidate_price)) return Command{};
  // Multi-node replacements need no flexibility check.
  if (!single) return MakeCommand(candidates, simulation);

  // At least N cheaper options means the candidate's own type is not among the N cheapest, and
  // launching only from those N keeps the next pass from replacing the new node again (a "race
  // to the bottom" of ever cheaper, ever scarcer spot capacity).
  const int min_types = options_.min_instance_types_for_spot_to_spot;
  const int available = static_cast<int>(claim.instance_type_options.size());
  if (available < min_types) {
    Unconsolidatable(*candidates[0], "SpotToSpotConsolidation requires " +
                                         std::to_string(min_types) +
                                         " cheaper instance type options than the current "
                                         "candidate to consolidate, got " +
                                         std::to_string(available));
    return Command{};
  }
  int keep = min_types;
  if (claim.requirements.HasMinValues()) {
    keep = std::max(keep,
                    cloud::CheckMinValues(claim.instance_type_options, claim.requirements).needed);
  }
  if (available > keep) claim.instance_type_options.resize(static_cast<size_t>(keep));
  return MakeCommand(candidates, simulation);
}

}  // namespace tidepool::disruption
