// The node layer in one object: every Karpenter controller tidepool runs for nodes, wired to one
// ClusterState, one Clock and one CloudProvider (what Karpenter's operator.go and
// controllers.go assemble), plus, on request, the simulated world they act on.
//
// Controllers (each with the controller convention: a one-pass Reconcile and a Start that keeps
// rescheduling itself on the clock):
//   provisioning   lifecycle::Provisioner (claims stamped with their NodePool's hash),
//                  lifecycle::NodeClaimLifecycleController, lifecycle::InterruptionController
//                  (an in-memory interruption queue; offerings marked unavailable in the cloud's
//                  cache when the cloud is simulated or implements lifecycle::OfferingMarker),
//                  lifecycle::NodeClaimGarbageCollectionController;
//   disruption     disruption::Controller (upstream's method order: Emptiness, Drift, multi-node
//                  and single-node consolidation), disruption::NodeClaimDisruptionController
//                  (Drifted and Consolidatable conditions), disruption::ExpirationController,
//                  disruption::NodePoolHashController (writes NodePools through
//                  NodeWriter::UpdateNodePool);
//   termination    termination::NodeTerminationController and NodeClaimTerminationController.
// The simulated world (options.simulate_world): lifecycle::KubeScheduler (binds pods),
// lifecycle::WorkloadController (Deployments' pods, evicted pods recreated pending) and, when the
// cloud is a cloud::SimulatedCloudProvider, lifecycle::SimulatedKubelet (Nodes for instances).
//
// Options left unset that every component needs the same way (the catalogue's well-known labels)
// are filled in from NodeOperatorOptions::well_known_labels, so one setting keeps the provisioner,
// the disruption simulator and the replacement claims in agreement.
//
// Ownership: borrows the state, clock and cloud (they must outlive the operator); owns the
// controllers. Some controllers leave their timer scheduled when destroyed: do not advance the
// clock after the operator is gone. Not thread-safe: everything runs on the clock's dispatching
// thread.
#pragma once

#include <memory>

#include "api/well_known_labels.h"
#include "cloud/cloud_provider.h"
#include "cloud/simulated_cloud_provider.h"
#include "cluster/cluster_state.h"
#include "core/clock.h"
#include "disruption/controller.h"
#include "disruption/expiration.h"
#include "disruption/nodeclaim_disruption.h"
#include "disruption/nodepool_hash.h"
#include "lifecycle/garbage_collection.h"
#include "lifecycle/interruption.h"
#include "lifecycle/kube_scheduler.h"
#include "lifecycle/nodeclaim_lifecycle.h"
#include "lifecycle/provisioner.h"
#include "lifecycle/simulated_kubelet.h"
#include "lifecycle/workload_controller.h"
#include "termination/node_termination_controller.h"
#include "termination/nodeclaim_termination_controller.h"

namespace tidepool::node_operator {

struct NodeOperatorOptions {
  // Labels every instance type of the catalogue defines; copied into the provisioner, the
  // disruption simulator and the orchestration queue where those leave theirs unset.
  const api::LabelKeySet* well_known_labels = nullptr;

  lifecycle::ProvisionerOptions provisioner;
  lifecycle::NodeClaimLifecycleOptions node_claim_lifecycle;
  lifecycle::InterruptionOptions interruption;
  lifecycle::GarbageCollectionOptions garbage_collection;
  disruption::ControllerOptions disruption;
  disruption::NodeClaimDisruptionOptions node_claim_disruption;
  disruption::ExpirationOptions expiration;
  disruption::NodePoolHashOptions node_pool_hash;
  termination::NodeTerminationOptions node_termination;
  termination::NodeClaimTerminationOptions node_claim_termination;

  // The simulated world: kube-scheduler, workload controllers and (with a simulated cloud)
  // kubelets.
  bool simulate_world = false;
  lifecycle::KubeSchedulerOptions kube_scheduler;
  lifecycle::WorkloadControllerOptions workloads;
  lifecycle::SimulatedKubeletOptions kubelet;
};

class NodeOperator {
 public:
  // A cloud that is not simulated: no kubelets even with simulate_world.
  NodeOperator(cluster::ClusterState& state, Clock& clock, cloud::CloudProvider& cloud,
               NodeOperatorOptions options = {});
  // The simulated cloud: its unavailable-offerings cache takes interruption marks, and
  // simulate_world adds its kubelets.
  NodeOperator(cluster::ClusterState& state, Clock& clock, cloud::SimulatedCloudProvider& cloud,
               NodeOperatorOptions options = {});
  NodeOperator(const NodeOperator&) = delete;
  NodeOperator& operator=(const NodeOperator&) = delete;

  // Starts every controller (the simulated world first, so the first passes see its state).
  void Start();

  lifecycle::Provisioner& provisioner() { return provisioner_; }
  lifecycle::NodeClaimLifecycleController& node_claim_lifecycle() { return node_claim_lifecycle_; }
  lifecycle::InterruptionController& interruption() { return interruption_; }
  lifecycle::InMemoryInterruptionQueue& interruption_queue() { return interruption_queue_; }
  lifecycle::NodeClaimGarbageCollectionController& garbage_collection() {
    return garbage_collection_;
  }
  disruption::Controller& disruption() { return disruption_; }
  disruption::NodeClaimDisruptionController& node_claim_disruption() {
    return node_claim_disruption_;
  }
  disruption::ExpirationController& expiration() { return expiration_; }
  disruption::NodePoolHashController& node_pool_hash() { return node_pool_hash_; }
  termination::NodeTerminationController& node_termination() { return node_termination_; }
  termination::NodeClaimTerminationController& node_claim_termination() {
    return node_claim_termination_;
  }
  // Null unless simulate_world (the kubelet also needs a simulated cloud).
  lifecycle::KubeScheduler* kube_scheduler() { return kube_scheduler_.get(); }
  lifecycle::WorkloadController* workloads() { return workloads_.get(); }
  lifecycle::SimulatedKubelet* kubelet() { return kubelet_.get(); }

  const NodeOperatorOptions& options() const { return options_; }

 private:
  NodeOperator(cluster::ClusterState& state, Clock& clock, cloud::CloudProvider& cloud,
               cloud::SimulatedCloudProvider* simulated, NodeOperatorOptions options);

  const NodeOperatorOptions options_;
  // The offering marker the interruption controller uses when the cloud is simulated.
  std::unique_ptr<lifecycle::UnavailableOfferingsMarker> owned_marker_;
  lifecycle::InMemoryInterruptionQueue interruption_queue_;

  lifecycle::Provisioner provisioner_;
  lifecycle::NodeClaimLifecycleController node_claim_lifecycle_;
  lifecycle::InterruptionController interruption_;
  lifecycle::NodeClaimGarbageCollectionController garbage_collection_;
  disruption::Controller disruption_;
  disruption::NodeClaimDisruptionController node_claim_disruption_;
  disruption::ExpirationController expiration_;
  disruption::NodePoolHashController node_pool_hash_;
  termination::NodeTerminationController node_termination_;
  termination::NodeClaimTerminationController node_claim_termination_;

  std::unique_ptr<lifecycle::KubeScheduler> kube_scheduler_;
  std::unique_ptr<lifecycle::WorkloadController> workloads_;
  std::unique_ptr<lifecycle::SimulatedKubelet> kubelet_;
};

}  // namespace tidepool::node_operator
