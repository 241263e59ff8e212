// The NodePool's static-drift hash and the controller that stamps it (kubernetes-sigs/karpenter
// pkg/apis/v1/nodepool.go NodePool.Hash, pkg/controllers/nodepool/hash/controller.go).
//
// Static drift: a NodeClaim records the hash of its pool's template when it is launched
// (annotation karpenter.sh/nodepool-hash, with karpenter.sh/nodepool-hash-version). When the pool's
// template changes in a field that cannot be changed on a running node, the hashes differ and the
// claim is Drifted (see nodeclaim_disruption.h).
//
// What is hashed: spec.template: metadata labels and annotations, taints, startupTaints,
// nodeClassRef, terminationGracePeriod and expireAfter. Not hashed, as upstream's hash:"ignore"
// tags say: requirements (drift on them is decided by compatibility, RequirementsDrifted),
// resources, and everything outside the template (disruption incl. budgets, limits, weight):
// changing those is "behaviour" and never drifts a node.
//
// Upstream hashes with mitchellh/hashstructure v2 (SlicesAsSets, IgnoreZeroValue, ZeroNil). Those
// numbers cannot be reproduced here, so tidepool has its own stable 64-bit hash (FNV-1a over a
// canonical encoding) with the same invariances: the order of taints is irrelevant, a zero or
// empty value hashes as if absent, and the ignored fields do not count. Because the numbers
// differ, the version is tidepool's own (kNodePoolHashVersion, not upstream's "v3"): a NodeClaim
// launched by real Karpenter carries another version, and the hash controller re-stamps it with
// our hash instead of drifting it (the hash-version mechanism of upstream's
// designs/drift-hash-versioning.md), so adopting a cluster causes no drift storm.
//
// Thread-safety: the functions are pure. The controller is not thread-safe (runs on the clock's
// dispatching thread).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "api/karpenter/nodeclaim.h"
#include "api/karpenter/nodepool.h"
#include "cluster/cluster_state.h"
#include "cluster/node_writer.h"
#include "core/clock.h"
#include "core/duration.h"
#include "core/periodic_run.h"
#include "core/status.h"

namespace tidepool::disruption {

inline constexpr std::string_view kNodePoolHashAnnotation = "karpenter.sh/nodepool-hash";
inline constexpr std::string_view kNodePoolHashVersionAnnotation =
    "karpenter.sh/nodepool-hash-version";
// tidepool's hash version. Bump it whenever the canonical encoding changes, a hashed field's
// default changes, or a field joins or leaves the hash (upstream's rule for NodePoolHashVersion).
inline constexpr std::string_view kNodePoolHashVersion = "tidepool-v1";

// The hash of a template's static fields. expireAfter is hashed with its default applied (absent
// and 720h are the same, as upstream sees them after API-server defaulting).
uint64_t HashNodeClaimTemplate(const api::NodeClaimTemplate& node_claim_template);
// NodePool.Hash(): HashNodeClaimTemplate of spec.template in decimal.
std::string NodePoolHash(const api::NodePool& node_pool);

// Sets the pool's hash and hash-version annotations. Returns whether they changed.
bool StampNodePoolHash(api::NodePool& node_pool);
// Sets a NodeClaim's hash annotations to `hash` and the current version (what the provisioner
// does to every claim it launches). Returns whether they changed.
bool StampNodeClaimHash(api::NodeClaim& node_claim, std::string_view hash);

struct NodePoolHashOptions {
  // Upstream reacts to NodePool events; here the controller re-checks every pool periodically
  // (a no-op unless a template or a version changed).
  Duration period = Duration::Seconds(10);
};

// Upstream's nodepool.hash controller. For each NodePool: when the pool's hash version is not
// ours, first re-stamps every NodeClaim of the pool (label karpenter.sh/nodepool) whose version is
// not ours: the version always, the hash only when the claim has no Drifted condition (a claim
// already drifted stays drifted: the old hash cannot tell whether it still is). Then stamps the
// pool's own hash and version.
//
// NodeClaims are written through NodeWriter::UpdateNodeClaim. NodeWriter has no NodePool write,
// so the pool is written through `update_node_pool` (ClusterState::Put in the simulator).
class NodePoolHashController {
 public:
  using NodePoolUpdater = std::function<Status(api::NodePool)>;

  NodePoolHashController(const cluster::ClusterState& state, cluster::NodeWriter& writer,
                         NodePoolUpdater update_node_pool, Clock& clock,
                         NodePoolHashOptions options = {});

  // One pool. Errors from the writes are returned (the first); the other claims are still tried.
  [[nodiscard]] Status Reconcile(const api::NodePool& node_pool);
  // Every pool; returns when to run again.
  Duration Reconcile();
  // Runs Reconcile() every options.period on the clock.
  void Start();

 private:
  [[nodiscard]] Status RestampNodeClaims(const api::NodePool& node_pool, const std::string& hash);

  const cluster::ClusterState& state_;
  cluster::NodeWriter& writer_;
  NodePoolUpdater update_node_pool_;
  Clock& clock_;
  const NodePoolHashOptions options_;
  // Last: destroyed first, cancelling the pending run.
  PeriodicRun periodic_{clock_};
};

}  // namespace tidepool::disruption
