#include "agents/bandits/hybrid_lin_ucb.h"

#include <Eigen/Dense>

#include "agents/bandits/ridge.h"
#include "agents/bandits/state_io.h"

namespace campsim {

HybridLinUcbAgent::HybridLinUcbAgent(const LinUcbParams& params, const MessageProblem& problem)
    : MessageAgent(problem.seed) {
  frozen_.num_actions = problem.num_actions();
  frozen_.num_features = problem.num_features();
  frozen_.num_action_features = static_cast<int>(problem.action_feature_names.size());
  frozen_.action_features = problem.action_features;
  frozen_.alpha = params.alpha;
  if (params.shared_features.empty()) {
    for (int j = 0; j < problem.num_features(); ++j) {
      if (problem.feature_names[j].rfind("affinity_", 0) == 0) frozen_.shared_features.push_back(j);
    }
  } else {
    for (const auto& name : params.shared_features) {
      const int j = problem.FeatureIndex(name);
      if (j < 0) throw ConfigError(params.where, "lin_ucb shared_features names unknown context feature '" + name + "'");
      frozen_.shared_features.push_back(j);
    }
  }
  if (frozen_.num_action_features == 0) {
    throw ConfigError(params.where, "lin_ucb variant hybrid needs action features");
  }
  p_ = frozen_.num_features + 1;
  k_ = frozen_.shared_dims();
  const auto n = static_cast<std::size_t>(frozen_.num_actions);
  a_inverse_.assign(n * p_ * p_, 0.0);
  for (std::size_t a = 0; a < n; ++a) {
    for (int i = 0; i < p_; ++i) a_inverse_[(a * p_ + i) * p_ + i] = 1.0 / params.ridge_lambda;
  }
  b_matrix_.assign(n * p_ * k_, 0.0);
  b_vector_.assign(n * p_, 0.0);
  a0_.assign(static_cast<std::size_t>(k_) * k_, 0.0);
  for (int i = 0; i < k_; ++i) a0_[static_cast<std::size_t>(i) * k_ + i] = params.ridge_lambda;
  b0_.assign(k_, 0.0);
  Rebuild();
}

void HybridLinUcbAgent::Cross(int a, std::vector<double>& out, std::vector<double>& v) const {
  using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  const Eigen::Map<const RowMajor> inv(a_inverse_.data() + static_cast<std::size_t>(a) * p_ * p_, p_, p_);
  const Eigen::Map<const RowMajor> b(b_matrix_.data() + static_cast<std::size_t>(a) * p_ * k_, p_, k_);
  const Eigen::Map<const Eigen::VectorXd> bv(b_vector_.data() + static_cast<std::size_t>(a) * p_, p_);
  const RowMajor inv_b = inv * b;
  Eigen::Map<RowMajor>(out.data(), k_, k_) = b.transpose() * inv_b;
  Eigen::Map<Eigen::VectorXd>(v.data(), k_) = inv_b.transpose() * bv;
}

void HybridLinUcbAgent::Learn(const FeedbackBatch& feedback, WorkerPool* /*pool*/) {
  if (feedback.size() == 0) return;
  const auto n = static_cast<std::size_t>(frozen_.num_actions);
  std::vector<std::uint8_t> touched(n, 0);
  for (std::size_t i = 0; i < feedback.size(); ++i) touched[feedback.actions[i]] = 1;
  std::vector<double> cross(static_cast<std::size_t>(k_) * k_), v(k_);
  auto correct = [&](double sign) {
    for (std::size_t a = 0; a < n; ++a) {
      if (!touched[a]) continue;
      Cross(static_cast<int>(a), cross, v);
      for (std::size_t i = 0; i < cross.size(); ++i) a0_[i] += sign * cross[i];
      for (int i = 0; i < k_; ++i) b0_[i] += sign * v[i];
    }
  };
  correct(+1.0);
  std::vector<double> x(p_), z(k_), ax(p_);
  for (std::size_t r = 0; r < feedback.size(); ++r) {
    const int a = feedback.actions[r];
    const auto context = feedback.Context(r);
    const double reward = feedback.rewards[r];
    x[0] = 1.0;
    for (int i = 1; i < p_; ++i) x[i] = context[i - 1];
    HybridSharedFeatures(frozen_, a, context, z);
    ShermanMorrisonUpdate(a_inverse_.data() + static_cast<std::size_t>(a) * p_ * p_, p_, x.data(),
                          ax.data());
    double* b = b_matrix_.data() + static_cast<std::size_t>(a) * p_ * k_;
    double* bv = b_vector_.data() + static_cast<std::size_t>(a) * p_;
    for (int i = 0; i < p_; ++i) {
      for (int c = 0; c < k_; ++c) b[i * k_ + c] += x[i] * z[c];
      bv[i] += reward * x[i];
    }
    for (int i = 0; i < k_; ++i) {
      for (int c = 0; c < k_; ++c) a0_[static_cast<std::size_t>(i) * k_ + c] += z[i] * z[c];
      b0_[i] += reward * z[i];
    }
  }
  correct(-1.0);
  Rebuild();
}

void HybridLinUcbAgent::Rebuild() {
  using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  const Eigen::Map<const RowMajor> a0(a0_.data(), k_, k_);
  const RowMajor a0_inverse = a0.llt().solve(RowMajor::Identity(k_, k_));
  const Eigen::VectorXd beta = a0_inverse * Eigen::Map<const Eigen::VectorXd>(b0_.data(), k_);
  HybridLinUcbParams params = frozen_;
  params.a0_inverse.assign(a0_inverse.data(), a0_inverse.data() + a0_inverse.size());
  params.beta.assign(beta.data(), beta.data() + beta.size());
  params.a_inverse = a_inverse_;
  params.b_matrix = b_matrix_;
  const auto n = static_cast<std::size_t>(frozen_.num_actions);
  params.theta.assign(n * p_, 0.0);
  for (std::size_t a = 0; a < n; ++a) {
    const Eigen::Map<const RowMajor> inv(a_inverse_.data() + a * p_ * p_, p_, p_);
    const Eigen::Map<const RowMajor> b(b_matrix_.data() + a * p_ * k_, p_, k_);
    const Eigen::Map<const Eigen::VectorXd> bv(b_vector_.data() + a * p_, p_);
    const Eigen::VectorXd theta = inv * (bv - b * beta);
    std::copy(theta.data(), theta.data() + p_, params.theta.begin() + static_cast<std::ptrdiff_t>(a * p_));
  }
  policy_ = std::make_unique<HybridLinUcbPolicy>(std::move(params));
}

void HybridLinUcbAgent::Pmf(const MessageBatch& batch, std::size_t row, std::span<double> out) const {
  policy_->Pmf(batch.Context(row), batch.Eligible(row), out);
}

std::string HybridLinUcbAgent::SaveState() const {
  StateWriter out("hybrid_lin_ucb");
  out.Add("a_inverse", a_inverse_);
  out.Add("b_matrix", b_matrix_);
  out.Add("b_vector", b_vector_);
  out.Add("a0", a0_);
  out.Add("b0", b0_);
  return out.str();
}

void HybridLinUcbAgent::LoadState(const std::string& state) {
  const StateReader in(state, "hybrid_lin_ucb");
  std::vector<double> a_inverse = a_inverse_, b_matrix = b_matrix_, b_vector = b_vector_, a0 = a0_,
                      b0 = b0_;
  in.Get("a_inverse", a_inverse);
  in.Get("b_matrix", b_matrix);
  in.Get("b_vector", b_vector);
  in.Get("a0", a0);
  in.Get("b0", b0);
  a_inverse_.swap(a_inverse);
  b_matrix_.swap(b_matrix);
  b_vector_.swap(b_vector);
  a0_.swap(a0);
  b0_.swap(b0);
  Rebuild();
}

std::unique_ptr<Policy> HybridLinUcbAgent::ExportPolicy() const {
  return std::make_unique<HybridLinUcbPolicy>(*policy_);
}

}  // namespace campsim
