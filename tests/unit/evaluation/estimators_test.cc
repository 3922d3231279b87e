#include "evaluation/estimators.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/rng.h"
#include "evaluation/reward_model.h"

namespace campsim {
namespace {

// Four rows, two actions, one feature; values worked by hand in the comments.
struct Tiny {
  LoggedFeedback log;
  std::vector<double> pmf = {0.2, 0.8, 0.5, 0.5, 0.0, 1.0, 1.0, 0.0};
  std::vector<double> qhat = {0.5, 1.0, 0.2, 0.4, 0.0, 1.5, 0.3, 0.1};
  Tiny() {
    log.num_actions = 2;
    log.num_features = 1;
    log.contexts = {0, 1, 2, 3};
    log.actions = {0, 1, 1, 0};
    log.rewards = {1, 0, 2, 0};
    log.pscores = {0.5, 0.25, 0.5, 0.8};
  }
};

double ValueOf(const Tiny& t, Estimator e, double tau = 10.0) {
  EstimatorOptions options;
  options.switch_tau = tau;
  options.bootstrap_resamples = 0;
  return EstimatePolicyValue(t.log, t.pmf, t.qhat, {e}, options)[0].value;
}

TEST(Estimators, HandComputedValues) {
  const Tiny t;
  // w = 0.4, 2, 2, 1.25; w r = 0.4, 0, 4, 0; sum w = 5.65.
  EXPECT_NEAR(ValueOf(t, Estimator::kIPS), 4.4 / 4, 1e-12);
  EXPECT_NEAR(ValueOf(t, Estimator::kSNIPS), 4.4 / 5.65, 1e-12);
  // qpi = 0.9, 0.3, 1.5, 0.3 -> DM = 0.75; w (r - qhat) = 0.2, -0.8, 1.0, -0.375 (sum 0.025).
  EXPECT_NEAR(ValueOf(t, Estimator::kDM), 0.75, 1e-12);
  EXPECT_NEAR(ValueOf(t, Estimator::kDR), (3.0 + 0.025) / 4, 1e-12);
  EXPECT_NEAR(ValueOf(t, Estimator::kSNDR), 0.75 + 0.025 / 5.65, 1e-12);
  // tau = 1.5 keeps rows 0 and 3 only: (3.0 + 0.2 - 0.375) / 4.
  EXPECT_NEAR(ValueOf(t, Estimator::kSwitchDR, 1.5), (3.0 + 0.2 - 0.375) / 4, 1e-12);
  // A huge tau is DR; tau below every weight is DM.
  EXPECT_NEAR(ValueOf(t, Estimator::kSwitchDR, 1e9), ValueOf(t, Estimator::kDR), 1e-12);
  EXPECT_NEAR(ValueOf(t, Estimator::kSwitchDR, 0.1), ValueOf(t, Estimator::kDM), 1e-12);
}

TEST(Estimators, BootstrapIsSeededAndBracketsTheEstimate) {
  const Tiny t;
  EstimatorOptions options;
  options.bootstrap_resamples = 500;
  const auto a = EstimatePolicyValue(t.log, t.pmf, t.qhat, AllEstimators(), options);
  const auto b = EstimatePolicyValue(t.log, t.pmf, t.qhat, AllEstimators(), options);
  ASSERT_EQ(a.size(), 6U);
  for (std::size_t e = 0; e < a.size(); ++e) {
    EXPECT_EQ(a[e].ci_low, b[e].ci_low);
    EXPECT_EQ(a[e].ci_high, b[e].ci_high);
    EXPECT_LE(a[e].ci_low, a[e].ci_high);
  }
  for (std::size_t e = 0; e < a.size(); ++e) {
    EXPECT_LE(a[e].ci_low, a[e].value + 1e-12);
    EXPECT_GE(a[e].ci_high, a[e].value - 1e-12);
  }
}

TEST(Estimators, RejectBadLogsWithTheRow) {
  auto message = [](const Tiny& t) {
    try {
      EstimatePolicyValue(t.log, t.pmf, t.qhat, AllEstimators());
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  Tiny zero;
  zero.log.pscores[2] = 0.0;
  EXPECT_NE(message(zero).find("row 2: pscore 0.000000 is not in (0, 1]"), std::string::npos) << message(zero);
  Tiny nan;
  nan.log.rewards[1] = std::nan("");
  EXPECT_NE(message(nan).find("row 1: reward is not a finite number"), std::string::npos);
  Tiny sums;
  sums.pmf[0] = 0.3;
  EXPECT_NE(message(sums).find("row 0: evaluation probabilities sum to 1.1"), std::string::npos);
  Tiny counts;
  counts.pmf.push_back(0.0);
  EXPECT_NE(message(counts).find("mismatched action counts"), std::string::npos);
  Tiny range;
  range.log.actions[3] = 2;
  EXPECT_NE(message(range).find("row 3: action 2 is out of range"), std::string::npos);
  Tiny ineligible;
  ineligible.log.eligible = {1, 1, 1, 1, 1, 0, 1, 1};
  EXPECT_NE(message(ineligible).find("row 2: evaluation policy puts probability on ineligible action 1"),
            std::string::npos);
  EXPECT_THROW(EstimatorFromName("magic"), std::invalid_argument);
  EXPECT_EQ(EstimatorFromName("switch_dr"), Estimator::kSwitchDR);
}

// A synthetic bandit with known truth: uniform logging, a deterministic target policy.
struct Synthetic {
  LoggedFeedback log;
  std::vector<double> pmf;
  double truth = 0.0;
};

Synthetic MakeSynthetic(std::uint64_t seed, int n) {
  Synthetic s;
  s.log.num_actions = 3;
  s.log.num_features = 2;
  Rng rng(seed, StreamTag::kTest);
  double truth = 0.0;
  auto mean = [](double x0, double x1, int a) { return 0.3 + 0.2 * a * x0 - 0.1 * x1 + 0.1 * a; };
  for (int i = 0; i < n; ++i) {
    const double x0 = rng.Uniform(), x1 = rng.Normal();
    s.log.contexts.push_back(static_cast<float>(x0));
    s.log.contexts.push_back(static_cast<float>(x1));
    const int a = static_cast<int>(rng.Below(3));
    s.log.actions.push_back(a);
    s.log.pscores.push_back(1.0 / 3.0);
    s.log.rewards.push_back(mean(x0, x1, a) + rng.Normal(0.0, 0.5));
    const int target = x0 > 0.5 ? 2 : 0;  // evaluation policy
    for (int b = 0; b < 3; ++b) s.pmf.push_back(b == target ? 1.0 : 0.0);
    truth += mean(x0, x1, target);
  }
  s.truth = truth / n;
  return s;
}

TEST(Estimators, ConfidenceIntervalsCoverTheTruth) {
  int covered_ips = 0, covered_dr = 0;
  double se_ips = 0.0, se_dr = 0.0;
  const int replications = 100;
  for (int r = 0; r < replications; ++r) {
    const Synthetic s = MakeSynthetic(100 + r, 600);
    RewardModelOptions model;
    model.seed = r;
    const auto qhat = CrossFitRewardModel(s.log, model);
    EstimatorOptions options;
    options.bootstrap_resamples = 200;
    options.seed = r;
    const auto est = EstimatePolicyValue(s.log, s.pmf, qhat, {Estimator::kIPS, Estimator::kDR}, options);
    covered_ips += est[0].ci_low <= s.truth && s.truth <= est[0].ci_high;
    covered_dr += est[1].ci_low <= s.truth && s.truth <= est[1].ci_high;
    se_ips += std::pow(est[0].value - s.truth, 2);
    se_dr += std::pow(est[1].value - s.truth, 2);
  }
  // A different bootstrap seed gives a different interval on the same data.
  const Synthetic s = MakeSynthetic(7, 600);
  EstimatorOptions one, two;
  one.bootstrap_resamples = two.bootstrap_resamples = 200;
  two.seed = 2;
  EXPECT_NE(EstimatePolicyValue(s.log, s.pmf, {}, {Estimator::kIPS}, one)[0].ci_low,
            EstimatePolicyValue(s.log, s.pmf, {}, {Estimator::kIPS}, two)[0].ci_low);
  EXPECT_GE(covered_ips, 85);
  EXPECT_GE(covered_dr, 85);
  EXPECT_LT(se_dr, se_ips);  // the reward model removes variance
}

TEST(RewardModel, RidgeRecoversALinearRewardAndCrossFits) {
  LoggedFeedback log;
  log.num_actions = 2;
  log.num_features = 1;
  for (int i = 0; i < 200; ++i) {
    const double x = i / 100.0;
    log.contexts.push_back(static_cast<float>(x));
    log.actions.push_back(i % 2);
    log.rewards.push_back(i % 2 == 0 ? 1.0 + 2.0 * x : -1.0 * x);
    log.pscores.push_back(0.5);
  }
  RewardModelOptions options;
  options.lambda = 1e-8;
  const auto qhat = CrossFitRewardModel(log, options);
  for (int i = 0; i < 200; ++i) {
    const double x = log.contexts[i];
    EXPECT_NEAR(qhat[i * 2 + 0], 1.0 + 2.0 * x, 1e-5);
    EXPECT_NEAR(qhat[i * 2 + 1], -x, 1e-5);
  }
  options.kind = "tree";
  EXPECT_THROW(CrossFitRewardModel(log, options), std::invalid_argument);
}

TEST(RewardModel, LogisticPredictsProbabilities) {
  LoggedFeedback log;
  log.num_actions = 1;
  log.num_features = 1;
  Rng rng(4, StreamTag::kTest);
  for (int i = 0; i < 4000; ++i) {
    const double x = rng.Normal();
    log.contexts.push_back(static_cast<float>(x));
    log.actions.push_back(0);
    log.rewards.push_back(rng.Bernoulli(1.0 / (1.0 + std::exp(-(-1.0 + 2.0 * x)))) ? 5.0 : 0.0);
    log.pscores.push_back(1.0);
  }
  RewardModelOptions options;
  options.kind = "logistic";
  options.lambda = 1e-3;
  const auto qhat = CrossFitRewardModel(log, options);
  double error = 0.0;
  for (int i = 0; i < 4000; ++i) {
    const double truth = 1.0 / (1.0 + std::exp(-(-1.0 + 2.0 * log.contexts[i])));
    error = std::max(error, std::abs(qhat[i] - truth));
  }
  EXPECT_LT(error, 0.08);
}

// Above kBootstrapRowLimit rows the bootstrap resamples blocks of random rows: its interval
// must match the row bootstrap's width (and the normal-theory width) on the same data.
TEST(Estimators, BlockBootstrapOfLargeLogsMatchesTheRowBootstrapWidth) {
  const Synthetic big = MakeSynthetic(21, static_cast<int>(kBootstrapRowLimit) + 50000);
  EstimatorOptions options;
  options.bootstrap_resamples = 400;
  const Estimate blocks = EstimatePolicyValue(big.log, big.pmf, {}, {Estimator::kIPS}, options)[0];
  // Normal theory: IPS = mean(w r); half-width 1.96 sd(w r) / sqrt(n).
  double sum = 0.0, sum2 = 0.0;
  const std::size_t n = big.log.size();
  for (std::size_t i = 0; i < n; ++i) {
    const double wr = big.pmf[i * 3 + big.log.actions[i]] / big.log.pscores[i] * big.log.rewards[i];
    sum += wr;
    sum2 += wr * wr;
  }
  const double mean = sum / n, sd = std::sqrt(sum2 / n - mean * mean);
  const double normal_width = 2.0 * 1.96 * sd / std::sqrt(static_cast<double>(n));
  EXPECT_NEAR(blocks.ci_high - blocks.ci_low, normal_width, 0.1 * normal_width);
  EXPECT_LT(blocks.ci_low, blocks.value);
  EXPECT_GT(blocks.ci_high, blocks.value);
  EXPECT_NEAR(blocks.value, mean, 1e-12);
}

}  // namespace
}  // namespace campsim
