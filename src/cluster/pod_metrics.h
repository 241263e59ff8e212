// metrics.k8s.io/v1beta1 PodMetrics: the usage the metrics server reports per pod and container,
// which the HPA maths reads for cpu and memory triggers. The simulator writes these; production
// would fill them from the metrics API.
#pragma once

#include <string>
#include <vector>

#include "api/resources.h"
#include "core/duration.h"
#include "core/time.h"

namespace tidepool::cluster {

struct ContainerMetrics {
  std::string name;
  api::ResourceList usage;  // "cpu", "memory"
  friend bool operator==(const ContainerMetrics&, const ContainerMetrics&) = default;
};

struct PodMetrics {
  struct Metadata {
    std::string namespace_;
    std::string name;
    friend bool operator==(const Metadata&, const Metadata&) = default;
  };
  Metadata metadata;  // same (namespace, name) as the pod
  Time timestamp;
  Duration window = Duration::Seconds(30);
  std::vector<ContainerMetrics> containers;
  friend bool operator==(const PodMetrics&, const PodMetrics&) = default;
};

}  // namespace tidepool::cluster
