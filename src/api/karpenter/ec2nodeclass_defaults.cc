// EC2NodeClass defaults (the CRD's metadataOptions, field by field) and the AMI-family helpers
// of ec2nodeclass.go.
#include <algorithm>
#include <array>
#include <string_view>

#include "api/karpenter/ec2nodeclass.h"

namespace tidepool::api {
namespace {

constexpr std::array<const char*, 6> kAliasFamilies = {
    kAmiFamilyAL2,         kAmiFamilyAL2023,      kAmiFamilyBottlerocket,
    kAmiFamilyWindows2019, kAmiFamilyWindows2022, kAmiFamilyWindows2025};

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  });
  return out;
}

}  // namespace

std::optional<AmiAlias> Alias(const EC2NodeClassSpec& spec) {
  if (!spec.ami_selector_terms) return std::nullopt;
  for (const AmiSelectorTerm& term : *spec.ami_selector_terms) {
    if (term.alias.empty()) continue;
    const size_t at = term.alias.find('@');
    if (at == std::string::npos || term.alias.find('@', at + 1) != std::string::npos) {
      return std::nullopt;
    }
    const std::string family = term.alias.substr(0, at);
    for (const char* known : kAliasFamilies) {
      if (Lower(known) == family) return AmiAlias{known, term.alias.substr(at + 1)};
    }
    return std::nullopt;
  }
  return std::nullopt;
}

std::string EffectiveAmiFamily(const EC2NodeClassSpec& spec) {
  if (spec.ami_family) return *spec.ami_family;
  if (std::optional<AmiAlias> alias = Alias(spec)) return alias->family;
  return kAmiFamilyCustom;
}

void SetDefaults(EC2NodeClass& node_class) {
  if (!node_class.spec.metadata_options) node_class.spec.metadata_options = MetadataOptions{};
  MetadataOptions& m = *node_class.spec.metadata_options;
  if (!m.http_endpoint) m.http_endpoint = "enabled";
  if (!m.http_protocol_ipv6) m.http_protocol_ipv6 = "disabled";
  if (!m.http_put_response_hop_limit) m.http_put_response_hop_limit = 1;
  if (!m.http_tokens) m.http_tokens = "required";
}

}  // namespace tidepool::api
