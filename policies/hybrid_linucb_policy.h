// Hybrid LinUCB as a frozen policy (Li, Chu, Langford, Schapire, WWW 2010, Algorithm 2).
//
// Scores, with x = [1, context] (p entries) and z_a = action_features(a) (x) [1, shared
// context features] (k entries, Kronecker product):
//   u    = B_a' A_a^-1 x
//   s    = z' A0^-1 z - 2 z' A0^-1 u + x' A_a^-1 x + u' A0^-1 u
//   p(a) = z' beta + x' theta_a + alpha sqrt(s)
// and the policy plays the argmax (deterministic; ties to the lowest action id).
#ifndef CAMPSIM_POLICIES_HYBRID_LINUCB_POLICY_H_
#define CAMPSIM_POLICIES_HYBRID_LINUCB_POLICY_H_

#include <string>
#include <vector>

#include "policies/policy.h"

namespace campsim {

struct HybridLinUcbParams {
  int num_actions = 0;
  int num_features = 0;                // context length d; p = d + 1
  std::vector<double> action_features; // num_actions x m
  int num_action_features = 0;         // m
  std::vector<int> shared_features;    // context indices entering z (after the bias)
  double alpha = 0.3;
  std::vector<double> theta;           // num_actions x p
  std::vector<double> a_inverse;       // num_actions x p x p
  std::vector<double> b_matrix;        // num_actions x p x k (B_a)
  std::vector<double> beta;            // k
  std::vector<double> a0_inverse;      // k x k
  int shared_dims() const { return num_action_features * (1 + static_cast<int>(shared_features.size())); }
};

// z_a for one context: action features (x) [1, shared context features].
void HybridSharedFeatures(const HybridLinUcbParams& params, int action,
                          std::span<const float> context, std::span<double> z);

class HybridLinUcbPolicy final : public Policy {
 public:
  explicit HybridLinUcbPolicy(HybridLinUcbParams params);
  std::string kind() const override { return "hybrid_lin_ucb"; }
  int num_actions() const override { return params_.num_actions; }
  int num_features() const override { return params_.num_features; }
  void Pmf(std::span<const float> context, std::span<const std::uint8_t> eligible,
           std::span<double> out) const override;
  const HybridLinUcbParams& params() const { return params_; }

 private:
  HybridLinUcbParams params_;
};

}  // namespace campsim

#endif  // CAMPSIM_POLICIES_HYBRID_LINUCB_POLICY_H_
