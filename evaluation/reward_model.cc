#include "evaluation/reward_model.h"

#include <Eigen/Dense>
#include <cmath>
#include <stdexcept>
#include <string>

#include "core/rng.h"

namespace campsim {

namespace {

using Matrix = Eigen::MatrixXd;
using Vector = Eigen::VectorXd;

Vector Features(const LoggedFeedback& log, std::size_t i) {
  Vector x(log.num_features + 1);
  x(0) = 1.0;
  const auto c = log.Context(i);
  for (int j = 0; j < log.num_features; ++j) x(j + 1) = c[j];
  return x;
}

Matrix Penalty(int p, double lambda) {
  Matrix penalty = lambda * Matrix::Identity(p, p);
  penalty(0, 0) = 1e-9;  // do not shrink the bias
  return penalty;
}

}  // namespace

std::vector<double> CrossFitRewardModel(const LoggedFeedback& log, const RewardModelOptions& options) {
  if (options.kind != "ridge" && options.kind != "logistic") {
    throw std::invalid_argument("reward model: kind must be ridge or logistic, not '" + options.kind + "'");
  }
  if (options.folds < 1) throw std::invalid_argument("reward model: folds must be >= 1");
  const std::size_t n = log.size();
  const int k = log.num_actions;
  const int p = log.num_features + 1;
  const int folds = options.folds;
  if (log.rewards.size() != n || log.contexts.size() != n * static_cast<std::size_t>(log.num_features)) {
    throw std::invalid_argument("reward model: rewards and contexts must have one row per action");
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (log.actions[i] < 0 || log.actions[i] >= k) {
      throw std::invalid_argument("reward model: row " + std::to_string(i) + " has action " +
                                  std::to_string(log.actions[i]) + " out of range");
    }
  }
  std::vector<int> fold(n);
  for (std::size_t i = 0; i < n; ++i) {
    fold[i] = folds == 1 ? 0 : static_cast<int>(Rng(options.seed, StreamTag::kAgent, i, 0xF01D).Below(folds));
  }
  std::vector<double> qhat(n * k, 0.0);
  const Matrix penalty = Penalty(p, options.lambda);

  if (options.kind == "ridge") {
    // Sufficient statistics per (action, fold).
    std::vector<Matrix> xtx(static_cast<std::size_t>(k) * folds, Matrix::Zero(p, p));
    std::vector<Vector> xtr(static_cast<std::size_t>(k) * folds, Vector::Zero(p));
    for (std::size_t i = 0; i < n; ++i) {
      const Vector x = Features(log, i);
      const std::size_t slot = static_cast<std::size_t>(log.actions[i]) * folds + fold[i];
      xtx[slot].selfadjointView<Eigen::Lower>().rankUpdate(x);
      xtr[slot] += log.rewards[i] * x;
    }
    for (auto& m : xtx) m = m.selfadjointView<Eigen::Lower>();
    std::vector<Vector> weights(static_cast<std::size_t>(k) * folds);
    for (int a = 0; a < k; ++a) {
      Matrix total_xtx = Matrix::Zero(p, p);
      Vector total_xtr = Vector::Zero(p);
      for (int f = 0; f < folds; ++f) {
        total_xtx += xtx[static_cast<std::size_t>(a) * folds + f];
        total_xtr += xtr[static_cast<std::size_t>(a) * folds + f];
      }
      for (int f = 0; f < folds; ++f) {
        const std::size_t slot = static_cast<std::size_t>(a) * folds + f;
        const Matrix lhs = folds == 1 ? total_xtx : Matrix(total_xtx - xtx[slot]);
        const Vector rhs = folds == 1 ? total_xtr : Vector(total_xtr - xtr[slot]);
        weights[slot] = (lhs + penalty).ldlt().solve(rhs);
      }
    }
    for (std::size_t i = 0; i < n; ++i) {
      const Vector x = Features(log, i);
      for (int a = 0; a < k; ++a) qhat[i * k + a] = weights[static_cast<std::size_t>(a) * folds + fold[i]].dot(x);
    }
    return qhat;
  }

  // Logistic: IRLS per (action, fold), trained on the action's rows outside the fold.
  std::vector<std::vector<std::size_t>> rows(k);
  double successes = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    rows[log.actions[i]].push_back(i);
    successes += log.rewards[i] > 0.0 ? 1.0 : 0.0;
  }
  // An action with no training rows gets the overall success rate, not sigmoid(0) = 0.5.
  const double overall = n > 0 ? successes / static_cast<double>(n) : 0.0;
  for (int a = 0; a < k; ++a) {
    for (int f = 0; f < folds; ++f) {
      std::vector<std::size_t> train;
      for (std::size_t i : rows[a]) {
        if (folds == 1 || fold[i] != f) train.push_back(i);
      }
      Matrix x(static_cast<Eigen::Index>(train.size()), p);
      Vector y(static_cast<Eigen::Index>(train.size()));
      for (std::size_t r = 0; r < train.size(); ++r) {
        x.row(static_cast<Eigen::Index>(r)) = Features(log, train[r]).transpose();
        y(static_cast<Eigen::Index>(r)) = log.rewards[train[r]] > 0.0 ? 1.0 : 0.0;
      }
      if (train.empty()) {
        for (std::size_t i = 0; i < n; ++i) {
          if (folds == 1 || fold[i] == f) qhat[i * k + a] = overall;
        }
        continue;
      }
      Vector w = Vector::Zero(p);
      for (int step = 0; step < options.newton_steps; ++step) {
        const Vector prob = (1.0 + (-(x * w)).array().exp()).inverse().matrix();
        const Vector gradient = x.transpose() * (prob - y) + penalty * w;
        const Vector curvature = (prob.array() * (1.0 - prob.array())).matrix();
        const Matrix hessian = x.transpose() * curvature.asDiagonal() * x + penalty;
        const Vector delta = hessian.ldlt().solve(gradient);
        w -= delta;
        if (delta.norm() < 1e-10) break;
      }
      for (std::size_t i = 0; i < n; ++i) {
        if (folds > 1 && fold[i] != f) continue;
        qhat[i * k + a] = 1.0 / (1.0 + std::exp(-w.dot(Features(log, i))));
      }
    }
  }
  return qhat;
}

}  // namespace campsim
