#include "lifecycle/garbage_collection.h"

#include <spdlog/spdlog.h>

#include <string_view>

#include "api/k8s/node.h"
#include "api/karpenter/nodeclaim.h"
#include "api/karpenter/nodeclaim_conditions.h"
#include "core/status.h"
#include "lifecycle/nodeclaim_lifecycle.h"

namespace tidepool::lifecycle {
NodeClaimGarbageCollectionController::NodeClaimGarbageCollectionController(
    const cluster::ClusterState& state, cluster::NodeWriter& writer, cluster::ClusterWriter& events,
    cloud::CloudProvider& cloud, Clock& clock, GarbageCollectionOptions options)
    : state_(state),
      writer_(writer),
      events_(events),
      cloud_(cloud),
      clock_(clock),
      options_(options) {}

bool NodeClaimGarbageCollectionController::HasReadyNode(const api::NodeClaim& node_claim) const {
  const api::Node* node = state_.NodeByProviderId(node_claim.status.provider_id);
  if (node == nullptr) return false;
  for (const api::NodeCondition& c : node->status.conditions) {
    if (c.type == api::kNodeReady) return c.status == api::kConditionTrue;
  }
  return false;
}

Duration NodeClaimGarbageCollectionController::Reconcile() {
  bool failed = false;
  doomed_.clear();
  for (const auto& [key, node_claim] : state_.Store<api::NodeClaim>().items()) {
    if (!node_claim.metadata.deletion_timestamp.empty()) continue;
    if (node_claim.status.provider_id.empty() ||
        !api::IsConditionTrue(node_claim, api::kConditionTypeRegistered))
      continue;
    const Status exists = cloud_.Get(node_claim);
    if (exists) continue;
    if (exists.error().code() != ErrorCode::kNotFound) {
      // Upstream's List failing fails the whole pass; one claim's lookup failing here only
      // postpones that claim.
      spdlog::error("nodeclaim.garbagecollection: getting instance of nodeclaim {}: {}",
                    node_claim.metadata.name, exists.error().message());
      failed = true;
      continue;
    }
    if (HasReadyNode(node_claim)) continue;
    doomed_.push_back(node_claim.metadata.name);
  }
  for (const std::string& name : doomed_) {
    // Deleting can remove the claim (no finalizers), so log from a copy of what is needed first.
    const api::NodeClaim* node_claim = state_.Get<api::NodeClaim>("", name);
    if (node_claim == nullptr) continue;
    const std::string node_name = node_claim->status.node_name;
    const std::string provider_id = node_claim->status.provider_id;
    if (Status deleted = writer_.DeleteNodeClaim(name);
        !deleted && deleted.error().code() != ErrorCode::kNotFound) {
      spdlog::error("nodeclaim.garbagecollection: deleting nodeclaim {}: {}", name,
                    deleted.error().message());
      failed = true;
      continue;
    }
    ++garbage_collected_;
    spdlog::debug(
        "nodeclaim.garbagecollection: garbage collecting nodeclaim with no cloudprovider "
        "representation NodeClaim={} Node={} provider-id={}",
        name, node_name, provider_id);
  }
  if (failed) {
    ++errors_;
    return options_.error_requeue;
  }
  return options_.interval;
}

void NodeClaimGarbageCollectionController::Start() {
  periodic_.Start([this] { return Reconcile(); });
}

}  // namespace tidepool::lifecycle
