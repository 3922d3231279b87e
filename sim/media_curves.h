// The paid lines' response curves as the world defines them, for the budget problem
// (policies/decisions.h MediaCurve): ground truth for the mmm_optimal_static baseline.
//
// Contract: value_per_impression(p) = click_through_rate(p) x the mean, over the population's
// users (paid visits land on any user; a churned one buys nothing), of P(a session from
// landing_node(p) converts | the user's session shift at time 0) x the user's mean revenue. ConversionProbability is exact, so the
// expected attributed revenue of a spend schedule is
//   sum over periods t and lines p of value_per_impression(p) x impressions_p,t
// exactly when session shifts do not move during the run (no prospect/lapsed intent, no
// recent-click boost, no conversion_lift, no churn), as in paid_media.yaml and
// seasonal_media.yaml; otherwise it is the start-of-run approximation an MMM would fit.
#ifndef CAMPSIM_SIM_MEDIA_CURVES_H_
#define CAMPSIM_SIM_MEDIA_CURVES_H_

#include <vector>

#include "policies/decisions.h"
#include "sim/population.h"
#include "sim/world_model.h"

namespace campsim {

std::vector<MediaCurve> MediaCurves(const WorldModel& model, const PopulationState& pop);

// The budget problem of a world whose population is `pop` (lines, periods, total, curves).
BudgetProblem MakeBudgetProblem(const WorldModel& model, const PopulationState& pop,
                                std::uint64_t seed);

}  // namespace campsim

#endif  // CAMPSIM_SIM_MEDIA_CURVES_H_
