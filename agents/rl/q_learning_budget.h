// Tabular Q-learning budget allocator (Watkins 1989) on a discretised observation and a
// discretised simplex of splits.
//
// States: BudgetState(observation) = period x pace bucket (policies/budget_policy.h).
// Actions: every split of the lines into multiples of 1/grid (grid = 4 and 4 lines: 35 splits).
// Behaviour: epsilon-greedy, epsilon falling linearly from epsilon_start to epsilon_end over
// epsilon_episodes episodes. Update rule, after each episode, replayed backwards from the last
// period so one episode propagates its return (undiscounted: the horizon is finite):
//   Q(s_t, a_t) += alpha (r_t + max_a Q(s_{t+1}, a) - Q(s_t, a_t)),  Q(after the horizon) = 0
//   alpha = max(min_alpha, 1 / visits(s_t, a_t))
// Rewards are in ROI units (budget_learner.h). The greedy policy takes argmax_a Q(s, a) (the
// lowest index on ties) and is exported as a "tabular" budget policy.
#ifndef CAMPSIM_AGENTS_RL_Q_LEARNING_BUDGET_H_
#define CAMPSIM_AGENTS_RL_Q_LEARNING_BUDGET_H_

#include "agents/rl/budget_learner.h"
#include "core/config.h"

namespace campsim {

struct QLearningParams : DescribableBase<QLearningParams> {
  std::int64_t grid = 4;
  double epsilon_start = 1.0;
  double epsilon_end = 0.05;
  std::int64_t epsilon_episodes = 1000;
  double min_alpha = 0.05;
  void Describe(ConfigVisitor& v) override;
};

// Every split of `lines` shares into multiples of 1/grid, in lexicographic order.
std::vector<std::vector<double>> SimplexGrid(std::size_t lines, int grid);

class QLearningBudgetAgent final : public BudgetLearner {
 public:
  QLearningBudgetAgent(const QLearningParams& params, const BudgetProblem& problem);
  BudgetPolicy Greedy() const override;
  std::string SaveState() const override;
  void LoadState(const std::string& state) override;
  std::size_t num_actions() const { return splits_.size(); }

 private:
  std::vector<double> Choose(const BudgetObservation& observation, bool explore, Step& step) override;
  void Learn(const std::vector<Step>& steps, double ret) override;
  int Best(int state) const;

  QLearningParams params_;
  std::vector<std::vector<double>> splits_;
  int states_;
  std::vector<double> q_, visits_;  // states x actions
};

}  // namespace campsim

#endif  // CAMPSIM_AGENTS_RL_Q_LEARNING_BUDGET_H_
