// Linear contextual bandits over per-action ridge models (agents/bandits/ridge.h), for
// message allocation. Every agent keeps a frozen LinearPolicy that it rebuilds after each
// Learn(); Pmf() and ExportPolicy() use that same policy, so an exported policy reproduces
// the agent's probabilities exactly.
//
// - epsilon_greedy: greedy on ridge estimates with probability 1 - epsilon, uniform
//   otherwise (Sutton & Barto 2018, section 2.2, with linear value estimates).
// - lin_ucb: disjoint LinUCB (Li, Chu, Langford, Schapire, "A contextual-bandit approach to
//   personalized news article recommendation", WWW 2010, Algorithm 1):
//   argmax_a w_a.x + alpha sqrt(x' A_a^-1 x). Deterministic.
// - lin_ts: linear Thompson sampling (Agrawal & Goyal, "Thompson sampling for contextual
//   bandits with linear payoffs", ICML 2013): w_a ~ N(A_a^-1 b_a, v^2 A_a^-1). Because each
//   action's sampled score is an independent Gaussian N(w_a.x, v^2 x' A_a^-1 x), the
//   probability of every action is computed (GaussianArgmaxPmf) and the action drawn from
//   it, so the logged propensity is exact.
// - softmax: Boltzmann exploration over ridge estimates with temperature
//   max(min_temperature, temperature / (1 + decisions_learned / decay_decisions)).
#ifndef CAMPSIM_AGENTS_BANDITS_LINEAR_BANDITS_H_
#define CAMPSIM_AGENTS_BANDITS_LINEAR_BANDITS_H_

#include <memory>
#include <string>
#include <vector>

#include "agents/agent.h"
#include "agents/bandits/ridge.h"
#include "core/config.h"
#include "policies/linear_policy.h"

namespace campsim {

struct EpsilonGreedyParams : DescribableBase<EpsilonGreedyParams> {
  double epsilon = 0.1;
  double ridge_lambda = 1.0;
  void Describe(ConfigVisitor& v) override;
};

struct LinUcbParams : DescribableBase<LinUcbParams> {
  double alpha = 0.3;
  double ridge_lambda = 1.0;
  std::string variant = "disjoint";
  std::vector<std::string> shared_features;
  SourceLocation where;
  void Describe(ConfigVisitor& v) override;
};

struct LinTsParams : DescribableBase<LinTsParams> {
  double posterior_scale = 0.5;
  double ridge_lambda = 1.0;
  void Describe(ConfigVisitor& v) override;
};

struct SoftmaxParams : DescribableBase<SoftmaxParams> {
  double temperature = 1.0;
  double min_temperature = 0.05;
  double decay_decisions = 100000.0;
  double ridge_lambda = 1.0;
  void Describe(ConfigVisitor& v) override;
};

// Shared machinery: ridge statistics, the frozen policy, checkpoints and export.
class RidgeBandit : public MessageAgent, public CheckpointableAgent, public ExportableAgent {
 public:
  void Pmf(const MessageBatch& batch, std::size_t row, std::span<double> out) const override;
  void Learn(const FeedbackBatch& feedback, WorkerPool* pool) override;
  std::string SaveState() const override;
  void LoadState(const std::string& state) override;
  std::unique_ptr<Policy> ExportPolicy() const override;

 protected:
  RidgeBandit(const MessageProblem& problem, double lambda, LinearPolicyParams exploration,
              std::string kind);
  // Exploration settings for the policy rebuilt after learning (e.g. a temperature schedule).
  virtual void Schedule(LinearPolicyParams&) const {}
  double decisions_learned() const { return decisions_learned_; }
  // Rebuilds the frozen policy from the current statistics (and Schedule()).
  void Rebuild();

 private:
  std::string kind_;
  RidgeModels models_;
  LinearPolicyParams template_;
  std::unique_ptr<LinearPolicy> policy_;
  double decisions_learned_ = 0.0;
};

class EpsilonGreedyAgent final : public RidgeBandit {
 public:
  EpsilonGreedyAgent(const EpsilonGreedyParams& params, const MessageProblem& problem);
};

class LinUcbAgent final : public RidgeBandit {
 public:
  LinUcbAgent(const LinUcbParams& params, const MessageProblem& problem);
};

class LinTsAgent final : public RidgeBandit {
 public:
  LinTsAgent(const LinTsParams& params, const MessageProblem& problem);
};

class SoftmaxAgent final : public RidgeBandit {
 public:
  SoftmaxAgent(const SoftmaxParams& params, const MessageProblem& problem);

 protected:
  void Schedule(LinearPolicyParams& policy) const override;

 private:
  SoftmaxParams params_;
};

}  // namespace campsim

#endif  // CAMPSIM_AGENTS_BANDITS_LINEAR_BANDITS_H_
