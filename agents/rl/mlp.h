// A small multilayer perceptron for value functions: inputs -> hidden (ReLU) -> hidden (ReLU)
// -> outputs, with Adam. Double precision and a fixed operation order, so training is
// bit-reproducible; Forward() is const and safe to call from many threads.
#ifndef CAMPSIM_AGENTS_RL_MLP_H_
#define CAMPSIM_AGENTS_RL_MLP_H_

#include <Eigen/Dense>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "policies/mlp_policy.h"

namespace campsim {

class Mlp {
 public:
  // Weights drawn from (seed) with He initialisation; biases 0.
  Mlp(int inputs, int hidden, int outputs, std::uint64_t seed);

  int inputs() const { return static_cast<int>(w1_.cols()); }
  int outputs() const { return static_cast<int>(w3_.rows()); }

  // Outputs for a batch (inputs x n) -> (outputs x n).
  Eigen::MatrixXd Forward(const Eigen::MatrixXd& x) const;

  // One Adam step on the Huber loss (delta 1) of output `actions[i]` of column i against
  // `targets[i]`; other outputs get no gradient. Returns the mean loss.
  double TrainStep(const Eigen::MatrixXd& x, const std::vector<int>& actions,
                   const std::vector<double>& targets, double learning_rate);

  // All parameters (and Adam moments), flattened in a fixed order, for checkpoints.
  std::vector<double> Parameters() const;
  void SetParameters(const std::vector<double>& values);  // throws on a size mismatch
  std::size_t num_parameters() const;
  // The weights as a frozen policy's parameters (row-major; exploration left greedy).
  MlpPolicyParams Export() const;
  // Copies the weights only (a target network).
  void CopyWeightsFrom(const Mlp& other);

 private:
  // Calls f(data, size) for every weight array, in the fixed checkpoint order.
  template <typename F>
  void EachArray(F&& f);

  Eigen::MatrixXd w1_, w2_, w3_;
  Eigen::VectorXd b1_, b2_, b3_;
  std::vector<double> m_, v_;  // Adam moments over the flattened weights
  double steps_ = 0.0;
};

}  // namespace campsim

#endif  // CAMPSIM_AGENTS_RL_MLP_H_
