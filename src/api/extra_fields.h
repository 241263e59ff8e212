// The fields of a JSON object that tidepool does not model, kept so that an object round-trips
// (decode then encode gives the user's document back, unknown fields included). Held behind a
// pointer so that headers of typed objects do not pull in the JSON library.
#pragma once

#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>

namespace tidepool::api {

class ExtraFields {
 public:
  ExtraFields();
  ~ExtraFields();
  ExtraFields(const ExtraFields& other);
  ExtraFields& operator=(const ExtraFields& other);
  ExtraFields(ExtraFields&&) noexcept;
  ExtraFields& operator=(ExtraFields&&) noexcept;

  bool empty() const;
  // The unknown fields as a JSON object (empty object when none).
  const nlohmann::json& json() const;
  nlohmann::json& mutable_json();
  // Field names, comma separated, for warnings about unknown fields.
  std::string KeyList() const;

  friend bool operator==(const ExtraFields& a, const ExtraFields& b);

 private:
  std::unique_ptr<nlohmann::json> fields_;  // null when empty
};

}  // namespace tidepool::api
