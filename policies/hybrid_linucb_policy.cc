#include "policies/hybrid_linucb_policy.h"

#include <cmath>
#include <stdexcept>

#include "policies/explore.h"

namespace campsim {

void HybridSharedFeatures(const HybridLinUcbParams& params, int action,
                          std::span<const float> context, std::span<double> z) {
  const int m = params.num_action_features;
  const int s = 1 + static_cast<int>(params.shared_features.size());
  const double* f = params.action_features.data() + static_cast<std::size_t>(action) * m;
  for (int i = 0; i < m; ++i) {
    z[i * s] = f[i];
    for (int j = 1; j < s; ++j) z[i * s + j] = f[i] * context[params.shared_features[j - 1]];
  }
}

HybridLinUcbPolicy::HybridLinUcbPolicy(HybridLinUcbParams params) : params_(std::move(params)) {
  const auto k = static_cast<std::size_t>(params_.shared_dims());
  const auto p = static_cast<std::size_t>(params_.num_features) + 1;
  const auto n = static_cast<std::size_t>(params_.num_actions);
  if (params_.action_features.size() != n * params_.num_action_features ||
      params_.theta.size() != n * p || params_.a_inverse.size() != n * p * p ||
      params_.b_matrix.size() != n * p * k || params_.beta.size() != k ||
      params_.a0_inverse.size() != k * k) {
    throw std::invalid_argument("hybrid LinUCB policy: parameter shapes do not match");
  }
}

void HybridLinUcbPolicy::Pmf(std::span<const float> context, std::span<const std::uint8_t> eligible,
                             std::span<double> out) const {
  const int d = params_.num_features;
  const int p = d + 1;
  const int k = params_.shared_dims();
  if (static_cast<int>(context.size()) != d || static_cast<int>(eligible.size()) != params_.num_actions) {
    throw std::invalid_argument("hybrid LinUCB policy: context or mask has the wrong length");
  }
  std::vector<double> x(p, 1.0), z(k), ax(p), u(k), a0z(k), a0u(k), scores(params_.num_actions, 0.0);
  for (int i = 0; i < d; ++i) x[i + 1] = context[i];
  for (int a = 0; a < params_.num_actions; ++a) {
    if (!eligible[a]) continue;
    HybridSharedFeatures(params_, a, context, z);
    const double* inv = params_.a_inverse.data() + static_cast<std::size_t>(a) * p * p;
    const double* b = params_.b_matrix.data() + static_cast<std::size_t>(a) * p * k;
    const double* theta = params_.theta.data() + static_cast<std::size_t>(a) * p;
    double x_ax = 0.0, mean = 0.0;
    for (int i = 0; i < p; ++i) {
      double sum = 0.0;
      for (int j = 0; j < p; ++j) sum += inv[i * p + j] * x[j];
      ax[i] = sum;
      x_ax += x[i] * sum;
      mean += theta[i] * x[i];
    }
    for (int c = 0; c < k; ++c) {
      double sum = 0.0;
      for (int i = 0; i < p; ++i) sum += b[i * k + c] * ax[i];
      u[c] = sum;
    }
    double z_a0z = 0.0, z_a0u = 0.0, u_a0u = 0.0;
    for (int r = 0; r < k; ++r) {
      double sz = 0.0, su = 0.0;
      for (int c = 0; c < k; ++c) {
        sz += params_.a0_inverse[r * k + c] * z[c];
        su += params_.a0_inverse[r * k + c] * u[c];
      }
      z_a0z += z[r] * sz;
      z_a0u += z[r] * su;
      u_a0u += u[r] * su;
      mean += z[r] * params_.beta[r];
    }
    const double s = z_a0z - 2.0 * z_a0u + x_ax + u_a0u;
    scores[a] = mean + params_.alpha * std::sqrt(std::max(s, 0.0));
  }
  ArgmaxPmf(scores, eligible, out);
}

}  // namespace campsim
