#include "policies/explore.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

namespace campsim {

namespace {

void RequireShapes(std::size_t scores, std::span<const std::uint8_t> eligible, std::size_t out) {
  if (scores != eligible.size() || out != eligible.size()) {
    throw std::invalid_argument("explore: scores, eligible and out must have the same length");
  }
  if (std::none_of(eligible.begin(), eligible.end(), [](std::uint8_t e) { return e != 0; })) {
    throw std::invalid_argument("explore: no eligible action");
  }
}

int Argmax(std::span<const double> scores, std::span<const std::uint8_t> eligible) {
  int best = -1;
  for (std::size_t a = 0; a < scores.size(); ++a) {
    if (eligible[a] && (best < 0 || scores[a] > scores[best])) best = static_cast<int>(a);
  }
  return best;
}

void Normalise(std::span<const std::uint8_t> eligible, std::span<double> out) {
  double total = 0.0;
  for (std::size_t a = 0; a < out.size(); ++a) total += eligible[a] ? out[a] : 0.0;
  if (!(total > 0.0) || !std::isfinite(total)) {
    // Degenerate numerics: fall back to uniform over the eligible actions.
    double n = 0.0;
    for (std::uint8_t e : eligible) n += e ? 1.0 : 0.0;
    for (std::size_t a = 0; a < out.size(); ++a) out[a] = eligible[a] ? 1.0 / n : 0.0;
    return;
  }
  for (std::size_t a = 0; a < out.size(); ++a) {
    out[a] = eligible[a] ? std::min(1.0, out[a] / total) : 0.0;
  }
}

// GaussianArgmaxPmf's grid: z in [-kGaussianReach, kGaussianReach] standard deviations, with
// beyond that a tail counted as 0.
constexpr double kGaussianReach = 5.0;
constexpr double kGaussianStep = 2.0 * kGaussianReach / (kGaussianGrid - 1);
constexpr double kInvSqrt2 = 0.70710678118654752440;
constexpr double kInvSqrt2Pi = 0.39894228040143267794;

// The grid's trapezoid weights times the standard normal density at its nodes, computed once
// (a decision would otherwise pay kGaussianGrid exp() per contender).
const std::array<double, kGaussianGrid>& GaussianGridMass() {
  static const std::array<double, kGaussianGrid> mass = [] {
    std::array<double, kGaussianGrid> m{};
    for (int g = 0; g < kGaussianGrid; ++g) {
      const double z = -kGaussianReach + kGaussianStep * g;
      const bool end = g == 0 || g == kGaussianGrid - 1;
      const double weight = end ? 0.5 * kGaussianStep : kGaussianStep;
      m[static_cast<std::size_t>(g)] = kInvSqrt2Pi * std::exp(-0.5 * z * z) * weight;
    }
    return m;
  }();
  return mass;
}

}  // namespace

void ArgmaxPmf(std::span<const double> scores, std::span<const std::uint8_t> eligible,
               std::span<double> out) {
  RequireShapes(scores.size(), eligible, out.size());
  std::fill(out.begin(), out.end(), 0.0);
  out[Argmax(scores, eligible)] = 1.0;
}

void EpsilonGreedyPmf(std::span<const double> scores, std::span<const std::uint8_t> eligible,
                      double epsilon, std::span<double> out) {
  RequireShapes(scores.size(), eligible, out.size());
  double n = 0.0;
  for (std::uint8_t e : eligible) n += e ? 1.0 : 0.0;
  for (std::size_t a = 0; a < out.size(); ++a) out[a] = eligible[a] ? epsilon / n : 0.0;
  const int best = Argmax(scores, eligible);
  out[best] = std::min(1.0, out[best] + (1.0 - epsilon));  // rounding must not exceed 1
}

void SoftmaxPmf(std::span<const double> scores, std::span<const std::uint8_t> eligible,
                double temperature, std::span<double> out) {
  RequireShapes(scores.size(), eligible, out.size());
  const double top = scores[Argmax(scores, eligible)];
  for (std::size_t a = 0; a < out.size(); ++a) {
    out[a] = eligible[a] ? std::exp((scores[a] - top) / temperature) : 0.0;
  }
  Normalise(eligible, out);
}

void GaussianArgmaxPmf(std::span<const double> means, std::span<const double> sds,
                       std::span<const std::uint8_t> eligible, std::span<double> out) {
  RequireShapes(means.size(), eligible, out.size());
  const std::size_t k = means.size();
  // Below `floor` some action's draw is (to kGaussianReach sd) certainly above, so nothing can
  // win there; an action whose upper reach is below `floor` never wins: its probability is
  // exactly 0.
  double floor = -std::numeric_limits<double>::infinity();
  for (std::size_t a = 0; a < k; ++a) {
    if (eligible[a]) floor = std::max(floor, means[a] - kGaussianReach * std::max(sds[a], 0.0));
  }
  std::vector<std::size_t> contenders;
  double ceiling = floor;
  bool any_spread = false;
  for (std::size_t a = 0; a < k; ++a) {
    if (!eligible[a] || means[a] + kGaussianReach * std::max(sds[a], 0.0) < floor) continue;
    contenders.push_back(a);
    ceiling = std::max(ceiling, means[a] + kGaussianReach * std::max(sds[a], 0.0));
    any_spread = any_spread || sds[a] > 0.0;
  }
  std::fill(out.begin(), out.end(), 0.0);
  if (contenders.size() == 1 || !any_spread) {
    std::vector<std::uint8_t> mask(k, 0);
    for (std::size_t a : contenders) mask[a] = 1;
    ArgmaxPmf(means, mask, out);
    return;
  }
  if (contenders.size() == 2) {
    // Two contenders: P(a beats b) = Phi((mean_a - mean_b) / sqrt(sd_a^2 + sd_b^2)).
    const std::size_t a = contenders[0], b = contenders[1];
    const double spread = std::sqrt(sds[a] * sds[a] + sds[b] * sds[b]);
    out[a] = 0.5 * std::erfc(-(means[a] - means[b]) / spread * kInvSqrt2);
    out[b] = 1.0 - out[a];
    Normalise(eligible, out);
    return;
  }
  auto cdf = [&](std::size_t b, double s) {
    if (sds[b] <= 0.0) return s > means[b] ? 1.0 : (s < means[b] ? 0.0 : 0.5);
    return 0.5 * std::erfc(-(s - means[b]) / sds[b] * kInvSqrt2);
  };
  // Each continuous contender in its own standardised variable, so a confident action
  // (small sd) is resolved as finely as a vague one:
  //   p(a) = integral phi(z) prod_{b != a} cdf_b(mean_a + sd_a z) dz, over the grid's z.
  const auto& mass = GaussianGridMass();
  for (std::size_t a : contenders) {
    if (sds[a] <= 0.0) continue;
    double total = 0.0;
    for (int g = 0; g < kGaussianGrid; ++g) {
      const double z = -kGaussianReach + kGaussianStep * g;
      const double s = means[a] + sds[a] * z;
      double others = mass[static_cast<std::size_t>(g)];
      for (std::size_t b : contenders) {
        if (b == a) continue;
        others *= cdf(b, s);
        if (others == 0.0) break;
      }
      total += others;
    }
    out[a] = total;
  }
  // Point masses: exact.
  for (std::size_t a : contenders) {
    if (sds[a] > 0.0) continue;
    double p = 1.0;
    for (std::size_t b : contenders) {
      if (b == a) continue;
      if (sds[b] > 0.0) {
        p *= cdf(b, means[a]);
      } else if (means[b] > means[a] || (means[b] == means[a] && b < a)) {
        p = 0.0;
      }
    }
    out[a] = p;
  }
  Normalise(eligible, out);
}

void BetaArgmaxPmf(std::span<const double> alpha, std::span<const double> beta,
                   std::span<const std::uint8_t> eligible, std::span<double> out) {
  RequireShapes(alpha.size(), eligible, out.size());
  const std::size_t k = alpha.size();
  // The grid spans the contenders' mass (mean +- 8 sd, clipped to (0, 1)); an action whose
  // upper reach is below the best lower reach gets exactly 0, like GaussianArgmaxPmf.
  std::vector<double> lo(k), hi(k);
  double floor = 0.0;
  for (std::size_t a = 0; a < k; ++a) {
    if (!eligible[a]) continue;
    const double n = alpha[a] + beta[a];
    const double mean = alpha[a] / n;
    const double sd = std::sqrt(alpha[a] * beta[a] / (n * n * (n + 1.0)));
    lo[a] = std::max(0.0, mean - 8.0 * sd);
    hi[a] = std::min(1.0, mean + 8.0 * sd);
    floor = std::max(floor, lo[a]);
  }
  double top = floor;
  for (std::size_t a = 0; a < k; ++a) {
    if (eligible[a] && hi[a] >= floor) top = std::max(top, hi[a]);
  }
  std::fill(out.begin(), out.end(), 0.0);
  if (!(top > floor)) {  // every contender is a point at floor: ties to the lowest id
    for (std::size_t a = 0; a < k; ++a) {
      if (eligible[a] && hi[a] >= floor) {
        out[a] = 1.0;
        return;
      }
    }
  }
  // Midpoint grid on [floor, top]. Densities come from the exact log normaliser (log-gamma),
  // evaluated where the contenders' mass is, so they do not underflow; an action's cdf starts
  // at its mass below the grid, integrated on its own range.
  const double h = (top - floor) / kBetaGrid;
  std::vector<double> pdf(k * kBetaGrid, 0.0), cdf(k * kBetaGrid, 1.0);
  for (std::size_t a = 0; a < k; ++a) {
    if (!eligible[a] || hi[a] < floor) continue;
    const double log_norm = std::lgamma(alpha[a]) + std::lgamma(beta[a]) - std::lgamma(alpha[a] + beta[a]);
    auto density = [&](double x) {
      return std::exp((alpha[a] - 1.0) * std::log(x) + (beta[a] - 1.0) * std::log1p(-x) - log_norm);
    };
    double running = 0.0;
    if (lo[a] < floor) {
      constexpr int kBelow = kBetaGrid / 4;
      const double hb = (floor - lo[a]) / kBelow;
      for (int g = 0; g < kBelow; ++g) running += density(lo[a] + (g + 0.5) * hb) * hb;
    }
    for (int g = 0; g < kBetaGrid; ++g) {
      const double mass = density(floor + (g + 0.5) * h) * h;
      pdf[a * kBetaGrid + g] = mass;
      cdf[a * kBetaGrid + g] = running + 0.5 * mass;
      running += mass;
    }
  }
  for (int g = 0; g < kBetaGrid; ++g) {
    for (std::size_t a = 0; a < k; ++a) {
      if (!eligible[a] || hi[a] < floor) continue;
      double others = pdf[a * kBetaGrid + g];
      for (std::size_t b = 0; b < k && others > 0.0; ++b) {
        if (b != a && eligible[b] && hi[b] >= floor) others *= cdf[b * kBetaGrid + g];
      }
      out[a] += others;
    }
  }
  Normalise(eligible, out);
}

int SampleFromPmf(std::span<const double> pmf, double u) {
  double cumulative = 0.0;
  int last_positive = -1;
  for (std::size_t a = 0; a < pmf.size(); ++a) {
    if (pmf[a] <= 0.0) continue;
    last_positive = static_cast<int>(a);
    cumulative += pmf[a];
    if (u < cumulative) return last_positive;
  }
  if (last_positive < 0) throw std::invalid_argument("SampleFromPmf: no action has probability > 0");
  return last_positive;  // u beyond the rounded total
}

}  // namespace campsim
