#include "agents/rl/q_learning_budget.h"

#include <algorithm>
#include <functional>

#include "agents/bandits/state_io.h"
#include "core/rng.h"

namespace campsim {

void QLearningParams::Describe(ConfigVisitor& v) {
  v.Field("grid", grid, "Shares are multiples of 1/grid.", IntRange(1, 20));
  v.Field("epsilon_start", epsilon_start, "Exploration rate in the first episode.", Probability());
  v.Field("epsilon_end", epsilon_end, "Exploration rate after epsilon_episodes.", Probability());
  v.Field("epsilon_episodes", epsilon_episodes, "Episodes over which epsilon falls.",
          IntRange(1, 100000000));
  v.Field("min_alpha", min_alpha, "Floor on the step size 1/visits.", InRange(0.0, 1.0));
}

std::vector<std::vector<double>> SimplexGrid(std::size_t lines, int grid) {
  std::vector<std::vector<double>> out;
  std::vector<int> parts;
  std::function<void(int)> fill = [&](int left) {
    if (parts.size() + 1 == lines) {
      parts.push_back(left);
      std::vector<double> split;
      for (int p : parts) split.push_back(static_cast<double>(p) / grid);
      out.push_back(std::move(split));
      parts.pop_back();
      return;
    }
    for (int k = left; k >= 0; --k) {
      parts.push_back(k);
      fill(left - k);
      parts.pop_back();
    }
  };
  fill(grid);
  return out;
}

QLearningBudgetAgent::QLearningBudgetAgent(const QLearningParams& params,
                                           const BudgetProblem& problem)
    : BudgetLearner(problem),
      params_(params),
      splits_(SimplexGrid(active_lines(), static_cast<int>(params.grid))),
      states_(std::max(1, problem.num_periods) * kPaceBuckets),
      q_(static_cast<std::size_t>(states_) * splits_.size(), 0.0),
      visits_(q_.size(), 0.0) {}

int QLearningBudgetAgent::Best(int state) const {
  const auto row = q_.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(state) * splits_.size());
  return static_cast<int>(std::max_element(row, row + static_cast<std::ptrdiff_t>(splits_.size())) - row);
}

std::vector<double> QLearningBudgetAgent::Choose(const BudgetObservation& observation,
                                                 bool explore, Step& step) {
  const int state = std::min(BudgetState(observation), states_ - 1);
  int action = Best(state);
  if (explore) {
    const double progress = std::min(1.0, static_cast<double>(episodes_) / params_.epsilon_episodes);
    const double epsilon = params_.epsilon_start + (params_.epsilon_end - params_.epsilon_start) * progress;
    Rng rng(problem().seed, StreamTag::kAgent, static_cast<std::uint64_t>(episodes_),
            static_cast<std::uint64_t>(observation.period));
    if (rng.Uniform() < epsilon) action = static_cast<int>(rng.Below(splits_.size()));
    step.action = action;
  }
  return splits_[static_cast<std::size_t>(action)];
}

void QLearningBudgetAgent::Learn(const std::vector<Step>& steps, double) {
  const std::size_t k = splits_.size();
  for (std::size_t t = steps.size(); t-- > 0;) {
    const int s = std::min(BudgetState(steps[t].observation), states_ - 1);
    double next = 0.0;
    if (t + 1 < steps.size()) {
      const int s2 = std::min(BudgetState(steps[t + 1].observation), states_ - 1);
      next = q_[static_cast<std::size_t>(s2) * k + static_cast<std::size_t>(Best(s2))];
    }
    const std::size_t i = static_cast<std::size_t>(s) * k + static_cast<std::size_t>(steps[t].action);
    visits_[i] += 1.0;
    const double alpha = std::max(params_.min_alpha, 1.0 / visits_[i]);
    q_[i] += alpha * (steps[t].reward + next - q_[i]);
  }
}

BudgetPolicy QLearningBudgetAgent::Greedy() const {
  std::vector<double> table;
  for (int s = 0; s < states_; ++s) {
    const auto split = Pad(splits_[static_cast<std::size_t>(Best(s))]);
    table.insert(table.end(), split.begin(), split.end());
  }
  return BudgetPolicy(BudgetPolicy::Kind::kTabular, problem().lines, states_ / kPaceBuckets, table);
}

std::string QLearningBudgetAgent::SaveState() const {
  StateWriter w("q_learning_budget");
  w.Add("shape", {static_cast<double>(problem().lines.size()), static_cast<double>(problem().num_periods),
                  static_cast<double>(params_.grid)});
  w.Add("episodes", static_cast<double>(episodes_));
  w.Add("q", q_);
  w.Add("visits", visits_);
  return w.str();
}

void QLearningBudgetAgent::LoadState(const std::string& state) {
  const StateReader r(state, "q_learning_budget");
  std::vector<double> shape(3);
  r.Get("shape", shape);
  CheckCompatible(problem(), shape[0], shape[1], "q_learning");
  if (shape[2] != static_cast<double>(params_.grid)) {
    throw std::invalid_argument("q_learning checkpoint: made with grid " + std::to_string(static_cast<int>(shape[2])) +
                                ", this agent has grid " + std::to_string(params_.grid));
  }
  std::vector<double> q(q_.size()), visits(visits_.size());
  r.Get("q", q);
  r.Get("visits", visits);
  episodes_ = static_cast<std::int64_t>(r.Get("episodes"));
  q_.swap(q), visits_.swap(visits);
}

}  // namespace campsim
