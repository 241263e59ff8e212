#include "api/registry.h"

namespace tidepool::api {

void KindRegistry::Add(KindInfo info) { kinds_.push_back(std::move(info)); }

const KindInfo* KindRegistry::Find(std::string_view api_version, std::string_view kind) const {
  for (const KindInfo& k : kinds_) {
    if (k.api_version == api_version && k.kind == kind) return &k;
  }
  return nullptr;
}

std::vector<const KindInfo*> KindRegistry::FindKind(std::string_view kind) const {
  std::vector<const KindInfo*> out;
  for (const KindInfo& k : kinds_) {
    if (k.kind == kind) out.push_back(&k);
  }
  return out;
}

}  // namespace tidepool::api
