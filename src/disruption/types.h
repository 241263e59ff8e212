// The vocabulary of the disruption controller (kubernetes-sigs/karpenter
// pkg/controllers/disruption/types.go): a Candidate is a node that may be disrupted, a Command is
// what one method decided (delete these nodes, maybe launching replacements first), a Method is
// one of the ordered disruption methods (emptiness, drift, multi-node and single-node
// consolidation), and a Simulator answers "where would these nodes' pods go" against one pass's
// snapshot of the cluster.
//
// Ownership: Candidates point into the ClusterState and the pass's instance-type maps; they are
// valid for one pass (until the cluster state changes). Commands own their candidates and
// replacement claims. Not thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "api/k8s/node.h"
#include "api/k8s/pod.h"
#include "api/karpenter/nodeclaim.h"
#include "api/karpenter/nodepool.h"
#include "cloud/instance_type.h"
#include "core/duration.h"
#include "core/status.h"
#include "core/time.h"
#include "scheduling/scheduler.h"

namespace tidepool::disruption {

// Why a node is disrupted. The first three are the budget reasons of NodePool budgets
// (api::kDisruptionReason*); expiry and interruption ignore budgets.
enum class Reason { kEmpty, kUnderutilized, kDrifted, kExpired, kInterrupted };
// "Empty", "Underutilized", "Drifted", "Expired", "Interrupted".
std::string_view ReasonName(Reason reason);

// Graceful methods respect PDBs and do-not-disrupt; eventual ones (drift of a claim with a
// terminationGracePeriod) may bypass them, bounded by that grace period.
enum class DisruptionClass { kGraceful, kEventual };

// The base disruption cost of a node (upstream PerNodeBaseDisruptionCost).
inline constexpr double kPerNodeBaseDisruptionCost = 1.0;

struct Candidate {
  std::string name;  // the Node's name
  const api::Node* node = nullptr;
  const api::NodeClaim* node_claim = nullptr;
  const api::NodePool* node_pool = nullptr;
  // The node's instance type in its pool's catalogue; null when the catalogue no longer has it.
  cloud::InstanceTypePtr instance_type;
  std::string zone;           // topology.kubernetes.io/zone label
  std::string capacity_type;  // karpenter.sh/capacity-type label
  // The node's offering price ($/hour), 0 when unknown.
  double price = 0;
  // Active pods that would move: not DaemonSet-owned, not static, not terminal or terminating.
  std::vector<const api::Pod*> reschedulable_pods;
  // Σ EvictionCost(pod) x LifetimeRemaining over all the node's pods (pre-v1.14 sort key).
  double disruption_cost = 0;
  // 1 + Σ max(0, EvictionCost) over the reschedulable pods.
  double reschedule_disruption_cost = kPerNodeBaseDisruptionCost;
  // IsUnderConsolidateAfter at the pass's time. Upstream's Consolidatable condition follows a pod
  // event at once (a watch); here the condition's controller runs periodically, so the methods
  // also check the time itself rather than act on a condition that lags the last pod event.
  bool under_consolidate_after = false;

  bool IsEmpty() const { return reschedule_disruption_cost <= kPerNodeBaseDisruptionCost; }
  // Upstream SavingsRatio: price per unit of disruption (the v1.14 sort key, descending).
  double SavingsRatio() const { return price / reschedule_disruption_cost; }
  bool OwnedByStaticNodePool() const;
};

enum class Decision { kNoOp, kDelete, kReplace };
std::string_view DecisionName(Decision decision);  // "no-op", "delete", "replace"

struct Command {
  Reason reason = Reason::kEmpty;
  std::string method;  // "emptiness", "drift", "multi-node-consolidation", ...
  std::vector<Candidate> candidates;
  // NodeClaims to launch (and wait for) before the candidates are deleted, with their
  // instance-type options cheapest first.
  std::vector<scheduling::NewNodeClaim> replacements;
  // Pods the simulation placed on existing nodes (node name, pods), for the explanation.
  std::vector<std::pair<std::string, std::vector<const api::Pod*>>> moved_to_existing;

  Decision decision() const {
    if (candidates.empty()) return Decision::kNoOp;
    return replacements.empty() ? Decision::kDelete : Decision::kReplace;
  }
  // Σ candidate prices.
  double CandidatePrice() const;
  // Σ over replacements of the worst launch price of their cheapest option (what consolidation
  // compares against); 0 without replacements.
  double ReplacementPrice() const;
  double Saving() const { return CandidatePrice() - ReplacementPrice(); }
  // One line a person can read: reason, method, candidates, replacement, saving.
  std::string Explain() const;
};

// Per-pass disruption options (upstream operator options and constants).
struct Options {
  bool spot_to_spot_consolidation = false;  // feature gate SpotToSpotConsolidation
  Duration validation_delay = Duration::Seconds(15);
  Duration polling_period = Duration::Seconds(10);
  int multi_node_max_candidates = 100;           // maxParallel
  int min_instance_types_for_spot_to_spot = 15;  // MinInstanceTypesForSpotToSpotConsolidation
  int max_instance_types = 60;                   // launch truncation
  int balanced_k = 2;                            // BalancedK
};

// The outcome of rescheduling some candidates' pods onto the rest of the cluster.
struct SimulationResult {
  scheduling::Results results;
  // Every pod that was not already pending found a place (upstream AllNonPendingPodsScheduled).
  bool all_non_pending_scheduled = false;
  // A pod would land on an uninitialized node (not allowed unless it came from a deleting node).
  bool uses_uninitialized_node = false;
  // Why it failed, for events ("" on success).
  std::string failure;
};

class Simulator {
 public:
  virtual ~Simulator() = default;
  // Upstream SimulateScheduling: pending pods, the candidates' reschedulable pods and the pods of
  // deleting nodes, scheduled onto the cluster's active nodes minus the candidates, with new
  // claims from the NodePools. Errors are internal (a topology that cannot compile).
  [[nodiscard]] virtual Result<SimulationResult> Simulate(
      std::span<const Candidate* const> candidates) = 0;
};

// Remaining allowed disruptions for one reason, by NodePool name (upstream
// BuildDisruptionBudgetMapping). Methods decrement it as they take candidates.
using BudgetMap = std::map<std::string, int64_t, std::less<>>;

class Method {
 public:
  virtual ~Method() = default;
  virtual Reason reason() const = 0;
  virtual std::string_view name() const = 0;
  virtual DisruptionClass disruption_class() const = 0;
  // Whether a candidate is one this method considers (before budgets).
  virtual bool ShouldDisrupt(const Candidate& candidate) const = 0;
  // The commands for this pass from the candidates that passed ShouldDisrupt (in the
  // controller's order), consuming `budgets`. Empty: nothing to do.
  [[nodiscard]] virtual Result<std::vector<Command>> ComputeCommands(
      Simulator& simulator, BudgetMap& budgets, std::vector<Candidate> candidates) = 0;
};

}  // namespace tidepool::disruption
