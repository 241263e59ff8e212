// What the provisioner writes and refuses (kubernetes-sigs/karpenter
// pkg/controllers/provisioning/scheduling/nodeclaimtemplate.go ToNodeClaim, and
// provisioning/provisioner.go Validate): the NodeClaim a solved claim becomes, and which pending
// pods Karpenter will not provision for.
//
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>

#include "api/k8s/pod.h"
#include "api/karpenter/nodeclaim.h"
#include "api/well_known_labels.h"
#include "core/duration.h"
#include "scheduling/scheduler.h"

namespace tidepool::lifecycle {

// Upstream NodeClaimTemplate.ToNodeClaim for one solved claim: generateName "<pool>-"; the
// template's labels and annotations plus karpenter.sh/nodepool, the node-class label and any
// custom label the requirements pin to one value; an owner reference to the NodePool; the
// template's taints, startup taints, nodeClassRef, expireAfter and terminationGracePeriod (or
// `default_termination_grace_period`); requirements = the claim's, plus instance type In (its
// options, at most `max_instance_types`, keeping minValues) and capacity type In (those the
// options' available compatible offerings have), without the simulation-only keys; and
// resources.requests = the claim's requests (pods, DaemonSet overhead and the pod count).
api::NodeClaim ToNodeClaim(const scheduling::NewNodeClaim& claim, int max_instance_types,
                           const api::LabelKeySet& well_known_labels,
                           const std::optional<Duration>& default_termination_grace_period);

// Upstream Provisioner.Validate: "" for a pod Karpenter provisions for, else why it is ignored
// ("ignoring pod, <why>" in its FailedScheduling event): restricted labels or domains in the
// nodeSelector or required node affinity (upstream v1.ValidateRequirement: unsupported operator,
// In without values, Gt/Lt without a single integer), and terms with matchFields. Sets `silent`
// for a pod that requires karpenter.sh/nodepool DoesNotExist (it asked not to run on Karpenter's
// nodes): ignored without an event.
std::string ValidatePodForProvisioning(const api::Pod& pod, const api::LabelKeySet& well_known,
                                       bool& silent);

}  // namespace tidepool::lifecycle
