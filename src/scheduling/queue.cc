#include "scheduling/queue.h"

#include <algorithm>

namespace tidepool::scheduling {

void SortByCpuAndMemoryDescending(std::vector<size_t>& order, const std::vector<PodData>& pods) {
  // cpu and memory are indices 0 and 1 of every ResourceIndex.
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const PodData& lhs = pods[a];
    const PodData& rhs = pods[b];
    if (lhs.dense[0] != rhs.dense[0]) return lhs.dense[0] > rhs.dense[0];
    if (lhs.dense[1] != rhs.dense[1]) return lhs.dense[1] > rhs.dense[1];
    const std::string& lt = lhs.pod->metadata.creation_timestamp;
    const std::string& rt = rhs.pod->metadata.creation_timestamp;
    if (lt != rt) return lt < rt;
    return lhs.uid < rhs.uid;
  });
}

Queue::Queue(std::vector<size_t> order, size_t pod_count)
    : pods_(order.begin(), order.end()), last_len_(pod_count, 0) {}

std::optional<size_t> Queue::Pop() {
  if (pods_.empty()) return std::nullopt;
  size_t pod = pods_.front();
  if (last_len_[pod] == pods_.size()) return std::nullopt;
  pods_.pop_front();
  return pod;
}

void Queue::Push(size_t pod) {
  pods_.push_back(pod);
  last_len_[pod] = pods_.size();
}

}  // namespace tidepool::scheduling
