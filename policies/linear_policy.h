// Linear policies: one weight vector per action over [1, context] (bias first), with the
// exploration rule the agent that trained it used.
//
//   mean(a)     = w_a . x,  x = [1, context]
//   spread(a)   = sqrt(x' C_a x)   (C_a symmetric, full; or diagonal when `diagonal`)
//   epsilon_greedy: EpsilonGreedyPmf(mean, epsilon)
//   softmax:        SoftmaxPmf(mean, temperature)
//   ucb:            ArgmaxPmf(mean + alpha * spread)            (LinUCB, Li et al. 2010)
//   thompson:       GaussianArgmaxPmf(mean, scale * spread)     (linear / logistic TS)
//   greedy:         ArgmaxPmf(mean)
#ifndef CAMPSIM_POLICIES_LINEAR_POLICY_H_
#define CAMPSIM_POLICIES_LINEAR_POLICY_H_

#include <string>
#include <vector>

#include "policies/lane_scoring.h"
#include "policies/policy.h"

namespace campsim {

enum class LinearExploration { kGreedy, kEpsilonGreedy, kSoftmax, kUcb, kThompson };
const char* LinearExplorationName(LinearExploration e);

struct LinearPolicyParams {
  LinearExploration exploration = LinearExploration::kGreedy;
  int num_features = 0;  // context length d; weights have d + 1 entries per action
  int num_actions = 0;
  std::vector<double> weights;      // num_actions x (d + 1)
  std::vector<double> covariances;  // ucb/thompson: num_actions x (d+1)^2, or x (d+1) if diagonal
  bool diagonal = false;
  double epsilon = 0.0;
  double temperature = 1.0;
  double alpha = 1.0;
  double scale = 1.0;
};

class LinearPolicy final : public Policy {
 public:
  // Throws std::invalid_argument when the parameter shapes do not match.
  explicit LinearPolicy(LinearPolicyParams params);

  std::string kind() const override;
  int num_actions() const override { return params_.num_actions; }
  int num_features() const override { return params_.num_features; }
  void Pmf(std::span<const float> context, std::span<const std::uint8_t> eligible,
           std::span<double> out) const override;

  const LinearPolicyParams& params() const { return params_; }

  // Scoring's layout: kLanes actions interleaved, so one loop scores them side by side
  // (policies/lane_scoring.h, on the CPU's widest vector unit, with the same bits on any).
  static constexpr std::size_t kLanes = LaneScoringInput::kLanes;

 private:
  LinearPolicyParams params_;
  std::vector<double> lane_weights_;      // blocks x (d + 1) x kLanes
  std::vector<double> lane_covariances_;  // blocks x upper triangle (or diagonal) x kLanes
  SpreadForm form_;                       // kNone unless ucb or thompson; then diagonal or full
  SimdLevel simd_;
};

}  // namespace campsim

#endif  // CAMPSIM_POLICIES_LINEAR_POLICY_H_
