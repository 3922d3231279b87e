#include "agents/bandits/logistic_ts.h"

#include <Eigen/Dense>
#include <cmath>

#include "agents/bandits/state_io.h"

namespace campsim {

void LogisticTsParams::Describe(ConfigVisitor& v) {
  v.Field("prior_precision", prior_precision, "Initial precision q of every weight.", Positive());
  v.Field("posterior_scale", posterior_scale,
          "Multiplies the posterior standard deviation when sampling (1 = plain TS).", Positive());
  v.Field("newton_steps", newton_steps, "Diagonal Newton steps per action per update.",
          IntRange(1, 100));
}

LogisticTsAgent::LogisticTsAgent(const LogisticTsParams& params, const MessageProblem& problem)
    : MessageAgent(problem.seed),
      params_(params),
      k_(problem.num_actions()),
      p_(problem.num_features() + 1),
      means_(static_cast<std::size_t>(k_) * p_, 0.0),
      precisions_(static_cast<std::size_t>(k_) * p_ * p_, 0.0),
      covariances_(precisions_.size(), 0.0) {
  for (int a = 0; a < k_; ++a) {
    for (int i = 0; i < p_; ++i) {
      const std::size_t at = (static_cast<std::size_t>(a) * p_ + i) * p_ + i;
      precisions_[at] = params.prior_precision;
      covariances_[at] = 1.0 / params.prior_precision;
    }
  }
  Rebuild();
}

void LogisticTsAgent::Rebuild() {
  LinearPolicyParams p;
  p.exploration = LinearExploration::kThompson;
  p.num_actions = k_;
  p.num_features = p_ - 1;
  p.weights = means_;
  p.covariances = covariances_;
  p.scale = params_.posterior_scale;
  policy_ = std::make_unique<LinearPolicy>(std::move(p));
}

void LogisticTsAgent::Pmf(const MessageBatch& batch, std::size_t row, std::span<double> out) const {
  policy_->Pmf(batch.Context(row), batch.Eligible(row), out);
}

void LogisticTsAgent::Learn(const FeedbackBatch& feedback, WorkerPool* /*pool*/) {
  if (feedback.size() == 0) return;
  using Matrix = Eigen::MatrixXd;
  using Vector = Eigen::VectorXd;
  std::vector<std::vector<std::size_t>> rows(k_);
  for (std::size_t i = 0; i < feedback.size(); ++i) rows[feedback.actions[i]].push_back(i);
  for (int a = 0; a < k_; ++a) {
    if (rows[a].empty()) continue;
    const std::size_t n = rows[a].size();
    Matrix x(n, p_);
    Vector y(n);
    for (std::size_t r = 0; r < n; ++r) {
      const auto context = feedback.Context(rows[a][r]);
      x(static_cast<Eigen::Index>(r), 0) = 1.0;
      for (int i = 1; i < p_; ++i) x(static_cast<Eigen::Index>(r), i) = context[i - 1];
      y(static_cast<Eigen::Index>(r)) = feedback.rewards[rows[a][r]] > 0.0 ? 1.0 : 0.0;
    }
    Eigen::Map<Vector> m(means_.data() + static_cast<std::size_t>(a) * p_, p_);
    Eigen::Map<Matrix> precision(precisions_.data() + static_cast<std::size_t>(a) * p_ * p_, p_, p_);
    Vector w = m;
    Vector prob(n);
    auto probabilities = [&] { prob = (-(x * w).array()).exp().matrix(); prob = (1.0 + prob.array()).inverse().matrix(); };
    for (std::int64_t step = 0; step < params_.newton_steps; ++step) {
      probabilities();
      const Vector gradient = precision * (w - m) + x.transpose() * (prob - y);
      const Vector curvature = (prob.array() * (1.0 - prob.array())).matrix();
      const Matrix hessian = precision + x.transpose() * curvature.asDiagonal() * x;
      w -= hessian.llt().solve(gradient);
    }
    probabilities();
    const Vector curvature = (prob.array() * (1.0 - prob.array())).matrix();
    precision += x.transpose() * curvature.asDiagonal() * x;
    m = w;
    Eigen::Map<Matrix> covariance(covariances_.data() + static_cast<std::size_t>(a) * p_ * p_, p_, p_);
    covariance = precision.llt().solve(Matrix::Identity(p_, p_));
  }
  Rebuild();
}

std::string LogisticTsAgent::SaveState() const {
  StateWriter out("logistic_ts");
  out.Add("means", means_);
  out.Add("precisions", precisions_);
  out.Add("covariances", covariances_);
  return out.str();
}

void LogisticTsAgent::LoadState(const std::string& state) {
  const StateReader in(state, "logistic_ts");
  std::vector<double> means = means_, precisions = precisions_, covariances = covariances_;
  in.Get("means", means);
  in.Get("precisions", precisions);
  in.Get("covariances", covariances);
  means_.swap(means);
  precisions_.swap(precisions);
  covariances_.swap(covariances);
  Rebuild();
}

std::unique_ptr<Policy> LogisticTsAgent::ExportPolicy() const {
  return std::make_unique<LinearPolicy>(*policy_);
}

}  // namespace campsim
