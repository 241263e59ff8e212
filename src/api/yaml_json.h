// Parses manifest text (multi-document YAML, or a JSON document) into JSON values, the form every
// typed object is decoded from. Scalars are resolved with YAML 1.2's core schema: quoted scalars
// are strings; plain `true`, `false`, `null`, `~`, integers and floats get their JSON types. So
// `replicas: 3` is an integer and `value: "3"` a string, as Kubernetes reads them.
//
// Hostile input is an error, never a crash or a hang: the file size, the nesting depth and the
// number of values a document expands to (alias bombs) are bounded, duplicate mapping keys are
// rejected as the API server's strict decoding rejects them, and every error gives the line and
// column.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace tidepool::api {

struct ParseLimits {
  size_t max_bytes = 256u << 20;  // per file
  int max_depth = 256;            // nested mappings and sequences
  size_t max_values = 0;          // per file; 0 means 16 × the input size + 4096
};

struct ParsedDocument {
  int index = 0;  // 1-based position among the file's documents (empty ones included)
  int line = 0;   // 1-based line where the document starts
  nlohmann::json value;
};

// Documents that are empty or null are left out (their index is skipped). An error has
// ErrorCode::kParse and a message "line L, column C: what".
[[nodiscard]] Result<std::vector<ParsedDocument>> ParseManifestText(std::string_view text,
                                                                    const ParseLimits& limits = {});

}  // namespace tidepool::api
