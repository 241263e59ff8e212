#include "disruption/controller.h"

#include <utility>

#include "api/well_known_labels.h"
#include "disruption/balanced.h"
#include "disruption/consolidation.h"
#include "disruption/drift.h"
#include "disruption/emptiness.h"
#include "disruption/multi_node_consolidation.h"
#include "disruption/single_node_consolidation.h"
#include "disruption/validation.h"

namespace tidepool::disruption {
namespace {

// Emptiness and consolidation wait and validate; drift acts at once (upstream gives only those
// methods a validator).
bool NeedsValidation(Reason reason) {
  return reason == Reason::kEmpty || reason == Reason::kUnderutilized;
}

bool HasDisruptedTaint(const api::Node& node) {
  for (const api::Taint& taint : node.spec.taints) {
    if (taint.key == kDisruptedTaintKey) return true;
  }
  return false;
}

const std::string* Label(const api::Object& object, std::string_view key) {
  auto it = object.metadata.labels.find(std::string(key));
  return it == object.metadata.labels.end() ? nullptr : &it->second;
}

// Upstream computeNodePoolTotals' inputs for the Balanced policy: every managed node of every
// pool (its reschedule disruption cost) and each pool's running cost (Σ of its nodes' offering
// prices, what upstream's cluster cost tracker holds).
NodePoolTotalsMap PoolTotals(const Pass& pass, std::span<const Candidate> candidates) {
  const cluster::ClusterState& state = pass.state();
  std::vector<PoolNode> nodes;
  std::map<std::string, double, std::less<>> pool_costs;
  for (const auto& [key, node] : state.Store<api::Node>().items()) {
    const std::string* pool = Label(node, api::kNodePoolLabelKey);
    if (pool == nullptr || state.NodeClaimForNode(node.metadata.name) == nullptr) continue;
    PoolNode entry;
    entry.name = node.metadata.name;
    entry.node_pool = *pool;
    for (const api::Pod* pod : state.PodsOnNode(node.metadata.name)) {
      if (IsReschedulable(*pod)) entry.disruption_cost += std::max(0.0, EvictionCost(*pod));
    }
    nodes.push_back(entry);
    const NodePoolEntry* catalog = pass.FindNodePool(*pool);
    const std::string* type = Label(node, api::kLabelInstanceTypeStable);
    const std::string* zone = Label(node, api::kLabelTopologyZone);
    const std::string* capacity_type = Label(node, api::kCapacityTypeLabelKey);
    if (catalog == nullptr || type == nullptr || zone == nullptr || capacity_type == nullptr) {
      continue;
    }
    auto it = catalog->by_name.find(*type);
    if (it == catalog->by_name.end()) continue;
    std::optional<double> price = cloud::OfferingPrice(*it->second, *zone, *capacity_type);
    if (price) pool_costs[*pool] += *price;
  }
  return ComputeNodePoolTotals(candidates, nodes, &pool_costs);
}

bool AnyBalancedPool(const Pass& pass) {
  for (const auto& [name, entry] : pass.node_pools()) {
    if (api::EffectiveConsolidationPolicy(entry.node_pool->spec.disruption) ==
        api::kConsolidationPolicyBalanced) {
      return true;
    }
  }
  return false;
}

// Builds the pass's ClusterSimulator on the first Simulate: Emptiness never simulates, and a
// method whose candidates are all over budget should not pay for the snapshot.
class LazySimulator : public Simulator {
 public:
  LazySimulator(const Pass& pass, const DisruptingNodes* queue, bool consolidation,
                const SimulatorOptions& options)
      : pass_(pass), queue_(queue), consolidation_(consolidation), options_(options) {}
  Result<SimulationResult> Simulate(std::span<const Candidate* const> candidates) override {
    if (simulator_ == nullptr) {
      simulator_ = std::make_unique<ClusterSimulator>(pass_, queue_, consolidation_, options_);
    }
    return simulator_->Simulate(candidates);
  }

 private:
  const Pass& pass_;
  const DisruptingNodes* queue_;
  bool consolidation_;
  const SimulatorOptions& options_;
  std::unique_ptr<ClusterSimulator> simulator_;
};

}  // namespace

std::vector<std::unique_ptr<Method>> DefaultMethods(DisruptionEvents& events,
                                                    const Options& options) {
  std::vector<std::unique_ptr<Method>> methods = CoreMethods(events, options);
  methods.push_back(std::make_unique<MultiNodeConsolidation>(options, &events));
  methods.push_back(std::make_unique<SingleNodeConsolidation>(options, &events));
  return methods;
}

std::vector<std::unique_ptr<Method>> CoreMethods(DisruptionEvents& events,
                                                 const Options& /*options*/) {
  std::vector<std::unique_ptr<Method>> methods;
  methods.push_back(std::make_unique<Emptiness>(events));
  methods.push_back(std::make_unique<Drift>(events));
  return methods;
}

Controller::Controller(const cluster::ClusterState& state, cluster::NodeWriter& writer,
                       cluster::ClusterWriter& events, cloud::CloudProvider& cloud, Clock& clock,
                       ControllerOptions options, const MethodFactory& methods)
    : state_(state),
      writer_(writer),
      cloud_(cloud),
      clock_(clock),
      options_(std::move(options)),
      log_(options_.decision_log_capacity),
      events_(events, clock),
      queue_(state, writer, events, clock, options_.queue, &log_),
      methods_(methods(events_, options_.disruption)) {}

Controller::~Controller() {
  if (pending_) clock_.Cancel(pending_->timer);
  if (tick_) clock_.Cancel(*tick_);
}

void Controller::CleanupStaleMarks() {
  Time now = clock_.Now();
  std::vector<std::string> tainted;
  std::vector<std::string> claims;
  for (const auto& [key, node] : state_.Store<api::Node>().items()) {
    const api::NodeClaim* claim = state_.NodeClaimForNode(node.metadata.name);
    if (queue_.HasAny(node.metadata.name) || IsDeleting(node, claim)) continue;
    if (HasDisruptedTaint(node)) tainted.push_back(node.metadata.name);
    if (claim != nullptr &&
        api::FindCondition(*claim, api::kConditionTypeDisruptionReason) != nullptr) {
      claims.push_back(claim->metadata.name);
    }
  }
  // Collected first: the writes replace the objects being iterated.
  for (const std::string& node : tainted) {
    if (Status s = RequireDisruptedTaint(state_, writer_, node, false); !s) {
      log_.Add(now, "removing stale disrupted taint from " + node + ": " + s.error().message());
    }
  }
  for (const std::string& claim : claims) {
    if (Status s = SetDisruptionReason(state_, writer_, claim, "", now); !s) {
      log_.Add(now, "clearing DisruptionReason of " + claim + ": " + s.error().message());
    }
  }
}

bool Controller::IsConsolidated(size_t index, Time now) const {
  auto it = no_ops_.find(index);
  return it != no_ops_.end() && it->second.version == state_.NodeLayerVersion() &&
         now < it->second.at + options_.consolidation_rearm;
}

Controller::Outcome Controller::Disrupt(const Pass& pass, size_t index, Simulator& simulator) {
  Method& method = *methods_[index];
  Reason reason = method.reason();
  bool consolidation = NeedsValidation(reason);
  if (consolidation && IsConsolidated(index, pass.now())) return Outcome::kNothing;
  std::vector<Candidate> candidates =
      GetCandidates(pass, &queue_, method.disruption_class(), nullptr, &events_);
  auto* consolidation_method = dynamic_cast<Consolidation*>(&method);
  if (consolidation_method != nullptr && AnyBalancedPool(pass)) {
    // Balanced scoring needs the pools' totals over all candidates, before the method's filter
    // (without totals every move passes, which is right when no pool is Balanced).
    consolidation_method->SetNodePoolTotals(PoolTotals(pass, candidates));
  }
  std::erase_if(candidates, [&method](const Candidate& c) { return !method.ShouldDisrupt(c); });
  if (candidates.empty()) return Outcome::kNothing;
  BudgetMap budgets = BuildDisruptionBudgetMapping(pass, &queue_, reason, &events_);
  bool constrained_by_budgets = false;
  for (const Candidate& candidate : candidates) {
    auto it = budgets.find(candidate.node_pool->metadata.name);
    if (it == budgets.end() || it->second == 0) constrained_by_budgets = true;
  }
  Result<std::vector<Command>> computed =
      method.ComputeCommands(simulator, budgets, std::move(candidates));
  if (!computed) {
    log_.Add(pass.now(), std::string(method.name()) + ": " + computed.error().message());
    return Outcome::kNothing;
  }
  std::vector<Command> commands;
  for (Command& command : *computed) {
    if (command.decision() == Decision::kNoOp) continue;
    command.reason = reason;
    if (command.method.empty()) command.method = std::string(method.name());
    commands.push_back(std::move(command));
  }
  if (commands.empty()) {
    if (consolidation && !constrained_by_budgets) {
      no_ops_[index] = NoOp{state_.NodeLayerVersion(), pass.now()};
    }
    return Outcome::kNothing;
  }
  no_ops_.erase(index);
  if (consolidation && options_.disruption.validation_delay > Duration()) {
    for (const Command& command : commands) {
      log_.Add(pass.now(), "validating " + command.Explain());
    }
    PendingValidation pending;
    pending.method = index;
    pending.commands = std::move(commands);
    pending.timer =
        clock_.ScheduleAfter(options_.disruption.validation_delay, [this] { ValidateAndStart(); });
    pending_ = std::move(pending);
    return Outcome::kValidating;
  }
  if (consolidation) {
    // No wait configured: validate at once.
    return ValidateAndStartCommands(index, commands) > 0 ? Outcome::kStarted : Outcome::kNothing;
  }
  return StartCommands(commands) > 0 ? Outcome::kStarted : Outcome::kNothing;
}

size_t Controller::StartCommands(std::vector<Command>& commands) {
  size_t started = 0;
  for (const Command& command : commands) {
    Status status = queue_.StartCommand(command);
    if (!status) {
      log_.Add(clock_.Now(),
               "disrupting candidates, " + status.error().message() + ": " + command.Explain());
      continue;
    }
    ++started;
  }
  return started;
}

size_t Controller::ValidateAndStartCommands(size_t index, std::vector<Command>& commands) {
  Method& method = *methods_[index];
  Pass pass(state_, cloud_, clock_.Now());
  std::vector<Candidate> current = GetCandidates(
      pass, &queue_, DisruptionClass::kGraceful,
      [&method](const Candidate& c) { return method.ShouldDisrupt(c); }, &events_);
  BudgetMap budgets = BuildDisruptionBudgetMapping(pass, &queue_, method.reason(), nullptr);
  LazySimulator simulator(pass, &queue_, true, options_.simulator);
  std::vector<Command> valid;
  for (Command& command : commands) {
    Validation validation;
    if (method.reason() == Reason::kEmpty) {
      validation = ValidateEmptiness(std::move(command), current, budgets);
    } else {
      validation = ValidateConsolidation(std::move(command), current, budgets, simulator);
    }
    if (!validation.ok()) {
      log_.Add(pass.now(), std::string(method.name()) +
                               ": abandoning command, validation failed (" +
                               std::string(ValidationFailureName(validation.failure)) +
                               "): " + validation.message);
      continue;
    }
    valid.push_back(std::move(validation.command));
  }
  return StartCommands(valid);
}

void Controller::ValidateAndStart() {
  if (!pending_) return;
  PendingValidation pending = std::move(*pending_);
  pending_.reset();
  Duration next;
  if (ValidateAndStartCommands(pending.method, pending.commands) == 0) {
    // Upstream validates inside ComputeCommands, so an abandoned command lets the same pass go
    // on with the next method.
    next = RunPass(pending.method + 1);
  }
  if (running_) ScheduleTick(next);
}

void Controller::RunPendingValidation() {
  if (!pending_) return;
  clock_.Cancel(pending_->timer);
  ValidateAndStart();
}

Duration Controller::Reconcile() {
  if (pending_) return options_.disruption.polling_period;
  CleanupStaleMarks();
  return RunPass(0);
}

Duration Controller::RunPass(size_t first) {
  if (first >= methods_.size()) return options_.disruption.polling_period;
  Pass pass(state_, cloud_, clock_.Now());
  // One snapshot per pass and kind of simulation: multi-node and single-node consolidation share
  // the consolidation one (nothing changes between methods of a pass: the first that acts ends
  // it).
  LazySimulator consolidation(pass, &queue_, true, options_.simulator);
  LazySimulator other(pass, &queue_, false, options_.simulator);
  for (size_t i = first; i < methods_.size(); ++i) {
    Simulator& simulator = methods_[i]->reason() == Reason::kUnderutilized ? consolidation : other;
    switch (Disrupt(pass, i, simulator)) {
      case Outcome::kNothing:
        continue;
      case Outcome::kStarted:
        return Duration();
      case Outcome::kValidating:
        return options_.disruption.polling_period;
    }
  }
  return options_.disruption.polling_period;
}

void Controller::ScheduleTick(Duration delay) {
  if (tick_) clock_.Cancel(*tick_);
  tick_ = clock_.ScheduleAfter(delay, [this] {
    tick_.reset();
    ScheduleTick(Reconcile());
  });
}

void Controller::Start() {
  running_ = true;
  queue_.Start();
  ScheduleTick(Duration());
}

}  // namespace tidepool::disruption
