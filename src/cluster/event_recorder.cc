#include "cluster/event_recorder.h"

#include <utility>

namespace tidepool::cluster {

void EventRecorder::Record(const ObjectReference& object, std::string_view type,
                           std::string_view reason, std::string message) {
  if (max_events_ != 0 && events_.size() >= max_events_) events_.pop_front();
  events_.push_back(
      Event{clock_.Now(), std::string(type), std::string(reason), std::move(message), object});
  ++total_;
}

std::vector<Event> EventRecorder::EventsFor(std::string_view kind, std::string_view ns,
                                            std::string_view name) const {
  std::vector<Event> out;
  for (const Event& e : events_) {
    if (e.object.kind == kind && e.object.namespace_ == ns && e.object.name == name) {
      out.push_back(e);
    }
  }
  return out;
}

}  // namespace tidepool::cluster
