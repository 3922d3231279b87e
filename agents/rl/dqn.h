// Deep Q-network message agent for long-horizon message allocation (Mnih et al. 2015, with
// the double-DQN target of van Hasselt et al. 2016): one Q-value per action from a small MLP
// (agents/rl/mlp.h) of the decision context, which holds the user's fatigue, recency,
// lifecycle stage and consent per channel.
//
// Transitions are per user: a matured decision (x, a, r) and the same user's next matured
// decision x' form (x, a, r, x'). A user with no decision for more than 1.5 decision intervals
// after x has churned (the world stops asking about churned users): the transition is terminal
// (no value after it). Decisions still pending when a run ends are dropped.
// Target (discount `gamma` per decision interval):
//   y = r * reward_scale + gamma * Q_target(x', argmax_{a' allowed in x'} Q(x', a'))
// where the actions allowed in x' are those whose channel's consent_<channel> feature is set
// (an unsubscribed channel is gone for good: the value it would have earned is lost, which is
// how unsubscribes and churn enter the objective). What no decision's reward contains, a
// churned customer's lost organic purchases, enters as `churn_penalty` (a lifetime-value
// estimate, currency) subtracted from the terminal transition's reward, and
// `unsubscribe_penalty` per channel whose consent is gone in x' but held in x. Loss: Huber on y, Adam, minibatches from a
// replay ring of `replay_capacity` transitions; the target network copies the online one
// every `target_every` updates. After each sync point's feedback: `updates_per_sync` updates.
// Behaviour: epsilon-greedy over eligible actions on Q (an MlpPolicy rebuilt after every
// learning step, which ExportPolicy() hands out, so exported and in-simulator decisions agree), epsilon falling linearly from
// epsilon_start to epsilon_end over epsilon_decisions learned decisions; `learn: false`
// freezes the network and acts greedily with epsilon_end (evaluation).
#ifndef CAMPSIM_AGENTS_RL_DQN_H_
#define CAMPSIM_AGENTS_RL_DQN_H_

#include <memory>
#include <unordered_map>

#include "agents/agent.h"
#include "agents/rl/mlp.h"
#include "core/config.h"

namespace campsim {

struct DqnParams : DescribableBase<DqnParams> {
  std::int64_t hidden = 32;
  double gamma = 0.95;
  double learning_rate = 5e-4;
  double reward_scale = 0.02;
  std::int64_t batch_size = 128;
  std::int64_t replay_capacity = 200000;
  std::int64_t updates_per_sync = 40;
  std::int64_t target_every = 500;
  double epsilon_start = 0.5;
  double epsilon_end = 0.02;
  double epsilon_decisions = 500000.0;
  double churn_penalty = 0.0;
  double unsubscribe_penalty = 0.0;
  bool learn = true;
  void Describe(ConfigVisitor& v) override;
};

class DqnAgent final : public MessageAgent, public CheckpointableAgent, public ExportableAgent {
 public:
  DqnAgent(const DqnParams& params, const MessageProblem& problem);
  void Pmf(const MessageBatch& batch, std::size_t row, std::span<double> out) const override;
  void Learn(const FeedbackBatch& feedback, WorkerPool* pool) override;
  std::string SaveState() const override;
  void LoadState(const std::string& state) override;
  // The network with the current epsilon-greedy rule (Pmf is exactly this policy's).
  std::unique_ptr<Policy> ExportPolicy() const override;
  // Stops learning (keeps epsilon at epsilon_end): the frozen policy that evaluation runs.
  void Freeze();
  // Ends a run: decisions still waiting for a successor are dropped (the next run is
  // another world). Training across episodes calls it between runs.
  void EndRun() {
    pending_.clear();
    ++episodes_;
  }
  // Runs ended so far (training episodes).
  std::int64_t episodes() const { return episodes_; }
  double epsilon() const;
  double decisions_learned() const { return decisions_; }

 private:
  struct Pending {
    SimTime time;
    int action;
    double reward;
    std::vector<float> context;
  };
  void Store(const std::vector<float>& x, int a, double r, const float* next, bool terminal);
  void Update();
  void Allowed(const float* x, std::vector<std::uint8_t>& out) const;
  void Rebuild();  // the frozen policy Pmf uses, from the online network and epsilon

  DqnParams params_;
  MessageProblem problem_;
  std::vector<int> consent_feature_;  // per action: feature index of its channel's consent, or -1
  std::vector<int> channel_consent_;  // per channel: feature index of its consent
  Mlp online_, target_;
  std::unique_ptr<MlpPolicy> policy_;
  bool frozen_;
  double decisions_ = 0.0, updates_ = 0.0, stored_ = 0.0;
  SimTime interval_ = 0;
  std::int64_t episodes_ = 0;
  // Replay ring.
  std::vector<float> states_, next_states_;
  std::vector<double> rewards_, terminal_;
  std::vector<int> actions_;
  std::unordered_map<UserId, Pending> pending_;
};

}  // namespace campsim

#endif  // CAMPSIM_AGENTS_RL_DQN_H_
