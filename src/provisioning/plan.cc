#include "provisioning/plan.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <map>
#include <set>

#include "api/requirements.h"
#include "api/resource_math.h"
#include "api/well_known_labels.h"
#include "cloud/instance_type.h"
#include "provisioning/lower_bound_model.h"
#include "provisioning/prepacked_claims.h"
#include "scheduling/cost_packer.h"
#include "scheduling/scheduler.h"

namespace tidepool::provisioning {
namespace {

bool IsInitialized(const api::Node& node) {
  auto it = node.metadata.labels.find(std::string(api::kNodeInitializedLabelKey));
  if (it != node.metadata.labels.end()) return it->second == "true";
  return node.ReadyStatus() == "True";
}

// Existing nodes and in-flight NodeClaims, each with the pods bound to it.
std::vector<scheduling::ExistingNodeInput> ExistingNodes(const PlanInput& input) {
  std::map<std::string, std::vector<const api::Pod*>> pods_by_node;
  for (const api::Pod* pod : input.bound_pods) pods_by_node[pod->spec.node_name].push_back(pod);
  std::map<std::string, const api::NodeClaim*> claim_by_node;
  for (const api::NodeClaim* claim : input.node_claims) {
    if (!claim->status.node_name.empty()) claim_by_node[claim->status.node_name] = claim;
  }
  std::vector<scheduling::ExistingNodeInput> out;
  std::set<const api::NodeClaim*> matched;
  for (const api::Node* node : input.nodes) {
    scheduling::ExistingNodeInput e;
    e.name = node->metadata.name;
    e.node = node;
    auto claim = claim_by_node.find(node->metadata.name);
    if (claim != claim_by_node.end()) {
      e.node_claim = claim->second;
      matched.insert(claim->second);
    }
    e.pods = pods_by_node[node->metadata.name];
    e.initialized = IsInitialized(*node);
    e.marked_for_deletion = !node->metadata.deletion_timestamp.empty();
    out.push_back(std::move(e));
  }
  for (const api::NodeClaim* claim : input.node_claims) {
    if (matched.count(claim)) continue;
    scheduling::ExistingNodeInput e;
    e.name = claim->metadata.name;
    e.node_claim = claim;
    e.initialized = false;
    e.marked_for_deletion = !claim->metadata.deletion_timestamp.empty();
    out.push_back(std::move(e));
  }
  return out;
}

double ClaimPrice(const scheduling::NewNodeClaim& claim, const cloud::Offering** offering) {
  *offering = nullptr;
  if (claim.instance_type_options.empty()) return 0;
  *offering = cloud::CheapestOffering(*claim.instance_type_options.front(), claim.requirements);
  return *offering == nullptr ? 0 : (*offering)->price;
}

PlannedNodeClaim ToPlanned(const scheduling::NewNodeClaim& claim) {
  PlannedNodeClaim out;
  out.node_pool = claim.node_pool;
  for (const cloud::InstanceTypePtr& type : claim.instance_type_options) {
    out.instance_types.push_back(type->name);
  }
  // The final requirements as Karpenter's NodeClaimTemplate.ToNodeClaim writes them: the
  // instance types (keeping minValues), the capacity types their compatible available offerings
  // have, without the simulation-only keys (registered, initialized) and the hostname
  // placeholder.
  api::Requirements requirements = claim.requirements;
  if (!out.instance_types.empty()) {
    const api::Requirement* existing = requirements.Find(api::kLabelInstanceTypeStable);
    requirements.Add(api::Requirement::Make(
        api::kLabelInstanceTypeStable, api::NodeSelectorOperator::kIn, out.instance_types,
        existing != nullptr ? existing->min_values() : std::nullopt));
  }
  std::vector<std::string> capacity_types;
  for (const cloud::InstanceTypePtr& type : claim.instance_type_options) {
    for (const cloud::Offering& offering : type->offerings) {
      if (offering.available && cloud::IsCompatible(offering, claim.requirements) &&
          std::find(capacity_types.begin(), capacity_types.end(), offering.capacity_type) ==
              capacity_types.end()) {
        capacity_types.push_back(offering.capacity_type);
      }
    }
  }
  if (!capacity_types.empty()) {
    requirements.Add(api::Requirement::Make(api::kCapacityTypeLabelKey,
                                            api::NodeSelectorOperator::kIn, capacity_types));
  }
  for (api::NodeSelectorRequirement& r : requirements.NodeSelectorRequirements()) {
    if (r.key == api::kLabelHostname || r.key == api::kNodeRegisteredLabelKey ||
        r.key == api::kNodeInitializedLabelKey) {
      continue;
    }
    out.requirements.push_back(std::move(r));
  }
  const cloud::Offering* offering = nullptr;
  out.price_usd_per_hour = ClaimPrice(claim, &offering);
  if (offering != nullptr) {
    out.capacity_type = offering->capacity_type;
    out.zone = offering->zone;
  }
  for (const api::Pod* pod : claim.pods) out.pods.push_back(PodKey(*pod));
  std::sort(out.pods.begin(), out.pods.end());
  out.requests = claim.requests;
  return out;
}

// Rounds of prepacked claims the cost packer tries (each sized for the previous round's
// leftovers).
constexpr int kPrepackRounds = 3;

// A plan before its lower bound, with the pods it sends to new nodes.
struct Candidate {
  PlanResult plan;
  std::vector<const api::Pod*> new_pods;
  std::vector<const api::Pod*> leftover;  // those on claims the solver opened itself
};

// The CostPackingPolicy solve runs for inputs up to this many pending pods.
constexpr size_t kCostPolicyMaxPods = 2000;

// Whether the plan's node count is set by resources (so claims sized by the LP can replace
// Karpenter's) rather than by anti-affinity or spread: at most twice the LP's node count, plus
// slack for rounding.
bool IsResourceDriven(const Candidate& plan, const LowerBound& sizing) {
  double nodes = 0;
  for (const BoundNodeCount& n : sizing.nodes) nodes += n.count;
  return static_cast<double>(plan.plan.node_claims.size()) <= 2.0 * std::ceil(nodes) + 2.0;
}

const api::Pod* OriginalOf(const api::Pod* pod,
                           const std::map<const api::Pod*, const api::Pod*>& original_of) {
  auto it = original_of.find(pod);
  return it == original_of.end() ? pod : it->second;
}

// Fewer unschedulable pods first, then price.
bool Better(const Candidate& a, const Candidate& b) {
  if (a.plan.unschedulable.size() != b.plan.unschedulable.size()) {
    return a.plan.unschedulable.size() < b.plan.unschedulable.size();
  }
  return a.plan.price_usd_per_hour < b.plan.price_usd_per_hour - 1e-9;
}

// A prepacked claim that received pods, as a new NodeClaim of the plan.
PlannedNodeClaim ToPlanned(const PrepackedClaim& prepacked, std::vector<const api::Pod*> pods,
                           const PlanInput& input) {
  PlannedNodeClaim out;
  out.node_pool = prepacked.node_pool->metadata.name;
  out.instance_types = {prepacked.type->name};
  for (const api::NodeSelectorRequirement& r : prepacked.node_claim->spec.requirements) {
    if (r.key != api::kLabelHostname && r.key != api::kNodeRegisteredLabelKey &&
        r.key != api::kNodeInitializedLabelKey) {
      out.requirements.push_back(r);
    }
  }
  out.capacity_type = prepacked.offering->capacity_type;
  out.zone = prepacked.offering->zone;
  out.price_usd_per_hour = prepacked.offering->price;
  out.requests = DaemonSetOverhead(*prepacked.node_pool, *prepacked.type, input.daemon_sets,
                                   input.runtime_classes);
  for (const api::Pod* pod : pods) {
    api::AddInto(out.requests, BoundPodRequests(pod->spec, input.runtime_classes));
    out.pods.push_back(PodKey(*pod));
  }
  std::sort(out.pods.begin(), out.pods.end());
  return out;
}

Candidate Convert(const scheduling::Results& results, const std::vector<PrepackedClaim>& prepacked,
                  const PlanInput& input, const std::string& packer,
                  const cloud::Catalog& catalog) {
  Candidate c;
  PlanResult& plan = c.plan;
  plan.packer = packer;
  plan.catalog = catalog.name;
  plan.catalog_warnings = catalog.warnings;
  if (catalog.on_demand_prices_borrowed) plan.prices_borrowed_from = "us-east-1";
  std::map<std::string, const PrepackedClaim*> by_name;
  for (const PrepackedClaim& p : prepacked) by_name[p.node_claim->metadata.name] = &p;
  for (const auto& [node, pods] : results.existing_nodes) {
    auto it = by_name.find(node);
    if (it != by_name.end()) {
      plan.node_claims.push_back(ToPlanned(*it->second, pods, input));
      c.new_pods.insert(c.new_pods.end(), pods.begin(), pods.end());
      continue;
    }
    std::vector<std::string> keys;
    for (const api::Pod* pod : pods) keys.push_back(PodKey(*pod));
    std::sort(keys.begin(), keys.end());
    plan.existing_nodes.emplace_back(node, std::move(keys));
  }
  std::sort(plan.existing_nodes.begin(), plan.existing_nodes.end());
  for (const scheduling::NewNodeClaim& claim : results.new_node_claims) {
    plan.node_claims.push_back(ToPlanned(claim));
    c.new_pods.insert(c.new_pods.end(), claim.pods.begin(), claim.pods.end());
    c.leftover.insert(c.leftover.end(), claim.pods.begin(), claim.pods.end());
  }
  for (const PlannedNodeClaim& claim : plan.node_claims) {
    plan.price_usd_per_hour += claim.price_usd_per_hour;
  }
  for (const scheduling::PodError& e : results.pod_errors) {
    plan.unschedulable.push_back({PodKey(*e.pod), e.reason});
  }
  std::sort(plan.unschedulable.begin(), plan.unschedulable.end(),
            [](const UnschedulablePod& a, const UnschedulablePod& b) { return a.pod < b.pod; });
  return c;
}

}  // namespace

Result<PlanResult> Plan(const PlanInput& input, const cloud::Catalog& catalog,
                        const PlanSettings& settings) {
  scheduling::SchedulerInput scheduler_input;
  for (const api::NodePool* pool : input.node_pools) {
    scheduler_input.node_pools.push_back({pool, catalog.types});
  }
  scheduler_input.existing_nodes = ExistingNodes(input);
  scheduler_input.daemon_sets = input.daemon_sets;
  scheduler_input.runtime_classes = input.runtime_classes;
  scheduler_input.namespace_labels = input.namespace_labels;
  BoundInput bound_input;
  for (const api::NodePool* pool : input.node_pools) {
    bound_input.node_pools.push_back({pool, &catalog.types});
  }
  bound_input.daemon_sets = input.daemon_sets;
  bound_input.runtime_classes = input.runtime_classes;

  auto solve = [&](const scheduling::SchedulerInput& in, const scheduling::PackingPolicy* policy,
                   std::span<const api::Pod* const> pods) {
    scheduling::SchedulerOptions options;
    options.max_instance_types = settings.max_instance_types;
    options.policy = policy;
    scheduling::Scheduler scheduler(in, options);
    return scheduler.Solve(pods);
  };
  const std::string packer = settings.packer == "cost" ? "cost" : "karpenter";
  Result<scheduling::Results> karpenter = solve(scheduler_input, nullptr, input.pending_pods);
  if (!karpenter) return Fail(karpenter.error());
  Candidate best = Convert(*karpenter, {}, input, packer, catalog);
  // Copies of pods given a preference for a prepacked claim (the chosen plan may point at them;
  // a deque never moves its elements), and the pods they copy.
  std::deque<api::Pod> preferring;
  std::map<const api::Pod*, const api::Pod*> original_of;

  if (packer == "cost") {
    // Every alternative is kept only if cheaper: never costlier than Karpenter's plan. Each is
    // a full solve, so they run where they can pay off (kCostPolicyMaxPods, IsResourceDriven).
    Candidate candidate;
    if (input.pending_pods.size() <= kCostPolicyMaxPods) {
      scheduling::CostPackingPolicy cost_policy;
      Result<scheduling::Results> cost = solve(scheduler_input, &cost_policy, input.pending_pods);
      if (!cost) return Fail(cost.error());
      candidate = Convert(*cost, {}, input, packer, catalog);
      if (Better(candidate, best)) best = std::move(candidate);
    }

    // Claims sized by the lower bound's optimum for the pods sent to new nodes, with the plain
    // pods packed into them; the pods left over go to Karpenter's claims, and each further
    // round sizes claims for those (prepacked_claims.h). Whole nodes of the optimum (rounded
    // down, leftovers to Karpenter's right-sized claims) or the optimum rounded up (no leftover
    // claims, the last nodes part-full): which is cheaper depends on the catalogue's sizes.
    auto prepack = [&](bool round_up, int rounds) -> Status {
      std::vector<PrepackedClaim> prepacked;
      std::map<const api::Pod*, int> claim_of;  // original pod -> prepacked claim
      // Originals: a pod copied with a preference in an earlier attempt is plain again here.
      auto originals = [&](const std::vector<const api::Pod*>& pods) {
        std::vector<const api::Pod*> out;
        out.reserve(pods.size());
        for (const api::Pod* pod : pods) out.push_back(OriginalOf(pod, original_of));
        return out;
      };
      std::vector<const api::Pod*> to_place = originals(best.new_pods);
      for (int round = 0; round < rounds && !to_place.empty(); ++round) {
        Result<LowerBound> sizing = ComputeLowerBound(bound_input, to_place);
        if (!sizing || (round == 0 && !IsResourceDriven(best, *sizing))) break;
        std::vector<PrepackedClaim> added =
            MakePrepackedClaims(sizing->nodes, static_cast<int>(prepacked.size()), round_up);
        if (added.empty()) break;
        std::vector<int> assignment =
            AssignPods(added, to_place, input.daemon_sets, input.runtime_classes);
        for (size_t i = 0; i < assignment.size(); ++i) {
          if (assignment[i] >= 0) {
            claim_of[to_place[i]] = static_cast<int>(prepacked.size()) + assignment[i];
          }
        }
        for (PrepackedClaim& p : added) prepacked.push_back(std::move(p));

        scheduling::SchedulerInput with_claims = scheduler_input;
        for (const PrepackedClaim& p : prepacked) {
          scheduling::ExistingNodeInput e;
          e.name = p.node_claim->metadata.name;
          e.node_claim = p.node_claim.get();
          e.initialized = false;
          with_claims.existing_nodes.push_back(std::move(e));
        }
        std::vector<const api::Pod*> pods;
        pods.reserve(input.pending_pods.size());
        for (const api::Pod* pod : input.pending_pods) {
          auto it = claim_of.find(pod);
          if (it == claim_of.end()) {
            pods.push_back(pod);
          } else {
            preferring.push_back(PreferClaim(*pod, prepacked[it->second]));
            original_of[&preferring.back()] = pod;
            pods.push_back(&preferring.back());
          }
        }
        Result<scheduling::Results> packed = solve(with_claims, nullptr, pods);
        if (!packed) return Fail(packed.error());
        Candidate next = Convert(*packed, prepacked, input, packer, catalog);
        to_place = originals(next.leftover);
        if (Better(next, best)) best = std::move(next);
      }
      return OkStatus();
    };
    Status down = prepack(/*round_up=*/false, kPrepackRounds);
    if (!down) return Fail(down.error());
    Status up = prepack(/*round_up=*/true, 1);
    if (!up) return Fail(up.error());
  }

  PlanResult plan = std::move(best.plan);
  Result<LowerBound> bound = ComputeLowerBound(bound_input, best.new_pods);
  if (bound) {
    plan.lower_bound_usd_per_hour = bound->usd_per_hour;
  } else {
    plan.warnings.push_back("no lower bound: " + bound.error().message());
  }
  return plan;
}

}  // namespace tidepool::provisioning
