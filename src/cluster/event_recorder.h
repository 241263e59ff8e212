// Kubernetes events as controllers record them (client-go's EventRecorder): type Normal or
// Warning, a CamelCase reason, a message, and the object they are about, stamped with the
// clock's time. The recorder keeps every event in recording order, which is the event log the
// simulator prints and tests assert on; a bound, when set, drops the oldest events.
//
// Messages must never contain secret values: recorders are a sink for text that users read.
// Not thread-safe (single dispatching thread).
#pragma once

#include <cstddef>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "cluster/object_key.h"
#include "core/clock.h"
#include "core/time.h"

namespace tidepool::cluster {

inline constexpr std::string_view kEventTypeNormal = "Normal";
inline constexpr std::string_view kEventTypeWarning = "Warning";

struct Event {
  Time time;
  std::string type;  // Normal or Warning
  std::string reason;
  std::string message;
  ObjectReference object;
  // "<type> <reason> <message>", as client-go's FakeRecorder renders an event.
  std::string String() const { return type + " " + reason + " " + message; }
  friend bool operator==(const Event&, const Event&) = default;
};

class EventRecorder {
 public:
  // `max_events` 0 keeps everything.
  explicit EventRecorder(const Clock& clock, size_t max_events = 0)
      : clock_(clock), max_events_(max_events) {}

  void Record(const ObjectReference& object, std::string_view type, std::string_view reason,
              std::string message);

  const std::deque<Event>& events() const { return events_; }
  // The events about one object, oldest first.
  std::vector<Event> EventsFor(std::string_view kind, std::string_view ns,
                               std::string_view name) const;
  // Events recorded since construction, including dropped ones.
  uint64_t total_recorded() const { return total_; }
  void Clear() { events_.clear(); }

 private:
  const Clock& clock_;
  const size_t max_events_;
  std::deque<Event> events_;
  uint64_t total_ = 0;
};

}  // namespace tidepool::cluster
