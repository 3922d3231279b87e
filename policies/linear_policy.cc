#include "policies/linear_policy.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <utility>
#include <vector>

#include "policies/explore.h"

namespace campsim {
namespace {

// Two doubles operated on element by element (GCC/Clang vector extension: one SSE2 register
// on x86-64). Each element rounds like scalar code as long as multiplications and additions
// are not fused: the default x86-64 target has no FMA; a build for one that has (-march=native,
// -mfma, aarch64) must add -ffp-contract=off to keep these bits. kLanes actions are kVecs.
using Pair = double __attribute__((vector_size(2 * sizeof(double))));
constexpr std::size_t kVecs = LinearPolicy::kLanes / 2;

// Pair v of the kLanes values at p (unaligned load).
inline Pair Load(const double* p, std::size_t v) {
  Pair out;
  std::memcpy(&out, p + 2 * v, sizeof out);
  return out;
}

}  // namespace

const char* LinearExplorationName(LinearExploration e) {
  switch (e) {
    case LinearExploration::kGreedy: return "greedy";
    case LinearExploration::kEpsilonGreedy: return "epsilon_greedy";
    case LinearExploration::kSoftmax: return "softmax";
    case LinearExploration::kUcb: return "ucb";
    case LinearExploration::kThompson: return "thompson";
  }
  return "?";
}

LinearPolicy::LinearPolicy(LinearPolicyParams params) : params_(std::move(params)) {
  const auto k = static_cast<std::size_t>(params_.num_actions);
  const auto p = static_cast<std::size_t>(params_.num_features) + 1;
  if (params_.weights.size() != k * p) {
    throw std::invalid_argument("linear policy: weights must be num_actions x (num_features + 1)");
  }
  const bool spread = params_.exploration == LinearExploration::kUcb ||
                      params_.exploration == LinearExploration::kThompson;
  const std::size_t per_action = params_.diagonal ? p : p * p;
  if (spread && params_.covariances.size() != k * per_action) {
    throw std::invalid_argument("linear policy: covariances must be num_actions x (d+1)^2 (or "
                                "x (d+1) when diagonal)");
  }
  if (params_.exploration == LinearExploration::kSoftmax && !(params_.temperature > 0.0)) {
    throw std::invalid_argument("linear policy: temperature must be > 0");
  }
  if (!(params_.epsilon >= 0.0 && params_.epsilon <= 1.0)) {
    throw std::invalid_argument("linear policy: epsilon must be in [0, 1]");
  }
  // Interleave kLanes actions: entry (block, term, lane) at (block * terms + term) * kLanes +
  // lane; padding lanes are 0.
  const std::size_t blocks = (k + kLanes - 1) / kLanes;
  const auto interleave = [&](std::size_t terms, auto value) {
    std::vector<double> out(blocks * terms * kLanes, 0.0);
    for (std::size_t a = 0; a < k; ++a) {
      for (std::size_t t = 0; t < terms; ++t) {
        out[((a / kLanes) * terms + t) * kLanes + a % kLanes] = value(a, t);
      }
    }
    return out;
  };
  lane_weights_ =
      interleave(p, [&](std::size_t a, std::size_t i) { return params_.weights[a * p + i]; });
  if (!spread) return;
  if (params_.diagonal) {
    lane_covariances_ =
        interleave(p, [&](std::size_t a, std::size_t i) { return params_.covariances[a * p + i]; });
    return;
  }
  // The upper triangle, row by row: (0,0), (0,1), ..., (0,p-1), (1,1), ...
  std::vector<std::pair<std::size_t, std::size_t>> upper;
  for (std::size_t i = 0; i < p; ++i) {
    for (std::size_t j = i; j < p; ++j) upper.emplace_back(i, j);
  }
  lane_covariances_ = interleave(upper.size(), [&](std::size_t a, std::size_t t) {
    return params_.covariances[a * p * p + upper[t].first * p + upper[t].second];
  });
}

std::string LinearPolicy::kind() const {
  return std::string("linear_") + LinearExplorationName(params_.exploration);
}

void LinearPolicy::Pmf(std::span<const float> context, std::span<const std::uint8_t> eligible,
                       std::span<double> out) const {
  const int k = params_.num_actions;
  const int d = params_.num_features;
  const std::size_t p = static_cast<std::size_t>(d) + 1;
  if (static_cast<int>(context.size()) != d || static_cast<int>(eligible.size()) != k) {
    throw std::invalid_argument("linear policy: context has " + std::to_string(context.size()) +
                                " features (expected " + std::to_string(d) + "), mask has " +
                                std::to_string(eligible.size()) + " actions (expected " +
                                std::to_string(k) + ")");
  }
  thread_local std::vector<double> x, mean, spread;
  x.assign(p, 1.0);
  for (int i = 0; i < d; ++i) x[i + 1] = context[i];
  const auto blocks = (static_cast<std::size_t>(k) + kLanes - 1) / kLanes;
  mean.assign(blocks * kLanes, 0.0);
  spread.assign(blocks * kLanes, 0.0);
  const bool needs_spread = params_.exploration == LinearExploration::kUcb ||
                            params_.exploration == LinearExploration::kThompson;
  // kLanes actions at once, each lane doing the scalar formula's operations in its order
  // (mean: sum over i of w_i x_i; spread: x' C x from the upper triangle, each row started
  // at half its diagonal term), so the values are those of one action at a time, bit for bit.
  for (std::size_t b = 0; b < blocks; ++b) {
    Pair m[kVecs] = {};
    const double* w = lane_weights_.data() + b * p * kLanes;
    for (std::size_t i = 0; i < p; ++i, w += kLanes) {
      for (std::size_t v = 0; v < kVecs; ++v) m[v] += Load(w, v) * x[i];
    }
    std::memcpy(mean.data() + b * kLanes, m, sizeof m);
    if (!needs_spread) continue;
    Pair q[kVecs] = {};
    if (params_.diagonal) {
      const double* c = lane_covariances_.data() + b * p * kLanes;
      for (std::size_t i = 0; i < p; ++i, c += kLanes) {
        for (std::size_t v = 0; v < kVecs; ++v) q[v] += Load(c, v) * x[i] * x[i];
      }
    } else {
      const double* c = lane_covariances_.data() + b * (p * (p + 1) / 2) * kLanes;
      for (std::size_t i = 0; i < p; ++i) {
        Pair row[kVecs];
        for (std::size_t v = 0; v < kVecs; ++v) row[v] = 0.5 * Load(c, v) * x[i];
        c += kLanes;
        for (std::size_t j = i + 1; j < p; ++j, c += kLanes) {
          for (std::size_t v = 0; v < kVecs; ++v) row[v] += Load(c, v) * x[j];
        }
        for (std::size_t v = 0; v < kVecs; ++v) q[v] += x[i] * row[v];
      }
      for (std::size_t v = 0; v < kVecs; ++v) q[v] *= 2.0;
    }
    double* sp = spread.data() + b * kLanes;
    std::memcpy(sp, q, sizeof q);
    for (std::size_t l = 0; l < kLanes; ++l) sp[l] = std::sqrt(std::max(sp[l], 0.0));
  }
  for (int a = 0; a < k; ++a) {
    if (!eligible[a]) mean[a] = spread[a] = 0.0;
  }
  mean.resize(static_cast<std::size_t>(k));
  spread.resize(static_cast<std::size_t>(k));
  switch (params_.exploration) {
    case LinearExploration::kGreedy: ArgmaxPmf(mean, eligible, out); break;
    case LinearExploration::kEpsilonGreedy: EpsilonGreedyPmf(mean, eligible, params_.epsilon, out); break;
    case LinearExploration::kSoftmax: SoftmaxPmf(mean, eligible, params_.temperature, out); break;
    case LinearExploration::kUcb:
      for (int a = 0; a < k; ++a) mean[a] += params_.alpha * spread[a];
      ArgmaxPmf(mean, eligible, out);
      break;
    case LinearExploration::kThompson:
      for (int a = 0; a < k; ++a) spread[a] *= params_.scale;
      GaussianArgmaxPmf(mean, spread, eligible, out);
      break;
  }
}

}  // namespace campsim
