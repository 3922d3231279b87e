// lin_ucb with variant: hybrid — LinUCB with features shared across actions (Li, Chu,
// Langford, Schapire, WWW 2010, Algorithm 2). Each action keeps its own ridge model on
// x = [1, context] (A_a, B_a, b_a) and all actions share a model on
// z_a = action features (x) [1, shared context features] (A0, b0), so what is learned about
// a channel or a message attribute transfers across the actions that have it.
//
// Updates are those of Algorithm 2, applied at sync points. Within a batch the A0/b0
// corrections telescope per action (each observation adds B'A^-1B before its update and
// subtracts it after), so they are applied once per touched action: the result equals the
// sequential updates. A0^-1, beta = A0^-1 b0 and theta_a = A_a^-1 (b_a - B_a beta) are
// recomputed after each batch and frozen into a HybridLinUcbPolicy.
#ifndef CAMPSIM_AGENTS_BANDITS_HYBRID_LIN_UCB_H_
#define CAMPSIM_AGENTS_BANDITS_HYBRID_LIN_UCB_H_

#include <memory>

#include "agents/agent.h"
#include "agents/bandits/linear_bandits.h"
#include "policies/hybrid_linucb_policy.h"

namespace campsim {

class HybridLinUcbAgent final : public MessageAgent,
                                public CheckpointableAgent,
                                public ExportableAgent {
 public:
  // Throws ConfigError (at params.where) for an unknown shared feature name.
  HybridLinUcbAgent(const LinUcbParams& params, const MessageProblem& problem);
  void Pmf(const MessageBatch& batch, std::size_t row, std::span<double> out) const override;
  void Learn(const FeedbackBatch& feedback, WorkerPool* pool) override;
  std::string SaveState() const override;
  void LoadState(const std::string& state) override;
  std::unique_ptr<Policy> ExportPolicy() const override;

 private:
  void Rebuild();
  // out (k x k) = B_a' A_a^-1 B_a and v (k) = B_a' A_a^-1 b_a.
  void Cross(int a, std::vector<double>& out, std::vector<double>& v) const;

  HybridLinUcbParams frozen_;  // shapes, features, alpha; statistics below
  int p_, k_;
  std::vector<double> a_inverse_, b_matrix_, b_vector_, a0_, b0_;
  std::unique_ptr<HybridLinUcbPolicy> policy_;
};

}  // namespace campsim

#endif  // CAMPSIM_AGENTS_BANDITS_HYBRID_LIN_UCB_H_
