// Kubernetes name and label syntax checks, with the API server's messages
// (k8s.io/apimachinery/pkg/util/validation and pkg/api/validate/content, v0.36).
//
// Each Is* function returns the list of problems with `value`; an empty list means valid. The
// messages are upstream's, word for word, so that `tidepool validate` prints what `kubectl apply`
// would print. Object validators turn them into FieldErrors with the helpers at the bottom, which
// format a message body the way field.Error.ErrorBody() does:
//   errors.Add(path, InvalidMessage(value, detail));   // Invalid value: "x": detail
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/field_errors.h"

namespace tidepool::api {

inline constexpr size_t kDNS1123LabelMaxLength = 63;
inline constexpr size_t kDNS1123SubdomainMaxLength = 253;
inline constexpr size_t kDNS1035LabelMaxLength = 63;
inline constexpr size_t kLabelValueMaxLength = 63;
inline constexpr size_t kQualifiedNameMaxLength = 63;  // the name part of a label key

// A label key ("qualified name"): an optional DNS-1123 subdomain prefix and '/', then a name of at
// most 63 characters of [A-Za-z0-9_.-] that starts and ends alphanumeric.
std::vector<std::string> IsQualifiedName(std::string_view value);
// A label value: empty, or at most 63 characters of [A-Za-z0-9_.-] starting and ending
// alphanumeric.
std::vector<std::string> IsValidLabelValue(std::string_view value);
// RFC 1123 label: at most 63 characters of [a-z0-9-], starting and ending alphanumeric.
std::vector<std::string> IsDNS1123Label(std::string_view value);
// RFC 1123 subdomain: at most 253 characters, dot-separated RFC 1123 labels.
std::vector<std::string> IsDNS1123Subdomain(std::string_view value);
// RFC 1035 label: like an RFC 1123 label but must start with a letter (Service names).
std::vector<std::string> IsDNS1035Label(std::string_view value);
// A decimal integer in canonical form: "0", or an optional '-' then a digit 1-9 and digits
// (content.IsDecimalInteger). Leading zeros, '+' and spaces are rejected.
std::vector<std::string> IsDecimalInteger(std::string_view value);

// Go's strconv.ParseInt(value, 10, 64): an optional '+' or '-' and decimal digits, in range.
std::optional<int64_t> ParseGoInt64(std::string_view value);

// Upstream's message builders, exposed for validators that check other formats.
std::string MaxLenError(size_t length);  // "must be no more than N characters"
std::string RegexError(std::string_view msg, std::string_view format,
                       std::initializer_list<std::string_view> examples = {});
std::string EmptyError();  // "must be non-empty"

// meta/v1 validation: ValidateLabelName adds one "Invalid value" error per problem with the key;
// ValidateLabels checks every key and value of a label map (errors at `path` itself, as upstream).
void ValidateLabelName(std::string_view key, std::string_view path, FieldErrors& errors);
void ValidateLabels(const std::map<std::string, std::string>& labels, std::string_view path,
                    FieldErrors& errors);

// ---- Field error message bodies, formatted like field.Error.ErrorBody() -------------------------

// Go's strconv.Quote: double-quoted with Go escapes (\" \\ \n \t \r \xNN for invalid bytes and
// control characters; valid UTF-8 is kept as is).
std::string GoQuote(std::string_view text);
// Go's encoding/json string encoding (HTML-safe: <, > and & become \u003c, \u003e, \u0026;
// invalid UTF-8 becomes \ufffd), for rendering bad values that are lists or structs.
std::string GoJsonQuote(std::string_view text);
// A []string rendered as encoding/json does: ["a","b"], or [] when empty.
std::string GoJsonStringList(const std::vector<std::string>& values);
// `Invalid value: "<value>": <detail>` (the detail part is omitted when empty).
std::string InvalidMessage(std::string_view value, std::string_view detail);
// Same, with a bad value already rendered (a number, or JSON for structs and lists).
std::string InvalidMessageRendered(std::string_view rendered_value, std::string_view detail);
// `Required value` or `Required value: <detail>`.
std::string RequiredMessage(std::string_view detail = {});
// `Forbidden: <detail>`.
std::string ForbiddenMessage(std::string_view detail);
// `Unsupported value: "<value>": supported values: "a", "b"`.
std::string NotSupportedMessage(std::string_view value,
                                std::initializer_list<std::string_view> supported);
// `Duplicate value: <rendered>` plus `: <detail>` when a detail is given.
std::string DuplicateMessageRendered(std::string_view rendered_value, std::string_view detail = {});

}  // namespace tidepool::api
