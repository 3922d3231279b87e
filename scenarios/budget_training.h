// Training and judging budget learners on a scenario (DESIGN.md section 3, budget allocation).
//
// An episode is one run of the scenario's world with the arm's message agent (fresh each
// episode) and a budget agent. Its return is the attributed revenue of every budget line over
// the horizon (the sum of revenue_to_date after it), so all budget agents, which all pace the
// same total budget, are compared on what the budget bought.
//
// Seeds (documented in docs/rl.md): training episode e uses world seed
//   config.seed + kTrainSeedOffset + e / batch_episodes
// so the episodes of one update batch share a world (common random numbers) and no training
// world is an evaluation world; the learning curve's greedy evaluations use validation worlds
// config.seed + kValidationSeedOffset + i; the final evaluation uses seeds config.seed + i,
// i = 0..seeds-1, the replications of `campsim compare`, every agent on the same worlds.
// Contract: same config, learner state and options give the same records and final state, bit
// for bit, for any thread count.
#ifndef CAMPSIM_SCENARIOS_BUDGET_TRAINING_H_
#define CAMPSIM_SCENARIOS_BUDGET_TRAINING_H_

#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "agents/rl/budget_learner.h"
#include "scenarios/registry.h"
#include "scenarios/scenario_config.h"

namespace campsim {

inline constexpr std::uint64_t kTrainSeedOffset = 1000000;
inline constexpr std::int64_t kValidationSeedOffset = 2000000;

// One run of the world with `agent` answering budget requests; returns the episode's return.
// With a learner, the run is one of its episodes (exploring when `explore`).
double RunBudgetEpisode(const ScenarioConfig& config, const ArmConfig& arm, std::uint64_t seed,
                        BudgetAgent& agent, BudgetLearner* learner, bool explore, int threads);

struct EpisodeRecord {
  std::int64_t episode = 0;  // the learner's episode count before this one
  std::uint64_t seed = 0;
  double train_return = 0.0;  // with exploration
  // Mean greedy return on the validation worlds, after this episode; NaN when the
  // episode was not followed by an evaluation.
  double greedy_return = std::numeric_limits<double>::quiet_NaN();
};

struct BudgetTrainOptions {
  int episodes = 200;
  int eval_every = 0;   // episodes between greedy evaluations; 0 = after every update batch
  int validation_seeds = 3;  // validation worlds per greedy evaluation (0 = none)
  int threads = 1;
  std::function<void(const EpisodeRecord&)> on_episode;  // progress
};

// Runs `options.episodes` more episodes of `learner` (continuing its episode count).
std::vector<EpisodeRecord> TrainBudgetLearner(const ScenarioConfig& config, const ArmConfig& arm,
                                              BudgetLearner& learner,
                                              const BudgetTrainOptions& options);

// Budget agents judged on the same evaluation worlds.
using BudgetAgentMaker = std::function<std::unique_ptr<BudgetAgent>(const BudgetProblem&)>;
struct BudgetContender {
  std::string name;
  BudgetAgentMaker make;
};
struct BudgetEvaluation {
  std::vector<std::string> names;
  std::vector<std::uint64_t> seeds;
  std::vector<std::vector<double>> returns;  // [contender][seed]
};
BudgetEvaluation EvaluateBudgetAgents(const ScenarioConfig& config, const ArmConfig& arm,
                                      const std::vector<BudgetContender>& contenders, int seeds,
                                      int threads);
// The baselines every learner is judged against: uniform_split, last_roi_proportional and
// mmm_optimal_static, with their registered defaults.
std::vector<BudgetContender> BudgetBaselines(const Registry& registry);

// Table (or csv/json): per contender the mean return with its 95% t-interval, the ratio of
// means to `reference`, and the paired difference to it with its 95% t-interval.
std::string FormatBudgetEvaluation(const BudgetEvaluation& evaluation, const std::string& reference,
                                   const std::string& format);

}  // namespace campsim

#endif  // CAMPSIM_SCENARIOS_BUDGET_TRAINING_H_
