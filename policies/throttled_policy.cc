#include "policies/throttled_policy.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace campsim {

double MeanSendCost(std::span<const double> costs) {
  double total = 0.0;
  int n = 0;
  for (double c : costs) {
    if (c > 0.0) {
      total += c;
      ++n;
    }
  }
  return n > 0 ? total / n : 1.0;
}

void ThrottlePmf(std::span<const double> costs, double mean_cost, double price,
                 std::span<double> pmf) {
  if (price <= 0.0) return;
  double moved = 0.0;
  for (std::size_t a = 1; a < pmf.size(); ++a) {
    if (pmf[a] == 0.0 || costs[a] <= 0.0) continue;
    const double keep = pmf[a] * std::exp(-price * costs[a] / mean_cost);
    moved += pmf[a] - keep;
    pmf[a] = keep;
  }
  pmf[0] = std::min(1.0, pmf[0] + moved);
}

ThrottledPolicy::ThrottledPolicy(std::shared_ptr<const Policy> inner, std::vector<double> costs,
                                 double price)
    : inner_(std::move(inner)),
      costs_(std::move(costs)),
      mean_cost_(MeanSendCost(costs_)),
      price_(price) {
  if (static_cast<int>(costs_.size()) != inner_->num_actions()) {
    throw std::invalid_argument("throttled policy: one cost per action is needed");
  }
}

void ThrottledPolicy::Pmf(std::span<const float> context, std::span<const std::uint8_t> eligible,
                          std::span<double> out) const {
  inner_->Pmf(context, eligible, out);
  ThrottlePmf(costs_, mean_cost_, price_, out);
}

}  // namespace campsim
