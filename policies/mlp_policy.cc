#include "policies/mlp_policy.h"

#include <stdexcept>

#include "policies/explore.h"

namespace campsim {

namespace {

// out = relu?(W in + b), W rows x cols row-major, summed in index order.
void Layer(const std::vector<double>& w, const std::vector<double>& b, const double* in, int cols,
           bool relu, double* out) {
  const auto rows = static_cast<int>(b.size());
  for (int r = 0; r < rows; ++r) {
    double s = b[r];
    const double* row = w.data() + static_cast<std::size_t>(r) * cols;
    for (int c = 0; c < cols; ++c) s += row[c] * in[c];
    out[r] = relu && s < 0.0 ? 0.0 : s;
  }
}

}  // namespace

MlpPolicy::MlpPolicy(MlpPolicyParams params) : params_(std::move(params)) {
  const auto d = static_cast<std::size_t>(params_.num_features);
  const auto h = static_cast<std::size_t>(params_.hidden);
  const auto k = static_cast<std::size_t>(params_.num_actions);
  if (params_.num_features < 1 || params_.hidden < 1 || params_.num_actions < 1 ||
      params_.w1.size() != h * d || params_.b1.size() != h || params_.w2.size() != h * h ||
      params_.b2.size() != h || params_.w3.size() != k * h || params_.b3.size() != k) {
    throw std::invalid_argument("mlp policy: layer shapes must be hidden x features, hidden x "
                                "hidden and actions x hidden, with matching biases");
  }
  if (!(params_.epsilon >= 0.0 && params_.epsilon <= 1.0)) {
    throw std::invalid_argument("mlp policy: epsilon must be in [0, 1]");
  }
}

std::string MlpPolicy::kind() const {
  return params_.epsilon_greedy ? "mlp_epsilon_greedy" : "mlp_greedy";
}

void MlpPolicy::QValues(std::span<const float> context, std::span<double> out) const {
  const int d = params_.num_features, h = params_.hidden;
  if (static_cast<int>(context.size()) != d || static_cast<int>(out.size()) != params_.num_actions) {
    throw std::invalid_argument("mlp policy: context has " + std::to_string(context.size()) +
                                " features (expected " + std::to_string(d) + ")");
  }
  thread_local std::vector<double> x, h1, h2;
  x.assign(context.begin(), context.end());
  h1.resize(static_cast<std::size_t>(h));
  h2.resize(static_cast<std::size_t>(h));
  Layer(params_.w1, params_.b1, x.data(), d, true, h1.data());
  Layer(params_.w2, params_.b2, h1.data(), h, true, h2.data());
  Layer(params_.w3, params_.b3, h2.data(), h, false, out.data());
}

void MlpPolicy::Pmf(std::span<const float> context, std::span<const std::uint8_t> eligible,
                    std::span<double> out) const {
  if (static_cast<int>(eligible.size()) != params_.num_actions) {
    throw std::invalid_argument("mlp policy: mask has " + std::to_string(eligible.size()) +
                                " actions (expected " + std::to_string(params_.num_actions) + ")");
  }
  thread_local std::vector<double> q;
  q.resize(static_cast<std::size_t>(params_.num_actions));
  QValues(context, q);
  if (params_.epsilon_greedy) {
    EpsilonGreedyPmf(q, eligible, params_.epsilon, out);
  } else {
    ArgmaxPmf(q, eligible, out);
  }
}

}  // namespace campsim
