// Cross-entropy method over split schedules (Rubinstein 1999; as in Mannor et al. 2003).
//
// A schedule is a logit matrix z[t][l] (period t, budget line l); period t's shares are
// softmax(z[t]). The search distribution is an independent Gaussian N(mean, std^2) per entry.
// Update rule, once per generation of `population` episodes (one sampled schedule each, all on
// the same world seed):
//   elites = the round(elite_fraction * population) schedules with the highest return (>= 2)
//   mean  <- (1 - smoothing) * mean + smoothing * mean(elites)
//   std   <- max(min_std, (1 - smoothing) * std + smoothing * std(elites))
// The greedy policy is softmax(mean[t]) per period (a "schedule" budget policy).
#ifndef CAMPSIM_AGENTS_RL_CEM_BUDGET_H_
#define CAMPSIM_AGENTS_RL_CEM_BUDGET_H_

#include "agents/rl/budget_learner.h"
#include "core/config.h"

namespace campsim {

struct CemParams : DescribableBase<CemParams> {
  std::int64_t population = 16;
  double elite_fraction = 0.25;
  double initial_std = 1.0;
  double min_std = 0.05;
  double smoothing = 0.7;
  void Describe(ConfigVisitor& v) override;
};

class CemBudgetAgent final : public BudgetLearner {
 public:
  CemBudgetAgent(const CemParams& params, const BudgetProblem& problem);
  int batch_episodes() const override { return static_cast<int>(params_.population); }
  BudgetPolicy Greedy() const override;
  std::string SaveState() const override;
  void LoadState(const std::string& state) override;

 private:
  std::vector<double> Choose(const BudgetObservation& observation, bool explore, Step& step) override;
  void Learn(const std::vector<Step>& steps, double ret) override;
  std::size_t Entries() const { return mean_.size(); }

  CemParams params_;
  std::size_t lines_;
  std::vector<double> mean_, std_;  // num_periods x lines, row-major
  std::vector<double> sample_;      // this episode's schedule
  std::vector<double> samples_;     // the generation's schedules so far, row per episode
  std::vector<double> returns_;     // and their returns
};

}  // namespace campsim

#endif  // CAMPSIM_AGENTS_RL_CEM_BUDGET_H_
