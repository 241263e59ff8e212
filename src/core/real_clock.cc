#include "core/real_clock.h"

#include <chrono>

namespace tidepool {

Time RealClock::Now() const {
  const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  return Time::FromUnixNanos(
      std::chrono::duration_cast<std::chrono::nanoseconds>(since_epoch).count());
}

TimerId RealClock::ScheduleAt(Time deadline, std::function<void()> callback) {
  std::lock_guard<std::mutex> lock(mu_);
  TimerId id = timers_.Add(deadline, std::move(callback));
  wake_.notify_all();
  return id;
}

bool RealClock::Cancel(TimerId id) {
  std::lock_guard<std::mutex> lock(mu_);
  return timers_.Cancel(id);
}

void RealClock::Stop() {
  std::lock_guard<std::mutex> lock(mu_);
  stopped_ = true;
  wake_.notify_all();
}

void RealClock::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopped_) {
    if (auto due = timers_.PopDue(Now())) {
      lock.unlock();
      due->second();
      lock.lock();
      continue;
    }
    std::optional<Time> next = timers_.NextDeadline();
    if (!next) {
      wake_.wait(lock);
    } else {
      const auto deadline = std::chrono::system_clock::time_point(
          std::chrono::duration_cast<std::chrono::system_clock::duration>(
              std::chrono::nanoseconds(next->unix_nanos())));
      wake_.wait_until(lock, deadline);
    }
  }
}

}  // namespace tidepool
