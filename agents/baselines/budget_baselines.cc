#include "agents/baselines/budget_baselines.h"

#include <algorithm>
#include <cmath>

namespace campsim {

void FixedSharesParams::Describe(ConfigVisitor& v) {
  v.Locate(where);
  v.Field("shares", shares,
          "Share of each period's amount per budget line (paid channel names and 'owned').");
  v.Field("pacing", pacing,
          "even: each period gets remaining / periods left; none: each period may use all "
          "that remains.",
          OneOf({"even", "none"}));
  double total = 0.0;
  bool non_negative = true;
  for (const auto& [line, share] : shares) {
    total += share;
    non_negative = non_negative && share >= 0.0;
  }
  v.Require(non_negative, "shares must be >= 0");
  v.Require(std::abs(total - 1.0) < 1e-6,
            "shares must sum to 1 (they sum to " + FormatNumber(total) + ")");
}

double EvenPacingAmount(const BudgetObservation& observation) {
  const int left = std::max(1, observation.num_periods - observation.period);
  return std::max(0.0, observation.remaining_budget) / left;
}

BudgetAction UniformSplitAgent::Act(const BudgetObservation& observation) {
  const double amount = EvenPacingAmount(observation);
  const auto n = static_cast<double>(observation.lines.size());
  return BudgetAction{std::vector<double>(observation.lines.size(), amount / n)};
}

FixedSharesAgent::FixedSharesAgent(const FixedSharesParams& params,
                                   const std::vector<std::string>& lines)
    : shares_(lines.size(), 0.0), even_(params.pacing == "even") {
  for (const auto& [line, share] : params.shares) {
    const auto it = std::find(lines.begin(), lines.end(), line);
    if (it == lines.end()) {
      std::string known;
      for (const auto& l : lines) known += (known.empty() ? "" : ", ") + l;
      throw ConfigError(params.where, "fixed_shares names unknown budget line '" + line +
                                          "' (budget lines: " + known + ")");
    }
    shares_[it - lines.begin()] = share;
  }
}

BudgetAction FixedSharesAgent::Act(const BudgetObservation& observation) {
  const double amount =
      even_ ? EvenPacingAmount(observation) : std::max(0.0, observation.remaining_budget);
  BudgetAction action;
  for (double share : shares_) action.spend.push_back(amount * share);
  return action;
}

}  // namespace campsim
