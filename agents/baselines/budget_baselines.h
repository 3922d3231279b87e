// Baseline budget agents: uniform_split and fixed_shares.
//
// Both pace evenly: the amount for the coming period is remaining_budget / periods_left, so
// the budget is spent by the horizon whatever happened before.
// - uniform_split: that amount split equally across all budget lines (paid channels and the
//   owned pool).
// - fixed_shares: that amount split by configured shares per line (shares sum to 1; lines
//   not named get nothing), the static split marketing-mix planners hand over. With
//   `pacing: none` the amount is everything that remains, so the lines' own consumers must
//   pace (e.g. a budget_paced message agent on the owned line).
#ifndef CAMPSIM_AGENTS_BASELINES_BUDGET_BASELINES_H_
#define CAMPSIM_AGENTS_BASELINES_BUDGET_BASELINES_H_

#include <map>
#include <string>
#include <vector>

#include "agents/agent.h"
#include "core/config.h"

namespace campsim {

struct FixedSharesParams : DescribableBase<FixedSharesParams> {
  std::map<std::string, double> shares = {{"owned", 1.0}};
  std::string pacing = "even";
  SourceLocation where;
  void Describe(ConfigVisitor& v) override;
};

// Amount to spend in the coming period when pacing evenly.
double EvenPacingAmount(const BudgetObservation& observation);

class UniformSplitAgent final : public BudgetAgent {
 public:
  BudgetAction Act(const BudgetObservation& observation) override;
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

}  // namespace campsim

#endif  // CAMPSIM_AGENTS_BASELINES_BUDGET_BASELINES_H_
