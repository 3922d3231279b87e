// The conformance suite every registered message agent passes automatically: it is
// instantiated once per `message_agent` type in BuiltinRegistry(), with default params.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "agents/agent.h"
#include "agents/bandits/linear_bandits.h"
#include "agents/baselines/message_baselines.h"
#include "core/rng.h"
#include "policies/policy_bundle.h"
#include "scenarios/registry.h"

namespace campsim {
namespace {

constexpr int kProblemActions = 6;
constexpr int kProblemFeatures = 5;

MessageProblem ConformanceProblem() {
  MessageProblem p;
  p.actions.push_back({"no_send", -1, -1, 0.0});
  for (int a = 1; a < kProblemActions; ++a) {
    p.actions.push_back({"email:m" + std::to_string(a), 0, a - 1, 0.001});
  }
  p.feature_names = {"segment=a", "segment=b", "f0", "f1", "f2"};
  p.channel_names = {"email"};
  for (int m = 0; m < kProblemActions - 1; ++m) p.message_names.push_back("m" + std::to_string(m));
  p.action_feature_names = {"attribute_0", "attribute_1"};
  for (int a = 0; a < kProblemActions; ++a) {
    p.action_features.push_back(a == 0 ? 0.0 : (a % 2) * 1.0);
    p.action_features.push_back(a == 0 ? 0.0 : a / 3.0);
  }
  p.seed = 1234;
  return p;
}

MessageBatch RandomBatch(std::uint64_t salt, SimTime time, int rows = 64) {
  Rng rng(77, StreamTag::kTest, salt);
  MessageBatch b;
  b.time = time;
  b.num_features = kProblemFeatures;
  b.num_actions = kProblemActions;
  for (int i = 0; i < rows; ++i) {
    const auto user = static_cast<UserId>(i);
    b.users.push_back(user);
    b.decision_ids.push_back(MakeDecisionId(time, user));
    const bool segment_a = rng.Bernoulli(0.5);
    b.contexts.push_back(segment_a ? 1.0F : 0.0F);
    b.contexts.push_back(segment_a ? 0.0F : 1.0F);
    for (int f = 2; f < kProblemFeatures; ++f)
      b.contexts.push_back(static_cast<float>(rng.Normal()));
    for (int a = 0; a < kProblemActions; ++a) {
      b.eligible.push_back(a == 0 || rng.Bernoulli(0.7) ? 1 : 0);
      b.expected_reward.push_back(b.eligible.back() && a > 0 ? rng.Uniform() : 0.0);
    }
  }
  return b;
}

// Feedback for a batch's decisions with rewards from a fixed linear model plus noise.
FeedbackBatch FeedbackFor(const MessageBatch& b, const Decisions& d, std::uint64_t salt) {
  Rng rng(78, StreamTag::kTest, salt);
  FeedbackBatch f;
  f.num_features = kProblemFeatures;
  for (std::size_t i = 0; i < b.size(); ++i) {
    const auto x = b.Context(i);
    const int a = d.actions[i];
    const double mean = a == 0 ? 0.0 : 0.2 * a * x[2] - 0.1 * x[3] + 0.05 * a;
    f.decision_ids.push_back(b.decision_ids[i]);
    f.users.push_back(b.users[i]);
    f.times.push_back(b.time);
    f.actions.push_back(a);
    f.propensities.push_back(d.propensities[i]);
    f.rewards.push_back(rng.Bernoulli(0.3) ? std::max(0.0, mean + rng.Normal(0.0, 0.5)) : 0.0);
    f.costs.push_back(a == 0 ? 0.0 : 0.001);
    f.contexts.insert(f.contexts.end(), x.begin(), x.end());
  }
  return f;
}

// A registered type with default params, or "lin_ucb_hybrid" for lin_ucb's hybrid variant; the
// rule agent gets two rules (its default has none, so it would never read a feature).
std::unique_ptr<MessageAgent> Make(const std::string& type) {
  const std::string registered = type == "lin_ucb_hybrid" ? "lin_ucb" : type;
  ComponentConfig component(registered, BuiltinRegistry().Find("message_agent", registered)->make_params());
  if (type == "rule") {
    auto params = std::make_unique<RuleParams>();
    params->rules.resize(2);
    params->rules[0].segment = "a", params->rules[0].action = "email:m1",
    params->rules[0].every_days = 1;
    params->rules[1].segment = "b", params->rules[1].action = "email:m2",
    params->rules[1].every_days = 2;
    component.params = std::move(params);
  }
  if (type == "lin_ucb_hybrid") {
    auto params = std::make_unique<LinUcbParams>();
    params->variant = "hybrid";
    params->shared_features = {"f0", "f1"};
    component.params = std::move(params);
  }
  return BuiltinRegistry().MakeMessageAgent(component, ConformanceProblem());
}

// Trains an agent for a few rounds so its state is not the prior.
void Train(MessageAgent& agent, int rounds) {
  for (int r = 0; r < rounds; ++r) {
    const MessageBatch b = RandomBatch(100 + r, r * kDay);
    Decisions d;
    agent.Act(b, d);
    agent.Learn(FeedbackFor(b, d, 200 + r));
  }
}

std::vector<double> AllPmfs(const MessageAgent& agent, const MessageBatch& b) {
  std::vector<double> all(b.size() * kProblemActions);
  for (std::size_t i = 0; i < b.size(); ++i) {
    agent.Pmf(b, i, std::span<double>(all.data() + i * kProblemActions, kProblemActions));
  }
  return all;
}

class MessageAgentConformance : public ::testing::TestWithParam<std::string> {};

TEST_P(MessageAgentConformance, ProbabilitiesAreAPmfOverEligibleActions) {
  auto agent = Make(GetParam());
  Train(*agent, 3);
  const MessageBatch b = RandomBatch(1, 10 * kDay);
  const auto pmfs = AllPmfs(*agent, b);
  for (std::size_t i = 0; i < b.size(); ++i) {
    double total = 0.0;
    for (int a = 0; a < kProblemActions; ++a) {
      const double p = pmfs[i * kProblemActions + a];
      EXPECT_GE(p, 0.0);
      if (!b.Eligible(i)[a]) {
        EXPECT_EQ(p, 0.0) << "positive probability on ineligible action " << a;
      }
      total += p;
    }
    EXPECT_NEAR(total, 1.0, 1e-9);
  }
}

TEST_P(MessageAgentConformance, LoggedPropensityIsTheChosenActionsProbability) {
  auto agent = Make(GetParam());
  Train(*agent, 2);
  const MessageBatch b = RandomBatch(2, 11 * kDay);
  const auto pmfs = AllPmfs(*agent, b);
  Decisions d;
  agent->Act(b, d);
  EXPECT_NO_THROW(ValidateDecisions(b, d));
  for (std::size_t i = 0; i < b.size(); ++i) {
    EXPECT_EQ(d.propensities[i], pmfs[i * kProblemActions + d.actions[i]]);
  }
}

TEST_P(MessageAgentConformance, SameSeedSameDecisions) {
  auto a = Make(GetParam());
  auto b = Make(GetParam());
  Train(*a, 3);
  Train(*b, 3);
  const MessageBatch batch = RandomBatch(3, 12 * kDay);
  Decisions da, db;
  a->Act(batch, da);
  b->Act(batch, db);
  EXPECT_EQ(da.actions, db.actions);
  EXPECT_EQ(da.propensities, db.propensities);
}

TEST_P(MessageAgentConformance, LearningFromAnEmptyBatchChangesNothing) {
  auto agent = Make(GetParam());
  Train(*agent, 2);
  const MessageBatch b = RandomBatch(4, 13 * kDay);
  const auto before = AllPmfs(*agent, b);
  FeedbackBatch empty;
  empty.num_features = kProblemFeatures;
  agent->Learn(empty);
  EXPECT_EQ(AllPmfs(*agent, b), before);
}

TEST_P(MessageAgentConformance, LearningOnAPoolLearnsTheSame) {
  // More rows than one block of the ridge bandits' parallel sums (RidgeModels::kBlockRows).
  constexpr int kRows = 9000;
  auto alone = Make(GetParam());
  auto pooled = Make(GetParam());
  WorkerPool pool(2);
  const MessageBatch b = RandomBatch(6, 2 * kDay, kRows);
  Decisions d;
  alone->Act(b, d);
  const FeedbackBatch f = FeedbackFor(b, d, 300);
  alone->Learn(f);
  pooled->Learn(f, &pool);
  const MessageBatch next = RandomBatch(7, 3 * kDay);
  EXPECT_EQ(AllPmfs(*pooled, next), AllPmfs(*alone, next));
}

TEST_P(MessageAgentConformance, FeaturesNotReadDoNotMatter) {
  auto agent = Make(GetParam());
  Train(*agent, 3);
  const auto read = agent->FeaturesRead();
  if (!read) GTEST_SKIP() << GetParam() << " reads every feature";
  const MessageBatch full = RandomBatch(5, 4 * kDay, 128);
  MessageBatch masked = full;
  for (int f = 0; f < kProblemFeatures; ++f) {
    if (std::find(read->begin(), read->end(), f) != read->end()) continue;
    for (std::size_t i = 0; i < masked.size(); ++i) {
      masked.contexts[i * kProblemFeatures + f] = std::numeric_limits<float>::quiet_NaN();
    }
  }
  std::vector<double> a(full.size() * kProblemActions), b(full.size() * kProblemActions);
  agent->BatchPmf(full, a);
  agent->BatchPmf(masked, b);
  EXPECT_EQ(a, b);
}

TEST_P(MessageAgentConformance, AgentsThatPromiseNotToLearnIgnoreFeedback) {
  auto agent = Make(GetParam());
  if (agent->LearnsFromFeedback()) GTEST_SKIP() << GetParam() << " learns from feedback";
  EXPECT_FALSE(agent->LearnsFromContexts());
  auto fresh = Make(GetParam());
  Train(*agent, 3);
  const MessageBatch b = RandomBatch(8, 16 * kDay);
  EXPECT_EQ(AllPmfs(*agent, b), AllPmfs(*fresh, b));
}

TEST_P(MessageAgentConformance, SaveLoadReproducesProbabilities) {
  auto agent = Make(GetParam());
  auto* checkpointable = dynamic_cast<CheckpointableAgent*>(agent.get());
  if (checkpointable == nullptr) GTEST_SKIP() << GetParam() << " keeps no learning state";
  Train(*agent, 3);
  const std::string state = checkpointable->SaveState();
  auto fresh = Make(GetParam());
  auto* loader = dynamic_cast<CheckpointableAgent*>(fresh.get());
  loader->LoadState(state);
  EXPECT_EQ(loader->SaveState(), state);
  const MessageBatch b = RandomBatch(5, 14 * kDay);
  EXPECT_EQ(AllPmfs(*fresh, b), AllPmfs(*agent, b));
  EXPECT_THROW(loader->LoadState("not a checkpoint"), std::invalid_argument);
}

TEST_P(MessageAgentConformance, ExportedPolicyScoresLikeTheAgent) {
  auto agent = Make(GetParam());
  auto* exportable = dynamic_cast<ExportableAgent*>(agent.get());
  if (exportable == nullptr) GTEST_SKIP() << GetParam() << " has no context-only policy";
  Train(*agent, 3);
  const auto policy = exportable->ExportPolicy();
  const MessageBatch b = RandomBatch(6, 15 * kDay);
  Decisions d;
  agent->Act(b, d);
  std::vector<double> pmf(kProblemActions);
  const auto agent_pmfs = AllPmfs(*agent, b);
  for (std::size_t i = 0; i < b.size(); ++i) {
    policy->Pmf(b.Context(i), b.Eligible(i), pmf);
    EXPECT_EQ(pmf, std::vector<double>(agent_pmfs.begin() + i * kProblemActions,
                                       agent_pmfs.begin() + (i + 1) * kProblemActions));
    const Decision replay = policy->Act(b.Context(i), b.Eligible(i), b.decision_ids[i], agent->seed());
    EXPECT_EQ(replay.action, d.actions[i]);
    EXPECT_EQ(replay.propensity, d.propensities[i]);
  }
}

// The bundle of an exported policy for ConformanceProblem(): raw inputs segment (categorical),
// f0..f2.
PolicyBundle BundleFor(std::shared_ptr<const Policy> policy) {
  PolicyBundle b;
  b.policy = std::move(policy);
  const int segment = b.features.AddInput({"segment", {"a", "b"}, ""});
  b.features.AddOutput({"segment=a", segment, {{FeatureStep::Op::kOneHot, 0.0}}});
  b.features.AddOutput({"segment=b", segment, {{FeatureStep::Op::kOneHot, 1.0}}});
  for (int f = 0; f < 3; ++f) {
    const std::string name = "f" + std::to_string(f);
    b.features.AddOutput({name, b.features.AddInput({name, {}, ""}), {}});
  }
  for (const auto& a : ConformanceProblem().actions) b.actions.push_back({a.name, "", "", a.cost});
  b.decision_seed = ConformanceProblem().seed;
  return b;
}

#if defined(__SANITIZE_ADDRESS__)
constexpr int kParityRows = 4000;  // the sanitizer build checks the same code on fewer rows
#else
constexpr int kParityRows = 100000;
#endif

// Exported, written to JSON, read back and scored on raw inputs: the same probabilities, bit
// for bit, and the same sampled decision for the same decision id, on 100k random contexts.
TEST_P(MessageAgentConformance, PolicyBundleScoresLikeTheAgentOnRawInputs) {
  auto agent = Make(GetParam());
  auto* exportable = dynamic_cast<ExportableAgent*>(agent.get());
  if (exportable == nullptr) GTEST_SKIP() << GetParam() << " has no context-only policy";
  Train(*agent, 3);
  const PolicyBundle bundle = ReadPolicyBundle(WritePolicyBundle(BundleFor(exportable->ExportPolicy())), "test");
  MessageBatch b = RandomBatch(7, 20 * kDay, kParityRows);
  Decisions d;
  agent->Act(b, d);
  std::vector<double> raw(4), pmf(kProblemActions), expected(kProblemActions);
  for (std::size_t i = 0; i < b.size(); ++i) {
    const auto x = b.Context(i);
    raw = {x[0] == 1.0F ? 0.0 : 1.0, x[2], x[3], x[4]};
    agent->Pmf(b, i, expected);
    bundle.Pmf(raw, b.Eligible(i), pmf);
    ASSERT_EQ(pmf, expected) << "row " << i;
    const Decision replay = bundle.Decide(raw, b.Eligible(i), b.decision_ids[i]);
    ASSERT_EQ(replay.action, d.actions[i]) << "row " << i;
    ASSERT_EQ(replay.propensity, d.propensities[i]) << "row " << i;
  }
}

std::vector<std::string> MessageAgentTypes() {
  std::vector<std::string> types;
  for (const auto* entry : BuiltinRegistry().OfKind("message_agent")) types.push_back(entry->type);
  types.push_back("lin_ucb_hybrid");  // a variant, not a type: checked all the same
  return types;
}

INSTANTIATE_TEST_SUITE_P(Registered, MessageAgentConformance,
                         ::testing::ValuesIn(MessageAgentTypes()),
                         [](const auto& test_info) { return test_info.param; });

TEST(MessageAgentConformanceCoverage, EveryLearningAgentIsCheckpointableAndExportable) {
  for (const auto& type : MessageAgentTypes()) {
    if (type == "no_send" || type == "uniform_random" || type == "rule" || type == "myopic_oracle") continue;
    auto agent = Make(type);
    EXPECT_NE(dynamic_cast<CheckpointableAgent*>(agent.get()), nullptr) << type;
    EXPECT_NE(dynamic_cast<ExportableAgent*>(agent.get()), nullptr) << type;
  }
}

}  // namespace
}  // namespace campsim
