// Frozen budget-allocation policies: what a trained budget agent exports and a production
// planner loads (JSON, "format": "campsim-budget-policy", schema_version 1; see
// docs/rl.md). Inference only: std, core and nlohmann-json.
//
// Every policy answers a BudgetObservation with shares over the budget lines (summing to 1)
// and spends EvenPacingAmount(observation) x share on each line, so the budget lasts the
// horizon; a share left unspent (an owned line with nothing to send) stays in the budget and
// raises later periods' amounts. Kinds:
//   schedule        shares[t] per period t (a static split repeats one row)
//   linear_softmax  shares = softmax(weights . BudgetFeatures(observation)), weights row-major
//                   lines x kNumBudgetFeatures
//   tabular         shares = table[BudgetState(observation)]
#ifndef CAMPSIM_POLICIES_BUDGET_POLICY_H_
#define CAMPSIM_POLICIES_BUDGET_POLICY_H_

#include <array>
#include <string>
#include <vector>

#include "policies/decisions.h"

namespace campsim {

// Amount to spend in the coming period when pacing evenly: remaining / periods left.
double EvenPacingAmount(const BudgetObservation& observation);

// The fraction of the horizon behind: period / (num_periods - 1), 0 for a single period.
double TimeFraction(const BudgetObservation& observation);

// Pace: remaining share of the budget minus remaining share of the periods (0 when on pace,
// > 0 when budget was held back).
double Pace(const BudgetObservation& observation);

// Features of a budget observation: [1, four Gaussian bumps of TimeFraction centred at 0,
// 1/3, 2/3, 1 with width 1/3 (exp(-((f - c) / (1/3))^2 / 2)), Pace].
inline constexpr int kNumBudgetFeatures = 6;
std::array<double, kNumBudgetFeatures> BudgetFeatures(const BudgetObservation& observation);

// Discrete state for tabular learners: period * 3 + pace bucket (0: Pace < -0.02, behind;
// 1: on pace; 2: Pace > 0.02, holding back). num_periods * 3 states.
inline constexpr int kPaceBuckets = 3;
int BudgetState(const BudgetObservation& observation);

// Numerically stable softmax of `logits` into `out` (same size).
void SoftmaxShares(const std::vector<double>& logits, std::vector<double>& out);

class BudgetPolicy {
 public:
  enum class Kind { kSchedule, kLinearSoftmax, kTabular };

  // Checks shapes and values; throws BundleError naming what is wrong.
  BudgetPolicy(Kind kind, std::vector<std::string> lines, int num_periods,
               std::vector<double> params);

  Kind kind() const { return kind_; }
  const std::vector<std::string>& lines() const { return lines_; }
  int num_periods() const { return num_periods_; }
  const std::vector<double>& params() const { return params_; }

  // Shares per line for this observation (its lines must match the policy's).
  std::vector<double> Shares(const BudgetObservation& observation) const;
  BudgetAction Act(const BudgetObservation& observation) const;

  // JSON text with `training` (a JSON object as text, or empty) recorded as metadata.
  std::string ToJson(const std::string& scenario, const std::string& training) const;
  // Throws BundleError naming the JSON path when the text is not a valid policy.
  static BudgetPolicy FromJson(const std::string& text);

 private:
  Kind kind_;
  std::vector<std::string> lines_;
  int num_periods_;
  std::vector<double> params_;
};

}  // namespace campsim

#endif  // CAMPSIM_POLICIES_BUDGET_POLICY_H_
