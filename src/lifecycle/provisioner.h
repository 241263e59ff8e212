// The provisioner (kubernetes-sigs/karpenter pkg/controllers/provisioning: provisioner.go,
// batcher.go, controller.go; scheduling/nodeclaimtemplate.go): launches NodeClaims for pods that
// kube-scheduler could not place.
//
// Batching: provisionable pods (SchedulerInputFromCluster's pending_pods) and nodes marked for
// deletion (deleting, or tainted karpenter.sh/disrupted: their pods need room) trigger a batch,
// each again every `requeue_interval` while it stays so (upstream's pod and node trigger
// controllers requeue after 10 s). A batch opens on the first trigger and closes when no new
// element has arrived for `batch_idle_duration` or when `batch_max_duration` has passed since it
// opened; then one provisioning pass runs. Without a watch, Reconcile looks for triggers every
// `poll_interval`; Trigger() lets a caller that sees a pod appear say so at once.
//
// A provisioning pass (Provision): build the scheduler input from the cluster, solve the pending
// pods plus the pods of deleting nodes, then
//   - pods that fit nowhere get a Warning FailedScheduling event "Failed to schedule pod, <why>"
//     (repeated at most every 5 minutes per pod and reason, as upstream dedupes it);
//   - pending pods placed on an existing or in-flight node are nominated to it
//     (status.nominatedNodeName, and a Normal Nominated event "Pod should schedule on: ...");
//     the pods of deleting nodes are not nominated (they move when evicted) but their room is
//     planned for;
//   - each new claim is created (upstream NodeClaimTemplate.ToNodeClaim, see ToNodeClaim) unless
//     its NodePool's limits are already exceeded by the pool's launched claims, and its pods are
//     nominated to it by the claim's name.
// A nominated pod is not provisionable (upstream IsPreempting) but counts on its nominee in every
// later simulation, so the capacity is not promised twice; if the nominee disappears or starts
// deleting (IsNominationLive) the pod triggers and is provisioned for again. kube-scheduler
// (KubeScheduler here) binds it once the node is ready. Upstream instead keeps the nomination in
// memory (Cluster.NominateNodeForPod) and re-solves the pod every pass.
//
// Not thread-safe: runs on the clock's dispatching thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "api/karpenter/nodeclaim.h"
#include "api/well_known_labels.h"
#include "cloud/cloud_provider.h"
#include "cluster/cluster_state.h"
#include "cluster/cluster_writer.h"
#include "cluster/node_writer.h"
#include "core/clock.h"
#include "core/duration.h"
#include "core/status.h"
#include "lifecycle/nodeclaim_template.h"
#include "lifecycle/scheduler_input_from_cluster.h"
#include "scheduling/scheduler.h"

namespace tidepool::lifecycle {

struct ProvisionerOptions {
  Duration batch_idle_duration = Duration::Seconds(1);  // BATCH_IDLE_DURATION
  Duration batch_max_duration = Duration::Seconds(10);  // BATCH_MAX_DURATION
  // How often a pod (or disrupted node) that stays provisionable triggers again.
  Duration requeue_interval = Duration::Seconds(10);
  // How often Reconcile looks for new triggers while no batch is due.
  Duration poll_interval = Duration::Seconds(1);
  // False: pods need not carry kube-scheduler's Unschedulable condition (no kube-scheduler).
  bool require_unschedulable_condition = true;
  int max_instance_types = 60;          // launch truncation (scheduler.MaxInstanceTypes)
  bool min_values_best_effort = false;  // MIN_VALUES_POLICY=BestEffort
  bool ignore_preferences = false;      // PREFERENCE_POLICY=Ignore
  // Labels every instance type defines (see SchedulerOptions); nullptr: the core set.
  const api::LabelKeySet* well_known_labels = nullptr;
  // Given to claims whose NodePool sets no terminationGracePeriod (upstream
  // DefaultTerminationGracePeriod, unset by default).
  std::optional<Duration> default_termination_grace_period;
  // Called on every claim before it is created, with the NodePool it was solved from: where the
  // NodePool hash annotations are stamped (upstream NodeClaimTemplate sets
  // karpenter.sh/nodepool-hash from the pool it was built from). The wiring passes
  // disruption::StampNodeClaimHash(claim, disruption::NodePoolHash(pool)); unset: no hash.
  std::function<void(const api::NodePool&, api::NodeClaim&)> decorate_node_claim;
};

struct ProvisionResult {
  std::vector<std::string> created;  // NodeClaim names, in the solver's order
  size_t pods = 0;                   // pending and deleting-node pods simulated
  size_t nominated = 0;              // pods nominated to existing or in-flight nodes
  size_t failed = 0;                 // pods that fit nowhere
  // Claims not created: "<pool>: <why>" (limits exceeded, a create error).
  std::vector<std::string> errors;
};

// What CreateNodeClaims did: one name per claim given ("" where it was not created) and why the
// others were not ("<pool>: <why>").
struct CreatedNodeClaims {
  std::vector<std::string> names;
  std::vector<std::string> errors;
};

class Provisioner {
 public:
  Provisioner(const cluster::ClusterState& state, cluster::NodeWriter& writer,
              cluster::ClusterWriter& events, cloud::CloudProvider& cloud, Clock& clock,
              ProvisionerOptions options = {});

  // Adds an element (a pod or node uid) to the current batch, opening one if none is open. An
  // element already in the batch does not extend it.
  void Trigger(std::string_view uid);
  // Looks for triggers; provisions when the batch is due. Returns when to run again.
  Duration Reconcile();
  // One provisioning pass now, without batching (upstream Schedule + CreateNodeClaims).
  [[nodiscard]] Result<ProvisionResult> Provision();
  // Upstream Provisioner.CreateNodeClaims: creates claims a solve planned (each checked against
  // its NodePool's limits, built by ToNodeClaim, decorated). With `nominate`, the claims'
  // pending pods are nominated to them (the provisioner's own launches); disruption launches
  // replacements without.
  CreatedNodeClaims CreateNodeClaims(std::span<const scheduling::NewNodeClaim> claims,
                                     bool nominate);
  // Schedules Reconcile on the clock, rescheduling itself.
  void Start();

  bool batch_open() const { return batch_open_; }
  uint64_t passes() const { return passes_; }

 private:
  // Triggers for provisionable pods and disrupted nodes not triggered in the last
  // requeue_interval.
  void ObserveTriggers(Time now);
  void TriggerIfDue(std::string_view uid, Time now);
  void RecordFailure(const api::Pod& pod, const std::string& reason, Time now);
  void Nominate(const api::Pod& pod, const std::string& target, std::string_view message);
  [[nodiscard]] Status CheckLimits(const api::NodePool& pool) const;
  void Run();

  const cluster::ClusterState& state_;
  cluster::NodeWriter& writer_;
  cluster::ClusterWriter& events_;
  cloud::CloudProvider& cloud_;
  Clock& clock_;
  const ProvisionerOptions options_;

  bool batch_open_ = false;
  Time batch_start_;
  Time last_trigger_;
  std::unordered_set<std::string> batch_;
  // uid -> when it last triggered and the observation that last saw it (entries not seen by the
  // latest observation are dropped).
  struct Seen {
    Time triggered;
    uint64_t generation = 0;
  };
  // Heterogeneous lookup: observing pods every poll allocates only for pods not seen before.
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, Seen, StringHash, std::equal_to<>> seen_;
  uint64_t generation_ = 0;
  // pod uid -> (reason, time) of its last FailedScheduling event.
  std::unordered_map<std::string, std::pair<std::string, Time>, StringHash, std::equal_to<>>
      failures_;
  uint64_t passes_ = 0;
};

}  // namespace tidepool::lifecycle
