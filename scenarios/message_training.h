// Training and judging long-horizon message agents (dqn) on a scenario.
//
// An episode is one run of the scenario's world with the arm's budget agent and the learning
// message agent, which persists across episodes (its replay and networks carry over; pending
// transitions are dropped between worlds). Training episode e uses world seed
// config.seed + kTrainSeedOffset + e; evaluation uses seeds config.seed + i, on which every
// arm of the scenario runs with common random numbers and the trained agent runs frozen
// (greedy with epsilon_end, no learning) in its own arm. An episode's return is the arm's
// total revenue (all sources) minus its total cost over the horizon: what over-messaging
// loses through unsubscribes and churn shows there, not only in attributed rewards.
#ifndef CAMPSIM_SCENARIOS_MESSAGE_TRAINING_H_
#define CAMPSIM_SCENARIOS_MESSAGE_TRAINING_H_

#include <string>
#include <vector>

#include "agents/rl/dqn.h"
#include "scenarios/budget_training.h"

namespace campsim {

struct MessageTraining {
  std::vector<EpisodeRecord> records;
  // The state with the best greedy return on the validation worlds (config.seed +
  // kValidationSeedOffset + i; never evaluation worlds) among this call's evaluations, or the
  // final state when none was evaluated: DQN's greedy policy oscillates between updates, so
  // the policy that is kept is selected on held-out worlds, as in Mnih et al. (2015).
  std::string best_state;
  double best_return = 0.0;
  std::int64_t best_episode = -1;
};

// Trains `agent` (the message agent of arm `arm_name`) for options.episodes more episodes,
// continuing its episode count; records use EpisodeRecord (episode = the count before,
// greedy_return = the frozen agent's mean return on options.validation_seeds validation
// worlds when evaluated). `best` is the kept policy so far (best_episode < 0: none), so a
// resumed training keeps the same policy as an uninterrupted one.
MessageTraining TrainMessageAgent(const ScenarioConfig& config, const std::string& arm_name,
                                  DqnAgent& agent, const BudgetTrainOptions& options,
                                  MessageTraining best = {});

// Every arm of the scenario on `seeds` worlds, the arm `arm_name` answered by a frozen copy of
// the agent whose state is `state` (in contender order: the scenario's arms).
BudgetEvaluation EvaluateMessageArms(const ScenarioConfig& config, const std::string& arm_name,
                                     const std::string& state, int seeds, int threads);

}  // namespace campsim

#endif  // CAMPSIM_SCENARIOS_MESSAGE_TRAINING_H_
