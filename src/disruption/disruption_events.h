// The events the disruption controller publishes (kubernetes-sigs/karpenter
// pkg/controllers/disruption/events/events.go, reasons from pkg/events/reason.go) and the
// controller's decision log.
//
// DisruptionEvents records through cluster::ClusterWriter and, like upstream's recorder,
// de-duplicates: the same (reason, object, dedupe key) is published at most once per dedupe
// timeout (2 minutes by default, 15 minutes for Unconsolidatable, 1 minute for NodePool blocks),
// so a node blocked for an hour does not emit one event per 10-second pass.
//
// DecisionLog keeps the last `capacity` lines (command explanations, validation failures, queue
// outcomes) with the clock's time, for `tidepool simulate` and tests.
//
// Not thread-safe (the clock's dispatching thread).
#pragma once

#include <cctype>
#include <deque>
#include <map>
#include <string>
#include <string_view>
#include <tuple>

#include "api/k8s/node.h"
#include "api/karpenter/nodeclaim.h"
#include "api/karpenter/nodeclaim_conditions.h"
#include "api/karpenter/nodepool.h"
#include "cluster/cluster_writer.h"
#include "core/clock.h"
#include "core/duration.h"
#include "core/time.h"

namespace tidepool::disruption {

// Event reasons (upstream pkg/events/reason.go).
inline constexpr std::string_view kEventDisruptionLaunching = "DisruptionLaunching";
inline constexpr std::string_view kEventDisruptionWaitingReadiness = "DisruptionWaitingReadiness";
inline constexpr std::string_view kEventDisruptionTerminating = "DisruptionTerminating";
inline constexpr std::string_view kEventDisruptionBlocked = "DisruptionBlocked";
inline constexpr std::string_view kEventUnconsolidatable = "Unconsolidatable";

// Alias of api::kConditionTypeDisruptionReason kept for the orchestration queue.
inline constexpr std::string_view kConditionDisruptionReason = api::kConditionTypeDisruptionReason;

inline constexpr Duration kDefaultEventDedupeTimeout = Duration::Minutes(2);

// Upstream pretty.Sentence: the first letter upper-cased.
inline std::string Sentence(std::string text) {
  if (!text.empty()) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  return text;
}

// cases.Title of a reason ("drifted" -> "Drifted"); reasons here are already titled.
inline std::string TitleReason(std::string_view reason) { return Sentence(std::string(reason)); }

class DisruptionEvents {
 public:
  DisruptionEvents(cluster::ClusterWriter& writer, const Clock& clock)
      : writer_(writer), clock_(clock) {}

  // Publishes unless the same (reason, object, key) was published less than `timeout` ago.
  void Publish(const cluster::ObjectReference& object, std::string_view type,
               std::string_view reason, std::string message, std::string_view dedupe_key,
               Duration timeout = kDefaultEventDedupeTimeout) {
    Time now = clock_.Now();
    auto key =
        std::make_tuple(std::string(reason), object.kind, object.name, std::string(dedupe_key));
    auto it = last_.find(key);
    if (it != last_.end() && now < it->second + timeout) return;
    if (last_.size() >= kPruneAt) Prune(now);
    last_[std::move(key)] = now;
    writer_.RecordEvent(object, type, reason, std::move(message));
  }

  // Upstream Blocked: on the node and the NodeClaim (either may be null).
  void Blocked(const api::Node* node, const api::NodeClaim* node_claim, const std::string& msg) {
    if (node != nullptr) Publish(Ref("Node", *node), "Normal", kEventDisruptionBlocked, msg, msg);
    if (node_claim != nullptr) {
      Publish(Ref("NodeClaim", *node_claim), "Normal", kEventDisruptionBlocked, msg, msg);
    }
  }
  // Upstream Unconsolidatable (15-minute dedupe).
  void Unconsolidatable(const api::Node* node, const api::NodeClaim* node_claim,
                        const std::string& msg) {
    if (node != nullptr) {
      Publish(Ref("Node", *node), "Normal", kEventUnconsolidatable, msg, "", Duration::Minutes(15));
    }
    if (node_claim != nullptr) {
      Publish(Ref("NodeClaim", *node_claim), "Normal", kEventUnconsolidatable, msg, "",
              Duration::Minutes(15));
    }
  }
  // Upstream NodePoolBlockedForDisruptionReason (1-minute dedupe).
  void NodePoolBlocked(const api::NodePool& node_pool, std::string_view reason) {
    Publish(Ref("NodePool", node_pool), "Normal", kEventDisruptionBlocked,
            "No allowed disruptions for disruption reason " + std::string(reason) +
                " due to blocking budget",
            reason, Duration::Minutes(1));
  }
  // Upstream Launching, on a replacement NodeClaim.
  void Launching(const api::NodeClaim& node_claim, std::string_view reason) {
    Publish(Ref("NodeClaim", node_claim), "Normal", kEventDisruptionLaunching,
            "Launching NodeClaim: " + TitleReason(reason), reason);
  }
  // Upstream WaitingOnReadiness, on a replacement NodeClaim.
  void WaitingOnReadiness(const api::NodeClaim& node_claim) {
    Publish(Ref("NodeClaim", node_claim), "Normal", kEventDisruptionWaitingReadiness,
            "Waiting on readiness to continue disruption", "");
  }
  // Upstream Terminating, on the candidate's node and NodeClaim.
  void Terminating(const api::Node* node, const api::NodeClaim* node_claim,
                   std::string_view reason) {
    if (node != nullptr) {
      Publish(Ref("Node", *node), "Normal", kEventDisruptionTerminating,
              "Disrupting Node: " + TitleReason(reason), reason);
    }
    if (node_claim != nullptr) {
      Publish(Ref("NodeClaim", *node_claim), "Normal", kEventDisruptionTerminating,
              "Disrupting NodeClaim: " + TitleReason(reason), reason);
    }
  }

  static cluster::ObjectReference Ref(std::string_view kind, const api::Object& object) {
    return cluster::ObjectReference{std::string(kind), object.metadata.namespace_,
                                    object.metadata.name};
  }

 private:
  // The dedupe record is pruned of entries older than the longest timeout once it grows past
  // this, so a long simulation does not keep one entry per node it ever saw.
  static constexpr size_t kPruneAt = 4096;
  void Prune(Time now) {
    std::erase_if(last_,
                  [now](const auto& entry) { return entry.second + Duration::Minutes(15) <= now; });
  }

  cluster::ClusterWriter& writer_;
  const Clock& clock_;
  std::map<std::tuple<std::string, std::string, std::string, std::string>, Time> last_;
};

// The controller's record of what it decided and what became of it.
class DecisionLog {
 public:
  struct Entry {
    Time time;
    std::string line;
  };
  explicit DecisionLog(size_t capacity = 1000) : capacity_(capacity) {}

  void Add(Time time, std::string line) {
    if (capacity_ == 0) return;
    if (entries_.size() == capacity_) entries_.pop_front();
    entries_.push_back(Entry{time, std::move(line)});
  }
  const std::deque<Entry>& entries() const { return entries_; }

 private:
  size_t capacity_;
  std::deque<Entry> entries_;
};

}  // namespace tidepool::disruption
