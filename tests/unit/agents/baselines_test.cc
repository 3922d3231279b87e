#include <gtest/gtest.h>

#include <cmath>

#include "agents/baselines/budget_baselines.h"
#include "agents/baselines/message_baselines.h"
#include "../test_worlds.h"

namespace campsim {
namespace {


MessageProblem Problem() {
  MessageProblem p;
  p.actions = {{"no_send", -1, -1, 0.0}, {"email:a", 0, 0, 0.001}, {"email:b", 0, 1, 0.001},
               {"push:a", 1, 0, 0.0}};
  p.feature_names = {"segment=x", "segment=y", "f"};
  p.seed = 99;
  return p;
}

MessageBatch Batch(SimTime time) {
  MessageBatch b;
  b.time = time;
  b.num_features = 3;
  b.num_actions = 4;
  b.users = {0, 1, 2};
  b.decision_ids = {MakeDecisionId(time, 0), MakeDecisionId(time, 1), MakeDecisionId(time, 2)};
  b.contexts = {1, 0, 0.5F, 0, 1, 0.1F, 1, 0, 0.3F};
  b.eligible = {1, 1, 1, 1, 1, 0, 1, 0, 1, 0, 0, 0};
  b.expected_reward = {0, 0.2, 0.5, 0.1, 0, 0, 0.4, 0, 0, 0, 0, 0};
  return b;
}

// Every baseline answers only eligible actions with a propensity in (0, 1].
TEST(MessageBaselines, AnswersAreValid) {
  RuleParams rules;
  RuleEntry r;
  r.segment = "x";
  r.action = "email:b";
  r.every_days = 1;
  rules.rules = {r};
  NoSendAgent no_send(Problem());
  UniformRandomAgent random(UniformRandomParams{}, Problem());
  RuleAgent rule(rules, Problem());
  MyopicOracleAgent oracle(Problem());
  for (MessageAgent* agent : std::vector<MessageAgent*>{&no_send, &random, &rule, &oracle}) {
    Decisions d;
    const MessageBatch b = Batch(3 * kDay);
    agent->Act(b, d);
    EXPECT_NO_THROW(ValidateDecisions(b, d));
  }
}

TEST(MessageBaselines, UniformRandomPropensityAndDeterminism) {
  UniformRandomAgent random(UniformRandomParams{}, Problem());
  Decisions d1, d2;
  random.Act(Batch(kDay), d1);
  random.Act(Batch(kDay), d2);
  EXPECT_EQ(d1.actions, d2.actions);
  EXPECT_DOUBLE_EQ(d1.propensities[0], 1.0 / 4.0);  // all four eligible
  EXPECT_DOUBLE_EQ(d1.propensities[1], 1.0 / 2.0);  // no_send, email:b
  EXPECT_DOUBLE_EQ(d1.propensities[2], 1.0);        // only no_send
  UniformRandomAgent sends_only(testing::SendsOnly(), Problem());
  Decisions d3;
  sends_only.Act(Batch(kDay), d3);
  EXPECT_NE(d3.actions[0], kNoSendAction);
  EXPECT_DOUBLE_EQ(d3.propensities[0], 1.0 / 3.0);
}

TEST(MessageBaselines, UniformRandomIsUniform) {
  UniformRandomAgent random(UniformRandomParams{}, Problem());
  std::vector<int> counts(4, 0);
  for (int day = 0; day < 4000; ++day) {
    Decisions d;
    random.Act(Batch(day * kDay), d);
    ++counts[d.actions[0]];
  }
  for (int c : counts) EXPECT_NEAR(c / 4000.0, 0.25, 0.03);
}

TEST(MessageBaselines, RuleFollowsSchedule) {
  RuleParams rules;
  RuleEntry r;
  r.segment = "x";
  r.action = "email:b";
  r.every_days = 7;
  r.offset_days = 2;
  rules.rules = {r};
  RuleAgent rule(rules, Problem());
  Decisions d;
  rule.Act(Batch(2 * kDay + 3600), d);
  EXPECT_EQ(d.actions[0], 2);            // segment x, on schedule, eligible
  EXPECT_EQ(d.actions[1], kNoSendAction);  // segment y has no rule
  EXPECT_EQ(d.actions[2], kNoSendAction);  // email:b not eligible for user 2
  rule.Act(Batch(3 * kDay), d);
  EXPECT_EQ(d.actions[0], kNoSendAction);  // off schedule
}

TEST(MessageBaselines, RuleRejectsUnknownNames) {
  RuleParams rules;
  RuleEntry r;
  r.segment = "z";
  r.action = "email:a";
  r.where.line = 12;
  rules.rules = {r};
  try {
    RuleAgent rule(rules, Problem());
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.where().line, 12);
    EXPECT_NE(e.message().find("unknown segment 'z'"), std::string::npos);
  }
  rules.rules[0].segment = "x";
  rules.rules[0].action = "sms:a";
  EXPECT_THROW(RuleAgent(rules, Problem()), ConfigError);
}

TEST(MessageBaselines, OracleTakesBestEligible) {
  MyopicOracleAgent oracle(Problem());
  Decisions d;
  oracle.Act(Batch(0), d);
  EXPECT_EQ(d.actions[0], 2);
  EXPECT_EQ(d.actions[1], 2);  // 0.4, the only positive eligible action
  EXPECT_EQ(d.actions[2], kNoSendAction);
  EXPECT_EQ(d.propensities[0], 1.0);
}

TEST(BudgetBaselines, PaceEvenlyAndSplit) {
  BudgetObservation obs;
  obs.period = 2;
  obs.num_periods = 6;
  obs.remaining_budget = 400.0;
  obs.lines = {"social", "search", "owned"};
  UniformSplitAgent uniform{BudgetProblem{}};
  const BudgetAction a = uniform.Act(obs);
  ASSERT_EQ(a.spend.size(), 3U);
  for (double x : a.spend) EXPECT_DOUBLE_EQ(x, 100.0 / 3.0);
  FixedSharesParams params;
  params.shares = {{"search", 0.25}, {"owned", 0.75}};
  FixedSharesAgent fixed(params, obs.lines);
  const BudgetAction b = fixed.Act(obs);
  EXPECT_DOUBLE_EQ(b.spend[0], 0.0);
  EXPECT_DOUBLE_EQ(b.spend[1], 25.0);
  EXPECT_DOUBLE_EQ(b.spend[2], 75.0);
  params.shares = {{"tv", 1.0}};
  EXPECT_THROW(FixedSharesAgent(params, obs.lines), ConfigError);
}

}  // namespace
}  // namespace campsim
