// Test fixtures for the scalers tests: an in-memory ResolverLookup and a MetricWorld.
#pragma once

#include <map>
#include <string>
#include <utility>

#include "scalers/resolver.h"
#include "scalers/simulated_scaler.h"

namespace tidepool::scalers::testing {

using Key = std::pair<std::string, std::string>;

class FakeLookup final : public ResolverLookup {
 public:
  void AddSecret(std::string ns, std::string name, std::map<std::string, std::string> plain) {
    api::Secret s;
    s.metadata.namespace_ = ns;
    s.metadata.name = name;
    for (const auto& [k, v] : plain) s.data[k] = api::EncodeBase64(v);
    secrets_[{std::move(ns), std::move(name)}] = std::move(s);
  }
  void AddConfigMap(std::string ns, std::string name, std::map<std::string, std::string> data) {
    api::ConfigMap c;
    c.metadata.namespace_ = ns;
    c.metadata.name = name;
    c.data = std::move(data);
    config_maps_[{std::move(ns), std::move(name)}] = std::move(c);
  }
  void AddTriggerAuthentication(std::string ns, std::string name,
                                api::keda::TriggerAuthenticationSpec spec) {
    api::keda::TriggerAuthentication ta;
    ta.spec = std::move(spec);
    tas_[{std::move(ns), std::move(name)}] = std::move(ta);
  }
  void AddClusterTriggerAuthentication(std::string name,
                                       api::keda::TriggerAuthenticationSpec spec) {
    api::keda::ClusterTriggerAuthentication cta;
    cta.spec = std::move(spec);
    ctas_[std::move(name)] = std::move(cta);
  }
  void AddServiceAccount(std::string ns, std::string name,
                         std::map<std::string, std::string> annotations) {
    service_accounts_[{std::move(ns), std::move(name)}] = std::move(annotations);
  }

  const api::Secret* GetSecret(std::string_view ns, std::string_view name) const override {
    return Find(secrets_, ns, name);
  }
  const api::ConfigMap* GetConfigMap(std::string_view ns, std::string_view name) const override {
    return Find(config_maps_, ns, name);
  }
  const api::keda::TriggerAuthentication* GetTriggerAuthentication(
      std::string_view ns, std::string_view name) const override {
    return Find(tas_, ns, name);
  }
  const api::keda::ClusterTriggerAuthentication* GetClusterTriggerAuthentication(
      std::string_view name) const override {
    auto it = ctas_.find(std::string(name));
    return it == ctas_.end() ? nullptr : &it->second;
  }
  const std::map<std::string, std::string>* GetServiceAccountAnnotations(
      std::string_view ns, std::string_view name) const override {
    return Find(service_accounts_, ns, name);
  }

 private:
  template <class M>
  static const typename M::mapped_type* Find(const M& m, std::string_view ns,
                                             std::string_view name) {
    auto it = m.find(Key(ns, name));
    return it == m.end() ? nullptr : &it->second;
  }

  std::map<Key, api::Secret> secrets_;
  std::map<Key, api::ConfigMap> config_maps_;
  std::map<Key, api::keda::TriggerAuthentication> tas_;
  std::map<std::string, api::keda::ClusterTriggerAuthentication> ctas_;
  std::map<Key, std::map<std::string, std::string>> service_accounts_;
};

// Values by (source, address); a missing entry is an "unavailable" error. Records reads.
class FakeMetricWorld final : public MetricWorld {
 public:
  void Set(std::string source, std::string address, double value) {
    values_[{std::move(source), std::move(address)}] = value;
  }
  Result<double> Read(std::string_view source, std::string_view address) override {
    last_read_ = Key(source, address);
    auto it = values_.find(last_read_);
    if (it == values_.end()) {
      return Fail(ErrorCode::kUnavailable, "no value for " + std::string(source));
    }
    return it->second;
  }
  const Key& last_read() const { return last_read_; }

 private:
  std::map<Key, double> values_;
  Key last_read_;
};

}  // namespace tidepool::scalers::testing
