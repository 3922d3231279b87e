// Decisions plus updates per second for every learning message agent at d = 16 context
// features and K = 8 actions (all eligible), one core. One iteration = Act on a batch of
// 1024 rows, then Learn from their feedback: items/s counts decisions, each also learned.
#include <benchmark/benchmark.h>

#include "agents/bandits/ridge.h"
#include "core/rng.h"
#include "core/worker_pool.h"
#include "scenarios/registry.h"

namespace campsim {
namespace {

constexpr int kFeatures = 16;
constexpr int kActions = 8;
constexpr int kRows = 1024;

MessageProblem Problem() {
  MessageProblem p;
  p.actions.push_back({"no_send", -1, -1, 0.0});
  for (int a = 1; a < kActions; ++a) p.actions.push_back({"email:m" + std::to_string(a), 0, a - 1, 0.001});
  for (int f = 0; f < kFeatures; ++f) p.feature_names.push_back("f" + std::to_string(f));
  p.seed = 5;
  return p;
}

MessageBatch Batch(int round) {
  Rng rng(9, StreamTag::kTest, static_cast<std::uint64_t>(round));
  MessageBatch b;
  b.time = static_cast<SimTime>(round) * kDay;
  b.num_features = kFeatures;
  b.num_actions = kActions;
  for (int i = 0; i < kRows; ++i) {
    b.users.push_back(static_cast<UserId>(i));
    b.decision_ids.push_back(MakeDecisionId(b.time, static_cast<UserId>(i)));
    for (int f = 0; f < kFeatures; ++f) b.contexts.push_back(static_cast<float>(rng.Normal()));
    for (int a = 0; a < kActions; ++a) {
      b.eligible.push_back(1);
      b.expected_reward.push_back(0.0);
    }
  }
  return b;
}

void BM_AgentDecideAndLearn(benchmark::State& state, const std::string& type) {
  const MessageProblem problem = Problem();
  ComponentConfig component(type, BuiltinRegistry().Find("message_agent", type)->make_params());
  auto agent = BuiltinRegistry().MakeMessageAgent(component, problem);
  std::vector<MessageBatch> batches;
  for (int r = 0; r < 8; ++r) batches.push_back(Batch(r));
  Rng rng(10, StreamTag::kTest);
  Decisions decisions;
  FeedbackBatch feedback;
  feedback.num_features = kFeatures;
  int round = 0;
  for (auto _ : state) {
    const MessageBatch& b = batches[round++ % batches.size()];
    agent->Act(b, decisions);
    state.PauseTiming();
    feedback.Clear();
    feedback.now = b.time;
    for (std::size_t i = 0; i < b.size(); ++i) {
      feedback.decision_ids.push_back(b.decision_ids[i]);
      feedback.users.push_back(b.users[i]);
      feedback.times.push_back(b.time);
      feedback.actions.push_back(decisions.actions[i]);
      feedback.propensities.push_back(decisions.propensities[i]);
      feedback.rewards.push_back(rng.Bernoulli(0.1) ? 1.0 : 0.0);
      feedback.costs.push_back(0.0);
      const auto x = b.Context(i);
      feedback.contexts.insert(feedback.contexts.end(), x.begin(), x.end());
    }
    state.ResumeTiming();
    agent->Learn(feedback);
  }
  state.SetItemsProcessed(state.iterations() * kRows);
}

BENCHMARK_CAPTURE(BM_AgentDecideAndLearn, epsilon_greedy, std::string("epsilon_greedy"));
BENCHMARK_CAPTURE(BM_AgentDecideAndLearn, lin_ucb, std::string("lin_ucb"));
BENCHMARK_CAPTURE(BM_AgentDecideAndLearn, lin_ts, std::string("lin_ts"));
BENCHMARK_CAPTURE(BM_AgentDecideAndLearn, logistic_ts, std::string("logistic_ts"));
BENCHMARK_CAPTURE(BM_AgentDecideAndLearn, softmax, std::string("softmax"));
BENCHMARK_CAPTURE(BM_AgentDecideAndLearn, ucb1, std::string("ucb1"));
BENCHMARK_CAPTURE(BM_AgentDecideAndLearn, beta_ts, std::string("beta_ts"));
BENCHMARK_CAPTURE(BM_AgentDecideAndLearn, budget_paced_lin_ts, std::string("budget_paced"));

// The ridge models' update from one day of linucb_10m at 1e5 users (rows x 16 features, 8
// actions), on a pool of range(1) threads: the engine's learn phase. items/s counts rows.
void BM_RidgeAdd(benchmark::State& state) {
  const auto rows = static_cast<std::size_t>(state.range(0));
  WorkerPool pool(static_cast<int>(state.range(1)));
  Rng rng(11, StreamTag::kTest);
  FeedbackBatch feedback;
  feedback.num_features = kFeatures;
  for (std::size_t i = 0; i < rows; ++i) {
    feedback.decision_ids.push_back(i);
    feedback.users.push_back(static_cast<UserId>(i));
    feedback.times.push_back(0);
    feedback.actions.push_back(static_cast<std::int32_t>(rng.Below(kActions)));
    feedback.propensities.push_back(1.0);
    feedback.rewards.push_back(rng.Bernoulli(0.05) ? rng.Exponential(50.0) : 0.0);
    feedback.costs.push_back(0.0);
    for (int f = 0; f < kFeatures; ++f)
      feedback.contexts.push_back(static_cast<float>(rng.Normal()));
  }
  RidgeModels models(kActions, kFeatures, 1.0);
  for (auto _ : state) {
    models.Add(feedback, &pool);
    models.RefreshWeights();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(rows));
}
BENCHMARK(BM_RidgeAdd)
    ->Args({100000, 1})
    ->Args({100000, 2})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace campsim
