#include "api/extra_fields.h"

#include <nlohmann/json.hpp>

namespace tidepool::api {
namespace {
const nlohmann::json& EmptyObject() {
  static const nlohmann::json* empty = new nlohmann::json(nlohmann::json::object());
  return *empty;
}
}  // namespace

ExtraFields::ExtraFields() = default;
ExtraFields::~ExtraFields() = default;
ExtraFields::ExtraFields(const ExtraFields& other)
    : fields_(other.fields_ ? std::make_unique<nlohmann::json>(*other.fields_) : nullptr) {}
ExtraFields& ExtraFields::operator=(const ExtraFields& other) {
  if (this != &other) {
    fields_ = other.fields_ ? std::make_unique<nlohmann::json>(*other.fields_) : nullptr;
  }
  return *this;
}
ExtraFields::ExtraFields(ExtraFields&&) noexcept = default;
ExtraFields& ExtraFields::operator=(ExtraFields&&) noexcept = default;

bool ExtraFields::empty() const { return !fields_ || fields_->empty(); }

const nlohmann::json& ExtraFields::json() const { return fields_ ? *fields_ : EmptyObject(); }

nlohmann::json& ExtraFields::mutable_json() {
  if (!fields_) fields_ = std::make_unique<nlohmann::json>(nlohmann::json::object());
  return *fields_;
}

std::string ExtraFields::KeyList() const {
  std::string out;
  if (!fields_) return out;
  for (const auto& [key, unused] : fields_->items()) {
    if (!out.empty()) out += ", ";
    out += key;
  }
  return out;
}

bool operator==(const ExtraFields& a, const ExtraFields& b) { return a.json() == b.json(); }

}  // namespace tidepool::api
