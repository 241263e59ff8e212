#include "lifecycle/simulated_kubelet.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "api/tolerations.h"
#include "api/well_known_labels.h"

namespace tidepool::lifecycle {
namespace {

constexpr std::string_view kTrue = "True";

void SetReady(api::Node& node, std::string_view status, std::string_view reason,
              std::string_view message, Time now) {
  const std::string stamp = now.ToRfc3339();
  for (api::NodeCondition& c : node.status.conditions) {
    if (c.type != api::kNodeReady) continue;
    if (c.status != status) c.last_transition_time = stamp;
    c.status = std::string(status);
    c.reason = std::string(reason);
    c.message = std::string(message);
    c.last_heartbeat_time = stamp;
    return;
  }
  api::NodeCondition c;
  c.type = api::kNodeReady;
  c.status = std::string(status);
  c.reason = std::string(reason);
  c.message = std::string(message);
  c.last_heartbeat_time = stamp;
  c.last_transition_time = stamp;
  node.status.conditions.push_back(std::move(c));
}

// The last path segment of a provider id ("sim:///zone/i-01" -> "i-01").
std::string_view InstanceId(std::string_view provider_id) {
  const size_t slash = provider_id.rfind('/');
  return slash == std::string_view::npos ? provider_id : provider_id.substr(slash + 1);
}

api::Node NodeFor(const api::NodeClaim& node_claim, std::string name, Time now) {
  api::Node node;
  node.api_version = "v1";
  node.kind = "Node";
  node.metadata.name = std::move(name);
  node.metadata.labels = node_claim.metadata.labels;
  node.metadata.labels[std::string(api::kLabelHostname)] = node.metadata.name;
  node.spec.provider_id = node_claim.status.provider_id;
  node.spec.taints = node_claim.spec.taints;
  node.spec.taints.insert(node.spec.taints.end(), node_claim.spec.startup_taints.begin(),
                          node_claim.spec.startup_taints.end());
  api::Taint unregistered;
  unregistered.key = std::string(api::kUnregisteredTaintKey);
  unregistered.effect = api::kTaintEffectNoExecute;
  node.spec.taints.push_back(std::move(unregistered));
  node.status.capacity = node_claim.status.capacity;
  node.status.allocatable = node_claim.status.allocatable;
  SetReady(node, "False", "KubeletNotReady", "kubelet is starting", now);
  return node;
}

// `at` is due now; else `next` shrinks to the time until it.
bool Due(Time at, Time now, Duration& next) {
  if (at <= now) return true;
  next = std::min(next, at - now);
  return false;
}

}  // namespace

SimulatedKubelet::SimulatedKubelet(const cluster::ClusterState& state, cluster::NodeWriter& writer,
                                   const cloud::SimulatedCloudProvider& cloud, Clock& clock,
                                   SimulatedKubeletOptions options)
    : state_(state), writer_(writer), cloud_(cloud), clock_(clock), options_(options) {}

Duration SimulatedKubelet::Reconcile() {
  Duration next = options_.poll_interval;
  RegisterNodes(next);
  UpdateNodes(next);
  return next;
}

void SimulatedKubelet::RegisterNodes(Duration& next) {
  const Time now = clock_.Now();
  // Collected first: creating Nodes re-indexes the claims being iterated.
  std::vector<api::Node> due;
  for (const auto& [key, node_claim] : state_.Store<api::NodeClaim>().items()) {
    const std::string& provider_id = node_claim.status.provider_id;
    if (provider_id.empty() || !node_claim.metadata.deletion_timestamp.empty()) continue;
    if (!cloud_.Owns(provider_id) || state_.NodeByProviderId(provider_id) != nullptr) continue;
    if (!never_register_.empty() && never_register_.contains(provider_id)) continue;
    const cloud::SimulatedInstance* instance = cloud_.FindInstance(provider_id);
    if (instance == nullptr) continue;
    if (!Due(instance->launch_time + options_.registration_delay, now, next)) continue;
    std::string name = options_.name_nodes_after_instance ? std::string(InstanceId(provider_id))
                                                          : node_claim.metadata.name;
    // A Node of that name from another instance blocks registration until it goes.
    if (state_.Get<api::Node>("", name) != nullptr) continue;
    due.push_back(NodeFor(node_claim, std::move(name), now));
  }
  for (api::Node& node : due) {
    if (writer_.CreateNode(std::move(node))) ++nodes_created_;
  }
}

void SimulatedKubelet::UpdateNodes(Duration& next) {
  const Time now = clock_.Now();
  const Duration to_ready = options_.registration_delay + options_.ready_delay;
  const Duration to_untainted = to_ready + options_.startup_taint_delay;
  std::vector<api::Node> updates;
  for (const auto& [key, node] : state_.Store<api::Node>().items()) {
    const std::string& provider_id = node.spec.provider_id;
    if (provider_id.empty() || !cloud_.Owns(provider_id)) continue;
    const cloud::SimulatedInstance* instance = cloud_.FindInstance(provider_id);
    const std::string ready = node.ReadyStatus();
    if (instance == nullptr) {
      if (ready == "Unknown") continue;
      api::Node lost = node;
      SetReady(lost, "Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status.", now);
      updates.push_back(std::move(lost));
      ++nodes_lost_;
      continue;
    }
    bool make_ready = false;
    if (ready != kTrue) {
      if (!Due(instance->launch_time + to_ready, now, next)) continue;
      make_ready = true;
    }
    const api::NodeClaim* node_claim = state_.NodeClaimByProviderId(provider_id);
    const auto is_startup = [&](const api::Taint& taint) {
      return std::ranges::any_of(node_claim->spec.startup_taints,
                                 [&](const api::Taint& s) { return api::MatchTaint(s, taint); });
    };
    const bool untaint = node_claim != nullptr && !node_claim->spec.startup_taints.empty() &&
                         std::ranges::any_of(node.spec.taints, is_startup) &&
                         Due(instance->launch_time + to_untainted, now, next);
    if (!make_ready && !untaint) continue;
    api::Node updated = node;
    if (make_ready) {
      SetReady(updated, kTrue, "KubeletReady", "kubelet is posting ready status", now);
      ++nodes_ready_;
    }
    if (untaint) std::erase_if(updated.spec.taints, is_startup);
    updates.push_back(std::move(updated));
  }
  for (api::Node& node : updates) {
    (void)writer_.UpdateNode(std::move(node));  // a Node deleted meanwhile needs nothing
  }
}

void SimulatedKubelet::Start() {
  periodic_.Start([this] { return Reconcile(); });
}

}  // namespace tidepool::lifecycle
