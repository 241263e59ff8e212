// Validation shared by the built-in kinds, after k8s.io/apimachinery pkg/api/validation
// (ObjectMeta), pkg/apis/meta/v1/validation (label selectors) and the helpers of
// pkg/apis/core/validation and pkg/apis/apps/validation that every workload kind uses.
//
// Every function appends to `errors` with the Kubernetes field path of the problem and upstream's
// message body ("Invalid value: ...", "Required value", ...). None of them stops at the first
// problem, so one call reports everything wrong with an object.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/extra_fields.h"
#include "api/field_errors.h"
#include "api/int_or_string.h"
#include "api/label_selector.h"
#include "api/meta.h"
#include "api/node_selector.h"
#include "api/resources.h"

namespace tidepool::api {

// Which name syntax a kind requires of metadata.name.
enum class NameRule {
  kDNS1123Subdomain,  // most kinds
  kDNS1123Label,      // Namespace
};

// Upstream ValidateObjectMeta for an object read from a manifest: name (or generateName) with
// `rule`, namespace as a DNS-1123 label when set (namespaced kinds only; manifests usually leave
// it to the current context, and the API server drops it from cluster-scoped kinds), generation,
// labels, annotations, owner references and finalizers.
void ValidateObjectMeta(const ObjectMeta& meta, bool namespaced, NameRule rule,
                        std::string_view path, FieldErrors& errors);

// Annotation keys (qualified names, case-insensitive) and the 256 KiB total size limit.
void ValidateAnnotations(const std::map<std::string, std::string>& annotations,
                         std::string_view path, FieldErrors& errors);

// meta/v1 ValidateLabelSelector (api/selector.h) for an optional selector: absent is valid.
void ValidateOptionalLabelSelector(const std::optional<LabelSelector>& selector,
                                   std::string_view path, FieldErrors& errors);

// core ValidateNodeSelector (at least one term) and ValidateNodeSelectorTerm. With
// `allow_invalid_values` (preferred terms), values are not checked as label values.
void ValidateNodeSelector(const NodeSelector& selector, std::string_view path, FieldErrors& errors);
void ValidateNodeSelectorTerm(const NodeSelectorTerm& term, bool allow_invalid_values,
                              std::string_view path, FieldErrors& errors);
void ValidateNodeSelectorRequirement(const NodeSelectorRequirement& req, bool allow_invalid_values,
                                     std::string_view path, FieldErrors& errors);

// core validateResourceRequirements for a container: resource names, non-negative quantities,
// integer quantities for extended resources, and requests <= limits ("must be less than or
// equal to cpu limit of 1"). Also used for pod overhead (limits only).
void ValidateResourceRequirements(const ResourceRequirements& resources, std::string_view path,
                                  FieldErrors& errors);
// ValidateResourceQuantityValue: not negative, and whole for integer resources.
void ValidateResourceQuantity(std::string_view resource_name, const Quantity& value,
                              std::string_view path, FieldErrors& errors);

// validation.IsConfigMapKey: the syntax of Secret and ConfigMap data keys (and of key references
// to them): [-._a-zA-Z0-9]+, at most 253 characters, not "." or "..", not starting with "..".
std::vector<std::string> ConfigMapKeyProblems(std::string_view key);

// "must be greater than or equal to 0" when negative.
void ValidateNonnegative(int64_t value, std::string_view path, FieldErrors& errors);

// apps ValidatePositiveIntOrPercent: a non-negative integer or "N%".
void ValidatePositiveIntOrPercent(const IntOrString& value, std::string_view path,
                                  FieldErrors& errors);
// apps IsNotMoreThan100Percent: a percentage above 100% is an error; integers are not checked.
void ValidateNotMoreThan100Percent(const IntOrString& value, std::string_view path,
                                   FieldErrors& errors);
// The integer or percentage number of an IntOrString (upstream getIntOrPercentValue); 0 when the
// string is not a valid percentage.
int64_t IntOrPercentValue(const IntOrString& value);

// The check every controller kind makes of its template: "`selector` does not match template
// `labels`" at `labels_path` when the selector does not select the template's labels. Skipped,
// as upstream, when the selector cannot be converted (its own errors say why) or, with
// `skip_if_empty`, when it selects everything. An absent selector selects nothing.
void ValidateSelectorMatchesTemplate(const std::optional<LabelSelector>& selector,
                                     const std::map<std::string, std::string>& labels,
                                     bool skip_if_empty, std::string_view labels_path,
                                     FieldErrors& errors);
// True when the selector has neither matchLabels nor matchExpressions.
bool SelectorIsEmpty(const LabelSelector& selector);

// True when `extra` holds a (non-null) field named `key`: for rules about unmodelled fields, such
// as "lifecycle may not be set for init containers". Defined in pod_codec.cc, which has the JSON
// library.
bool HasExtraField(const ExtraFields& extra, std::string_view key);

// How an IntOrString or a selector looks inside an "Invalid value: ..." message.
std::string RenderIntOrString(const IntOrString& value);
std::string RenderLabels(const std::map<std::string, std::string>& labels);

}  // namespace tidepool::api
