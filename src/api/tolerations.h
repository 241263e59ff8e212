// Taint/toleration matching and validation with upstream semantics:
//   - matching: k8s.io/api core/v1 toleration.go (ToleratesTaint, MatchToleration), taint.go
//     (MatchTaint, ToString), k8s.io/component-helpers scheduling/corev1 helpers.go
//     (TolerationsTolerateTaint, FindMatchingUntoleratedTaint), and Karpenter's
//     pkg/scheduling/taints.go (Taints.Tolerates, Merge, IsKnownEphemeralTaint);
//   - validation: k8s.io/kubernetes pkg/apis/core/validation (ValidateTolerations,
//     validateNodeTaints, validateTaintEffect), with the API server's messages.
//
// A toleration matches a taint when its effect is empty or equal, its key is empty or equal, and
// its operator agrees: Equal (also the empty operator) compares values, Exists ignores them, and
// Lt/Gt (alpha in Kubernetes 1.35, gated by `enable_comparison_operators`) compare the values as
// canonical decimal integers ("taint value < toleration value" for Lt). tolerationSeconds does not
// affect matching; it tells the NoExecute eviction logic how long a tolerated taint is tolerated.
//
// Thread-safety: pure functions.
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "api/field_errors.h"
#include "api/taint.h"
#include "core/status.h"

namespace tidepool::api {

inline constexpr std::string_view kTolerationOpEqual = "Equal";
inline constexpr std::string_view kTolerationOpExists = "Exists";
inline constexpr std::string_view kTolerationOpLt = "Lt";
inline constexpr std::string_view kTolerationOpGt = "Gt";

// Well-known taint keys (core/v1 well_known_taints.go, Karpenter's taints.go).
inline constexpr std::string_view kTaintNodeNotReady = "node.kubernetes.io/not-ready";
inline constexpr std::string_view kTaintNodeUnreachable = "node.kubernetes.io/unreachable";
inline constexpr std::string_view kTaintNodeUnschedulable = "node.kubernetes.io/unschedulable";
inline constexpr std::string_view kTaintExternalCloudProvider =
    "node.cloudprovider.kubernetes.io/uninitialized";
inline constexpr std::string_view kDisruptedTaintKey = "karpenter.sh/disrupted";
inline constexpr std::string_view kUnregisteredTaintKey = "karpenter.sh/unregistered";

// Toleration.ToleratesTaint.
bool ToleratesTaint(const Toleration& toleration, const Taint& taint,
                    bool enable_comparison_operators = false);
// Toleration.MatchToleration: same key, effect, operator and value (tolerations are unique by
// these four).
bool MatchToleration(const Toleration& a, const Toleration& b);
// Taint.MatchTaint: same key and effect (taints are unique by these two).
bool MatchTaint(const Taint& a, const Taint& b);
// Taint.ToString: "key=value:effect", "key=value:", "key:effect" or "key".
std::string TaintToString(const Taint& taint);

// TolerationsTolerateTaint: some toleration tolerates the taint.
bool TolerationsTolerateTaint(std::span<const Toleration> tolerations, const Taint& taint,
                              bool enable_comparison_operators = false);
// FindMatchingUntoleratedTaint: the first taint that passes `filter` (all taints when the filter
// is empty) and that no toleration tolerates.
std::optional<Taint> FindMatchingUntoleratedTaint(
    std::span<const Taint> taints, std::span<const Toleration> tolerations,
    const std::function<bool(const Taint&)>& filter = {}, bool enable_comparison_operators = false);
// The filter the scheduler's TaintToleration plugin uses: NoSchedule and NoExecute taints.
bool IsDoNotScheduleTaint(const Taint& taint);

// Karpenter's Taints.Tolerates: every taint must be tolerated (comparison operators enabled, as
// Karpenter passes true). The error lists each untolerated taint: "did not tolerate taint
// key=value:Effect; did not tolerate taint ...".
[[nodiscard]] Status TaintsTolerated(std::span<const Taint> taints,
                                     std::span<const Toleration> tolerations);
// Karpenter's Taints.Merge: `base` plus each taint of `with` that matches none already present.
std::vector<Taint> MergeTaints(std::span<const Taint> base, std::span<const Taint> with);
// Karpenter's IsKnownEphemeralTaint: taints a node carries only while it initialises
// (not-ready, unreachable, the cloud provider's uninitialized taint, karpenter.sh/unregistered,
// and any key under readiness.k8s.io/).
bool IsKnownEphemeralTaint(const Taint& taint);

// ValidateTolerations: each toleration's key must be a qualified name; an empty key needs
// operator Exists; tolerationSeconds needs effect NoExecute; Equal (or empty) needs a valid label
// value; Exists needs an empty value; other operators are not supported (Lt/Gt are accepted when
// `allow_comparison_operators`, with a canonical decimal integer value); a non-empty effect must
// be NoSchedule, PreferNoSchedule or NoExecute. Errors go under `path`[i].
void ValidateTolerations(std::span<const Toleration> tolerations, std::string_view path,
                         FieldErrors& errors, bool allow_comparison_operators = false);
// validateNodeTaints: key a qualified name, value a valid label value, effect required and one of
// the three, and taints unique by key and effect.
void ValidateTaints(std::span<const Taint> taints, std::string_view path, FieldErrors& errors);

}  // namespace tidepool::api
