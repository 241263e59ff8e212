// Decoding and encoding of typed objects from and to JSON (YAML is converted to JSON first).
//
// A type's field list is written once, as VisitFields (see codec_fwd.h), and run by a Reader to
// decode or by a Writer to encode:
//   v("replicas", spec.replicas);                      // optional field
//   v("name", container.name, Presence::kRequired);    // "Required value" when absent
//   v.Extra(spec.extra, {"volumes", "hostNetwork"});   // keep the fields not visited
//
// Extra() is strict, as the API server's strict field validation is: a field that is neither
// visited nor named in the list of known-but-unmodelled fields is reported as
// `unknown field` (with a did-you-mean when a known name is close). ExtraLenient() keeps
// everything, for free-form regions.
//
// Reader: a field that is absent or null leaves the value untouched (defaults stay). A field of
// the wrong type is reported to FieldErrors with its path and the value is left untouched; the
// reader goes on so one document reports all its problems at once.
// Writer: follows Go's omitempty: empty strings, false, zero numbers, empty lists and maps and
// empty structs are omitted unless the field is required; a std::optional is written whenever it
// holds a value.
//
// Include this header only in *_codec.cc files: it pulls in nlohmann/json.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "api/codec_fwd.h"
#include "api/extra_fields.h"
#include "api/field_errors.h"
#include "api/int_or_string.h"
#include "core/duration.h"
#include "core/quantity.h"

namespace tidepool::api {

using Json = nlohmann::json;

enum class Presence { kOptional, kRequired };

// "string \"abc\"", "integer 3", "object", ... for type-mismatch messages.
std::string DescribeJson(const Json& node);

template <class T>
struct IsOptional : std::false_type {};
template <class T>
struct IsOptional<std::optional<T>> : std::true_type {};
template <class T>
struct IsVector : std::false_type {};
template <class T>
struct IsVector<std::vector<T>> : std::true_type {};
template <class T>
struct IsStringMap : std::false_type {};
template <class T>
struct IsStringMap<std::map<std::string, T>> : std::true_type {};

class Reader {
 public:
  // `node` must outlive the reader. A non-object node is reported and read as empty.
  Reader(const Json& node, std::string path, FieldErrors& errors);

  template <class T>
  void operator()(std::string_view key, T& value, Presence presence = Presence::kOptional) {
    seen_.push_back(key);
    const Json* field = Find(key);
    if (field == nullptr || field->is_null()) {
      if (presence == Presence::kRequired) errors_.Add(Child(path_, key), "Required value");
      return;
    }
    ReadValue(*field, Child(path_, key), value);
  }

  // Every field not visited so far goes into `extra`; those not in `known` are reported.
  void Extra(ExtraFields& extra, std::initializer_list<std::string_view> known = {});
  // Every field not visited so far goes into `extra`, none reported.
  void ExtraLenient(ExtraFields& extra);

  bool Has(std::string_view key) const {
    const Json* f = Find(key);
    return f != nullptr && !f->is_null();
  }
  const std::string& path() const { return path_; }
  FieldErrors& errors() { return errors_; }
  const Json& node() const { return *node_; }

  // Reads a whole value at `path` (used for documents and list items).
  template <class T>
  static void ReadValue(const Json& node, const std::string& path, T& value, FieldErrors& errors) {
    Reader r(EmptyObject(), path, errors);
    r.ReadValue(node, path, value);
  }

 private:
  static const Json& EmptyObject();
  const Json* Find(std::string_view key) const;
  void TypeError(const std::string& path, std::string_view expected, const Json& node);

  void ReadValue(const Json& node, const std::string& path, std::string& value);
  void ReadValue(const Json& node, const std::string& path, bool& value);
  void ReadValue(const Json& node, const std::string& path, int32_t& value);
  void ReadValue(const Json& node, const std::string& path, int64_t& value);
  void ReadValue(const Json& node, const std::string& path, double& value);
  void ReadValue(const Json& node, const std::string& path, Quantity& value);
  void ReadValue(const Json& node, const std::string& path, Duration& value);
  void ReadValue(const Json& node, const std::string& path, NillableDuration& value);
  void ReadValue(const Json& node, const std::string& path, IntOrString& value);
  void ReadValue(const Json& node, const std::string&, Json& value) { value = node; }

  template <class T>
  void ReadValue(const Json& node, const std::string& path, std::optional<T>& value) {
    T inner = value.value_or(T{});
    const size_t before = errors_.size();
    ReadValue(node, path, inner);
    if (errors_.size() == before) value = std::move(inner);
  }

  template <class T>
  void ReadValue(const Json& node, const std::string& path, std::vector<T>& value) {
    if (!node.is_array()) return TypeError(path, "array", node);
    value.clear();
    value.reserve(node.size());
    for (size_t i = 0; i < node.size(); ++i) {
      T item{};
      ReadValue(node[i], Index(path, i), item);
      value.push_back(std::move(item));
    }
  }

  template <class T>
  void ReadValue(const Json& node, const std::string& path, std::map<std::string, T>& value) {
    if (!node.is_object()) return TypeError(path, "object", node);
    value.clear();
    for (const auto& [k, v] : node.items()) {
      if (v.is_null()) continue;
      T item{};
      ReadValue(v, Key(path, k), item);
      value.emplace(k, std::move(item));
    }
  }

  // Structs with a codec.
  template <class T>
  requires requires(Reader& r, T& t) { Visit(r, t); }
  void ReadValue(const Json& node, const std::string& path, T& value) {
    if (!node.is_object()) return TypeError(path, "object", node);
    Reader sub(node, path, errors_);
    Visit(sub, value);
  }

  const Json* node_;
  std::string path_;
  FieldErrors& errors_;
  std::vector<std::string_view> seen_;
};

class Writer {
 public:
  Writer() : out_(Json::object()) {}

  template <class T>
  void operator()(std::string_view key, T& value, Presence presence = Presence::kOptional) {
    std::optional<Json> encoded = WriteValue(value, presence == Presence::kRequired);
    if (encoded) out_[std::string(key)] = std::move(*encoded);
  }

  // Adds the unknown fields kept at decode time; fields the writer already wrote win.
  void Extra(const ExtraFields& extra, std::initializer_list<std::string_view> known = {});
  void ExtraLenient(const ExtraFields& extra) { Extra(extra); }

  Json Take() { return std::move(out_); }

  // Encodes a whole value (used for documents and list items); never omitted.
  template <class T>
  static Json WriteWhole(const T& value) {
    Writer w;
    std::optional<Json> j = w.WriteValue(const_cast<T&>(value), true);
    return j ? std::move(*j) : Json();
  }

 private:
  static std::optional<Json> OrOmit(Json j, bool empty, bool force) {
    if (empty && !force) return std::nullopt;
    return j;
  }
  std::optional<Json> WriteValue(std::string& v, bool force) { return OrOmit(v, v.empty(), force); }
  std::optional<Json> WriteValue(bool& v, bool force) { return OrOmit(v, !v, force); }
  std::optional<Json> WriteValue(int32_t& v, bool force) { return OrOmit(v, v == 0, force); }
  std::optional<Json> WriteValue(int64_t& v, bool force) { return OrOmit(v, v == 0, force); }
  std::optional<Json> WriteValue(double& v, bool force) { return OrOmit(v, v == 0, force); }
  std::optional<Json> WriteValue(Quantity& v, bool) { return Json(v.ToString()); }
  std::optional<Json> WriteValue(Duration& v, bool force) {
    return OrOmit(v.ToString(), v == Duration(), force);
  }
  std::optional<Json> WriteValue(NillableDuration& v, bool) { return Json(v.ToString()); }
  std::optional<Json> WriteValue(IntOrString& v, bool) {
    return v.is_string ? Json(v.str_value) : Json(v.int_value);
  }
  std::optional<Json> WriteValue(Json& v, bool force) {
    return OrOmit(v, v.is_null() || (v.is_object() && v.empty()), force);
  }

  template <class T>
  std::optional<Json> WriteValue(std::optional<T>& v, bool) {
    if (!v) return std::nullopt;
    return WriteValue(*v, true);
  }

  template <class T>
  std::optional<Json> WriteValue(std::vector<T>& v, bool force) {
    Json out = Json::array();
    for (T& item : v) {
      std::optional<Json> j = WriteValue(item, true);
      out.push_back(j ? std::move(*j) : Json());
    }
    return OrOmit(std::move(out), v.empty(), force);
  }

  template <class T>
  std::optional<Json> WriteValue(std::map<std::string, T>& v, bool force) {
    Json out = Json::object();
    for (auto& [k, item] : v) {
      std::optional<Json> j = WriteValue(item, true);
      out[k] = j ? std::move(*j) : Json();
    }
    return OrOmit(std::move(out), v.empty(), force);
  }

  template <class T>
  requires requires(Writer& w, T& t) { Visit(w, t); }
  std::optional<Json> WriteValue(T& v, bool force) {
    Writer sub;
    Visit(sub, v);
    Json out = sub.Take();
    const bool empty = out.empty();
    return OrOmit(std::move(out), empty, force);
  }

  Json out_;
};

// Decodes a JSON value into T, collecting field errors under `path`.
template <class T>
void DecodeInto(const Json& node, const std::string& path, T& value, FieldErrors& errors) {
  Reader::ReadValue(node, path, value, errors);
}

// Encodes T as JSON.
template <class T>
Json Encode(const T& value) {
  return Writer::WriteWhole(value);
}

}  // namespace tidepool::api
