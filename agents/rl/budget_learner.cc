#include "agents/rl/budget_learner.h"

#include <algorithm>
#include <stdexcept>

namespace campsim {

namespace {

double TotalRevenue(const BudgetObservation& o) {
  double total = 0.0;
  for (double r : o.revenue_to_date) total += r;
  return total;
}

}  // namespace

BudgetLearner::BudgetLearner(const BudgetProblem& problem)
    : problem_(problem),
      active_(problem.lines.size() - (problem.owned_channels || problem.lines.size() < 2 ? 0 : 1)),
      per_period_(std::max(1e-9, problem.total_budget / std::max(1, problem.num_periods))) {}

void BudgetLearner::BeginEpisode(bool explore) {
  in_episode_ = true;
  explore_ = explore;
  steps_.clear();
}

BudgetAction BudgetLearner::Act(const BudgetObservation& observation) {
  Step step;
  const bool explore = in_episode_ && explore_;
  const std::vector<double> shares = Pad(Choose(observation, explore, step));
  if (in_episode_) {
    step.observation = observation;
    steps_.push_back(std::move(step));
  }
  const double amount = EvenPacingAmount(observation);
  BudgetAction action;
  for (double s : shares) action.spend.push_back(amount * s);
  return action;
}

double BudgetLearner::EndEpisode(const BudgetObservation& status) {
  if (!in_episode_) throw std::logic_error("BudgetLearner::EndEpisode without BeginEpisode");
  in_episode_ = false;
  double ret = 0.0;
  for (std::size_t t = 0; t < steps_.size(); ++t) {
    const BudgetObservation& next = t + 1 < steps_.size() ? steps_[t + 1].observation : status;
    steps_[t].reward = (TotalRevenue(next) - TotalRevenue(steps_[t].observation)) / per_period_;
    ret += steps_[t].reward;
  }
  if (explore_ && !steps_.empty()) {
    Learn(steps_, ret);
    ++episodes_;
  }
  return ret * per_period_;
}

std::vector<double> BudgetLearner::Pad(const std::vector<double>& active_shares) const {
  std::vector<double> shares = active_shares;
  shares.resize(problem_.lines.size(), 0.0);
  return shares;
}

void CheckCompatible(const BudgetProblem& problem, double lines, double periods,
                     const std::string& kind) {
  if (lines != static_cast<double>(problem.lines.size()) ||
      periods != static_cast<double>(problem.num_periods)) {
    throw std::invalid_argument(kind + " checkpoint: made for " + std::to_string(static_cast<int>(lines)) +
                                " budget lines and " + std::to_string(static_cast<int>(periods)) +
                                " periods; this scenario has " + std::to_string(problem.lines.size()) +
                                " and " + std::to_string(problem.num_periods));
  }
}

}  // namespace campsim
