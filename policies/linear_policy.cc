#include "policies/linear_policy.h"

#include <cmath>
#include <stdexcept>
#include <vector>

#include "policies/explore.h"

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
  mean.assign(k, 0.0);
  spread.assign(k, 0.0);
  const bool needs_spread = params_.exploration == LinearExploration::kUcb ||
                            params_.exploration == LinearExploration::kThompson;
  for (int a = 0; a < k; ++a) {
    if (!eligible[a]) continue;
    const double* w = params_.weights.data() + a * p;
    double m = 0.0;
    for (std::size_t i = 0; i < p; ++i) m += w[i] * x[i];
    mean[a] = m;
    if (!needs_spread) continue;
    double q = 0.0;
    if (params_.diagonal) {
      const double* c = params_.covariances.data() + a * p;
      for (std::size_t i = 0; i < p; ++i) q += c[i] * x[i] * x[i];
    } else {
      // x' C x for a symmetric C from its upper triangle: half the multiplications.
      const double* c = params_.covariances.data() + a * p * p;
      for (std::size_t i = 0; i < p; ++i) {
        double row = 0.5 * c[i * p + i] * x[i];
        for (std::size_t j = i + 1; j < p; ++j) row += c[i * p + j] * x[j];
        q += x[i] * row;
      }
      q *= 2.0;
    }
    spread[a] = std::sqrt(std::max(q, 0.0));
  }
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
