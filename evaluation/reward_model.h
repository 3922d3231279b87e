// Reward models for the DM, DR, SNDR and Switch-DR estimators: qhat(x, a), per action, on
// [1, context], fitted with K-fold cross-fitting so no row is predicted by a model that saw
// it (Chernozhukov et al. 2018; OBP's RegressionModel with fitting_method "normal" and
// n_folds).
//
// - ridge: least squares with an L2 penalty lambda (not on the bias), solved exactly. Each
//   fold's model comes from the total sufficient statistics minus the fold's own, so the
//   cost is one pass over the data whatever the number of folds.
// - logistic: for binary rewards (a reward > 0 counts as 1), L2-penalised logistic
//   regression by Newton's method (IRLS); predictions are probabilities, so for revenue
//   rewards use ridge.
// Folds are drawn per row from the stream (seed, agent, row); folds = 1 fits in-sample.
#ifndef CAMPSIM_EVALUATION_REWARD_MODEL_H_
#define CAMPSIM_EVALUATION_REWARD_MODEL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "evaluation/logged_feedback.h"

namespace campsim {

struct RewardModelOptions {
  std::string kind = "ridge";  // ridge or logistic
  int folds = 5;
  double lambda = 1.0;
  int newton_steps = 15;
  std::uint64_t seed = 1;
};

// Returns n x num_actions predictions qhat(x_i, a). Throws std::invalid_argument for a bad
// kind or fold count.
std::vector<double> CrossFitRewardModel(const LoggedFeedback& log, const RewardModelOptions& options);

}  // namespace campsim

#endif  // CAMPSIM_EVALUATION_REWARD_MODEL_H_
