// NodeClaim garbage collection (kubernetes-sigs/karpenter
// pkg/controllers/nodeclaim/garbagecollection/controller.go): deletes NodeClaims whose instance
// the cloud no longer has, e.g. a spot instance reclaimed or an instance terminated in the
// console behind Karpenter's back, so that their pods are rescheduled instead of waiting on a
// node that will never come back.
//
// One pass considers every NodeClaim that
//   - is not being deleted,
//   - has condition Registered True (a claim that never registered is left to the lifecycle
//     controller's registration timeout rather than to the cloud's word alone), and
//   - has status.providerID set,
// and asks CloudProvider::Get whether its instance exists. When Get says kNotFound, the claim is
// deleted (NodeWriter::DeleteNodeClaim), unless its Node (found by spec.providerID) is Ready=True:
// a Ready node means the kubelet is still heartbeating, so the cloud's answer is taken as stale
// (the same rule as the cloud node-lifecycle controller in kubernetes/kubernetes).
//
// The Node itself is not deleted here: as upstream, deleting the claim starts the termination
// flow (its karpenter.sh/termination finalizer), which drains and removes the Node.
//
// Upstream records no event for this, only a debug log ("garbage collecting nodeclaim with no
// cloudprovider representation") and the nodeclaims_disrupted_total metric with reason
// "garbage_collected"; here the log goes to spdlog at debug level and the metric is the
// garbage_collected() counter.
//
// Upstream lists every cloud instance once per pass (CloudProvider.List); this CloudProvider has
// no List, so a pass makes one Get per candidate claim instead. The result is the same for the
// claims it considers. Upstream's reverse direction (instances with no NodeClaim) lives in the
// providers (the AWS provider's instance garbage collection), not in this controller, and is not
// modelled.
//
// Reconcile returns the interval (2 minutes, as upstream) or, when a cloud call other than
// kNotFound or a delete failed, error_requeue so the failure is retried soon (upstream returns
// the error and controller-runtime requeues with backoff).
//
// Ownership: borrows everything it is given; they must outlive it. Not thread-safe: runs on the
// clock's dispatching thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cloud/cloud_provider.h"
#include "cluster/cluster_state.h"
#include "cluster/cluster_writer.h"
#include "cluster/node_writer.h"
#include "core/clock.h"
#include "core/duration.h"
#include "core/periodic_run.h"

namespace tidepool::lifecycle {

struct GarbageCollectionOptions {
  // Upstream's RequeueAfter.
  Duration interval = Duration::Minutes(2);
  // How soon a pass that hit an error runs again.
  Duration error_requeue = Duration::Seconds(10);
};

class NodeClaimGarbageCollectionController {
 public:
  NodeClaimGarbageCollectionController(const cluster::ClusterState& state,
                                       cluster::NodeWriter& writer, cluster::ClusterWriter& events,
                                       cloud::CloudProvider& cloud, Clock& clock,
                                       GarbageCollectionOptions options = {});
  // Cancels the pending run, if started.
  ~NodeClaimGarbageCollectionController() = default;
  NodeClaimGarbageCollectionController(const NodeClaimGarbageCollectionController&) = delete;
  NodeClaimGarbageCollectionController& operator=(const NodeClaimGarbageCollectionController&) =
      delete;

  // One pass over every NodeClaim. Returns when to run again.
  Duration Reconcile();
  // Runs Reconcile on the clock now and then as it asks, rescheduling itself.
  void Start();

  // Counters for tests and the simulator's summary.
  uint64_t garbage_collected() const { return garbage_collected_; }
  uint64_t errors() const { return errors_; }

 private:
  // Whether `node_claim` has a Ready=True Node (by providerID).
  bool HasReadyNode(const api::NodeClaim& node_claim) const;

  const cluster::ClusterState& state_;
  cluster::NodeWriter& writer_;
  // Kept for the controller convention; upstream records no event here.
  [[maybe_unused]] cluster::ClusterWriter& events_;
  cloud::CloudProvider& cloud_;
  Clock& clock_;
  const GarbageCollectionOptions options_;
  // Names of the claims one pass deletes, collected before deleting so the store is not changed
  // while it is iterated; reused across passes.
  std::vector<std::string> doomed_;
  PeriodicRun periodic_{clock_};
  uint64_t garbage_collected_ = 0;
  uint64_t errors_ = 0;
};

}  // namespace tidepool::lifecycle
