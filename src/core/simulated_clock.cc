#include "core/simulated_clock.h"

namespace tidepool {

TimerId SimulatedClock::ScheduleAt(Time deadline, std::function<void()> callback) {
  return timers_.Add(deadline < now_ ? now_ : deadline, std::move(callback));
}

size_t SimulatedClock::AdvanceTo(Time until) {
  size_t ran = 0;
  while (auto due = timers_.PopDue(until)) {
    now_ = due->first;
    due->second();
    ++ran;
  }
  if (until > now_) now_ = until;
  return ran;
}

bool SimulatedClock::RunNext() {
  std::optional<Time> next = timers_.NextDeadline();
  if (!next) return false;
  AdvanceTo(*next);
  return true;
}

size_t SimulatedClock::RunUntilIdle(size_t max_timers) {
  size_t ran = 0;
  while (ran < max_timers) {
    auto due = timers_.PopDue(timers_.NextDeadline().value_or(now_));
    if (!due) break;
    now_ = due->first;
    due->second();
    ++ran;
  }
  return ran;
}

}  // namespace tidepool
