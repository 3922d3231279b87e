#include "policies/linear_policy.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>
#include <vector>

#include "policies/explore.h"
#include "policies/lane_scoring.h"

namespace campsim {
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

LinearPolicy::LinearPolicy(LinearPolicyParams params)
    : params_(std::move(params)), simd_(ChosenSimdLevel()) {
  const auto k = static_cast<std::size_t>(params_.num_actions);
  const auto p = static_cast<std::size_t>(params_.num_features) + 1;
  if (params_.weights.size() != k * p) {
    throw std::invalid_argument("linear policy: weights must be num_actions x (num_features + 1)");
  }
  const bool spread = params_.exploration == LinearExploration::kUcb ||
                      params_.exploration == LinearExploration::kThompson;
  form_ = !spread            ? SpreadForm::kNone
          : params_.diagonal ? SpreadForm::kDiagonal
                             : SpreadForm::kFull;
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
  if (form_ == SpreadForm::kNone) return;
  if (form_ == SpreadForm::kDiagonal) {
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
  mean.resize(blocks * kLanes);
  spread.assign(blocks * kLanes, 0.0);
  LaneScoringInput in;
  in.weights = lane_weights_.data();
  in.covariances = lane_covariances_.data();
  in.x = x.data();
  in.p = p;
  in.blocks = blocks;
  in.form = form_;
  ScoreLanes(simd_, in, mean.data(), spread.data());
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
