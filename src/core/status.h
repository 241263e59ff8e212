// Errors as values. Fallible functions return Status (no value) or Result<T>, both built on
// tl::expected, and mark themselves [[nodiscard]]. Errors carry context as they rise:
//   return Fail(ErrorCode::kInvalidArgument, "invalid quantity \"1kk\"");
//   if (!r) return tl::unexpected(r.error().WithContext("spec.limits.cpu"));
#pragma once

#include <string>
#include <string_view>
#include <tl/expected.hpp>
#include <utility>

namespace tidepool {

enum class ErrorCode {
  kInvalidArgument,  // bad input from a user: a manifest, a flag, a formula
  kParse,            // input that cannot be parsed at all (YAML/JSON syntax)
  kNotFound,
  kAlreadyExists,
  kFailedPrecondition,  // the world is not in a state where this can be done
  kOutOfRange,
  kUnavailable,  // a transient failure of something outside; retry may work
  kInsufficientCapacity,
  kIo,
  kInternal,  // a broken invariant that was caught rather than asserted
};

std::string_view ErrorCodeName(ErrorCode code);

class Error {
 public:
  Error(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}

  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // "context: message", the way errors read as they rise through layers.
  [[nodiscard]] Error WithContext(std::string_view context) const {
    std::string m;
    m.reserve(context.size() + 2 + message_.size());
    m.append(context).append(": ").append(message_);
    return Error(code_, std::move(m));
  }

  friend bool operator==(const Error&, const Error&) = default;

 private:
  ErrorCode code_;
  std::string message_;
};

using Status = tl::expected<void, Error>;
template <typename T>
using Result = tl::expected<T, Error>;

[[nodiscard]] inline tl::unexpected<Error> Fail(ErrorCode code, std::string message) {
  return tl::unexpected<Error>(Error(code, std::move(message)));
}
[[nodiscard]] inline tl::unexpected<Error> Fail(Error error) {
  return tl::unexpected<Error>(std::move(error));
}
[[nodiscard]] inline Status OkStatus() { return {}; }

}  // namespace tidepool
