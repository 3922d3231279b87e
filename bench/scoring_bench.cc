// The production scorer: a policy bundle (feature pipeline + linear policy, 16 raw inputs ->
// 16 features, 8 actions) scoring raw rows, as a decision service would call it.
#include <benchmark/benchmark.h>

#include <memory>
#include <vector>

#include "core/rng.h"
#include "policies/lane_scoring.h"
#include "policies/linear_policy.h"
#include "policies/policy_bundle.h"

namespace campsim {
namespace {

constexpr int kBundleInputs = 16, kBundleActions = 8;

PolicyBundle MakeBundle(LinearExploration rule) {
  Rng rng(1, StreamTag::kTest);
  LinearPolicyParams p;
  p.exploration = rule;
  p.num_features = kBundleInputs;
  p.num_actions = kBundleActions;
  p.epsilon = 0.05;
  p.alpha = 0.3;
  const int w = kBundleInputs + 1;
  for (int i = 0; i < kBundleActions * w; ++i) p.weights.push_back(rng.Normal());
  for (int a = 0; a < kBundleActions; ++a) {
    for (int i = 0; i < w; ++i) {
      for (int j = 0; j < w; ++j) p.covariances.push_back(i == j ? 0.1 : 0.001);
    }
  }
  PolicyBundle b;
  b.policy = std::make_shared<LinearPolicy>(p);
  for (int i = 0; i < kBundleInputs; ++i) {
    const std::string name = "x" + std::to_string(i);
    const int input = b.features.AddInput({name, {}, ""});
    // A realistic mix: half log1p of a count with a fill, half standardised.
    if (i % 2 == 0) {
      b.features.AddOutput({name, input, {{FeatureStep::Op::kFillMissing, 0.0}, {FeatureStep::Op::kLog1p}}});
    } else {
      b.features.AddOutput({name, input, {{FeatureStep::Op::kStandardize, 1.0, 2.0}}});
    }
  }
  for (int a = 0; a < kBundleActions; ++a)
    b.actions.push_back({"a" + std::to_string(a), "", "", 0.0});
  return ReadPolicyBundle(WritePolicyBundle(b), "bench");  // score what a service would load
}

std::vector<double> Rows(int n) {
  Rng rng(2, StreamTag::kTest);
  std::vector<double> raw(static_cast<std::size_t>(n) * kBundleInputs);
  for (double& v : raw) v = rng.Exponential(3.0);
  return raw;
}

void ScoreBatch(benchmark::State& state, LinearExploration rule) {
  const PolicyBundle bundle = MakeBundle(rule);
  const int n = static_cast<int>(state.range(0));
  const std::vector<double> raw = Rows(n);
  const std::vector<std::uint8_t> eligible(kBundleActions, 1);
  std::vector<double> pmf(kBundleActions);
  for (auto _ : state) {
    for (int r = 0; r < n; ++r) {
      bundle.Pmf(std::span<const double>(raw.data() + static_cast<std::size_t>(r) * kBundleInputs,
                                         kBundleInputs),
                 eligible, pmf);
      benchmark::DoNotOptimize(pmf.data());
    }
  }
  state.SetItemsProcessed(state.iterations() * n);
}

// n = 1: single-context latency (per call, warm caches); n = 4096: batch throughput.
void BM_BundleScoreEpsilonGreedy(benchmark::State& state) { ScoreBatch(state, LinearExploration::kEpsilonGreedy); }
void BM_BundleScoreLinUcb(benchmark::State& state) { ScoreBatch(state, LinearExploration::kUcb); }
BENCHMARK(BM_BundleScoreEpsilonGreedy)->Arg(1)->Arg(4096);
BENCHMARK(BM_BundleScoreLinUcb)->Arg(1)->Arg(4096);

// Decide: Pmf plus the seeded Philox draw that makes the decision replayable.
void BM_BundleDecideLinUcb(benchmark::State& state) {
  const PolicyBundle bundle = MakeBundle(LinearExploration::kUcb);
  const std::vector<double> raw = Rows(4096);
  const std::vector<std::uint8_t> eligible(kBundleActions, 1);
  DecisionId id = 0;
  for (auto _ : state) {
    for (int r = 0; r < 4096; ++r) {
      benchmark::DoNotOptimize(bundle.Decide(
          std::span<const double>(raw.data() + static_cast<std::size_t>(r) * kBundleInputs,
                                  kBundleInputs),
          eligible, ++id));
    }
  }
  state.SetItemsProcessed(state.iterations() * 4096);
}
BENCHMARK(BM_BundleDecideLinUcb);

// The lane-scoring kernel alone (policies/lane_scoring.h) on each SIMD level this CPU runs:
// LinUCB's mean and spread for 8 actions from p = 17 inputs (16 features and the bias), one
// row at a time, the layout linucb_10m scores with. Arg: the level (0 sse2, 1 avx, 2 avx512).
void BM_LaneScoringFull(benchmark::State& state) {
  const auto level = static_cast<SimdLevel>(state.range(0));
  if (!CpuRuns(level)) {
    state.SkipWithError("this CPU does not run the level");
    return;
  }
  constexpr std::size_t kP = kBundleInputs + 1, kContexts = 4096;
  constexpr std::size_t kLanes = LaneScoringInput::kLanes;
  Rng rng(3, StreamTag::kTest);
  std::vector<double> weights(kP * kLanes), covariances(kP * (kP + 1) / 2 * kLanes),
      xs(kContexts * kP);
  for (double& v : weights) v = rng.Normal();
  for (double& v : covariances) v = 0.01 * rng.Uniform();
  for (double& v : xs) v = rng.Normal();
  double mean[kLanes], spread[kLanes];
  for (auto _ : state) {
    for (std::size_t r = 0; r < kContexts; ++r) {
      const LaneScoringInput in{weights.data(),   covariances.data(), xs.data() + r * kP, kP, 1,
                                SpreadForm::kFull};
      ScoreLanes(level, in, mean, spread);
      benchmark::DoNotOptimize(spread);
    }
  }
  state.SetLabel(SimdLevelName(level));
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(kContexts));
}
BENCHMARK(BM_LaneScoringFull)->DenseRange(0, 2);

}  // namespace
}  // namespace campsim
