#include "agents/rl/dqn.h"

#include <algorithm>
#include <cmath>

#include "agents/bandits/state_io.h"
#include "core/rng.h"

namespace campsim {

void DqnParams::Describe(ConfigVisitor& v) {
  v.Field("hidden", hidden, "Units in each of the two hidden layers.", IntRange(4, 1024));
  v.Field("gamma", gamma, "Discount per decision interval.", InRange(0.0, 0.999));
  v.Field("learning_rate", learning_rate, "Adam step size.", Positive());
  v.Field("reward_scale", reward_scale, "Rewards are multiplied by this before learning.", Positive());
  v.Field("batch_size", batch_size, "Transitions per update.", IntRange(1, 65536));
  v.Field("replay_capacity", replay_capacity, "Transitions kept for replay.", IntRange(1, 100000000));
  v.Field("updates_per_sync", updates_per_sync, "Gradient updates after each sync point.",
          IntRange(0, 100000));
  v.Field("target_every", target_every, "Updates between target-network copies.", IntRange(1, 10000000));
  v.Field("epsilon_start", epsilon_start, "Exploration rate before any learning.", Probability());
  v.Field("epsilon_end", epsilon_end, "Exploration rate after epsilon_decisions.", Probability());
  v.Field("epsilon_decisions", epsilon_decisions, "Learned decisions over which epsilon falls.", Positive());
  v.Field("churn_penalty", churn_penalty,
          "Value lost when a customer churns (currency), subtracted from the last reward.", NonNegative());
  v.Field("unsubscribe_penalty", unsubscribe_penalty,
          "Value lost per channel unsubscribed (currency), subtracted from the reward.", NonNegative());
  v.Field("learn", learn, "false: a frozen network acting with epsilon_end (evaluation).");
}

DqnAgent::DqnAgent(const DqnParams& params, const MessageProblem& problem)
    : MessageAgent(problem.seed),
      params_(params),
      problem_(problem),
      online_(problem.num_features(), static_cast<int>(params.hidden), problem.num_actions(), problem.seed),
      target_(online_),
      frozen_(!params.learn) {
  for (const auto& a : problem.actions) {
    consent_feature_.push_back(a.channel < 0 ? -1 : problem.FeatureIndex("consent_" + problem.channel_names[a.channel]));
  }
  for (const auto& c : problem.channel_names) {
    const int f = problem.FeatureIndex("consent_" + c);
    if (f >= 0) channel_consent_.push_back(f);
  }
  Rebuild();
}

void DqnAgent::Rebuild() {
  MlpPolicyParams p = online_.Export();
  p.epsilon_greedy = true;
  p.epsilon = epsilon();
  policy_ = std::make_unique<MlpPolicy>(std::move(p));
}

void DqnAgent::Freeze() {
  frozen_ = true;
  Rebuild();
}

std::unique_ptr<Policy> DqnAgent::ExportPolicy() const { return std::make_unique<MlpPolicy>(*policy_); }

double DqnAgent::epsilon() const {
  if (frozen_) return params_.epsilon_end;
  const double f = std::min(1.0, decisions_ / params_.epsilon_decisions);
  return params_.epsilon_start + (params_.epsilon_end - params_.epsilon_start) * f;
}

void DqnAgent::Pmf(const MessageBatch& batch, std::size_t row, std::span<double> out) const {
  policy_->Pmf(batch.Context(row), batch.Eligible(row), out);
}

void DqnAgent::Allowed(const float* x, std::vector<std::uint8_t>& out) const {
  out.assign(consent_feature_.size(), 1);
  for (std::size_t a = 0; a < consent_feature_.size(); ++a) {
    if (consent_feature_[a] >= 0 && x[consent_feature_[a]] < 0.5F) out[a] = 0;
  }
}

void DqnAgent::Store(const std::vector<float>& x, int a, double r, const float* next, bool terminal) {
  const auto d = static_cast<std::size_t>(problem_.num_features());
  const auto cap = static_cast<std::size_t>(params_.replay_capacity);
  const auto slot = static_cast<std::size_t>(std::fmod(stored_, static_cast<double>(cap)));
  if (actions_.size() < cap && slot == actions_.size()) {
    states_.resize((slot + 1) * d);
    next_states_.resize((slot + 1) * d);
    actions_.push_back(0);
    rewards_.push_back(0.0);
    terminal_.push_back(0.0);
  }
  std::copy(x.begin(), x.end(), states_.begin() + static_cast<std::ptrdiff_t>(slot * d));
  if (next != nullptr) std::copy(next, next + d, next_states_.begin() + static_cast<std::ptrdiff_t>(slot * d));
  actions_[slot] = a;
  rewards_[slot] = r * params_.reward_scale;
  terminal_[slot] = terminal ? 1.0 : 0.0;
  stored_ += 1.0;
}

void DqnAgent::Learn(const FeedbackBatch& feedback, WorkerPool* /*pool*/) {
  if (frozen_) return;
  SimTime latest = -1;
  for (std::size_t i = 0; i < feedback.size(); ++i) {
    const UserId u = feedback.users[i];
    const float* x = feedback.Context(i).data();
    const auto it = pending_.find(u);
    if (it != pending_.end()) {
      const SimTime gap = feedback.times[i] - it->second.time;
      if (interval_ == 0 || (gap > 0 && gap < interval_)) interval_ = gap;
      double penalty = 0.0;
      for (int f : channel_consent_) {
        if (it->second.context[f] >= 0.5F && x[f] < 0.5F) penalty += params_.unsubscribe_penalty;
      }
      Store(it->second.context, it->second.action, it->second.reward - penalty, x, false);
    }
    Pending& p = pending_[u];
    p.time = feedback.times[i];
    p.action = feedback.actions[i];
    p.reward = feedback.rewards[i];
    p.context.assign(x, x + feedback.num_features);
    latest = std::max(latest, feedback.times[i]);
  }
  decisions_ += static_cast<double>(feedback.size());
  // Users silent for over 1.5 intervals have churned: their last transition is terminal.
  if (interval_ > 0 && latest >= 0) {
    std::vector<UserId> gone;
    for (const auto& [u, p] : pending_) {
      if (2 * (latest - p.time) > 3 * interval_) gone.push_back(u);
    }
    std::sort(gone.begin(), gone.end());
    for (UserId u : gone) {
      const Pending& p = pending_[u];
      Store(p.context, p.action, p.reward - params_.churn_penalty, nullptr, true);
      pending_.erase(u);
    }
  }
  if (feedback.now >= 0 && actions_.size() >= static_cast<std::size_t>(params_.batch_size)) {
    for (std::int64_t k = 0; k < params_.updates_per_sync; ++k) Update();
  }
  Rebuild();
}

void DqnAgent::Update() {
  const auto n = static_cast<Eigen::Index>(params_.batch_size);
  const auto d = static_cast<Eigen::Index>(problem_.num_features());
  Rng rng(seed(), StreamTag::kAgent, 0x64716e, static_cast<std::uint64_t>(updates_));
  Eigen::MatrixXd x(d, n), next(d, n);
  std::vector<std::size_t> rows(static_cast<std::size_t>(n));
  for (Eigen::Index i = 0; i < n; ++i) {
    const std::size_t r = rng.Below(actions_.size());
    rows[static_cast<std::size_t>(i)] = r;
    for (Eigen::Index f = 0; f < d; ++f) {
      x(f, i) = states_[r * static_cast<std::size_t>(d) + static_cast<std::size_t>(f)];
      next(f, i) = next_states_[r * static_cast<std::size_t>(d) + static_cast<std::size_t>(f)];
    }
  }
  const Eigen::MatrixXd q_next = online_.Forward(next);
  const Eigen::MatrixXd q_target = target_.Forward(next);
  std::vector<int> actions(static_cast<std::size_t>(n));
  std::vector<double> targets(static_cast<std::size_t>(n));
  std::vector<std::uint8_t> allowed;
  std::vector<float> xf(static_cast<std::size_t>(d));
  for (Eigen::Index i = 0; i < n; ++i) {
    const std::size_t r = rows[static_cast<std::size_t>(i)];
    actions[static_cast<std::size_t>(i)] = actions_[r];
    double y = rewards_[r];
    if (terminal_[r] == 0.0) {
      Allowed(&next_states_[r * static_cast<std::size_t>(d)], allowed);
      int best = 0;
      for (int a = 1; a < problem_.num_actions(); ++a) {
        if (allowed[static_cast<std::size_t>(a)] && q_next(a, i) > q_next(best, i)) best = a;
      }
      y += params_.gamma * q_target(best, i);
    }
    targets[static_cast<std::size_t>(i)] = y;
  }
  online_.TrainStep(x, actions, targets, params_.learning_rate);
  updates_ += 1.0;
  if (std::fmod(updates_, static_cast<double>(params_.target_every)) == 0.0) target_.CopyWeightsFrom(online_);
}

std::string DqnAgent::SaveState() const {
  StateWriter w("dqn");
  w.Add("shape", {static_cast<double>(problem_.num_features()), static_cast<double>(problem_.num_actions()),
                  static_cast<double>(params_.hidden), static_cast<double>(params_.replay_capacity)});
  w.Add("counters", {decisions_, updates_, stored_, static_cast<double>(interval_),
                     static_cast<double>(episodes_), frozen_ ? 1.0 : 0.0});
  w.Add("online", online_.Parameters());
  w.Add("target", target_.Parameters());
  w.Add("states", std::vector<double>(states_.begin(), states_.end()));
  w.Add("next_states", std::vector<double>(next_states_.begin(), next_states_.end()));
  w.Add("actions", std::vector<double>(actions_.begin(), actions_.end()));
  w.Add("rewards", rewards_);
  w.Add("terminal", terminal_);
  // Decisions waiting for their user's next one, by user: user, time, action, reward, context.
  std::vector<UserId> users;
  for (const auto& [u, p] : pending_) users.push_back(u);
  std::sort(users.begin(), users.end());
  std::vector<double> pending;
  for (UserId u : users) {
    const Pending& p = pending_.at(u);
    pending.insert(pending.end(), {static_cast<double>(u), static_cast<double>(p.time),
                                   static_cast<double>(p.action), p.reward});
    pending.insert(pending.end(), p.context.begin(), p.context.end());
  }
  w.Add("pending", pending);
  return w.str();
}

void DqnAgent::LoadState(const std::string& state) {
  const StateReader r(state, "dqn");
  std::vector<double> shape(4), counters(6);
  r.Get("shape", shape);
  if (shape[0] != problem_.num_features() || shape[1] != problem_.num_actions() ||
      shape[2] != static_cast<double>(params_.hidden) ||
      shape[3] != static_cast<double>(params_.replay_capacity)) {
    throw std::invalid_argument("dqn checkpoint: made for another feature or action count, hidden size or "
                                "replay capacity than this agent's");
  }
  // Read and check everything first: a checkpoint that fails half-way changes nothing.
  r.Get("counters", counters);
  std::vector<double> online(online_.num_parameters()), target(target_.num_parameters());
  r.Get("online", online);
  r.Get("target", target);
  const auto d = static_cast<std::size_t>(problem_.num_features());
  std::vector<double> states(r.Size("states")), next(r.Size("next_states")), actions(r.Size("actions"));
  r.Get("states", states);
  r.Get("next_states", next);
  r.Get("actions", actions);
  const std::size_t n = actions.size();
  std::vector<double> rewards(n), terminal(n), pending(r.Size("pending"));
  r.Get("rewards", rewards);
  r.Get("terminal", terminal);
  r.Get("pending", pending);
  const double expected = std::min(counters[2], static_cast<double>(params_.replay_capacity));
  bool ok = states.size() == n * d && next.size() == n * d && static_cast<double>(n) == expected &&
            pending.size() % (4 + d) == 0;
  for (double a : actions) ok = ok && a >= 0.0 && a < problem_.num_actions() && a == std::floor(a);
  if (!ok) throw std::invalid_argument("dqn checkpoint: the replay memory's arrays do not fit together");
  Mlp online_net = online_, target_net = target_;
  online_net.SetParameters(online);
  target_net.SetParameters(target);
  std::unordered_map<UserId, Pending> waiting;
  for (std::size_t i = 0; i < pending.size(); i += 4 + d) {
    Pending& p = waiting[static_cast<UserId>(pending[i])];
    p.time = static_cast<SimTime>(pending[i + 1]);
    p.action = static_cast<int>(pending[i + 2]);
    p.reward = pending[i + 3];
    p.context.assign(pending.begin() + static_cast<std::ptrdiff_t>(i + 4),
                     pending.begin() + static_cast<std::ptrdiff_t>(i + 4 + d));
  }
  decisions_ = counters[0], updates_ = counters[1], stored_ = counters[2];
  interval_ = static_cast<SimTime>(counters[3]);
  episodes_ = static_cast<std::int64_t>(counters[4]);
  frozen_ = counters[5] != 0.0;
  online_ = std::move(online_net);
  target_ = std::move(target_net);
  states_.assign(states.begin(), states.end());
  next_states_.assign(next.begin(), next.end());
  actions_.assign(actions.begin(), actions.end());
  rewards_.swap(rewards);
  terminal_.swap(terminal);
  pending_.swap(waiting);
  Rebuild();
}

}  // namespace campsim
