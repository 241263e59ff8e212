// The Node finalizer controller (kubernetes-sigs/karpenter
// pkg/controllers/node/termination/controller.go). For a Node being deleted that still carries
// the karpenter.sh/termination finalizer, one reconcile:
//   1. deletes the Node's NodeClaim if it is not already deleting;
//   2. when the Node is not Ready and the cloud says its instance is gone (kNotFound), removes
//      the finalizer at once: there is nothing left to drain;
//   3. taints it karpenter.sh/disrupted:NoSchedule and labels it
//      node.kubernetes.io/exclude-from-external-load-balancers=karpenter;
//   4. drains it (Terminator, EvictionQueue), with the NodeClaim's Drained condition Unknown
//      ("Draining") meanwhile, and waits MinDrainTime (5 s) after that condition went Unknown
//      to catch pods bound just before the taint, then sets Drained True;
//   5. (volume attachments are not modelled: VolumesDetached is set True at once);
//   6. calls CloudProvider::Delete with InstanceTerminating True, every 5 s until kNotFound;
//   7. removes the finalizer, which deletes the Node.
// The node's deadline is the NodeClaim's karpenter.sh/nodeclaim-termination-timestamp
// annotation (stamped by the NodeClaim controller from terminationGracePeriod), if any.
//
// Controller convention: ReconcileNode is one level-based pass over one Node; Reconcile is one
// pass over every deleting Node, honouring each Node's requested requeue time, and returns when
// it wants to run again; Start schedules Reconcile on the Clock and keeps rescheduling it. The
// idle period stands in for the Node watch that triggers upstream's reconciles.
//
// Ownership: borrows the state, writers, cloud and clock (they must outlive it); owns its
// eviction queue. Not thread-safe: the Clock's dispatching thread.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "api/k8s/node.h"
#include "api/karpenter/nodeclaim.h"
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
#include "termination/terminator.h"

namespace tidepool::termination {

struct NodeTerminationOptions {
  Duration min_drain_time = Duration::Seconds(5);  // MinDrainTime
  Duration drain_requeue = Duration::Seconds(1);   // while pods remain
  Duration instance_termination_requeue = Duration::Seconds(5);
  Duration error_requeue = Duration::Seconds(1);
  Duration idle_period = Duration::Seconds(1);  // Reconcile's period when nothing is due sooner
  EvictionQueueOptions eviction;
};

class NodeTerminationController {
 public:
  NodeTerminationController(const cluster::ClusterState& state, cluster::NodeWriter& writer,
                            cluster::ClusterWriter& events, cloud::CloudProvider& cloud,
                            Clock& clock, NodeTerminationOptions options = {});
  ~NodeTerminationController() = default;
  NodeTerminationController(const NodeTerminationController&) = delete;
  NodeTerminationController& operator=(const NodeTerminationController&) = delete;

  // One reconcile of the Node `name`: nullopt when there is nothing (more) to do, else when to
  // run again. Errors name the failing step.
  [[nodiscard]] Result<Requeue> ReconcileNode(std::string_view name);
  // One pass over every deleting Node with the finalizer that is due. Failures are recorded as
  // FailedTermination events and retried after error_requeue.
  Duration Reconcile();
  void Start();

  EvictionQueue& queue() { return queue_; }

 private:
  // Each step returns nullopt to go on to the next one, or the requeue that stops this pass.
  Requeue AwaitDrain(api::NodeClaim* node_claim, std::string_view node_name,
                     std::optional<Time> deadline);
  [[nodiscard]] Result<Requeue> AwaitInstanceTermination(api::NodeClaim* node_claim);
  [[nodiscard]] Status RemoveFinalizer(std::string_view node_name);
  [[nodiscard]] Result<std::optional<Time>> NodeTerminationTime(std::string_view node_name,
                                                                const api::NodeClaim* node_claim);

  const cluster::ClusterState& state_;
  cluster::NodeWriter& writer_;
  cloud::CloudProvider& cloud_;
  Clock& clock_;
  const NodeTerminationOptions options_;
  TerminationEvents events_;
  EvictionQueue queue_;
  Terminator terminator_;
  RequeueSchedule schedule_;
  PeriodicRun periodic_{clock_};
};

}  // namespace tidepool::termination
