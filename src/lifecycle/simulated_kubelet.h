// The simulated world's kubelets (not a Karpenter controller): what happens on an instance after
// the SimulatedCloudProvider launches it, so that the NodeClaim lifecycle controller has Nodes to
// register and initialise.
//
// Timeline of one instance, measured from its launch time in the cloud:
//   launch + registration_delay            the Node object appears (the kubelet registers):
//                                          name = the claim's name (or the instance id),
//                                          labels = the claim's plus
//                                          kubernetes.io/hostname, taints = the claim's taints and
//                                          startupTaints plus karpenter.sh/unregistered:NoExecute
//                                          (what Karpenter's user data passes to
//                                          --register-with-taints), spec.providerID, capacity and
//                                          allocatable from the claim's status, Ready=False;
//   ... + ready_delay                      Ready=True (KubeletReady);
//   ... + startup_taint_delay              the claim's startupTaints are removed (the daemon that
//                                          owns them has started).
// A Node whose instance is gone from the cloud (terminated behind Karpenter's back, or deleted)
// turns Ready=Unknown (NodeStatusUnknown), as the node lifecycle controller marks a node whose
// kubelet stopped posting status.
//
// Only claims and Nodes whose providerID belongs to the given cloud are touched. Claims being
// deleted get no Node (their instance is on its way out; registering one would race the
// termination flow that just deleted it).
//
// Level-based like a controller: every pass recomputes what should exist from the claims, the
// Nodes and the cloud's instances, so the result does not depend on how often it runs; Start()
// runs a pass when the next deadline is due (at most poll_interval apart).
//
// Ownership: borrows everything it is given. Not thread-safe: runs on the clock's dispatching
// thread.
#pragma once

#include <cstdint>
#include <set>
#include <string>

#include "cloud/simulated_cloud_provider.h"
#include "cluster/cluster_state.h"
#include "cluster/node_writer.h"
#include "core/clock.h"
#include "core/duration.h"
#include "core/periodic_run.h"

namespace tidepool::lifecycle {

struct SimulatedKubeletOptions {
  Duration registration_delay = Duration::Seconds(30);
  Duration ready_delay = Duration::Seconds(10);
  Duration startup_taint_delay = Duration::Seconds(5);
  // The longest Start() waits between passes.
  Duration poll_interval = Duration::Seconds(1);
  // Name Nodes after the instance id (the providerID's last segment, as EC2 nodes get names that
  // are not their claim's) instead of after the claim.
  bool name_nodes_after_instance = false;
};

class SimulatedKubelet {
 public:
  SimulatedKubelet(const cluster::ClusterState& state, cluster::NodeWriter& writer,
                   const cloud::SimulatedCloudProvider& cloud, Clock& clock,
                   SimulatedKubeletOptions options = {});
  ~SimulatedKubelet() = default;
  SimulatedKubelet(const SimulatedKubelet&) = delete;
  SimulatedKubelet& operator=(const SimulatedKubelet&) = delete;

  // One pass over claims and Nodes. Returns when the next step of some instance is due (capped by
  // poll_interval).
  Duration Reconcile();
  void Start();

  // Fault injection: the instance boots but its kubelet never joins the cluster (bad user data,
  // no route to the API server), so Karpenter's registration timeout has to clean up.
  void NeverRegister(std::string provider_id) { never_register_.insert(std::move(provider_id)); }

  uint64_t nodes_created() const { return nodes_created_; }
  uint64_t nodes_ready() const { return nodes_ready_; }
  uint64_t nodes_lost() const { return nodes_lost_; }

 private:
  // Creates Nodes for launched claims that are due; updates `next`.
  void RegisterNodes(Duration& next);
  // Readiness, startup taints and lost instances; updates `next`.
  void UpdateNodes(Duration& next);

  const cluster::ClusterState& state_;
  cluster::NodeWriter& writer_;
  const cloud::SimulatedCloudProvider& cloud_;
  Clock& clock_;
  const SimulatedKubeletOptions options_;
  std::set<std::string, std::less<>> never_register_;
  PeriodicRun periodic_{clock_};
  uint64_t nodes_created_ = 0;
  uint64_t nodes_ready_ = 0;
  uint64_t nodes_lost_ = 0;
};

}  // namespace tidepool::lifecycle
