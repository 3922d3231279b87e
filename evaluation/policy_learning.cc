#include "evaluation/policy_learning.h"

#include <Eigen/Dense>
#include <algorithm>
#include <stdexcept>

namespace campsim {

namespace {

using Matrix = Eigen::MatrixXd;
using Vector = Eigen::VectorXd;

}  // namespace

LinearRewardFit LearnLinearRewards(const LoggedFeedback& log, const PolicyLearningOptions& options) {
  const std::string& m = options.method;
  if (m != "dm" && m != "iw" && m != "dr") {
    throw std::invalid_argument("policy learning: method must be dm, iw or dr, not '" + m + "'");
  }
  if (!(options.lambda > 0.0) || !(options.max_weight > 0.0)) {
    throw std::invalid_argument("policy learning: lambda and max_weight must be > 0");
  }
  const std::size_t n = log.size();
  const int k = log.num_actions, p = log.num_features + 1;
  if (n == 0) throw std::invalid_argument("policy learning: the log has no rows");
  // Validate the log itself (any valid pmf will do: the logged actions' one-hot).
  std::vector<double> one_hot(n * static_cast<std::size_t>(k), 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    if (log.actions[i] >= 0 && log.actions[i] < k) one_hot[i * k + log.actions[i]] = 1.0;
  }
  Validate(log, one_hot);
  std::vector<double> qhat;
  if (m == "dr") qhat = CrossFitRewardModel(log, options.reward_model);

  std::vector<Matrix> fit_xtx(k, Matrix::Zero(p, p)), spread_xtx(k, Matrix::Zero(p, p));
  std::vector<Vector> fit_xtr(k, Vector::Zero(p));
  LinearRewardFit out;
  out.num_features = log.num_features;
  out.num_actions = k;
  out.counts.assign(k, 0.0);
  Vector x(p);
  for (std::size_t i = 0; i < n; ++i) {
    x(0) = 1.0;
    const auto c = log.Context(i);
    for (int j = 0; j < log.num_features; ++j) x(j + 1) = c[j];
    const int logged = log.actions[i];
    out.counts[logged] += 1.0;
    spread_xtx[logged].selfadjointView<Eigen::Lower>().rankUpdate(x);
    if (m == "dm" || m == "iw") {
      const double w = m == "dm" ? 1.0 : std::min(options.max_weight, 1.0 / log.pscores[i]);
      fit_xtx[logged].selfadjointView<Eigen::Lower>().rankUpdate(x, w);
      fit_xtr[logged] += w * log.rewards[i] * x;
      continue;
    }
    for (int a = 0; a < k; ++a) {
      if (!log.Eligible(i, a)) continue;
      const double q = qhat[i * k + a];
      const double target = a == logged ? q + (log.rewards[i] - q) / log.pscores[i] : q;
      fit_xtx[a].selfadjointView<Eigen::Lower>().rankUpdate(x);
      fit_xtr[a] += target * x;
    }
  }
  Matrix penalty = options.lambda * Matrix::Identity(p, p);
  penalty(0, 0) = 1e-9;  // do not shrink the bias
  for (int a = 0; a < k; ++a) {
    const Matrix lhs = Matrix(fit_xtx[a].selfadjointView<Eigen::Lower>()) + penalty;
    const Vector w = lhs.ldlt().solve(fit_xtr[a]);
    out.weights.insert(out.weights.end(), w.data(), w.data() + p);
    const Matrix spread = Matrix(spread_xtx[a].selfadjointView<Eigen::Lower>()) +
                          options.lambda * Matrix::Identity(p, p);
    const Matrix inverse = spread.ldlt().solve(Matrix::Identity(p, p));
    for (int r = 0; r < p; ++r) {
      for (int col = 0; col < p; ++col) out.covariances.push_back(0.5 * (inverse(r, col) + inverse(col, r)));
    }
  }
  return out;
}

}  // namespace campsim
