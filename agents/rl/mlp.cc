#include "agents/rl/mlp.h"

#include <cmath>
#include <stdexcept>

#include "agents/rl/adam.h"
#include "core/rng.h"

namespace campsim {

namespace {

void Init(Eigen::MatrixXd& w, Rng& rng) {
  const double scale = std::sqrt(2.0 / static_cast<double>(w.cols()));
  for (Eigen::Index c = 0; c < w.cols(); ++c) {
    for (Eigen::Index r = 0; r < w.rows(); ++r) w(r, c) = scale * rng.Normal();
  }
}

}  // namespace

template <typename F>
void Mlp::EachArray(F&& f) {
  f(w1_.data(), w1_.size());
  f(b1_.data(), b1_.size());
  f(w2_.data(), w2_.size());
  f(b2_.data(), b2_.size());
  f(w3_.data(), w3_.size());
  f(b3_.data(), b3_.size());
}

Mlp::Mlp(int inputs, int hidden, int outputs, std::uint64_t seed)
    : w1_(hidden, inputs), w2_(hidden, hidden), w3_(outputs, hidden),
      b1_(Eigen::VectorXd::Zero(hidden)), b2_(Eigen::VectorXd::Zero(hidden)),
      b3_(Eigen::VectorXd::Zero(outputs)) {
  Rng rng(seed, StreamTag::kAgent, 0x6d6c70);
  Init(w1_, rng);
  Init(w2_, rng);
  Init(w3_, rng);
  m_.assign(num_parameters() / 3, 0.0);
  v_.assign(m_.size(), 0.0);
}

std::size_t Mlp::num_parameters() const {
  const auto weights = static_cast<std::size_t>(w1_.size() + b1_.size() + w2_.size() + b2_.size() +
                                                w3_.size() + b3_.size());
  return 3 * weights + 1;  // weights, Adam m, Adam v, step count
}

Eigen::MatrixXd Mlp::Forward(const Eigen::MatrixXd& x) const {
  const Eigen::MatrixXd h1 = ((w1_ * x).colwise() + b1_).cwiseMax(0.0);
  const Eigen::MatrixXd h2 = ((w2_ * h1).colwise() + b2_).cwiseMax(0.0);
  return (w3_ * h2).colwise() + b3_;
}

double Mlp::TrainStep(const Eigen::MatrixXd& x, const std::vector<int>& actions,
                      const std::vector<double>& targets, double learning_rate) {
  const Eigen::Index n = x.cols();
  const Eigen::MatrixXd z1 = (w1_ * x).colwise() + b1_;
  const Eigen::MatrixXd h1 = z1.cwiseMax(0.0);
  const Eigen::MatrixXd z2 = (w2_ * h1).colwise() + b2_;
  const Eigen::MatrixXd h2 = z2.cwiseMax(0.0);
  const Eigen::MatrixXd q = (w3_ * h2).colwise() + b3_;
  Eigen::MatrixXd dq = Eigen::MatrixXd::Zero(q.rows(), n);
  double loss = 0.0;
  for (Eigen::Index i = 0; i < n; ++i) {
    const double e = q(actions[static_cast<std::size_t>(i)], i) - targets[static_cast<std::size_t>(i)];
    const double a = std::abs(e);
    loss += a <= 1.0 ? 0.5 * e * e : a - 0.5;
    dq(actions[static_cast<std::size_t>(i)], i) = (a <= 1.0 ? e : (e > 0 ? 1.0 : -1.0)) / static_cast<double>(n);
  }
  const Eigen::MatrixXd gw3 = dq * h2.transpose();
  const Eigen::VectorXd gb3 = dq.rowwise().sum();
  const Eigen::MatrixXd d2 = ((w3_.transpose() * dq).array() * (z2.array() > 0.0).cast<double>()).matrix();
  const Eigen::MatrixXd gw2 = d2 * h1.transpose();
  const Eigen::VectorXd gb2 = d2.rowwise().sum();
  const Eigen::MatrixXd d1 = ((w2_.transpose() * d2).array() * (z1.array() > 0.0).cast<double>()).matrix();
  const Eigen::MatrixXd gw1 = d1 * x.transpose();
  const Eigen::VectorXd gb1 = d1.rowwise().sum();
  const double* grads[] = {gw1.data(), gb1.data(), gw2.data(), gb2.data(), gw3.data(), gb3.data()};
  steps_ += 1.0;
  const AdamCorrection correction = AdamCorrections(steps_);
  std::size_t k = 0;
  int array = 0;
  EachArray([&](double* w, Eigen::Index size) {
    const double* g = grads[array++];
    for (Eigen::Index i = 0; i < size; ++i, ++k) w[i] -= AdamStep(g[i], m_[k], v_[k], correction, learning_rate);
  });
  return loss / static_cast<double>(n);
}

std::vector<double> Mlp::Parameters() const {
  std::vector<double> out;
  const_cast<Mlp&>(*this).EachArray([&](double* w, Eigen::Index size) { out.insert(out.end(), w, w + size); });
  out.insert(out.end(), m_.begin(), m_.end());
  out.insert(out.end(), v_.begin(), v_.end());
  out.push_back(steps_);
  return out;
}

void Mlp::SetParameters(const std::vector<double>& values) {
  if (values.size() != num_parameters()) {
    throw std::invalid_argument("mlp: expected " + std::to_string(num_parameters()) +
                                " parameters, got " + std::to_string(values.size()));
  }
  std::size_t k = 0;
  EachArray([&](double* w, Eigen::Index size) {
    for (Eigen::Index i = 0; i < size; ++i) w[i] = values[k++];
  });
  for (double& m : m_) m = values[k++];
  for (double& v : v_) v = values[k++];
  steps_ = values[k];
}

MlpPolicyParams Mlp::Export() const {
  MlpPolicyParams p;
  p.num_features = inputs();
  p.hidden = static_cast<int>(w1_.rows());
  p.num_actions = outputs();
  auto row_major = [](const Eigen::MatrixXd& m) {
    std::vector<double> out;
    for (Eigen::Index r = 0; r < m.rows(); ++r) {
      for (Eigen::Index c = 0; c < m.cols(); ++c) out.push_back(m(r, c));
    }
    return out;
  };
  p.w1 = row_major(w1_), p.w2 = row_major(w2_), p.w3 = row_major(w3_);
  p.b1.assign(b1_.data(), b1_.data() + b1_.size());
  p.b2.assign(b2_.data(), b2_.data() + b2_.size());
  p.b3.assign(b3_.data(), b3_.data() + b3_.size());
  return p;
}

void Mlp::CopyWeightsFrom(const Mlp& other) {
  w1_ = other.w1_, w2_ = other.w2_, w3_ = other.w3_;
  b1_ = other.b1_, b2_ = other.b2_, b3_ = other.b3_;
}

}  // namespace campsim
