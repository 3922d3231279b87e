// Per-action ridge regression: the sufficient statistics shared by the linear bandits.
//
// For each action a: A_a = lambda I + sum x x', b_a = sum r x, over x = [1, context].
// Add() adds a batch of observations to A_a and b_a (per row p(p+1)/2 + p independent
// multiply-adds); RefreshWeights() refactors every action updated since its last call
// (Cholesky) and sets A_a^-1 (symmetrised) and w_a = A_a^-1 b_a. A learner that updates a
// whole feedback batch and then refreshes gets the exact ridge solution of all it has seen,
// and the result depends only on the observations and their order.
#ifndef CAMPSIM_AGENTS_BANDITS_RIDGE_H_
#define CAMPSIM_AGENTS_BANDITS_RIDGE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/worker_pool.h"
#include "policies/decisions.h"

namespace campsim {

class StateWriter;
class StateReader;

// Sherman-Morrison: inv <- inv - (inv x)(inv x)' / (1 + x' inv x) for a symmetric p x p
// row-major inverse, i.e. the inverse of (A + x x'). `scratch` holds p doubles.
void ShermanMorrisonUpdate(double* __restrict inv, int p, const double* __restrict x,
                           double* __restrict scratch);

class RidgeModels {
 public:
  RidgeModels(int num_actions, int num_features, double lambda);

  static constexpr std::size_t kBlockRows = 8192;  // rows per block, at least
  static constexpr std::size_t kMaxBlocks = 64;    // blocks per batch, at most

  int num_actions() const { return k_; }
  int dims() const { return p_; }  // num_features + 1

  // Adds every row of a feedback batch (contexts without the bias; it is prepended here).
  // Rows are summed in blocks of max(kBlockRows, n / kMaxBlocks rounded up) rows (in row order
  // within a block), and the blocks' sums are added in block order: the result depends on the
  // rows and their order, never on the pool whose threads sum the blocks. Throws
  // std::invalid_argument, having learned nothing, when the batch's feature count or an action
  // is not the model's, or a reward or context value is not finite.
  void Add(const FeedbackBatch& feedback, WorkerPool* pool);
  // Recomputes A_a^-1 and w_a = A_a^-1 b_a for every action updated since the last call.
  // Throws std::invalid_argument if some A_a is not finite positive definite (a damaged
  // checkpoint).
  void RefreshWeights();

  const std::vector<double>& weights() const { return weights_; }        // k x p
  const std::vector<double>& inverses() const { return inverses_; }      // k x p x p

  // Checkpoints hold A and b; inverses and weights are recomputed on Load, exactly as they
  // were when saved. Load throws std::invalid_argument (model unchanged) on a bad checkpoint.
  void Save(StateWriter& out, const std::string& prefix) const;
  void Load(const StateReader& in, const std::string& prefix);

 private:
  int k_, p_;
  std::vector<double> grams_;     // k x p x p, A_a row-major, lower triangle only
  std::vector<double> b_;         // k x p
  std::vector<double> inverses_;  // k x p x p, as of the last RefreshWeights
  std::vector<double> weights_;   // k x p, as of the last RefreshWeights
  std::vector<std::uint8_t> dirty_;
  std::vector<double> partial_;  // scratch for Add: per block, k lower triangles then k b's
};

}  // namespace campsim

#endif  // CAMPSIM_AGENTS_BANDITS_RIDGE_H_
