// Typed scaler parameters, as KEDA's pkg/scalers/scalersconfig/typed_config.go reads them from a
// ScalerConfig. A scaler declares each parameter (name, where to look, default, optional, enum,
// deprecation) and asks a ParamReader for it with the type it wants; the reader collects every
// error and Finish() returns them joined by newlines, as upstream's errors.Join does.
//
// Lookup (configParamValue): for each source of `order` in turn and each alias of `name`
// (';'-separated): triggerMetadata[name], resolvedEnv[triggerMetadata[name + "FromEnv"]],
// authParams[name]; the first value that is non-empty after trimming spaces wins. Then:
//   - present and `deprecated` set       -> `scaler <type> info: <deprecated>`
//   - absent with a default              -> the default is parsed like a given value
//   - absent, optional or deprecated     -> nullopt, no error
//   - absent otherwise                   -> `missing required parameter "x" in [triggerMetadata]`
//   - enum (';'-separated) not matched   -> `parameter "x" value "v" must be one of [a b]`
//   - unparsable                         -> `unable to set param "x" value "v": ...`
// Numbers parse as Go's encoding/json does (the typed config unmarshals them as JSON): no '+',
// no leading zeros, no "inf"; integers take no fraction or exponent. Booleans parse as Go's
// strconv.ParseBool.
//
// Secret values: error texts quote a value only when it came from triggerMetadata (or a
// default); a value from authParams or resolvedEnv may be a secret and is shown as <redacted>.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/duration.h"
#include "core/status.h"
#include "scalers/scaler.h"

namespace tidepool::scalers {

// A parameter declaration, built fluently: Param("queueLength").Default("5").
struct Param {
  constexpr explicit Param(std::string_view param_name) : name(param_name) {}
  constexpr Param Order(std::string_view v) const {
    Param p = *this;
    p.order = v;
    return p;
  }
  constexpr Param Default(std::string_view v) const {
    Param p = *this;
    p.default_value = v;
    return p;
  }
  constexpr Param Optional() const {
    Param p = *this;
    p.optional = true;
    return p;
  }
  constexpr Param Enum(std::string_view v) const {
    Param p = *this;
    p.enum_values = v;
    return p;
  }
  constexpr Param Deprecated(std::string_view v) const {
    Param p = *this;
    p.deprecated = v;
    return p;
  }

  std::string_view name;                       // aliases separated by ';'
  std::string_view order = "triggerMetadata";  // sources separated by ';'
  std::string_view default_value;              // "" = none
  bool optional = false;
  std::string_view enum_values;  // allowed values separated by ';', "" = any
  std::string_view deprecated;   // message; "" = not deprecated
};

class ParamReader {
 public:
  explicit ParamReader(const ScalerConfig& config) : config_(config) {}

  // The raw trimmed value from the sources (no default, no checks); nullopt when absent.
  std::optional<std::string_view> Lookup(const Param& p) const;

  std::optional<std::string> String(const Param& p);
  std::optional<int64_t> Int64(const Param& p);
  std::optional<double> Float64(const Param& p);
  std::optional<bool> Bool(const Param& p);
  // A Go duration ("30s", "1m") or a number of milliseconds; negative values are refused.
  std::optional<Duration> DurationValue(const Param& p);
  // "k1=v1,k2=v2" (spaces trimmed around keys and values).
  std::optional<std::map<std::string, std::string>> StringMap(const Param& p);
  // "a,b,c" (elements trimmed).
  std::optional<std::vector<std::string>> StringList(const Param& p);

  // A scaler's own Validate() rule.
  void AddError(std::string message);
  bool ok() const { return errors_.empty(); }
  // All errors joined by '\n', or OK.
  [[nodiscard]] Status Finish() const;

 private:
  // Applies deprecation, default, required and enum rules; nullopt when there is no value to
  // parse (an error may have been recorded).
  std::optional<std::string_view> Resolve(const Param& p);
  void ParseError(const Param& p, std::string_view value, std::string_view why);
  std::optional<std::string_view> LookupWithSource(const Param& p, bool& sensitive) const;

  const ScalerConfig& config_;
  std::vector<std::string> errors_;
  bool value_sensitive_ = false;  // the value being resolved came from authParams/resolvedEnv
};

// Go encoding/json number grammar; false on anything else.
bool IsJsonNumber(std::string_view text);
// json.Unmarshal into int64 / float64, with Go's error text on failure.
[[nodiscard]] Result<int64_t> ParseJsonInt64(std::string_view text);
[[nodiscard]] Result<double> ParseJsonFloat64(std::string_view text);

}  // namespace tidepool::scalers
