// Per-action ridge regression with an incrementally maintained inverse (Sherman-Morrison):
// the sufficient statistics shared by the linear bandits.
//
// For each action a: A_a = lambda I + sum x x', b_a = sum r x, over x = [1, context];
// Update() applies A^-1 <- A^-1 - (A^-1 x)(A^-1 x)' / (1 + x' A^-1 x) in O(p^2), never a solve.
// Weights are refreshed from A^-1 b for the actions touched, when asked.
#ifndef CAMPSIM_AGENTS_BANDITS_RIDGE_H_
#define CAMPSIM_AGENTS_BANDITS_RIDGE_H_

#include <span>
#include <string>
#include <vector>

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

  int num_actions() const { return k_; }
  int dims() const { return p_; }  // num_features + 1

  // Adds one observation (context without the bias; the bias is prepended here).
  void Update(int action, std::span<const float> context, double reward);
  // Recomputes w_a = A_a^-1 b_a for every action updated since the last call.
  void RefreshWeights();

  const std::vector<double>& weights() const { return weights_; }        // k x p
  const std::vector<double>& inverses() const { return inverses_; }      // k x p x p

  void Save(StateWriter& out, const std::string& prefix) const;
  void Load(const StateReader& in, const std::string& prefix);

 private:
  int k_, p_;
  std::vector<double> inverses_;
  std::vector<double> b_;
  std::vector<double> weights_;
  std::vector<std::uint8_t> dirty_;
  std::vector<double> scratch_x_, scratch_ax_;
};

}  // namespace campsim

#endif  // CAMPSIM_AGENTS_BANDITS_RIDGE_H_
