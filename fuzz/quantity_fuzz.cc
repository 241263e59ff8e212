// libFuzzer target: arbitrary bytes as a Quantity and as a Duration. Parsing must never crash;
// whatever parses must satisfy the round-trip and arithmetic invariants below, or the target
// aborts with the offending input.
//
//   clang++ -std=c++20 -fsanitize=fuzzer,address,undefined -I src fuzz/quantity_fuzz.cc \
//       src/core/quantity.cc src/core/quantity_text.cc src/core/duration.cc src/core/status.cc
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/duration.h"
#include "core/quantity.h"

namespace {

using tidepool::Duration;
using tidepool::NillableDuration;
using tidepool::Quantity;

[[noreturn]] void Violation(std::string_view what, std::string_view input, std::string_view got) {
  std::fprintf(stderr, "invariant violated: %.*s\n  input: \"%.*s\"\n  got:   \"%.*s\"\n",
               static_cast<int>(what.size()), what.data(), static_cast<int>(input.size()),
               input.data(), static_cast<int>(got.size()), got.data());
  std::abort();
}

void Check(bool ok, std::string_view what, std::string_view input, std::string_view got) {
  if (!ok) Violation(what, input, got);
}

void CheckQuantity(std::string_view input) {
  tidepool::Result<Quantity> parsed = Quantity::Parse(input);
  if (!parsed) {
    Check(!parsed.error().message().empty(), "error without message", input, "");
    return;
  }
  const Quantity& q = *parsed;
  const std::string text = q.ToString();
  Check(!text.empty(), "empty string form", input, text);

  // The string form parses back to the same value, and is stable after one more round.
  tidepool::Result<Quantity> again = Quantity::Parse(text);
  if (!again) Violation("string form does not parse", input, text);
  Check(*again == q, "Parse(ToString(q)) != q", input, text);
  const std::string text2 = again->ToString();
  tidepool::Result<Quantity> third = Quantity::Parse(text2);
  if (!third) Violation("second string form does not parse", input, text2);
  Check(third->ToString() == text2, "string form not stable", input, text2);

  // The canonical form (any arithmetic drops the kept input text) round-trips too.
  const Quantity canonical = q + Quantity::FromInt(0, q.format());
  const std::string canonical_text = canonical.ToString();
  tidepool::Result<Quantity> from_canonical = Quantity::Parse(canonical_text);
  if (!from_canonical) Violation("canonical form does not parse", input, canonical_text);
  Check(*from_canonical == q, "canonical form changes the value", input, canonical_text);

  // Arithmetic identities.
  Check((q - q).IsZero(), "q - q != 0", input, (q - q).ToString());
  Check((q + -q).IsZero(), "q + -q != 0", input, (q + -q).ToString());
  Check(-(-q) == q, "-(-q) != q", input, (-(-q)).ToString());
  Check(q * 1 == q, "q * 1 != q", input, (q * 1).ToString());
  Check((q * 0).IsZero(), "q * 0 != 0", input, (q * 0).ToString());
  Check(q * 2 == q + q, "q * 2 != q + q", input, (q * 2).ToString());
  Check(q * -1 == -q, "q * -1 != -q", input, (q * -1).ToString());

  // Ordering agrees with the sign, and Value() rounds away from zero.
  const Quantity zero;
  Check((q <=> q) == 0, "q <=> q != 0", input, text);
  Check(((q <=> zero) < 0) == (q.Sign() < 0), "ordering disagrees with Sign", input, text);
  Check(((q <=> zero) > 0) == (q.Sign() > 0), "ordering disagrees with Sign", input, text);
  Check(q.IsZero() == (q.Sign() == 0), "IsZero disagrees with Sign", input, text);
  const int64_t value = q.Value();
  Check((value > 0) == (q.Sign() > 0) && (value < 0) == (q.Sign() < 0),
        "Value() sign disagrees with Sign", input, text);
  Check(q.IsZero() ||
            (q.Sign() > 0 ? q <= Quantity::FromInt(value) : q >= Quantity::FromInt(value)) ||
            value == INT64_MAX || value == INT64_MIN,
        "Value() does not round away from zero", input, text);
}

void CheckDuration(std::string_view input) {
  tidepool::Result<Duration> parsed = Duration::Parse(input);
  if (!parsed) {
    Check(parsed.error().message().rfind("time: ", 0) == 0, "error not in Go's form", input,
          parsed.error().message());
  } else {
    const std::string text = parsed->ToString();
    tidepool::Result<Duration> again = Duration::Parse(text);
    if (!again) Violation("duration string form does not parse", input, text);
    Check(*again == *parsed, "Duration round trip changed the value", input, text);
    Check(again->ToString() == text, "Duration string form not stable", input, text);
  }

  tidepool::Result<NillableDuration> nillable = NillableDuration::Parse(input);
  Check(nillable.has_value() == (parsed.has_value() || input == "Never"),
        "NillableDuration disagrees with Duration", input, "");
  if (nillable) {
    const std::string text = nillable->ToString();
    tidepool::Result<NillableDuration> again = NillableDuration::Parse(text);
    if (!again) Violation("NillableDuration string form does not parse", input, text);
    Check(*again == *nillable, "NillableDuration round trip changed the value", input, text);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  CheckQuantity(input);
  CheckDuration(input);
  return 0;
}
