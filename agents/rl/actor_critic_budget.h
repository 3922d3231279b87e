// Policy-gradient budget allocator: REINFORCE with a learned state-value baseline (a Monte
// Carlo actor-critic; Williams 1992, Sutton & Barto 2018 section 13.4).
//
// Actor: logits z ~ N(W x, sigma^2 I) with x = BudgetFeatures(observation) (policies/
// budget_policy.h) and W a lines x 6 matrix; the period's shares are softmax(z).
// Critic: V(x) = c . x, a ridge regression of the Monte Carlo returns-to-go
// G_t = sum_{k>=t} r_k on x (c = (A + ridge I)^-1 b) whose statistics are updated once per
// batch, after the actor: A <- critic_decay A + sum_batch x x', b <- critic_decay b +
// sum_batch x G. The actor uses the critic from before the batch, so a step's baseline never
// depends on its own return.
// Update rule, once per batch of `batch_episodes` episodes (same world seed):
//   advantage_i = G_i - V(x_i), standardised over the batch's steps
//   grad W = mean_i advantage_i (z_i - W x_i) x_i' / sigma^2      (score of the Gaussian)
//   W <- W + Adam(grad W, learning_rate);   sigma <- max(min_sigma, sigma * sigma_decay)
// The greedy policy is softmax(W x) (a "linear_softmax" budget policy).
#ifndef CAMPSIM_AGENTS_RL_ACTOR_CRITIC_BUDGET_H_
#define CAMPSIM_AGENTS_RL_ACTOR_CRITIC_BUDGET_H_

#include "agents/rl/budget_learner.h"
#include "core/config.h"

namespace campsim {

struct ActorCriticParams : DescribableBase<ActorCriticParams> {
  std::int64_t batch_episodes = 8;
  double learning_rate = 0.05;
  double initial_sigma = 0.5;
  double min_sigma = 0.05;
  double sigma_decay = 0.97;
  double critic_decay = 0.9;
  double ridge = 1e-3;
  void Describe(ConfigVisitor& v) override;
};

class ActorCriticBudgetAgent final : public BudgetLearner {
 public:
  ActorCriticBudgetAgent(const ActorCriticParams& params, const BudgetProblem& problem);
  int batch_episodes() const override { return static_cast<int>(params_.batch_episodes); }
  BudgetPolicy Greedy() const override;
  std::string SaveState() const override;
  void LoadState(const std::string& state) override;

 private:
  std::vector<double> Choose(const BudgetObservation& observation, bool explore, Step& step) override;
  void Learn(const std::vector<Step>& steps, double ret) override;
  std::vector<double> Logits(const BudgetObservation& observation) const;
  void Update();

  ActorCriticParams params_;
  std::size_t lines_;
  std::vector<double> weights_;              // lines x kNumBudgetFeatures
  std::vector<double> adam_m_, adam_v_;      // Adam moments of weights_
  double adam_steps_ = 0.0;
  double sigma_;
  std::vector<double> critic_a_, critic_b_;  // 6 x 6 and 6
  std::vector<double> batch_;                // per step: features, logits, return-to-go
  double batch_episodes_done_ = 0.0;
};

}  // namespace campsim

#endif  // CAMPSIM_AGENTS_RL_ACTOR_CRITIC_BUDGET_H_
