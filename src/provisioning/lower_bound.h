// A fluid lower bound on the $/hour of any plan that places a set of pods on new nodes: a linear
// programme over the catalogue, solved with GLPK's simplex.
//
// The model (LpProblem) is abstract: node options (one per NodePool × instance type × offering
// worth buying, each with a price and an allocatable vector already net of DaemonSet overhead)
// and pod classes (pods with the same set of feasible options, their requests summed). The
// programme is
//
//   minimise   Σ_o price[o] · y[o]
//   subject to Σ_c w[c][o][r] ≤ alloc[o][r] · y[o]      for every option o and resource r
//              Σ_o w[c][o][r] ≥ demand[c][r]            for every class c and resource r
//              0 ≤ y[o] ≤ max_count[o],  w ≥ 0,  w[c][o][·] = 0 unless o is feasible for c
//
// where y[o] is a fractional number of nodes of option o and w[c][o][r] the amount of resource r
// those nodes give to class c. Small groups of classes are solved in the equivalent subset form
// (LpSolveOptions), which needs no w. Any real plan is a feasible point (y = its node counts, w =
// what each class's pods use on them), so the optimum is a lower bound on every plan's cost.
// Resources are split independently, so classes of complementary shapes (cpu-heavy and
// memory-heavy) may share a node's capacity as they can in a real plan. The simpler "x[c][t] nodes
// per class" form is not a bound when two classes could share one node, which is why w exists.
//
// What the bound ignores (each only makes it lower, never invalid): integrality of nodes and
// pods, pod affinity, anti-affinity and topology spread, host ports, NodePool limits, minValues.
//
// Precision: the simplex result is feasible to GLPK's tolerance (~1e-9 relative), so compare with
// a small tolerance.
//
// Thread-safety: SolveLowerBound is reentrant except for GLPK's terminal-output switch, which it
// sets to off (GLPK keeps that per thread).
#pragma once

#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include "core/status.h"

namespace tidepool::provisioning {

inline constexpr double kUnboundedCount = std::numeric_limits<double>::infinity();

// One kind of node the programme may buy.
struct LpNodeOption {
  std::string name;                 // for reports, e.g. "default/m-4x-amd64-linux/spot/zone-a"
  double price = 0;                 // USD per hour per node
  std::vector<double> allocatable;  // per resource index of LpProblem::resources
  double max_count = kUnboundedCount;
};

// Pods with the same feasible options; demand is their requests summed per resource.
struct LpPodClass {
  std::vector<double> demand;  // per resource index
  std::vector<int> options;    // indices into LpProblem::options, ascending
  int pods = 0;
};

struct LpProblem {
  // Resource names, e.g. {"cpu", "memory", "pods"}; callers choose units (cores, GiB) so values
  // stay within a few orders of magnitude of each other.
  std::vector<std::string> resources;
  std::vector<LpNodeOption> options;
  std::vector<LpPodClass> classes;
};

struct LpSolution {
  double usd_per_hour = 0;
  std::vector<double> node_counts;  // y[o], per option
  int columns = 0;                  // size of the programme solved, for benchmarks
  int rows = 0;
};

struct LpSolveOptions {
  // Groups of at most this many classes (classes linked by shared options) are written in the
  // subset form (one row per closed set of classes and resource, no flow variables; exact by
  // Gale's theorem), larger ones in the flow form. At most 30.
  size_t max_subset_classes = 10;
};

// Solves the programme. A class with demand but no feasible option makes it infeasible
// (kInvalidArgument naming the class); callers remove such pods first. Options dominated by a
// cheaper option with the same allocatable and a superset of classes are dropped before solving.
[[nodiscard]] Result<LpSolution> SolveLowerBound(const LpProblem& problem,
                                                 const LpSolveOptions& options = {});

}  // namespace tidepool::provisioning
