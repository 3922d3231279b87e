// Off-policy learning: a linear reward model per action fitted on logged feedback, from which
// a linear policy (greedy, epsilon-greedy, softmax, UCB or Thompson) is frozen — learning a
// policy from production logs without running it.
//
// Methods, with x = [1, context] and per-action ridge regression (penalty lambda, bias not
// penalised):
//   dm  regress r on x over the rows where a was logged (Dudik, Langford, Li 2011's "direct
//       method"); biased when the logging policy's choices depend on what the model misses.
//   iw  the same rows weighted by 1 / pscore (importance-weighted regression: each action's
//       fit represents the whole context distribution, not the logger's choices), weights
//       clipped at `max_weight`.
//   dr  regress the doubly robust pseudo-reward
//         G(x_i, a) = qhat(x_i, a) + 1{a_i = a} (r_i - qhat(x_i, a)) / pscore_i
//       on x over every row where a was eligible (Dudik, Langford, Li 2011, section 4),
//       qhat cross-fitted (reward_model.h).
// The spread of each action's estimate is A_a^-1 with A_a = lambda I + sum x x' over the rows
// where a was logged, as LinUCB and linear Thompson sampling keep it online.
#ifndef CAMPSIM_EVALUATION_POLICY_LEARNING_H_
#define CAMPSIM_EVALUATION_POLICY_LEARNING_H_

#include <string>
#include <vector>

#include "evaluation/logged_feedback.h"
#include "evaluation/reward_model.h"

namespace campsim {

struct PolicyLearningOptions {
  std::string method = "dr";  // dm, iw or dr
  double lambda = 1.0;
  double max_weight = 100.0;  // iw: importance weights clipped here
  RewardModelOptions reward_model;  // dr's qhat
};

struct LinearRewardFit {
  int num_features = 0;
  int num_actions = 0;
  std::vector<double> weights;      // num_actions x (num_features + 1)
  std::vector<double> covariances;  // num_actions x (num_features + 1)^2: A_a^-1
  std::vector<double> counts;       // rows where each action was logged
};

// Throws std::invalid_argument for an unknown method or a log that fails Validate().
LinearRewardFit LearnLinearRewards(const LoggedFeedback& log, const PolicyLearningOptions& options);

}  // namespace campsim

#endif  // CAMPSIM_EVALUATION_POLICY_LEARNING_H_
