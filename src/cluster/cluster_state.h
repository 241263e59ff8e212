// The in-memory cluster state: typed objects by kind and (namespace, name), the indexes the
// autoscaling controllers query, pod metrics, and the event log. It is both the cache
// controllers read and, through ClusterWriter, the target of what they do; the simulator drives
// the rest of the world (kubelet, Job controller) by writing to it directly.
//
// Kinds held now: Deployment, StatefulSet, ReplicaSet, DaemonSet, Pod, Job, Secret, ConfigMap,
// PodDisruptionBudget, RuntimeClass, ScaledObject, ScaledJob, TriggerAuthentication, and the
// cluster-scoped (empty namespace) ClusterTriggerAuthentication, Node, NodeClaim and NodePool;
// and PodMetrics. A new kind is a TypedStore in `Stores` plus, if it needs one, an index
// maintained in Put/Delete.
//
// Indexes, kept in step with every Put and Delete:
//   - pods by controlling owner (ownerReferences[controller=true]: kind and name);
//   - pods by the `job-name` label (how KEDA finds a Job's pods);
//   - pods by spec.nodeName (the pods bound to a node);
//   - Jobs by the `scaledjob.keda.sh/name` label (a ScaledJob's Jobs);
//   - NodeClaims by status.nodeName and by status.providerID; Nodes by spec.providerID.
// Iteration is in key order everywhere, so results are deterministic.
//
// Pod events on nodes: when a pod is bound to a node, or a bound pod is removed or becomes
// terminal, the state stamps the node's NodeClaim status.lastPodEventTime with the clock's time
// (what Karpenter's podevents controller does; consolidateAfter is measured from it).
//
// Ownership: the state owns its objects; pointers from Get/List stay valid until the object is
// replaced or deleted. Not thread-safe: one dispatching thread (the clock's) uses it.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

#include "api/k8s/config.h"
#include "api/k8s/job.h"
#include "api/k8s/node.h"
#include "api/k8s/pdb.h"
#include "api/k8s/pod.h"
#include "api/k8s/runtime_class.h"
#include "api/k8s/workloads.h"
#include "api/karpenter/nodeclaim.h"
#include "api/karpenter/nodepool.h"
#include "api/keda/scaled_job.h"
#include "api/keda/scaled_object.h"
#include "api/keda/trigger_authentication.h"
#include "api/label_selector.h"
#include "cluster/cluster_writer.h"
#include "cluster/event_recorder.h"
#include "cluster/node_writer.h"
#include "cluster/object_key.h"
#include "cluster/pod_metrics.h"
#include "cluster/typed_store.h"
#include "core/clock.h"

namespace tidepool::cluster {

// The label the Job controller puts on a Job's pods.
inline constexpr std::string_view kJobNameLabel = "job-name";

// The /scale subresource of a workload (autoscaling/v1 Scale) as controllers need it.
struct Scale {
  int32_t spec_replicas = 0;
  int32_t status_replicas = 0;
  const api::LabelSelector* selector = nullptr;  // the workload's spec.selector; may be null
};

// A pod is Ready when its Ready condition is True (upstream podutil.IsPodReady).
bool IsPodReady(const api::Pod& pod);

class ClusterState : public ClusterWriter, public NodeWriter {
 public:
  // The clock stamps events and creationTimestamps of created objects.
  explicit ClusterState(const Clock& clock, size_t max_events = 0);

  // ---- Reading ----------------------------------------------------------------------------------
  template <class T>
  const T* Get(std::string_view ns, std::string_view name) const {
    return std::get<TypedStore<T>>(stores_).Get(ns, name);
  }
  template <class T>
  const TypedStore<T>& Store() const {
    return std::get<TypedStore<T>>(stores_);
  }

  // The /scale subresource of a Deployment, StatefulSet or ReplicaSet (apps/v1; an empty
  // apiVersion or kind means apps/v1 Deployment). kNotFound for a missing workload
  // (`deployments.apps "web" not found`), kFailedPrecondition for a kind without /scale here.
  [[nodiscard]] Result<Scale> GetScale(const WorkloadRef& target) const;

  // Pods whose controller is (kind, name) in `ns`, in name order.
  std::vector<const api::Pod*> PodsOwnedBy(std::string_view ns, std::string_view owner_kind,
                                           std::string_view owner_name) const;
  // The pods of a Job (label job-name=<job>), in name order.
  std::vector<const api::Pod*> PodsOfJob(std::string_view ns, std::string_view job) const;
  // Pods in `ns` matching a label selector (null selects nothing, as upstream), in name order.
  std::vector<const api::Pod*> PodsMatching(std::string_view ns,
                                            const api::LabelSelector* selector) const;
  // The Jobs labelled scaledjob.keda.sh/name=<scaled_job> in `ns`, in name order.
  std::vector<const api::Job*> JobsOfScaledJob(std::string_view ns,
                                               std::string_view scaled_job) const;

  // Pods bound to `node_name` (spec.nodeName), in (namespace, name) order, DaemonSet pods
  // included, terminal pods included (callers filter).
  std::vector<const api::Pod*> PodsOnNode(std::string_view node_name) const;
  // The NodeClaim whose status.nodeName is `node_name`, or else whose status.providerID is the
  // node's spec.providerID; nullptr for an unmanaged node.
  const api::NodeClaim* NodeClaimForNode(std::string_view node_name) const;
  const api::NodeClaim* NodeClaimByProviderId(std::string_view provider_id) const;
  const api::Node* NodeByProviderId(std::string_view provider_id) const;
  // Changes whenever a Pod, Node, NodeClaim, NodePool or PodDisruptionBudget is created,
  // replaced or deleted: consolidation skips a pass while it is unchanged since its last no-op
  // (upstream Cluster.ConsolidationState).
  uint64_t NodeLayerVersion() const;

  EventRecorder& events() { return events_; }
  const EventRecorder& events() const { return events_; }
  // Status writes accepted so far (ScaledObject and ScaledJob), for tests and benchmarks.
  uint64_t status_writes() const { return status_writes_; }

  // ---- Writing the world (the simulator, tests, the production cache) -------------------------
  // Inserts or replaces an object. An empty creationTimestamp is set to the clock's time.
  template <class T>
  void Put(T object) {
    if (object.metadata.creation_timestamp.empty()) {
      object.metadata.creation_timestamp = clock_.Now().ToRfc3339();
    }
    auto& store = std::get<TypedStore<T>>(stores_);
    if constexpr (std::is_same_v<T, api::Pod>) {
      PodBinding before;
      if (const T* old = store.Get(object.metadata.namespace_, object.metadata.name)) {
        before = BindingOf(*old);
        Unindex(*old);
      }
      const api::Pod& stored = store.Put(std::move(object));
      Index(stored);
      AfterPodChange(before, BindingOf(stored));
    } else if constexpr (kIndexed<T>) {
      if (const T* old = store.Get(object.metadata.namespace_, object.metadata.name)) Unindex(*old);
      Index(store.Put(std::move(object)));
    } else {
      store.Put(std::move(object));
    }
  }
  void Put(PodMetrics metrics);
  const PodMetrics* GetPodMetrics(std::string_view ns, std::string_view name) const;

  template <class T>
  bool Delete(std::string_view ns, std::string_view name) {
    auto& store = std::get<TypedStore<T>>(stores_);
    if constexpr (kIndexed<T>) {
      const T* old = store.Get(ns, name);
      if (old == nullptr) return false;
      if constexpr (std::is_same_v<T, api::Pod>) AfterPodChange(BindingOf(*old), PodBinding{});
      Unindex(*old);
    }
    return store.Erase(ns, name);
  }
  // Mutable access for the world's own updates (pod phases, Job conditions). Callers that change
  // labels or owner references of pods or Jobs must Put the object instead, so indexes follow.
  template <class T>
  T* GetMutable(std::string_view ns, std::string_view name) {
    return std::get<TypedStore<T>>(stores_).GetMutable(ns, name);
  }

  // ---- ClusterWriter ----------------------------------------------------------------------------
  [[nodiscard]] Result<int32_t> UpdateScale(const WorkloadRef& target, int32_t replicas) override;
  [[nodiscard]] Result<std::string> CreateJob(api::Job job) override;
  [[nodiscard]] Status DeleteJob(std::string_view ns, std::string_view name,
                                 DeletePropagation propagation) override;
  [[nodiscard]] Status UpdateScaledObjectStatus(
      std::string_view ns, std::string_view name,
      const api::keda::ScaledObjectStatus& status) override;
  [[nodiscard]] Status UpdateScaledJobStatus(std::string_view ns, std::string_view name,
                                             const api::keda::ScaledJobStatus& status) override;
  void RecordEvent(const ObjectReference& object, std::string_view type, std::string_view reason,
                   std::string message) override;

  // ---- NodeWriter -------------------------------------------------------------------------------
  [[nodiscard]] Result<std::string> CreateNodeClaim(api::NodeClaim node_claim) override;
  [[nodiscard]] Status UpdateNodeClaim(api::NodeClaim node_claim) override;
  [[nodiscard]] Status DeleteNodeClaim(std::string_view name) override;
  [[nodiscard]] Status UpdateNodePool(api::NodePool node_pool) override;
  [[nodiscard]] Status CreateNode(api::Node node) override;
  [[nodiscard]] Status UpdateNode(api::Node node) override;
  [[nodiscard]] Status DeleteNode(std::string_view name) override;
  [[nodiscard]] Status BindPod(std::string_view ns, std::string_view name,
                               std::string_view node_name) override;
  [[nodiscard]] Status NominatePod(std::string_view ns, std::string_view name,
                                   std::string_view node_name) override;
  [[nodiscard]] Status EvictPod(std::string_view ns, std::string_view name) override;
  [[nodiscard]] Status DeletePod(std::string_view ns, std::string_view name) override;

 private:
  template <class T>
  static constexpr bool kIndexed =
      std::is_same_v<T, api::Pod> || std::is_same_v<T, api::Job> ||
      std::is_same_v<T, api::NodeClaim> || std::is_same_v<T, api::Node>;

  using Stores =
      std::tuple<TypedStore<api::Deployment>, TypedStore<api::StatefulSet>,
                 TypedStore<api::ReplicaSet>, TypedStore<api::DaemonSet>, TypedStore<api::Pod>,
                 TypedStore<api::Job>, TypedStore<api::Secret>, TypedStore<api::ConfigMap>,
                 TypedStore<api::PodDisruptionBudget>, TypedStore<api::RuntimeClass>,
                 TypedStore<api::Node>, TypedStore<api::NodeClaim>, TypedStore<api::NodePool>,
                 TypedStore<api::keda::ScaledObject>, TypedStore<api::keda::ScaledJob>,
                 TypedStore<api::keda::TriggerAuthentication>,
                 TypedStore<api::keda::ClusterTriggerAuthentication>>;

  // (namespace, value) -> names: one label's (or owner's) inverted index.
  using NameIndex = std::map<ObjectKey, std::set<std::string>, ObjectKeyLess>;
  // (namespace, owner kind + "/" + owner name) -> pod names.
  static void AddTo(NameIndex& index, std::string_view ns, std::string_view value,
                    const std::string& name);
  static void RemoveFrom(NameIndex& index, std::string_view ns, std::string_view value,
                         const std::string& name);

  void Index(const api::Pod& pod);
  void Unindex(const api::Pod& pod);
  void Index(const api::Job& job);
  void Unindex(const api::Job& job);
  void Index(const api::NodeClaim& node_claim);
  void Unindex(const api::NodeClaim& node_claim);
  void Index(const api::Node& node);
  void Unindex(const api::Node& node);
  // Where a pod is bound and whether it still runs there, for pod events.
  struct PodBinding {
    std::string node;
    bool active = false;  // bound, not terminal
  };
  static PodBinding BindingOf(const api::Pod& pod);
  void AfterPodChange(const PodBinding& before, const PodBinding& after);
  // Stamps status.lastPodEventTime of the NodeClaim of `node_name` (no-op without one).
  void PodEventOn(std::string_view node_name);
  // metadata.name from generateName, unique among `taken`'s keys (deterministic suffixes).
  template <class T>
  Status GenerateName(T& object, std::string_view resource);
  // Finalizer-aware deletion shared by Nodes and NodeClaims.
  template <class T>
  Status DeleteWithFinalizers(std::string_view name, std::string_view resource);
  template <class T>
  Status UpdateWithFinalizers(T object, std::string_view resource);

  const Clock& clock_;
  Stores stores_;
  std::map<ObjectKey, PodMetrics, ObjectKeyLess> pod_metrics_;
  NameIndex pods_by_owner_;
  NameIndex pods_by_job_;
  NameIndex jobs_by_scaled_job_;
  // node name -> (namespace, name) of its pods.
  // node name -> the pods bound to it, by (namespace, name); the pointers are the stored pods
  // (kept in step by Index/Unindex around every replacement).
  std::map<std::string, std::map<ObjectKey, const api::Pod*, ObjectKeyLess>, std::less<>>
      pods_by_node_;
  std::map<std::string, std::string, std::less<>> node_claim_by_node_;
  std::map<std::string, std::string, std::less<>> node_claim_by_provider_id_;
  std::map<std::string, std::string, std::less<>> node_by_provider_id_;
  EventRecorder events_;
  uint64_t status_writes_ = 0;
  uint64_t generated_names_ = 0;
};

}  // namespace tidepool::cluster
