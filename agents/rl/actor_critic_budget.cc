#include "agents/rl/actor_critic_budget.h"

#include <Eigen/Dense>
#include <cmath>

#include "agents/bandits/state_io.h"
#include "agents/rl/adam.h"
#include "core/rng.h"

namespace campsim {

namespace {
constexpr std::size_t kF = kNumBudgetFeatures;
}  // namespace

void ActorCriticParams::Describe(ConfigVisitor& v) {
  v.Field("batch_episodes", batch_episodes, "Episodes per policy update.",
          IntRange(1, 10000));
  v.Field("learning_rate", learning_rate, "Adam step size on the actor's weights.", Positive());
  v.Field("initial_sigma", initial_sigma, "Initial exploration noise on the logits.", Positive());
  v.Field("min_sigma", min_sigma, "Floor on the exploration noise.", Positive());
  v.Field("sigma_decay", sigma_decay, "Factor applied to sigma after every update.",
          InRange(0.5, 1.0));
  v.Field("critic_decay", critic_decay, "Forgetting factor of the critic's statistics.",
          InRange(0.0, 1.0));
  v.Field("ridge", ridge, "Ridge penalty of the critic's regression.", Positive());
}

ActorCriticBudgetAgent::ActorCriticBudgetAgent(const ActorCriticParams& params,
                                               const BudgetProblem& problem)
    : BudgetLearner(problem),
      params_(params),
      lines_(active_lines()),
      weights_(lines_ * kF, 0.0),
      adam_m_(weights_.size(), 0.0),
      adam_v_(weights_.size(), 0.0),
      sigma_(params.initial_sigma),
      critic_a_(kF * kF, 0.0),
      critic_b_(kF, 0.0) {}

std::vector<double> ActorCriticBudgetAgent::Logits(const BudgetObservation& observation) const {
  const auto x = BudgetFeatures(observation);
  std::vector<double> z(lines_, 0.0);
  for (std::size_t l = 0; l < lines_; ++l) {
    for (std::size_t k = 0; k < kF; ++k) z[l] += weights_[l * kF + k] * x[k];
  }
  return z;
}

std::vector<double> ActorCriticBudgetAgent::Choose(const BudgetObservation& observation,
                                                   bool explore, Step& step) {
  std::vector<double> z = Logits(observation);
  if (explore) {
    Rng rng(problem().seed, StreamTag::kAgent, static_cast<std::uint64_t>(episodes_),
            static_cast<std::uint64_t>(observation.period));
    for (double& v : z) v += sigma_ * rng.Normal();
    step.logits = z;
  }
  std::vector<double> shares;
  SoftmaxShares(z, shares);
  return shares;
}

void ActorCriticBudgetAgent::Learn(const std::vector<Step>& steps, double) {
  double to_go = 0.0;
  std::vector<double> returns(steps.size());
  for (std::size_t t = steps.size(); t-- > 0;) returns[t] = to_go += steps[t].reward;
  for (std::size_t t = 0; t < steps.size(); ++t) {
    const auto x = BudgetFeatures(steps[t].observation);
    batch_.insert(batch_.end(), x.begin(), x.end());
    batch_.insert(batch_.end(), steps[t].logits.begin(), steps[t].logits.end());
    batch_.push_back(returns[t]);
  }
  if (++batch_episodes_done_ >= static_cast<double>(params_.batch_episodes)) Update();
}

void ActorCriticBudgetAgent::Update() {
  const std::size_t width = kF + lines_ + 1;
  const std::size_t n = batch_.size() / width;
  batch_episodes_done_ = 0.0;
  if (n == 0) return;
  // The critic as it stood before this batch: a baseline must not depend on the returns it
  // is subtracted from.
  Eigen::Matrix<double, kF, kF> gram = Eigen::Map<const Eigen::Matrix<double, kF, kF, Eigen::RowMajor>>(critic_a_.data());
  gram.diagonal().array() += params_.ridge;
  const Eigen::Matrix<double, kF, 1> c = gram.ldlt().solve(Eigen::Map<const Eigen::Matrix<double, kF, 1>>(critic_b_.data()));
  // Advantages, standardised.
  std::vector<double> adv(n);
  double mean = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double* x = &batch_[i * width];
    double v = 0.0;
    for (std::size_t k = 0; k < kF; ++k) v += c[static_cast<Eigen::Index>(k)] * x[k];
    adv[i] = batch_[i * width + width - 1] - v;
    mean += adv[i];
  }
  mean /= static_cast<double>(n);
  double var = 0.0;
  for (double v : adv) var += (v - mean) * (v - mean);
  const double sd = std::sqrt(var / static_cast<double>(n)) + 1e-8;
  // Actor: score-function gradient, then Adam.
  std::vector<double> grad(weights_.size(), 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    const double* x = &batch_[i * width];
    const double* z = x + kF;
    const double w = (adv[i] - mean) / sd / (sigma_ * sigma_) / static_cast<double>(n);
    for (std::size_t l = 0; l < lines_; ++l) {
      double mu = 0.0;
      for (std::size_t k = 0; k < kF; ++k) mu += weights_[l * kF + k] * x[k];
      for (std::size_t k = 0; k < kF; ++k) grad[l * kF + k] += w * (z[l] - mu) * x[k];
    }
  }
  adam_steps_ += 1.0;
  const AdamCorrection correction = AdamCorrections(adam_steps_);
  for (std::size_t i = 0; i < weights_.size(); ++i) {
    weights_[i] += AdamStep(grad[i], adam_m_[i], adam_v_[i], correction, params_.learning_rate);
  }
  sigma_ = std::max(params_.min_sigma, sigma_ * params_.sigma_decay);
  // Critic: the batch joins the ridge regression of returns-to-go on features; older batches
  // are forgotten by critic_decay per update.
  for (double& v : critic_a_) v *= params_.critic_decay;
  for (double& v : critic_b_) v *= params_.critic_decay;
  for (std::size_t i = 0; i < n; ++i) {
    const double* x = &batch_[i * width];
    const double g = batch_[i * width + width - 1];
    for (std::size_t a = 0; a < kF; ++a) {
      critic_b_[a] += x[a] * g;
      for (std::size_t b = 0; b < kF; ++b) critic_a_[a * kF + b] += x[a] * x[b];
    }
  }
  batch_.clear();
}

BudgetPolicy ActorCriticBudgetAgent::Greedy() const {
  // An inactive line is exported with a bias of -1e300: its softmax share is exactly 0.
  std::vector<double> weights = weights_;
  weights.resize(problem().lines.size() * kF, 0.0);
  for (std::size_t l = lines_; l < problem().lines.size(); ++l) weights[l * kF] = -1e300;
  return BudgetPolicy(BudgetPolicy::Kind::kLinearSoftmax, problem().lines,
                      std::max(1, problem().num_periods), weights);
}

std::string ActorCriticBudgetAgent::SaveState() const {
  StateWriter w("actor_critic_budget");
  w.Add("shape", {static_cast<double>(problem().lines.size()), static_cast<double>(problem().num_periods)});
  w.Add("episodes", static_cast<double>(episodes_));
  w.Add("weights", weights_);
  w.Add("adam_m", adam_m_);
  w.Add("adam_v", adam_v_);
  w.Add("adam_steps", adam_steps_);
  w.Add("sigma", sigma_);
  w.Add("critic_a", critic_a_);
  w.Add("critic_b", critic_b_);
  w.Add("batch", batch_);
  w.Add("batch_episodes_done", batch_episodes_done_);
  return w.str();
}

void ActorCriticBudgetAgent::LoadState(const std::string& state) {
  const StateReader r(state, "actor_critic_budget");
  std::vector<double> shape(2);
  r.Get("shape", shape);
  CheckCompatible(problem(), shape[0], shape[1], "actor_critic");
  // Read everything first: a checkpoint that fails half-way changes nothing.
  std::vector<double> weights(weights_.size()), m(adam_m_.size()), v(adam_v_.size()), ca(critic_a_.size()),
      cb(critic_b_.size()), batch(r.Size("batch"));
  r.Get("weights", weights);
  r.Get("adam_m", m);
  r.Get("adam_v", v);
  r.Get("critic_a", ca);
  r.Get("critic_b", cb);
  r.Get("batch", batch);
  if (batch.size() % (kF + lines_ + 1) != 0) throw std::invalid_argument("actor_critic checkpoint: malformed batch");
  const double episodes = r.Get("episodes"), steps = r.Get("adam_steps"), sigma = r.Get("sigma"),
               done = r.Get("batch_episodes_done");
  episodes_ = static_cast<std::int64_t>(episodes);
  weights_.swap(weights), adam_m_.swap(m), adam_v_.swap(v), critic_a_.swap(ca), critic_b_.swap(cb);
  batch_.swap(batch);
  adam_steps_ = steps, sigma_ = sigma, batch_episodes_done_ = done;
}

}  // namespace campsim
