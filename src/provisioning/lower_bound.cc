#include "provisioning/lower_bound.h"

#include <glpk.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <numeric>

namespace tidepool::provisioning {
namespace {

struct ProblemDeleter {
  void operator()(glp_prob* p) const { glp_delete_prob(p); }
};
using ProblemPtr = std::unique_ptr<glp_prob, ProblemDeleter>;

bool IsSubset(const std::vector<int>& a, const std::vector<int>& b) {
  return std::includes(b.begin(), b.end(), a.begin(), a.end());
}

// Options that some cheaper (or equally priced, earlier) option with the same allocatable, and
// serving a superset of their classes, makes unnecessary: dropping them shrinks the programme
// several-fold when offerings differ only in price (spot and on-demand in every zone).
std::vector<bool> DominatedOptions(const LpProblem& problem,
                                   const std::vector<std::vector<int>>& classes_of) {
  std::vector<bool> dominated(problem.options.size(), false);
  std::map<std::vector<double>, std::vector<int>> groups;
  for (size_t o = 0; o < problem.options.size(); ++o) {
    if (problem.options[o].max_count != kUnboundedCount || classes_of[o].empty()) continue;
    groups[problem.options[o].allocatable].push_back(static_cast<int>(o));
  }
  for (const auto& [allocatable, members] : groups) {
    for (int o : members) {
      for (int other : members) {
        if (other == o || dominated[other]) continue;
        double p = problem.options[o].price;
        double q = problem.options[other].price;
        bool cheaper = q < p || (q == p && other < o);
        if (cheaper && IsSubset(classes_of[o], classes_of[other])) {
          dominated[o] = true;
          break;
        }
      }
    }
  }
  return dominated;
}

// The programme under construction: GLPK's 1-based triplets and row bounds.
struct Builder {
  std::vector<int> rows{0};
  std::vector<int> cols{0};
  std::vector<double> values{0};
  std::vector<std::pair<int, double>> upper;  // row ≤ bound
  std::vector<std::pair<int, double>> lower;  // row ≥ bound
  int num_rows = 0;
  int num_cols = 0;  // y columns first, then w columns

  void Add(int row, int col, double value) {
    rows.push_back(row);
    cols.push_back(col);
    values.push_back(value);
  }
};

// Classes connected through shared options, each list ascending.
std::vector<std::vector<int>> Components(size_t num_classes,
                                         const std::vector<std::vector<int>>& classes_of,
                                         const std::vector<int>& y_col) {
  std::vector<int> parent(num_classes);
  std::iota(parent.begin(), parent.end(), 0);
  auto find = [&](int x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  for (size_t o = 0; o < classes_of.size(); ++o) {
    if (y_col[o] == 0) continue;
    for (size_t i = 1; i < classes_of[o].size(); ++i) {
      parent[find(classes_of[o][i])] = find(classes_of[o][0]);
    }
  }
  std::map<int, std::vector<int>> by_root;
  for (size_t c = 0; c < num_classes; ++c) by_root[find(static_cast<int>(c))].push_back(c);
  std::vector<std::vector<int>> out;
  for (auto& [root, members] : by_root) out.push_back(std::move(members));
  return out;
}

// Subset form, exact for a transportation problem by Gale's supply-demand theorem: per resource,
// capacity can be routed to the classes iff every set S of classes has demand(S) at most the
// capacity of the options some class of S may use. Only closed sets (S = every class whose
// options all lie in N(S)) give constraints that others do not imply.
void AddSubsetRows(const LpProblem& problem, const std::vector<int>& members,
                   const std::vector<std::vector<int>>& classes_of, const std::vector<int>& y_col,
                   Builder& b) {
  const size_t k = members.size();
  std::map<int, uint32_t> local;  // class -> bit
  for (size_t i = 0; i < k; ++i) local[members[i]] = 1u << i;
  // Options grouped by the set of member classes that may use them.
  std::map<uint32_t, std::vector<int>> groups;
  for (size_t o = 0; o < classes_of.size(); ++o) {
    if (y_col[o] == 0 || classes_of[o].empty() || !local.count(classes_of[o][0])) continue;
    uint32_t mask = 0;
    for (int c : classes_of[o]) mask |= local[c];
    groups[mask].push_back(static_cast<int>(o));
  }
  const uint32_t all = k == 32 ? ~0u : (1u << k) - 1;
  for (uint32_t s = 1; s <= all; ++s) {
    uint32_t outside = 0;  // classes with an option S cannot use
    for (const auto& [mask, options] : groups) {
      if ((mask & s) == 0) outside |= mask;
    }
    if ((all & ~outside) != s) continue;  // not closed
    for (size_t r = 0; r < problem.resources.size(); ++r) {
      double demand = 0;
      for (size_t i = 0; i < k; ++i) {
        if (s & (1u << i)) demand += problem.classes[members[i]].demand[r];
      }
      if (!(demand > 0)) continue;
      int row = ++b.num_rows;
      b.lower.emplace_back(row, demand);
      for (const auto& [mask, options] : groups) {
        if ((mask & s) == 0) continue;
        for (int o : options) {
          double a = problem.options[o].allocatable[r];
          if (a > 0) b.Add(row, y_col[o], a);
        }
      }
    }
  }
}

// Flow form for large components: w[c][o][r] is what option o's nodes give class c of resource
// r; Σ_c w ≤ alloc · y per option and resource, Σ_o w ≥ demand per class and resource.
void AddFlowRows(const LpProblem& problem, const std::vector<int>& members,
                 const std::vector<int>& y_col, Builder& b, int& num_w) {
  const size_t num_resources = problem.resources.size();
  std::map<std::pair<int, size_t>, int> cap_row;
  for (int c : members) {
    const LpPodClass& pod_class = problem.classes[c];
    for (size_t r = 0; r < num_resources; ++r) {
      double demand = pod_class.demand[r];
      if (!(demand > 0)) continue;
      int demand_row = ++b.num_rows;
      b.lower.emplace_back(demand_row, demand);
      for (int o : pod_class.options) {
        if (y_col[o] == 0 || problem.options[o].allocatable[r] <= 0) continue;
        auto [it, inserted] = cap_row.try_emplace({o, r}, 0);
        if (inserted) {
          it->second = ++b.num_rows;
          b.upper.emplace_back(it->second, 0.0);
          b.Add(it->second, y_col[o], -problem.options[o].allocatable[r]);
        }
        int w = b.num_cols + ++num_w;
        b.Add(demand_row, w, 1.0);
        b.Add(it->second, w, 1.0);
      }
    }
  }
}

}  // namespace

Result<LpSolution> SolveLowerBound(const LpProblem& problem, const LpSolveOptions& options) {
  const size_t num_resources = problem.resources.size();
  const size_t num_options = problem.options.size();
  for (const LpNodeOption& option : problem.options) {
    if (option.allocatable.size() != num_resources || !(option.price >= 0) ||
        !std::isfinite(option.price) || !(option.max_count >= 0)) {
      return Fail(ErrorCode::kInvalidArgument, "lower bound: malformed node option " + option.name);
    }
  }
  std::vector<std::vector<int>> classes_of(num_options);
  for (size_t c = 0; c < problem.classes.size(); ++c) {
    const LpPodClass& pod_class = problem.classes[c];
    if (pod_class.demand.size() != num_resources) {
      return Fail(ErrorCode::kInvalidArgument, "lower bound: malformed pod class");
    }
    bool has_demand = std::any_of(pod_class.demand.begin(), pod_class.demand.end(),
                                  [](double d) { return d > 0; });
    if (has_demand && pod_class.options.empty()) {
      return Fail(ErrorCode::kInvalidArgument,
                  "lower bound: pod class " + std::to_string(c) + " has no feasible node option");
    }
    for (int o : pod_class.options) {
      if (o < 0 || static_cast<size_t>(o) >= num_options) {
        return Fail(ErrorCode::kInvalidArgument, "lower bound: option index out of range");
      }
      classes_of[o].push_back(static_cast<int>(c));
    }
  }
  std::vector<bool> dominated = DominatedOptions(problem, classes_of);

  Builder b;
  std::vector<int> y_col(num_options, 0);
  for (size_t o = 0; o < num_options; ++o) {
    if (!classes_of[o].empty() && !dominated[o]) y_col[o] = ++b.num_cols;
  }
  int num_w = 0;
  for (const std::vector<int>& members : Components(problem.classes.size(), classes_of, y_col)) {
    if (members.size() <= std::min<size_t>(options.max_subset_classes, 30)) {
      AddSubsetRows(problem, members, classes_of, y_col, b);
    } else {
      AddFlowRows(problem, members, y_col, b, num_w);
    }
  }
  LpSolution solution;
  solution.node_counts.assign(num_options, 0.0);
  if (b.num_rows == 0) return solution;  // nothing demanded

  glp_term_out(GLP_OFF);
  ProblemPtr lp(glp_create_prob());
  glp_set_obj_dir(lp.get(), GLP_MIN);
  glp_add_rows(lp.get(), b.num_rows);
  for (const auto& [row, bound] : b.upper) glp_set_row_bnds(lp.get(), row, GLP_UP, 0, bound);
  for (const auto& [row, bound] : b.lower) glp_set_row_bnds(lp.get(), row, GLP_LO, bound, 0);
  glp_add_cols(lp.get(), b.num_cols + num_w);
  for (size_t o = 0; o < num_options; ++o) {
    int col = y_col[o];
    if (col == 0) continue;
    const LpNodeOption& option = problem.options[o];
    if (option.max_count == kUnboundedCount) {
      glp_set_col_bnds(lp.get(), col, GLP_LO, 0, 0);
    } else {
      glp_set_col_bnds(lp.get(), col, GLP_DB, 0, option.max_count);
    }
    glp_set_obj_coef(lp.get(), col, option.price);
  }
  for (int w = 1; w <= num_w; ++w) glp_set_col_bnds(lp.get(), b.num_cols + w, GLP_LO, 0, 0);
  glp_load_matrix(lp.get(), static_cast<int>(b.rows.size()) - 1, b.rows.data(), b.cols.data(),
                  b.values.data());

  glp_smcp params;
  glp_init_smcp(&params);
  params.msg_lev = GLP_MSG_OFF;
  params.presolve = GLP_ON;
  glp_scale_prob(lp.get(), GLP_SF_AUTO);
  int rc = glp_simplex(lp.get(), &params);
  if (rc == GLP_ENOPFS || glp_get_status(lp.get()) == GLP_NOFEAS) {
    return Fail(ErrorCode::kInvalidArgument, "lower bound: no fractional plan serves every class");
  }
  if (rc != 0 || glp_get_status(lp.get()) != GLP_OPT) {
    return Fail(ErrorCode::kInternal,
                "lower bound: GLPK simplex failed (code " + std::to_string(rc) + ")");
  }
  solution.usd_per_hour = glp_get_obj_val(lp.get());
  for (size_t o = 0; o < num_options; ++o) {
    if (y_col[o] != 0) solution.node_counts[o] = glp_get_col_prim(lp.get(), y_col[o]);
  }
  solution.columns = b.num_cols + num_w;
  solution.rows = b.num_rows;
  return solution;
}

}  // namespace tidepool::provisioning
