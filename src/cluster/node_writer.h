// What the node-layer controllers (provisioning, lifecycle, disruption, termination, expiration,
// interruption) do to the cluster: create and delete NodeClaims, update Nodes and NodeClaims,
// bind, evict and delete pods. ClusterState implements it for the simulator and tests; the
// Kubernetes REST client will implement it for production. Controllers read through ClusterState
// (the cache) and act only through this interface (and ClusterWriter::RecordEvent for events).
//
// Deletion follows the API server: deleting an object that has finalizers only sets
// metadata.deletionTimestamp (the object stays until an update removes its last finalizer);
// without finalizers it is removed at once. Updating a deleting object so that it has no
// finalizers left removes it.
//
// Pods: EvictPod is the policy/v1 Eviction subresource: it honours PodDisruptionBudgets
// (pdb.h): kUnavailable with upstream's 429 message when a budget allows no disruption,
// kInternal when the pod matches more than one budget; pods that are Pending, Succeeded, Failed
// or already terminating are evicted without a budget check. DeletePod deletes without any
// budget check (the force path). In this model both remove the pod at once (no graceful
// termination phase); the workload's controller (the simulator's) recreates owned pods as
// pending.
//
// Contract: every call is synchronous and either takes effect or returns an error (kNotFound for
// a missing object). Not thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "api/k8s/node.h"
#include "api/karpenter/nodeclaim.h"
#include "api/karpenter/nodepool.h"
#include "core/status.h"

namespace tidepool::cluster {

class NodeWriter {
 public:
  virtual ~NodeWriter() = default;

  // Creates a NodeClaim; an empty metadata.name is generated from metadata.generateName. Returns
  // the name.
  [[nodiscard]] virtual Result<std::string> CreateNodeClaim(api::NodeClaim node_claim) = 0;
  // Replaces a NodeClaim (metadata, spec, status). See the deletion rules above.
  [[nodiscard]] virtual Status UpdateNodeClaim(api::NodeClaim node_claim) = 0;
  [[nodiscard]] virtual Status DeleteNodeClaim(std::string_view name) = 0;

  // Replaces a NodePool's metadata and status (Karpenter writes annotations such as the
  // karpenter.sh/nodepool-hash, and status; never the spec). See the deletion rules above.
  [[nodiscard]] virtual Status UpdateNodePool(api::NodePool node_pool) = 0;

  // Creates a Node (the simulated kubelet registering; production never creates Nodes).
  [[nodiscard]] virtual Status CreateNode(api::Node node) = 0;
  [[nodiscard]] virtual Status UpdateNode(api::Node node) = 0;
  [[nodiscard]] virtual Status DeleteNode(std::string_view name) = 0;

  // Binds a pending pod to a node (the Binding subresource): spec.nodeName, PodScheduled=True.
  [[nodiscard]] virtual Status BindPod(std::string_view ns, std::string_view name,
                                       std::string_view node_name) = 0;
  // Sets status.nominatedNodeName (Karpenter's nomination of an in-flight node). "" clears it.
  [[nodiscard]] virtual Status NominatePod(std::string_view ns, std::string_view name,
                                           std::string_view node_name) = 0;
  [[nodiscard]] virtual Status EvictPod(std::string_view ns, std::string_view name) = 0;
  [[nodiscard]] virtual Status DeletePod(std::string_view ns, std::string_view name) = 0;
};

}  // namespace tidepool::cluster
