// The NodeClaim disruption-condition controller (kubernetes-sigs/karpenter
// pkg/controllers/nodeclaim/disruption: controller.go, drift.go, consolidation.go).
// status.lastPodEventTime, which Consolidatable is measured from, is stamped by
// cluster::ClusterState itself on every pod event (upstream's podevents controller).
//
// The controller keeps two status conditions on every NodeClaim that belongs to a NodePool
// (label karpenter.sh/nodepool) and is not being deleted; the disruption methods read them:
//   - Drifted (reason = message = why): cleared while the claim is not Launched. Otherwise, in
//     this order, the first that holds:
//       NodePoolDrifted      the claim's karpenter.sh/nodepool-hash differs from the pool's, both
//                            annotated with the same hash version (see nodepool_hash.h);
//       RequirementsDrifted  the pool's requirements are no longer compatible with the claim's
//                            labels;
//       InstanceTypeNotFound the claim's instance type (or any offering, available or not,
//                            matching its zone and capacity type; a reserved claim may also match
//                            on-demand) is gone from the pool's catalogue. Checked only for claims
//                            older than an hour, and a claim that passed is not re-checked for 30
//                            minutes (GetInstanceTypes is expensive);
//       the provider's reason (CloudProvider::IsDrifted).
//     Requeue after 5 minutes.
//   - Consolidatable (not for static pools, spec.replicas set): cleared when consolidateAfter is
//     Never or the claim is not Initialized; cleared while IsUnderConsolidateAfter (requeue when
//     it ends); set True otherwise.
// Conditions follow operatorpkg: one per type, lastTransitionTime changes only with the status,
// SetTrue writes reason = type. Changes are written with NodeWriter::UpdateNodeClaim.
//
// Not thread-safe: runs on the clock's dispatching thread.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "api/karpenter/nodeclaim.h"
#include "api/karpenter/nodeclaim_conditions.h"
#include "api/karpenter/nodepool.h"
#include "cloud/cloud_provider.h"
#include "cloud/instance_type.h"
#include "cluster/cluster_state.h"
#include "cluster/node_writer.h"
#include "core/clock.h"
#include "core/duration.h"
#include "core/periodic_run.h"
#include "core/status.h"
#include "core/time.h"

namespace tidepool::disruption {

// Aliases of api/karpenter/nodeclaim_conditions.h kept for code outside this module's
// ownership (the disruption benchmark, the orchestration queue); new code uses the api names.
inline constexpr std::string_view kConditionLaunched = api::kConditionTypeLaunched;
inline constexpr std::string_view kConditionInitialized = api::kConditionTypeInitialized;
inline constexpr std::string_view kConditionConsolidatable = api::kConditionTypeConsolidatable;

inline constexpr std::string_view kDriftReasonNodePoolDrifted = "NodePoolDrifted";
inline constexpr std::string_view kDriftReasonRequirementsDrifted = "RequirementsDrifted";
inline constexpr std::string_view kDriftReasonInstanceTypeNotFound = "InstanceTypeNotFound";

// ---- drift rules (pure) -------------------------------------------------------------------------
// Upstream areStaticFieldsDrifted: NodePoolDrifted when the pool and the claim both carry the hash
// and hash-version annotations, the versions are equal and the hashes are not; "" otherwise.
std::string_view StaticDriftReason(const api::NodePool& node_pool,
                                   const api::NodeClaim& node_claim);
// Upstream areRequirementsDrifted: RequirementsDrifted when the claim's labels (as In
// requirements) are not Compatible with the pool's template requirements.
std::string_view RequirementsDriftReason(const api::NodePool& node_pool,
                                         const api::NodeClaim& node_claim);
// Upstream instanceTypeNotFound over the pool's catalogue.
std::string_view InstanceTypeNotFoundReason(std::span<const cloud::InstanceTypePtr> instance_types,
                                            const api::NodeClaim& node_claim);

// ---- the controller -----------------------------------------------------------------------------
struct NodeClaimDisruptionOptions {
  Duration drift_requeue = Duration::Minutes(5);
  // InstanceTypeNotFound is only considered for claims older than this...
  Duration instance_type_check_min_age = Duration::Hours(1);
  // ...and a claim whose instance type was found is not checked again for this long.
  Duration instance_type_check_ttl = Duration::Minutes(30);
  // Upstream reacts to NodeClaim, NodePool and Pod events; Start() re-runs the pass this often.
  Duration period = Duration::Seconds(10);
};

class NodeClaimDisruptionController {
 public:
  NodeClaimDisruptionController(const cluster::ClusterState& state, cluster::NodeWriter& writer,
                                cloud::CloudProvider& cloud, Clock& clock,
                                NodeClaimDisruptionOptions options = {});

  // One claim: updates its conditions (writing the claim if they changed) and returns when it
  // wants to be looked at again (nullopt: only on the next event). Errors come from the cloud
  // (GetInstanceTypes) or the write; the conditions computed before the error are still written.
  [[nodiscard]] Result<std::optional<Duration>> Reconcile(const api::NodeClaim& node_claim);
  // Every NodeClaim; returns options.period (or sooner, when a claim asked for it).
  Duration Reconcile();
  void Start();

 private:
  struct PassCache;  // instance types by pool, for one pass
  [[nodiscard]] Result<std::optional<Duration>> ReconcileWith(const api::NodeClaim& node_claim,
                                                              PassCache& cache);
  // Upstream Drift.Reconcile on `claim` (modified in place).
  [[nodiscard]] Result<std::optional<Duration>> ReconcileDrift(const api::NodePool& node_pool,
                                                               api::NodeClaim& claim,
                                                               PassCache& cache);
  [[nodiscard]] Result<std::string> DriftReason(const api::NodePool& node_pool,
                                                const api::NodeClaim& claim, PassCache& cache);
  // Upstream Consolidation.Reconcile.
  std::optional<Duration> ReconcileConsolidatable(const api::NodePool& node_pool,
                                                  api::NodeClaim& claim) const;

  const cluster::ClusterState& state_;
  cluster::NodeWriter& writer_;
  cloud::CloudProvider& cloud_;
  Clock& clock_;
  const NodeClaimDisruptionOptions options_;
  // Claims (by UID, or name without one) whose instance type was found, until when the finding
  // holds (upstream's instanceTypeNotFoundCheckCache).
  std::map<std::string, Time, std::less<>> instance_type_found_until_;
  // Last: destroyed first, cancelling the pending run.
  PeriodicRun periodic_{clock_};
};

}  // namespace tidepool::disruption
