#include "core/timer_queue.h"

namespace tidepool {

TimerId TimerQueue::Add(Time deadline, std::function<void()> callback) {
  const uint64_t seq = next_sequence_++;
  timers_.emplace(Key{deadline, seq}, std::move(callback));
  by_id_.emplace(seq, Key{deadline, seq});
  return seq;
}

bool TimerQueue::Cancel(TimerId id) {
  auto it = by_id_.find(id);
  if (it == by_id_.end()) return false;
  timers_.erase(it->second);
  by_id_.erase(it);
  return true;
}

std::optional<Time> TimerQueue::NextDeadline() const {
  if (timers_.empty()) return std::nullopt;
  return timers_.begin()->first.first;
}

std::optional<std::pair<Time, std::function<void()>>> TimerQueue::PopDue(Time now) {
  if (timers_.empty() || timers_.begin()->first.first > now) return std::nullopt;
  auto node = timers_.extract(timers_.begin());
  by_id_.erase(node.key().second);
  return std::make_pair(node.key().first, std::move(node.mapped()));
}

}  // namespace tidepool
