// A synthetic running cluster for consolidation benchmarks and the solver-reuse tests: Nodes of
// the KWOK catalogue (c and m families, amd64/linux, 4 to 32 vCPU, four zones, spot and
// on-demand), filled to a random utilisation with the replicas of Deployment-like workloads, one
// DaemonSet pod per node.
//
// The workload mix, per deployment (after what production clusters commonly run):
//   55% generic; 15% zonal topology spread (maxSkew 1, DoNotSchedule); 10% hostname
//   anti-affinity among the deployment's replicas; 10% hostname spread (ScheduleAnyway); 5% pinned
//   to on-demand by nodeSelector; 5% zonal spread plus hostname anti-affinity.
// Requests: cpu from {100m, 250m, 500m, 1, 2}, memory from {128Mi, 256Mi, 512Mi, 1Gi, 2Gi, 4Gi}.
//
// Nodes are filled one at a time to a utilisation drawn from [min_fill, max_fill] of cpu (memory
// and pod count also respected), by drawing deployments at random; a node's pods honour their
// nodeSelector and hostname anti-affinity, not the zonal spread (which a real cluster's history
// also skews). The same options give the same cluster everywhere.
//
// Ownership: a WorkloadCluster owns every object; pointers into it (SchedulerInput, pods) stay
// valid while it lives (it is not copyable: objects live in deques).
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "api/k8s/node.h"
#include "api/k8s/pod.h"
#include "api/k8s/workloads.h"
#include "api/karpenter/nodepool.h"
#include "cloud/instance_type.h"
#include "scheduling/scheduler.h"

namespace tidepool::scheduling {

struct WorkloadOptions {
  int nodes = 100;
  uint64_t seed = 1;
  double min_fill = 0.75;  // fraction of a node's allocatable cpu its pods request
  double max_fill = 0.95;
  int replicas_per_deployment = 12;  // average; deployments = pods / this
  bool topology = true;              // false: every deployment is generic
  bool daemon_set = true;
  // NodePool shape: zones it may launch in (empty: every zone) and a cpu limit ("" for none).
  std::vector<std::string> pool_zones{};
  std::string pool_cpu_limit{};
};

class WorkloadCluster {
 public:
  explicit WorkloadCluster(const WorkloadOptions& options);
  WorkloadCluster(const WorkloadCluster&) = delete;
  WorkloadCluster& operator=(const WorkloadCluster&) = delete;

  // One pool over the KWOK catalogue, every node as an initialized existing node (in node
  // order), the DaemonSet.
  SchedulerInput Input() const;
  // The node's pods that are not owned by the DaemonSet (what would move if it were removed).
  std::vector<const api::Pod*> ReschedulablePods(size_t node) const;
  // `count` new pending replicas of the deployments running on random nodes (copies of running
  // pods, unbound, phase Pending, fresh uids), owned by the cluster.
  std::vector<const api::Pod*> AddPendingReplicas(int count, uint64_t seed);

  const api::NodePool& node_pool() const { return node_pool_; }
  const std::deque<api::Node>& nodes() const { return nodes_; }
  const std::vector<std::vector<const api::Pod*>>& pods_by_node() const { return pods_by_node_; }
  size_t pod_count() const { return pods_.size(); }

 private:
  api::NodePool node_pool_;
  std::deque<api::Node> nodes_;
  std::deque<api::Pod> pods_;
  std::deque<api::DaemonSet> daemon_sets_;
  std::vector<std::vector<const api::Pod*>> pods_by_node_;  // indexed like nodes_
};

// Well-known labels for solving against the KWOK catalogue (cloud::kwok::WellKnownLabels()).
const api::LabelKeySet& WorkloadWellKnownLabels();

}  // namespace tidepool::scheduling
