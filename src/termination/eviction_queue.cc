#include "termination/eviction_queue.h"

#include <algorithm>
#include <utility>

#include "api/karpenter/nodeclaim_conditions.h"
#include "disruption/pod_rules.h"

namespace tidepool::termination {

namespace {

// The eviction subresource's message for a pod that several budgets select; upstream matches it
// to tell this refusal from other internal errors.
constexpr std::string_view kMultiplePdbsMessage =
    "This pod has more than one PodDisruptionBudget, which the eviction subresource does not "
    "support.";

std::optional<Time> Earlier(std::optional<Time> a, std::optional<Time> b) {
  if (!a) return b;
  if (!b) return a;
  return std::min(*a, *b);
}

// When a running pod with terminationGracePeriodSeconds `grace` becomes due for force deletion;
// nullopt when it never does.
std::optional<Time> ForceDeleteAt(std::optional<int64_t> grace, std::optional<Time> deadline) {
  if (!deadline || !grace) return std::nullopt;
  return *deadline - Duration::Seconds(*grace);
}

}  // namespace

bool NeedsForceDelete(const api::Pod& pod, std::optional<Time> node_deadline, Time now) {
  if (!node_deadline) return false;
  if (disruption::IsTerminating(pod)) {
    // Upstream IsPodEligibleForForcedEviction: its deletion would complete after the deadline.
    Result<Time> deleting = Time::ParseRfc3339(pod.metadata.deletion_timestamp);
    return deleting && *deleting > *node_deadline;
  }
  std::optional<Time> at = ForceDeleteAt(pod.spec.termination_grace_period_seconds, node_deadline);
  return at && now >= *at;
}

EvictionQueue::EvictionQueue(const cluster::ClusterState& state, cluster::NodeWriter& writer,
                             TerminationEvents& events, Clock& clock, EvictionQueueOptions options)
    : state_(state), writer_(writer), events_(events), clock_(clock), options_(options) {}

EvictionQueue::~EvictionQueue() {
  for (auto& [key, item] : items_) clock_.Cancel(item.timer);
}

void EvictionQueue::Add(std::optional<Time> node_deadline, std::span<const api::Pod* const> pods) {
  Time now = clock_.Now();
  for (const api::Pod* pod : pods) {
    auto it = items_.find(std::tuple<std::string_view, std::string_view>(pod->metadata.namespace_,
                                                                         pod->metadata.name));
    if (it != items_.end() && it->second.uid != pod->metadata.uid) {
      // A new pod under an old name: the old entry's pod is gone.
      clock_.Cancel(it->second.timer);
      items_.erase(it);
      it = items_.end();
    }
    if (it == items_.end()) {
      Item item;
      item.uid = pod->metadata.uid;
      item.deadline = node_deadline;
      it = items_.emplace(Key(pod->metadata.namespace_, pod->metadata.name), std::move(item)).first;
      Schedule(it, now);
      continue;
    }
    Item& item = it->second;
    item.deadline = Earlier(item.deadline, node_deadline);
    // A tighter deadline may make a pod waiting on backoff due for force deletion sooner.
    std::optional<Time> at =
        ForceDeleteAt(pod->spec.termination_grace_period_seconds, item.deadline);
    if (at && *at < item.due) {
      Schedule(it, std::max(*at, now));
    }
  }
}

bool EvictionQueue::Has(const api::Pod& pod) const {
  auto it = items_.find(
      std::tuple<std::string_view, std::string_view>(pod.metadata.namespace_, pod.metadata.name));
  return it != items_.end() && it->second.uid == pod.metadata.uid;
}

void EvictionQueue::Schedule(Items::iterator it, Time due) {
  Item& item = it->second;
  if (item.timer != 0) clock_.Cancel(item.timer);
  item.due = due;
  // The key is copied into the callback: the iterator may be invalidated before it runs.
  item.timer = clock_.ScheduleAt(due, [this, key = it->first] { Run(key); });
}

void EvictionQueue::Run(const Key& key) {
  auto it = items_.find(key);
  if (it == items_.end()) return;
  it->second.timer = 0;
  // Errors are retried under the same backoff as refusals; Attempt reschedules.
  (void)Attempt(it);
}

Result<Requeue> EvictionQueue::Reconcile(std::string_view ns, std::string_view name) {
  auto it = items_.find(std::tuple<std::string_view, std::string_view>(ns, name));
  if (it == items_.end()) return std::nullopt;
  return Attempt(it);
}

Result<Requeue> EvictionQueue::Attempt(Items::iterator it) {
  const api::Pod* found = state_.Get<api::Pod>(std::get<0>(it->first), std::get<1>(it->first));
  if (found == nullptr || found->metadata.uid != it->second.uid) {
    clock_.Cancel(it->second.timer);
    items_.erase(it);
    return std::nullopt;
  }
  // Eviction and deletion remove the stored pod: read what the backoff needs first.
  const api::Pod& pod = *found;
  const std::optional<int64_t> grace = pod.spec.termination_grace_period_seconds;
  Time now = clock_.Now();
  Result<Requeue> result;
  if (NeedsForceDelete(pod, it->second.deadline, now)) {
    result = ForceDelete(it, pod);
  } else if (!disruption::IsActive(pod)) {
    result = std::nullopt;
  } else {
    if (!pod.metadata.annotations.empty()) events_.DoNotDisrupt(pod, now);
    if (!disruption::IsEvictable(pod, now)) {
      // do-not-disrupt: wait under backoff until it lapses or the deadline forces the pod.
      result = Backoff(it->second, grace);
    } else {
      result = Evict(it, pod);
    }
  }
  if (result && !result->has_value()) {
    clock_.Cancel(it->second.timer);
    items_.erase(it);
    return result;
  }
  Duration delay = result ? **result : Backoff(it->second, grace);
  Schedule(it, now + delay);
  return result;
}

Result<Requeue> EvictionQueue::Evict(Items::iterator it, const api::Pod& pod) {
  // The eviction removes the stored pod: keep what the events name.
  const std::string ns = pod.metadata.namespace_;
  const std::string name = pod.metadata.name;
  const std::string node_name = pod.spec.node_name;
  const std::optional<int64_t> grace = pod.spec.termination_grace_period_seconds;
  Status evicted = writer_.EvictPod(ns, name);
  if (evicted) {
    events_.EvictPod(ns, name, EvictionReason(node_name));
    return std::nullopt;
  }
  const Error& error = evicted.error();
  if (error.code() == ErrorCode::kNotFound) return std::nullopt;
  bool multiple = error.code() == ErrorCode::kInternal && error.message() == kMultiplePdbsMessage;
  if (error.code() == ErrorCode::kUnavailable || multiple) {
    events_.EvictionRefused(node_name, multiple, ns, name);
    return Backoff(it->second, grace);
  }
  return Fail(error.WithContext("evicting pod " + ns + "/" + name));
}

Result<Requeue> EvictionQueue::ForceDelete(Items::iterator it, const api::Pod& pod) {
  Time now = clock_.Now();
  Time deadline = *it->second.deadline;
  // Upstream clamps the delete's grace period to what is left before the deadline, at least 1s
  // (0 would be a force deletion from etcd). The model removes the pod at once; the value is
  // reported in the event.
  int64_t grace = std::max<int64_t>((deadline - now).nanoseconds() / 1'000'000'000, 1);
  // Recorded before the deletion, as upstream does, while the pod can still be read.
  events_.DisruptPodDelete(pod, grace, deadline);
  const std::string ns = pod.metadata.namespace_;
  const std::string name = pod.metadata.name;
  Status deleted = writer_.DeletePod(ns, name);
  if (deleted || deleted.error().code() == ErrorCode::kNotFound) return std::nullopt;
  return Fail(deleted.error().WithContext("force-deleting pod " + ns + "/" + name));
}

Duration EvictionQueue::Backoff(Item& item, std::optional<int64_t> grace) {
  Duration delay = options_.base_delay;
  for (int i = 0; i < item.failures && delay < options_.max_delay; ++i) delay = delay * 2;
  delay = std::min(delay, options_.max_delay);
  ++item.failures;
  Time now = clock_.Now();
  if (std::optional<Time> at = ForceDeleteAt(grace, item.deadline); at && *at > now) {
    delay = std::min(delay, *at - now);
  }
  return delay;
}

std::string EvictionQueue::EvictionReason(std::string_view node_name) const {
  if (node_name.empty()) return "";
  const api::NodeClaim* claim = state_.NodeClaimForNode(node_name);
  if (claim == nullptr) return "";
  const api::StatusCondition* reason = FindCondition(*claim, api::kConditionTypeDisruptionReason);
  if (reason != nullptr && reason->status == api::kConditionTrue) return reason->reason;
  return "Forceful Termination";
}

}  // namespace tidepool::termination
