// Runs a compiled formula (compile.h) over trigger values, with expr-lang/expr's run-time
// semantics (vm/runtime):
//   - int op int stays int (wrapping on overflow, as Go's int64 does); any float makes it a
//     float; / always divides as floats, so x / 0 is +Inf, -Inf or NaN, never an error;
//     % needs two ints and fails on a zero divisor ("runtime error: integer divide by zero");
//     ** and ^ are math.Pow on floats.
//   - == compares an int and a float by value, anything with nil is false except nil == nil;
//     < <= > >= need numbers; && || ! and ?: need bools.
//   - a trigger whose value is absent (std::nullopt: the scaler failed and KEDA's
//     scalingModifiers fallback passes nil) is nil: `a ?? b ?? 8` routes around it, while
//     `a + 1` fails ("invalid operation: <nil> + int").
//   - builtins as expr's: abs keeps the type; ceil floor round give floats (round halves away
//     from zero); int truncates; min and max keep the winning argument's type and flatten arrays;
//     mean and median give floats (0.0 for no values); sum starts from int 0.
// Run-time errors carry expr's message and the position of the failing operation.
//
// The value is returned as computed: Inf, NaN or a negative number are the caller's to clamp
// (KEDA clamps each trigger's metric to >= 0 when the scaler reports it and converts the
// composite value to a milli-quantity in the metrics layer; see keda.h).
//
// Evaluation does not allocate on success (an error message is built only on failure), keeps
// let variables in a fixed array on the stack, and is safe to run concurrently on one Program.
#pragma once

#include <optional>
#include <span>

#include "core/status.h"
#include "formula/program.h"
#include "formula/value.h"

namespace tidepool::formula {

// `trigger_values[i]` is the value of the i-th trigger name given to Compile; nullopt is nil.
// Fails with kInvalidArgument for a run-time error, or when the number of values differs from
// the number of trigger names.
[[nodiscard]] Result<Value> Eval(const Program& program,
                                 std::span<const std::optional<double>> trigger_values);

}  // namespace tidepool::formula
