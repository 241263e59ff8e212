// TriggerAuthentication validation: the CRDs' enums and minItems, and the admission webhook's
// validateSpec (triggerauthentication_webhook.go).
#include <cctype>
#include <string>

#include "api/k8s/common_validation.h"
#include "api/keda/schema_rules.h"
#include "api/keda/trigger_authentication.h"

namespace tidepool::api::keda {

namespace {

bool SetAndNotEmpty(const std::optional<std::string>& s) { return s && !s->empty(); }
bool SetButEmpty(const std::optional<std::string>& s) { return s && s->empty(); }

// The schema rules of every podIdentity, top-level or inside a secret store.
void ValidateIdentitySchema(const AuthPodIdentity& p, const std::string& path,
                            FieldErrors& errors) {
  CheckEnum(p.provider,
            {kPodIdentityAzureWorkload, kPodIdentityGcp, kPodIdentityAws, kPodIdentityAwsEks,
             kPodIdentityNone},
            Child(path, "provider"), errors);
  if (p.identity_owner) {
    CheckEnum(*p.identity_owner, {kIdentityOwnerKeda, kIdentityOwnerWorkload},
              Child(path, "identityOwner"), errors);
  }
}

// The webhook's rules for the spec's own podIdentity.
void ValidateIdentityRules(const AuthPodIdentity& p, const std::string& path, FieldErrors& errors) {
  if (p.provider == kPodIdentityAzureWorkload) {
    if (SetButEmpty(p.identity_id)) {
      errors.Add(Child(path, "identityId"),
                 "identityId of PodIdentity should not be empty. If it's set, identityId has to "
                 "be different than \"\"");
    }
    if (SetAndNotEmpty(p.identity_authority_host)) {
      if (!SetAndNotEmpty(p.identity_tenant_id)) {
        errors.Add(Child(path, "identityTenantId"),
                   "identityTenantID of PodIdentity should not be nil or empty when "
                   "identityAuthorityHost of PodIdentity is set");
      }
    } else if (SetButEmpty(p.identity_tenant_id)) {
      errors.Add(Child(path, "identityTenantId"),
                 "identityTenantId of PodIdentity should not be empty. If it's set, "
                 "identityTenantId has to be different than \"\"");
    }
  } else if (p.provider == kPodIdentityAws) {
    if (SetAndNotEmpty(p.role_arn) && IsWorkloadIdentityOwner(p)) {
      errors.Add(Child(path, "roleArn"),
                 "roleArn of PodIdentity can't be set if KEDA isn't identityOwner");
    }
    if (SetAndNotEmpty(p.external_id) && !SetAndNotEmpty(p.role_arn)) {
      errors.Add(Child(path, "externalID"), "externalID of PodIdentity requires roleArn to be set");
    }
  }
}

// Go's url.Parse followed by the webhook's scheme and host checks, for the URLs people write.
bool IsHttpUrl(std::string_view url) {
  for (char c : url) {
    if (std::iscntrl(static_cast<unsigned char>(c)) || c == ' ') return false;
  }
  const size_t sep = url.find("://");
  if (sep == std::string_view::npos) return false;
  std::string scheme(url.substr(0, sep));
  for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (scheme != "http" && scheme != "https") return false;
  std::string_view rest = url.substr(sep + 3);
  std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  if (const size_t at = authority.rfind('@'); at != std::string_view::npos) {
    authority.remove_prefix(at + 1);
  }
  return !authority.empty();
}

void ValidateOAuth2(const OAuth2& o, FieldErrors& errors) {
  if (o.type != kOAuth2ClientCredentials) {
    errors.Add("spec.oauth2.type", "oauth2.type must be 'clientCredentials', got '" + o.type + "'");
  }
  if (o.client_id.empty()) {
    errors.Add("spec.oauth2.clientId", "oauth2.clientId is required when oauth2 is configured");
  }
  if (o.token_url.empty()) {
    errors.Add("spec.oauth2.tokenUrl", "oauth2.tokenUrl is required when oauth2 is configured");
  } else if (!IsHttpUrl(o.token_url)) {
    errors.Add("spec.oauth2.tokenUrl", "oauth2.tokenUrl must be a valid http or https URL");
  }
}

void ValidateSecretStores(const TriggerAuthenticationSpec& s, FieldErrors& errors) {
  if (s.hashi_corp_vault) {
    const HashiCorpVault& h = *s.hashi_corp_vault;
    CheckEnum(h.authentication, {"token", "kubernetes"}, "spec.hashiCorpVault.authentication",
              errors);
    CheckMinItems(h.secrets.size(), 1, "spec.hashiCorpVault.secrets", errors);
    for (size_t i = 0; i < h.secrets.size(); ++i) {
      CheckEnum(h.secrets[i].type, {"", "secretV2", "secret", "pki"},
                Child(Index("spec.hashiCorpVault.secrets", i), "type"), errors);
    }
  }
  if (s.azure_key_vault) {
    CheckMinItems(s.azure_key_vault->secrets.size(), 1, "spec.azureKeyVault.secrets", errors);
    if (s.azure_key_vault->pod_identity) {
      ValidateIdentitySchema(*s.azure_key_vault->pod_identity, "spec.azureKeyVault.podIdentity",
                             errors);
    }
  }
  if (s.gcp_secret_manager) {
    CheckMinItems(s.gcp_secret_manager->secrets.size(), 1, "spec.gcpSecretManager.secrets", errors);
    if (s.gcp_secret_manager->pod_identity) {
      ValidateIdentitySchema(*s.gcp_secret_manager->pod_identity,
                             "spec.gcpSecretManager.podIdentity", errors);
    }
  }
  if (s.aws_secret_manager) {
    CheckMinItems(s.aws_secret_manager->secrets.size(), 1, "spec.awsSecretManager.secrets", errors);
    if (s.aws_secret_manager->pod_identity) {
      ValidateIdentitySchema(*s.aws_secret_manager->pod_identity,
                             "spec.awsSecretManager.podIdentity", errors);
    }
  }
}

}  // namespace

void ValidateSpec(const TriggerAuthenticationSpec& spec, std::string_view kind,
                  FieldErrors& errors) {
  if (spec.pod_identity) {
    ValidateIdentitySchema(*spec.pod_identity, "spec.podIdentity", errors);
    ValidateIdentityRules(*spec.pod_identity, "spec.podIdentity", errors);
  }
  ValidateSecretStores(spec, errors);
  if (spec.oauth2) ValidateOAuth2(*spec.oauth2, errors);
  // KEDA's resolver refuses a namespaced TriggerAuthentication with a filePath (the file lives
  // in the operator's pod, which only cluster-scoped objects may point into).
  if (!spec.file_path.empty() && kind != kKindClusterTriggerAuthentication) {
    errors.Add("spec.filePath",
               "filePath is only supported for ClusterTriggerAuthentication, got kind: " +
                   std::string(kind));
  }
}

void Validate(const TriggerAuthentication& ta, FieldErrors& errors) {
  ValidateObjectMeta(ta.metadata, /*namespaced=*/true, NameRule::kDNS1123Subdomain, "metadata",
                     errors);
  ValidateSpec(ta.spec, kKindTriggerAuthentication, errors);
}

void Validate(const ClusterTriggerAuthentication& cta, FieldErrors& errors) {
  ValidateObjectMeta(cta.metadata, /*namespaced=*/false, NameRule::kDNS1123Subdomain, "metadata",
                     errors);
  ValidateSpec(cta.spec, kKindClusterTriggerAuthentication, errors);
}

}  // namespace tidepool::api::keda
