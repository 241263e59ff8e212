// The provisioning scheduler: Karpenter's scheduling simulation
// (kubernetes-sigs/karpenter pkg/controllers/provisioning/scheduling/scheduler.go) decides, for a
// batch of pending pods, which go to existing or in-flight nodes and which new NodeClaims to
// launch for the rest.
//
// Algorithm (as upstream):
//   - Pods are queued by descending cpu, then memory, then creation time, then uid (queue.h).
//   - Each popped pod goes to the first existing node that can take it (initialized nodes first,
//     then by name), else to the open new claim with the fewest pods that can take it, else to a
//     new claim from the first NodePool (by weight desc, then name) that can take it.
//   - A pod that fits nowhere has one preference relaxed (preferences.h) and is re-queued; the
//     solve ends when the queue is empty or has cycled without progress.
//   - A new claim's options are the pool's instance types compatible with its requirements, that
//     fit its requests plus the pool's DaemonSet overhead, and have an available compatible
//     offering; each added pod narrows them. NodePool limits are reserved pessimistically: a new
//     claim subtracts the largest capacity among its options from the pool's remaining limits.
//   - At the end every claim's options are ordered and truncated by the PackingPolicy (Karpenter's:
//     cheapest compatible offering first, at most max_instance_types, minValues-aware).
//
// Usage: build a SchedulerInput (pointers are borrowed and must outlive the Scheduler and its
// Results), construct a Scheduler, call Solve once per batch of pods. Solve does not modify the
// inputs; each call starts from the inputs again.
//
// Disruption simulations ("the cluster minus these candidates, plus their pods"): keep one
// Scheduler per pass over the whole cluster and call
//   Result<Results> Solve(std::span<const api::Pod* const> pods,
//                         const std::vector<bool>& excluded_existing);
// with excluded_existing[i] true for each candidate's input.existing_nodes[i]. The first such
// call builds a SchedulerPass (scheduler_pass.h: pools, node templates, topology base); later
// calls build only the per-simulation part. Results equal a fresh Scheduler's over the filtered
// input (scheduler_reuse_test.cc checks this on random clusters). Upstream's
// IsConsolidationSimulation is ExistingNodeInput::under_consolidate_after, set by the caller.
//
// Thread-safety: a Scheduler is used by one thread at a time; distinct Schedulers over the same
// inputs may run concurrently.
//
// Performance (one core, fake catalogue of 400 types): 10,000 generic pods ~60 ms, 10,000
// "diverse" pods ~0.8 s. Disruption simulations over a 1,000-node, 18,000-pod cluster: ~150 ms
// each with a fresh Scheduler, ~0.2 ms each reusing one (bench/disruption_benchmark.cc). Pods are
// precomputed once (pod_data.h); requests are dense integer vectors (resources.h); an open claim
// rejects a pod that exceeds every remaining option on one resource before any requirement work;
// instance types are rechecked only against the requirements a pod actually changed.
//
// NOTE FOR TOPOLOGY: in the 10,000-diverse profile Topology::MayAdmit is ~45% of the solve
// (Decide -> TopologyGroup::GetAntiAffinity -> Requirements::Find on the node's hostname and the
// per-domain count hash lookup): each of the 2,000 hostname anti-affinity pods probes ~1,000
// open claims. A cheaper rejection path for hostname groups would cut the benchmark further. The
// solver calls MayAdmit only for claims whose requirements the pod does not change, then Narrow.
#pragma once

#include <map>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "api/k8s/node.h"
#include "api/k8s/pod.h"
#include "api/k8s/runtime_class.h"
#include "api/k8s/workloads.h"
#include "api/karpenter/nodeclaim.h"
#include "api/karpenter/nodepool.h"
#include "api/requirements.h"
#include "api/resources.h"
#include "cloud/instance_type.h"
#include "core/status.h"
#include "scheduling/packing_policy.h"

namespace tidepool::scheduling {

struct NodePoolInput {
  const api::NodePool* node_pool = nullptr;
  cloud::InstanceTypes instance_types;  // the pool's catalogue (as GetInstanceTypes returns)
};

// A registered Node, or an in-flight NodeClaim not yet registered (node == nullptr).
struct ExistingNodeInput {
  std::string name;
  const api::Node* node = nullptr;
  const api::NodeClaim* node_claim = nullptr;  // the node's NodeClaim, if Karpenter manages it
  std::vector<const api::Pod*> pods;           // pods bound to it (DaemonSet pods included)
  bool initialized = true;
  bool marked_for_deletion = false;  // skipped, as upstream's provisioner skips them
  // Upstream isUnderConsolidateAfter under IsConsolidationSimulation (the caller evaluates
  // disruption.IsUnderConsolidateAfter with its clock): pods that are not Pending (status.phase)
  // and not bound to a node marked for deletion in this input are not placed here.
  bool under_consolidate_after = false;
};

struct SchedulerInput {
  std::vector<NodePoolInput> node_pools;
  std::vector<ExistingNodeInput> existing_nodes;
  std::vector<const api::DaemonSet*> daemon_sets;
  // Used to add overhead.podFixed to pods that name a runtimeClassName and carry no overhead.
  std::vector<const api::RuntimeClass*> runtime_classes;
  // Namespace -> labels, for pod affinity terms with a namespaceSelector.
  std::map<std::string, std::map<std::string, std::string>> namespace_labels;
};

struct SchedulerOptions {
  int max_instance_types = 60;
  bool min_values_best_effort = false;    // Karpenter's MIN_VALUES_POLICY=BestEffort
  bool ignore_preferences = false;        // Karpenter's PREFERENCE_POLICY=Ignore
  const PackingPolicy* policy = nullptr;  // nullptr: Karpenter's (DefaultPackingPolicy())
  // Labels a pod may require although a NodePool does not define them, because every instance
  // type does (upstream AllowUndefinedWellKnownLabels). nullptr: api::CoreWellKnownLabels().
  // Tests against the fake catalogue pass cloud::fake::WellKnownLabels().
  const api::LabelKeySet* well_known_labels = nullptr;
};

struct NewNodeClaim {
  std::string node_pool;
  const api::NodePool* node_pool_object = nullptr;
  // Pool, pod and topology requirements merged; the hostname placeholder is removed at the end of
  // the solve, as upstream's FinalizeScheduling does.
  api::Requirements requirements;
  cloud::InstanceTypes instance_type_options;  // launch preference first (cheapest), truncated
  std::vector<const api::Pod*> pods;           // in the order they were added
  api::ResourceList requests;                  // pods + DaemonSet overhead, with `pods` (count)
  std::string hostname;                        // placeholder, "hostname-placeholder-0000"...
};

struct PodError {
  const api::Pod* pod = nullptr;
  std::string reason;
};

struct Results {
  std::vector<NewNodeClaim> new_node_claims;  // in the order they were opened
  // Existing or in-flight nodes that received pods, in input order, with their new pods.
  std::vector<std::pair<std::string, std::vector<const api::Pod*>>> existing_nodes;
  std::vector<PodError> pod_errors;  // in the order the pods were given
};

struct SchedulerPass;  // scheduler_pass.h

class Scheduler {
 public:
  Scheduler(SchedulerInput input, SchedulerOptions options = {});
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Places `pods` (pointers borrowed; duplicates by uid are placed once). Fails only on inputs
  // the topology cannot compile (an invalid namespaceSelector).
  [[nodiscard]] Result<Results> Solve(std::span<const api::Pod* const> pods);

  // For the many simulations of one disruption pass ("the cluster minus the candidates, plus
  // their pods"): the same Results as a fresh Scheduler over this input with every existing node
  // i where excluded_existing[i] is true removed from input.existing_nodes (its pods then count
  // nowhere: pass those that must move in `pods`). `excluded_existing` is indexed like
  // input.existing_nodes; a shorter vector excludes nothing beyond its end.
  //
  // The first call builds what depends on the input alone (pools, instance-type filtering,
  // DaemonSet overhead, the existing nodes, the topology's domains, node labels, existing pods
  // and inverse anti-affinity groups) and keeps it; every call then builds only what depends on
  // its pods and exclusions. Pods requesting a resource no input object names are solved
  // afresh. The input must not change between calls. Mixing with Solve(pods) is fine.
  [[nodiscard]] Result<Results> Solve(std::span<const api::Pod* const> pods,
                                      const std::vector<bool>& excluded_existing);

  const SchedulerInput& input() const { return input_; }

 private:
  SchedulerInput input_;
  SchedulerOptions options_;
  std::unique_ptr<SchedulerPass> pass_;  // built by the first Solve(pods, excluded)
};

// Karpenter's IsProvisionable (pkg/utils/pod/scheduling.go): not bound to a node, not
// preempting (no nominatedNodeName), marked unschedulable by kube-scheduler (PodScheduled=False
// with reason Unschedulable), not owned by a DaemonSet or a Node (static pods), not terminal and
// not terminating. `require_unschedulable_condition = false` skips the condition check (a plan
// over manifests that never met kube-scheduler).
bool IsProvisionable(const api::Pod& pod, bool require_unschedulable_condition = true);

}  // namespace tidepool::scheduling
