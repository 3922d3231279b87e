// The marketing-mix optimum: the static split of a budget across paid lines that maximises
// expected attributed revenue under the scenario's own response curves (policies/decisions.h
// MediaCurve), i.e. what Robyn, Meridian or PyMC-Marketing's allocators would recommend if
// their fitted model were the true one.
//
// The problem. With `per_period` spent every period, x_l of it on paid line l (sum x_l =
// per_period), line l's adstock in period t is x_l * g_l,t with g_l,t = sum_{k<=t} decay_l^k,
// and the expected revenue over the horizon is
//   F(x) = sum_l F_l(x_l),  F_l(x) = value_l * sum_t effectiveness_l,t * Hill_l(x * g_l,t).
// At the optimum every funded line has the same marginal return F_l'(x_l) = lambda and every
// unfunded line has F_l'(0) <= lambda (equalised marginal returns). Hill curves with shape > 1
// are S-shaped, so F is not concave and the Lagrangian alone can stop at a saddle; the solver
// therefore scans a grid of the simplex for the best region (step 1/60 for up to 3 lines,
// coarser above) and then moves budget between pairs of lines by golden-section search until
// no exchange gains more than 1e-12 relative: an exact KKT point of the best region.
#ifndef CAMPSIM_AGENTS_BASELINES_MMM_OPTIMAL_H_
#define CAMPSIM_AGENTS_BASELINES_MMM_OPTIMAL_H_

#include <vector>

#include "agents/agent.h"
#include "core/config.h"

namespace campsim {

// Expected attributed revenue of a spend schedule under the curves: spend[t][l] for period t
// and paid line l (extra columns, such as the owned line, are ignored).
double ExpectedMediaRevenue(const std::vector<MediaCurve>& media,
                            const std::vector<std::vector<double>>& spend);

struct StaticSplit {
  std::vector<double> spend;      // per paid line, per period; sums to per_period
  std::vector<double> marginal;   // F_l'(spend_l): equal across funded lines at the optimum
  double expected_revenue = 0.0;  // F(spend)
};

// The optimal static split of `per_period` across the paid lines (media must be non-empty).
StaticSplit SolveStaticSplit(const std::vector<MediaCurve>& media, int num_periods,
                             double per_period);

struct MmmOptimalParams : DescribableBase<MmmOptimalParams> {
  double owned_share = 0.0;
  void Describe(ConfigVisitor& v) override;
};

// Paces evenly (EvenPacingAmount); gives `owned_share` of each period's amount to the owned
// line and splits the rest across paid lines in the optimal static proportions.
class MmmOptimalStaticAgent final : public BudgetAgent {
 public:
  MmmOptimalStaticAgent(const MmmOptimalParams& params, const BudgetProblem& problem);
  BudgetAction Act(const BudgetObservation& observation) override;
  const StaticSplit& split() const { return split_; }

 private:
  std::vector<double> shares_;  // per budget line
  StaticSplit split_;
};

}  // namespace campsim

#endif  // CAMPSIM_AGENTS_BASELINES_MMM_OPTIMAL_H_
