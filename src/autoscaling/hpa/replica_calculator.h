// The HPA's replica calculation (Kubernetes pkg/controller/podautoscaler/replica_calculator.go and
// metrics/utilization.go), in process: from one metric's current values and its target, how many
// replicas the target workload should have. One function per metric target kind:
//   GetResourceReplicas          Resource (cpu/memory), target averageUtilization (% of requests)
//   GetRawResourceReplicas       Resource, target averageValue
//   GetMetricReplicas            Pods metric, target averageValue
//   GetExternalMetricReplicas    External metric, target value        (KEDA's `Value`)
//   GetExternalPerPodMetricReplicas External metric, target averageValue (KEDA's default)
// Quantities are int64 milli-units, as upstream computes them.
//
// Upstream's handling of imperfect pod sets is kept exactly:
//  - pods being deleted and Failed pods are ignored; Pending pods count as unready;
//  - for cpu only, a pod is unready while its Ready condition is false or missing, or, within the
//    cpu initialisation period after start, while its last metric sample predates one metric
//    window after the latest readiness transition (delay of initial readiness after that period);
//  - pods without a metric are "missing": on a scale-down they are assumed to use 100% of their
//    request (or the target, if higher), on a scale-up 0%; unready pods are assumed to use 0% on a
//    scale-up; the result is dropped if that assumption would reverse the direction of scaling;
//  - the usage ratio is compared with the tolerances first ([1 - down, 1 + up]).
// Error messages are upstream's ("did not receive metrics for targeted pods (pods might be
// unready)", "missing request for cpu in container c of Pod p", ...).
//
// Pure and clock-free: the caller passes `now`. Thread-compatible (const methods, no state beyond
// the options). Allocates nothing on success beyond what the caller passed in.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "autoscaling/hpa/behavior.h"
#include "core/duration.h"
#include "core/status.h"
#include "core/time.h"

namespace tidepool::autoscaling::hpa {

// Which resource a Resource metric measures; kNone for Pods and custom metrics (no cpu readiness
// rules, no requests).
enum class Resource { kNone, kCpu, kMemory };
std::string_view ResourceName(Resource resource);

enum class PodPhase { kPending, kRunning, kSucceeded, kFailed, kUnknown };

enum class ConditionStatus { kTrue, kFalse, kUnknown };

// The pod's Ready condition.
struct ReadyCondition {
  ConditionStatus status = ConditionStatus::kTrue;
  Time last_transition_time;
};

// Requests in milli-units (cpu millicores, memory milli-bytes as upstream's MilliValue); unset
// means the container has no request for that resource.
struct ResourceRequests {
  std::optional<int64_t> cpu_milli = {};
  std::optional<int64_t> memory_milli = {};
  std::optional<int64_t> Get(Resource resource) const;
};

struct ContainerInfo {
  std::string name = {};
  ResourceRequests requests = {};
};

// The parts of a pod the calculation reads.
struct PodInfo {
  std::string name = {};
  PodPhase phase = PodPhase::kRunning;
  std::optional<ReadyCondition> ready_condition = {};  // unset: no Ready condition yet
  std::optional<Time> start_time = {};                 // status.startTime
  bool being_deleted = false;                          // metadata.deletionTimestamp set
  // The containers, then the restartable init containers (sidecars, restartPolicy: Always), which
  // upstream counts like containers. Ordinary init containers are not listed.
  std::vector<ContainerInfo> containers = {};
  ResourceRequests pod_requests = {};  // spec.resources (pod-level requests), when set
};

// One pod's sample from the metrics API.
struct PodMetric {
  int64_t value = 0;  // milli-units
  Time timestamp;
  Duration window;
};
using PodMetricsInfo = std::unordered_map<std::string, PodMetric>;

// How a pod takes part in the calculation (upstream groupPods).
enum class PodGroup { kReady, kUnready, kMissing, kIgnored };

struct ReplicaCalculatorOptions {
  // --horizontal-pod-autoscaler-cpu-initialization-period.
  Duration cpu_initialization_period = Duration::Minutes(5);
  // --horizontal-pod-autoscaler-initial-readiness-delay.
  Duration delay_of_initial_readiness_status = Duration::Seconds(30);
};

struct ResourceReplicas {
  int32_t replicas = 0;
  int32_t utilization = 0;      // current average utilisation, % of requests
  int64_t raw_utilization = 0;  // current average usage per pod, milli-units
};

struct MetricReplicas {
  int32_t replicas = 0;
  int64_t usage = 0;  // current value (per pod for average targets), milli-units
};

class ReplicaCalculator {
 public:
  explicit ReplicaCalculator(ReplicaCalculatorOptions options = {}) : options_(options) {}

  const ReplicaCalculatorOptions& options() const { return options_; }

  // Resource metric with an averageUtilization target (percent of requests). `container` selects
  // one container's requests (ContainerResource metrics); the caller passes that container's
  // usage in `metrics`. Empty `metrics` is the metrics API's "no metrics returned" error.
  [[nodiscard]] Result<ResourceReplicas> GetResourceReplicas(
      Time now, int32_t current_replicas, int32_t target_utilization, Resource resource,
      const Tolerances& tolerances, std::span<const PodInfo> pods, const PodMetricsInfo& metrics,
      std::string_view container = {}) const;

  // Resource metric with an averageValue target (milli-units per pod).
  [[nodiscard]] Result<MetricReplicas> GetRawResourceReplicas(Time now, int32_t current_replicas,
                                                              int64_t target_usage,
                                                              Resource resource,
                                                              const Tolerances& tolerances,
                                                              std::span<const PodInfo> pods,
                                                              const PodMetricsInfo& metrics) const;

  // Pods metric with an averageValue target.
  [[nodiscard]] Result<MetricReplicas> GetMetricReplicas(Time now, int32_t current_replicas,
                                                         int64_t target_usage,
                                                         const Tolerances& tolerances,
                                                         std::span<const PodInfo> pods,
                                                         const PodMetricsInfo& metrics) const;

  // External metric with a value target: the values are summed (saturating), compared with the
  // target, and scaled by the number of Running and Ready pods. From zero replicas the tolerance
  // and pods are not consulted: ceil(usage / target).
  [[nodiscard]] Result<MetricReplicas> GetExternalMetricReplicas(
      int32_t current_replicas, int64_t target_usage, const Tolerances& tolerances,
      std::span<const int64_t> metric_values, std::span<const PodInfo> pods) const;

  // External metric with an averageValue target: ceil(sum / target) unless sum / (target ×
  // status_replicas) is within tolerance. The current replica count matters only for the
  // tolerance check. `usage` is the per-pod average.
  [[nodiscard]] Result<MetricReplicas> GetExternalPerPodMetricReplicas(
      int32_t status_replicas, int64_t target_usage_per_pod, const Tolerances& tolerances,
      std::span<const int64_t> metric_values) const;

  // groupPods for one pod. `metric` is the pod's sample, or null.
  PodGroup ClassifyPod(Time now, const PodInfo& pod, const PodMetric* metric,
                       Resource resource) const;

 private:
  ReplicaCalculatorOptions options_;
};

// The request a pod makes for `resource` (upstream calculateRequests for one pod): pod-level
// requests when set and no container is named, else the sum over containers and restartable init
// containers, or the named container's alone.
[[nodiscard]] Result<int64_t> PodRequest(const PodInfo& pod, std::string_view container,
                                         Resource resource);

// Running pods whose Ready condition is true.
int64_t ReadyPodCount(std::span<const PodInfo> pods);

}  // namespace tidepool::autoscaling::hpa
