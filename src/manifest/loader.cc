#include "manifest/loader.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "api/codec.h"
#include "manifest/set_validation.h"

namespace tidepool::manifest {

using Json = nlohmann::json;

std::string Problem::ToString() const {
  std::string out = file + ":" + std::to_string(doc) + ": ";
  if (!object.empty()) out += object + ": ";
  if (!path.empty()) out += path + ": ";
  return out + message;
}

Result<std::string> ReadManifestFile(const std::string& path, size_t max_bytes) {
  std::istream* in = &std::cin;
  std::ifstream file;
  if (path != "-") {
    file.open(path, std::ios::binary);
    if (!file) {
      return Fail(ErrorCode::kIo, path + ": cannot read: " + std::strerror(errno));
    }
    in = &file;
  }
  std::string text;
  char buffer[1 << 16];
  while (in->read(buffer, sizeof buffer) || in->gcount() > 0) {
    text.append(buffer, static_cast<size_t>(in->gcount()));
    if (text.size() > max_bytes) {
      return Fail(ErrorCode::kParse, (path == "-" ? std::string("<stdin>") : path) +
                                         ": input is larger than the limit of " +
                                         std::to_string(max_bytes) + " bytes");
    }
  }
  if (in->bad()) return Fail(ErrorCode::kIo, path + ": read error");
  return text;
}

Status Loader::AddFile(const std::string& path, LoadResult& out) const {
  Result<std::string> text = ReadManifestFile(path, limits_.max_bytes);
  if (!text) return Fail(text.error());
  return AddText(*text, path == "-" ? "<stdin>" : path, out);
}

Status Loader::AddText(std::string_view text, const std::string& file_name, LoadResult& out) const {
  Result<std::vector<api::ParsedDocument>> docs = api::ParseManifestText(text, limits_);
  if (!docs) return Fail(docs.error().WithContext(file_name));
  for (const api::ParsedDocument& doc : *docs) {
    // Never json::value(): it throws when the field has another type (found by the fuzzer).
    const Json& value = doc.value;
    if (value.is_object() && value.contains("kind") && value["kind"] == "List" &&
        value.contains("items") && value["items"].is_array()) {
      const Json& items = doc.value["items"];
      for (size_t i = 0; i < items.size(); ++i) {
        AddDocument(items[i], file_name, doc.index, "items[" + std::to_string(i) + "]", out);
      }
      continue;
    }
    AddDocument(doc.value, file_name, doc.index, "", out);
  }
  return OkStatus();
}

namespace {

// The closest registered kind name, for "did you mean" on a misspelt kind.
std::string ClosestKind(const api::KindRegistry& registry, std::string_view kind) {
  std::string best;
  size_t best_distance = 3;
  for (const api::KindInfo& k : registry.kinds()) {
    // Case-insensitive comparison plus a small edit distance catches "Scaledobject",
    // "ScaledObjects" and "NodePol".
    const std::string& a = k.kind;
    std::vector<size_t> prev(kind.size() + 1), cur(kind.size() + 1);
    for (size_t j = 0; j <= kind.size(); ++j) prev[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
      cur[0] = i;
      for (size_t j = 1; j <= kind.size(); ++j) {
        const bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                          std::tolower(static_cast<unsigned char>(kind[j - 1]));
        cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (same ? 0 : 1)});
      }
      std::swap(prev, cur);
    }
    if (prev[kind.size()] < best_distance) {
      best_distance = prev[kind.size()];
      best = a;
    }
  }
  return best;
}

std::string Group(std::string_view api_version) {
  const size_t slash = api_version.find('/');
  return slash == std::string_view::npos ? "" : std::string(api_version.substr(0, slash));
}

std::string Prefixed(const std::string& prefix, const std::string& path) {
  if (prefix.empty()) return path;
  return path.empty() ? prefix : prefix + "." + path;
}

}  // namespace

void Loader::AddDocument(const Json& value, const std::string& file, int doc,
                         const std::string& prefix, LoadResult& out) const {
  auto problem = [&](std::string object, std::string path, std::string message) {
    out.problems.push_back(
        {file, doc, std::move(object), Prefixed(prefix, path), std::move(message)});
  };
  if (!value.is_object()) {
    problem("", "",
            "a manifest document must be a mapping with apiVersion and kind, got " +
                api::DescribeJson(value));
    return;
  }
  // A null field is an absent one, as in Kubernetes.
  auto field = [&](const char* name) -> const Json* {
    return value.contains(name) && !value[name].is_null() ? &value[name] : nullptr;
  };
  const Json* api_version = field("apiVersion");
  const Json* kind = field("kind");
  std::string name;
  if (value.contains("metadata") && value["metadata"].is_object() &&
      value["metadata"].contains("name") && value["metadata"]["name"].is_string()) {
    name = value["metadata"]["name"].get<std::string>();
  }
  const std::string kind_text = kind && kind->is_string() ? kind->get<std::string>() : "";
  const std::string display = (kind_text.empty() ? "Object" : kind_text) + "/" + name;
  bool usable = true;
  if (!kind || !kind->is_string() || kind_text.empty()) {
    problem(display, "kind", kind ? "must be a non-empty string" : "Required value");
    usable = false;
  }
  if (!api_version || !api_version->is_string() || api_version->get<std::string>().empty()) {
    problem(display, "apiVersion", api_version ? "must be a non-empty string" : "Required value");
    usable = false;
  }
  if (!usable) return;

  const std::string version = api_version->get<std::string>();
  const api::KindInfo* info = registry_.Find(version, kind_text);
  if (info == nullptr) {
    std::vector<const api::KindInfo*> same_kind = registry_.FindKind(kind_text);
    if (!same_kind.empty()) {
      problem(display, "apiVersion",
              "no kind \"" + kind_text + "\" is registered for version \"" + version +
                  "\"; did you mean \"" + same_kind.front()->api_version + "\"?");
      return;
    }
    std::string closest = ClosestKind(registry_, kind_text);
    bool known_group = false;
    for (const api::KindInfo& k : registry_.kinds()) {
      known_group |= Group(k.api_version) == Group(version) && !Group(version).empty();
    }
    if (!closest.empty() || known_group) {
      std::string message =
          "no kind \"" + kind_text + "\" is registered for version \"" + version + "\"";
      if (!closest.empty()) message += "; did you mean \"" + closest + "\"?";
      problem(display, "kind", message);
      return;
    }
    out.warnings.push_back(
        {file, doc, display, "",
         "kind " + version + "/" + kind_text + " is not modelled by tidepool; skipped"});
    ++out.skipped;
    return;
  }

  api::FieldErrors errors;
  std::unique_ptr<api::Object> object = info->decode(value, errors);
  if (info->namespaced && object->metadata.namespace_.empty()) {
    object->metadata.namespace_ = "default";
  }
  if (object->metadata.name.empty() && object->metadata.generate_name.empty()) {
    errors.Add("metadata.name", "Required value: name or generateName is required");
  }
  // Validation runs even when decoding found problems, so one pass reports everything; but a
  // field that failed to decode holds its default, so rules about it (or anything under it)
  // would only repeat the decode error in a confusing form and are dropped.
  api::FieldErrors rule_errors;
  info->validate(*object, rule_errors);
  auto under_decode_error = [&](const std::string& path) {
    for (const api::FieldError& e : errors.list()) {
      if (path == e.path ||
          (path.size() > e.path.size() && path.compare(0, e.path.size(), e.path) == 0 &&
           (path[e.path.size()] == '.' || path[e.path.size()] == '['))) {
        return true;
      }
    }
    return false;
  };
  std::vector<api::FieldError> all = errors.list();
  for (const api::FieldError& e : rule_errors.list()) {
    if (errors.empty() || !under_decode_error(e.path)) all.push_back(e);
  }
  std::set<std::pair<std::string, std::string>> seen;
  for (const api::FieldError& e : all) {
    if (seen.insert({e.path, e.message}).second) problem(object->DisplayName(), e.path, e.message);
  }
  out.objects.push_back({file, doc, info, std::move(object)});
}

void Loader::ValidateSet(LoadResult& out) const {
  std::map<std::string, const LoadedObject*> by_identity;
  for (const LoadedObject& loaded : out.objects) {
    const api::Object& o = *loaded.object;
    if (o.metadata.name.empty()) continue;
    const std::string identity =
        o.api_version + "/" + o.kind + "/" + o.metadata.namespace_ + "/" + o.metadata.name;
    auto [it, inserted] = by_identity.emplace(identity, &loaded);
    if (!inserted) {
      out.problems.push_back({loaded.file, loaded.doc, o.DisplayName(), "metadata.name",
                              "Duplicate value: \"" + o.metadata.name + "\" is also defined at " +
                                  it->second->file + ":" + std::to_string(it->second->doc)});
    }
  }
  ValidateObjectSet(out);
}

}  // namespace tidepool::manifest
