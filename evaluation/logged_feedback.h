// Logged bandit feedback, in Open Bandit Pipeline's shape, and the checks every estimator
// runs on it first.
//
// Contract: rows i = 0..n-1 hold a context (num_features floats), the logged action, its
// reward and pscore (the logging policy's probability of that action). `eligible` is
// optional (empty = every action eligible). An evaluation policy is given as its action
// probabilities for every row (n x num_actions, row-major). Validate() throws
// std::invalid_argument naming the first bad row: a pscore that is zero, negative, above 1,
// missing or NaN; an action out of range; a NaN reward or context; evaluation probabilities
// that are negative, NaN, do not sum to 1 (1e-6), put mass on an ineligible action, or do not
// have num_actions columns.
#ifndef CAMPSIM_EVALUATION_LOGGED_FEEDBACK_H_
#define CAMPSIM_EVALUATION_LOGGED_FEEDBACK_H_

#include <cstdint>
#include <span>
#include <vector>

namespace campsim {

struct LoggedFeedback {
  int num_actions = 0;
  int num_features = 0;
  std::vector<float> contexts;          // n x num_features
  std::vector<std::int32_t> actions;
  std::vector<double> rewards;
  std::vector<double> pscores;
  std::vector<std::uint8_t> eligible;   // n x num_actions, or empty

  std::size_t size() const { return actions.size(); }
  std::span<const float> Context(std::size_t i) const {
    return {contexts.data() + i * num_features, static_cast<std::size_t>(num_features)};
  }
  bool Eligible(std::size_t i, int a) const {
    return eligible.empty() || eligible[i * num_actions + a] != 0;
  }
};

// Throws std::invalid_argument naming the first problem (see the contract above).
void Validate(const LoggedFeedback& log, std::span<const double> eval_pmf);

}  // namespace campsim

#endif  // CAMPSIM_EVALUATION_LOGGED_FEEDBACK_H_
