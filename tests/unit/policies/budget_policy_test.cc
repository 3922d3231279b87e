#include "policies/budget_policy.h"

#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "policies/policy_bundle.h"

namespace campsim {
namespace {

using Json = nlohmann::json;

BudgetObservation Obs(int period, int num_periods, double total, double remaining,
                      std::vector<std::string> lines = {"a", "b", "owned"}) {
  BudgetObservation o;
  o.period = period;
  o.num_periods = num_periods;
  o.total_budget = total;
  o.remaining_budget = remaining;
  o.spend_to_date.assign(lines.size(), 0.0);
  o.revenue_to_date.assign(lines.size(), 0.0);
  o.adstock.assign(lines.size(), 0.0);
  o.lines = std::move(lines);
  return o;
}

TEST(BudgetPolicyFeatures, PacingTimeAndPace) {
  const BudgetObservation o = Obs(2, 5, 1000.0, 700.0);
  EXPECT_DOUBLE_EQ(EvenPacingAmount(o), 700.0 / 3.0);
  EXPECT_DOUBLE_EQ(TimeFraction(o), 0.5);
  EXPECT_NEAR(Pace(o), 0.7 - 0.6, 1e-15);  // 0.1: budget held back
  EXPECT_EQ(BudgetState(o), 2 * 3 + 2);

  const BudgetObservation start = Obs(0, 5, 1000.0, 1000.0);
  EXPECT_DOUBLE_EQ(EvenPacingAmount(start), 200.0);
  EXPECT_DOUBLE_EQ(TimeFraction(start), 0.0);
  EXPECT_DOUBLE_EQ(Pace(start), 0.0);
  EXPECT_EQ(BudgetState(start), 1);  // on pace

  const BudgetObservation behind = Obs(3, 5, 1000.0, 300.0);  // 0.3 left, 0.4 of the time
  EXPECT_DOUBLE_EQ(EvenPacingAmount(behind), 150.0);
  EXPECT_DOUBLE_EQ(TimeFraction(behind), 0.75);
  EXPECT_NEAR(Pace(behind), -0.1, 1e-15);
  EXPECT_EQ(BudgetState(behind), 3 * 3 + 0);

  const BudgetObservation last = Obs(4, 5, 1000.0, 200.0);
  EXPECT_DOUBLE_EQ(EvenPacingAmount(last), 200.0);
  EXPECT_DOUBLE_EQ(TimeFraction(last), 1.0);
  EXPECT_EQ(BudgetState(last), 4 * 3 + 1);

  // Past the horizon: the last period's state; nothing left to spend; overspent clips to 0.
  EXPECT_EQ(BudgetState(Obs(7, 5, 1000.0, 0.0)), 4 * 3 + 2);  // pace 0 - (5 - 7) / 5 = 0.4
  EXPECT_DOUBLE_EQ(EvenPacingAmount(Obs(5, 5, 1000.0, 30.0)), 30.0);
  EXPECT_DOUBLE_EQ(EvenPacingAmount(Obs(1, 5, 1000.0, -5.0)), 0.0);
  // Degenerate: one period, no budget.
  EXPECT_DOUBLE_EQ(TimeFraction(Obs(0, 1, 100.0, 100.0)), 0.0);
  EXPECT_DOUBLE_EQ(Pace(Obs(1, 4, 0.0, 0.0)), 0.0);
}

TEST(BudgetPolicyFeatures, FeatureVector) {
  const auto x = BudgetFeatures(Obs(2, 5, 1000.0, 700.0));  // time fraction 0.5, pace 0.1
  ASSERT_EQ(x.size(), 6U);
  EXPECT_DOUBLE_EQ(x[0], 1.0);
  EXPECT_NEAR(x[1], std::exp(-0.5 * 1.5 * 1.5), 1e-15);
  EXPECT_NEAR(x[2], std::exp(-0.5 * 0.5 * 0.5), 1e-15);
  EXPECT_NEAR(x[3], std::exp(-0.5 * 0.5 * 0.5), 1e-15);
  EXPECT_NEAR(x[4], std::exp(-0.5 * 1.5 * 1.5), 1e-15);
  EXPECT_NEAR(x[5], 0.1, 1e-15);
  const auto first = BudgetFeatures(Obs(0, 4, 1000.0, 1000.0));  // time 0, on pace
  EXPECT_DOUBLE_EQ(first[1], 1.0);
  EXPECT_NEAR(first[2], std::exp(-0.5), 1e-15);
  EXPECT_NEAR(first[3], std::exp(-2.0), 1e-15);
  EXPECT_NEAR(first[4], std::exp(-4.5), 1e-15);
  EXPECT_DOUBLE_EQ(first[5], 0.0);
  const auto end = BudgetFeatures(Obs(3, 4, 1000.0, 150.0));  // time 1, pace 0.15 - 0.25
  EXPECT_DOUBLE_EQ(end[4], 1.0);
  EXPECT_NEAR(end[1], std::exp(-4.5), 1e-15);
  EXPECT_NEAR(end[5], -0.1, 1e-15);
}

TEST(BudgetPolicyFeatures, SoftmaxIsStable) {
  std::vector<double> out;
  SoftmaxShares({1000.0, 1000.0 + std::log(3.0), -1e300}, out);
  ASSERT_EQ(out.size(), 3U);
  EXPECT_NEAR(out[0], 0.25, 1e-12);
  EXPECT_NEAR(out[1], 0.75, 1e-12);
  EXPECT_EQ(out[2], 0.0);
}

// One policy of every kind over lines {a, b, owned} and 3 periods.
std::vector<BudgetPolicy> Policies() {
  const std::vector<std::string> lines = {"a", "b", "owned"};
  std::vector<double> weights;
  for (int i = 0; i < 3 * kNumBudgetFeatures; ++i) weights.push_back(0.37 * std::sin(1.0 + i) - 0.05 * i);
  weights[2 * kNumBudgetFeatures] = -1e300;  // an inactive line, as actor_critic exports it
  std::vector<double> table;
  for (int s = 0; s < 3 * kPaceBuckets; ++s) {
    const double a = 0.1 * (s % 5), b = 0.05 * s;
    table.insert(table.end(), {a, b, 1.0 - a - b});
  }
  return {BudgetPolicy(BudgetPolicy::Kind::kSchedule, lines, 3,
                       {0.5, 0.25, 0.25, 0.1, 0.2, 0.7, 1.0 / 3, 1.0 / 3, 1.0 / 3}),
          BudgetPolicy(BudgetPolicy::Kind::kLinearSoftmax, lines, 3, weights),
          BudgetPolicy(BudgetPolicy::Kind::kTabular, lines, 3, table)};
}

std::vector<BudgetObservation> Observations() {
  return {Obs(0, 3, 900.0, 900.0), Obs(1, 3, 900.0, 600.0), Obs(1, 3, 900.0, 750.0),
          Obs(1, 3, 900.0, 450.0), Obs(2, 3, 900.0, 300.0), Obs(2, 3, 900.0, 10.0),
          Obs(5, 3, 900.0, 0.0)};
}

TEST(BudgetPolicy, EveryKindRoundTripsThroughJson) {
  for (const BudgetPolicy& policy : Policies()) {
    const std::string text = policy.ToJson("paid_media", "{\"agent\": \"cem\", \"episodes\": 12}");
    const Json j = Json::parse(text);
    EXPECT_EQ(j["format"], "campsim-budget-policy");
    EXPECT_EQ(j["schema_version"], 1);
    EXPECT_EQ(j["scenario"], "paid_media");
    EXPECT_EQ(j["training"]["episodes"], 12);
    const BudgetPolicy back = BudgetPolicy::FromJson(text);
    EXPECT_EQ(back.kind(), policy.kind());
    EXPECT_EQ(back.lines(), policy.lines());
    EXPECT_EQ(back.num_periods(), policy.num_periods());
    EXPECT_EQ(back.params(), policy.params());
    EXPECT_EQ(back.ToJson("paid_media", "{\"agent\": \"cem\", \"episodes\": 12}"), text);
    for (const BudgetObservation& o : Observations()) {
      const std::vector<double> shares = policy.Shares(o);
      EXPECT_EQ(back.Shares(o), shares);
      double total = 0.0;
      for (double s : shares) {
        EXPECT_GE(s, 0.0);
        total += s;
      }
      EXPECT_NEAR(total, 1.0, 1e-12);
      const BudgetAction action = back.Act(o);
      ASSERT_EQ(action.spend.size(), 3U);
      for (std::size_t l = 0; l < 3; ++l) EXPECT_EQ(action.spend[l], EvenPacingAmount(o) * shares[l]);
    }
  }
  // No training metadata: an empty object.
  EXPECT_TRUE(Json::parse(Policies()[0].ToJson("x", ""))["training"].empty());
}

TEST(BudgetPolicy, SharesFollowTheKind) {
  const std::vector<BudgetPolicy> policies = Policies();
  // Schedule: the row of the period, the last row past the horizon.
  EXPECT_EQ(policies[0].Shares(Obs(1, 3, 900.0, 100.0)), (std::vector<double>{0.1, 0.2, 0.7}));
  EXPECT_EQ(policies[0].Shares(Obs(9, 3, 900.0, 0.0)), (std::vector<double>{1.0 / 3, 1.0 / 3, 1.0 / 3}));
  // Tabular: the row of BudgetState (period 1, holding back: state 5).
  const BudgetObservation held = Obs(1, 3, 900.0, 750.0);
  ASSERT_EQ(BudgetState(held), 5);
  EXPECT_EQ(policies[2].Shares(held), (std::vector<double>(policies[2].params().begin() + 15,
                                                           policies[2].params().begin() + 18)));
  // Linear softmax: by hand; the -1e300 bias gives the owned line exactly 0.
  const BudgetObservation o = Obs(1, 3, 900.0, 450.0);
  const auto x = BudgetFeatures(o);
  std::vector<double> logits(2, 0.0);
  for (int l = 0; l < 2; ++l) {
    for (int k = 0; k < kNumBudgetFeatures; ++k) logits[l] += policies[1].params()[l * kNumBudgetFeatures + k] * x[k];
  }
  const std::vector<double> shares = policies[1].Shares(o);
  EXPECT_NEAR(shares[0], 1.0 / (1.0 + std::exp(logits[1] - logits[0])), 1e-12);
  EXPECT_EQ(shares[2], 0.0);
}

TEST(BudgetPolicy, SharesRejectOtherLines) {
  for (const BudgetPolicy& policy : Policies()) {
    EXPECT_THROW(policy.Shares(Obs(0, 3, 900.0, 900.0, {"a", "b"})), std::invalid_argument);
    EXPECT_THROW(policy.Shares(Obs(0, 3, 900.0, 900.0, {"b", "a", "owned"})), std::invalid_argument);
    EXPECT_THROW(policy.Act(Obs(0, 3, 900.0, 900.0, {"a", "b", "owned", "c"})), std::invalid_argument);
  }
}

// FromJson of `text` throws a BundleError whose message contains `needle`.
void ExpectRejected(const std::string& text, const std::string& needle) {
  try {
    BudgetPolicy::FromJson(text);
    ADD_FAILURE() << "accepted: " << text.substr(0, 200);
  } catch (const BundleError& e) {
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "threw something other than BundleError: " << e.what();
  }
}

TEST(BudgetPolicy, FromJsonRejectsBadFiles) {
  const std::vector<BudgetPolicy> policies = Policies();
  const Json schedule = Json::parse(policies[0].ToJson("s", ""));
  const Json linear = Json::parse(policies[1].ToJson("s", ""));
  const Json tabular = Json::parse(policies[2].ToJson("s", ""));
  ASSERT_NO_THROW(BudgetPolicy::FromJson(schedule.dump()));

  Json j = schedule;
  j["format"] = "campsim-policy-bundle";
  ExpectRejected(j.dump(), "/format");
  j = schedule;
  j.erase("format");
  ExpectRejected(j.dump(), "/format");
  j = schedule;
  j["schema_version"] = 2;
  ExpectRejected(j.dump(), "/schema_version");
  j = schedule;
  j["kind"] = "neural";
  ExpectRejected(j.dump(), "/kind");
  // Wrong parameter shapes: a missing row, a short row, a schedule's rows read as linear.
  j = schedule;
  j["params"].erase(std::size_t{2});
  ExpectRejected(j.dump(), "/params");
  j = tabular;
  j["params"][4].erase(std::size_t{0});
  ExpectRejected(j.dump(), "/params/4");
  j = schedule;
  j["kind"] = "linear_softmax";
  ExpectRejected(j.dump(), "/params");
  j = linear;
  j["num_periods"] = 0;
  ExpectRejected(j.dump(), "/num_periods");
  j = linear;
  j["params"][0][3] = "x";
  ExpectRejected(j.dump(), "/params/0/3");
  j = linear;
  j["lines"] = Json::array();
  ExpectRejected(j.dump(), "/lines");
  // Values: a negative share, rows that do not sum to 1.
  j = schedule;
  j["params"][1] = {0.6, 0.6, -0.2};
  ExpectRejected(j.dump(), "negative share");
  j = tabular;
  j["params"][3] = {0.5, 0.25, 0.2};
  ExpectRejected(j.dump(), "sum to");
  j = schedule;
  j["params"][0] = {0.0, 0.0, 0.0};
  ExpectRejected(j.dump(), "sum to");
  // Not JSON at all, or not an object.
  ExpectRejected("{\"format\": \"campsim-budget-policy\",", "not JSON");
  ExpectRejected("schedule 0.5 0.5", "not JSON");
  ExpectRejected("[1, 2]", "");
  // The constructor checks the same things.
  EXPECT_THROW(BudgetPolicy(BudgetPolicy::Kind::kSchedule, {"a", "owned"}, 2, {1.0, 0.0}), BundleError);
  EXPECT_THROW(BudgetPolicy(BudgetPolicy::Kind::kSchedule, {}, 1, {}), BundleError);
  EXPECT_THROW(BudgetPolicy(BudgetPolicy::Kind::kLinearSoftmax, {"a"}, 1,
                            {0, 0, 0, std::nan(""), 0, 0}),
               BundleError);
}

}  // namespace
}  // namespace campsim
