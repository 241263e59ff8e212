#include "api/codec.h"

#include <algorithm>
#include <cmath>

namespace tidepool::api {

std::string DescribeJson(const Json& node) {
  switch (node.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::boolean:
      return std::string("boolean ") + (node.get<bool>() ? "true" : "false");
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
      return "integer " + node.dump();
    case Json::value_t::number_float:
      return "number " + node.dump();
    case Json::value_t::string: {
      std::string s = node.get<std::string>();
      if (s.size() > 64) {
        // Cut on a character boundary: half a UTF-8 sequence would make dump() throw (found by
        // the manifest fuzzer).
        size_t cut = 61;
        while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
        s = s.substr(0, cut) + "...";
      }
      return "string " + Json(s).dump(-1, ' ', false, Json::error_handler_t::replace);
    }
    case Json::value_t::array:
      return "array";
    case Json::value_t::object:
      return "object";
    default:
      return "value";
  }
}

Reader::Reader(const Json& node, std::string path, FieldErrors& errors)
    : node_(&node), path_(std::move(path)), errors_(errors) {
  if (!node.is_object()) {
    TypeError(path_, "object", node);
    node_ = &EmptyObject();
  }
}

const Json& Reader::EmptyObject() {
  static const Json* empty = new Json(Json::object());
  return *empty;
}

const Json* Reader::Find(std::string_view key) const {
  auto it = node_->find(key);
  return it == node_->end() ? nullptr : &*it;
}

void Reader::TypeError(const std::string& path, std::string_view expected, const Json& node) {
  errors_.Add(path, "must be of type " + std::string(expected) + ", got " + DescribeJson(node));
}

namespace {

// Levenshtein distance, capped: enough to suggest "minReplicaCount" for "minReplicaCont".
size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t subst = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, subst});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace

void Reader::Extra(ExtraFields& extra, std::initializer_list<std::string_view> known) {
  ExtraLenient(extra);
  for (const auto& item : extra.json().items()) {
    const std::string& k = item.key();
    if (std::find(known.begin(), known.end(), std::string_view(k)) != known.end()) continue;
    std::string message = "unknown field";
    std::string_view best;
    size_t best_distance = std::max<size_t>(2, k.size() / 4) + 1;
    auto consider = [&](std::string_view candidate) {
      const size_t d = EditDistance(k, candidate);
      if (d < best_distance) best_distance = d, best = candidate;
    };
    for (std::string_view candidate : seen_) consider(candidate);
    for (std::string_view candidate : known) consider(candidate);
    if (!best.empty()) message += "; did you mean \"" + std::string(best) + "\"?";
    errors_.Add(Child(path_, k), message);
  }
}

void Reader::ExtraLenient(ExtraFields& extra) {
  Json& out = extra.mutable_json();
  out = Json::object();
  for (const auto& [k, v] : node_->items()) {
    if (std::find(seen_.begin(), seen_.end(), std::string_view(k)) == seen_.end()) out[k] = v;
  }
  if (out.empty()) extra = ExtraFields();
}

void Reader::ReadValue(const Json& node, const std::string& path, std::string& value) {
  if (node.is_number() || node.is_boolean()) {
    // The commonest YAML slip: `queueLength: 5` where Kubernetes wants the string "5".
    errors_.Add(path, "must be of type string, got " + DescribeJson(node) + "; quote it: \"" +
                          node.dump() + "\"");
    return;
  }
  if (!node.is_string()) return TypeError(path, "string", node);
  value = node.get<std::string>();
}

void Reader::ReadValue(const Json& node, const std::string& path, bool& value) {
  if (!node.is_boolean()) return TypeError(path, "boolean", node);
  value = node.get<bool>();
}

void Reader::ReadValue(const Json& node, const std::string& path, int64_t& value) {
  if (node.is_number_integer()) {
    if (node.is_number_unsigned() &&
        node.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      errors_.Add(path, "Invalid value: " + node.dump() + ": out of range for a 64-bit integer");
      return;
    }
    value = node.get<int64_t>();
    return;
  }
  if (node.is_number_float()) {
    const double d = node.get<double>();
    if (std::isfinite(d) && std::floor(d) == d && std::fabs(d) < 9.0e15) {
      value = static_cast<int64_t>(d);
      return;
    }
  }
  TypeError(path, "integer", node);
}

void Reader::ReadValue(const Json& node, const std::string& path, int32_t& value) {
  int64_t wide = value;
  const size_t before = errors_.size();
  ReadValue(node, path, wide);
  if (errors_.size() != before) return;
  if (wide < std::numeric_limits<int32_t>::min() || wide > std::numeric_limits<int32_t>::max()) {
    errors_.Add(path,
                "Invalid value: " + std::to_string(wide) + ": out of range for a 32-bit integer");
    return;
  }
  value = static_cast<int32_t>(wide);
}

void Reader::ReadValue(const Json& node, const std::string& path, double& value) {
  if (!node.is_number()) return TypeError(path, "number", node);
  value = node.get<double>();
}

void Reader::ReadValue(const Json& node, const std::string& path, Quantity& value) {
  std::string text;
  if (node.is_string()) {
    text = node.get<std::string>();
  } else if (node.is_number()) {
    text = node.dump();
  } else {
    return TypeError(path, "quantity (string or number)", node);
  }
  Result<Quantity> q = Quantity::Parse(text);
  if (!q) {
    errors_.Add(path, "Invalid value: " + Json(text).dump() + ": " + q.error().message());
    return;
  }
  value = *q;
}

void Reader::ReadValue(const Json& node, const std::string& path, Duration& value) {
  if (!node.is_string()) return TypeError(path, "duration string", node);
  Result<Duration> d = Duration::Parse(node.get<std::string>());
  if (!d) {
    errors_.Add(path, "Invalid value: " + node.dump() + ": " + d.error().message());
    return;
  }
  value = *d;
}

void Reader::ReadValue(const Json& node, const std::string& path, NillableDuration& value) {
  if (!node.is_string()) return TypeError(path, "duration string or \"Never\"", node);
  Result<NillableDuration> d = NillableDuration::Parse(node.get<std::string>());
  if (!d) {
    errors_.Add(path, "Invalid value: " + node.dump() + ": " + d.error().message());
    return;
  }
  value = *d;
}

void Reader::ReadValue(const Json& node, const std::string& path, IntOrString& value) {
  if (node.is_string()) {
    value = IntOrString::String(node.get<std::string>());
    return;
  }
  int64_t i = 0;
  const size_t before = errors_.size();
  if (!node.is_number()) return TypeError(path, "integer or string", node);
  ReadValue(node, path, i);
  if (errors_.size() == before) value = IntOrString::Int(i);
}

void Writer::Extra(const ExtraFields& extra, std::initializer_list<std::string_view>) {
  for (const auto& [k, v] : extra.json().items()) {
    if (!out_.contains(k)) out_[k] = v;
  }
}

}  // namespace tidepool::api
