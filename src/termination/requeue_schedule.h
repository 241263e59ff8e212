// The pass both termination controllers run over the objects waiting on the
// karpenter.sh/termination finalizer: a stand-in for controller-runtime's workqueue, where each
// reconcile may ask to be requeued after a delay.
//
// RequeueSchedule remembers, per object name, the earliest time its next reconcile is due. RunPass
// forgets names that are no longer listed, skips those not yet due, reconciles the rest and
// records what they asked for; a failed reconcile is reported and retried after error_requeue.
//
// Not thread-safe: the Clock's dispatching thread.
#pragma once

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "cluster/cluster_state.h"
#include "core/duration.h"
#include "core/status.h"
#include "core/time.h"
#include "termination/eviction_queue.h"
#include "termination/finalizer.h"

namespace tidepool::termination {

// The names (sorted, as the store iterates) of the T objects that are being deleted and still
// carry the termination finalizer. Names are collected first because reconciling replaces and
// removes objects of the store being iterated.
template <class T>
std::vector<std::string> NamesAwaitingTermination(const cluster::ClusterState& state) {
  std::vector<std::string> names;
  for (const auto& [key, object] : state.Store<T>().items()) {
    if (AwaitsTermination(object.metadata)) names.push_back(key.name);
  }
  return names;
}

class RequeueSchedule {
 public:
  // One pass over `names` (sorted). `reconcile(name)` returns Result<Requeue>; `on_error(name,
  // error)` is told of failures. Returns when the next pass is due: `idle` or sooner.
  template <class ReconcileFn, class ErrorFn>
  Duration RunPass(Time now, const std::vector<std::string>& names, Duration idle,
                   Duration error_requeue, ReconcileFn&& reconcile, ErrorFn&& on_error) {
    std::erase_if(not_before_, [&](const auto& entry) {
      return !std::ranges::binary_search(names, entry.first);
    });
    Duration next = idle;
    for (const std::string& name : names) {
      auto due = not_before_.find(name);
      if (due != not_before_.end() && now < due->second) {
        next = std::min(next, due->second - now);
        continue;
      }
      Result<Requeue> result = reconcile(name);
      Requeue requeue;
      if (result) {
        requeue = *result;
      } else {
        on_error(name, result.error());
        requeue = error_requeue;
      }
      if (requeue) {
        not_before_.insert_or_assign(name, now + *requeue);
        next = std::min(next, *requeue);
      } else {
        not_before_.erase(name);
      }
    }
    return next;
  }

 private:
  // Name -> the earliest time its next reconcile is due (a workqueue's RequeueAfter).
  std::map<std::string, Time, std::less<>> not_before_;
};

}  // namespace tidepool::termination
