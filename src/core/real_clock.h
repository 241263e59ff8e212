// The wall clock: Now() reads the system clock; timers run on the thread that calls Run(), which
// waits for the next deadline. ScheduleAt, Cancel and Stop are thread-safe. Only cmd/ creates one.
#pragma once

#include <condition_variable>
#include <mutex>

#include "core/clock.h"
#include "core/timer_queue.h"

namespace tidepool {

class RealClock : public Clock {
 public:
  Time Now() const override;
  TimerId ScheduleAt(Time deadline, std::function<void()> callback) override;
  bool Cancel(TimerId id) override;

  // Dispatches timers until Stop() is called.
  void Run();
  void Stop();

 private:
  std::mutex mu_;
  std::condition_variable wake_;
  TimerQueue timers_;
  bool stopped_ = false;
};

}  // namespace tidepool
