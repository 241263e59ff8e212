// Helpers for the api/k8s tests: the family-independent ones of api/testing/object_test_util.h
// (MustDecode, RoundTrip, ...), and the registry of the built-in kinds. Included by *_test.cc
// files only.
#pragma once

#include "api/k8s/k8s_kinds.h"
#include "api/testing/object_test_util.h"

namespace tidepool::api::testing {

// The built-in kinds (Pod, Deployment, ...), as RegisterCoreKinds adds them.
inline const KindCodec& CoreKinds() {
  static const KindCodec* kinds = new KindCodec({&RegisterCoreKinds});
  return *kinds;
}

}  // namespace tidepool::api::testing
