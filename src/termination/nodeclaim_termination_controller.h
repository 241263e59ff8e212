// The NodeClaim finalizer (kubernetes-sigs/karpenter pkg/controllers/nodeclaim/lifecycle/
// controller.go finalize). For a NodeClaim being deleted that still carries the
// karpenter.sh/termination finalizer, one reconcile:
//   1. stamps karpenter.sh/nodeclaim-termination-timestamp = deletionTimestamp +
//      spec.terminationGracePeriod (once; an existing value is kept) and records
//      TerminationGracePeriodExpiring: the Node controller force-deletes pods against it;
//   2. when the claim is Registered, deletes its Node(s) (same providerID) and waits for them
//      to go: the Node finalizer (NodeTerminationController) drains them;
//   3. when the claim was launched (status.providerID set), calls CloudProvider::Delete with
//      InstanceTerminating True, every 5 s until kNotFound;
//   4. removes the finalizer, which deletes the claim.
// A claim that never registered has its Nodes left alone (upstream avoids deleting Nodes that
// lack the finalizer); a claim never launched skips the cloud.
//
// Controller convention as NodeTerminationController: ReconcileNodeClaim for one claim,
// Reconcile for one pass over the deleting claims (returns when to run again), Start to run on
// the Clock. The idle period stands in for the NodeClaim and Node watches upstream relies on.
//
// Ownership: borrows everything it is given. Not thread-safe.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "cloud/cloud_provider.h"
#include "cluster/cluster_state.h"
#include "cluster/cluster_writer.h"
#include "cluster/node_writer.h"
#include "core/clock.h"
#include "core/duration.h"
#include "core/periodic_run.h"
#include "core/status.h"
#include "termination/events.h"
#include "termination/eviction_queue.h"
#include "termination/requeue_schedule.h"

namespace tidepool::termination {

struct NodeClaimTerminationOptions {
  Duration instance_termination_requeue = Duration::Seconds(5);
  Duration error_requeue = Duration::Seconds(1);
  Duration idle_period = Duration::Seconds(1);
};

class NodeClaimTerminationController {
 public:
  NodeClaimTerminationController(const cluster::ClusterState& state, cluster::NodeWriter& writer,
                                 cluster::ClusterWriter& events, cloud::CloudProvider& cloud,
                                 Clock& clock, NodeClaimTerminationOptions options = {});
  ~NodeClaimTerminationController() = default;
  NodeClaimTerminationController(const NodeClaimTerminationController&) = delete;
  NodeClaimTerminationController& operator=(const NodeClaimTerminationController&) = delete;

  [[nodiscard]] Result<Requeue> ReconcileNodeClaim(std::string_view name);
  Duration Reconcile();
  void Start();

 private:
  [[nodiscard]] Status EnsureTerminationTimestamp(std::string_view name);
  // Deletes the claim's Nodes that are not yet deleting; returns how many Nodes remain.
  [[nodiscard]] Result<size_t> DeleteNodes(std::string_view name);

  const cluster::ClusterState& state_;
  cluster::NodeWriter& writer_;
  cloud::CloudProvider& cloud_;
  Clock& clock_;
  const NodeClaimTerminationOptions options_;
  TerminationEvents events_;
  RequeueSchedule schedule_;
  PeriodicRun periodic_{clock_};
};

}  // namespace tidepool::termination
