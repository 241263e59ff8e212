// The external secret stores a TriggerAuthentication can read from
// (apis/keda/v1alpha1/triggerauthentication_types.go): HashiCorp Vault, Azure Key Vault, GCP
// Secret Manager and AWS Secrets Manager. Modelled in full so that a misspelt field inside them
// is reported like anywhere else, even though tidepool resolves only some of them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "api/codec_fwd.h"
#include "api/extra_fields.h"
#include "api/keda/pod_identity.h"

namespace tidepool::api::keda {

struct SecretKeyRef {
  std::string name;  // required
  std::string key;   // required
  ExtraFields extra;
  friend bool operator==(const SecretKeyRef&, const SecretKeyRef&) = default;
};
TIDEPOOL_DECLARE_CODEC(SecretKeyRef);

struct ValueFromSecret {
  SecretKeyRef secret_key_ref;  // required
  ExtraFields extra;
  friend bool operator==(const ValueFromSecret&, const ValueFromSecret&) = default;
};
TIDEPOOL_DECLARE_CODEC(ValueFromSecret);

// { valueFrom: { secretKeyRef: { name, key } } }: every secret-valued credential has this shape.
struct SecretValue {
  ValueFromSecret value_from;  // required
  ExtraFields extra;
  friend bool operator==(const SecretValue&, const SecretValue&) = default;
};
TIDEPOOL_DECLARE_CODEC(SecretValue);

struct VaultPkiData {
  std::string common_name;
  std::string alt_names;
  std::string ip_sans;
  std::string uri_sans;
  std::string other_sans;
  std::string ttl;
  std::string format;
  ExtraFields extra;
  friend bool operator==(const VaultPkiData&, const VaultPkiData&) = default;
};
TIDEPOOL_DECLARE_CODEC(VaultPkiData);

struct VaultSecret {
  std::string parameter;  // required
  std::string path;       // required
  std::string key;        // required
  std::string type;       // "", secretV2, secret or pki
  VaultPkiData pki_data;
  ExtraFields extra;
  friend bool operator==(const VaultSecret&, const VaultSecret&) = default;
};
TIDEPOOL_DECLARE_CODEC(VaultSecret);

struct VaultCredential {
  std::string token;
  std::string service_account;
  std::string service_account_name;
  ExtraFields extra;
  friend bool operator==(const VaultCredential&, const VaultCredential&) = default;
};
TIDEPOOL_DECLARE_CODEC(VaultCredential);

struct HashiCorpVault {
  std::string address;               // required
  std::string authentication;        // required: token or kubernetes
  std::vector<VaultSecret> secrets;  // required, at least one
  std::string namespace_;
  std::optional<VaultCredential> credential;
  std::string role;
  std::string mount;
  ExtraFields extra;
  friend bool operator==(const HashiCorpVault&, const HashiCorpVault&) = default;
};
TIDEPOOL_DECLARE_CODEC(HashiCorpVault);

struct AzureKeyVaultSecret {
  std::string parameter;  // required
  std::string name;       // required
  std::string version;
  ExtraFields extra;
  friend bool operator==(const AzureKeyVaultSecret&, const AzureKeyVaultSecret&) = default;
};
TIDEPOOL_DECLARE_CODEC(AzureKeyVaultSecret);

struct AzureKeyVaultCredentials {
  std::string client_id;      // required
  std::string tenant_id;      // required
  SecretValue client_secret;  // required
  ExtraFields extra;
  friend bool operator==(const AzureKeyVaultCredentials&,
                         const AzureKeyVaultCredentials&) = default;
};
TIDEPOOL_DECLARE_CODEC(AzureKeyVaultCredentials);

struct AzureKeyVaultCloudInfo {
  std::string type;  // required
  std::string key_vault_resource_url;
  std::string active_directory_endpoint;
  ExtraFields extra;
  friend bool operator==(const AzureKeyVaultCloudInfo&, const AzureKeyVaultCloudInfo&) = default;
};
TIDEPOOL_DECLARE_CODEC(AzureKeyVaultCloudInfo);

struct AzureKeyVault {
  std::string vault_uri;                     // required
  std::vector<AzureKeyVaultSecret> secrets;  // required, at least one
  std::optional<AzureKeyVaultCredentials> credentials;
  std::optional<AuthPodIdentity> pod_identity;
  std::optional<AzureKeyVaultCloudInfo> cloud;
  ExtraFields extra;
  friend bool operator==(const AzureKeyVault&, const AzureKeyVault&) = default;
};
TIDEPOOL_DECLARE_CODEC(AzureKeyVault);

struct GcpSecretManagerSecret {
  std::string parameter;  // required
  std::string id;         // required
  std::string version;    // default latest
  ExtraFields extra;
  friend bool operator==(const GcpSecretManagerSecret&, const GcpSecretManagerSecret&) = default;
};
TIDEPOOL_DECLARE_CODEC(GcpSecretManagerSecret);

struct GcpCredentials {
  SecretValue client_secret;  // required
  ExtraFields extra;
  friend bool operator==(const GcpCredentials&, const GcpCredentials&) = default;
};
TIDEPOOL_DECLARE_CODEC(GcpCredentials);

struct GcpSecretManager {
  std::vector<GcpSecretManagerSecret> secrets;  // required, at least one
  std::optional<GcpCredentials> credentials;
  std::optional<AuthPodIdentity> pod_identity;
  ExtraFields extra;
  friend bool operator==(const GcpSecretManager&, const GcpSecretManager&) = default;
};
TIDEPOOL_DECLARE_CODEC(GcpSecretManager);

struct AwsSecretManagerSecret {
  std::string parameter;  // required
  std::string name;       // required
  std::string version_id;
  std::string version_stage;
  std::string secret_key;
  ExtraFields extra;
  friend bool operator==(const AwsSecretManagerSecret&, const AwsSecretManagerSecret&) = default;
};
TIDEPOOL_DECLARE_CODEC(AwsSecretManagerSecret);

struct AwsSecretManagerCredentials {
  SecretValue access_key;         // required
  SecretValue access_secret_key;  // required
  std::optional<SecretValue> access_token;
  ExtraFields extra;
  friend bool operator==(const AwsSecretManagerCredentials&,
                         const AwsSecretManagerCredentials&) = default;
};
TIDEPOOL_DECLARE_CODEC(AwsSecretManagerCredentials);

struct AwsSecretManager {
  std::vector<AwsSecretManagerSecret> secrets;  // required, at least one
  std::optional<AwsSecretManagerCredentials> credentials;
  std::optional<AuthPodIdentity> pod_identity;
  std::string region;
  ExtraFields extra;
  friend bool operator==(const AwsSecretManager&, const AwsSecretManager&) = default;
};
TIDEPOOL_DECLARE_CODEC(AwsSecretManager);

}  // namespace tidepool::api::keda
