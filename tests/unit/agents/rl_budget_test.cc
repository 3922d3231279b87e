// The budget learners (agents/rl/budget_learner.h) driven by hand on a synthetic world: four
// periods, lines {a, b, owned}, revenue a fixed multiple of each line's spend, earned at once.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "agents/rl/actor_critic_budget.h"
#include "agents/rl/budget_learner.h"
#include "agents/rl/cem_budget.h"
#include "agents/rl/q_learning_budget.h"
#include "policies/budget_policy.h"

namespace campsim {
namespace {

enum class Learner { kCem, kActorCritic, kQLearning };

std::string Name(Learner kind) {
  switch (kind) {
    case Learner::kCem: return "Cem";
    case Learner::kActorCritic: return "ActorCritic";
    case Learner::kQLearning: return "QLearning";
  }
  return "?";
}

BudgetProblem Problem(bool owned_channels, std::vector<std::string> lines = {"a", "b", "owned"},
                      int periods = 4, std::uint64_t seed = 2024) {
  BudgetProblem p;
  p.lines = std::move(lines);
  p.num_periods = periods;
  p.total_budget = 400.0;
  p.owned_channels = owned_channels;
  p.seed = seed;
  return p;
}

std::unique_ptr<BudgetLearner> Make(Learner kind, const BudgetProblem& problem) {
  switch (kind) {
    case Learner::kCem: return std::make_unique<CemBudgetAgent>(CemParams{}, problem);
    case Learner::kActorCritic: return std::make_unique<ActorCriticBudgetAgent>(ActorCriticParams{}, problem);
    case Learner::kQLearning: return std::make_unique<QLearningBudgetAgent>(QLearningParams{}, problem);
  }
  return nullptr;
}

// Revenue per unit of spend: "a" returns 3x, "b" 0.5x, the owned line 1x.
const std::vector<double> kRoi = {3.0, 0.5, 1.0};

BudgetObservation Start(const BudgetProblem& problem) {
  BudgetObservation o;
  o.period = 0;
  o.num_periods = problem.num_periods;
  o.total_budget = problem.total_budget;
  o.remaining_budget = problem.total_budget;
  o.lines = problem.lines;
  o.spend_to_date.assign(problem.lines.size(), 0.0);
  o.revenue_to_date.assign(problem.lines.size(), 0.0);
  o.adstock.assign(problem.lines.size(), 0.0);
  return o;
}

// One episode of the synthetic world; checks the learner's return is the revenue earned.
// Every action taken is appended to `actions` when given.
double Episode(BudgetLearner& agent, const BudgetProblem& problem, bool explore,
               std::vector<BudgetAction>* actions = nullptr, const std::vector<double>& roi = kRoi) {
  agent.BeginEpisode(explore);
  BudgetObservation o = Start(problem);
  for (int t = 0; t < problem.num_periods; ++t) {
    o.period = t;
    const BudgetAction a = agent.Act(o);
    EXPECT_EQ(a.spend.size(), problem.lines.size());
    double spent = 0.0;
    for (std::size_t l = 0; l < a.spend.size(); ++l) {
      spent += a.spend[l];
      o.spend_to_date[l] += a.spend[l];
      o.revenue_to_date[l] += roi[l % roi.size()] * a.spend[l];
      if (l + 1 < a.spend.size()) o.adstock[l] = a.spend[l] + 0.5 * o.adstock[l];
    }
    o.remaining_budget -= spent;
    if (actions != nullptr) actions->push_back(a);
  }
  o.period = problem.num_periods;
  double revenue = 0.0;
  for (double r : o.revenue_to_date) revenue += r;
  const double ret = agent.EndEpisode(o);
  EXPECT_NEAR(ret, revenue, 1e-9 * std::max(1.0, revenue));
  return ret;
}

void Train(BudgetLearner& agent, const BudgetProblem& problem, int episodes,
           const std::vector<double>& roi = kRoi) {
  for (int e = 0; e < episodes; ++e) Episode(agent, problem, true, nullptr, roi);
}

// Observations on and off pace in every period (and one past the horizon).
std::vector<BudgetObservation> Probes(const BudgetProblem& problem) {
  std::vector<BudgetObservation> out;
  for (int t = 0; t <= problem.num_periods; ++t) {
    for (double pace : {-0.1, 0.0, 0.15}) {
      BudgetObservation o = Start(problem);
      o.period = t;
      const double left = static_cast<double>(problem.num_periods - t) / problem.num_periods;
      o.remaining_budget = std::max(0.0, (left + pace) * problem.total_budget);
      o.revenue_to_date = {50.0 * t, 10.0 * t, 5.0 * t};
      out.push_back(o);
    }
  }
  return out;
}

class BudgetLearnerTest : public ::testing::TestWithParam<Learner> {};

TEST_P(BudgetLearnerTest, SameEpisodesGiveTheSameState) {
  for (bool owned : {false, true}) {
    SCOPED_TRACE(owned);
    const BudgetProblem problem = Problem(owned);
    auto a = Make(GetParam(), problem), b = Make(GetParam(), problem);
    const std::string initial = a->SaveState();
    for (int e = 0; e < 37; ++e) {
      const bool explore = e % 5 != 4;
      EXPECT_EQ(Episode(*a, problem, explore), Episode(*b, problem, explore));
    }
    EXPECT_EQ(a->episodes(), 30);  // greedy episodes do not count
    EXPECT_EQ(a->SaveState(), b->SaveState());
    EXPECT_NE(a->SaveState(), initial);
    EXPECT_EQ(a->Greedy().params(), b->Greedy().params());
    // Another seed explores differently.
    const BudgetProblem other = Problem(owned, {"a", "b", "owned"}, 4, 77);
    auto c = Make(GetParam(), other);
    Train(*c, other, 30);
    EXPECT_NE(c->SaveState(), a->SaveState());
  }
}

TEST_P(BudgetLearnerTest, CheckpointRoundTripResumesExactly) {
  for (bool owned : {false, true}) {
    SCOPED_TRACE(owned);
    const BudgetProblem problem = Problem(owned);
    auto original = Make(GetParam(), problem);
    Train(*original, problem, 13);  // mid-batch for cem (16) and actor_critic (8)
    const std::string state = original->SaveState();
    auto loaded = Make(GetParam(), problem);
    loaded->LoadState(state);
    EXPECT_EQ(loaded->SaveState(), state);
    EXPECT_EQ(loaded->episodes(), 13);
    for (const BudgetObservation& o : Probes(problem)) {
      EXPECT_EQ(loaded->Act(o).spend, original->Act(o).spend);
    }
    EXPECT_EQ(loaded->Greedy().params(), original->Greedy().params());
    // Training continues identically.
    for (int e = 0; e < 21; ++e) {
      std::vector<BudgetAction> x, y;
      EXPECT_EQ(Episode(*original, problem, true, &x), Episode(*loaded, problem, true, &y));
      ASSERT_EQ(x.size(), y.size());
      for (std::size_t t = 0; t < x.size(); ++t) EXPECT_EQ(x[t].spend, y[t].spend);
    }
    EXPECT_EQ(loaded->SaveState(), original->SaveState());
    EXPECT_NE(loaded->SaveState(), state);
  }
}

TEST_P(BudgetLearnerTest, GreedyActsAreTheExportedPolicy) {
  for (bool owned : {false, true}) {
    SCOPED_TRACE(owned);
    const BudgetProblem problem = Problem(owned);
    auto agent = Make(GetParam(), problem);
    for (int round = 0; round < 3; ++round) {
      const BudgetPolicy greedy = agent->Greedy();
      const BudgetPolicy exported = BudgetPolicy::FromJson(greedy.ToJson("synthetic", ""));
      for (const BudgetObservation& o : Probes(problem)) {
        const BudgetAction act = agent->Act(o);  // outside an episode
        EXPECT_EQ(act.spend, greedy.Act(o).spend);
        EXPECT_EQ(act.spend, exported.Act(o).spend);
      }
      // A greedy episode follows the same policy and learns nothing.
      const std::string before = agent->SaveState();
      agent->BeginEpisode(false);
      BudgetObservation o = Start(problem);
      for (int t = 0; t < problem.num_periods; ++t) {
        o.period = t;
        EXPECT_EQ(agent->Act(o).spend, greedy.Act(o).spend);
        o.remaining_budget -= problem.total_budget / problem.num_periods;
      }
      agent->EndEpisode(o);
      EXPECT_EQ(agent->SaveState(), before);
      Train(*agent, problem, 24);
    }
    EXPECT_THROW(agent->EndEpisode(Start(problem)), std::logic_error);
  }
}

TEST_P(BudgetLearnerTest, WithoutOwnedChannelsTheOwnedLineGetsNothing) {
  const BudgetProblem problem = Problem(false);
  auto agent = Make(GetParam(), problem);
  int actions = 0;
  for (int e = 0; e < 40; ++e) {
    std::vector<BudgetAction> acts;
    Episode(*agent, problem, e % 4 != 3, &acts);
    for (const BudgetAction& a : acts) {
      ++actions;
      EXPECT_EQ(a.spend[2], 0.0);
      EXPECT_GE(a.spend[0], 0.0);
      EXPECT_GE(a.spend[1], 0.0);
    }
  }
  EXPECT_EQ(actions, 160);
  // The whole even amount still goes to the paid lines.
  for (const BudgetObservation& o : Probes(problem)) {
    const std::vector<double> shares = agent->Greedy().Shares(o);
    EXPECT_EQ(shares[2], 0.0);
    const BudgetAction a = agent->Act(o);
    EXPECT_NEAR(a.spend[0] + a.spend[1], EvenPacingAmount(o), 1e-9);
  }
}

TEST_P(BudgetLearnerTest, LearnsToFundTheBetterLine) {
  // "a" returns 3x its spend, "b" 0.5x (the owned line 1x); and mirrored, since q_learning's
  // untrained greedy split (the first on ties) already puts everything on the first line.
  const std::vector<double> mirrored = {0.5, 3.0, 1.0};
  for (bool owned : {false, true}) {
    for (std::size_t better : {0U, 1U}) {
      SCOPED_TRACE(std::string(owned ? "owned" : "paid only") + ", better line " + std::to_string(better));
      const std::vector<double>& roi = better == 0 ? kRoi : mirrored;
      const BudgetProblem problem = Problem(owned);
      auto agent = Make(GetParam(), problem);
      const double before = Episode(*agent, problem, false, nullptr, roi);
      Train(*agent, problem, 400, roi);
      const std::vector<double> shares = agent->Greedy().Shares(Start(problem));
      EXPECT_GT(shares[better], 0.7) << "shares " << shares[0] << " " << shares[1] << " " << shares[2];
      const double after = Episode(*agent, problem, false, nullptr, roi);
      if (better == 1) {
        EXPECT_GT(after, before + 100.0);
      }
      EXPECT_GT(after, 0.8 * 3.0 * problem.total_budget);  // all on the better line earns 1200
    }
  }
}

TEST_P(BudgetLearnerTest, RejectsCheckpointsOfOtherProblemsAndKinds) {
  const BudgetProblem problem = Problem(true);
  auto agent = Make(GetParam(), problem);
  Train(*agent, problem, 5);
  const std::string state = agent->SaveState();
  auto fewer_lines = Make(GetParam(), Problem(true, {"a", "owned"}));
  EXPECT_THROW(fewer_lines->LoadState(state), std::invalid_argument);
  auto more_lines = Make(GetParam(), Problem(true, {"a", "b", "c", "owned"}));
  EXPECT_THROW(more_lines->LoadState(state), std::invalid_argument);
  auto more_periods = Make(GetParam(), Problem(true, {"a", "b", "owned"}, 5));
  EXPECT_THROW(more_periods->LoadState(state), std::invalid_argument);
  for (Learner other : {Learner::kCem, Learner::kActorCritic, Learner::kQLearning}) {
    if (other == GetParam()) continue;
    auto different = Make(other, problem);
    EXPECT_THROW(different->LoadState(state), std::invalid_argument);
  }
  // Same lines and periods, but without owned channels the learner splits over two lines.
  const BudgetProblem paid_only = Problem(false);
  auto two_active = Make(GetParam(), paid_only);
  Train(*two_active, paid_only, 5);
  EXPECT_THROW(agent->LoadState(two_active->SaveState()), std::invalid_argument);
  EXPECT_THROW(agent->LoadState("not a checkpoint"), std::invalid_argument);
  // A compatible checkpoint still loads into a fresh agent.
  auto fresh = Make(GetParam(), problem);
  EXPECT_NO_THROW(fresh->LoadState(state));
  EXPECT_EQ(fresh->SaveState(), state);
}

INSTANTIATE_TEST_SUITE_P(Learners, BudgetLearnerTest,
                         ::testing::Values(Learner::kCem, Learner::kActorCritic, Learner::kQLearning),
                         [](const ::testing::TestParamInfo<Learner>& param_info) { return Name(param_info.param); });

TEST(QLearningBudget, SimplexGrid) {
  const auto grid = SimplexGrid(3, 4);
  EXPECT_EQ(grid.size(), 15U);
  EXPECT_EQ(grid.front(), (std::vector<double>{1.0, 0.0, 0.0}));
  EXPECT_EQ(grid.back(), (std::vector<double>{0.0, 0.0, 1.0}));
  for (const auto& split : grid) {
    double total = 0.0;
    for (double s : split) total += s;
    EXPECT_DOUBLE_EQ(total, 1.0);
  }
  EXPECT_EQ(SimplexGrid(4, 4).size(), 35U);
  EXPECT_EQ(SimplexGrid(2, 4).size(), 5U);
  QLearningBudgetAgent with_owned(QLearningParams{}, Problem(true));
  QLearningBudgetAgent without_owned(QLearningParams{}, Problem(false));
  EXPECT_EQ(with_owned.num_actions(), 15U);
  EXPECT_EQ(without_owned.num_actions(), 5U);
}

}  // namespace
}  // namespace campsim
