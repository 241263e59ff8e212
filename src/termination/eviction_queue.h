// The eviction queue of the termination flow (kubernetes-sigs/karpenter
// pkg/controllers/node/termination/terminator/eviction.go): pods a draining node wants gone,
// each removed on the Clock's dispatching thread by one of two paths:
//
//  - eviction (the policy/v1 Eviction subresource through NodeWriter::EvictPod), which honours
//    PodDisruptionBudgets. A pod a budget protects (kUnavailable, HTTP 429) or that several
//    budgets select (kInternal) stays queued, a FailedDraining event is recorded on its node, and
//    it is retried with per-pod exponential backoff from 100 ms to 10 s. A pod with an active
//    karpenter.sh/do-not-disrupt annotation is not evicted; it stays queued under the same
//    backoff until the annotation lapses or the deadline below forces it.
//  - force deletion (NodeWriter::DeletePod), bypassing budgets and do-not-disrupt, once the pod's
//    own terminationGracePeriodSeconds no longer fits before its node's termination deadline
//    (NeedsForceDelete). A Disrupted event says so.
//
// A pod is identified by (namespace, name, uid): a new pod that reuses a name is not the queued
// one, and its stale entry is dropped. Terminal and terminating pods leave the queue without an
// eviction (a terminating pod whose deletion would end after the deadline is force-deleted). Every
// queued pod has one timer on the Clock; Add schedules a new pod at once.
//
// Ownership: borrows the cluster state, writer, event sink and clock, which must outlive the
// queue; the destructor cancels the queue's timers. Not thread-safe: one dispatching thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>

#include "api/k8s/pod.h"
#include "cluster/cluster_state.h"
#include "cluster/node_writer.h"
#include "core/clock.h"
#include "core/duration.h"
#include "core/status.h"
#include "core/time.h"
#include "termination/events.h"

namespace tidepool::termination {

// Whether `pod` must be deleted now, bypassing budgets, to leave the node by `node_deadline`:
// a running pod whose terminationGracePeriodSeconds reaches past the deadline (now >= deadline -
// grace), or a terminating pod whose deletion would complete after it. Never without a deadline
// or, for a running pod, without terminationGracePeriodSeconds.
bool NeedsForceDelete(const api::Pod& pod, std::optional<Time> node_deadline, Time now);

// What one reconcile of one object asks for: nullopt when done, else run again after the delay.
using Requeue = std::optional<Duration>;

struct EvictionQueueOptions {
  Duration base_delay = Duration::Milliseconds(100);  // evictionQueueBaseDelay
  Duration max_delay = Duration::Seconds(10);         // evictionQueueMaxDelay
};

class EvictionQueue {
 public:
  EvictionQueue(const cluster::ClusterState& state, cluster::NodeWriter& writer,
                TerminationEvents& events, Clock& clock, EvictionQueueOptions options = {});
  ~EvictionQueue();
  EvictionQueue(const EvictionQueue&) = delete;
  EvictionQueue& operator=(const EvictionQueue&) = delete;

  // Queues `pods` with their node's termination deadline (nullopt: none, never force). A pod
  // already queued keeps the earlier of its deadlines, so a force deletion is never downgraded;
  // when the tighter deadline makes it due for force deletion, it runs at once.
  void Add(std::optional<Time> node_deadline, std::span<const api::Pod* const> pods);
  bool Has(const api::Pod& pod) const;
  size_t size() const { return items_.size(); }

  // One attempt for the queued pod (namespace, name) now, as its timer would run it: nullopt
  // when it left the queue (evicted, deleted, gone, terminal), else the retry delay (the timer
  // is rescheduled accordingly). Errors other than budget refusals are returned and retried.
  // Not queued: nullopt.
  [[nodiscard]] Result<Requeue> Reconcile(std::string_view ns, std::string_view name);

 private:
  struct Item {
    std::string uid;
    std::optional<Time> deadline;
    int failures = 0;
    TimerId timer = 0;
    Time due;
  };
  using Key = std::tuple<std::string, std::string>;  // (namespace, name)
  using Items = std::map<Key, Item, std::less<>>;

  void Schedule(Items::iterator it, Time due);
  void Run(const Key& key);
  Result<Requeue> Attempt(Items::iterator it);
  Result<Requeue> Evict(Items::iterator it, const api::Pod& pod);
  Result<Requeue> ForceDelete(Items::iterator it, const api::Pod& pod);
  // Exponential backoff for the item's next retry, counting this failure; capped by the
  // time the pod (with terminationGracePeriodSeconds `grace_seconds`) becomes due for force
  // deletion.
  Duration Backoff(Item& item, std::optional<int64_t> grace_seconds);
  // The DisruptionReason of the node's NodeClaim, else "Forceful Termination" ("" without one).
  std::string EvictionReason(std::string_view node_name) const;

  const cluster::ClusterState& state_;
  cluster::NodeWriter& writer_;
  TerminationEvents& events_;
  Clock& clock_;
  const EvictionQueueOptions options_;
  Items items_;
};

}  // namespace tidepool::termination
