// The NodeClaim lifecycle controller (kubernetes-sigs/karpenter
// pkg/controllers/nodeclaim/lifecycle: controller.go, launch.go, registration.go,
// initialization.go, liveness.go). For every NodeClaim not being deleted, one reconcile:
//   0. adds the karpenter.sh/termination finalizer;
//   1. Launch: until Launched is True or False, calls CloudProvider::Create and copies what it
//      returns (labels under the claim's own, annotations, providerID, imageID, capacity,
//      allocatable), then sets Launched True. Insufficient capacity deletes the claim and records
//      InsufficientCapacityError (its pods go pending again and the next solve avoids the
//      offering); any other error sets Launched Unknown/LaunchFailed with the message (cut at 300
//      characters) and is retried with exponential backoff, until liveness gives up.
//   2. Registration: until Registered is True or False, looks for the Node with the claim's
//      providerID (none: Registered Unknown/NodeNotFound). It then syncs the claim onto the Node
//      (finalizer, owner reference to the claim, taints and startupTaints merged unless the Node
//      is labelled karpenter.sh/do-not-sync-taints=true, annotations and labels), removes
//      karpenter.sh/unregistered:NoExecute, labels karpenter.sh/registered=true, and sets
//      Registered True and status.nodeName. A Node that arrives without the unregistered taint is
//      still registered, with an UnregisteredTaintMissing warning.
//   3. Initialization: once Registered, until Initialized is True or False: the Node must be
//      Ready, carry none of the claim's startupTaints and no known ephemeral taint, and have
//      non-zero allocatable for every resource the claim requests. Each unmet step sets
//      Initialized Unknown with upstream's reason and message. Then the Node is labelled
//      karpenter.sh/initialized=true and Initialized is True.
//   4. Liveness: a claim not Launched within launch_timeout (5 min) of the Launched condition's
//      transition, or not Registered within registration_timeout (15 min) of the Registered
//      condition's, is deleted.
// The root condition Ready follows the three (True when all are; otherwise the status, reason and
// message of the first that is not). Conditions missing on a new claim start Unknown with reason
// AwaitingReconciliation, as operatorpkg's condition set initialises them, so the timeouts count
// from the first reconcile.
//
// Deleting claims are left to the termination flow
// (termination/nodeclaim_termination_controller.h), which is upstream's finalize() of this same
// controller.
//
// Level-based: a pass reads the cache and writes only what changed (one UpdateNodeClaim per claim
// at most). Upstream reacts to watches; here Start() reruns Reconcile every poll interval, or
// sooner when a liveness deadline is due.
//
// Ownership: borrows everything it is given. Not thread-safe: runs on the clock's dispatching
// thread.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "api/karpenter/nodeclaim.h"
#include "api/karpenter/nodeclaim_conditions.h"
#include "cloud/cloud_provider.h"
#include "cluster/cluster_state.h"
#include "cluster/cluster_writer.h"
#include "cluster/node_writer.h"
#include "core/clock.h"
#include "core/duration.h"
#include "core/periodic_run.h"
#include "core/status.h"
#include "core/time.h"

namespace tidepool::lifecycle {

// Upstream's event reasons (pkg/events/reason.go).
inline constexpr std::string_view kReasonInsufficientCapacityError = "InsufficientCapacityError";
inline constexpr std::string_view kReasonUnregisteredTaintMissing = "UnregisteredTaintMissing";

struct NodeClaimLifecycleOptions {
  // Upstream LaunchTimeout and registrationTimeout.
  Duration launch_timeout = Duration::Minutes(5);
  Duration registration_timeout = Duration::Minutes(15);
  // How often Start() reruns a pass when nothing is due sooner (stands in for the watches).
  Duration poll_interval = Duration::Seconds(1);
  // How soon a failed write is retried.
  Duration error_requeue = Duration::Seconds(1);
  // Failed launches of one claim are retried after 1 s, 2 s, 4 s, ... up to 1 min (upstream's
  // per-item exponential failure rate limiter, which resets on success).
  Duration launch_backoff_base = Duration::Seconds(1);
  Duration launch_backoff_max = Duration::Minutes(1);
};

class NodeClaimLifecycleController {
 public:
  NodeClaimLifecycleController(const cluster::ClusterState& state, cluster::NodeWriter& writer,
                               cluster::ClusterWriter& events, cloud::CloudProvider& cloud,
                               Clock& clock, NodeClaimLifecycleOptions options = {});
  // Cancels the pending run, if started.
  ~NodeClaimLifecycleController() = default;
  NodeClaimLifecycleController(const NodeClaimLifecycleController&) = delete;
  NodeClaimLifecycleController& operator=(const NodeClaimLifecycleController&) = delete;

  // Reconciles every NodeClaim that still has lifecycle work. Returns when to run again.
  Duration Reconcile();
  // One NodeClaim by name (a missing one is done). Returns when it wants to be looked at again
  // (nullopt: only on change), or the first error of a cloud call or a write.
  [[nodiscard]] Result<std::optional<Duration>> ReconcileNodeClaim(std::string_view name);
  // Runs Reconcile on the clock, rescheduling itself.
  void Start();

  // Counters for tests and the simulator's summary.
  uint64_t launched() const { return launched_; }
  uint64_t registered() const { return registered_; }
  uint64_t initialized() const { return initialized_; }
  uint64_t deleted_insufficient_capacity() const { return deleted_insufficient_capacity_; }
  uint64_t deleted_launch_timeout() const { return deleted_launch_timeout_; }
  uint64_t deleted_registration_timeout() const { return deleted_registration_timeout_; }

 private:
  // What one sub-reconciler decided.
  struct Step {
    std::optional<Duration> requeue;
    bool deleted = false;  // the claim was deleted; stop
  };

  [[nodiscard]] Result<Step> Launch(api::NodeClaim& node_claim);
  [[nodiscard]] Result<Step> Register(api::NodeClaim& node_claim);
  [[nodiscard]] Result<Step> Initialize(api::NodeClaim& node_claim);
  [[nodiscard]] Result<Step> Liveness(api::NodeClaim& node_claim);
  // Whether a claim needs no reconcile at all (everything True, finalizer present).
  static bool Settled(const api::NodeClaim& node_claim);

  const cluster::ClusterState& state_;
  cluster::NodeWriter& writer_;
  cluster::ClusterWriter& events_;
  cloud::CloudProvider& cloud_;
  Clock& clock_;
  const NodeClaimLifecycleOptions options_;
  // Claims Create returned whose status write has not landed yet (upstream's launch cache, keyed
  // by uid or, without one, by name): a retry reuses the instance instead of launching another.
  std::map<std::string, api::NodeClaim, std::less<>> launch_cache_;
  // Per claim name: consecutive launch failures and when the next attempt may run.
  struct Backoff {
    int failures = 0;
    Time next_attempt;
  };
  std::map<std::string, Backoff, std::less<>> launch_backoff_;
  PeriodicRun periodic_{clock_};
  uint64_t launched_ = 0;
  uint64_t registered_ = 0;
  uint64_t initialized_ = 0;
  uint64_t deleted_insufficient_capacity_ = 0;
  uint64_t deleted_launch_timeout_ = 0;
  uint64_t deleted_registration_timeout_ = 0;
};

}  // namespace tidepool::lifecycle
