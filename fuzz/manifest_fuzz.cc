// Feeds arbitrary bytes to the manifest loader as one file: parsing, decoding, defaulting and
// validating must never crash, hang or leak, whatever the input. When loading succeeds, every
// decoded object must also encode and decode again.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "manifest/default_registry.h"
#include "manifest/loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using tidepool::manifest::LoadResult;
  const tidepool::api::KindRegistry& registry = tidepool::manifest::DefaultRegistry();
  tidepool::api::ParseLimits limits;
  limits.max_bytes = 1 << 20;
  tidepool::manifest::Loader loader(registry, limits);
  LoadResult result;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (!loader.AddText(text, "fuzz.yaml", result)) return 0;
  loader.ValidateSet(result);
  for (const auto& loaded : result.objects) {
    nlohmann::json encoded = loaded.kind->encode(*loaded.object);
    tidepool::api::FieldErrors errors;
    auto again = loaded.kind->decode(encoded, errors);
    if (again == nullptr) __builtin_trap();
  }
  return 0;
}
