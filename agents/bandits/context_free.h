// Context-free reference bandits, the baselines every contextual agent must beat.
//
// - ucb1 (Auer, Cesa-Bianchi, Fischer, "Finite-time analysis of the multiarmed bandit
//   problem", Machine Learning 2002): index mean_a + c sqrt(2 ln N / n_a); untried eligible
//   actions first (lowest id). Deterministic.
// - beta_ts (Thompson 1933; Chapelle & Li 2011): Beta(1 + successes, 1 + failures) per
//   action, success = reward > 0; the exact pmf of the argmax (BetaArgmaxPmf).
// Both freeze their indices or posteriors at each Learn() into a TabularPolicy.
#ifndef CAMPSIM_AGENTS_BANDITS_CONTEXT_FREE_H_
#define CAMPSIM_AGENTS_BANDITS_CONTEXT_FREE_H_

#include <memory>
#include <vector>

#include "agents/agent.h"
#include "core/config.h"
#include "policies/tabular_policy.h"

namespace campsim {

struct Ucb1Params : DescribableBase<Ucb1Params> {
  double exploration = 1.0;
  void Describe(ConfigVisitor& v) override;
};

struct BetaTsParams : DescribableBase<BetaTsParams> {
  double prior_alpha = 1.0;
  double prior_beta = 1.0;
  void Describe(ConfigVisitor& v) override;
};

// Counts and sums per action, shared by both.
class ContextFreeBandit : public MessageAgent, public CheckpointableAgent, public ExportableAgent {
 public:
  void Pmf(const MessageBatch& batch, std::size_t row, std::span<double> out) const override;
  void Learn(const FeedbackBatch& feedback, WorkerPool* pool) override;
  bool LearnsFromContexts() const override { return false; }  // actions and rewards only
  std::optional<std::vector<int>> FeaturesRead() const override { return std::vector<int>{}; }
  std::string SaveState() const override;
  void LoadState(const std::string& state) override;
  std::unique_ptr<Policy> ExportPolicy() const override;

 protected:
  ContextFreeBandit(const MessageProblem& problem, std::string kind);
  virtual std::unique_ptr<TabularPolicy> Freeze() const = 0;
  void Rebuild() { policy_ = Freeze(); }

  int num_features_;
  std::vector<double> counts_, sums_, successes_;

 private:
  std::string kind_;
  std::unique_ptr<TabularPolicy> policy_;
};

class Ucb1Agent final : public ContextFreeBandit {
 public:
  Ucb1Agent(const Ucb1Params& params, const MessageProblem& problem);

 protected:
  std::unique_ptr<TabularPolicy> Freeze() const override;

 private:
  Ucb1Params params_;
};

class BetaTsAgent final : public ContextFreeBandit {
 public:
  BetaTsAgent(const BetaTsParams& params, const MessageProblem& problem);

 protected:
  std::unique_ptr<TabularPolicy> Freeze() const override;

 private:
  BetaTsParams params_;
};

}  // namespace campsim

#endif  // CAMPSIM_AGENTS_BANDITS_CONTEXT_FREE_H_
