// Time and timers for every component. Nothing in tidepool reads the wall clock or sleeps except
// RealClock; everything else takes a Clock& in its constructor, so the same controllers run on
// a SimulatedClock in tests and in the simulator.
//
// Contract for all implementations:
//  - Now() is monotonic non-decreasing.
//  - ScheduleAt(t, fn) runs fn once, at or after t, on the clock's dispatching thread (for
//    SimulatedClock, inside Advance*/RunNext). A deadline in the past runs at the next dispatch.
//  - Timers due at the same instant run in the order they were scheduled.
//  - Cancel(id) returns true when the timer had not run yet; after that it never runs.
//  - A timer callback may schedule and cancel timers.
#pragma once

#include <cstdint>
#include <functional>

#include "core/duration.h"
#include "core/time.h"

namespace tidepool {

using TimerId = uint64_t;

class Clock {
 public:
  virtual ~Clock() = default;

  virtual Time Now() const = 0;
  virtual TimerId ScheduleAt(Time deadline, std::function<void()> callback) = 0;
  virtual bool Cancel(TimerId id) = 0;

  TimerId ScheduleAfter(Duration delay, std::function<void()> callback) {
    return ScheduleAt(Now() + delay, std::move(callback));
  }
};

}  // namespace tidepool
