// Loads manifest files into typed objects: parses each file (multi-document YAML or JSON),
// expands `kind: List` documents, decodes every document through the kind registry (with upstream
// defaults), and validates each object and then the set (for example two ScaledObjects on one
// workload). One bad document never stops the others: its problems are recorded and loading goes
// on. Only a file that cannot be read or parsed at all is an error.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "api/registry.h"
#include "api/yaml_json.h"
#include "core/status.h"

namespace tidepool::manifest {

// One problem with one object, printed as `FILE:DOC: Kind/name: field.path: message`.
struct Problem {
  std::string file;
  int doc = 0;         // 1-based document index within the file
  std::string object;  // "Kind/name"; empty when the document has no usable kind
  std::string path;    // field path within the object; empty for whole-object problems
  std::string message;
  std::string ToString() const;
};

struct LoadedObject {
  std::string file;
  int doc = 0;
  const api::KindInfo* kind = nullptr;
  std::unique_ptr<api::Object> object;
};

struct LoadResult {
  std::vector<LoadedObject> objects;  // every document that decoded, valid or not
  std::vector<Problem> problems;      // invalid objects
  std::vector<Problem> warnings;      // e.g. kinds tidepool does not model, which are skipped
  int skipped = 0;                    // documents of kinds tidepool does not model
};

class Loader {
 public:
  explicit Loader(const api::KindRegistry& registry, api::ParseLimits limits = {})
      : registry_(registry), limits_(limits) {}

  // Reads and loads one file ("-" reads standard input). An error (kIo or kParse) means
  // nothing of this file was loaded; its message starts with the file name.
  [[nodiscard]] Status AddFile(const std::string& path, LoadResult& out) const;
  // Loads manifest text as if read from `file_name`.
  [[nodiscard]] Status AddText(std::string_view text, const std::string& file_name,
                               LoadResult& out) const;
  // Checks that need every object at once: duplicate objects, and each family's set rules.
  void ValidateSet(LoadResult& out) const;

 private:
  void AddDocument(const nlohmann::json& value, const std::string& file, int doc,
                   const std::string& path_prefix, LoadResult& out) const;

  const api::KindRegistry& registry_;
  api::ParseLimits limits_;
};

// Reads a whole file ("-" for standard input) up to `max_bytes`.
[[nodiscard]] Result<std::string> ReadManifestFile(const std::string& path, size_t max_bytes);

}  // namespace tidepool::manifest
