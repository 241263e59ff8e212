// The Start() half of the controller convention: run a pass on the Clock at the next dispatch,
// then again after whatever Duration each pass returns, until Stop or destruction.
//
// A controller owns one PeriodicRun and passes it a callable bound to itself; because the
// PeriodicRun is a member, destroying the controller cancels the pending run, so a controller may
// be destroyed before its Clock. Not thread-safe: the Clock's dispatching thread.
#pragma once

#include <functional>
#include <utility>

#include "core/clock.h"
#include "core/duration.h"

namespace tidepool {

class PeriodicRun {
 public:
  explicit PeriodicRun(Clock& clock) : clock_(clock) {}
  ~PeriodicRun() { Stop(); }
  PeriodicRun(const PeriodicRun&) = delete;
  PeriodicRun& operator=(const PeriodicRun&) = delete;

  // (Re)starts: a pending run is cancelled first.
  void Start(std::function<Duration()> pass) {
    Stop();
    pass_ = std::move(pass);
    timer_ = clock_.ScheduleAfter(Duration(), [this] { Run(); });
  }
  void Stop() {
    if (timer_ != 0) clock_.Cancel(timer_);
    timer_ = 0;
  }

 private:
  void Run() {
    const Duration next = pass_();
    timer_ = clock_.ScheduleAfter(next, [this] { Run(); });
  }

  Clock& clock_;
  std::function<Duration()> pass_;
  TimerId timer_ = 0;
};

}  // namespace tidepool
