// Topology spread, pod affinity and pod anti-affinity for the scheduling solver
// (kubernetes-sigs/karpenter pkg/controllers/provisioning/scheduling/topology.go).
//
// A Topology tracks, per *topology group*, how many selected pods sit in each domain of one
// topology key (zone, hostname, capacity type or any label whose values the NodePools define).
// Groups come from the pods being scheduled:
//   - each topologySpreadConstraint (ScheduleAnyway ones only while preferences are respected),
//   - each required pod (anti-)affinity term, and the preferred ones while respected;
// and, as *inverse* groups, from the required anti-affinity terms of every pod, existing or
// pending: a pod selected by such a term must avoid the domains of the pods that own it.
// Groups with identical constraints (type, key, namespaces, selector, maxSkew, minDomains, node
// filter) are one shared group with many owners, so 10,000 replicas of a deployment cost one
// group, not 10,000.
//
// How the solver uses it (as upstream's Scheduler, NodeClaim and ExistingNode do):
//   0. For each existing or in-flight node it will consider, Register(kubernetes.io/hostname,
//      <its hostname>), so hostname groups know the domain even when it holds no selected pod.
//   1. CanAdd: optionally MayAdmit() first, on the node's own requirements, to reject a pod
//      before copying them; then, after the pod's requirements have been merged into a working
//      copy of the node's, Narrow() (hot path, no strings) or AddRequirements() (same decision,
//      with upstream's error text). Topology must come last: it may collapse a set of compatible
//      domains to one.
//   2. Add: once the pod is committed, Register(kubernetes.io/hostname, <claim hostname>) for a
//      new NodeClaim, then Record() with the node's final requirements.
//   3. After relaxing a pod's preferences, call Update(pod) so dropped preferred terms and
//      ScheduleAnyway constraints stop constraining it; when a pod is re-queued unrelaxed, call
//      Update with the original pod again.
// The domains of the NodePools and instance types, and the labels of existing Nodes, are known
// from construction.
//
// Pods are identified by metadata.uid, or by namespace/name when the uid is empty. A pod is
// "selected" by a group when its namespace is one of the group's namespaces and its labels match
// the group's label selector; an absent selector selects nothing. A pod's labels and namespace
// must not change while the Topology tracks it (which inverse groups select it is cached).
//
// Determinism: where upstream picks among equally good domains by Go map order, this picks the
// smallest domain name (then the first registered), so the same input gives the same plan.
//
// Thread-safety: const methods (MayAdmit, Narrow, AddRequirements, ZoneConstraints, Constrains)
// may run concurrently with each other; Record, Register, Unregister and Update need exclusive
// access.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "api/k8s/node.h"
#include "api/k8s/pod.h"
#include "api/karpenter/nodepool.h"
#include "api/requirements.h"
#include "api/taint.h"
#include "cloud/instance_type.h"
#include "core/status.h"

namespace tidepool::scheduling {

class TopologyState;
class TopologyBase;

enum class TopologyType : uint8_t { kSpread, kPodAffinity, kPodAntiAffinity };
// "topology spread", "pod affinity", "pod anti-affinity" (upstream's wording in errors).
std::string_view TopologyTypeName(TopologyType type);

// One NodePool with the instance types the cloud offers it: the source of the domain universe
// (upstream buildDomainGroups). For every instance type, the values of each finite requirement of
// (pool requirements ∩ template labels ∩ instance-type requirements) become domains of that key;
// so do the `In` values of the pool's own requirements and labels. Domains remember the pool's
// taints, so a spread constraint with nodeTaintsPolicy Honor only sees domains it tolerates.
struct TopologyNodePool {
  const api::NodePool* node_pool = nullptr;  // not owned; must outlive the constructor call
  std::span<const cloud::InstanceTypePtr> instance_types;
};

struct TopologyOptions {
  // Karpenter's PreferencePolicy Ignore: preferred (anti-)affinity terms and ScheduleAnyway
  // spread constraints are dropped instead of being treated as required until relaxed.
  bool ignore_preferences = false;
  // Namespace name -> labels, for affinity terms with a namespaceSelector. Namespaces of the
  // given pods are added (without labels) so that an empty selector covers them all.
  std::map<std::string, std::map<std::string, std::string>> namespace_labels;
};

// What the cluster looks like when the solve starts. The spans are read during Make only; the
// Nodes and Pods that `nodes` and `existing_pods` point to must outlive the Topology (a group
// created later by Update counts them).
struct TopologyInput {
  std::span<const TopologyNodePool> node_pools;
  // Registered Nodes (not in-flight NodeClaims). Their labels add domains to each group whose node
  // filter they pass, and they place the existing pods.
  std::span<const api::Node* const> nodes;
  // Every pod in the cluster. Pods not bound to a known Node, terminal (Succeeded/Failed) or
  // terminating pods, and pods that are also in `pods` are not counted.
  std::span<const api::Pod* const> existing_pods;
  // The pods about to be scheduled: their constraints create the groups.
  std::span<const api::Pod* const> pods;
  // A disruption pass's shared view of the cluster (topology_base.h, internal to the solver).
  // When set, node_pools, nodes and existing_pods are ignored: the base's entries, minus those
  // `excluded_entries` marks (indexed like the base's entries; a shorter vector excludes nothing
  // beyond its end), stand for them; `implicit_hostnames` (sorted, outliving the Topology) are
  // registered in every group built now, as Register(kubernetes.io/hostname, h) for each would
  // (the caller skips those calls). Decisions equal a build over the filtered input's.
  const TopologyBase* base = nullptr;
  const std::vector<bool>* excluded_entries = nullptr;
  const std::vector<std::string_view>* implicit_hostnames = nullptr;
};

// Valid zones for a pod under its zonal topology groups (upstream GetTopologyZoneConstraints).
struct ZoneConstraint {
  bool satisfiable = true;         // false: some zonal group leaves no zone
  bool constrained = false;        // false: no zonal group owns the pod (every zone is fine)
  std::vector<std::string> zones;  // sorted; meaningful when constrained
};

// A read-only view of one group, for tests and diagnostics.
struct TopologyGroupInfo {
  TopologyType type;
  std::string key;
  bool inverse = false;
  size_t owners = 0;
  std::map<std::string, int32_t> counts;  // registered domains only
};

class Topology {
 public:
  // Builds the domain universe, the groups of `input.pods` and the inverse anti-affinity groups
  // of the existing pods, and counts existing pods. Fails only on a namespaceSelector that does
  // not compile (an invalid label selector selects nothing, as upstream).
  [[nodiscard]] static Result<std::unique_ptr<Topology>> Make(const TopologyInput& input,
                                                              TopologyOptions options = {});
  ~Topology();
  Topology(const Topology&) = delete;
  Topology& operator=(const Topology&) = delete;

  // Hot path of CanAdd. `node_requirements` is the caller's working copy of the node's
  // requirements (already intersected with the pod's); `pod_requirements` the pod's strict
  // requirements (nodeSelector and the required node-affinity term in use, without preferences)
  // that limit which domains the pod may use. For every group that owns the pod, and every
  // inverse group that selects it, the domains allowed are computed against `node_requirements`
  // as it was on entry, then all are intersected into it. Returns false, leaving
  // `node_requirements` unchanged, when some group allows no domain, the domains conflict, or a
  // group's key is one the node does not define and `options` does not excuse (upstream's
  // Compatible check after AddRequirements). Builds no strings.
  [[nodiscard]] bool Narrow(const api::Pod& pod, std::span<const api::Taint> node_taints,
                            const api::Requirements& pod_requirements,
                            api::Requirements& node_requirements,
                            const api::CompatibilityOptions& options = {}) const;

  // A cheap necessary condition for Narrow, for callers that want to avoid copying a node's
  // requirements for a pod that topology rejects anyway: `node_requirements` is the node's own
  // (not yet merged with the pod's). False means Narrow would fail on the merged requirements;
  // true means it may succeed. Builds nothing.
  [[nodiscard]] bool MayAdmit(const api::Pod& pod, const api::Requirements& pod_requirements,
                              const api::Requirements& node_requirements,
                              const api::CompatibilityOptions& options = {}) const;

  // Upstream AddRequirements: `node_requirements` plus the topology domains, or an error reading
  // "unsatisfiable topology constraint for topology spread, key=topology.kubernetes.io/zone
  // (counts = test-zone-1: 1, test-zone-2: 0, podDomains = ..., nodeDomains = ...". Unlike
  // Narrow it does not check that the node defines the keys; callers follow upstream with
  // node_requirements.Compatible(result) and Add.
  [[nodiscard]] Result<api::Requirements> AddRequirements(
      const api::Pod& pod, std::span<const api::Taint> node_taints,
      const api::Requirements& pod_requirements, const api::Requirements& node_requirements) const;

  // The pod has been committed to a node with these taints and final requirements: every group
  // that selects it (and whose node filter the node passes) counts it in the node's domain when
  // the requirement for its key has one value; anti-affinity groups count every value still
  // possible. Inverse groups the pod owns record the node's possible domains.
  void Record(const api::Pod& pod, std::span<const api::Taint> node_taints,
              const api::Requirements& node_requirements);

  // Makes `domain` of `key` known to every group on that key (a new NodeClaim's hostname).
  void Register(std::string_view key, std::string_view domain);
  // Forgets `domain` of `key` and its count in every group on that key.
  void Unregister(std::string_view key, std::string_view domain);

  // Recomputes the groups the pod owns from its current spec (after its preferences were
  // relaxed): it stops owning groups for terms it no longer has and joins (or creates) groups for
  // the ones it has. Fails only on a namespaceSelector that does not compile.
  [[nodiscard]] Status Update(const api::Pod& pod);

  // The zones the pod's zonal groups allow, ignoring any node.
  ZoneConstraint ZoneConstraints(const api::Pod& pod,
                                 const api::Requirements& pod_requirements) const;

  // Whether any group owns the pod or any inverse group selects it: when false, Narrow is a
  // no-op for this pod and callers may skip it.
  bool Constrains(const api::Pod& pod) const;

  std::vector<TopologyGroupInfo> Groups() const;

 private:
  explicit Topology(std::unique_ptr<TopologyState> state);
  std::unique_ptr<TopologyState> state_;
};

}  // namespace tidepool::scheduling
