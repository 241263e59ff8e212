#include "operator/node_operator.h"

#include <utility>

namespace tidepool::node_operator {
namespace {

// Fills in what the components must agree on and the caller left unset.
NodeOperatorOptions Resolve(NodeOperatorOptions options) {
  if (const api::LabelKeySet* labels = options.well_known_labels; labels != nullptr) {
    if (options.provisioner.well_known_labels == nullptr) {
      options.provisioner.well_known_labels = labels;
    }
    if (options.disruption.simulator.scheduler.well_known_labels == nullptr) {
      options.disruption.simulator.scheduler.well_known_labels = labels;
    }
    if (options.disruption.queue.well_known_labels == nullptr) {
      options.disruption.queue.well_known_labels = labels;
    }
  }
  // Claims carry the hash of the NodePool they were solved from, or drift could never be seen
  // (upstream's NodeClaimTemplate stamps karpenter.sh/nodepool-hash).
  if (!options.provisioner.decorate_node_claim) {
    options.provisioner.decorate_node_claim = [](const api::NodePool& pool, api::NodeClaim& claim) {
      disruption::StampNodeClaimHash(claim, disruption::NodePoolHash(pool));
    };
  }
  // Replacements are NodeClaims like any other: upstream launches them through the provisioner,
  // so they get its default terminationGracePeriod too.
  if (!options.disruption.queue.default_termination_grace_period.has_value()) {
    options.disruption.queue.default_termination_grace_period =
        options.provisioner.default_termination_grace_period;
  }
  return options;
}

// The interruption controller's marker: the cloud itself when it implements the interface,
// else the simulated cloud's cache, else none.
std::unique_ptr<lifecycle::UnavailableOfferingsMarker> OwnedMarker(
    cloud::CloudProvider& cloud, cloud::SimulatedCloudProvider* simulated) {
  if (dynamic_cast<lifecycle::OfferingMarker*>(&cloud) != nullptr || simulated == nullptr) {
    return nullptr;
  }
  return std::make_unique<lifecycle::UnavailableOfferingsMarker>(
      simulated->unavailable_offerings());
}

lifecycle::OfferingMarker* Marker(cloud::CloudProvider& cloud,
                                  lifecycle::UnavailableOfferingsMarker* owned) {
  if (auto* marker = dynamic_cast<lifecycle::OfferingMarker*>(&cloud); marker != nullptr) {
    return marker;
  }
  return owned;
}

}  // namespace

NodeOperator::NodeOperator(cluster::ClusterState& state, Clock& clock, cloud::CloudProvider& cloud,
                           NodeOperatorOptions options)
    : NodeOperator(state, clock, cloud, nullptr, std::move(options)) {}

NodeOperator::NodeOperator(cluster::ClusterState& state, Clock& clock,
                           cloud::SimulatedCloudProvider& cloud, NodeOperatorOptions options)
    : NodeOperator(state, clock, cloud, &cloud, std::move(options)) {}

NodeOperator::NodeOperator(cluster::ClusterState& state, Clock& clock, cloud::CloudProvider& cloud,
                           cloud::SimulatedCloudProvider* simulated, NodeOperatorOptions options)
    : options_(Resolve(std::move(options))),
      owned_marker_(OwnedMarker(cloud, simulated)),
      provisioner_(state, state, state, cloud, clock, options_.provisioner),
      node_claim_lifecycle_(state, state, state, cloud, clock, options_.node_claim_lifecycle),
      interruption_(state, state, state, clock, &interruption_queue_,
                    Marker(cloud, owned_marker_.get()), options_.interruption),
      garbage_collection_(state, state, state, cloud, clock, options_.garbage_collection),
      disruption_(state, state, state, cloud, clock, options_.disruption,
                  disruption::DefaultMethods),
      node_claim_disruption_(state, state, cloud, clock, options_.node_claim_disruption),
      expiration_(state, state, state, clock, options_.expiration),
      node_pool_hash_(
          state, state,
          [&state](api::NodePool pool) { return state.UpdateNodePool(std::move(pool)); }, clock,
          options_.node_pool_hash),
      node_termination_(state, state, state, cloud, clock, options_.node_termination),
      node_claim_termination_(state, state, state, cloud, clock, options_.node_claim_termination) {
  if (!options_.simulate_world) return;
  kube_scheduler_ =
      std::make_unique<lifecycle::KubeScheduler>(state, clock, options_.kube_scheduler);
  workloads_ = std::make_unique<lifecycle::WorkloadController>(state, clock, options_.workloads);
  if (simulated != nullptr) {
    kubelet_ = std::make_unique<lifecycle::SimulatedKubelet>(state, state, *simulated, clock,
                                                             options_.kubelet);
  }
}

void NodeOperator::Start() {
  if (workloads_ != nullptr) workloads_->Start();
  if (kube_scheduler_ != nullptr) kube_scheduler_->Start();
  if (kubelet_ != nullptr) kubelet_->Start();
  node_pool_hash_.Start();
  provisioner_.Start();
  node_claim_lifecycle_.Start();
  node_claim_disruption_.Start();
  disruption_.Start();
  expiration_.Start();
  interruption_.Start();
  garbage_collection_.Start();
  node_termination_.Start();
  node_claim_termination_.Start();
}

}  // namespace tidepool::node_operator
