// Episodic budget learners (RL over budget periods). The trainer (scenarios/budget_training.h)
// runs episodes; within one:
//   learner.BeginEpisode(explore);
//   every period: action = learner.Act(observation);      // records the step
//   learner.EndEpisode(status_after_horizon);              // rewards, then learning
// The reward of period t is the attributed revenue earned during it (every line's
// revenue_to_date at the next observation minus at this one; carry-over of earlier spend
// lands in later periods), and an episode's return is their sum. Rewards are divided by the
// even per-period budget (total / periods) before learning, so learners work in ROI units.
//
// Learners split over the *active* lines: every line, less the owned line when the world has
// no owned channel (BudgetProblem::owned_channels), which then gets share 0.
//
// Contract:
// - Outside an episode, or with explore = false, Act() follows the greedy policy, which is
//   exactly Greedy().Act() (tests hold this), and nothing is learned.
// - Episodes of one update batch (batch_episodes() of them) should share a world seed (common
//   random numbers), so their returns differ by the actions taken, not by luck.
// - Exploration draws from (problem seed, episode, step) streams: same episodes in the same
//   order, same decisions and same learned state, bit for bit; SaveState/LoadState round-trip
//   the state exactly, including the episode counter, so training resumes where it stopped.
#ifndef CAMPSIM_AGENTS_RL_BUDGET_LEARNER_H_
#define CAMPSIM_AGENTS_RL_BUDGET_LEARNER_H_

#include <string>
#include <vector>

#include "agents/agent.h"
#include "policies/budget_policy.h"

namespace campsim {

class BudgetLearner : public BudgetAgent, public CheckpointableAgent {
 public:
  explicit BudgetLearner(const BudgetProblem& problem);

  virtual int batch_episodes() const { return 1; }
  void BeginEpisode(bool explore);
  BudgetAction Act(const BudgetObservation& observation) final;
  // Returns the episode's return (currency units) and learns when explore was on.
  double EndEpisode(const BudgetObservation& status);
  // Leaves an episode that could not finish (the run failed): nothing is learned.
  void AbortEpisode() {
    in_episode_ = false;
    steps_.clear();
  }
  // The frozen greedy policy.
  virtual BudgetPolicy Greedy() const = 0;
  // Episodes learned from so far.
  std::int64_t episodes() const { return episodes_; }

 protected:
  struct Step {
    BudgetObservation observation;
    std::vector<double> logits;  // the sampled logits (policy-gradient and CEM learners)
    int action = -1;             // the discrete action (tabular learners)
    double reward = 0.0;         // ROI units
  };
  // Shares over the active lines for this observation; with explore, may record what it
  // sampled in `step`.
  virtual std::vector<double> Choose(const BudgetObservation& observation, bool explore,
                                     Step& step) = 0;
  // Learns from one finished exploring episode (rewards filled in) with return `ret` (ROI units).
  virtual void Learn(const std::vector<Step>& steps, double ret) = 0;

  const BudgetProblem& problem() const { return problem_; }
  std::size_t active_lines() const { return active_; }
  // Shares over the active lines -> shares over every line.
  std::vector<double> Pad(const std::vector<double>& active_shares) const;
  double per_period() const { return per_period_; }
  std::int64_t episodes_ = 0;

 private:
  BudgetProblem problem_;
  std::size_t active_;
  double per_period_;
  bool in_episode_ = false;
  bool explore_ = false;
  std::vector<Step> steps_;
};

// The learners' common header line, for checkpoints: checks lines and periods match.
void CheckCompatible(const BudgetProblem& problem, double lines, double periods,
                     const std::string& kind);

}  // namespace campsim

#endif  // CAMPSIM_AGENTS_RL_BUDGET_LEARNER_H_
