// logistic_ts: Thompson sampling for binary rewards (a conversion: reward > 0) with a
// Laplace-approximated logistic posterior per action, updated online at every sync point
// (Chapelle & Li, "An empirical evaluation of Thompson sampling", NIPS 2011, Algorithm 3,
// with the full precision matrix instead of its diagonal: with dense context features the
// diagonal Newton step overshoots and diverges).
//
// Per action, prior N(m, P^-1). Learn(): w = argmin 1/2 (w - m)' P (w - m)
// + sum_j log(1 + exp(-y_j w.x_j)) by Newton steps (Cholesky solves), then m = w and
// P += sum_j p_j (1 - p_j) x_j x_j' with p_j = sigmoid(w.x_j). Acting samples each action's
// logit from N(m.x, scale^2 x' P^-1 x); the sigmoid is monotone, so the argmax is the same in
// probability space, and the exact pmf comes from GaussianArgmaxPmf.
#ifndef CAMPSIM_AGENTS_BANDITS_LOGISTIC_TS_H_
#define CAMPSIM_AGENTS_BANDITS_LOGISTIC_TS_H_

#include <memory>
#include <vector>

#include "agents/agent.h"
#include "core/config.h"
#include "policies/linear_policy.h"

namespace campsim {

struct LogisticTsParams : DescribableBase<LogisticTsParams> {
  double prior_precision = 1.0;
  double posterior_scale = 1.0;
  std::int64_t newton_steps = 5;
  void Describe(ConfigVisitor& v) override;
};

class LogisticTsAgent final : public MessageAgent,
                              public CheckpointableAgent,
                              public ExportableAgent {
 public:
  LogisticTsAgent(const LogisticTsParams& params, const MessageProblem& problem);
  void Pmf(const MessageBatch& batch, std::size_t row, std::span<double> out) const override;
  void Learn(const FeedbackBatch& feedback, WorkerPool* pool) override;
  std::string SaveState() const override;
  void LoadState(const std::string& state) override;
  std::unique_ptr<Policy> ExportPolicy() const override;

 private:
  void Rebuild();

  LogisticTsParams params_;
  int k_, p_;
  std::vector<double> means_;       // k x p
  std::vector<double> precisions_;  // k x p x p
  std::vector<double> covariances_; // k x p x p, inverses of the precisions
  std::unique_ptr<LinearPolicy> policy_;
};

}  // namespace campsim

#endif  // CAMPSIM_AGENTS_BANDITS_LOGISTIC_TS_H_
