#include "agents/bandits/context_free.h"

#include <cmath>

#include "agents/bandits/state_io.h"

namespace campsim {

void Ucb1Params::Describe(ConfigVisitor& v) {
  v.Field("exploration", exploration, "c in mean + c sqrt(2 ln N / n), in reward units.",
          NonNegative());
}

void BetaTsParams::Describe(ConfigVisitor& v) {
  v.Field("prior_alpha", prior_alpha, "Beta prior successes + 1.", Positive());
  v.Field("prior_beta", prior_beta, "Beta prior failures + 1.", Positive());
}

ContextFreeBandit::ContextFreeBandit(const MessageProblem& problem, std::string kind)
    : MessageAgent(problem.seed),
      num_features_(problem.num_features()),
      counts_(problem.num_actions(), 0.0),
      sums_(problem.num_actions(), 0.0),
      successes_(problem.num_actions(), 0.0),
      kind_(std::move(kind)) {}

void ContextFreeBandit::Pmf(const MessageBatch& batch, std::size_t row, std::span<double> out) const {
  policy_->Pmf(batch.Context(row), batch.Eligible(row), out);
}

void ContextFreeBandit::Learn(const FeedbackBatch& feedback, WorkerPool* /*pool*/) {
  if (feedback.size() == 0) return;
  for (std::size_t i = 0; i < feedback.size(); ++i) {
    const int a = feedback.actions[i];
    counts_[a] += 1.0;
    sums_[a] += feedback.rewards[i];
    successes_[a] += feedback.rewards[i] > 0.0 ? 1.0 : 0.0;
  }
  Rebuild();
}

std::string ContextFreeBandit::SaveState() const {
  StateWriter out(kind_);
  out.Add("counts", counts_);
  out.Add("sums", sums_);
  out.Add("successes", successes_);
  return out.str();
}

void ContextFreeBandit::LoadState(const std::string& state) {
  const StateReader in(state, kind_);
  std::vector<double> counts = counts_, sums = sums_, successes = successes_;
  in.Get("counts", counts);
  in.Get("sums", sums);
  in.Get("successes", successes);
  counts_.swap(counts);
  sums_.swap(sums);
  successes_.swap(successes);
  Rebuild();
}

std::unique_ptr<Policy> ContextFreeBandit::ExportPolicy() const {
  return std::make_unique<TabularPolicy>(*policy_);
}

Ucb1Agent::Ucb1Agent(const Ucb1Params& params, const MessageProblem& problem)
    : ContextFreeBandit(problem, "ucb1"), params_(params) {
  Rebuild();
}

std::unique_ptr<TabularPolicy> Ucb1Agent::Freeze() const {
  double total = 0.0;
  for (double n : counts_) total += n;
  std::vector<double> index(counts_.size());
  for (std::size_t a = 0; a < counts_.size(); ++a) {
    index[a] = counts_[a] == 0.0
                   ? 1e300
                   : sums_[a] / counts_[a] +
                         params_.exploration * std::sqrt(2.0 * std::log(std::max(total, 1.0)) / counts_[a]);
  }
  return std::make_unique<TabularPolicy>(TabularPolicy::Rule::kArgmax, num_features_, index);
}

BetaTsAgent::BetaTsAgent(const BetaTsParams& params, const MessageProblem& problem)
    : ContextFreeBandit(problem, "beta_ts"), params_(params) {
  Rebuild();
}

std::unique_ptr<TabularPolicy> BetaTsAgent::Freeze() const {
  std::vector<double> alpha(counts_.size()), beta(counts_.size());
  for (std::size_t a = 0; a < counts_.size(); ++a) {
    alpha[a] = params_.prior_alpha + successes_[a];
    beta[a] = params_.prior_beta + counts_[a] - successes_[a];
  }
  return std::make_unique<TabularPolicy>(TabularPolicy::Rule::kBetaThompson, num_features_, alpha, beta);
}

}  // namespace campsim
