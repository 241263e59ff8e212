// EC2NodeClass validation: the CRD's schema and CEL rules (karpenter.k8s.aws_ec2nodeclasses.yaml,
// from the markers in ec2nodeclass.go) with their messages, then the controller's kubelet checks
// (kubelet_validation.cc). Each CEL rule is written out as the expression it is, quirks included:
// the selector-term "mutually exclusive" rules are `!self.all(...)`, so they fire only when every
// term breaks them (and on an empty list).
#include <algorithm>
#include <array>
#include <functional>

#include "api/karpenter/ec2nodeclass.h"
#include "api/karpenter/labels.h"
#include "api/karpenter/schema_checks.h"
#include "api/name_validation.h"

namespace tidepool::api {
namespace {

namespace schema = karpenter_schema;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlnum(char c) { return IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool InRange(char c, char lo, char hi) { return c >= lo && c <= hi; }

// The CRD's volumeSize pattern, verbatim for messages. Its empty alternatives are real: "Ti" and
// "T" alone match it.
constexpr std::string_view kVolumeSizePattern =
    R"(^((?:[1-9][0-9]{0,3}|[1-4][0-9]{4}|[5][0-8][0-9]{3}|59000)Gi|)"
    R"((?:[1-9][0-9]{0,3}|[1-5][0-9]{4}|[6][0-3][0-9]{3}|64000)G|)"
    R"(([1-9]||[1-5][0-7]|58)Ti|([1-9]||[1-5][0-9]|6[0-3]|64)T)$)";

bool MatchesVolumeSize(std::string_view s) {
  size_t digits = 0;
  while (digits < s.size() && IsDigit(s[digits])) ++digits;
  const std::string_view n = s.substr(0, digits), unit = s.substr(digits);
  const bool upto4 = !n.empty() && n.size() <= 4 && n[0] != '0';
  if (unit == "Gi") {
    return upto4 || (n.size() == 5 && (InRange(n[0], '1', '4') ||
                                       (n[0] == '5' && InRange(n[1], '0', '8')) || n == "59000"));
  }
  if (unit == "G") {
    return upto4 || (n.size() == 5 && (InRange(n[0], '1', '5') ||
                                       (n[0] == '6' && InRange(n[1], '0', '3')) || n == "64000"));
  }
  if (unit == "Ti") {
    return n.empty() || (n.size() == 1 && n[0] != '0') ||
           (n.size() == 2 && ((InRange(n[0], '1', '5') && InRange(n[1], '0', '7')) || n == "58"));
  }
  if (unit == "T") {
    return n.empty() || (n.size() == 1 && n[0] != '0') ||
           (n.size() == 2 &&
            (InRange(n[0], '1', '5') || (n[0] == '6' && InRange(n[1], '0', '3')) || n == "64"));
  }
  return false;
}

// CEL string helpers on an alias.
std::string_view SplitAt(std::string_view s, size_t index) {  // s.split('@')[index]
  size_t start = 0;
  for (size_t i = 0; i < index; ++i) {
    const size_t at = s.find('@', start);
    if (at == std::string_view::npos) return {};
    start = at + 1;
  }
  const size_t end = s.find('@', start);
  return s.substr(start, end == std::string_view::npos ? end : end - start);
}
bool MatchesAliasFormat(std::string_view s) {  // ^[a-zA-Z0-9]+@.+$
  const size_t at = s.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == s.size()) return false;
  return std::all_of(s.begin(), s.begin() + at, IsAlnum) &&
         s.substr(at + 1).find('\n') == std::string_view::npos;
}

// The `empty tag keys or values aren't supported` rule and maxProperties 20 of selector tags.
void ValidateSelectorTags(const std::map<std::string, std::string>& tags, const std::string& path,
                          FieldErrors& errors) {
  if (tags.size() > 20) schema::AddTooManyItems(errors, path, tags.size(), 20);
  for (const auto& [k, v] : tags) {
    if (k.empty() || v.empty()) {
      schema::AddCelError(errors, path, "object", "empty tag keys or values aren't supported");
      return;
    }
  }
}

template <class T>
bool All(const std::vector<T>& items, const std::function<bool(const T&)>& pred) {
  return std::all_of(items.begin(), items.end(), pred);
}
template <class T>
bool Exists(const std::vector<T>& items, const std::function<bool(const T&)>& pred) {
  return std::any_of(items.begin(), items.end(), pred);
}

void ValidateSubnetTerms(const std::optional<std::vector<SubnetSelectorTerm>>& terms,
                         const std::string& path, FieldErrors& errors) {
  if (!terms) return errors.Add(path, RequiredMessage());
  using T = SubnetSelectorTerm;
  if (terms->size() > 30) schema::AddTooManyItems(errors, path, terms->size(), 30);
  if (terms->empty())
    schema::AddCelError(errors, path, "array", "subnetSelectorTerms cannot be empty");
  if (!All<T>(*terms, [](const T& t) { return !t.tags.empty() || !t.id.empty(); })) {
    schema::AddCelError(errors, path, "array", "expected at least one, got none, ['tags', 'id']");
  }
  if (All<T>(*terms, [](const T& t) { return !t.id.empty() && !t.tags.empty(); })) {
    schema::AddCelError(errors, path, "array",
                        "'id' is mutually exclusive, cannot be set with a combination of other "
                        "fields in a subnet selector term");
  }
  for (size_t i = 0; i < terms->size(); ++i) {
    const T& t = (*terms)[i];
    ValidateSelectorTags(t.tags, Child(Index(path, i), "tags"), errors);
    if (!t.id.empty() && !schema::MatchesIdPattern(t.id, "subnet-", false)) {
      schema::AddPatternError(errors, Child(Index(path, i), "id"), t.id, "subnet-[0-9a-z]+");
    }
  }
}

void ValidateSecurityGroupTerms(const std::optional<std::vector<SecurityGroupSelectorTerm>>& terms,
                                const std::string& path, FieldErrors& errors) {
  if (!terms) return errors.Add(path, RequiredMessage());
  using T = SecurityGroupSelectorTerm;
  if (terms->size() > 30) schema::AddTooManyItems(errors, path, terms->size(), 30);
  if (terms->empty()) {
    schema::AddCelError(errors, path, "array", "securityGroupSelectorTerms cannot be empty");
  }
  if (!All<T>(*terms,
              [](const T& t) { return !t.tags.empty() || !t.id.empty() || !t.name.empty(); })) {
    schema::AddCelError(errors, path, "array",
                        "expected at least one, got none, ['tags', 'id', 'name']");
  }
  if (All<T>(*terms,
             [](const T& t) { return !t.id.empty() && (!t.tags.empty() || !t.name.empty()); })) {
    schema::AddCelError(errors, path, "array",
                        "'id' is mutually exclusive, cannot be set with a combination of other "
                        "fields in a security group selector term");
  }
  if (All<T>(*terms,
             [](const T& t) { return !t.name.empty() && (!t.tags.empty() || !t.id.empty()); })) {
    schema::AddCelError(errors, path, "array",
                        "'name' is mutually exclusive, cannot be set with a combination of other "
                        "fields in a security group selector term");
  }
  for (size_t i = 0; i < terms->size(); ++i) {
    const T& t = (*terms)[i];
    ValidateSelectorTags(t.tags, Child(Index(path, i), "tags"), errors);
    if (!t.id.empty() && !schema::MatchesIdPattern(t.id, "sg-", false)) {
      schema::AddPatternError(errors, Child(Index(path, i), "id"), t.id, "sg-[0-9a-z]+");
    }
  }
}

void ValidateCapacityReservationTerms(const std::vector<CapacityReservationSelectorTerm>& terms,
                                      const std::string& path, FieldErrors& errors) {
  if (terms.empty()) return;  // absent (an empty list is not distinguishable, as with omitempty)
  using T = CapacityReservationSelectorTerm;
  if (terms.size() > 30) schema::AddTooManyItems(errors, path, terms.size(), 30);
  if (!All<T>(terms, [](const T& t) {
        return !t.tags.empty() || !t.id.empty() || !t.instance_match_criteria.empty();
      })) {
    schema::AddCelError(errors, path, "array",
                        "expected at least one, got none, ['tags', 'id', 'instanceMatchCriteria']");
  }
  if (All<T>(terms, [](const T& t) {
        return !t.id.empty() &&
               (!t.tags.empty() || !t.owner_id.empty() || !t.instance_match_criteria.empty());
      })) {
    schema::AddCelError(errors, path, "array",
                        "'id' is mutually exclusive, cannot be set along with other fields in a "
                        "capacity reservation selector term");
  }
  for (size_t i = 0; i < terms.size(); ++i) {
    const T& t = terms[i];
    const std::string at = Index(path, i);
    ValidateSelectorTags(t.tags, Child(at, "tags"), errors);
    if (!t.id.empty() && !schema::MatchesIdPattern(t.id, "cr-", true)) {
      schema::AddPatternError(errors, Child(at, "id"), t.id, "^cr-[0-9a-z]+$");
    }
    if (!t.owner_id.empty() &&
        !(t.owner_id.size() == 12 && std::all_of(t.owner_id.begin(), t.owner_id.end(), IsDigit))) {
      schema::AddPatternError(errors, Child(at, "ownerID"), t.owner_id, "^[0-9]{12}$");
    }
    if (!t.instance_match_criteria.empty() && t.instance_match_criteria != "open" &&
        t.instance_match_criteria != "targeted") {
      schema::AddEnumError(errors, Child(at, "instanceMatchCriteria"), t.instance_match_criteria,
                           {"open", "targeted"});
    }
  }
}

void ValidateAmiTerms(const std::optional<std::vector<AmiSelectorTerm>>& terms,
                      const std::string& path, FieldErrors& errors) {
  if (!terms) return errors.Add(path, RequiredMessage());
  using T = AmiSelectorTerm;
  if (terms->empty()) {
    errors.Add(path, InvalidMessageRendered("0", path + " in body should have at least 1 items"));
  }
  if (terms->size() > 30) schema::AddTooManyItems(errors, path, terms->size(), 30);
  if (!All<T>(*terms, [](const T& t) {
        return !t.tags.empty() || !t.id.empty() || !t.name.empty() || !t.alias.empty() ||
               !t.ssm_parameter.empty();
      })) {
    schema::AddCelError(errors, path, "array",
                        "expected at least one, got none, ['tags', 'id', 'name', 'alias', "
                        "'ssmParameter']");
  }
  if (Exists<T>(*terms, [](const T& t) {
        return !t.id.empty() &&
               (!t.alias.empty() || !t.tags.empty() || !t.name.empty() || !t.owner.empty());
      })) {
    schema::AddCelError(errors, path, "array",
                        "'id' is mutually exclusive, cannot be set with a combination of other "
                        "fields in amiSelectorTerms");
  }
  if (Exists<T>(*terms, [](const T& t) {
        return !t.alias.empty() &&
               (!t.id.empty() || !t.tags.empty() || !t.name.empty() || !t.owner.empty());
      })) {
    schema::AddCelError(errors, path, "array",
                        "'alias' is mutually exclusive, cannot be set with a combination of other "
                        "fields in amiSelectorTerms");
  }
  if (Exists<T>(*terms, [](const T& t) { return !t.alias.empty(); }) && terms->size() != 1) {
    schema::AddCelError(errors, path, "array",
                        "'alias' is mutually exclusive, cannot be set with a combination of other "
                        "amiSelectorTerms");
  }
  for (size_t i = 0; i < terms->size(); ++i) {
    const T& t = (*terms)[i];
    const std::string at = Index(path, i);
    ValidateSelectorTags(t.tags, Child(at, "tags"), errors);
    if (!t.id.empty() && !schema::MatchesIdPattern(t.id, "ami-", false)) {
      schema::AddPatternError(errors, Child(at, "id"), t.id, "ami-[0-9a-z]+");
    }
    if (t.alias.empty()) continue;
    const std::string alias_path = Child(at, "alias");
    if (t.alias.size() > 30) schema::AddTooLong(errors, alias_path, 30);
    if (!MatchesAliasFormat(t.alias)) {
      schema::AddCelError(errors, alias_path, "string",
                          "'alias' is improperly formatted, must match the format "
                          "'family@version'");
    }
    const std::string_view family = SplitAt(t.alias, 0);
    constexpr std::array<std::string_view, 6> kFamilies = {
        "al2", "al2023", "bottlerocket", "windows2019", "windows2022", "windows2025"};
    if (std::find(kFamilies.begin(), kFamilies.end(), family) == kFamilies.end()) {
      schema::AddCelError(errors, alias_path, "string",
                          "family is not supported, must be one of the following: 'al2', "
                          "'al2023', 'bottlerocket', 'windows2019', 'windows2022', 'windows2025'");
    }
    const bool windows =
        std::find(kFamilies.begin() + 3, kFamilies.end(), family) != kFamilies.end();
    if (windows && t.alias.find('@') != std::string::npos && SplitAt(t.alias, 1) != "latest") {
      schema::AddCelError(errors, alias_path, "string",
                          "windows families may only specify version 'latest'");
    }
  }
}

void ValidateTags(const std::map<std::string, std::string>& tags, const std::string& path,
                  FieldErrors& errors) {
  auto rule = [&](const std::function<bool(const std::string&)>& ok, std::string_view message) {
    for (const auto& [k, v] : tags) {
      if (!ok(k)) return schema::AddCelError(errors, path, "object", message);
    }
  };
  rule([](const std::string& k) { return !k.empty(); }, "empty tag keys aren't supported");
  rule([](const std::string& k) { return k != kEksClusterNameTagKey; },
       "tag contains a restricted tag matching eks:eks-cluster-name");
  rule([](const std::string& k) { return !k.starts_with("kubernetes.io/cluster"); },
       "tag contains a restricted tag matching kubernetes.io/cluster/");
  rule([](const std::string& k) { return k != kNodePoolLabelKey; },
       "tag contains a restricted tag matching karpenter.sh/nodepool");
  rule([](const std::string& k) { return k != kNodeClaimTagKey; },
       "tag contains a restricted tag matching karpenter.sh/nodeclaim");
  rule([](const std::string& k) { return k != kLabelNodeClass; },
       "tag contains a restricted tag matching karpenter.k8s.aws/ec2nodeclass");
}

void ValidateBlockDeviceMappings(const std::vector<BlockDeviceMapping>& mappings,
                                 const std::string& path, FieldErrors& errors) {
  if (mappings.size() > 50) schema::AddTooManyItems(errors, path, mappings.size(), 50);
  if (std::count_if(mappings.begin(), mappings.end(),
                    [](const BlockDeviceMapping& m) { return m.root_volume; }) > 1) {
    schema::AddCelError(errors, path, "array",
                        "must have only one blockDeviceMappings with rootVolume");
  }
  for (size_t i = 0; i < mappings.size(); ++i) {
    if (!mappings[i].ebs) continue;
    const BlockDevice& ebs = *mappings[i].ebs;
    const std::string at = Child(Index(path, i), "ebs");
    if (!ebs.snapshot_id && !ebs.volume_size) {
      schema::AddCelError(errors, at, "object", "snapshotID or volumeSize must be defined");
    }
    if (ebs.volume_initialization_rate && (!ebs.snapshot_id || ebs.snapshot_id->empty())) {
      schema::AddCelError(errors, at, "object",
                          "snapshotID must be set when volumeInitializationRate is set");
    }
    if (ebs.volume_initialization_rate) {
      schema::CheckRange(errors, Child(at, "volumeInitializationRate"),
                         *ebs.volume_initialization_rate, 100, 300);
    }
    if (ebs.volume_size && !MatchesVolumeSize(*ebs.volume_size)) {
      schema::AddPatternError(errors, Child(at, "volumeSize"), *ebs.volume_size,
                              kVolumeSizePattern);
    }
    if (ebs.volume_type) {
      constexpr std::array<std::string_view, 7> kTypes = {"standard", "io1", "io2", "gp2",
                                                          "sc1",      "st1", "gp3"};
      if (std::find(kTypes.begin(), kTypes.end(), *ebs.volume_type) == kTypes.end()) {
        schema::AddEnumError(errors, Child(at, "volumeType"), *ebs.volume_type,
                             {"standard", "io1", "io2", "gp2", "sc1", "st1", "gp3"});
      }
    }
  }
}

void ValidateNetworkInterfaces(const std::vector<NetworkInterface>& nics, const std::string& path,
                               FieldErrors& errors) {
  if (nics.size() > 150) schema::AddTooManyItems(errors, path, nics.size(), 150);
  for (size_t i = 0; i < nics.size(); ++i) {
    const NetworkInterface& n = nics[i];
    const std::string at = Index(path, i);
    if (n.network_card_index < 0) {
      schema::AddMinimumError(errors, Child(at, "networkCardIndex"), n.network_card_index, 0);
    }
    if (n.device_index < 0)
      schema::AddMinimumError(errors, Child(at, "deviceIndex"), n.device_index, 0);
    if (n.interface_type != "interface" && n.interface_type != "efa-only") {
      schema::AddEnumError(errors, Child(at, "interfaceType"), n.interface_type,
                           {"interface", "efa-only"});
    }
  }
  using T = NetworkInterface;
  if (!nics.empty() && !Exists<T>(nics, [](const T& x) {
        return x.device_index == 0 && x.network_card_index == 0 && x.interface_type == "interface";
      })) {
    schema::AddCelError(errors, path, "array",
                        "networkInterfaces must include a primary interface with "
                        "interfaceType='interface'");
  }
  const bool ok = All<T>(nics, [&](const T& x) {
    auto count = [&](const std::function<bool(const T&)>& pred) {
      return std::count_if(nics.begin(), nics.end(), pred);
    };
    return count([&](const T& y) {
             return x.network_card_index == y.network_card_index &&
                    x.device_index == y.device_index;
           }) == 1 &&
           (x.interface_type != "efa-only" ||
            count([&](const T& y) {
              return x.network_card_index == y.network_card_index && y.interface_type == "efa-only";
            }) == 1);
  });
  if (!ok) {
    schema::AddCelError(errors, path, "array",
                        "networkInterfaces must not have duplicate networkCardIndex and "
                        "deviceIndex pairs, and can have at most one efa device per network card");
  }
}

void ValidateEnum(const std::optional<std::string>& value, const std::string& path,
                  std::initializer_list<std::string_view> supported, FieldErrors& errors) {
  if (value && std::find(supported.begin(), supported.end(), *value) == supported.end()) {
    schema::AddEnumError(errors, path, *value, supported);
  }
}

void ValidateOptionalBlocks(const EC2NodeClassSpec& s, FieldErrors& errors) {
  if (s.metadata_options) {
    const MetadataOptions& m = *s.metadata_options;
    ValidateEnum(m.http_endpoint, "spec.metadataOptions.httpEndpoint", {"enabled", "disabled"},
                 errors);
    ValidateEnum(m.http_protocol_ipv6, "spec.metadataOptions.httpProtocolIPv6",
                 {"enabled", "disabled"}, errors);
    if (m.http_put_response_hop_limit) {
      schema::CheckRange(errors, "spec.metadataOptions.httpPutResponseHopLimit",
                         *m.http_put_response_hop_limit, 1, 64);
    }
    ValidateEnum(m.http_tokens, "spec.metadataOptions.httpTokens", {"required", "optional"},
                 errors);
  }
  if (s.connection_tracking) {
    const ConnectionTracking& c = *s.connection_tracking;
    const std::string path = "spec.connectionTracking";
    if (!c.tcp_established_timeout && !c.udp_stream_timeout && !c.udp_timeout) {
      schema::AddCelError(errors, path, "object",
                          "at least one of tcpEstablishedTimeout, udpStreamTimeout, or udpTimeout "
                          "must be set");
    }
    if (c.tcp_established_timeout) {
      schema::CheckRange(errors, Child(path, "tcpEstablishedTimeout"), *c.tcp_established_timeout,
                         60, 432000);
    }
    if (c.udp_stream_timeout) {
      schema::CheckRange(errors, Child(path, "udpStreamTimeout"), *c.udp_stream_timeout, 60, 180);
    }
    if (c.udp_timeout)
      schema::CheckRange(errors, Child(path, "udpTimeout"), *c.udp_timeout, 30, 60);
  }
  if (s.placement_group_selector) {
    const PlacementGroupSelector& p = *s.placement_group_selector;
    const std::string path = "spec.placementGroupSelector";
    if (!p.name && !p.id) {
      schema::AddCelError(errors, path, "object",
                          "expected at least one, got none, ['name', 'id']");
    }
    if (p.name && p.id) {
      schema::AddCelError(errors, path, "object", "'name' and 'id' are mutually exclusive");
    }
    if (p.name && p.name->empty()) {
      errors.Add(
          Child(path, "name"),
          InvalidMessage("", Child(path, "name") + " in body should be at least 1 chars long"));
    }
    if (p.id && !schema::MatchesIdPattern(*p.id, "pg-", true)) {
      schema::AddPatternError(errors, Child(path, "id"), *p.id, "^pg-[0-9a-z]+$");
    }
  }
  if (s.cpu_options) {
    ValidateEnum(s.cpu_options->nested_virtualization, "spec.cpuOptions.nestedVirtualization",
                 {"enabled", "disabled"}, errors);
  }
  ValidateEnum(s.instance_store_policy, "spec.instanceStorePolicy", {"RAID0"}, errors);
  if (s.ip_prefix_count && *s.ip_prefix_count < 0) {
    schema::AddMinimumError(errors, "spec.ipPrefixCount", *s.ip_prefix_count, 0);
  }
}

// The rules on spec itself: role xor instanceProfile, and amiFamily against the alias.
void ValidateSpecRules(const EC2NodeClassSpec& s, FieldErrors& errors) {
  if (s.role.has_value() == s.instance_profile.has_value()) {
    schema::AddCelError(errors, "spec", "object",
                        "must specify exactly one of ['role', 'instanceProfile']");
  }
  if (s.role && s.role->empty())
    schema::AddCelError(errors, "spec.role", "string", "role cannot be empty");
  if (s.instance_profile && s.instance_profile->empty()) {
    schema::AddCelError(errors, "spec.instanceProfile", "string",
                        "instanceProfile cannot be empty");
  }
  ValidateEnum(
      s.ami_family, "spec.amiFamily",
      {"AL2", "AL2023", "Bottlerocket", "Custom", "Windows2019", "Windows2022", "Windows2025"},
      errors);
  if (!s.ami_selector_terms) return;
  const std::vector<AmiSelectorTerm>& terms = *s.ami_selector_terms;
  struct FamilyRule {
    std::string_view alias_family, family, message;
  };
  constexpr FamilyRule kRules[] = {
      {"al2", "AL2", "if set, amiFamily must be 'AL2' or 'Custom' when using an AL2 alias"},
      {"al2023", "AL2023",
       "if set, amiFamily must be 'AL2023' or 'Custom' when using an AL2023 alias"},
      {"bottlerocket", "Bottlerocket",
       "if set, amiFamily must be 'Bottlerocket' or 'Custom' when using a Bottlerocket alias"},
      {"windows2019", "Windows2019",
       "if set, amiFamily must be 'Windows2019' or 'Custom' when using a Windows2019 alias"},
      {"windows2022", "Windows2022",
       "if set, amiFamily must be 'Windows2022' or 'Custom' when using a Windows2022 alias"},
      {"windows2025", "Windows2025",
       "if set, amiFamily must be 'Windows2025' or 'Custom' when using a Windows2025 alias"},
  };
  if (s.ami_family) {
    for (const FamilyRule& rule : kRules) {
      const bool uses = Exists<AmiSelectorTerm>(terms, [&](const AmiSelectorTerm& t) {
        return !t.alias.empty() && SplitAt(t.alias, 0) == rule.alias_family;
      });
      if (uses && *s.ami_family != kAmiFamilyCustom && *s.ami_family != rule.family) {
        schema::AddCelError(errors, "spec", "object", rule.message);
      }
    }
  }
  const bool has_alias =
      Exists<AmiSelectorTerm>(terms, [](const AmiSelectorTerm& t) { return !t.alias.empty(); });
  if (!has_alias && !s.ami_family) {
    schema::AddCelError(errors, "spec", "object",
                        "must specify amiFamily if amiSelectorTerms does not contain an alias");
  }
}

}  // namespace

void Validate(const EC2NodeClass& node_class, FieldErrors& errors) {
  schema::ValidateMetadata(node_class.metadata, errors);
  const EC2NodeClassSpec& s = node_class.spec;
  ValidateSpecRules(s, errors);
  ValidateSubnetTerms(s.subnet_selector_terms, "spec.subnetSelectorTerms", errors);
  ValidateSecurityGroupTerms(s.security_group_selector_terms, "spec.securityGroupSelectorTerms",
                             errors);
  ValidateCapacityReservationTerms(s.capacity_reservation_selector_terms,
                                   "spec.capacityReservationSelectorTerms", errors);
  ValidateAmiTerms(s.ami_selector_terms, "spec.amiSelectorTerms", errors);
  ValidateTags(s.tags, "spec.tags", errors);
  ValidateBlockDeviceMappings(s.block_device_mappings, "spec.blockDeviceMappings", errors);
  ValidateNetworkInterfaces(s.network_interfaces, "spec.networkInterfaces", errors);
  ValidateOptionalBlocks(s, errors);
  ValidateKubeletConfiguration(s.kubelet, "spec.kubelet", errors);
}

}  // namespace tidepool::api
