// Baseline budget agents: uniform_split, fixed_shares, last_roi_proportional, and
// budget_policy (a frozen exported policy, policies/budget_policy.h).
//
// Both pace evenly: the amount for the coming period is remaining_budget / periods_left, so
// the budget is spent by the horizon whatever happened before.
// - uniform_split: that amount split equally across all budget lines (paid channels and the
//   owned pool; without owned channels, the paid channels only).
// - fixed_shares: that amount split by configured shares per line (shares sum to 1; lines
//   not named get nothing), the static split marketing-mix planners hand over. With
//   `pacing: none` the amount is everything that remains, so the lines' own consumers must
//   pace (e.g. a budget_paced message agent on the owned line).
// - last_roi_proportional: the heuristic marketers use. The first period is split equally;
//   afterwards each line that spent in the previous period gets min_share plus a part of the
//   rest proportional to its previous-period ROI (attributed revenue / spend, floored at 0),
//   and a line that did not spend gets min_share (so it can show a return again). When no
//   line shows a positive ROI the split is equal. Without owned channels the owned line gets 0.
#ifndef CAMPSIM_AGENTS_BASELINES_BUDGET_BASELINES_H_
#define CAMPSIM_AGENTS_BASELINES_BUDGET_BASELINES_H_

#include <map>
#include <string>
#include <vector>

#include "agents/agent.h"
#include "core/config.h"
#include "policies/budget_policy.h"

namespace campsim {

struct FixedSharesParams : DescribableBase<FixedSharesParams> {
  std::map<std::string, double> shares = {{"owned", 1.0}};
  std::string pacing = "even";
  SourceLocation where;
  void Describe(ConfigVisitor& v) override;
};

class UniformSplitAgent final : public BudgetAgent {
 public:
  explicit UniformSplitAgent(const BudgetProblem& problem) : owned_(problem.owned_channels) {}
  BudgetAction Act(const BudgetObservation& observation) override;

 private:
  bool owned_;
};

class FixedSharesAgent final : public BudgetAgent {
 public:
  // Throws ConfigError at the params when a share names an unknown budget line.
  FixedSharesAgent(const FixedSharesParams& params, const std::vector<std::string>& lines);
  BudgetAction Act(const BudgetObservation& observation) override;

 private:
  std::vector<double> shares_;  // per budget line
  bool even_ = true;
};

struct BudgetPolicyParams : DescribableBase<BudgetPolicyParams> {
  std::string path;
  SourceLocation where;
  void Describe(ConfigVisitor& v) override;
};

// Follows a frozen budget policy. Throws ConfigError at the params when the file cannot be
// read, is not a budget policy, or was made for other budget lines or periods.
class BudgetPolicyAgent final : public BudgetAgent {
 public:
  BudgetPolicyAgent(const BudgetPolicyParams& params, const BudgetProblem& problem);
  explicit BudgetPolicyAgent(BudgetPolicy policy) : policy_(std::move(policy)) {}
  BudgetAction Act(const BudgetObservation& observation) override { return policy_.Act(observation); }

 private:
  static BudgetPolicy Load(const BudgetPolicyParams& params, const BudgetProblem& problem);
  BudgetPolicy policy_;
};

struct LastRoiParams : DescribableBase<LastRoiParams> {
  double min_share = 0.05;
  void Describe(ConfigVisitor& v) override;
};

class LastRoiProportionalAgent final : public BudgetAgent {
 public:
  LastRoiProportionalAgent(const LastRoiParams& params, const BudgetProblem& problem)
      : min_share_(params.min_share), owned_(problem.owned_channels) {}
  BudgetAction Act(const BudgetObservation& observation) override;

 private:
  double min_share_;
  bool owned_;
  std::vector<double> last_spend_, last_revenue_;  // to date, at the previous request
};

}  // namespace campsim

#endif  // CAMPSIM_AGENTS_BASELINES_BUDGET_BASELINES_H_
