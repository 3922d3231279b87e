#include "sim/campaign_env.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <optional>
#include <set>

#include "../test_worlds.h"
#include "agents/baselines/budget_baselines.h"
#include "agents/baselines/message_baselines.h"
#include "core/check.h"

namespace campsim {
namespace {

using OnDecisions = std::function<void(const MessageBatch&, const Decisions&)>;
using OnFeedback = std::function<void(const FeedbackBatch&)>;

// Runs the env to the end: uniform_split answers budget requests, `agent` message batches;
// the callbacks see every batch with its decisions and every step's feedback.
void Drive(CampaignEnv& env, const MessageAgent& agent, const OnDecisions& on_decisions,
           const OnFeedback& on_feedback = nullptr) {
  UniformSplitAgent budget{BudgetProblem{}};
  Decisions decisions;
  const EnvStep* step = &env.Reset();
  while (!step->done()) {
    if (step->kind == EnvStep::Kind::kBudget) {
      step = &env.Step(budget.Act(step->budget));
    } else {
      agent.Act(step->messages, decisions);
      on_decisions(step->messages, decisions);
      step = &env.Step(decisions);
    }
    EXPECT_LE(env.ledger().spent(), env.ledger().total());
    if (on_feedback) on_feedback(step->feedback);
  }
}

struct RunLog {
  std::vector<std::pair<DecisionId, int>> decisions;
  FeedbackBatch feedback;
  Metrics metrics;
  std::int64_t spent = 0, total = 0;
  int sync_points = 0;  // steps whose feedback carried the spend status
};

// Runs a world with a uniform-random message agent, checking invariants on every step.
RunLog RunRandom(const WorldConfig& world, std::uint64_t seed, bool feedback_contexts = true,
                 std::optional<std::vector<int>> batch_features = std::nullopt,
                 bool feedback_rows = true) {
  CampaignEnv env(world, seed);
  env.set_feedback_contexts(feedback_contexts);
  env.set_feedback_rows(feedback_rows);
  env.set_batch_features(batch_features);
  MessageProblem problem = env.problem();
  problem.seed = seed;
  UniformRandomAgent agent(UniformRandomParams{}, problem);
  RunLog log;
  log.feedback.num_features = problem.num_features();
  Drive(
      env, agent,
      [&](const MessageBatch& batch, const Decisions& decisions) {
        for (std::size_t i = 0; i < batch.size(); ++i) {
          EXPECT_EQ(batch.Eligible(i)[kNoSendAction], 1);
          for (int a = 1; a < batch.num_actions; ++a) {
            // Consent is never bypassed: an eligible send has consent.
            if (batch.Eligible(i)[a]) {
              EXPECT_TRUE(env.population().HasConsent(batch.users[i], problem.actions[a].channel));
            }
          }
          log.decisions.emplace_back(batch.decision_ids[i], decisions.actions[i]);
          if (batch_features) {  // listed features computed, the others NaN
            for (int f = 0; f < batch.num_features; ++f) {
              const bool listed = std::find(batch_features->begin(), batch_features->end(), f) !=
                                  batch_features->end();
              EXPECT_EQ(std::isnan(batch.Context(i)[f]), !listed);
            }
          }
        }
      },
      [&](const FeedbackBatch& f) {
        for (std::size_t i = 0; i < f.size(); ++i) {
          log.feedback.decision_ids.push_back(f.decision_ids[i]);
          log.feedback.times.push_back(f.times[i]);
          log.feedback.users.push_back(f.users[i]);
          log.feedback.actions.push_back(f.actions[i]);
          log.feedback.rewards.push_back(f.rewards[i]);
          log.feedback.contexts.insert(log.feedback.contexts.end(), f.Context(i).begin(),
                                       f.Context(i).end());
        }
        EXPECT_EQ(f.num_features, feedback_contexts ? log.feedback.num_features : 0);
        if (f.now >= 0) ++log.sync_points;
      });
  log.metrics = env.MergedMetrics();
  log.spent = env.ledger().spent();
  log.total = env.ledger().total();
  return log;
}

TEST(CampaignEnv, EveryDecisionGetsFeedbackOnceInCanonicalOrder) {
  const RunLog log = RunRandom(testing::SmallWorld(), 3);
  ASSERT_GT(log.decisions.size(), 1000U);
  ASSERT_EQ(log.feedback.size(), log.decisions.size());
  std::set<DecisionId> ids;
  for (std::size_t i = 0; i < log.feedback.size(); ++i) {
    EXPECT_TRUE(ids.insert(log.feedback.decision_ids[i]).second);
    if (i > 0) {
      const auto prev = std::make_pair(log.feedback.times[i - 1], log.feedback.users[i - 1]);
      const auto cur = std::make_pair(log.feedback.times[i], log.feedback.users[i]);
      EXPECT_LT(prev, cur);
    }
  }
}

TEST(CampaignEnv, BudgetIsNeverExceededEvenWhenTiny) {
  WorldConfig world = testing::SmallWorld();
  world.budget.total = 3.0;  // a few thousand emails' worth at most
  const RunLog log = RunRandom(world, 4);
  EXPECT_LE(log.spent, log.total);
  EXPECT_GT(log.spent, log.total * 8 / 10);  // the budget is used, not left idle
  // Random sends outrun the allowance inside a batch: those are refused, not overspent.
  EXPECT_GT(log.metrics.Total(DecisionMetric::kRejected), 0.0);
}

TEST(CampaignEnv, FrequencyCapsHold) {
  WorldConfig world = testing::SmallWorld();
  auto& email = dynamic_cast<OwnedChannelParams&>(*world.owned_channels[0].params);
  email.cap_max_sends = 2;
  email.cap_window_days = 7;
  email.cap_min_gap_hours = 30;
  CampaignEnv env(world, 5);
  const MessageProblem problem = env.problem();
  UniformRandomAgent agent(testing::SendsOnly(), problem);
  std::map<std::pair<UserId, SimTime>, int> sends_per_window;
  std::map<UserId, SimTime> last_send;
  Drive(env, agent, [&](const MessageBatch& batch, const Decisions& decisions) {
    for (std::size_t i = 0; i < batch.size(); ++i) {
      const int a = decisions.actions[i];
      if (a == kNoSendAction || problem.actions[a].channel != 0) continue;
      const UserId u = batch.users[i];
      const int in_window = ++sends_per_window[std::make_pair(u, batch.time / (7 * kDay))];
      EXPECT_LE(in_window, 2);
      if (last_send.count(u)) {
        EXPECT_GE(batch.time - last_send[u], 30 * kHour);
      }
      last_send[u] = batch.time;
    }
  });
  EXPECT_GT(sends_per_window.size(), 100U);
}

TEST(CampaignEnv, SameSeedSameRunOtherSeedDifferent) {
  const RunLog a = RunRandom(testing::SmallWorld(), 8);
  const RunLog b = RunRandom(testing::SmallWorld(), 8);
  const RunLog c = RunRandom(testing::SmallWorld(), 9);
  EXPECT_EQ(a.decisions, b.decisions);
  EXPECT_EQ(a.feedback.rewards, b.feedback.rewards);
  EXPECT_EQ(a.metrics.Total(Metric::kRevenue), b.metrics.Total(Metric::kRevenue));
  EXPECT_NE(a.metrics.Total(Metric::kRevenue), c.metrics.Total(Metric::kRevenue));
}

TEST(CampaignEnv, FeedbackWithoutContextsAndPartialBatchFeaturesChangeNothingElse) {
  const RunLog with = RunRandom(testing::SmallWorld(), 8);
  const RunLog without = RunRandom(testing::SmallWorld(), 8, false);
  EXPECT_EQ(with.decisions, without.decisions);
  EXPECT_EQ(with.feedback.decision_ids, without.feedback.decision_ids);
  EXPECT_EQ(with.feedback.rewards, without.feedback.rewards);
  EXPECT_EQ(with.metrics.Total(Metric::kRevenue), without.metrics.Total(Metric::kRevenue));
  EXPECT_EQ(with.feedback.contexts.size(), with.feedback.size() * with.feedback.num_features);
  EXPECT_TRUE(without.feedback.contexts.empty());
  const RunLog some = RunRandom(testing::SmallWorld(), 8, false, std::vector<int>{0, 2});
  EXPECT_EQ(with.decisions, some.decisions);
  EXPECT_EQ(with.feedback.rewards, some.feedback.rewards);
  EXPECT_EQ(with.metrics.Total(Metric::kRevenue), some.metrics.Total(Metric::kRevenue));
}

TEST(CampaignEnv, FeedbackWithoutRowsChangesNothingElse) {
  const RunLog with = RunRandom(testing::SmallWorld(), 8);
  const RunLog without = RunRandom(testing::SmallWorld(), 8, false, std::nullopt, false);
  ASSERT_GT(with.feedback.size(), 1000U);
  EXPECT_EQ(without.feedback.size(), 0U);
  EXPECT_EQ(with.decisions, without.decisions);
  EXPECT_EQ(with.sync_points, without.sync_points);
  EXPECT_GT(with.sync_points, 0);
  EXPECT_EQ(with.spent, without.spent);
  for (int m = 0; m < kNumMetrics; ++m) {
    EXPECT_EQ(with.metrics.Total(static_cast<Metric>(m)),
              without.metrics.Total(static_cast<Metric>(m)))
        << "metric " << m;
  }
  for (int m = 0; m < kNumDecisionMetrics; ++m) {
    const auto metric = static_cast<DecisionMetric>(m);
    EXPECT_EQ(with.metrics.Total(metric), without.metrics.Total(metric)) << "decision metric " << m;
  }
}

// The oracle's expected rewards are exact: over many decisions, the realised rewards of the
// chosen actions average to their expected rewards (checked with a z-test on the sum).
TEST(CampaignEnv, GroundTruthMatchesRealisedRewards) {
  WorldConfig world = testing::SmallWorld();
  world.population.size = 6000;
  world.reward.kind = "conversion";
  world.journey.message_boost = 2.5;  // plenty of conversions for a tight test
  CampaignEnv env(world, 21);
  UniformRandomAgent agent(testing::SendsOnly(), env.problem());
  std::map<DecisionId, double> expected;
  double sum_expected = 0.0, sum_variance = 0.0, sum_realised = 0.0;
  Drive(
      env, agent,
      [&](const MessageBatch& batch, const Decisions& decisions) {
        for (std::size_t i = 0; i < batch.size(); ++i) {
          expected[batch.decision_ids[i]] = batch.ExpectedReward(i)[decisions.actions[i]];
        }
      },
      [&](const FeedbackBatch& f) {
        for (std::size_t i = 0; i < f.size(); ++i) {
          const double p = expected.at(f.decision_ids[i]);
          sum_expected += p;
          sum_variance += p * (1.0 - p);
          sum_realised += f.rewards[i];
        }
      });
  ASSERT_GT(sum_expected, 200.0);
  EXPECT_LT(std::abs(sum_realised - sum_expected), 4.0 * std::sqrt(sum_variance))
      << "realised " << sum_realised << " expected " << sum_expected;
}

TEST(CampaignEnv, LeanSettingsChangeOnlyBetweenRuns) {
  CampaignEnv env(testing::SmallWorld(), 1);
  env.set_feedback_contexts(false);
  env.set_feedback_rows(false);
  EXPECT_THROW(env.set_batch_features(std::vector<int>{-1}), std::out_of_range);
  env.Reset();
  EXPECT_THROW(env.set_feedback_contexts(true), std::logic_error);
  EXPECT_THROW(env.set_feedback_rows(true), std::logic_error);
  EXPECT_THROW(env.set_batch_features(std::nullopt), std::logic_error);
}

TEST(CampaignEnv, RejectsMisuse) {
  CampaignEnv env(testing::SmallWorld(), 1);
  const EnvStep& first = env.Reset();
  ASSERT_EQ(first.kind, EnvStep::Kind::kBudget);
  EXPECT_THROW(env.Step(Decisions{}), std::logic_error);
  EXPECT_THROW(env.Step(BudgetAction{{1.0}}), std::invalid_argument);  // wrong length
  EXPECT_THROW(env.Step(BudgetAction{{-1.0, 1.0}}), std::invalid_argument);
  const EnvStep& messages = env.Step(BudgetAction{{10.0, 10.0}});
  ASSERT_EQ(messages.kind, EnvStep::Kind::kMessages);
  Decisions bad;
  bad.Resize(messages.messages.size());
  bad.propensities[0] = 0.0;
  EXPECT_THROW(env.Step(bad), std::invalid_argument);
}

TEST(CampaignEnv, HugeBudgetRequestsAreClippedNotOverflowed) {
  CampaignEnv env(testing::SmallWorld(), 1);
  const EnvStep* step = &env.Reset();
  ASSERT_EQ(step->kind, EnvStep::Kind::kBudget);
  step = &env.Step(BudgetAction{{1e300, 5e18}});
  EXPECT_LE(env.ledger().spent(), env.ledger().total());
  EXPECT_GE(env.ledger().spent(), 0);
  EXPECT_LE(env.period_spend()[0][0] + env.period_spend()[0][1], 2000.0 + 1e-6);
}

TEST(CampaignEnv, ConfigErrorsNameTheEntry) {
  WorldConfig world = testing::SmallWorld();
  world.messages[1].channels = {"email", "fax"};
  world.messages[1].where.line = 33;
  try {
    CampaignEnv env(world, 1);
    FAIL() << "expected a ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.where().line, 33);
    EXPECT_NE(e.message().find("unknown owned channel 'fax'"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace campsim
