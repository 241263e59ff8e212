// karpenter.sh/v1 NodeClaim (kubernetes-sigs/karpenter pkg/apis/v1/nodeclaim.go,
// nodeclaim_status.go): one node Karpenter has decided to launch, cluster-scoped, spec immutable.
// Also the types NodeClaim shares with NodePool's template: NodeClassReference and the status
// condition of awslabs/operatorpkg.
//
// Defaults: the CRD's one default, expireAfter 720h, applied by SetDefaults. Validation
// (nodeclaim_validation.cc) applies the CRD's schema (patterns, enums, bounds, required fields)
// and its CEL rules with their messages. Status is decoded leniently: it is written by
// controllers, not users, and unknown status fields are kept without complaint.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/codec_fwd.h"
#include "api/extra_fields.h"
#include "api/field_errors.h"
#include "api/meta.h"
#include "api/node_selector.h"
#include "api/resources.h"
#include "api/taint.h"
#include "core/duration.h"

namespace tidepool::api {

inline constexpr const char* kKarpenterApiVersion = "karpenter.sh/v1";
inline constexpr const char* kNodeClaimKind = "NodeClaim";
// expireAfter when the manifest leaves it out (the CRD default).
inline constexpr Duration kDefaultExpireAfter = Duration::Hours(720);

// The operators a karpenter.sh requirement may use (NodeSelectorOperator plus Gte and Lte).
inline constexpr const char* kNodeSelectorOpIn = "In";
inline constexpr const char* kNodeSelectorOpNotIn = "NotIn";
inline constexpr const char* kNodeSelectorOpExists = "Exists";
inline constexpr const char* kNodeSelectorOpDoesNotExist = "DoesNotExist";
inline constexpr const char* kNodeSelectorOpGt = "Gt";
inline constexpr const char* kNodeSelectorOpLt = "Lt";
inline constexpr const char* kNodeSelectorOpGte = "Gte";
inline constexpr const char* kNodeSelectorOpLte = "Lte";

// Reference to the provider's node class (for AWS: group karpenter.k8s.aws, kind EC2NodeClass).
struct NodeClassReference {
  std::string group;  // required, non-empty, no '/'
  std::string kind;   // required, non-empty
  std::string name;   // required, non-empty
  ExtraFields extra;
  friend bool operator==(const NodeClassReference&, const NodeClassReference&) = default;
};
TIDEPOOL_DECLARE_CODEC(NodeClassReference);

// A status condition as Karpenter's controllers write them (operatorpkg status.Condition, the
// shape of metav1.Condition).
struct StatusCondition {
  std::string type;
  std::string status;  // True, False, Unknown
  std::string reason;
  std::string message;
  std::string last_transition_time;  // RFC 3339, as written
  int64_t observed_generation = 0;
  ExtraFields extra;
  friend bool operator==(const StatusCondition&, const StatusCondition&) = default;
};
TIDEPOOL_DECLARE_CODEC(StatusCondition);

struct NodeClaimResources {
  ResourceList requests;
  ExtraFields extra;
  friend bool operator==(const NodeClaimResources&, const NodeClaimResources&) = default;
};
TIDEPOOL_DECLARE_CODEC(NodeClaimResources);

struct NodeClaimSpec {
  std::vector<Taint> taints;
  std::vector<Taint> startup_taints;
  // Required (may be empty); NodeSelectorRequirement with minValues.
  std::vector<NodeSelectorRequirement> requirements;
  NodeClaimResources resources;
  std::optional<NodeClassReference> node_class_ref;  // required
  std::optional<Duration> termination_grace_period;  // unset: wait for pods forever
  std::optional<NillableDuration> expire_after;      // defaulted to 720h; Never is allowed
  ExtraFields extra;
  friend bool operator==(const NodeClaimSpec&, const NodeClaimSpec&) = default;
};
TIDEPOOL_DECLARE_CODEC(NodeClaimSpec);

struct NodeClaimStatus {
  std::string node_name;
  std::string provider_id;
  std::string image_id;
  ResourceList capacity;
  ResourceList allocatable;
  std::vector<StatusCondition> conditions;
  std::string last_pod_event_time;  // RFC 3339, as written
  ExtraFields extra;
  friend bool operator==(const NodeClaimStatus&, const NodeClaimStatus&) = default;
};
TIDEPOOL_DECLARE_CODEC(NodeClaimStatus);

struct NodeClaim : Object {
  NodeClaimSpec spec;
  NodeClaimStatus status;

  std::unique_ptr<Object> Clone() const override { return std::make_unique<NodeClaim>(*this); }
  friend bool operator==(const NodeClaim& a, const NodeClaim& b) {
    return a.HeaderEquals(b) && a.spec == b.spec && a.status == b.status;
  }
};
TIDEPOOL_DECLARE_CODEC(NodeClaim);

// expireAfter with its default applied (Never when the NodeClaim says so).
NillableDuration EffectiveExpireAfter(const std::optional<NillableDuration>& expire_after);

void SetDefaults(NodeClaim& node_claim);
// The CRD's schema and CEL rules (see nodeclaim_validation.cc).
void Validate(const NodeClaim& node_claim, FieldErrors& errors);

}  // namespace tidepool::api
