// The ordered set of pending timers shared by SimulatedClock and RealClock: by deadline, then by
// the sequence number given at scheduling time, so equal deadlines fire in scheduling order.
// Not thread-safe; owners lock around it.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <unordered_map>
#include <utility>

#include "core/clock.h"

namespace tidepool {

class TimerQueue {
 public:
  TimerId Add(Time deadline, std::function<void()> callback);
  bool Cancel(TimerId id);
  bool empty() const { return timers_.empty(); }
  size_t size() const { return timers_.size(); }
  std::optional<Time> NextDeadline() const;
  // Removes and returns the first timer due at or before `now`, if any.
  std::optional<std::pair<Time, std::function<void()>>> PopDue(Time now);

 private:
  using Key = std::pair<Time, uint64_t>;  // (deadline, sequence)
  std::map<Key, std::function<void()>> timers_;
  std::unordered_map<TimerId, Key> by_id_;
  uint64_t next_sequence_ = 1;
};

}  // namespace tidepool
