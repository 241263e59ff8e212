// Helpers for the keda tests: the registry they decode and encode through (see
// api/testing/object_test_util.h), and sample manifests several test files share. Included by
// *_test.cc files only.
#pragma once

#include <string_view>

#include "api/k8s/k8s_kinds.h"
#include "api/keda/keda_kinds.h"
#include "api/testing/object_test_util.h"

namespace tidepool::api::keda::testing {

// Every kind of the keda.sh group, plus the built-ins (Deployments for set validation).
inline const api::testing::KindCodec& Kinds() {
  static const auto* kinds = new api::testing::KindCodec({&RegisterCoreKinds, &RegisterKedaKinds});
  return *kinds;
}

// The ScaledObject of the article in seed/ (adapted there from KEDA's aws-sqs-queue docs).
inline constexpr std::string_view kArticleScaledObject = R"(
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: sqs-consumer-scaler
  namespace: processing
spec:
  scaleTargetRef:
    name: sqs-consumer
  minReplicaCount: 0
  maxReplicaCount: 50
  cooldownPeriod: 60
  pollingInterval: 15
  triggers:
  - type: aws-sqs-queue
    authenticationRef:
      name: keda-aws-credentials
    metadata:
      queueURL: https://sqs.eu-west-1.amazonaws.com/123456789012/orders
      queueLength: "5"
      awsRegion: "eu-west-1"
)";

}  // namespace tidepool::api::keda::testing
