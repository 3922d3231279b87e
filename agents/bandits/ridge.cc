#include "agents/bandits/ridge.h"

#include "agents/bandits/state_io.h"

namespace campsim {

RidgeModels::RidgeModels(int num_actions, int num_features, double lambda)
    : k_(num_actions),
      p_(num_features + 1),
      inverses_(static_cast<std::size_t>(num_actions) * p_ * p_, 0.0),
      b_(static_cast<std::size_t>(num_actions) * p_, 0.0),
      weights_(static_cast<std::size_t>(num_actions) * p_, 0.0),
      dirty_(num_actions, 0),
      scratch_x_(p_),
      scratch_ax_(p_) {
  for (int a = 0; a < k_; ++a) {
    for (int i = 0; i < p_; ++i) inverses_[(static_cast<std::size_t>(a) * p_ + i) * p_ + i] = 1.0 / lambda;
  }
}

void ShermanMorrisonUpdate(double* __restrict inv, int p, const double* __restrict x,
                           double* __restrict scratch) {
  double denominator = 1.0;
  for (int i = 0; i < p; ++i) {
    double sum = 0.0;
    for (int j = 0; j < p; ++j) sum += inv[i * p + j] * x[j];
    scratch[i] = sum;
    denominator += x[i] * sum;
  }
  const double scale = 1.0 / denominator;
  for (int i = 0; i < p; ++i) {
    const double ai = scratch[i] * scale;
    for (int j = 0; j < p; ++j) inv[i * p + j] -= ai * scratch[j];
  }
}

void RidgeModels::Update(int action, std::span<const float> context, double reward) {
  double* inv = inverses_.data() + static_cast<std::size_t>(action) * p_ * p_;
  double* b = b_.data() + static_cast<std::size_t>(action) * p_;
  double* x = scratch_x_.data();
  x[0] = 1.0;
  for (int i = 1; i < p_; ++i) x[i] = context[i - 1];
  ShermanMorrisonUpdate(inv, p_, x, scratch_ax_.data());
  for (int i = 0; i < p_; ++i) b[i] += reward * x[i];
  dirty_[action] = 1;
}

void RidgeModels::RefreshWeights() {
  for (int a = 0; a < k_; ++a) {
    if (!dirty_[a]) continue;
    const double* inv = inverses_.data() + static_cast<std::size_t>(a) * p_ * p_;
    const double* b = b_.data() + static_cast<std::size_t>(a) * p_;
    double* w = weights_.data() + static_cast<std::size_t>(a) * p_;
    for (int i = 0; i < p_; ++i) {
      double sum = 0.0;
      for (int j = 0; j < p_; ++j) sum += inv[i * p_ + j] * b[j];
      w[i] = sum;
    }
    dirty_[a] = 0;
  }
}

void RidgeModels::Save(StateWriter& out, const std::string& prefix) const {
  out.Add(prefix + "inverses", inverses_);
  out.Add(prefix + "b", b_);
  out.Add(prefix + "weights", weights_);
}

void RidgeModels::Load(const StateReader& in, const std::string& prefix) {
  // Read everything before changing anything, so a bad checkpoint leaves the model intact.
  std::vector<double> inverses = inverses_, b = b_, weights = weights_;
  in.Get(prefix + "inverses", inverses);
  in.Get(prefix + "b", b);
  in.Get(prefix + "weights", weights);
  inverses_.swap(inverses);
  b_.swap(b);
  weights_.swap(weights);
  std::fill(dirty_.begin(), dirty_.end(), 0);
}

}  // namespace campsim
