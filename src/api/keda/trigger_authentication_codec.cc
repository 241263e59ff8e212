// Field lists of TriggerAuthentication and ClusterTriggerAuthentication, as in KEDA's CRDs
// (config/crd/bases/keda.sh_triggerauthentications.yaml, ..._clustertriggerauthentications.yaml).
#include "api/codec.h"
#include "api/keda/trigger_authentication.h"

namespace tidepool::api::keda {

template <class V>
void VisitFields(V& v, AuthPodIdentity& p) {
  v("provider", p.provider, Presence::kRequired);
  v("identityId", p.identity_id);
  v("identityTenantId", p.identity_tenant_id);
  v("identityAuthorityHost", p.identity_authority_host);
  v("roleArn", p.role_arn);
  v("externalID", p.external_id);
  v("identityOwner", p.identity_owner);
  v.Extra(p.extra);
}
TIDEPOOL_DEFINE_CODEC(AuthPodIdentity)

template <class V>
void VisitFields(V& v, SecretKeyRef& r) {
  v("name", r.name, Presence::kRequired);
  v("key", r.key, Presence::kRequired);
  v.Extra(r.extra);
}
TIDEPOOL_DEFINE_CODEC(SecretKeyRef)

template <class V>
void VisitFields(V& v, ValueFromSecret& s) {
  v("secretKeyRef", s.secret_key_ref, Presence::kRequired);
  v.Extra(s.extra);
}
TIDEPOOL_DEFINE_CODEC(ValueFromSecret)

template <class V>
void VisitFields(V& v, SecretValue& s) {
  v("valueFrom", s.value_from, Presence::kRequired);
  v.Extra(s.extra);
}
TIDEPOOL_DEFINE_CODEC(SecretValue)

template <class V>
void VisitFields(V& v, VaultPkiData& d) {
  v("commonName", d.common_name);
  v("altNames", d.alt_names);
  v("ipSans", d.ip_sans);
  v("uriSans", d.uri_sans);
  v("otherSans", d.other_sans);
  v("ttl", d.ttl);
  v("format", d.format);
  v.Extra(d.extra);
}
TIDEPOOL_DEFINE_CODEC(VaultPkiData)

template <class V>
void VisitFields(V& v, VaultSecret& s) {
  v("parameter", s.parameter, Presence::kRequired);
  v("path", s.path, Presence::kRequired);
  v("key", s.key, Presence::kRequired);
  v("type", s.type);
  v("pkiData", s.pki_data);
  v.Extra(s.extra);
}
TIDEPOOL_DEFINE_CODEC(VaultSecret)

template <class V>
void VisitFields(V& v, VaultCredential& c) {
  v("token", c.token);
  v("serviceAccount", c.service_account);
  v("serviceAccountName", c.service_account_name);
  v.Extra(c.extra);
}
TIDEPOOL_DEFINE_CODEC(VaultCredential)

template <class V>
void VisitFields(V& v, HashiCorpVault& h) {
  v("address", h.address, Presence::kRequired);
  v("authentication", h.authentication, Presence::kRequired);
  v("secrets", h.secrets, Presence::kRequired);
  v("namespace", h.namespace_);
  v("credential", h.credential);
  v("role", h.role);
  v("mount", h.mount);
  v.Extra(h.extra);
}
TIDEPOOL_DEFINE_CODEC(HashiCorpVault)

template <class V>
void VisitFields(V& v, AzureKeyVaultSecret& s) {
  v("parameter", s.parameter, Presence::kRequired);
  v("name", s.name, Presence::kRequired);
  v("version", s.version);
  v.Extra(s.extra);
}
TIDEPOOL_DEFINE_CODEC(AzureKeyVaultSecret)

template <class V>
void VisitFields(V& v, AzureKeyVaultCredentials& c) {
  v("clientId", c.client_id, Presence::kRequired);
  v("tenantId", c.tenant_id, Presence::kRequired);
  v("clientSecret", c.client_secret, Presence::kRequired);
  v.Extra(c.extra);
}
TIDEPOOL_DEFINE_CODEC(AzureKeyVaultCredentials)

template <class V>
void VisitFields(V& v, AzureKeyVaultCloudInfo& c) {
  v("type", c.type, Presence::kRequired);
  v("keyVaultResourceURL", c.key_vault_resource_url);
  v("activeDirectoryEndpoint", c.active_directory_endpoint);
  v.Extra(c.extra);
}
TIDEPOOL_DEFINE_CODEC(AzureKeyVaultCloudInfo)

template <class V>
void VisitFields(V& v, AzureKeyVault& a) {
  v("vaultUri", a.vault_uri, Presence::kRequired);
  v("secrets", a.secrets, Presence::kRequired);
  v("credentials", a.credentials);
  v("podIdentity", a.pod_identity);
  v("cloud", a.cloud);
  v.Extra(a.extra);
}
TIDEPOOL_DEFINE_CODEC(AzureKeyVault)

template <class V>
void VisitFields(V& v, GcpSecretManagerSecret& s) {
  v("parameter", s.parameter, Presence::kRequired);
  v("id", s.id, Presence::kRequired);
  v("version", s.version);
  v.Extra(s.extra);
}
TIDEPOOL_DEFINE_CODEC(GcpSecretManagerSecret)

template <class V>
void VisitFields(V& v, GcpCredentials& c) {
  v("clientSecret", c.client_secret, Presence::kRequired);
  v.Extra(c.extra);
}
TIDEPOOL_DEFINE_CODEC(GcpCredentials)

template <class V>
void VisitFields(V& v, GcpSecretManager& g) {
  v("secrets", g.secrets, Presence::kRequired);
  v("credentials", g.credentials);
  v("podIdentity", g.pod_identity);
  v.Extra(g.extra);
}
TIDEPOOL_DEFINE_CODEC(GcpSecretManager)

template <class V>
void VisitFields(V& v, AwsSecretManagerSecret& s) {
  v("parameter", s.parameter, Presence::kRequired);
  v("name", s.name, Presence::kRequired);
  v("versionId", s.version_id);
  v("versionStage", s.version_stage);
  v("secretKey", s.secret_key);
  v.Extra(s.extra);
}
TIDEPOOL_DEFINE_CODEC(AwsSecretManagerSecret)

template <class V>
void VisitFields(V& v, AwsSecretManagerCredentials& c) {
  v("accessKey", c.access_key, Presence::kRequired);
  v("accessSecretKey", c.access_secret_key, Presence::kRequired);
  v("accessToken", c.access_token);
  v.Extra(c.extra);
}
TIDEPOOL_DEFINE_CODEC(AwsSecretManagerCredentials)

template <class V>
void VisitFields(V& v, AwsSecretManager& a) {
  v("secrets", a.secrets, Presence::kRequired);
  v("credentials", a.credentials);
  v("podIdentity", a.pod_identity);
  v("region", a.region);
  v.Extra(a.extra);
}
TIDEPOOL_DEFINE_CODEC(AwsSecretManager)

template <class V>
void VisitFields(V& v, AuthTargetRef& r) {
  v("parameter", r.parameter, Presence::kRequired);
  v("name", r.name, Presence::kRequired);
  v("key", r.key, Presence::kRequired);
  v.Extra(r.extra);
}
TIDEPOOL_DEFINE_CODEC(AuthTargetRef)

template <class V>
void VisitFields(V& v, AuthEnvironment& e) {
  v("parameter", e.parameter, Presence::kRequired);
  v("name", e.name, Presence::kRequired);
  v("containerName", e.container_name);
  v.Extra(e.extra);
}
TIDEPOOL_DEFINE_CODEC(AuthEnvironment)

template <class V>
void VisitFields(V& v, BoundServiceAccountToken& b) {
  v("parameter", b.parameter, Presence::kRequired);
  v("serviceAccountName", b.service_account_name, Presence::kRequired);
  v.Extra(b.extra);
}
TIDEPOOL_DEFINE_CODEC(BoundServiceAccountToken)

template <class V>
void VisitFields(V& v, OAuth2& o) {
  // type is required by the CRD but also defaulted by it, so an omitted type is never missing.
  v("type", o.type);
  v("clientId", o.client_id, Presence::kRequired);
  v("clientSecret", o.client_secret);
  v("tokenUrl", o.token_url, Presence::kRequired);
  v("scopes", o.scopes);
  v("tokenUrlParams", o.token_url_params);
  v.Extra(o.extra);
}
TIDEPOOL_DEFINE_CODEC(OAuth2)

template <class V>
void VisitFields(V& v, TriggerAuthenticationSpec& s) {
  v("podIdentity", s.pod_identity);
  v("secretTargetRef", s.secret_target_ref);
  v("configMapTargetRef", s.config_map_target_ref);
  v("env", s.env);
  v("filePath", s.file_path);
  v("hashiCorpVault", s.hashi_corp_vault);
  v("azureKeyVault", s.azure_key_vault);
  v("gcpSecretManager", s.gcp_secret_manager);
  v("awsSecretManager", s.aws_secret_manager);
  v("boundServiceAccountToken", s.bound_service_account_token);
  v("oauth2", s.oauth2);
  v.Extra(s.extra);
}
TIDEPOOL_DEFINE_CODEC(TriggerAuthenticationSpec)

template <class V>
void VisitFields(V& v, TriggerAuthenticationStatus& s) {
  v("scaledobjects", s.scaled_objects);
  v("scaledjobs", s.scaled_jobs);
  v.ExtraLenient(s.extra);
}
TIDEPOOL_DEFINE_CODEC(TriggerAuthenticationStatus)

template <class V>
void VisitFields(V& v, TriggerAuthentication& ta) {
  VisitObjectHeader(v, ta);
  v("spec", ta.spec, Presence::kRequired);
  v("status", ta.status);
  v.Extra(ta.extra);
}
TIDEPOOL_DEFINE_CODEC(TriggerAuthentication)

template <class V>
void VisitFields(V& v, ClusterTriggerAuthentication& cta) {
  VisitObjectHeader(v, cta);
  v("spec", cta.spec, Presence::kRequired);
  v("status", cta.status);
  v.Extra(cta.extra);
}
TIDEPOOL_DEFINE_CODEC(ClusterTriggerAuthentication)

}  // namespace tidepool::api::keda
