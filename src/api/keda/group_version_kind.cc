#include "api/keda/group_version_kind.h"

#include <algorithm>

namespace tidepool::api::keda {

Result<GroupVersionKind> ParseGroupVersion(std::string_view api_version) {
  GroupVersionKind gvk;
  if (api_version.empty() || api_version == "/") return gvk;
  switch (std::count(api_version.begin(), api_version.end(), '/')) {
    case 0:
      gvk.version = std::string(api_version);
      return gvk;
    case 1: {
      const size_t slash = api_version.find('/');
      gvk.group = std::string(api_version.substr(0, slash));
      gvk.version = std::string(api_version.substr(slash + 1));
      return gvk;
    }
    default:
      return Fail(ErrorCode::kInvalidArgument,
                  "unexpected GroupVersion string: " + std::string(api_version));
  }
}

Result<GroupVersionKind> ScaleTargetGvk(std::string_view api_version, std::string_view kind) {
  Result<GroupVersionKind> gvk =
      ParseGroupVersion(api_version.empty() ? kDefaultScaleTargetApiVersion : api_version);
  if (!gvk) return gvk;
  gvk->kind = std::string(kind.empty() ? kDefaultScaleTargetKind : kind);
  return gvk;
}

}  // namespace tidepool::api::keda
