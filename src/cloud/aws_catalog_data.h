// The generated facts behind the aws/<region> catalogues (src/cloud/aws_catalog_data.cc, written
// by tools/gen-aws-catalog.py; its header comment gives the format and the sources' dates).
//
// The data is text split into chunks at line boundaries; src/cloud/aws_catalog.cc parses it on
// first use.
#pragma once

#include <span>
#include <string_view>

namespace tidepool::cloud::aws_data {

// The chunks in order; each holds whole lines.
std::span<const std::string_view> Chunks();

}  // namespace tidepool::cloud::aws_data
