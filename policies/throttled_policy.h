// A policy whose costly sends are throttled by a budget price: each send action a keeps
// probability p(a) * exp(-price * cost(a) / mean_cost) and the rest moves to no_send
// (action 0). price = 0 is the inner policy. Used by budget_paced (agents/budget_paced.h).
#ifndef CAMPSIM_POLICIES_THROTTLED_POLICY_H_
#define CAMPSIM_POLICIES_THROTTLED_POLICY_H_

#include <memory>
#include <vector>

#include "policies/policy.h"

namespace campsim {

// Applies the throttle to a pmf in place (see above). costs[a] per action, mean_cost > 0.
void ThrottlePmf(std::span<const double> costs, double mean_cost, double price,
                 std::span<double> pmf);

class ThrottledPolicy final : public Policy {
 public:
  ThrottledPolicy(std::shared_ptr<const Policy> inner, std::vector<double> costs, double price);

  std::string kind() const override { return "throttled_" + inner_->kind(); }
  int num_actions() const override { return inner_->num_actions(); }
  int num_features() const override { return inner_->num_features(); }
  void Pmf(std::span<const float> context, std::span<const std::uint8_t> eligible,
           std::span<double> out) const override;

  double price() const { return price_; }
  const std::vector<double>& costs() const { return costs_; }
  const Policy& inner() const { return *inner_; }

 private:
  std::shared_ptr<const Policy> inner_;
  std::vector<double> costs_;
  double mean_cost_;
  double price_;
};

// Mean cost over the actions with a positive cost (1 if none), the throttle's cost unit.
double MeanSendCost(std::span<const double> costs);

}  // namespace campsim

#endif  // CAMPSIM_POLICIES_THROTTLED_POLICY_H_
