// budget_paced: a wrapper, named explicitly in the scenario around any learning message
// agent, that paces owned-channel spend over the horizon with a Lagrangian price on cost.
//
// Acting: the inner agent's pmf, throttled (policies/throttled_policy.h): each send a keeps
// p(a) exp(-price * cost(a) / mean send cost); the rest goes to no_send. The logged
// propensity is that throttled pmf, exactly.
// Learning, at every sync point: the inner agent learns from the matured feedback as it is;
// then the price takes a projected dual (sub)gradient step on the pacing error
//   target = target_share * budget * elapsed / decision span
//   error  = (owned spend so far - target) / (target_share * budget * sync share)
//   price <- max(0, price + learning_rate * error)
// where the decision span runs from t = 0 to the last decision time, and the sync share is
// one sync window's fraction of that span. So overspending raises the price until sends are
// throttled, underspending lowers it back to 0 (the unconstrained agent). `budget` = 0 paces
// against the scenario's total budget.
#ifndef CAMPSIM_AGENTS_BUDGET_PACED_H_
#define CAMPSIM_AGENTS_BUDGET_PACED_H_

#include <memory>
#include <vector>

#include "agents/agent.h"
#include "core/config.h"

namespace campsim {

struct BudgetPacedParams : DescribableBase<BudgetPacedParams> {
  ComponentConfig agent;
  double budget = 0.0;
  double target_share = 0.98;
  double learning_rate = 2.0;
  BudgetPacedParams();
  void Describe(ConfigVisitor& v) override;
};

class BudgetPacedAgent final : public MessageAgent,
                               public CheckpointableAgent,
                               public ExportableAgent {
 public:
  // Throws ConfigError (at params.agent) unless the inner agent can be saved and exported.
  BudgetPacedAgent(const BudgetPacedParams& params, const MessageProblem& problem,
                   std::unique_ptr<MessageAgent> inner);

  void Pmf(const MessageBatch& batch, std::size_t row, std::span<double> out) const override;
  void Learn(const FeedbackBatch& feedback, WorkerPool* pool) override;
  std::string SaveState() const override;
  void LoadState(const std::string& state) override;
  std::unique_ptr<Policy> ExportPolicy() const override;

  double price() const { return price_; }

 private:
  BudgetPacedParams params_;
  std::unique_ptr<MessageAgent> inner_;
  std::vector<double> costs_;
  double mean_cost_;
  double price_ = 0.0;
};

}  // namespace campsim

#endif  // CAMPSIM_AGENTS_BUDGET_PACED_H_
