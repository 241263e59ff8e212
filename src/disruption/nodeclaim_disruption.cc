#include "disruption/nodeclaim_disruption.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "api/karpenter/labels.h"
#include "api/requirements.h"
#include "api/well_known_labels.h"
#include "disruption/nodepool_hash.h"
#include "disruption/pod_rules.h"

namespace tidepool::disruption {
namespace {

const std::string* Find(const std::map<std::string, std::string>& m, std::string_view key) {
  auto it = m.find(std::string(key));
  return it == m.end() ? nullptr : &it->second;
}

std::optional<Time> ParseTime(std::string_view text) {
  if (text.empty()) return std::nullopt;
  Result<Time> t = Time::ParseRfc3339(text);
  if (!t) return std::nullopt;
  return *t;
}

std::optional<Duration> Min(std::optional<Duration> a, std::optional<Duration> b) {
  if (!a) return b;
  if (!b) return a;
  return std::min(*a, *b);
}

// The labels a reserved offering adds (the AWS provider's ReservedCapacityLabels). A reserved
// claim is compared without them: the provider, not drift, follows reservations.
const std::vector<std::string_view>& ReservedCapacityLabels() {
  static const std::vector<std::string_view> kLabels = {api::kLabelCapacityReservationId,
                                                        api::kLabelCapacityReservationType};
  return kLabels;
}

// AllowUndefinedWellKnownLabels plus the reservation labels, which upstream registers as
// well-known.
const api::CompatibilityOptions& OfferingCompatibility() {
  static const api::LabelKeySet kKeys = api::CoreWellKnownLabels().Union(
      api::LabelKeySet{api::kLabelCapacityReservationId, api::kLabelCapacityReservationType});
  static const api::CompatibilityOptions kOptions = api::AllowUndefinedWellKnownLabels(kKeys);
  return kOptions;
}

std::string CacheKey(const api::NodeClaim& claim) {
  return claim.metadata.uid.empty() ? claim.metadata.name : claim.metadata.uid;
}

}  // namespace

// ---- drift rules
// ----------------------------------------------------------------------------------

std::string_view StaticDriftReason(const api::NodePool& node_pool,
                                   const api::NodeClaim& node_claim) {
  const std::string* pool_hash = Find(node_pool.metadata.annotations, kNodePoolHashAnnotation);
  const std::string* pool_version =
      Find(node_pool.metadata.annotations, kNodePoolHashVersionAnnotation);
  const std::string* claim_hash = Find(node_claim.metadata.annotations, kNodePoolHashAnnotation);
  const std::string* claim_version =
      Find(node_claim.metadata.annotations, kNodePoolHashVersionAnnotation);
  if (!pool_hash || !pool_version || !claim_hash || !claim_version) return "";
  // Hashes of different versions are not comparable; the hash controller re-stamps the claim.
  if (*pool_version != *claim_version) return "";
  return *pool_hash != *claim_hash ? kDriftReasonNodePoolDrifted : "";
}

namespace {

std::string_view RequirementsDriftReason(const api::Requirements& pool,
                                         const api::NodeClaim& node_claim) {
  api::Requirements claim = api::Requirements::FromLabels(node_claim.metadata.labels);
  return claim.IsCompatible(pool) ? "" : kDriftReasonRequirementsDrifted;
}

}  // namespace

std::string_view RequirementsDriftReason(const api::NodePool& node_pool,
                                         const api::NodeClaim& node_claim) {
  return RequirementsDriftReason(
      api::Requirements::FromNodeSelectorRequirements(node_pool.spec.template_.spec.requirements),
      node_claim);
}

std::string_view InstanceTypeNotFoundReason(std::span<const cloud::InstanceTypePtr> instance_types,
                                            const api::NodeClaim& node_claim) {
  const std::string* name = Find(node_claim.metadata.labels, api::kLabelInstanceTypeStable);
  if (name == nullptr) return kDriftReasonInstanceTypeNotFound;
  auto it = std::find_if(instance_types.begin(), instance_types.end(),
                         [&](const cloud::InstanceTypePtr& t) { return t->name == *name; });
  if (it == instance_types.end()) return kDriftReasonInstanceTypeNotFound;

  api::Requirements requirements;
  const std::string* capacity_type = Find(node_claim.metadata.labels, api::kCapacityTypeLabelKey);
  if (capacity_type != nullptr && *capacity_type == api::kCapacityTypeReserved) {
    // A reserved claim can be demoted to on-demand after launch, before its label follows.
    std::map<std::string, std::string> labels = node_claim.metadata.labels;
    labels.erase(std::string(api::kCapacityTypeLabelKey));
    for (std::string_view key : ReservedCapacityLabels()) labels.erase(std::string(key));
    requirements = api::Requirements::FromLabels(labels);
    requirements.Add(api::Requirement::Make(
        api::kCapacityTypeLabelKey, api::NodeSelectorOperator::kIn,
        {std::string(api::kCapacityTypeReserved), std::string(api::kCapacityTypeOnDemand)}));
  } else {
    requirements = api::Requirements::FromLabels(node_claim.metadata.labels);
  }
  // Every offering counts, available or not: a temporarily unavailable one has not gone away.
  for (const cloud::Offering& offering : (*it)->offerings) {
    if (requirements.IsCompatible(offering.requirements, OfferingCompatibility())) return "";
  }
  return kDriftReasonInstanceTypeNotFound;
}

// ---- controller ---------------------------------------------------------------------------------

struct NodeClaimDisruptionController::PassCache {
  std::map<std::string, Result<cloud::InstanceTypes>, std::less<>> instance_types;
  // Each pool's template requirements, built once per pass rather than once per claim.
  std::map<std::string, api::Requirements, std::less<>> requirements;
};

NodeClaimDisruptionController::NodeClaimDisruptionController(const cluster::ClusterState& state,
                                                             cluster::NodeWriter& writer,
                                                             cloud::CloudProvider& cloud,
                                                             Clock& clock,
                                                             NodeClaimDisruptionOptions options)
    : state_(state), writer_(writer), cloud_(cloud), clock_(clock), options_(options) {}

Result<std::string> NodeClaimDisruptionController::DriftReason(const api::NodePool& node_pool,
                                                               const api::NodeClaim& claim,
                                                               PassCache& cache) {
  // The cheap checks first, before any call to the cloud.
  if (std::string_view r = StaticDriftReason(node_pool, claim); !r.empty()) return std::string(r);
  auto [requirements, built] = cache.requirements.try_emplace(node_pool.metadata.name);
  if (built) {
    requirements->second =
        api::Requirements::FromNodeSelectorRequirements(node_pool.spec.template_.spec.requirements);
  }
  if (std::string_view r = RequirementsDriftReason(requirements->second, claim); !r.empty()) {
    return std::string(r);
  }
  Time now = clock_.Now();
  std::string key = CacheKey(claim);
  auto found = instance_type_found_until_.find(key);
  bool recently_found = found != instance_type_found_until_.end() && now < found->second;
  std::optional<Time> created = ParseTime(claim.metadata.creation_timestamp);
  if (!recently_found && created && now - *created > options_.instance_type_check_min_age) {
    auto [entry, inserted] = cache.instance_types.try_emplace(node_pool.metadata.name);
    if (inserted) entry->second = cloud_.GetInstanceTypes(node_pool);
    if (!entry->second) return Fail(entry->second.error());
    std::string_view r = InstanceTypeNotFoundReason(*entry->second, claim);
    if (!r.empty()) return std::string(r);
    // Only a successful finding is remembered, so a transient gap in the catalogue is seen soon.
    instance_type_found_until_[key] = now + options_.instance_type_check_ttl;
  }
  return cloud_.IsDrifted(claim);
}

Result<std::optional<Duration>> NodeClaimDisruptionController::ReconcileDrift(
    const api::NodePool& node_pool, api::NodeClaim& claim, PassCache& cache) {
  if (!IsConditionTrue(claim, api::kConditionTypeLaunched)) {
    ClearCondition(claim, api::kConditionTypeDrifted);
    return std::optional<Duration>();
  }
  Result<std::string> reason = DriftReason(node_pool, claim, cache);
  if (!reason) return Fail(reason.error());
  if (reason->empty()) {
    ClearCondition(claim, api::kConditionTypeDrifted);
  } else {
    SetCondition(claim, api::kConditionTypeDrifted, api::kConditionTrue, *reason, *reason,
                 clock_.Now());
  }
  return std::optional<Duration>(options_.drift_requeue);
}

std::optional<Duration> NodeClaimDisruptionController::ReconcileConsolidatable(
    const api::NodePool& node_pool, api::NodeClaim& claim) const {
  NillableDuration consolidate_after = api::EffectiveConsolidateAfter(node_pool.spec.disruption);
  if (consolidate_after.never()) {
    ClearCondition(claim, api::kConditionTypeConsolidatable);
    return std::nullopt;
  }
  const api::StatusCondition* initialized = FindCondition(claim, api::kConditionTypeInitialized);
  if (initialized == nullptr || initialized->status != api::kConditionTrue) {
    ClearCondition(claim, api::kConditionTypeConsolidatable);
    return std::nullopt;
  }
  Time now = clock_.Now();
  if (IsUnderConsolidateAfter(node_pool, claim, now)) {
    // Read before clearing: erasing a condition may move the one `initialized` points to.
    std::optional<Time> since = ParseTime(claim.status.last_pod_event_time);
    if (!since) since = ParseTime(initialized->last_transition_time);
    ClearCondition(claim, api::kConditionTypeConsolidatable);
    // IsUnderConsolidateAfter only holds with a parseable time.
    return *since + *consolidate_after.value - now;
  }
  SetConditionTrue(claim, api::kConditionTypeConsolidatable, now);
  return std::nullopt;
}

Result<std::optional<Duration>> NodeClaimDisruptionController::ReconcileWith(
    const api::NodeClaim& node_claim, PassCache& cache) {
  if (!node_claim.metadata.deletion_timestamp.empty()) return std::optional<Duration>();
  const std::string* pool_name = Find(node_claim.metadata.labels, api::kNodePoolLabelKey);
  if (pool_name == nullptr) return std::optional<Duration>();
  const api::NodePool* node_pool = state_.Get<api::NodePool>("", *pool_name);
  if (node_pool == nullptr) return std::optional<Duration>();

  api::NodeClaim claim = node_claim;
  Result<std::optional<Duration>> drift = ReconcileDrift(*node_pool, claim, cache);
  std::optional<Duration> requeue = drift ? *drift : std::nullopt;
  // Static NodePools keep a fixed replica count: their claims are never consolidated.
  if (!node_pool->spec.replicas.has_value()) {
    requeue = Min(requeue, ReconcileConsolidatable(*node_pool, claim));
  }
  if (claim.status.conditions != node_claim.status.conditions) {
    Status written = writer_.UpdateNodeClaim(std::move(claim));
    if (!written && written.error().code() != ErrorCode::kNotFound) {
      return Fail(written.error());
    }
  }
  if (!drift) return Fail(drift.error());
  return requeue;
}

Result<std::optional<Duration>> NodeClaimDisruptionController::Reconcile(
    const api::NodeClaim& node_claim) {
  PassCache cache;
  return ReconcileWith(node_claim, cache);
}

Duration NodeClaimDisruptionController::Reconcile() {
  // Names first: a write replaces its claim in the store being iterated.
  std::vector<std::string> names;
  names.reserve(state_.Store<api::NodeClaim>().size());
  for (const auto& [key, claim] : state_.Store<api::NodeClaim>().items()) {
    names.push_back(claim.metadata.name);
  }

  // Forget findings that have lapsed (also those of claims that are gone).
  Time now = clock_.Now();
  std::erase_if(instance_type_found_until_, [&](const auto& e) { return e.second <= now; });

  PassCache cache;
  Duration next = options_.period;
  for (const std::string& name : names) {
    const api::NodeClaim* claim = state_.Get<api::NodeClaim>("", name);
    if (claim == nullptr) continue;
    Result<std::optional<Duration>> requeue = ReconcileWith(*claim, cache);
    // A failed claim is retried on the next period.
    if (requeue && requeue->has_value() && **requeue > Duration()) next = std::min(next, **requeue);
  }
  return next;
}

void NodeClaimDisruptionController::Start() {
  periodic_.Start([this] { return Reconcile(); });
}

}  // namespace tidepool::disruption
