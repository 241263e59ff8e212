// The solver's pod queue (kubernetes-sigs/karpenter
// pkg/controllers/provisioning/scheduling/queue.go). Pods are sorted once, largest first: by cpu
// request descending, then memory descending, then creation time ascending, then uid. A pod
// that fails is pushed to the back; the queue reports empty when the pod at the front was last
// pushed when the queue had its current length, i.e. a whole cycle made no progress.
#pragma once

#include <cstddef>
#include <deque>
#include <optional>
#include <vector>

#include "scheduling/pod_data.h"

namespace tidepool::scheduling {

// Sorts indices into `pods` in upstream's byCPUAndMemoryDescending order (stable).
void SortByCpuAndMemoryDescending(std::vector<size_t>& order, const std::vector<PodData>& pods);

class Queue {
 public:
  // `order`: indices in pop order; `pod_count` bounds the indices.
  Queue(std::vector<size_t> order, size_t pod_count);
  std::optional<size_t> Pop();
  void Push(size_t pod);
  size_t size() const { return pods_.size(); }

 private:
  std::deque<size_t> pods_;
  std::vector<size_t> last_len_;  // 0: never pushed
};

}  // namespace tidepool::scheduling
