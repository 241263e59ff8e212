// Pieces of pod validation split across files (pod_validation.cc, affinity_validation.cc). Not
// part of the API of api/k8s.
#pragma once

#include <string>
#include <vector>

#include "api/field_errors.h"
#include "api/k8s/pod.h"

namespace tidepool::api {

// validateAffinity: node affinity (required terms, preferred weights 1-100), pod affinity and
// anti-affinity terms (selectors, namespaces, topologyKey, matchLabelKeys/mismatchLabelKeys).
void ValidateAffinity(const Affinity& affinity, const std::string& path, FieldErrors& errors);
// validateTopologySpreadConstraints.
void ValidateTopologySpreadConstraints(const std::vector<TopologySpreadConstraint>& constraints,
                                       const std::string& path, FieldErrors& errors);

}  // namespace tidepool::api
