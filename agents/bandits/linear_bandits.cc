#include "agents/bandits/linear_bandits.h"

#include <algorithm>

#include "agents/bandits/state_io.h"

namespace campsim {

void EpsilonGreedyParams::Describe(ConfigVisitor& v) {
  v.Field("epsilon", epsilon, "Probability of exploring uniformly.", Probability());
  v.Field("ridge_lambda", ridge_lambda, "Ridge penalty (prior precision) of each action's model.",
          Positive());
}

void LinUcbParams::Describe(ConfigVisitor& v) {
  v.Locate(where);
  v.Field("alpha", alpha, "Width of the confidence bonus alpha * sqrt(x' A^-1 x).", NonNegative());
  v.Field("ridge_lambda", ridge_lambda, "Ridge penalty (prior precision) of each action's model.",
          Positive());
  v.Field("variant", variant,
          "disjoint: one model per action (Algorithm 1); hybrid: plus a model shared across "
          "actions on action features x shared context features (Algorithm 2).",
          OneOf({"disjoint", "hybrid"}));
  v.Field("shared_features", shared_features,
          "hybrid: context features crossed with the action features (default: affinity_*).");
}

void LinTsParams::Describe(ConfigVisitor& v) {
  v.Field("posterior_scale", posterior_scale,
          "v: posterior covariance is v^2 A^-1 (larger explores more).", Positive());
  v.Field("ridge_lambda", ridge_lambda, "Ridge penalty (prior precision) of each action's model.",
          Positive());
}

void SoftmaxParams::Describe(ConfigVisitor& v) {
  v.Field("temperature", temperature, "Initial temperature (in reward units).", Positive());
  v.Field("min_temperature", min_temperature, "Temperature never falls below this.", Positive());
  v.Field("decay_decisions", decay_decisions,
          "Temperature halves after this many learned decisions (then keeps falling as 1/t).",
          Positive());
  v.Field("ridge_lambda", ridge_lambda, "Ridge penalty (prior precision) of each action's model.",
          Positive());
}

RidgeBandit::RidgeBandit(const MessageProblem& problem, double lambda,
                         LinearPolicyParams exploration, std::string kind)
    : MessageAgent(problem.seed),
      kind_(std::move(kind)),
      models_(problem.num_actions(), problem.num_features(), lambda),
      template_(std::move(exploration)) {
  template_.num_actions = problem.num_actions();
  template_.num_features = problem.num_features();
  Rebuild();
}

void RidgeBandit::Rebuild() {
  LinearPolicyParams params = template_;
  params.weights = models_.weights();
  if (params.exploration == LinearExploration::kUcb ||
      params.exploration == LinearExploration::kThompson) {
    params.covariances = models_.inverses();
  }
  Schedule(params);
  policy_ = std::make_unique<LinearPolicy>(std::move(params));
}

void RidgeBandit::Pmf(const MessageBatch& batch, std::size_t row, std::span<double> out) const {
  policy_->Pmf(batch.Context(row), batch.Eligible(row), out);
}

void RidgeBandit::Learn(const FeedbackBatch& feedback, WorkerPool* pool) {
  if (feedback.size() == 0) return;
  models_.Add(feedback, pool);
  decisions_learned_ += static_cast<double>(feedback.size());
  models_.RefreshWeights();
  Rebuild();
}

std::string RidgeBandit::SaveState() const {
  StateWriter out(kind_);
  out.Add("decisions_learned", decisions_learned_);
  models_.Save(out, "ridge.");
  return out.str();
}

void RidgeBandit::LoadState(const std::string& state) {
  const StateReader in(state, kind_);
  const double decisions = in.Get("decisions_learned");
  models_.Load(in, "ridge.");  // all or nothing
  decisions_learned_ = decisions;
  Rebuild();
}

std::unique_ptr<Policy> RidgeBandit::ExportPolicy() const {
  return std::make_unique<LinearPolicy>(*policy_);
}

namespace {
LinearPolicyParams Exploration(LinearExploration kind) {
  LinearPolicyParams p;
  p.exploration = kind;
  return p;
}
}  // namespace

EpsilonGreedyAgent::EpsilonGreedyAgent(const EpsilonGreedyParams& params,
                                       const MessageProblem& problem)
    : RidgeBandit(problem, params.ridge_lambda,
                  [&] {
                    LinearPolicyParams p = Exploration(LinearExploration::kEpsilonGreedy);
                    p.epsilon = params.epsilon;
                    return p;
                  }(),
                  "epsilon_greedy") {}

LinUcbAgent::LinUcbAgent(const LinUcbParams& params, const MessageProblem& problem)
    : RidgeBandit(problem, params.ridge_lambda,
                  [&] {
                    LinearPolicyParams p = Exploration(LinearExploration::kUcb);
                    p.alpha = params.alpha;
                    return p;
                  }(),
                  "lin_ucb") {}

LinTsAgent::LinTsAgent(const LinTsParams& params, const MessageProblem& problem)
    : RidgeBandit(problem, params.ridge_lambda,
                  [&] {
                    LinearPolicyParams p = Exploration(LinearExploration::kThompson);
                    p.scale = params.posterior_scale;
                    return p;
                  }(),
                  "lin_ts") {}

SoftmaxAgent::SoftmaxAgent(const SoftmaxParams& params, const MessageProblem& problem)
    : RidgeBandit(problem, params.ridge_lambda, Exploration(LinearExploration::kSoftmax), "softmax"),
      params_(params) {
  Rebuild();  // the base built its policy before params_ existed
}

void SoftmaxAgent::Schedule(LinearPolicyParams& policy) const {
  policy.temperature = std::max(params_.min_temperature,
                                params_.temperature / (1.0 + decisions_learned() / params_.decay_decisions));
}

}  // namespace campsim
