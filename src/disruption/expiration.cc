#include "disruption/expiration.h"

#include <algorithm>
#include <string>
#include <vector>

#include "cluster/object_key.h"

namespace tidepool::disruption {
namespace {

constexpr std::string_view kReasonDisruptionTerminating = "DisruptionTerminating";

}  // namespace

std::optional<Time> ExpirationTime(const api::NodeClaim& node_claim) {
  NillableDuration expire_after = api::EffectiveExpireAfter(node_claim.spec.expire_after);
  if (expire_after.never()) return std::nullopt;
  Result<Time> created = Time::ParseRfc3339(node_claim.metadata.creation_timestamp);
  if (!created) return std::nullopt;
  return *created + *expire_after.value;
}

ExpirationController::ExpirationController(const cluster::ClusterState& state,
                                           cluster::NodeWriter& writer,
                                           cluster::ClusterWriter& events, Clock& clock,
                                           ExpirationOptions options)
    : state_(state), writer_(writer), events_(events), clock_(clock), options_(options) {}

Result<std::optional<Duration>> ExpirationController::Reconcile(const api::NodeClaim& node_claim) {
  if (!node_claim.metadata.deletion_timestamp.empty()) return std::optional<Duration>();
  std::optional<Time> expires = ExpirationTime(node_claim);
  if (!expires) return std::optional<Duration>();
  Time now = clock_.Now();
  if (now < *expires) return std::optional<Duration>(*expires - now);

  // Copies: the delete may remove the claim the reference points to.
  std::string name = node_claim.metadata.name;
  std::string node_name = node_claim.status.node_name;
  Status deleted = writer_.DeleteNodeClaim(name);
  if (!deleted) {
    if (deleted.error().code() == ErrorCode::kNotFound) return std::optional<Duration>();
    return Fail(deleted.error());
  }
  if (!node_name.empty() && state_.Get<api::Node>("", node_name) != nullptr) {
    events_.RecordEvent(cluster::ObjectReference{"Node", "", node_name}, "Normal",
                        kReasonDisruptionTerminating, "Disrupting Node: Expired");
  }
  events_.RecordEvent(cluster::ObjectReference{"NodeClaim", "", name}, "Normal",
                      kReasonDisruptionTerminating, "Disrupting NodeClaim: Expired");
  return std::optional<Duration>();
}

Duration ExpirationController::Reconcile() {
  // Names first: a delete may remove a claim from the store being iterated.
  std::vector<std::string> names;
  names.reserve(state_.Store<api::NodeClaim>().size());
  for (const auto& [key, claim] : state_.Store<api::NodeClaim>().items()) {
    names.push_back(claim.metadata.name);
  }
  Duration next = options_.max_period;
  for (const std::string& name : names) {
    const api::NodeClaim* claim = state_.Get<api::NodeClaim>("", name);
    if (claim == nullptr) continue;
    Result<std::optional<Duration>> requeue = Reconcile(*claim);
    // A failed delete is retried on the next pass.
    if (requeue && requeue->has_value()) next = std::min(next, **requeue);
  }
  return next;
}

void ExpirationController::Start() {
  periodic_.Start([this] { return Reconcile(); });
}

}  // namespace tidepool::disruption
