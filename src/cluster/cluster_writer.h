// What controllers do to the cluster, as one small interface: scale a workload through its
// /scale subresource, create and delete Jobs, write the status of ScaledObjects and ScaledJobs,
// and record events. The in-memory ClusterState implements it (the simulator and tests); a
// Kubernetes REST client will implement it for production. Controllers read through
// ClusterState (the cache) and act only through this interface.
//
// Contract: every call is synchronous and either takes effect or returns an error (kNotFound for
// a missing object); errors name the object, never a secret. Not thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "api/k8s/job.h"
#include "api/keda/scaled_job.h"
#include "api/keda/scaled_object.h"
#include "cluster/object_key.h"
#include "core/status.h"

namespace tidepool::cluster {

// A workload with a /scale subresource, borrowed from the object that names it
// (scaleTargetRef): the views must outlive the call.
struct WorkloadRef {
  std::string_view api_version;  // "apps/v1"
  std::string_view kind;         // Deployment, StatefulSet, ReplicaSet
  std::string_view namespace_;
  std::string_view name;
};

enum class DeletePropagation { kBackground, kForeground };

class ClusterWriter {
 public:
  virtual ~ClusterWriter() = default;

  // Sets the workload's spec.replicas. Returns the replicas it had before.
  [[nodiscard]] virtual Result<int32_t> UpdateScale(const WorkloadRef& target,
                                                    int32_t replicas) = 0;
  // Creates a Job; an empty metadata.name is generated from metadata.generateName as the API
  // server does. Returns the Job's name.
  [[nodiscard]] virtual Result<std::string> CreateJob(api::Job job) = 0;
  [[nodiscard]] virtual Status DeleteJob(std::string_view ns, std::string_view name,
                                         DeletePropagation propagation) = 0;
  // Replaces the status subresource.
  [[nodiscard]] virtual Status UpdateScaledObjectStatus(
      std::string_view ns, std::string_view name, const api::keda::ScaledObjectStatus& status) = 0;
  [[nodiscard]] virtual Status UpdateScaledJobStatus(std::string_view ns, std::string_view name,
                                                     const api::keda::ScaledJobStatus& status) = 0;
  virtual void RecordEvent(const ObjectReference& object, std::string_view type,
                           std::string_view reason, std::string message) = 0;
};

}  // namespace tidepool::cluster
