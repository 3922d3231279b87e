#include "sim/media_curves.h"

#include "sim/journey.h"
#include "sim/paid_channel.h"

namespace campsim {

std::vector<MediaCurve> MediaCurves(const WorldModel& model, const PopulationState& pop) {
  ConversionCache cache(model.journey());
  std::vector<MediaCurve> curves;
  for (std::size_t p = 0; p < model.paid_params().size(); ++p) {
    const PaidChannelParams& params = model.paid_params()[p];
    const int landing = model.paid_landing(static_cast<int>(p));
    double value = 0.0;  // churned users are visited too, and buy nothing
    for (std::size_t u = 0; u < pop.size; ++u) {
      if (pop.churned[u]) continue;
      const double shift = model.SessionShift(pop, u, 0, 0.0);
      value += cache.Get(shift)[landing] * model.RevenueMean(pop, u);
    }
    const std::size_t users = pop.size;
    MediaCurve c;
    c.max_impressions = params.max_impressions;
    c.half_saturation = params.half_saturation;
    c.hill_shape = params.hill_shape;
    c.adstock_decay = params.adstock_decay;
    c.value_per_impression =
        users == 0 ? 0.0 : params.click_through_rate * value / static_cast<double>(users);
    for (int t = 0; t < model.num_periods(); ++t) {
      const double day = static_cast<double>(static_cast<SimTime>(t) * model.period_length()) / kDay;
      c.effectiveness.push_back(params.Effectiveness(day));
    }
    curves.push_back(std::move(c));
  }
  return curves;
}

BudgetProblem MakeBudgetProblem(const WorldModel& model, const PopulationState& pop,
                                std::uint64_t seed) {
  BudgetProblem problem;
  problem.lines = model.budget_lines();
  problem.num_periods = model.num_periods();
  problem.total_budget = model.config().budget.total;
  problem.media = MediaCurves(model, pop);
  problem.owned_channels = !model.owned().empty();
  problem.seed = seed;
  return problem;
}

}  // namespace campsim
