// EC2NodeClass validation, ported from aws/karpenter-provider-aws pkg/apis/v1/
// ec2nodeclass_validation_cel_test.go. Upstream's env.Client.Create is Create() below (defaults,
// then the CRD's schema and CEL rules).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "api/karpenter/ec2nodeclass.h"
#include "api/karpenter/karpenter_test_util.h"

namespace tidepool::api {
namespace {

using karpenter_testing::Create;

const char* const kFamilies[] = {kAmiFamilyAL2,          kAmiFamilyAL2023,
                                 kAmiFamilyBottlerocket, kAmiFamilyWindows2019,
                                 kAmiFamilyWindows2022,  kAmiFamilyWindows2025};

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

AmiSelectorTerm AliasTerm(std::string alias) {
  AmiSelectorTerm t;
  t.alias = std::move(alias);
  return t;
}
AmiSelectorTerm IdTerm(std::string id) {
  AmiSelectorTerm t;
  t.id = std::move(id);
  return t;
}

// The BeforeEach of ec2nodeclass_validation_cel_test.go.
EC2NodeClass BaseNodeClass() {
  EC2NodeClass nc;
  nc.api_version = kKarpenterAwsApiVersion;
  nc.kind = kEC2NodeClassKind;
  nc.metadata.name = "default";
  nc.spec.ami_family = kAmiFamilyAL2023;
  nc.spec.ami_selector_terms = {AliasTerm("al2023@latest")};
  nc.spec.role = "role-1";
  SecurityGroupSelectorTerm sg;
  sg.tags = {{"*", "*"}};
  nc.spec.security_group_selector_terms = {sg};
  SubnetSelectorTerm subnet;
  subnet.tags = {{"*", "*"}};
  nc.spec.subnet_selector_terms = {subnet};
  return nc;
}

bool Accepted(const EC2NodeClass& nc) { return Create(nc).empty(); }

TEST(EC2NodeClassValidationTest, CelRoleOrInstanceProfile) {
  EC2NodeClass nc = BaseNodeClass();
  EXPECT_TRUE(Accepted(nc)) << Create(nc).ToString();
  nc.spec.instance_profile = "test-instance-profile";
  EXPECT_TRUE(
      Create(nc).Contains("spec", "must specify exactly one of ['role', 'instanceProfile']"));
  nc.spec.role.reset();
  EXPECT_TRUE(Accepted(nc));
  nc.spec.instance_profile.reset();
  EXPECT_TRUE(
      Create(nc).Contains("spec", "must specify exactly one of ['role', 'instanceProfile']"));
  nc.spec.role = "";
  EXPECT_TRUE(Create(nc).Contains("spec.role", "Invalid value: \"string\": role cannot be empty"));
}

TEST(EC2NodeClassValidationTest, CelAmiFamilies) {
  for (const char* family :
       {"AL2", "AL2023", "Bottlerocket", "Windows2019", "Windows2022", "Windows2025", "Custom"}) {
    EC2NodeClass nc = BaseNodeClass();
    nc.spec.ami_selector_terms = {IdTerm("ami-0123456789abcdef")};
    nc.spec.ami_family = family;
    EXPECT_TRUE(Accepted(nc)) << family << ": " << Create(nc).ToString();
  }
  EC2NodeClass ubuntu = BaseNodeClass();
  ubuntu.spec.ami_selector_terms = {IdTerm("ami-0123456789abcdef")};
  ubuntu.spec.ami_family = "Ubuntu";
  EXPECT_TRUE(Create(ubuntu).Contains("spec.amiFamily", "Unsupported value: \"Ubuntu\""));

  EC2NodeClass neither = BaseNodeClass();
  neither.spec.ami_selector_terms = {IdTerm("ami-01234567890abcdef")};
  neither.spec.ami_family.reset();
  EXPECT_TRUE(Create(neither).Contains(
      "spec", "must specify amiFamily if amiSelectorTerms does not contain an alias"));
}

TEST(EC2NodeClassValidationTest, CelAmiFamilyMatchesAlias) {
  for (const char* family : kFamilies) {
    const std::string alias = Lower(family) + "@latest";
    EC2NodeClass nc = BaseNodeClass();
    nc.spec.ami_selector_terms = {AliasTerm(alias)};
    nc.spec.ami_family = family;
    EXPECT_TRUE(Accepted(nc)) << alias << ": " << Create(nc).ToString();
    nc.spec.ami_family = kAmiFamilyCustom;
    EXPECT_TRUE(Accepted(nc)) << alias;
    nc.spec.ami_family.reset();
    EXPECT_TRUE(Accepted(nc)) << alias;
    EXPECT_EQ(EffectiveAmiFamily(nc.spec), family);
  }
  int mismatches = 0;
  for (const char* family : kFamilies) {
    for (const char* other : kFamilies) {
      if (std::string(family) == other) continue;
      EC2NodeClass nc = BaseNodeClass();
      nc.spec.ami_selector_terms = {AliasTerm(Lower(other) + "@latest")};
      nc.spec.ami_family = family;
      const FieldErrors errors = Create(nc);
      EXPECT_TRUE(errors.Contains(
          "spec", "if set, amiFamily must be '" + std::string(other) + "' or 'Custom' when using"))
          << family << " with " << other << ": " << errors.ToString();
      ++mismatches;
    }
  }
  EXPECT_EQ(mismatches, 30);
}

TEST(EC2NodeClassValidationTest, CelTags) {
  EC2NodeClass nc = BaseNodeClass();
  EXPECT_TRUE(Accepted(nc));
  nc.spec.tags = {{"karpenter.sh/custom-key", "value"},
                  {"karpenter.sh/managed", "true"},
                  {"kubernetes.io/role/key", "value"}};
  EXPECT_TRUE(Accepted(nc));
  const std::pair<const char*, const char*> restricted[] = {
      {"karpenter.sh/nodepool", "karpenter.sh/nodepool"},
      {"kubernetes.io/cluster/test", "kubernetes.io/cluster/"},
      {"eks:eks-cluster-name", "eks:eks-cluster-name"},
      {"karpenter.k8s.aws/ec2nodeclass", "karpenter.k8s.aws/ec2nodeclass"},
      {"karpenter.sh/nodeclaim", "karpenter.sh/nodeclaim"},
  };
  for (const auto& [key, message] : restricted) {
    nc.spec.tags = {{key, "value"}};
    EXPECT_TRUE(Create(nc).Contains(
        "spec.tags", "tag contains a restricted tag matching " + std::string(message)))
        << key;
  }
  nc.spec.tags = {{"", "value"}};
  EXPECT_TRUE(Create(nc).Contains("spec.tags", "empty tag keys aren't supported"));
}

TEST(EC2NodeClassValidationTest, CelSubnetSelectorTerms) {
  auto with = [](std::vector<SubnetSelectorTerm> terms) {
    EC2NodeClass nc = BaseNodeClass();
    nc.spec.subnet_selector_terms = std::move(terms);
    return nc;
  };
  auto tags = [](std::map<std::string, std::string> t) {
    SubnetSelectorTerm term;
    term.tags = std::move(t);
    return term;
  };
  SubnetSelectorTerm by_id;
  by_id.id = "subnet-12345749";
  EXPECT_TRUE(Accepted(with({tags({{"test", "testvalue"}})})));
  EXPECT_TRUE(Accepted(with({by_id})));

  EC2NodeClass absent = BaseNodeClass();
  absent.spec.subnet_selector_terms.reset();
  EXPECT_TRUE(Create(absent).Contains("spec.subnetSelectorTerms", "Required value"));
  EXPECT_TRUE(
      Create(with({})).Contains("spec.subnetSelectorTerms", "subnetSelectorTerms cannot be empty"));
  EXPECT_TRUE(
      Create(with({SubnetSelectorTerm{}}))
          .Contains("spec.subnetSelectorTerms", "expected at least one, got none, ['tags', 'id']"));
  EXPECT_FALSE(Accepted(with({tags({})})));
  EXPECT_TRUE(Create(with({tags({{"test", ""}})}))
                  .Contains("spec.subnetSelectorTerms[0].tags",
                            "empty tag keys or values aren't supported"));
  EXPECT_FALSE(Accepted(with({tags({{"", "testvalue"}})})));
  EXPECT_TRUE(Create(with({tags({{"test", "testvalue"}}), tags({{"test2", "testvalue2"}}),
                           tags({{"test3", "testvalue3"}}), tags({{"", "testvalue4"}})}))
                  .Contains("spec.subnetSelectorTerms[3].tags", "empty tag keys"));
  SubnetSelectorTerm both = tags({{"test", "testvalue"}});
  both.id = "subnet-12345749";
  EXPECT_TRUE(
      Create(with({both})).Contains("spec.subnetSelectorTerms", "'id' is mutually exclusive"));
  SubnetSelectorTerm bad_id;
  bad_id.id = "sn-1234";
  EXPECT_TRUE(Create(with({bad_id}))
                  .Contains("spec.subnetSelectorTerms[0].id", "should match 'subnet-[0-9a-z]+'"));
}

TEST(EC2NodeClassValidationTest, CelSecurityGroupSelectorTerms) {
  auto with = [](std::vector<SecurityGroupSelectorTerm> terms) {
    EC2NodeClass nc = BaseNodeClass();
    nc.spec.security_group_selector_terms = std::move(terms);
    return nc;
  };
  auto term = [](std::map<std::string, std::string> tags, std::string id, std::string name) {
    SecurityGroupSelectorTerm t;
    t.tags = std::move(tags);
    t.id = std::move(id);
    t.name = std::move(name);
    return t;
  };
  EXPECT_TRUE(Accepted(with({term({{"test", "testvalue"}}, "", "")})));
  EXPECT_TRUE(Accepted(with({term({}, "sg-12345749", "")})));
  EXPECT_TRUE(Accepted(with({term({}, "", "testname")})));
  EC2NodeClass absent = BaseNodeClass();
  absent.spec.security_group_selector_terms.reset();
  EXPECT_FALSE(Accepted(absent));
  EXPECT_TRUE(Create(with({})).Contains("spec.securityGroupSelectorTerms",
                                        "securityGroupSelectorTerms cannot be empty"));
  EXPECT_TRUE(Create(with({term({}, "", "")}))
                  .Contains("spec.securityGroupSelectorTerms",
                            "expected at least one, got none, ['tags', 'id', 'name']"));
  EXPECT_FALSE(Accepted(with({term({{"test", ""}}, "", "")})));
  EXPECT_FALSE(Accepted(with({term({{"", "testvalue"}}, "", "")})));
  EXPECT_FALSE(
      Accepted(with({term({{"test", "testvalue"}}, "", ""), term({{"test2", "v"}}, "", ""),
                     term({{"test3", "v"}}, "", ""), term({{"", "testvalue4"}}, "", "")})));
  EXPECT_TRUE(Create(with({term({{"test", "testvalue"}}, "sg-12345749", "")}))
                  .Contains("spec.securityGroupSelectorTerms", "'id' is mutually exclusive"));
  EXPECT_TRUE(Create(with({term({}, "sg-12345749", "my-security-group")}))
                  .Contains("spec.securityGroupSelectorTerms", "'id' is mutually exclusive"));
  EXPECT_TRUE(Create(with({term({{"test", "testvalue"}}, "", "my-security-group")}))
                  .Contains("spec.securityGroupSelectorTerms", "'name' is mutually exclusive"));
}

TEST(EC2NodeClassValidationTest, CelCapacityReservationSelectorTerms) {
  auto with = [](std::vector<CapacityReservationSelectorTerm> terms) {
    EC2NodeClass nc = BaseNodeClass();
    nc.spec.capacity_reservation_selector_terms = std::move(terms);
    return nc;
  };
  auto term = [](std::map<std::string, std::string> tags, std::string id, std::string owner,
                 std::string criteria) {
    CapacityReservationSelectorTerm t;
    t.tags = std::move(tags);
    t.id = std::move(id);
    t.owner_id = std::move(owner);
    t.instance_match_criteria = std::move(criteria);
    return t;
  };
  const std::map<std::string, std::string> tags = {{"test", "testvalue"}};
  EXPECT_TRUE(Accepted(with({term(tags, "", "", "")})));
  EXPECT_TRUE(Accepted(with({term({}, "cr-12345749", "", "")})));
  EXPECT_TRUE(Accepted(with({term(tags, "", "012345678901", "")})));
  EXPECT_TRUE(Create(with({term({}, "r-12345749", "", "")}))
                  .Contains("spec.capacityReservationSelectorTerms[0].id",
                            "should match '^cr-[0-9a-z]+$'"));
  EXPECT_TRUE(Accepted(with({})));
  EXPECT_TRUE(
      Create(with({term({}, "", "", "")}))
          .Contains("spec.capacityReservationSelectorTerms",
                    "expected at least one, got none, ['tags', 'id', 'instanceMatchCriteria']"));
  EXPECT_FALSE(Accepted(with({term({{"test", ""}}, "", "", "")})));
  EXPECT_FALSE(Accepted(with({term({{"", "testvalue"}}, "", "", "")})));
  EXPECT_FALSE(Accepted(with({term(tags, "", "", ""), term({{"", "testvalue4"}}, "", "", "")})));
  EXPECT_TRUE(Create(with({term(tags, "cr-12345749", "", "")}))
                  .Contains("spec.capacityReservationSelectorTerms",
                            "'id' is mutually exclusive, cannot be set along with other fields"));
  EXPECT_FALSE(Accepted(with({term({}, "cr-12345749", "012345678901", "")})));
  EXPECT_TRUE(Create(with({term(tags, "", "01234567890", "")}))
                  .Contains("spec.capacityReservationSelectorTerms[0].ownerID", "^[0-9]{12}$"));
  EXPECT_FALSE(Accepted(with({term({}, "", "012345678901", "")})));
  EXPECT_TRUE(Accepted(with({term({}, "", "", "open")})));
  EXPECT_TRUE(Accepted(with({term({}, "", "", "targeted")})));
  EXPECT_TRUE(Accepted(with({term(tags, "", "", "open")})));
  EXPECT_TRUE(Accepted(with({term(tags, "", "012345678901", "targeted")})));
  EXPECT_TRUE(Create(with({term({}, "", "", "invalid")}))
                  .Contains("spec.capacityReservationSelectorTerms[0].instanceMatchCriteria",
                            "Unsupported value: \"invalid\""));
  EXPECT_FALSE(Accepted(with({term({}, "cr-12345749", "", "open")})));
}

TEST(EC2NodeClassValidationTest, CelAmiSelectorTerms) {
  auto with = [](std::vector<AmiSelectorTerm> terms) {
    EC2NodeClass nc = BaseNodeClass();
    nc.spec.ami_selector_terms = std::move(terms);
    return nc;
  };
  AmiSelectorTerm tags;
  tags.tags = {{"test", "testvalue"}};
  AmiSelectorTerm name;
  name.name = "testname";
  AmiSelectorTerm name_owner = name;
  name_owner.owner = "testowner";
  AmiSelectorTerm owner_tags = tags;
  owner_tags.owner = "testowner";
  EXPECT_TRUE(Accepted(with({AliasTerm("al2023@latest")})));
  EXPECT_TRUE(Accepted(with({tags})));
  EXPECT_TRUE(Accepted(with({IdTerm("ami-12345749")})));
  EXPECT_TRUE(Accepted(with({name})));
  EXPECT_TRUE(Accepted(with({name_owner})));
  EXPECT_TRUE(Accepted(with({owner_tags})));

  EXPECT_TRUE(Create(with({AmiSelectorTerm{}}))
                  .Contains("spec.amiSelectorTerms",
                            "expected at least one, got none, ['tags', "
                            "'id', 'name', 'alias', 'ssmParameter']"));
  AmiSelectorTerm empty_value;
  empty_value.tags = {{"test", ""}};
  EXPECT_FALSE(Accepted(with({empty_value})));
  AmiSelectorTerm empty_key;
  empty_key.tags = {{"", "testvalue"}};
  EXPECT_FALSE(Accepted(with({tags, tags, tags, empty_key})));
  EXPECT_TRUE(Create(with({})).Contains("spec.amiSelectorTerms",
                                        "Invalid value: 0: spec.amiSelectorTerms in body should "
                                        "have at least 1 items"));

  // id and alias are each exclusive of every other field of their term.
  for (int field = 0; field < 4; ++field) {
    AmiSelectorTerm id = IdTerm("ami-1234749");
    AmiSelectorTerm alias = AliasTerm("al2023@latest");
    for (AmiSelectorTerm* t : {&id, &alias}) {
      if (field == 0) t->tags = {{"test", "testvalue"}};
      if (field == 1) t->name = "my-custom-ami";
      if (field == 2) t->owner = "123456789";
    }
    if (field == 3) id.alias = "al2023@latest", alias.id = "ami-1234749";
    EXPECT_TRUE(Create(with({id})).Contains("spec.amiSelectorTerms", "'id' is mutually exclusive"))
        << field;
    EXPECT_TRUE(
        Create(with({alias}))
            .Contains(
                "spec.amiSelectorTerms",
                "'alias' is mutually exclusive, cannot be set with a combination of other fields"))
        << field;
  }
  EXPECT_TRUE(Create(with({AliasTerm("al2023@latest"), IdTerm("ami-1234749")}))
                  .Contains("spec.amiSelectorTerms",
                            "'alias' is mutually exclusive, cannot be set with a combination of "
                            "other amiSelectorTerms"));
}

TEST(EC2NodeClassValidationTest, CelAliases) {
  const std::pair<const char*, const char*> valid[] = {
      {"al2@latest", "AL2"},
      {"al2@v20240625", "AL2"},
      {"al2023@latest", "AL2023"},
      {"al2023@v20240625", "AL2023"},
      {"bottlerocket@latest", "Bottlerocket"},
      {"bottlerocket@1.10.0", "Bottlerocket"},
      {"windows2019@latest", "Windows2019"},
      {"windows2022@latest", "Windows2022"},
      {"windows2025@latest", "Windows2025"},
  };
  for (const auto& [alias, family] : valid) {
    EC2NodeClass nc = BaseNodeClass();
    nc.spec.ami_family = family;
    nc.spec.ami_selector_terms = {AliasTerm(alias)};
    EXPECT_TRUE(Accepted(nc)) << alias << ": " << Create(nc).ToString();
    EXPECT_EQ(Alias(nc.spec),
              (AmiAlias{family, std::string(alias).substr(std::string(alias).find('@') + 1)}));
  }
  for (const char* alias : {"@latest", "al2023", "al2023@", "al2023-latest"}) {
    EC2NodeClass nc = BaseNodeClass();
    nc.spec.ami_selector_terms = {AliasTerm(alias)};
    EXPECT_TRUE(Create(nc).Contains("spec.amiSelectorTerms[0].alias",
                                    "'alias' is improperly formatted, must match the format "
                                    "'family@version'"))
        << alias;
  }
  EC2NodeClass ubuntu = BaseNodeClass();
  ubuntu.spec.ami_selector_terms = {AliasTerm("ubuntu@latest")};
  EXPECT_TRUE(Create(ubuntu).Contains("spec.amiSelectorTerms[0].alias", "family is not supported"));
  for (const char* alias : {"windows2019@v1.0.0", "windows2022@v1.0.0", "windows2025@v1.0.0"}) {
    EC2NodeClass nc = BaseNodeClass();
    nc.spec.ami_selector_terms = {AliasTerm(alias)};
    EXPECT_TRUE(Create(nc).Contains("spec.amiSelectorTerms[0].alias",
                                    "windows families may only specify version 'latest'"))
        << alias;
  }
}

TEST(EC2NodeClassValidationTest, CelMetadataOptions) {
  EC2NodeClass nc = BaseNodeClass();
  nc.spec.metadata_options = MetadataOptions{"disabled", "enabled", 34, "optional", {}};
  EXPECT_TRUE(Accepted(nc));
  nc.spec.metadata_options = MetadataOptions{"test", std::nullopt, std::nullopt, std::nullopt, {}};
  EXPECT_TRUE(Create(nc).Contains("spec.metadataOptions.httpEndpoint", "Unsupported value"));
  nc.spec.metadata_options = MetadataOptions{std::nullopt, "test", std::nullopt, std::nullopt, {}};
  EXPECT_TRUE(Create(nc).Contains("spec.metadataOptions.httpProtocolIPv6", "Unsupported value"));
  nc.spec.metadata_options = MetadataOptions{std::nullopt, std::nullopt, -5, std::nullopt, {}};
  EXPECT_TRUE(Create(nc).Contains("spec.metadataOptions.httpPutResponseHopLimit",
                                  "should be greater than or equal to 1"));
  nc.spec.metadata_options = MetadataOptions{std::nullopt, std::nullopt, std::nullopt, "test", {}};
  EXPECT_TRUE(Create(nc).Contains("spec.metadataOptions.httpTokens", "Unsupported value"));
}

TEST(EC2NodeClassValidationTest, MetadataOptionsDefaults) {
  EC2NodeClass nc = BaseNodeClass();
  SetDefaults(nc);
  EXPECT_EQ(nc.spec.metadata_options, (MetadataOptions{"enabled", "disabled", 1, "required", {}}));
  nc = BaseNodeClass();
  nc.spec.metadata_options = MetadataOptions{std::nullopt, std::nullopt, 2, std::nullopt, {}};
  SetDefaults(nc);
  EXPECT_EQ(nc.spec.metadata_options, (MetadataOptions{"enabled", "disabled", 2, "required", {}}));
}

BlockDeviceMapping Device(std::optional<std::string> size, bool root = false) {
  BlockDeviceMapping m;
  m.device_name = "map-device";
  m.ebs = BlockDevice{};
  m.ebs->volume_size = std::move(size);
  m.root_volume = root;
  return m;
}

TEST(EC2NodeClassValidationTest, CelBlockDeviceMappings) {
  EC2NodeClass nc = BaseNodeClass();
  nc.spec.block_device_mappings = {Device("500G", true), Device("50T")};
  EXPECT_TRUE(Accepted(nc)) << Create(nc).ToString();
  nc.spec.block_device_mappings = {Device("58G")};
  EXPECT_TRUE(Accepted(nc));
  nc.spec.block_device_mappings = {Device("45T")};
  EXPECT_TRUE(Accepted(nc));
  nc.spec.block_device_mappings = {Device("50G", true), Device("50G", true)};
  EXPECT_TRUE(Create(nc).Contains("spec.blockDeviceMappings",
                                  "must have only one blockDeviceMappings with rootVolume"));
  for (const char* size : {"1m", "100T", "0", "1024Mi"}) {
    nc.spec.block_device_mappings = {Device(size)};
    EXPECT_TRUE(Create(nc).Contains("spec.blockDeviceMappings[0].ebs.volumeSize", "should match"))
        << size;
  }
  for (const char* size : {"1Gi", "59000Gi", "64000G", "58Ti", "17Ti", "64T", "Ti"}) {
    nc.spec.block_device_mappings = {Device(size)};
    EXPECT_TRUE(Accepted(nc)) << size;
  }
  nc.spec.block_device_mappings = {Device("20Gi")};
  nc.spec.block_device_mappings[0].ebs->volume_initialization_rate = 100;
  EXPECT_TRUE(Create(nc).Contains("spec.blockDeviceMappings[0].ebs",
                                  "snapshotID must be set when volumeInitializationRate is set"));
  nc.spec.block_device_mappings[0].ebs->snapshot_id = "snap-1";
  EXPECT_TRUE(Accepted(nc));
  for (int32_t rate : {99, 888}) {
    nc.spec.block_device_mappings[0].ebs->volume_initialization_rate = rate;
    EXPECT_TRUE(Create(nc).Contains("spec.blockDeviceMappings[0].ebs.volumeInitializationRate",
                                    "in body should be"))
        << rate;
  }
  nc.spec.block_device_mappings = {Device(std::nullopt)};
  EXPECT_TRUE(Create(nc).Contains("spec.blockDeviceMappings[0].ebs",
                                  "snapshotID or volumeSize must be defined"));
}

TEST(EC2NodeClassValidationTest, CelNetworkInterfaces) {
  auto nic = [](int32_t card, int32_t device, std::string type) {
    return NetworkInterface{card, device, std::move(type), {}};
  };
  EC2NodeClass nc = BaseNodeClass();
  nc.spec.network_interfaces = {nic(0, 0, "interface"), nic(0, 1, "efa-only"),
                                nic(1, 0, "efa-only"), nic(1, 1, "interface")};
  EXPECT_TRUE(Accepted(nc)) << Create(nc).ToString();
  nc.spec.network_interfaces = {};
  EXPECT_TRUE(Accepted(nc));
  nc.spec.network_interfaces = {nic(0, 0, "efa")};
  EXPECT_TRUE(Create(nc).Contains("spec.networkInterfaces[0].interfaceType", "Unsupported value"));
  nc.spec.network_interfaces = {nic(0, 0, "interface"), nic(-1, 0, "interface")};
  EXPECT_TRUE(Create(nc).Contains("spec.networkInterfaces[1].networkCardIndex",
                                  "greater than or equal to 0"));
  nc.spec.network_interfaces = {nic(-1, 0, "interface"), nic(0, -1, "interface")};
  EXPECT_TRUE(
      Create(nc).Contains("spec.networkInterfaces[1].deviceIndex", "greater than or equal to 0"));
  const std::string duplicate =
      "networkInterfaces must not have duplicate networkCardIndex and deviceIndex pairs, and can "
      "have at most one efa device per network card";
  nc.spec.network_interfaces = {nic(0, 0, "interface"), nic(0, 1, "efa-only"),
                                nic(1, 0, "interface"), nic(1, 0, "efa-only")};
  EXPECT_TRUE(Create(nc).Contains("spec.networkInterfaces", duplicate));
  const std::string primary =
      "networkInterfaces must include a primary interface with interfaceType='interface'";
  nc.spec.network_interfaces = {nic(0, 1, "interface")};
  EXPECT_TRUE(Create(nc).Contains("spec.networkInterfaces", primary));
  nc.spec.network_interfaces = {nic(0, 0, "efa-only")};
  EXPECT_TRUE(Create(nc).Contains("spec.networkInterfaces", primary));
  nc.spec.network_interfaces = {nic(0, 0, "interface"), nic(1, 0, "efa-only"),
                                nic(1, 1, "efa-only")};
  EXPECT_TRUE(Create(nc).Contains("spec.networkInterfaces", duplicate));
}

TEST(EC2NodeClassValidationTest, CelConnectionTracking) {
  EC2NodeClass nc = BaseNodeClass();
  nc.spec.connection_tracking = ConnectionTracking{};
  EXPECT_TRUE(Create(nc).Contains("spec.connectionTracking",
                                  "at least one of tcpEstablishedTimeout, udpStreamTimeout, or "
                                  "udpTimeout must be set"));
  const ConnectionTracking valid[] = {{60, std::nullopt, std::nullopt, {}},
                                      {std::nullopt, 120, std::nullopt, {}},
                                      {std::nullopt, std::nullopt, 45, {}},
                                      {432000, 180, 60, {}}};
  for (const ConnectionTracking& c : valid) {
    nc.spec.connection_tracking = c;
    EXPECT_TRUE(Accepted(nc)) << Create(nc).ToString();
  }
  const std::pair<ConnectionTracking, const char*> invalid[] = {
      {{59, std::nullopt, std::nullopt, {}}, "tcpEstablishedTimeout"},
      {{432001, std::nullopt, std::nullopt, {}}, "tcpEstablishedTimeout"},
      {{std::nullopt, 59, std::nullopt, {}}, "udpStreamTimeout"},
      {{std::nullopt, 181, std::nullopt, {}}, "udpStreamTimeout"},
      {{std::nullopt, std::nullopt, 29, {}}, "udpTimeout"},
      {{std::nullopt, std::nullopt, 61, {}}, "udpTimeout"},
  };
  for (const auto& [c, field] : invalid) {
    nc.spec.connection_tracking = c;
    EXPECT_TRUE(
        Create(nc).Contains(std::string("spec.connectionTracking.") + field, "in body should be"))
        << field;
  }
}

TEST(EC2NodeClassValidationTest, CelCpuOptionsAndPlacementGroup) {
  EC2NodeClass nc = BaseNodeClass();
  for (const char* value : {"enabled", "disabled"}) {
    nc.spec.cpu_options = CpuOptions{value, {}};
    EXPECT_TRUE(Accepted(nc));
  }
  nc.spec.cpu_options = CpuOptions{"invalid", {}};
  EXPECT_TRUE(Create(nc).Contains("spec.cpuOptions.nestedVirtualization", "Unsupported value"));
  nc.spec.cpu_options = CpuOptions{};
  EXPECT_TRUE(Accepted(nc));

  nc.spec.placement_group_selector = PlacementGroupSelector{};
  EXPECT_TRUE(Create(nc).Contains("spec.placementGroupSelector",
                                  "expected at least one, got none, ['name', 'id']"));
  nc.spec.placement_group_selector = PlacementGroupSelector{"my-group", "pg-0123", {}};
  EXPECT_TRUE(
      Create(nc).Contains("spec.placementGroupSelector", "'name' and 'id' are mutually exclusive"));
  nc.spec.placement_group_selector = PlacementGroupSelector{std::nullopt, "pg-0123", {}};
  EXPECT_TRUE(Accepted(nc));
  nc.spec.placement_group_selector = PlacementGroupSelector{std::nullopt, "placement-1", {}};
  EXPECT_TRUE(Create(nc).Contains("spec.placementGroupSelector.id", "^pg-[0-9a-z]+$"));
}

TEST(EC2NodeClassValidationTest, CelKubeletAdmission) {
  EC2NodeClass nc = BaseNodeClass();
  nc.spec.kubelet.max_pods = IntOrString::Int(110);
  nc.spec.kubelet.pods_per_core = 10;
  nc.spec.kubelet.kube_reserved = {{"cpu", "200m"}, {"memory", "100Mi"}};
  nc.spec.kubelet.system_reserved = {{"cpu", "200m"}, {"memory", "100Mi"}};
  nc.spec.kubelet.eviction_hard = {{"memory.available", "5%"}};
  EXPECT_TRUE(Accepted(nc)) << Create(nc).ToString();
}

}  // namespace
}  // namespace tidepool::api
