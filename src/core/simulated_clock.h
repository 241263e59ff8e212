// A Clock whose time moves only when told to. Timers fire inside Advance*/RunNext, in deadline
// order and, for equal deadlines, in the order they were scheduled (envoy's simulated time). Now()
// during a callback is the timer's deadline. Single-threaded: use from one thread.
#pragma once

#include "core/clock.h"
#include "core/timer_queue.h"

namespace tidepool {

class SimulatedClock : public Clock {
 public:
  explicit SimulatedClock(Time start = Time::FromUnixSeconds(0)) : now_(start) {}

  Time Now() const override { return now_; }
  TimerId ScheduleAt(Time deadline, std::function<void()> callback) override;
  bool Cancel(TimerId id) override { return timers_.Cancel(id); }

  // Runs every timer due up to `until` (including ones scheduled by callbacks), then sets the
  // time to `until`. Returns the number of timers run. `until` before Now() is a no-op.
  size_t AdvanceTo(Time until);
  size_t Advance(Duration delta) { return AdvanceTo(now_ + delta); }
  // Jumps to the next deadline and runs the timers due then. False when nothing is pending.
  bool RunNext();
  // Runs timers until none is pending or `max_timers` have run. Returns how many ran.
  size_t RunUntilIdle(size_t max_timers = 1'000'000);

  size_t pending() const { return timers_.size(); }
  std::optional<Time> NextDeadline() const { return timers_.NextDeadline(); }

 private:
  Time now_;
  TimerQueue timers_;
};

}  // namespace tidepool
