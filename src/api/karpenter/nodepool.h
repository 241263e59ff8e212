// karpenter.sh/v1 NodePool (kubernetes-sigs/karpenter pkg/apis/v1/nodepool.go): a template for
// the nodes Karpenter may launch, with their constraints, limits and disruption budgets.
// Cluster-scoped.
//
// Defaults (SetDefaults): the CRD's, as the API server writes them into the stored object:
// disruption.consolidateAfter 0s, disruption.consolidationPolicy WhenEmptyOrUnderutilized,
// disruption.budgets [{nodes: 10%}] (and nodes 10% in any budget that omits it),
// template.spec.expireAfter 720h. Fields that distinguish "absent" from "empty" upstream are
// std::optional here, so that defaulting and validation see what the user wrote. Durations are
// held as values and encoded in Go's form ("1m" is written back as "1m0s"); the duration
// patterns of the CRD are checked against that form, as they are for objects Karpenter's Go
// client writes.
//
// Validation (nodepool_validation.cc) has two layers, as upstream does. ValidateSchema applies
// the CRD: OpenAPI patterns, enums, bounds, required fields and the CEL rules, with the API
// server's messages. RuntimeValidate applies NodePool.RuntimeValidate (nodepool_validation.go:
// label and taint syntax, restricted labels, requirement operators and values), which upstream
// runs on stored NodePools and reports as ValidationSucceeded=False. Validate runs the schema and,
// when that passes, the runtime checks, so each problem is reported once, by the layer that
// would catch it first.
//
// Disruption budgets (nodepool_budgets.cc): Budget.IsActive / GetAllowedDisruptions and the
// NodePool-level GetAllowedDisruptionsByReason, with the UTC cron schedules of core/cron.h.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/codec_fwd.h"
#include "api/extra_fields.h"
#include "api/field_errors.h"
#include "api/karpenter/nodeclaim.h"
#include "api/meta.h"
#include "api/node_selector.h"
#include "api/resources.h"
#include "api/taint.h"
#include "core/duration.h"
#include "core/status.h"
#include "core/time.h"

namespace tidepool::api {

inline constexpr const char* kNodePoolKind = "NodePool";

inline constexpr const char* kConsolidationPolicyWhenEmpty = "WhenEmpty";
inline constexpr const char* kConsolidationPolicyWhenEmptyOrUnderutilized =
    "WhenEmptyOrUnderutilized";
inline constexpr const char* kConsolidationPolicyBalanced = "Balanced";

// The disruption reasons a budget may name.
inline constexpr const char* kDisruptionReasonUnderutilized = "Underutilized";
inline constexpr const char* kDisruptionReasonEmpty = "Empty";
inline constexpr const char* kDisruptionReasonDrifted = "Drifted";

inline constexpr const char* kDefaultBudgetNodes = "10%";
// What an inactive budget allows: unbounded (Go's math.MaxInt32).
inline constexpr int64_t kUnboundedDisruptions = 2147483647;

// labels and annotations copied to every NodeClaim and Node of the pool.
struct NodeClaimTemplateMetadata {
  std::map<std::string, std::string> labels;
  std::map<std::string, std::string> annotations;
  ExtraFields extra;
  friend bool operator==(const NodeClaimTemplateMetadata&,
                         const NodeClaimTemplateMetadata&) = default;
};
TIDEPOOL_DECLARE_CODEC(NodeClaimTemplateMetadata);

// NodeClaimTemplateSpec: a NodeClaimSpec without resources.
struct NodeClaimTemplateSpec {
  std::vector<Taint> taints;
  std::vector<Taint> startup_taints;  // applied at registration, ignored for provisioning
  std::vector<NodeSelectorRequirement> requirements;  // required (may be empty)
  std::optional<NodeClassReference> node_class_ref;   // required
  std::optional<Duration> termination_grace_period;   // unset: wait for pods forever
  std::optional<NillableDuration> expire_after;       // defaulted to 720h; Never is allowed
  ExtraFields extra;
  friend bool operator==(const NodeClaimTemplateSpec&, const NodeClaimTemplateSpec&) = default;
};
TIDEPOOL_DECLARE_CODEC(NodeClaimTemplateSpec);

struct NodeClaimTemplate {
  NodeClaimTemplateMetadata metadata;
  NodeClaimTemplateSpec spec;
  ExtraFields extra;
  friend bool operator==(const NodeClaimTemplate&, const NodeClaimTemplate&) = default;
};
TIDEPOOL_DECLARE_CODEC(NodeClaimTemplate);

// At most `nodes` of the pool's nodes may be disrupted at once; with a schedule, only during
// `duration` after each cron hit (UTC).
struct Budget {
  std::optional<std::string> nodes;     // "N" or "N%"; defaulted to 10%
  std::optional<std::string> schedule;  // cron (5 fields or @macro); set with duration
  std::optional<Duration> duration;     // hours and minutes only
  std::vector<std::string> reasons;     // empty: every reason
  ExtraFields extra;
  friend bool operator==(const Budget&, const Budget&) = default;
};
TIDEPOOL_DECLARE_CODEC(Budget);

struct Disruption {
  std::optional<NillableDuration> consolidate_after;  // defaulted to 0s; Never disables
  std::optional<std::string> consolidation_policy;    // defaulted to WhenEmptyOrUnderutilized
  // Defaulted to [{nodes: 10%}] when absent; an explicit empty list means no budget at all.
  std::optional<std::vector<Budget>> budgets;
  ExtraFields extra;
  friend bool operator==(const Disruption&, const Disruption&) = default;
};
TIDEPOOL_DECLARE_CODEC(Disruption);

struct NodePoolSpec {
  NodeClaimTemplate template_;
  Disruption disruption;
  ResourceList limits;              // checked against the summed capacity of the pool's nodes
  std::optional<int32_t> weight;    // 1..100; unset counts as 0
  std::optional<int64_t> replicas;  // static NodePool (alpha)
  ExtraFields extra;
  friend bool operator==(const NodePoolSpec&, const NodePoolSpec&) = default;
};
TIDEPOOL_DECLARE_CODEC(NodePoolSpec);

struct NodePoolStatus {
  ResourceList resources;
  int64_t nodes = 0;
  int64_t node_class_observed_generation = 0;
  std::vector<StatusCondition> conditions;
  ExtraFields extra;
  friend bool operator==(const NodePoolStatus&, const NodePoolStatus&) = default;
};
TIDEPOOL_DECLARE_CODEC(NodePoolStatus);

struct NodePool : Object {
  NodePoolSpec spec;
  NodePoolStatus status;

  std::unique_ptr<Object> Clone() const override { return std::make_unique<NodePool>(*this); }
  friend bool operator==(const NodePool& a, const NodePool& b) {
    return a.HeaderEquals(b) && a.spec == b.spec && a.status == b.status;
  }
};
TIDEPOOL_DECLARE_CODEC(NodePool);

void SetDefaults(NodePool& node_pool);
// ValidateSchema, then RuntimeValidate when the schema holds.
void Validate(const NodePool& node_pool, FieldErrors& errors);
// The CRD: OpenAPI schema and CEL rules.
void ValidateSchema(const NodePool& node_pool, FieldErrors& errors);
// NodePool.RuntimeValidate.
void RuntimeValidate(const NodePool& node_pool, FieldErrors& errors);

// Effective values, defaults applied.
NillableDuration EffectiveConsolidateAfter(const Disruption& disruption);
std::string EffectiveConsolidationPolicy(const Disruption& disruption);
int32_t EffectiveWeight(const NodePoolSpec& spec);

// The NodeClaim a template describes (NodeClaimTemplate.ToNodeClaim): its labels, annotations
// and spec; no name and no resource requests yet.
NodeClaim ToNodeClaim(const NodeClaimTemplate& node_claim_template);

// ---- Disruption budgets (nodepool_budgets.cc) -------------------------------------------------

// Budget.IsActive: a budget without schedule and duration is always active; otherwise it is
// active iff the schedule's next hit after (now - duration) is at or before now (in UTC). An
// unparseable schedule is an error.
[[nodiscard]] Result<bool> IsBudgetActive(const Budget& budget, Time now);
// Budget.GetAllowedDisruptions: kUnboundedDisruptions when inactive; otherwise `nodes` against
// `num_nodes`, percentages rounded up. Errors (bad schedule or nodes) fail closed upstream.
[[nodiscard]] Result<int64_t> GetAllowedDisruptions(const Budget& budget, int64_t num_nodes,
                                                    Time now);
// NodePool.GetAllowedDisruptionsByReason: the minimum over the budgets whose reasons are empty
// or include `reason`; kUnboundedDisruptions when none applies. An error in any budget (even one
// for another reason) is returned as the error.
[[nodiscard]] Result<int64_t> GetAllowedDisruptionsByReason(const std::vector<Budget>& budgets,
                                                            int64_t num_nodes,
                                                            std::string_view reason, Time now);
// NodePool.MustGetAllowedDisruptions: as above, failing closed (0) on any error.
int64_t AllowedDisruptions(const std::vector<Budget>& budgets, int64_t num_nodes,
                           std::string_view reason, Time now);

}  // namespace tidepool::api
