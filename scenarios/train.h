// One entry point for RL training on a scenario, shared by `campsim train` and Python's
// campsim.train(): pick the learner, train it (resuming from a checkpoint when given), keep
// its policy, judge it on common evaluation worlds, and produce the run-folder files.
//
// The agent is an arm of the scenario whose budget agent is a budget learner (q_learning,
// actor_critic, cem) or whose message agent is dqn, or a budget learner type, which then
// replaces the first arm's budget agent with default params. Budget learners are judged
// against uniform_split, last_roi_proportional and mmm_optimal_static (the reference);
// dqn against every arm of the scenario (reference: myopic_oracle when present, else the
// first arm). Files: config.resolved.yaml, learning_curve.csv, checkpoint_<agent>.txt,
// policy_<agent>.json (a budget policy or a policy bundle), evaluation.json, and for dqn
// best_checkpoint_<agent>.txt (the kept policy, message_training.h).
#ifndef CAMPSIM_SCENARIOS_TRAIN_H_
#define CAMPSIM_SCENARIOS_TRAIN_H_

#include <functional>
#include <map>
#include <stdexcept>
#include <string>

#include "scenarios/budget_training.h"

namespace campsim {

// A request that cannot be carried out: unknown agent, an agent that does not learn, a
// checkpoint of another agent or shape. The message says what would be valid.
class TrainError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

struct TrainRequest {
  std::string agent;
  BudgetTrainOptions training;    // episodes, curve evaluations, threads, progress
  int eval_seeds = 10;            // final evaluation worlds (>= 2)
  std::string resume_checkpoint;  // a checkpoint's text, to continue from
  std::string resume_curve;       // the learning_curve.csv it came with
  std::string resume_best;        // dqn: the best_checkpoint it came with (the kept policy)
};

struct TrainOutcome {
  std::map<std::string, std::string> files;
  BudgetEvaluation evaluation;
  std::string reference;  // the contender ratios and differences are taken to
  std::string note;       // one line on the policy kept, for progress output
};

std::string TrainCheckpointName(const std::string& agent);

// Throws TrainError for a bad request and ConfigError for a bad scenario.
TrainOutcome TrainAgent(const ScenarioConfig& config, const TrainRequest& request);

}  // namespace campsim

#endif  // CAMPSIM_SCENARIOS_TRAIN_H_
