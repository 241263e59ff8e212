#include "scalers/resolver.h"

namespace tidepool::scalers {
namespace {

using StringMap = std::map<std::string, std::string>;

// The decoded data of a Secret, or nullopt when it is absent or undecodable.
std::optional<StringMap> SecretValues(const ResolverLookup& lookup, std::string_view ns,
                                      std::string_view name) {
  const api::Secret* secret = lookup.GetSecret(ns, name);
  if (secret == nullptr) return std::nullopt;
  Result<StringMap> data = api::SecretData(*secret);
  if (!data) return std::nullopt;
  return std::move(*data);
}

std::string Lookup(const StringMap& m, std::string_view key) {
  auto it = m.find(std::string(key));
  return it == m.end() ? std::string() : it->second;
}

Status ResolveEnvFrom(const api::Container& container, std::string_view ns,
                      const ResolverLookup& lookup, StringMap& resolved) {
  for (const api::EnvFromSource& source : container.env_from) {
    if (source.config_map_ref) {
      const api::ConfigMap* cm = lookup.GetConfigMap(ns, source.config_map_ref->name);
      if (cm != nullptr) {
        for (const auto& [k, v] : cm->data) resolved[source.prefix + k] = v;
      } else if (!source.config_map_ref->optional.value_or(false)) {
        return Fail(ErrorCode::kNotFound, "error reading config ref " +
                                              source.config_map_ref->name + " on namespace " +
                                              std::string(ns) + "/: configmap not found");
      }
    } else if (source.secret_ref) {
      std::optional<StringMap> data = SecretValues(lookup, ns, source.secret_ref->name);
      if (data) {
        for (const auto& [k, v] : *data) resolved[source.prefix + k] = v;
      } else if (!source.secret_ref->optional.value_or(false)) {
        return Fail(ErrorCode::kNotFound, "error reading secret ref " + source.secret_ref->name +
                                              " on namespace " + std::string(ns) +
                                              ": secret not found");
      }
    }
  }
  return OkStatus();
}

Status ResolveEnvVars(const api::Container& container, std::string_view ns,
                      const ResolverLookup& lookup, StringMap& resolved) {
  for (const api::EnvVar& var : container.env) {
    std::string value;
    if (!var.value.empty()) {
      value = ExpandEnvValue(var.value, resolved);
    } else if (var.value_from) {
      if (const auto& ref = var.value_from->secret_key_ref) {
        std::optional<StringMap> data = SecretValues(lookup, ns, ref->name);
        if (!data) {
          if (ref->optional.value_or(false)) continue;
          return Fail(ErrorCode::kNotFound, "error resolving secret name " + ref->name +
                                                " for env " + var.name + " in namespace " +
                                                std::string(ns));
        }
        value = Lookup(*data, ref->key);
      } else if (const auto& cref = var.value_from->config_map_key_ref) {
        const api::ConfigMap* cm = lookup.GetConfigMap(ns, cref->name);
        if (cm == nullptr) {
          if (cref->optional.value_or(false)) continue;
          return Fail(ErrorCode::kNotFound, "error resolving config " + cref->name + " for env " +
                                                var.name + " in namespace " + std::string(ns));
        }
        value = Lookup(cm->data, cref->key);
      } else {
        continue;  // fieldRef / resourceFieldRef: only the kubelet can resolve them
      }
    }
    resolved[var.name] = std::move(value);
  }
  return OkStatus();
}

// The first cloud secret store or other source tidepool cannot resolve yet, or "".
std::string_view UnsupportedSource(const api::keda::TriggerAuthenticationSpec& spec) {
  if (spec.hashi_corp_vault) return "hashiCorpVault";
  if (spec.azure_key_vault) return "azureKeyVault";
  if (spec.gcp_secret_manager) return "gcpSecretManager";
  if (spec.aws_secret_manager) return "awsSecretManager";
  if (!spec.bound_service_account_token.empty()) return "boundServiceAccountToken";
  return "";
}

// oauth2: the client-credentials parameters scalers read (oauthTokenURI, clientID, clientSecret,
// scopes, endpointParams as url.Values.Encode does: sorted keys, query-escaped).
void ResolveOAuth2(const api::keda::OAuth2& oauth2, std::string_view objects_ns,
                   const ResolverLookup& lookup, StringMap& params) {
  std::string client_secret;
  if (oauth2.client_secret) {
    const api::keda::SecretKeyRef& ref = oauth2.client_secret->value_from.secret_key_ref;
    if (std::optional<StringMap> data = SecretValues(lookup, objects_ns, ref.name)) {
      client_secret = Lookup(*data, ref.key);
    }
  }
  params["oauthTokenURI"] = oauth2.token_url;
  params["clientID"] = oauth2.client_id;
  params["clientSecret"] = std::move(client_secret);
  if (!oauth2.scopes.empty()) {
    std::string scopes;
    for (const std::string& s : oauth2.scopes) {
      if (!scopes.empty()) scopes += ',';
      scopes += s;
    }
    params["scopes"] = std::move(scopes);
  }
  if (!oauth2.token_url_params.empty()) {
    std::string encoded;
    for (const auto& [k, v] : oauth2.token_url_params) {  // std::map: sorted like Encode
      if (!encoded.empty()) encoded += '&';
      encoded += QueryEscape(k);
      encoded += '=';
      encoded += QueryEscape(v);
    }
    params["endpointParams"] = std::move(encoded);
  }
}

Status ApplyPodIdentity(const api::PodSpec* pod_spec, std::string_view ns,
                        const ResolverLookup& lookup, ResolvedAuth& auth) {
  if (!auth.pod_identity || pod_spec == nullptr) return OkStatus();
  const api::keda::AuthPodIdentity& id = *auth.pod_identity;
  bool workload_owner =
      id.identity_owner && *id.identity_owner == api::keda::kIdentityOwnerWorkload;
  auto annotation = [&](bool required) -> Result<std::string> {
    const StringMap* annotations =
        lookup.GetServiceAccountAnnotations(ns, pod_spec->service_account_name);
    std::string context =
        "error getting service account: '" + pod_spec->service_account_name + "', error: ";
    if (annotations == nullptr) {
      return Fail(ErrorCode::kNotFound, context + "serviceaccount not found");
    }
    auto it = annotations->find(std::string(api::keda::kEksRoleArnAnnotation));
    if (it == annotations->end()) {
      if (!required) return std::string();
      return Fail(
          ErrorCode::kNotFound,
          context + "annotation '" + std::string(api::keda::kEksRoleArnAnnotation) + "' not found");
    }
    return it->second;
  };
  if (id.provider == api::keda::kPodIdentityAws) {
    if (id.role_arn) {
      if (workload_owner) {
        return Fail(ErrorCode::kInvalidArgument,
                    "roleArn can't be set if KEDA isn't identity owner, current value: '" +
                        *id.identity_owner + "'");
      }
      auth.auth_params["awsRoleArn"] = *id.role_arn;
    }
    if (workload_owner) {
      Result<std::string> arn = annotation(true);
      if (!arn) return Fail(arn.error());
      auth.auth_params["awsRoleArn"] = *arn;
    }
  } else if (id.provider == api::keda::kPodIdentityAwsEks) {
    Result<std::string> arn = annotation(false);
    if (!arn) return Fail(arn.error());
    auth.auth_params["awsRoleArn"] = *arn;
  } else if (id.provider == api::keda::kPodIdentityAzureWorkload) {
    if (id.identity_id && id.identity_id->empty()) {
      return Fail(ErrorCode::kInvalidArgument, "IdentityID of PodIdentity should not be empty");
    }
  }
  return OkStatus();
}

}  // namespace

std::string ExpandEnvValue(std::string_view value, const StringMap& env) {
  std::string out;
  out.reserve(value.size());
  size_t checkpoint = 0;
  for (size_t cursor = 0; cursor < value.size(); ++cursor) {
    if (value[cursor] != '$' || cursor + 3 >= value.size()) continue;
    out.append(value.substr(checkpoint, cursor - checkpoint));
    size_t length = 1;
    char next = value[cursor + 1];
    if (next == '$') {
      out += '$';  // escaped reference
    } else if (next == '(') {
      size_t close = value.find(')', cursor + 2);
      if (close == std::string_view::npos) {
        out += "$(";  // unterminated: kept, scanning goes on after "$("
      } else {
        std::string_view key = value.substr(cursor + 2, close - cursor - 2);
        auto it = env.find(std::string(key));
        if (it != env.end()) {
          out += it->second;
        } else {
          out.append(value.substr(cursor, close - cursor + 1));
        }
        length = close - cursor;
      }
    } else {
      out += '$';
      out += next;
    }
    cursor += length;
    checkpoint = cursor + 1;
  }
  out.append(value.substr(std::min(checkpoint, value.size())));
  return out;
}

Result<StringMap> ResolveContainerEnv(const api::PodSpec& pod_spec, std::string_view container_name,
                                      std::string_view ns, const ResolverLookup& lookup) {
  if (pod_spec.containers.empty()) {
    return Fail(ErrorCode::kFailedPrecondition, "target object doesn't have containers");
  }
  const api::Container* container = &pod_spec.containers.front();
  if (!container_name.empty()) {
    container = nullptr;
    for (const api::Container& c : pod_spec.containers) {
      if (c.name == container_name) {
        container = &c;
        break;
      }
    }
    if (container == nullptr) {
      return Fail(ErrorCode::kNotFound, "couldn't find container with name " +
                                            std::string(container_name) + " on Target object");
    }
  }
  StringMap resolved;
  if (Status st = ResolveEnvFrom(*container, ns, lookup, resolved); !st) return Fail(st.error());
  if (Status st = ResolveEnvVars(*container, ns, lookup, resolved); !st) return Fail(st.error());
  return resolved;
}

Result<ResolvedAuth> ResolveAuthRef(const std::optional<api::keda::AuthenticationRef>& ref,
                                    std::string_view ns, const api::PodSpec* pod_spec,
                                    const ResolverLookup& lookup, const ResolverOptions& options) {
  ResolvedAuth auth;
  if (ns.empty() || !ref || ref->name.empty()) return auth;
  std::string_view kind = api::keda::AuthenticationKind(*ref);
  const api::keda::TriggerAuthenticationSpec* spec = nullptr;
  std::string_view objects_ns;
  if (kind == "TriggerAuthentication") {
    if (const auto* ta = lookup.GetTriggerAuthentication(ns, ref->name)) spec = &ta->spec;
    objects_ns = ns;
  } else if (kind == "ClusterTriggerAuthentication") {
    if (const auto* cta = lookup.GetClusterTriggerAuthentication(ref->name)) spec = &cta->spec;
    objects_ns = options.cluster_object_namespace;
  } else {
    // Upstream logs this and resolves nothing; an error tells the user why nothing resolved.
    return Fail(ErrorCode::kInvalidArgument, "unknown trigger auth kind " + std::string(kind));
  }
  // Upstream logs a missing TriggerAuthentication and carries on with no parameters.
  if (spec == nullptr) return auth;

  if (spec->pod_identity) {
    auth.pod_identity = spec->pod_identity;
    auth.pod_identity_provider = spec->pod_identity->provider;
  }
  for (const api::keda::AuthEnvironment& e : spec->env) {
    std::string value;
    if (pod_spec != nullptr) {
      Result<StringMap> env = ResolveContainerEnv(*pod_spec, e.container_name, ns, lookup);
      if (env) value = Lookup(*env, e.name);
    }
    auth.auth_params[e.parameter] = std::move(value);
  }
  if (!spec->file_path.empty()) {
    if (kind != "ClusterTriggerAuthentication") {
      return Fail(
          ErrorCode::kInvalidArgument,
          "filePath is only supported for ClusterTriggerAuthentication, got kind: " + ref->kind);
    }
    return Fail(ErrorCode::kFailedPrecondition,
                "filePath authentication is not supported yet by tidepool");
  }
  for (const api::keda::AuthTargetRef& e : spec->config_map_target_ref) {
    const api::ConfigMap* cm = lookup.GetConfigMap(objects_ns, e.name);
    auth.auth_params[e.parameter] = cm == nullptr ? std::string() : Lookup(cm->data, e.key);
  }
  for (const api::keda::AuthTargetRef& e : spec->secret_target_ref) {
    std::string value;
    if (!e.name.empty() && !objects_ns.empty() && !e.key.empty()) {
      if (std::optional<StringMap> data = SecretValues(lookup, objects_ns, e.name)) {
        value = Lookup(*data, e.key);
      }
    }
    auth.auth_params[e.parameter] = std::move(value);
  }
  if (spec->oauth2) ResolveOAuth2(*spec->oauth2, objects_ns, lookup, auth.auth_params);
  if (std::string_view source = UnsupportedSource(*spec); !source.empty()) {
    return Fail(ErrorCode::kFailedPrecondition, std::string(kind) + " " + ref->name + ": " +
                                                    std::string(source) +
                                                    " is not supported yet by tidepool");
  }
  if (Status st = ApplyPodIdentity(pod_spec, ns, lookup, auth); !st) return Fail(st.error());
  return auth;
}

Result<ScalerConfig> BuildScalerConfig(const ScalableObjectRef& object,
                                       const api::keda::ScaleTrigger& trigger, int trigger_index,
                                       const ResolverLookup& lookup, const Clock& clock,
                                       const ResolverOptions& options) {
  ScalerConfig config;
  if (object.pod_spec != nullptr) {
    Result<StringMap> env =
        ResolveContainerEnv(*object.pod_spec, object.env_source_container_name, object.ns, lookup);
    if (!env) return Fail(env.error().WithContext("error resolving secrets for ScaleTarget"));
    config.resolved_env = std::move(*env);
  }
  config.scalable_object_name = object.name;
  config.scalable_object_namespace = object.ns;
  config.scalable_object_type = object.kind;
  config.trigger_index = trigger_index;
  config.trigger_name = trigger.name;
  config.trigger_type = trigger.type;
  config.trigger_metadata = trigger.metadata;
  config.metric_type = trigger.metric_type;
  config.use_cached_metrics = trigger.use_cached_metrics;
  config.as_metric_source = object.as_metric_source;
  config.global_http_timeout = options.global_http_timeout;
  config.clock = &clock;
  Result<ResolvedAuth> auth =
      ResolveAuthRef(trigger.authentication_ref, object.ns, object.pod_spec, lookup, options);
  if (!auth) return Fail(auth.error());
  config.auth_params = std::move(auth->auth_params);
  config.pod_identity_provider = std::move(auth->pod_identity_provider);
  return config;
}

}  // namespace tidepool::scalers
