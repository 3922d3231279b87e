#include "agents/baselines/mmm_optimal.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "policies/budget_policy.h"

namespace campsim {
namespace {

MediaCurve Curve(double max_impressions, double half_saturation, double hill_shape, double decay,
                 double value, std::vector<double> effectiveness = {}) {
  MediaCurve c;
  c.max_impressions = max_impressions;
  c.half_saturation = half_saturation;
  c.hill_shape = hill_shape;
  c.adstock_decay = decay;
  c.value_per_impression = value;
  c.effectiveness = std::move(effectiveness);
  return c;
}

// A concave line with short carry-over, an S-shaped one with some, a strongly S-shaped one.
std::vector<MediaCurve> ThreeLines() {
  return {Curve(3000, 250, 1.0, 0.1, 0.9),
          Curve(50000, 400, 1.6, 0.4, 0.12, {1.0, 1.1, 0.9, 1.0, 1.2, 0.8}),
          Curve(120000, 800, 2.2, 0.6, 0.03)};
}

// The static-split objective, written independently of the solver: the same spend every period.
double StaticObjective(const std::vector<MediaCurve>& media, int periods, const std::vector<double>& x) {
  return ExpectedMediaRevenue(media, std::vector<std::vector<double>>(static_cast<std::size_t>(periods), x));
}

// Sum, KKT conditions and agreement with the independent objective.
void ExpectOptimalityConditions(const std::vector<MediaCurve>& media, int periods, double per_period,
                                const StaticSplit& split) {
  ASSERT_EQ(split.spend.size(), media.size());
  ASSERT_EQ(split.marginal.size(), media.size());
  double total = 0.0;
  for (double s : split.spend) {
    EXPECT_GE(s, 0.0);
    total += s;
  }
  EXPECT_NEAR(total, per_period, 1e-9 * per_period);
  EXPECT_NEAR(split.expected_revenue, StaticObjective(media, periods, split.spend),
              1e-9 * split.expected_revenue);
  const double funded_floor = 1e-6 * per_period;
  double lambda = -1.0;
  int funded = 0;
  for (std::size_t l = 0; l < media.size(); ++l) {
    if (split.spend[l] <= funded_floor) continue;
    ++funded;
    if (lambda < 0.0) lambda = split.marginal[l];
    EXPECT_NEAR(split.marginal[l], lambda, 1e-4 * lambda) << "line " << l << " at per_period " << per_period;
  }
  ASSERT_GE(funded, 1);
  for (std::size_t l = 0; l < media.size(); ++l) {
    if (split.spend[l] > funded_floor) continue;
    EXPECT_LE(split.marginal[l], lambda * (1.0 + 1e-4)) << "unfunded line " << l;
  }
}

TEST(MmmOptimal, TwoLinesEqualisesMarginalsAndBeatsAFineGrid) {
  const std::vector<MediaCurve> media = {Curve(3000, 250, 1.0, 0.1, 0.9),
                                         Curve(50000, 400, 1.6, 0.4, 0.12)};
  const int periods = 6;
  int interior = 0;
  for (double per_period : {60.0, 400.0, 1500.0, 6000.0}) {
    SCOPED_TRACE(per_period);
    const StaticSplit split = SolveStaticSplit(media, periods, per_period);
    ExpectOptimalityConditions(media, periods, per_period, split);
    if (split.spend[0] > 1e-6 * per_period && split.spend[1] > 1e-6 * per_period) ++interior;
    double best = -1.0;
    for (int k = 0; k <= 400; ++k) {
      const double x = per_period * k / 400.0;
      best = std::max(best, StaticObjective(media, periods, {x, per_period - x}));
    }
    EXPECT_LE(best, split.expected_revenue * (1.0 + 1e-9));
  }
  // The budgets above include ones where both lines are worth funding: the equal-marginal
  // check is not vacuous.
  EXPECT_GE(interior, 2);
}

TEST(MmmOptimal, ThreeLinesEqualisesMarginalsAndBeatsAGrid) {
  const std::vector<MediaCurve> media = ThreeLines();
  const int periods = 6;
  int interior = 0;
  for (double per_period : {150.0, 1200.0, 5000.0, 20000.0}) {
    SCOPED_TRACE(per_period);
    const StaticSplit split = SolveStaticSplit(media, periods, per_period);
    ExpectOptimalityConditions(media, periods, per_period, split);
    int funded = 0;
    for (double s : split.spend) funded += s > 1e-6 * per_period ? 1 : 0;
    if (funded >= 2) ++interior;
    double best = -1.0;
    for (int i = 0; i <= 100; ++i) {
      for (int j = 0; i + j <= 100; ++j) {
        const double a = per_period * i / 100.0, b = per_period * j / 100.0;
        best = std::max(best, StaticObjective(media, periods, {a, b, per_period - a - b}));
      }
    }
    EXPECT_LE(best, split.expected_revenue * (1.0 + 1e-9));
  }
  EXPECT_GE(interior, 2);
}

TEST(MmmOptimal, SteepConcaveLineIsAlwaysFunded) {
  // Hill shape < 1: infinite marginal return at 0, so even a small budget funds the line.
  const std::vector<MediaCurve> media = {Curve(3000, 250, 1.0, 0.1, 0.9), Curve(800, 300, 0.6, 0.3, 0.5)};
  for (double per_period : {20.0, 300.0, 3000.0}) {
    SCOPED_TRACE(per_period);
    const StaticSplit split = SolveStaticSplit(media, 5, per_period);
    EXPECT_GT(split.spend[1], 1e-6 * per_period);
    ExpectOptimalityConditions(media, 5, per_period, split);
    double best = -1.0;
    for (int k = 0; k <= 400; ++k) {
      const double x = per_period * k / 400.0;
      best = std::max(best, StaticObjective(media, 5, {x, per_period - x}));
    }
    EXPECT_LE(best, split.expected_revenue * (1.0 + 1e-9));
  }
}

TEST(MmmOptimal, SingleLineTakesEverything) {
  const std::vector<MediaCurve> media = {Curve(50000, 400, 1.6, 0.4, 0.12)};
  const StaticSplit split = SolveStaticSplit(media, 4, 700.0);
  ASSERT_EQ(split.spend.size(), 1U);
  EXPECT_DOUBLE_EQ(split.spend[0], 700.0);
  EXPECT_NEAR(split.expected_revenue, StaticObjective(media, 4, {700.0}), 1e-9 * split.expected_revenue);
}

TEST(MmmOptimal, ExpectedMediaRevenueByHand) {
  // Line 0: Hill 100 a / (a + 10), decay 0.5, value 2, effectiveness {1, 0.5}.
  // Line 1: Hill 40 a^2 / (a^2 + 16), decay 0.25, value 1, effectiveness {2} (then 1).
  const std::vector<MediaCurve> media = {Curve(100, 10, 1.0, 0.5, 2.0, {1.0, 0.5}),
                                         Curve(40, 4, 2.0, 0.25, 1.0, {2.0})};
  // The third column (an owned line) is ignored.
  const std::vector<std::vector<double>> spend = {{10.0, 4.0, 999.0}, {20.0, 2.0, 999.0}};
  // Line 0: period 0 adstock 10 -> 50 impressions -> 2 * 1 * 50 = 100;
  //         period 1 adstock 20 + 0.5 * 10 = 25 -> 100 * 25 / 35 -> 2 * 0.5 * 2500 / 35.
  // Line 1: period 0 adstock 4 -> 40 * 16 / 32 = 20 -> 1 * 2 * 20 = 40;
  //         period 1 adstock 2 + 0.25 * 4 = 3 -> 40 * 9 / 25 = 14.4 -> 14.4.
  const double expected = 100.0 + 2500.0 / 35.0 + 40.0 + 14.4;
  EXPECT_NEAR(ExpectedMediaRevenue(media, spend), expected, 1e-12 * expected);
  // Nothing spent, nothing earned; one period only.
  EXPECT_EQ(ExpectedMediaRevenue(media, {{0.0, 0.0}, {0.0, 0.0}}), 0.0);
  EXPECT_NEAR(ExpectedMediaRevenue(media, {{10.0, 4.0}}), 140.0, 1e-12);
}

TEST(MmmOptimal, StaticAgentGivesOwnedShareAndSplitsTheRest) {
  BudgetProblem problem;
  problem.lines = {"a", "b", "owned"};
  problem.num_periods = 4;
  problem.total_budget = 1000.0;
  problem.media = {Curve(3000, 100, 1.0, 0.1, 0.9), Curve(50000, 150, 1.6, 0.4, 0.12)};
  MmmOptimalParams params;
  params.owned_share = 0.2;
  MmmOptimalStaticAgent agent(params, problem);
  // The split was solved for the paid part of the even per-period budget.
  const StaticSplit& split = agent.split();
  ASSERT_EQ(split.spend.size(), 2U);
  EXPECT_NEAR(split.spend[0] + split.spend[1], 0.8 * 250.0, 1e-9);
  const StaticSplit direct = SolveStaticSplit(problem.media, 4, 200.0);
  EXPECT_DOUBLE_EQ(split.spend[0], direct.spend[0]);

  BudgetObservation obs;
  obs.period = 1;
  obs.num_periods = 4;
  obs.total_budget = 1000.0;
  obs.remaining_budget = 900.0;  // held back: 300 for this period
  obs.lines = problem.lines;
  obs.spend_to_date = {50.0, 40.0, 10.0};
  obs.revenue_to_date = {80.0, 20.0, 5.0};
  obs.adstock = {50.0, 40.0, 0.0};
  const double amount = EvenPacingAmount(obs);
  ASSERT_DOUBLE_EQ(amount, 300.0);
  const BudgetAction action = agent.Act(obs);
  ASSERT_EQ(action.spend.size(), 3U);
  EXPECT_NEAR(action.spend[2], 0.2 * amount, 1e-9);
  EXPECT_NEAR(action.spend[0] + action.spend[1] + action.spend[2], amount, 1e-9);
  EXPECT_NEAR(action.spend[0], 0.8 * amount * split.spend[0] / 200.0, 1e-9);
  EXPECT_NEAR(action.spend[1], 0.8 * amount * split.spend[1] / 200.0, 1e-9);
  // Static: the same shares whatever happened before.
  obs.period = 3;
  obs.remaining_budget = 120.0;
  const BudgetAction last = agent.Act(obs);
  EXPECT_NEAR(last.spend[2], 0.2 * 120.0, 1e-9);
  EXPECT_NEAR(last.spend[0] / 120.0, action.spend[0] / amount, 1e-12);

  // With no paid lines everything goes to the owned line.
  BudgetProblem owned_only;
  owned_only.lines = {"owned"};
  owned_only.num_periods = 4;
  owned_only.total_budget = 1000.0;
  MmmOptimalStaticAgent owned_agent(params, owned_only);
  BudgetObservation o = obs;
  o.lines = {"owned"};
  const BudgetAction all = owned_agent.Act(o);
  ASSERT_EQ(all.spend.size(), 1U);
  EXPECT_DOUBLE_EQ(all.spend[0], 120.0);
}

}  // namespace
}  // namespace campsim
