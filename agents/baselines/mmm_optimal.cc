#include "agents/baselines/mmm_optimal.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

#include "agents/baselines/budget_baselines.h"
#include "core/check.h"

namespace campsim {

namespace {

double Hill(const MediaCurve& c, double a) {
  if (a <= 0.0) return 0.0;
  const double as = std::pow(a, c.hill_shape);
  return c.max_impressions * as / (as + std::pow(c.half_saturation, c.hill_shape));
}

double HillSlope(const MediaCurve& c, double a) {
  if (a <= 0.0) {
    if (c.hill_shape < 1.0) return std::numeric_limits<double>::infinity();
    return c.hill_shape == 1.0 ? c.max_impressions / c.half_saturation : 0.0;
  }
  const double as = std::pow(a, c.hill_shape);
  const double hs = std::pow(c.half_saturation, c.hill_shape);
  return c.max_impressions * c.hill_shape * as / a * hs / ((as + hs) * (as + hs));
}

double Effectiveness(const MediaCurve& c, int t) {
  return t < static_cast<int>(c.effectiveness.size()) ? c.effectiveness[t] : 1.0;
}

// F_l and F_l' for a static spend x per period.
struct LineResponse {
  const MediaCurve* curve;
  std::vector<double> gain;  // g_t = sum_{k<=t} decay^k

  LineResponse(const MediaCurve& c, int periods) : curve(&c) {
    double g = 0.0;
    for (int t = 0; t < periods; ++t) {
      g = 1.0 + c.adstock_decay * g;
      gain.push_back(g);
    }
  }
  double Value(double x) const {
    double total = 0.0;
    for (std::size_t t = 0; t < gain.size(); ++t) {
      total += Effectiveness(*curve, static_cast<int>(t)) * Hill(*curve, x * gain[t]);
    }
    return curve->value_per_impression * total;
  }
  double Marginal(double x) const {
    double total = 0.0;
    for (std::size_t t = 0; t < gain.size(); ++t) {
      total += Effectiveness(*curve, static_cast<int>(t)) * gain[t] * HillSlope(*curve, x * gain[t]);
    }
    return curve->value_per_impression * total;
  }
};

double Total(const std::vector<LineResponse>& lines, const std::vector<double>& x) {
  double total = 0.0;
  for (std::size_t l = 0; l < lines.size(); ++l) total += lines[l].Value(x[l]);
  return total;
}

// Visits every composition of `steps` into `parts` non-negative integers.
void Compositions(int parts, int steps, std::vector<int>& current,
                  const std::function<void(const std::vector<int>&)>& visit) {
  if (static_cast<int>(current.size()) == parts - 1) {
    current.push_back(steps);
    visit(current);
    current.pop_back();
    return;
  }
  for (int k = 0; k <= steps; ++k) {
    current.push_back(k);
    Compositions(parts, steps - k, current, visit);
    current.pop_back();
  }
}

}  // namespace

double ExpectedMediaRevenue(const std::vector<MediaCurve>& media,
                            const std::vector<std::vector<double>>& spend) {
  for (const auto& row : spend) {
    CAMPSIM_CHECK_MSG(row.size() >= media.size(), "ExpectedMediaRevenue: a row has fewer columns than paid lines");
  }
  double total = 0.0;
  for (std::size_t l = 0; l < media.size(); ++l) {
    double adstock = 0.0;
    for (std::size_t t = 0; t < spend.size(); ++t) {
      adstock = spend[t][l] + media[l].adstock_decay * adstock;
      total += media[l].value_per_impression * Effectiveness(media[l], static_cast<int>(t)) *
               Hill(media[l], adstock);
    }
  }
  return total;
}

StaticSplit SolveStaticSplit(const std::vector<MediaCurve>& media, int num_periods,
                             double per_period) {
  const int n = static_cast<int>(media.size());
  CAMPSIM_CHECK_MSG(n > 0, "SolveStaticSplit: no paid lines");
  std::vector<LineResponse> lines;
  for (const auto& c : media) lines.emplace_back(c, num_periods);
  StaticSplit best;
  best.spend.assign(n, per_period / n);
  best.expected_revenue = Total(lines, best.spend);
  // 1. The best point of a simplex grid.
  const int steps = n <= 3 ? 60 : n == 4 ? 24 : 8;
  std::vector<int> scratch;
  std::vector<double> x(n);
  Compositions(n, steps, scratch, [&](const std::vector<int>& k) {
    for (int l = 0; l < n; ++l) x[l] = per_period * k[l] / steps;
    const double v = Total(lines, x);
    if (v > best.expected_revenue) {
      best.expected_revenue = v;
      best.spend = x;
    }
  });
  // 2. Pairwise exchanges by golden-section search within two grid steps, until none helps.
  const double width = 2.0 * per_period / steps;
  const double phi = (std::sqrt(5.0) - 1.0) / 2.0;
  for (int round = 0; round < 500; ++round) {
    const double before = best.expected_revenue;
    for (int i = 0; i < n; ++i) {
      for (int j = i + 1; j < n; ++j) {
        const double pair = best.spend[i] + best.spend[j];
        auto f = [&](double y) {
          x = best.spend;
          x[i] = y;
          x[j] = pair - y;
          return Total(lines, x);
        };
        double lo = std::max(0.0, best.spend[i] - width);
        double hi = std::min(pair, best.spend[i] + width);
        double a = hi - phi * (hi - lo), b = lo + phi * (hi - lo);
        double fa = f(a), fb = f(b);
        for (int it = 0; it < 100 && hi - lo > 1e-12 * std::max(1.0, pair); ++it) {
          if (fa < fb) {
            lo = a, a = b, fa = fb, b = lo + phi * (hi - lo), fb = f(b);
          } else {
            hi = b, b = a, fb = fa, a = hi - phi * (hi - lo), fa = f(a);
          }
        }
        for (double y : {lo, hi, 0.5 * (lo + hi)}) {
          const double v = f(y);
          if (v > best.expected_revenue) {
            best.expected_revenue = v;
            best.spend[i] = y;
            best.spend[j] = pair - y;
          }
        }
      }
    }
    if (best.expected_revenue - before <= 1e-12 * std::abs(before)) break;
  }
  best.marginal.clear();
  for (int l = 0; l < n; ++l) best.marginal.push_back(lines[l].Marginal(best.spend[l]));
  return best;
}

void MmmOptimalParams::Describe(ConfigVisitor& v) {
  v.Field("owned_share", owned_share,
          "Share of each period's amount given to the owned line (its response is not a media "
          "curve); the rest is split across paid lines optimally.",
          Probability());
}

MmmOptimalStaticAgent::MmmOptimalStaticAgent(const MmmOptimalParams& params,
                                             const BudgetProblem& problem)
    : shares_(problem.lines.size(), 0.0) {
  const double per_period = problem.total_budget / std::max(1, problem.num_periods);
  if (problem.media.empty()) {
    shares_.back() = 1.0;
    return;
  }
  split_ = SolveStaticSplit(problem.media, problem.num_periods,
                            (1.0 - params.owned_share) * per_period);
  double paid = 0.0;
  for (double s : split_.spend) paid += s;
  for (std::size_t l = 0; l < split_.spend.size(); ++l) {
    shares_[l] = paid > 0.0 ? (1.0 - params.owned_share) * split_.spend[l] / paid : 0.0;
  }
  shares_.back() = paid > 0.0 ? params.owned_share : 1.0;
}

BudgetAction MmmOptimalStaticAgent::Act(const BudgetObservation& observation) {
  const double amount = EvenPacingAmount(observation);
  BudgetAction action;
  for (double share : shares_) action.spend.push_back(amount * share);
  return action;
}

}  // namespace campsim
