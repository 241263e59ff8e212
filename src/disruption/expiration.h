// NodeClaim expiration (kubernetes-sigs/karpenter pkg/controllers/nodeclaim/expiration): a
// NodeClaim is deleted once creationTimestamp + spec.expireAfter has passed. Expiration is
// forceful: it ignores disruption budgets, do-not-disrupt and PDBs at this point (the termination
// flow then drains the node, bounded by terminationGracePeriod), and it does not wait for a
// replacement: pods go pending and are provisioned again.
//
// A claim that is already being deleted, or whose expireAfter is Never, is left alone. The
// deletion (NodeWriter::DeleteNodeClaim; with the termination finalizer it only sets the
// deletionTimestamp) is recorded as a DisruptionTerminating event "Disrupting NodeClaim: Expired"
// on the claim, and on its Node when it has one, as the disruption controller records it.
//
// Not thread-safe: runs on the clock's dispatching thread.
#pragma once

#include <optional>

#include "api/karpenter/nodeclaim.h"
#include "cluster/cluster_state.h"
#include "cluster/cluster_writer.h"
#include "cluster/node_writer.h"
#include "core/clock.h"
#include "core/duration.h"
#include "core/periodic_run.h"
#include "core/status.h"
#include "core/time.h"

namespace tidepool::disruption {

// When the claim expires: creationTimestamp + expireAfter (its default applied); nullopt for
// Never or an unparseable creationTimestamp.
std::optional<Time> ExpirationTime(const api::NodeClaim& node_claim);

struct ExpirationOptions {
  // Upstream requeues each claim at its expiry; the periodic pass here wakes at the earliest
  // expiry, but at least this often (claims created meanwhile are seen on the next pass).
  Duration max_period = Duration::Minutes(1);
};

class ExpirationController {
 public:
  ExpirationController(const cluster::ClusterState& state, cluster::NodeWriter& writer,
                       cluster::ClusterWriter& events, Clock& clock,
                       ExpirationOptions options = {});

  // One claim. Deletes it when expired and returns nullopt; otherwise returns the time until it
  // expires (nullopt when it never does). kNotFound from the delete counts as done.
  [[nodiscard]] Result<std::optional<Duration>> Reconcile(const api::NodeClaim& node_claim);
  // Every NodeClaim; returns when to run again (the earliest expiry, at most max_period).
  Duration Reconcile();
  void Start();

 private:
  const cluster::ClusterState& state_;
  cluster::NodeWriter& writer_;
  cluster::ClusterWriter& events_;
  Clock& clock_;
  const ExpirationOptions options_;
  // Last: destroyed first, cancelling the pending run.
  PeriodicRun periodic_{clock_};
};

}  // namespace tidepool::disruption
