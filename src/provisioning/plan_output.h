// Writes a PlanResult for `tidepool plan`: JSON (-o json, for tools and tests) or a table
// (-o text, for people). Both are deterministic: the same result gives the same bytes. Prices
// are rounded to micro-dollars so that sums print without binary noise.
//
// JSON shape (keys in this order):
//   {"packer": "cost",
//    "catalog": {"name": "aws/eu-west-1", "warnings": [...], "pricesBorrowedFrom": "us-east-1"},
//    "nodeClaims": [{"nodePool", "instanceTypes", "requirements", "capacityType", "zone", "pods",
//                    "requests", "priceUSDPerHour"}],
//    "existingNodes": {"node-a": ["default/pod-2"]},
//    "unschedulable": [{"pod", "reason"}],
//    "totals": {"newNodes", "priceUSDPerHour", "lowerBoundUSDPerHour"},
//    "warnings": [...]}
// pricesBorrowedFrom, lowerBoundUSDPerHour and warnings are omitted when there is nothing to say.
#pragma once

#include <ostream>

#include "provisioning/plan_result.h"

namespace tidepool::provisioning {

void WritePlanJson(const PlanResult& result, std::ostream& out);
void WritePlanText(const PlanResult& result, std::ostream& out);

}  // namespace tidepool::provisioning
