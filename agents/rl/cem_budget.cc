#include "agents/rl/cem_budget.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "agents/bandits/state_io.h"
#include "core/rng.h"

namespace campsim {

void CemParams::Describe(ConfigVisitor& v) {
  v.Field("population", population, "Schedules sampled per generation (episodes per update).",
          IntRange(4, 10000));
  v.Field("elite_fraction", elite_fraction, "Share of each generation kept as elites.",
          InRange(0.05, 0.5));
  v.Field("initial_std", initial_std, "Initial standard deviation of every logit.", Positive());
  v.Field("min_std", min_std, "Floor on every logit's standard deviation.", NonNegative());
  v.Field("smoothing", smoothing, "Weight of the elites' statistics in each update.",
          InRange(0.01, 1.0));
}

CemBudgetAgent::CemBudgetAgent(const CemParams& params, const BudgetProblem& problem)
    : BudgetLearner(problem),
      params_(params),
      lines_(active_lines()),
      mean_(static_cast<std::size_t>(std::max(1, problem.num_periods)) * active_lines(), 0.0),
      std_(mean_.size(), params.initial_std) {}

std::vector<double> CemBudgetAgent::Choose(const BudgetObservation& observation, bool explore,
                                           Step&) {
  const std::size_t t = static_cast<std::size_t>(
      std::clamp(observation.period, 0, static_cast<int>(Entries() / lines_) - 1));
  if (explore && (observation.period == 0 || sample_.size() != Entries())) {
    // One schedule per episode, drawn at its first period.
    const auto k = static_cast<std::uint64_t>(returns_.size());
    Rng rng(problem().seed, StreamTag::kAgent, static_cast<std::uint64_t>(episodes_), k);
    sample_.resize(Entries());
    for (std::size_t i = 0; i < Entries(); ++i) sample_[i] = mean_[i] + std_[i] * rng.Normal();
  }
  const std::vector<double>& z = explore ? sample_ : mean_;
  std::vector<double> logits(z.begin() + static_cast<std::ptrdiff_t>(t * lines_),
                             z.begin() + static_cast<std::ptrdiff_t>((t + 1) * lines_));
  std::vector<double> shares;
  SoftmaxShares(logits, shares);
  return shares;
}

void CemBudgetAgent::Learn(const std::vector<Step>&, double ret) {
  samples_.insert(samples_.end(), sample_.begin(), sample_.end());
  returns_.push_back(ret);
  sample_.clear();
  const auto n = static_cast<std::size_t>(params_.population);
  if (returns_.size() < n) return;
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return returns_[a] > returns_[b]; });
  const std::size_t elites =
      std::max<std::size_t>(2, static_cast<std::size_t>(std::lround(params_.elite_fraction * n)));
  const double a = params_.smoothing;
  for (std::size_t i = 0; i < Entries(); ++i) {
    double m = 0.0;
    for (std::size_t e = 0; e < elites; ++e) m += samples_[order[e] * Entries() + i];
    m /= static_cast<double>(elites);
    double var = 0.0;
    for (std::size_t e = 0; e < elites; ++e) {
      const double d = samples_[order[e] * Entries() + i] - m;
      var += d * d;
    }
    var /= static_cast<double>(elites);
    mean_[i] = (1.0 - a) * mean_[i] + a * m;
    std_[i] = std::max(params_.min_std, (1.0 - a) * std_[i] + a * std::sqrt(var));
  }
  samples_.clear();
  returns_.clear();
}

BudgetPolicy CemBudgetAgent::Greedy() const {
  std::vector<double> params, shares;
  for (std::size_t t = 0; t < Entries() / lines_; ++t) {
    SoftmaxShares({mean_.begin() + static_cast<std::ptrdiff_t>(t * lines_),
                   mean_.begin() + static_cast<std::ptrdiff_t>((t + 1) * lines_)},
                  shares);
    shares = Pad(shares);
    params.insert(params.end(), shares.begin(), shares.end());
  }
  return BudgetPolicy(BudgetPolicy::Kind::kSchedule, problem().lines,
                      static_cast<int>(Entries() / lines_), params);
}

std::string CemBudgetAgent::SaveState() const {
  StateWriter w("cem_budget");
  w.Add("shape", {static_cast<double>(problem().lines.size()), static_cast<double>(Entries() / lines_)});
  w.Add("episodes", static_cast<double>(episodes_));
  w.Add("mean", mean_);
  w.Add("std", std_);
  w.Add("generation_returns", returns_);
  w.Add("generation_samples", samples_);
  return w.str();
}

void CemBudgetAgent::LoadState(const std::string& state) {
  const StateReader r(state, "cem_budget");
  std::vector<double> shape(2);
  r.Get("shape", shape);
  CheckCompatible(problem(), shape[0], shape[1], "cem");
  // Read everything first: a checkpoint that fails half-way changes nothing.
  std::vector<double> mean(mean_.size()), sd(std_.size());
  r.Get("mean", mean);
  r.Get("std", sd);
  const std::size_t done = r.Size("generation_returns");
  if (done >= static_cast<std::size_t>(params_.population)) {
    throw std::invalid_argument("cem checkpoint: a generation of " + std::to_string(done) +
                                " samples does not fit population " + std::to_string(params_.population));
  }
  std::vector<double> returns(done), samples(done * Entries());
  r.Get("generation_returns", returns);
  r.Get("generation_samples", samples);
  episodes_ = static_cast<std::int64_t>(r.Get("episodes"));
  mean_.swap(mean), std_.swap(sd), returns_.swap(returns), samples_.swap(samples);
}

}  // namespace campsim
