// Building blocks for the karpenter.sh and karpenter.k8s.aws CRD checks: the CRDs' regular
// expressions as hand-written matchers (exact equivalents of the RE2 patterns, linear time, no
// regex engine), the API server's error messages for schema and CEL failures, and the checks
// NodePool and NodeClaim share (requirements, taints, nodeClassRef, duration fields).
//
// Messages follow the API server: a pattern failure reads
//   Invalid value: "1hr": spec.template.spec.expireAfter in body should match '^...$'
// and a CEL rule failure reads `Invalid value: "string": <the rule's message>` (the value is the
// schema type of the field the rule sits on: "string", "object" or "array").
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/field_errors.h"
#include "api/karpenter/nodeclaim.h"
#include "api/meta.h"
#include "api/node_selector.h"
#include "api/taint.h"
#include "core/duration.h"

namespace tidepool::api::karpenter_schema {

// The CRD patterns, verbatim, for messages.
inline constexpr std::string_view kQualifiedNamePattern =
    R"(^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*(\/))?)"
    R"(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$)";
inline constexpr std::string_view kLabelValuePattern =
    R"(^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$)";
inline constexpr std::string_view kNillableDurationPattern = R"(^(([0-9]+(s|m|h))+|Never)$)";
inline constexpr std::string_view kDurationPattern = R"(^([0-9]+(s|m|h))+$)";
inline constexpr std::string_view kBudgetDurationPattern =
    R"(^((([0-9]+(h|m))|([0-9]+h[0-9]+m))(0s)?)$)";
inline constexpr std::string_view kBudgetNodesPattern = R"(^((100|[0-9]{1,2})%|[0-9]+)$)";
inline constexpr std::string_view kSchedulePattern =
    R"(^(@(annually|yearly|monthly|weekly|daily|midnight|hourly))|)"
    R"(((.+)\s(.+)\s(.+)\s(.+)\s(.+))$)";
inline constexpr std::string_view kGroupPattern = R"(^[^/]*$)";

bool MatchesQualifiedNamePattern(std::string_view s);
bool MatchesLabelValuePattern(std::string_view s);
bool MatchesNillableDurationPattern(std::string_view s);
bool MatchesDurationPattern(std::string_view s);
bool MatchesBudgetDurationPattern(std::string_view s);
bool MatchesBudgetNodesPattern(std::string_view s);
bool MatchesSchedulePattern(std::string_view s);
// "<prefix>[0-9a-z]+" somewhere in s (unanchored), or the whole of s when `anchored`.
bool MatchesIdPattern(std::string_view s, std::string_view prefix, bool anchored);

// ---- Messages ----------------------------------------------------------------------------------
void AddPatternError(FieldErrors& errors, const std::string& path, std::string_view value,
                     std::string_view pattern);
void AddEnumError(FieldErrors& errors, const std::string& path, std::string_view value,
                  std::initializer_list<std::string_view> supported);
void AddMinimumError(FieldErrors& errors, const std::string& path, int64_t value, int64_t minimum);
void AddMaximumError(FieldErrors& errors, const std::string& path, int64_t value, int64_t maximum);
// Checks both bounds of an integer field.
void CheckRange(FieldErrors& errors, const std::string& path, int64_t value, int64_t minimum,
                int64_t maximum);
void AddTooManyItems(FieldErrors& errors, const std::string& path, size_t count, size_t maximum);
void AddTooLong(FieldErrors& errors, const std::string& path, size_t maximum);
// A CEL rule's message on a field of schema type `type` ("string", "object", "array").
void AddCelError(FieldErrors& errors, const std::string& path, std::string_view type,
                 std::string_view message);

// ---- Checks shared by NodePool and NodeClaim ---------------------------------------------------

// What the API server checks of a cluster-scoped custom object's metadata: the name is a DNS-1123
// subdomain, labels are valid label keys and values.
void ValidateMetadata(const ObjectMeta& metadata, FieldErrors& errors);

enum class RequirementsOwner { kNodePool, kNodeClaim };

// The CEL rules on requirement keys (and on NodePool template label keys): the messages of the
// rules `key` breaks. karpenter.sh keys other than capacity-type and nodepool are restricted,
// as is kubernetes.io/hostname; a NodePool may not use karpenter.sh/nodepool either.
std::vector<std::string_view> KeyRuleViolations(std::string_view key, RequirementsOwner owner);

// requirements: maxItems 100; key (pattern, maxLength 316, restricted-domain CEL rules; NodePool
// also restricts karpenter.sh/nodepool), operator enum, values (label value pattern and
// maxLength 63), minValues 1..50, and the list's CEL rules on value counts.
void ValidateRequirementsSchema(const std::vector<NodeSelectorRequirement>& requirements,
                                RequirementsOwner owner, const std::string& path,
                                FieldErrors& errors);
// taints / startupTaints: key (minLength 1, pattern), value (pattern), effect enum.
void ValidateTaintsSchema(const std::vector<Taint>& taints, const std::string& path,
                          FieldErrors& errors);
// nodeClassRef: required; group, kind and name non-empty (CEL); group without '/'.
void ValidateNodeClassRefSchema(const std::optional<NodeClassReference>& ref,
                                const std::string& path, FieldErrors& errors);
// expireAfter / consolidateAfter: ^(([0-9]+(s|m|h))+|Never)$ against the Go form of the value.
void ValidateNillableDurationSchema(const std::optional<NillableDuration>& value,
                                    const std::string& path, FieldErrors& errors);
// terminationGracePeriod: ^([0-9]+(s|m|h))+$ against the Go form of the value.
void ValidateDurationSchema(const std::optional<Duration>& value, const std::string& path,
                            FieldErrors& errors);

}  // namespace tidepool::api::karpenter_schema
