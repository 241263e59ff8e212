// Group, version and kind of a scale target as KEDA names it (apis/keda/v1alpha1/gvkr.go,
// gvkr_types.go): "apps/v1.Deployment" is how the webhook's messages spell a workload's type.
#pragma once

#include <string>
#include <string_view>

#include "api/codec_fwd.h"
#include "api/extra_fields.h"
#include "core/status.h"

namespace tidepool::api::keda {

// Used when a scaleTargetRef leaves apiVersion or kind empty.
inline constexpr std::string_view kDefaultScaleTargetApiVersion = "apps/v1";
inline constexpr std::string_view kDefaultScaleTargetKind = "Deployment";

struct GroupVersionKind {
  std::string group;  // "" for the core group
  std::string version;
  std::string kind;
  // "apps/v1.Deployment"; "/v1.Pod" for the core group, as upstream's GVKString writes it.
  std::string GvkString() const { return group + "/" + version + "." + kind; }
  friend bool operator==(const GroupVersionKind&, const GroupVersionKind&) = default;
};

// status.scaleTargetGVKR.
struct GroupVersionKindResource {
  std::string group;
  std::string version;
  std::string kind;
  std::string resource;
  ExtraFields extra;
  friend bool operator==(const GroupVersionKindResource&,
                         const GroupVersionKindResource&) = default;
};
TIDEPOOL_DECLARE_CODEC(GroupVersionKindResource);

// schema.ParseGroupVersion: "apps/v1" → (apps, v1); "v1" → ("", v1); "" → ("", "");
// more than one '/' is an error "unexpected GroupVersion string: a/b/c".
[[nodiscard]] Result<GroupVersionKind> ParseGroupVersion(std::string_view api_version);

// The scale target's GVK with KEDA's defaults: an empty apiVersion is apps/v1 and an empty kind
// is Deployment. Unlike upstream no REST mapping is looked up, so any kind is accepted.
[[nodiscard]] Result<GroupVersionKind> ScaleTargetGvk(std::string_view api_version,
                                                      std::string_view kind);

}  // namespace tidepool::api::keda
