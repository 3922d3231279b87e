#include "agents/bandits/ridge.h"

#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <stdexcept>

#include "agents/bandits/state_io.h"

namespace campsim {

RidgeModels::RidgeModels(int num_actions, int num_features, double lambda)
    : k_(num_actions),
      p_(num_features + 1),
      grams_(static_cast<std::size_t>(num_actions) * p_ * p_, 0.0),
      b_(static_cast<std::size_t>(num_actions) * p_, 0.0),
      inverses_(grams_.size(), 0.0),
      weights_(b_.size(), 0.0),
      dirty_(num_actions, 1) {
  for (int a = 0; a < k_; ++a) {
    for (int i = 0; i < p_; ++i) grams_[(static_cast<std::size_t>(a) * p_ + i) * p_ + i] = lambda;
  }
  // The prior's inverses by the same factorisation as every later one (1 / lambda can differ
  // from it in the last bit), so a reloaded checkpoint matches whatever it was saved from.
  RefreshWeights();
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

namespace {

constexpr int kGroup = 4;  // rows of one action summed per pass over its matrix

// Adds g rows' x x' (lower triangle) and reward x to one action's A and b, xs holding the rows
// one after another. Every element receives the rows' products one at a time in row order, as
// a row-by-row pass would (same bits), while A is loaded and stored once per g rows.
template <int G>
void AddRowsOf(double* __restrict gram, double* __restrict b, int p, const double* __restrict xs,
               const double* rewards) {
  for (int i = 0; i < p; ++i) {
    for (int j = 0; j <= i; ++j) {
      double sum = gram[i * p + j];
      for (int r = 0; r < G; ++r) sum += xs[r * p + i] * xs[r * p + j];
      gram[i * p + j] = sum;
    }
    double sum = b[i];
    for (int r = 0; r < G; ++r) sum += rewards[r] * xs[r * p + i];
    b[i] = sum;
  }
}

void AddRows(double* gram, double* b, int p, const double* xs, const double* rewards, int g) {
  static_assert(kGroup == 4);
  switch (g) {
    case 4:
      AddRowsOf<4>(gram, b, p, xs, rewards);
      break;
    case 3:
      AddRowsOf<3>(gram, b, p, xs, rewards);
      break;
    case 2:
      AddRowsOf<2>(gram, b, p, xs, rewards);
      break;
    default:
      AddRowsOf<1>(gram, b, p, xs, rewards);
      break;
  }
}

}  // namespace

void RidgeModels::Add(const FeedbackBatch& feedback, WorkerPool* pool) {
  const std::size_t n = feedback.size();
  if (feedback.num_features != p_ - 1) {
    throw std::invalid_argument("ridge model: feedback has " +
                                std::to_string(feedback.num_features) +
                                " context features, the model has " + std::to_string(p_ - 1));
  }
  // Fixed blocks (their length depends on n only), at most kMaxBlocks of them.
  const std::size_t length = std::max(kBlockRows, (n + kMaxBlocks - 1) / kMaxBlocks);
  const std::size_t blocks = (n + length - 1) / length;
  const std::size_t squares = static_cast<std::size_t>(k_) * p_ * p_;
  const std::size_t stride = squares + static_cast<std::size_t>(k_) * p_;
  partial_.assign(blocks * stride, 0.0);
  // Per block, the first row that cannot be learned from (n if none): checked before use,
  // reported before anything changes.
  std::vector<std::size_t> bad(blocks, n);
  auto sum_block = [&](std::size_t block, int) {
    double* const grams = partial_.data() + block * stride;
    double* const bs = grams + squares;
    const std::size_t first = block * length, last = std::min(n, (block + 1) * length);
    for (std::size_t r = first; r < last; ++r) {
      const auto context = feedback.Context(r);
      const bool finite =
          std::isfinite(feedback.rewards[r]) &&
          std::all_of(context.begin(), context.end(), [](float v) { return std::isfinite(v); });
      if (feedback.actions[r] < 0 || feedback.actions[r] >= k_ || !finite) {
        bad[block] = r;
        return;
      }
    }
    // Each action's rows in row order (a stable counting sort), summed kGroup at a time. Row
    // indices fit 32 bits: a batch is one sync's decisions (4e9 rows would be ~450 GB).
    std::vector<std::uint32_t> starts(static_cast<std::size_t>(k_) + 1, 0);
    for (std::size_t r = first; r < last; ++r)
      ++starts[static_cast<std::size_t>(feedback.actions[r]) + 1];
    for (int a = 0; a < k_; ++a) starts[a + 1] += starts[a];
    std::vector<std::uint32_t> order(last - first);
    std::vector<std::uint32_t> fill(starts.begin(), starts.end() - 1);
    for (std::size_t r = first; r < last; ++r) {
      order[fill[static_cast<std::size_t>(feedback.actions[r])]++] = static_cast<std::uint32_t>(r);
    }
    std::vector<double> xs(static_cast<std::size_t>(kGroup) * p_);
    for (int a = 0; a < k_; ++a) {
      double* const gram = grams + static_cast<std::size_t>(a) * p_ * p_;
      double* const b = bs + static_cast<std::size_t>(a) * p_;
      for (std::uint32_t i = starts[a]; i < starts[a + 1]; i += kGroup) {
        const int g = static_cast<int>(std::min<std::uint32_t>(kGroup, starts[a + 1] - i));
        std::array<double, kGroup> rewards{};
        for (int k = 0; k < g; ++k) {
          const std::size_t r = order[i + k];
          double* const x = xs.data() + static_cast<std::size_t>(k) * p_;
          const auto context = feedback.Context(r);
          x[0] = 1.0;
          std::copy(context.begin(), context.end(), x + 1);
          rewards[k] = feedback.rewards[r];
        }
        AddRows(gram, b, p_, xs.data(), rewards.data(), g);
      }
    }
  };
  RunOn(pool, blocks, sum_block);
  for (const std::size_t r : bad) {
    if (r == n) continue;
    throw std::invalid_argument("ridge model: feedback row " + std::to_string(r) + " (action " +
                                std::to_string(feedback.actions[r]) +
                                ") has an action outside [0, " + std::to_string(k_) +
                                ") or a non-finite reward or context; nothing was learned");
  }
  for (std::size_t block = 0; block < blocks; ++block) {
    const double* sums = partial_.data() + block * stride;
    for (std::size_t i = 0; i < squares; ++i) grams_[i] += sums[i];
    for (std::size_t i = 0; i < b_.size(); ++i) b_[i] += sums[squares + i];
  }
  for (std::size_t i = 0; i < n; ++i) dirty_[static_cast<std::size_t>(feedback.actions[i])] = 1;
}

void RidgeModels::RefreshWeights() {
  using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  for (int a = 0; a < k_; ++a) {
    if (!dirty_[a]) continue;
    const std::size_t square = static_cast<std::size_t>(a) * p_ * p_;
    const Eigen::Map<const RowMajor> gram(grams_.data() + square, p_, p_);
    const Eigen::LLT<RowMajor, Eigen::Lower> llt(gram);
    // A = lambda I + sum x x' over finite rows is positive definite; only statistics from a
    // damaged checkpoint (or sums that overflowed) fail here.
    if (llt.info() != Eigen::Success || !llt.matrixLLT().diagonal().allFinite()) {
      throw std::invalid_argument("ridge model of action " + std::to_string(a) +
                                  ": A is not a finite positive definite matrix");
    }
    RowMajor inverse = llt.solve(RowMajor::Identity(p_, p_));
    Eigen::Map<RowMajor>(inverses_.data() + square, p_, p_) = 0.5 * (inverse + inverse.transpose());
    const Eigen::Map<const Eigen::VectorXd> b(b_.data() + static_cast<std::size_t>(a) * p_, p_);
    Eigen::Map<Eigen::VectorXd>(weights_.data() + static_cast<std::size_t>(a) * p_, p_) =
        llt.solve(b);
    dirty_[a] = 0;
  }
}

void RidgeModels::Save(StateWriter& out, const std::string& prefix) const {
  std::vector<double> grams = grams_;  // whole matrices, mirrored from the lower triangles
  for (int a = 0; a < k_; ++a) {
    double* gram = grams.data() + static_cast<std::size_t>(a) * p_ * p_;
    for (int i = 0; i < p_; ++i) {
      for (int j = i + 1; j < p_; ++j) gram[i * p_ + j] = gram[j * p_ + i];
    }
  }
  out.Add(prefix + "gram", grams);
  out.Add(prefix + "b", b_);
}

void RidgeModels::Load(const StateReader& in, const std::string& prefix) {
  // Read and factorise everything before changing anything: a bad checkpoint leaves the model
  // intact.
  RidgeModels loaded(k_, p_ - 1, 1.0);
  try {
    in.Get(prefix + "gram", loaded.grams_);
  } catch (const std::invalid_argument& e) {
    const std::string hint = " (checkpoints written before ridge models kept A itself hold '" +
                             prefix + "inverses' instead: run again to write a current one)";
    throw std::invalid_argument(e.what() + hint);
  }
  in.Get(prefix + "b", loaded.b_);
  std::fill(loaded.dirty_.begin(), loaded.dirty_.end(), 1);
  loaded.RefreshWeights();
  grams_.swap(loaded.grams_);
  b_.swap(loaded.b_);
  inverses_.swap(loaded.inverses_);
  weights_.swap(loaded.weights_);
  std::fill(dirty_.begin(), dirty_.end(), 0);
}

}  // namespace campsim
