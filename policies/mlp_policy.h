// MLP policies: Q-values from a two-hidden-layer ReLU network, the decision rule a trained
// dqn agent exports.
//
//   h1 = relu(W1 x + b1),  h2 = relu(W2 h1 + b2),  q = W3 h2 + b3
//   greedy:         ArgmaxPmf(q)
//   epsilon_greedy: EpsilonGreedyPmf(q, epsilon)
// Matrices are row-major (W1: hidden x features, W2: hidden x hidden, W3: actions x hidden);
// every dot product sums in index order in double precision, so the agent and this policy
// agree bit for bit.
#ifndef CAMPSIM_POLICIES_MLP_POLICY_H_
#define CAMPSIM_POLICIES_MLP_POLICY_H_

#include <string>
#include <vector>

#include "policies/policy.h"

namespace campsim {

struct MlpPolicyParams {
  int num_features = 0;
  int hidden = 0;
  int num_actions = 0;
  std::vector<double> w1, b1, w2, b2, w3, b3;
  bool epsilon_greedy = false;  // else greedy
  double epsilon = 0.0;
};

class MlpPolicy final : public Policy {
 public:
  // Throws std::invalid_argument when shapes do not match or epsilon is outside [0, 1].
  explicit MlpPolicy(MlpPolicyParams params);

  std::string kind() const override;
  int num_actions() const override { return params_.num_actions; }
  int num_features() const override { return params_.num_features; }
  void Pmf(std::span<const float> context, std::span<const std::uint8_t> eligible,
           std::span<double> out) const override;
  // The network's outputs (size num_actions).
  void QValues(std::span<const float> context, std::span<double> out) const;

  const MlpPolicyParams& params() const { return params_; }

 private:
  MlpPolicyParams params_;
};

}  // namespace campsim

#endif  // CAMPSIM_POLICIES_MLP_POLICY_H_
