#include "agents/budget_paced.h"

#include <algorithm>

#include "agents/bandits/linear_bandits.h"
#include "agents/bandits/state_io.h"
#include "policies/throttled_policy.h"

namespace campsim {

BudgetPacedParams::BudgetPacedParams()
    : agent("lin_ts", std::make_unique<LinTsParams>()) {}

void BudgetPacedParams::Describe(ConfigVisitor& v) {
  v.Component("agent", agent, "message_agent", "The learning agent whose sends are paced.");
  v.Field("budget", budget,
          "Owned-channel budget to pace over the decision horizon; 0 = the scenario's total "
          "budget.",
          NonNegative());
  v.Field("target_share", target_share,
          "Pace towards this share of the budget, a margin that keeps the hard limit unreached.",
          InRange(0.5, 1.0));
  v.Field("learning_rate", learning_rate,
          "Dual step size: price change per sync window of pacing error.", Positive());
}

BudgetPacedAgent::BudgetPacedAgent(const BudgetPacedParams& params, const MessageProblem& problem,
                                   std::unique_ptr<MessageAgent> inner)
    : MessageAgent(problem.seed), params_(params), inner_(std::move(inner)) {
  if (dynamic_cast<CheckpointableAgent*>(inner_.get()) == nullptr ||
      dynamic_cast<ExportableAgent*>(inner_.get()) == nullptr) {
    throw ConfigError(params.agent.where, "budget_paced wraps a learning agent that can be saved "
                                          "and exported (epsilon_greedy, lin_ucb, lin_ts, ...), "
                                          "not '" + params.agent.type + "'");
  }
  for (const auto& action : problem.actions) costs_.push_back(action.cost);
  mean_cost_ = MeanSendCost(costs_);
}

void BudgetPacedAgent::Pmf(const MessageBatch& batch, std::size_t row, std::span<double> out) const {
  inner_->Pmf(batch, row, out);
  ThrottlePmf(costs_, mean_cost_, price_, out);
}

void BudgetPacedAgent::Learn(const FeedbackBatch& feedback, WorkerPool* pool) {
  if (feedback.size() > 0) inner_->Learn(feedback, pool);
  if (feedback.now < 0) return;  // no spend status: nothing to pace on
  const double budget =
      params_.target_share * (params_.budget > 0.0 ? params_.budget : feedback.budget_total);
  if (budget <= 0.0 || feedback.decisions_end <= 0 || feedback.sync_length <= 0) return;
  const double span = static_cast<double>(feedback.decisions_end);
  const double elapsed = std::min(1.0, static_cast<double>(feedback.now) / span);
  const double sync_share = static_cast<double>(feedback.sync_length) / span;
  const double error = (feedback.owned_spent - budget * elapsed) / (budget * sync_share);
  price_ = std::max(0.0, price_ + params_.learning_rate * error);
}

std::string BudgetPacedAgent::SaveState() const {
  StateWriter out("budget_paced");
  out.Add("price", price_);
  std::string text = out.str();
  return text + dynamic_cast<const CheckpointableAgent&>(*inner_).SaveState();
}

void BudgetPacedAgent::LoadState(const std::string& state) {
  // The wrapper's own block comes first; the inner agent's checkpoint follows it.
  const std::size_t inner_start = state.find("campsim-agent-state", 1);
  if (inner_start == std::string::npos) {
    throw std::invalid_argument("agent state: expected a budget_paced checkpoint followed by "
                                "its inner agent's");
  }
  const StateReader in(state.substr(0, inner_start), "budget_paced");
  const double price = in.Get("price");
  dynamic_cast<CheckpointableAgent&>(*inner_).LoadState(state.substr(inner_start));
  price_ = price;
}

std::unique_ptr<Policy> BudgetPacedAgent::ExportPolicy() const {
  std::shared_ptr<const Policy> inner = dynamic_cast<const ExportableAgent&>(*inner_).ExportPolicy();
  return std::make_unique<ThrottledPolicy>(std::move(inner), costs_, price_);
}

}  // namespace campsim
