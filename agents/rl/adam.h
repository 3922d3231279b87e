// Adam (Kingma & Ba 2015) with the usual constants, one parameter at a time so each learner
// keeps its own layout of weights and moments (agents/rl/mlp.cc, actor_critic_budget.cc).
#ifndef CAMPSIM_AGENTS_RL_ADAM_H_
#define CAMPSIM_AGENTS_RL_ADAM_H_

#include <cmath>

namespace campsim {

struct AdamCorrection {
  double c1, c2;  // 1 - beta1^t and 1 - beta2^t for update number t >= 1
};
inline constexpr double kAdamBeta1 = 0.9, kAdamBeta2 = 0.999, kAdamEpsilon = 1e-8;

inline AdamCorrection AdamCorrections(double t) {
  return {1.0 - std::pow(kAdamBeta1, t), 1.0 - std::pow(kAdamBeta2, t)};
}

// Updates the moments m, v with gradient g and returns the step along g:
// learning_rate * m_hat / (sqrt(v_hat) + epsilon). Descent subtracts it, ascent adds it.
inline double AdamStep(double g, double& m, double& v, AdamCorrection c, double learning_rate) {
  m = kAdamBeta1 * m + (1.0 - kAdamBeta1) * g;
  v = kAdamBeta2 * v + (1.0 - kAdamBeta2) * g * g;
  return learning_rate * (m / c.c1) / (std::sqrt(v / c.c2) + kAdamEpsilon);
}

}  // namespace campsim

#endif  // CAMPSIM_AGENTS_RL_ADAM_H_
