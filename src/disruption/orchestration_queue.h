// The orchestration queue (kubernetes-sigs/karpenter pkg/controllers/disruption/queue.go):
// carries out disruption commands.
//
// StartCommand (upstream Queue.StartCommand):
//   1. taints every candidate Node karpenter.sh/disrupted:NoSchedule and sets the NodeClaim's
//      DisruptionReason condition (True, reason = the disruption reason). A candidate that cannot
//      be marked is dropped from a delete command; a replace command fails;
//   2. creates the replacement NodeClaims (ReplacementNodeClaim) through NodeWriter;
//   3. only then enqueues the command: its nodes count as being deleted from now on (the
//      provisioner's and the simulator's marked-for-deletion), so nothing launches twice.
// Reconcile (upstream waitOrTerminate), per command: a replacement NodeClaim that is gone fails
// the command (an ICE or a liveness timeout); until every replacement is Initialized the
// command waits (DisruptionLaunching and DisruptionWaitingReadiness events on the replacement);
// then every candidate NodeClaim is deleted (DisruptionTerminating on node and claim) and the
// command succeeds. A command older than clamp(80ms x queued nodes, 10 min, 1 h) fails. A
// failed command un-taints its nodes and clears their DisruptionReason condition.
//
// Ownership: entries hold names, never pointers into the ClusterState. Not thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/karpenter/nodeclaim.h"
#include "api/well_known_labels.h"
#include "cluster/cluster_state.h"
#include "cluster/cluster_writer.h"
#include "cluster/node_writer.h"
#include "core/clock.h"
#include "core/duration.h"
#include "core/status.h"
#include "disruption/candidates.h"
#include "disruption/disruption_events.h"
#include "disruption/types.h"
#include "scheduling/scheduler.h"

namespace tidepool::disruption {

struct QueueOptions {
  Duration period = Duration::Seconds(1);  // upstream's base requeue delay
  Duration retry_scale = Duration::Milliseconds(80);
  Duration min_retry = Duration::Minutes(10);
  Duration max_retry = Duration::Hours(1);
  int max_instance_types = 60;  // launch truncation of a replacement's options
  // Given to replacements whose NodePool sets no terminationGracePeriod, as the provisioner does
  // (upstream DefaultTerminationGracePeriod, unset by default).
  std::optional<Duration> default_termination_grace_period;
  // Labels every instance type defines (not copied from requirements to claim labels); nullptr:
  // the core well-known labels.
  const api::LabelKeySet* well_known_labels = nullptr;
};

// The NodeClaim to create for a simulated replacement, built as the provisioner builds its
// claims (upstream creates replacements through Provisioner.CreateNodeClaims): lifecycle's
// ToNodeClaim from `node_pool` as it is now (nullptr: no template, owner or hash), plus the
// pool's karpenter.sh/nodepool-hash annotations (StampNodeClaimHash(NodePoolHash(pool))), so
// replacements carry the hash exactly as provisioned claims do.
api::NodeClaim ReplacementNodeClaim(const scheduling::NewNodeClaim& claim,
                                    const api::NodePool* node_pool, const QueueOptions& options);

// Adds (`add`) or removes the karpenter.sh/disrupted:NoSchedule taint on a node (no write when
// nothing changes; kNotFound when the node is gone).
[[nodiscard]] Status RequireDisruptedTaint(const cluster::ClusterState& state,
                                           cluster::NodeWriter& writer, std::string_view node,
                                           bool add);
// Sets (`reason` non-empty) or removes the DisruptionReason condition of a NodeClaim.
[[nodiscard]] Status SetDisruptionReason(const cluster::ClusterState& state,
                                         cluster::NodeWriter& writer, std::string_view node_claim,
                                         std::string_view reason, Time now);

class OrchestrationQueue : public DisruptingNodes {
 public:
  struct Replacement {
    std::string name;
    bool initialized = false;
  };
  struct Entry {
    uint64_t id = 0;
    Reason reason = Reason::kEmpty;
    std::string method;
    Time created;
    std::vector<std::string> nodes;        // candidate Node names
    std::vector<std::string> node_claims;  // their NodeClaims, same order
    std::vector<Replacement> replacements;
    std::string explanation;  // Command::Explain() at start
  };

  OrchestrationQueue(const cluster::ClusterState& state, cluster::NodeWriter& writer,
                     cluster::ClusterWriter& events, Clock& clock, QueueOptions options = {},
                     DecisionLog* log = nullptr);

  // Steps 1-3 above. Fails when a candidate is already queued, nothing could be marked, or a
  // replacement could not be created (marks stay; the controller's cleanup removes them).
  [[nodiscard]] Status StartCommand(const Command& command);
  // One pass over every command; returns when to run again.
  Duration Reconcile();
  // Runs Reconcile every options.period on the clock.
  void Start();

  bool HasAny(std::string_view node_name) const override {
    return by_node_.find(node_name) != by_node_.end();
  }
  bool empty() const { return entries_.empty(); }
  const std::map<uint64_t, Entry>& entries() const { return entries_; }
  uint64_t succeeded() const { return succeeded_; }
  uint64_t failed() const { return failed_; }
  // Upstream GetMaxRetryDuration: clamp(retry_scale x queued nodes, min_retry, max_retry).
  Duration MaxRetryDuration() const { return RetryDuration(by_node_.size(), options_); }
  static Duration RetryDuration(size_t queued_nodes, const QueueOptions& options);

 private:
  enum class Step { kWaiting, kSucceeded, kFailed };
  Step WaitOrTerminate(Entry& entry, std::string& why);
  void Complete(uint64_t id, bool succeeded, const std::string& why);

  const cluster::ClusterState& state_;
  cluster::NodeWriter& writer_;
  Clock& clock_;
  const QueueOptions options_;
  DisruptionEvents events_;
  DecisionLog* log_;
  std::map<uint64_t, Entry> entries_;
  std::map<std::string, uint64_t, std::less<>> by_node_;
  uint64_t next_id_ = 1;
  uint64_t succeeded_ = 0;
  uint64_t failed_ = 0;
};

}  // namespace tidepool::disruption
