#include "scheduling/scheduler.h"

#include <algorithm>
#include <unordered_map>

#include "api/resource_math.h"
#include "api/well_known_labels.h"
#include "scheduling/existing_node.h"
#include "scheduling/node_claim.h"
#include "scheduling/pod_data.h"
#include "scheduling/preferences.h"
#include "scheduling/queue.h"
#include "scheduling/scheduler_pass.h"
#include "scheduling/solve_context.h"
#include "scheduling/topology.h"

namespace tidepool::scheduling {
namespace {

api::Requirements WithoutHostname(const api::Requirements& requirements) {
  std::vector<api::Requirement> values;
  values.reserve(requirements.size());
  for (const api::Requirement& r : requirements.values()) {
    if (r.key() != api::kLabelHostname) values.push_back(r);
  }
  return api::Requirements(std::move(values));
}

// One solve: everything Solve builds and mutates. A fresh solve builds its own SchedulerPass and
// Topology from the input; a solve over a pass (Scheduler::Solve(pods, excluded)) reads the
// pass's and builds only what depends on the pods and the excluded nodes.
class Solver {
 public:
  Solver(const SchedulerInput& input, const SchedulerOptions& options)
      : input_(input),
        options_(options),
        policy_(options.policy != nullptr ? options.policy : &DefaultPackingPolicy()) {}

  Result<Results> Run(std::span<const api::Pod* const> pods);
  // Over `pass` (built from input_ with its topology base). Returns nullopt when the pods need a
  // resource name the pass has not interned: the caller then solves afresh.
  std::optional<Result<Results>> RunOver(const SchedulerPass& pass,
                                         std::span<const api::Pod* const> pods,
                                         const std::vector<bool>& excluded);

 private:
  void CollectPods(std::span<const api::Pod* const> pods);
  void UsePass(const SchedulerPass& pass, const std::vector<bool>* excluded);
  Status BuildTopology();
  Status BuildTopologyOver(const SchedulerPass& pass, const std::vector<bool>& excluded);
  void ComputePods(const ResourceIndex& index);
  Result<Results> Schedule();
  // Places one pod (upstream trySchedule): tries as given, then relaxes a copy step by step.
  bool TrySchedule(size_t index, std::string& error);
  // Upstream add(): existing nodes, open claims, then a new claim.
  bool Add(const PodData& data, size_t index, std::string* error);
  bool AddToExistingNode(const PodData& data, size_t index);
  bool AddToOpenClaim(const PodData& data, size_t index);
  bool AddToNewClaim(const PodData& data, size_t index, std::string* error);
  void MoveAfterGrowth(size_t position);
  void MarkConsolidateAfterExemptions();
  Results Finish();

  const SchedulerInput& input_;
  const SchedulerOptions& options_;
  const PackingPolicy* policy_;
  std::unique_ptr<SchedulerPass> own_pass_;  // a fresh solve's
  const SchedulerPass* pass_ = nullptr;
  const std::vector<bool>* excluded_ = nullptr;  // over a pass: the caller's exclusions
  SolveContext context_;
  std::vector<PoolLimits> limits_;  // per context_.pools
  Preferences preferences_;
  std::unique_ptr<Topology> topology_;
  std::vector<std::string_view> implicit_hostnames_;  // over a pass: the remaining nodes'

  std::vector<const api::Pod*> originals_;          // unique pods, in the caller's order
  std::vector<PodData> pod_data_;                   // per original
  std::vector<std::unique_ptr<api::Pod>> relaxed_;  // relaxed copies, alive for the solve
  std::vector<std::string> errors_;
  std::vector<bool> placed_;
  // Pending pods and pods of nodes marked for deletion may go to nodes under consolidateAfter.
  std::vector<bool> exempt_from_consolidate_after_;
  ResourceVector pending_;  // requests of the pods not yet placed

  std::vector<ExistingNode> existing_;  // initialized first, then by name
  std::vector<size_t> existing_input_;  // existing_[i] came from input.existing_nodes[...]
  std::vector<std::unique_ptr<NodeClaim>> claims_;  // in opening order
  std::vector<size_t> claim_order_;                 // claims_ by pod count ascending
  AddPlan plan_;
  api::Requirements scratch_;
};

void Solver::CollectPods(std::span<const api::Pod* const> pods) {
  std::unordered_map<std::string, size_t> seen;
  std::vector<api::ResourceList> requests;
  for (const api::Pod* pod : pods) {
    std::string key = pod->metadata.uid.empty() ? PodKey(*pod) : pod->metadata.uid;
    if (!seen.emplace(std::move(key), originals_.size()).second) continue;
    originals_.push_back(pod);
  }
}

void Solver::UsePass(const SchedulerPass& pass, const std::vector<bool>* excluded) {
  pass_ = &pass;
  excluded_ = excluded;
  context_.min_values_best_effort = pass.context.min_values_best_effort;
  context_.resources = pass.context.resources;
  context_.compat = pass.context.compat;
  context_.pools = pass.pools;
  limits_ = excluded != nullptr ? LimitsExcluding(pass, *excluded) : pass.limits;
  preferences_ = Preferences(pass.tolerate_prefer_no_schedule);
  existing_.reserve(pass.nodes.size());
  existing_input_.reserve(pass.nodes.size());
  for (size_t i = 0; i < pass.nodes.size(); ++i) {
    const size_t input = pass.node_input[i];
    if (excluded != nullptr && input < excluded->size() && (*excluded)[input]) continue;
    existing_.emplace_back(context_, pass.nodes[i]);
    existing_input_.push_back(input);
  }
}

Status Solver::BuildTopology() {
  std::vector<TopologyNodePool> pools;
  for (const NodePoolInput& in : input_.node_pools) {
    pools.push_back(TopologyNodePool{in.node_pool, in.instance_types});
  }
  std::vector<const api::Node*> nodes;
  std::vector<const api::Pod*> existing_pods;
  for (const ExistingNodeInput& in : input_.existing_nodes) {
    if (in.node != nullptr) nodes.push_back(in.node);
    existing_pods.insert(existing_pods.end(), in.pods.begin(), in.pods.end());
  }
  TopologyInput topology_input;
  topology_input.node_pools = pools;
  topology_input.nodes = nodes;
  topology_input.existing_pods = existing_pods;
  topology_input.pods = originals_;
  TopologyOptions topology_options;
  topology_options.ignore_preferences = options_.ignore_preferences;
  topology_options.namespace_labels = input_.namespace_labels;
  Result<std::unique_ptr<Topology>> topology = Topology::Make(topology_input, topology_options);
  if (!topology) return tl::unexpected(topology.error());
  topology_ = std::move(*topology);
  context_.topology = topology_.get();
  for (const ExistingNode& node : existing_) {
    topology_->Register(api::kLabelHostname, node.hostname());
  }
  return OkStatus();
}

Status Solver::BuildTopologyOver(const SchedulerPass& pass, const std::vector<bool>& excluded) {
  implicit_hostnames_.clear();
  implicit_hostnames_.reserve(pass.topology->hostnames().size());
  for (const auto& [hostname, entry] : pass.topology->hostnames()) {
    if (entry >= excluded.size() || !excluded[entry]) implicit_hostnames_.push_back(hostname);
  }
  TopologyInput topology_input;
  topology_input.pods = originals_;
  topology_input.base = pass.topology.get();
  topology_input.excluded_entries = &excluded;
  topology_input.implicit_hostnames = &implicit_hostnames_;
  TopologyOptions topology_options;
  topology_options.ignore_preferences = options_.ignore_preferences;
  topology_options.namespace_labels = input_.namespace_labels;
  Result<std::unique_ptr<Topology>> topology = Topology::Make(topology_input, topology_options);
  if (!topology) return tl::unexpected(topology.error());
  topology_ = std::move(*topology);
  context_.topology = topology_.get();
  return OkStatus();
}

bool Solver::AddToExistingNode(const PodData& data, size_t index) {
  for (ExistingNode& node : existing_) {
    if (node.under_consolidate_after() && !exempt_from_consolidate_after_[index]) continue;
    if (node.CanAdd(data, scratch_, nullptr)) {
      node.Add(data, originals_[index], scratch_);
      return true;
    }
  }
  return false;
}

void Solver::MarkConsolidateAfterExemptions() {
  exempt_from_consolidate_after_.assign(originals_.size(), true);
  if (!pass_->any_under_consolidate_after) return;
  for (size_t i = 0; i < originals_.size(); ++i) {
    const api::Pod& pod = *originals_[i];
    if (pod.status.phase == "Pending") continue;
    const std::string_view node = pod.spec.node_name;
    auto it = std::lower_bound(
        pass_->deleting.begin(), pass_->deleting.end(), node,
        [](const auto& entry, std::string_view name) { return entry.first < name; });
    bool deleting = false;
    for (; it != pass_->deleting.end() && it->first == node; ++it) {
      deleting |=
          excluded_ == nullptr || it->second >= excluded_->size() || !(*excluded_)[it->second];
    }
    exempt_from_consolidate_after_[i] = deleting;
  }
}

// claim_order_[position] just gained a pod: keep the order ascending by pod count, as a stable
// re-sort would leave it.
void Solver::MoveAfterGrowth(size_t position) {
  size_t count = claims_[claim_order_[position]]->pods().size();
  size_t end = position + 1;
  while (end < claim_order_.size() && claims_[claim_order_[end]]->pods().size() < count) ++end;
  std::rotate(claim_order_.begin() + static_cast<std::ptrdiff_t>(position),
              claim_order_.begin() + static_cast<std::ptrdiff_t>(position) + 1,
              claim_order_.begin() + static_cast<std::ptrdiff_t>(end));
}

bool Solver::AddToOpenClaim(const PodData& data, size_t index) {
  for (size_t position = 0; position < claim_order_.size(); ++position) {
    NodeClaim& claim = *claims_[claim_order_[position]];
    if (!claim.CanAdd(data, plan_, nullptr)) continue;
    claim.Add(data, index, plan_);
    MoveAfterGrowth(position);
    return true;
  }
  return false;
}

bool Solver::AddToNewClaim(const PodData& data, size_t index, std::string* error) {
  std::vector<uint32_t> options;
  for (size_t p = 0; p < context_.pools.size(); ++p) {
    const PoolTemplate& pool = context_.pools[p];
    PoolLimits& limits = limits_[p];
    std::string reason;
    options.clear();
    if (pool.has_limits && limits.remaining_nodes == 0) {
      reason = "node limits have been exhausted for nodepool";
    } else {
      for (uint32_t i = 0; i < pool.options.size(); ++i) {
        if (!pool.has_limits || Fits(pool.options[i].capacity, limits.remaining))
          options.push_back(i);
      }
      if (options.empty()) reason = "all available instance types exceed limits for nodepool";
    }
    if (reason.empty()) {
      auto claim = std::make_unique<NodeClaim>(context_, p, options);
      if (claim->CanAdd(data, plan_, error != nullptr ? &reason : nullptr)) {
        if (policy_ != &DefaultPackingPolicy()) {
          cloud::InstanceTypes types;
          for (uint32_t i : plan_.options) types.push_back(pool.options[i].type);
          api::ResourceList requests = data.requests;
          api::ResourceList pending = context_.resources.Sparse(pending_);
          const api::Pod* pods[1] = {originals_[index]};
          ClaimContext claim_context;
          claim_context.node_pool = pool.node_pool;
          claim_context.requirements =
              plan_.requirements_changed ? &plan_.requirements : &claim->requirements();
          claim_context.pods = pods;
          claim_context.requests = &requests;
          claim_context.pending_requests = &pending;
          claim_context.max_instance_types = options_.max_instance_types;
          claim_context.min_values_policy = options_.min_values_best_effort
                                                ? cloud::MinValuesPolicy::kBestEffort
                                                : cloud::MinValuesPolicy::kStrict;
          policy_->OpenClaimOptions(claim_context, types);
          std::erase_if(plan_.options, [&](uint32_t i) {
            return std::find(types.begin(), types.end(), pool.options[i].type) == types.end();
          });
        }
        if (!plan_.options.empty()) {
          ++context_.next_hostname;
          claim->Add(data, index, plan_);
          // Reserve the largest capacity the claim may still launch (upstream subtractMax).
          if (pool.has_limits) {
            for (size_t r = 0; r < limits.remaining.size(); ++r) {
              if (limits.remaining[r] == kUnbounded) continue;
              int64_t most = 0;
              for (uint32_t i : claim->options())
                most = std::max(most, pool.options[i].capacity[r]);
              limits.remaining[r] -= most;
            }
            if (limits.remaining_nodes > 0) --limits.remaining_nodes;
          }
          // A new claim has one pod: it goes after the other one-pod claims.
          size_t position = 0;
          while (position < claim_order_.size() &&
                 claims_[claim_order_[position]]->pods().size() <= 1) {
            ++position;
          }
          claim_order_.insert(claim_order_.begin() + static_cast<std::ptrdiff_t>(position),
                              claims_.size());
          claims_.push_back(std::move(claim));
          return true;
        }
        reason = "the packing policy kept no instance type";
      }
    }
    if (error != nullptr) {
      if (!error->empty()) *error += "; ";
      std::string overhead;
      for (const DaemonGroup& group : pool.daemon_groups) {
        if (!group.overhead.empty()) {
          overhead = api::ResourceListString(group.overhead);
          break;
        }
      }
      *error += "incompatible with nodepool \"" + pool.name + "\"";
      if (!overhead.empty()) *error += ", daemonset overhead=" + overhead;
      *error += ", " + reason;
    }
  }
  return false;
}

bool Solver::Add(const PodData& data, size_t index, std::string* error) {
  if (AddToExistingNode(data, index)) return true;
  if (AddToOpenClaim(data, index)) return true;
  if (context_.pools.empty()) {
    if (error) *error = "nodepool requirements filtered out all available instance types";
    return false;
  }
  if (AddToNewClaim(data, index, nullptr)) return true;
  // Only now build the explanation: most failures are retried and never reported.
  if (error) AddToNewClaim(data, index, error);
  return false;
}

bool Solver::TrySchedule(size_t index, std::string& error) {
  const PodData* current = &pod_data_[index];
  std::unique_ptr<api::Pod> copy;
  PodData relaxed;
  for (;;) {
    error.clear();
    // Explain only the last attempt: earlier ones are followed by a relaxation.
    bool last = !preferences_.CanRelax(*current->pod);
    if (Add(*current, index, last ? &error : nullptr)) {
      if (copy) relaxed_.push_back(std::move(copy));
      return true;
    }
    if (last) break;
    if (!copy) copy = std::make_unique<api::Pod>(*originals_[index]);
    (void)preferences_.Relax(*copy);
    if (topology_) (void)topology_->Update(*copy);
    ComputePodData(*copy, input_.runtime_classes, context_.resources, options_.ignore_preferences,
                   relaxed);
    current = &relaxed;
  }
  if (copy) {
    // Back to the pod as given: it is re-queued with its preferences.
    if (topology_) (void)topology_->Update(*originals_[index]);
    relaxed_.push_back(std::move(copy));
  }
  return false;
}

Result<Results> Solver::Run(std::span<const api::Pod* const> pods) {
  CollectPods(pods);
  Result<std::unique_ptr<SchedulerPass>> pass =
      BuildPass(input_, options_, originals_, /*with_topology=*/false);
  if (!pass) return tl::unexpected(pass.error());
  own_pass_ = std::move(*pass);
  UsePass(*own_pass_, nullptr);
  if (Status status = BuildTopology(); !status) return tl::unexpected(status.error());
  return Schedule();
}

std::optional<Result<Results>> Solver::RunOver(const SchedulerPass& pass,
                                               std::span<const api::Pod* const> pods,
                                               const std::vector<bool>& excluded) {
  CollectPods(pods);
  ComputePods(pass.context.resources);
  // Pods asking for a resource no input object names would lengthen the dense vectors.
  for (const PodData& data : pod_data_) {
    for (const auto& [name, quantity] : data.requests) {
      if (pass.context.resources.Find(name) < 0) return std::nullopt;
    }
  }
  UsePass(pass, &excluded);
  if (Status status = BuildTopologyOver(pass, excluded); !status) {
    return Result<Results>(tl::unexpected(status.error()));
  }
  return Schedule();
}

void Solver::ComputePods(const ResourceIndex& index) {
  pod_data_.resize(originals_.size());
  for (size_t i = 0; i < originals_.size(); ++i) {
    ComputePodData(*originals_[i], input_.runtime_classes, index, options_.ignore_preferences,
                   pod_data_[i]);
  }
}

Result<Results> Solver::Schedule() {
  if (pod_data_.size() != originals_.size()) ComputePods(context_.resources);
  pending_.assign(context_.resources.size(), 0);
  for (const PodData& data : pod_data_) AddInto(pending_, data.dense);
  errors_.assign(originals_.size(), {});
  placed_.assign(originals_.size(), false);
  MarkConsolidateAfterExemptions();

  std::vector<size_t> order(originals_.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  SortByCpuAndMemoryDescending(order, pod_data_);
  Queue queue(std::move(order), originals_.size());
  std::string error;
  while (std::optional<size_t> index = queue.Pop()) {
    if (TrySchedule(*index, error)) {
      errors_[*index].clear();
      placed_[*index] = true;
      for (size_t r = 0; r < pending_.size(); ++r) pending_[r] -= pod_data_[*index].dense[r];
      continue;
    }
    errors_[*index] = error;
    queue.Push(*index);
  }
  return Finish();
}

Results Solver::Finish() {
  Results results;
  for (const std::unique_ptr<NodeClaim>& claim : claims_) {
    const PoolTemplate& pool = claim->pool();
    NewNodeClaim out;
    out.node_pool = pool.name;
    out.node_pool_object = pool.node_pool;
    out.hostname = claim->hostname();
    out.requirements = WithoutHostname(claim->requirements());
    cloud::InstanceTypes types;
    std::vector<double> prices;
    types.reserve(claim->options().size());
    prices.reserve(claim->options().size());
    const OfferingFilter filter(out.requirements);
    for (uint32_t i : claim->options()) {
      types.push_back(pool.options[i].type);
      prices.push_back(OptionPrice(pool.options[i], out.requirements, filter));
    }
    for (size_t index : claim->pods()) {
      out.pods.push_back(originals_[index]);
      api::AddInto(out.requests, pod_data_[index].requests);
    }
    // The smallest DaemonSet overhead among the groups the claim can still launch (upstream
    // addDaemonRequests).
    std::vector<bool> live(pool.daemon_groups.size(), false);
    for (uint32_t i : claim->options()) live[pool.options[i].daemon_group] = true;
    api::ResourceList daemon;
    for (size_t g = 0; g < pool.daemon_groups.size(); ++g) {
      if (!live[g]) continue;
      if (daemon.empty()) {
        daemon = pool.daemon_groups[g].overhead;
      } else {
        api::ResourceList both[2] = {daemon, pool.daemon_groups[g].overhead};
        daemon = api::MinResources(both);
      }
    }
    api::AddInto(out.requests, daemon);

    ClaimContext claim_context;
    claim_context.node_pool = pool.node_pool;
    claim_context.requirements = &out.requirements;
    claim_context.pods = out.pods;
    claim_context.requests = &out.requests;
    claim_context.prices = prices;
    claim_context.max_instance_types = options_.max_instance_types;
    claim_context.min_values_policy = options_.min_values_best_effort
                                          ? cloud::MinValuesPolicy::kBestEffort
                                          : cloud::MinValuesPolicy::kStrict;
    Result<cloud::InstanceTypes> final_types =
        policy_->FinalizeOptions(claim_context, std::move(types));
    if (!final_types || final_types->empty()) {
      std::string why =
          final_types ? std::string("no instance type left") : final_types.error().message();
      for (size_t index : claim->pods()) {
        placed_[index] = false;
        errors_[index] = "pod didn't schedule because NodePool \"" + pool.name +
                         "\" couldn't meet minValues requirements, " + why;
      }
      continue;
    }
    out.instance_type_options = std::move(*final_types);
    results.new_node_claims.push_back(std::move(out));
  }
  std::vector<const ExistingNode*> by_input(input_.existing_nodes.size(), nullptr);
  for (size_t i = 0; i < existing_.size(); ++i) by_input[existing_input_[i]] = &existing_[i];
  for (const ExistingNode* node : by_input) {
    if (node == nullptr || node->new_pods().empty()) continue;
    results.existing_nodes.emplace_back(node->name(), node->new_pods());
  }
  for (size_t i = 0; i < originals_.size(); ++i) {
    if (!placed_[i]) results.pod_errors.push_back(PodError{originals_[i], errors_[i]});
  }
  return results;
}

}  // namespace

Scheduler::Scheduler(SchedulerInput input, SchedulerOptions options)
    : input_(std::move(input)), options_(options) {}

Scheduler::~Scheduler() = default;

Result<Results> Scheduler::Solve(std::span<const api::Pod* const> pods) {
  Solver solver(input_, options_);
  return solver.Run(pods);
}

Result<Results> Scheduler::Solve(std::span<const api::Pod* const> pods,
                                 const std::vector<bool>& excluded_existing) {
  if (!pass_) {
    Result<std::unique_ptr<SchedulerPass>> pass =
        BuildPass(input_, options_, {}, /*with_topology=*/true);
    if (!pass) return tl::unexpected(pass.error());
    pass_ = std::move(*pass);
  }
  {
    Solver solver(input_, options_);
    if (std::optional<Result<Results>> results = solver.RunOver(*pass_, pods, excluded_existing)) {
      return std::move(*results);
    }
  }
  // A resource name the pass does not know: solve afresh over the filtered input.
  SchedulerInput filtered;
  filtered.node_pools = input_.node_pools;
  filtered.daemon_sets = input_.daemon_sets;
  filtered.runtime_classes = input_.runtime_classes;
  filtered.namespace_labels = input_.namespace_labels;
  for (size_t i = 0; i < input_.existing_nodes.size(); ++i) {
    if (i < excluded_existing.size() && excluded_existing[i]) continue;
    filtered.existing_nodes.push_back(input_.existing_nodes[i]);
  }
  Solver solver(filtered, options_);
  return solver.Run(pods);
}

}  // namespace tidepool::scheduling
