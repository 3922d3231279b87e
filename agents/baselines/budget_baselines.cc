#include "agents/baselines/budget_baselines.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "policies/policy_bundle.h"

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

BudgetAction UniformSplitAgent::Act(const BudgetObservation& observation) {
  const double amount = EvenPacingAmount(observation);
  const std::size_t n = observation.lines.size();
  const std::size_t lines = owned_ || n < 2 ? n : n - 1;
  BudgetAction action{std::vector<double>(n, amount / static_cast<double>(lines))};
  if (lines < n) action.spend.back() = 0.0;
  return action;
}

FixedSharesAgent::FixedSharesAgent(const FixedSharesParams& params,
                                   const std::vector<std::string>& lines)
    : shares_(lines.size(), 0.0), even_(params.pacing == "even") {
  for (const auto& [line, share] : params.shares) {
    const auto it = std::find(lines.begin(), lines.end(), line);
    if (it == lines.end()) {
      throw ConfigError(params.where, "fixed_shares names unknown budget line '" + line +
                                          "' (budget lines: " + JoinNames(lines) + ")");
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

void BudgetPolicyParams::Describe(ConfigVisitor& v) {
  v.Locate(where);
  v.Field("path", path, "A budget policy JSON file (written by campsim train).");
  v.Require(!path.empty(), "budget_policy needs a path");
}

BudgetPolicyAgent::BudgetPolicyAgent(const BudgetPolicyParams& params, const BudgetProblem& problem)
    : policy_(Load(params, problem)) {}

BudgetPolicy BudgetPolicyAgent::Load(const BudgetPolicyParams& params, const BudgetProblem& problem) {
  std::ifstream in(params.path, std::ios::binary);
  if (!in) throw ConfigError(params.where, "cannot read budget policy '" + params.path + "'");
  std::ostringstream text;
  text << in.rdbuf();
  try {
    BudgetPolicy policy = BudgetPolicy::FromJson(text.str());
    if (policy.lines() != problem.lines || policy.num_periods() != problem.num_periods) {
      throw BundleError("made for other budget lines or another number of periods than this scenario's");
    }
    return policy;
  } catch (const BundleError& e) {
    throw ConfigError(params.where, params.path + ": " + e.what());
  }
}

void LastRoiParams::Describe(ConfigVisitor& v) {
  v.Field("min_share", min_share,
          "Share every line keeps whatever its ROI (times the number of lines must be <= 1).",
          InRange(0.0, 0.5));
}

BudgetAction LastRoiProportionalAgent::Act(const BudgetObservation& observation) {
  const std::size_t all = observation.lines.size();
  const std::size_t n = owned_ || all < 2 ? all : all - 1;  // lines that can spend
  const double amount = EvenPacingAmount(observation);
  std::vector<double> roi(n, 0.0);
  double roi_total = 0.0;
  if (last_spend_.size() == all) {
    for (std::size_t l = 0; l < n; ++l) {
      const double spend = observation.spend_to_date[l] - last_spend_[l];
      if (spend <= 1e-9) continue;
      roi[l] = std::max(0.0, (observation.revenue_to_date[l] - last_revenue_[l]) / spend);
      roi_total += roi[l];
    }
  }
  last_spend_ = observation.spend_to_date;
  last_revenue_ = observation.revenue_to_date;
  BudgetAction action{std::vector<double>(all, 0.0)};
  const double floor = std::min(min_share_, 1.0 / static_cast<double>(n));
  for (std::size_t l = 0; l < n; ++l) {
    const double share = roi_total > 0.0
                             ? floor + (1.0 - floor * static_cast<double>(n)) * roi[l] / roi_total
                             : 1.0 / static_cast<double>(n);
    action.spend[l] = amount * share;
  }
  return action;
}

}  // namespace campsim
