#include "core/rng.h"

#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <span>
#include <vector>

namespace campsim {
namespace {

TEST(Rng, SkipMovesPastDrawsWithoutChangingTheLaterOnes) {
  Rng made(11, StreamTag::kMessageChain, 5, 9);
  Rng skipped(11, StreamTag::kMessageChain, 5, 9);
  made.Uniform();
  made.TruncatedExponentialWithTail(3.0, 0.1);
  const double third = made.Uniform();
  skipped.Skip(2);
  EXPECT_EQ(skipped.counter(), 2U);
  EXPECT_EQ(skipped.Uniform(), third);
}

TEST(Rng, SameNameSameSequence) {
  Rng a(42, StreamTag::kTest, 7, 9);
  Rng b(42, StreamTag::kTest, 7, 9);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(a.NextU64(), b.NextU64());
}

TEST(Rng, DifferentNamesDiffer) {
  std::set<std::uint64_t> firsts;
  for (std::uint64_t seed : {1, 2}) {
    for (std::uint64_t a : {0, 1, 2}) {
      for (std::uint64_t b : {0, 1}) firsts.insert(Rng(seed, StreamTag::kTest, a, b).NextU64());
    }
  }
  firsts.insert(Rng(1, StreamTag::kOrganic, 0, 0).NextU64());
  EXPECT_EQ(firsts.size(), 13U);
}

TEST(Rng, ResumesAtCounter) {
  Rng a(3, StreamTag::kTest, 1, 2);
  for (int i = 0; i < 5; ++i) a.NextU64();
  Rng b(3, StreamTag::kTest, 1, 2, a.counter());
  EXPECT_EQ(a.NextU64(), b.NextU64());
}

TEST(Rng, UniformMoments) {
  Rng rng(5, StreamTag::kTest);
  const int n = 200000;
  double sum = 0, sum2 = 0;
  for (int i = 0; i < n; ++i) {
    const double u = rng.Uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
    sum2 += u * u;
  }
  EXPECT_NEAR(sum / n, 0.5, 0.005);
  EXPECT_NEAR(sum2 / n - 0.25, 1.0 / 12.0, 0.002);
}

TEST(Rng, NormalMoments) {
  Rng rng(6, StreamTag::kTest);
  const int n = 200000;
  double sum = 0, sum2 = 0;
  for (int i = 0; i < n; ++i) {
    const double x = rng.Normal(2.0, 3.0);
    sum += x;
    sum2 += x * x;
  }
  const double mean = sum / n;
  EXPECT_NEAR(mean, 2.0, 0.03);
  EXPECT_NEAR(std::sqrt(sum2 / n - mean * mean), 3.0, 0.03);
}

TEST(Rng, ExponentialAndTruncated) {
  Rng rng(7, StreamTag::kTest);
  const int n = 200000;
  double sum = 0, truncated_sum = 0;
  for (int i = 0; i < n; ++i) {
    sum += rng.Exponential(4.0);
    const double t = rng.TruncatedExponential(4.0, 2.0);
    ASSERT_LT(t, 2.0);
    ASSERT_GE(t, 0.0);
    truncated_sum += t;
  }
  EXPECT_NEAR(sum / n, 4.0, 0.05);
  // Mean of Exp(mean m) truncated at L: m - L e^{-L/m} / (1 - e^{-L/m}).
  const double m = 4.0, limit = 2.0;
  const double expected = m - limit * std::exp(-limit / m) / (1.0 - std::exp(-limit / m));
  EXPECT_NEAR(truncated_sum / n, expected, 0.01);
}

TEST(Rng, PoissonMean) {
  Rng rng(8, StreamTag::kTest);
  for (double mean : {0.5, 12.0, 800.0, 50000.0}) {
    double sum = 0;
    const int n = 4000;
    for (int i = 0; i < n; ++i) sum += static_cast<double>(rng.Poisson(mean));
    EXPECT_NEAR(sum / n, mean, 5.0 * std::sqrt(mean / n)) << mean;
  }
  EXPECT_EQ(rng.Poisson(0.0), 0U);
}

TEST(Rng, BelowAndCategorical) {
  Rng rng(9, StreamTag::kTest);
  std::vector<int> counts(3, 0);
  const std::vector<double> weights = {0.2, 0.0, 0.8};
  for (int i = 0; i < 100000; ++i) {
    ASSERT_LT(rng.Below(7), 7U);
    ++counts[rng.Categorical(weights)];
  }
  EXPECT_EQ(counts[1], 0);
  EXPECT_NEAR(counts[0] / 100000.0, 0.2, 0.01);
}

// The first index whose weight exceeds what is left of u * total (the rule Categorical keeps,
// written with an early return), and the last positive weight when rounding leaves none.
std::size_t FirstHit(double u, std::span<const double> weights) {
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (u < weights[i]) return i;
    u -= weights[i];
  }
  for (std::size_t i = weights.size(); i-- > 0;) {
    if (weights[i] > 0.0) return i;
  }
  return 0;
}

TEST(Rng, CategoricalPicksTheFirstHitWithoutBranching) {
  const std::vector<std::vector<double>> cases = {
      {0.35, 0.25, 0.15, 0.15, 0.10, 0.0}, {0.0, 1.0}, {1e-300, 1.0, 1e-300}, {0.1, 0.2, 0.3}};
  for (const auto& weights : cases) {
    double total = 0.0;
    for (double w : weights) total += w;
    Rng draws(11, StreamTag::kTest, weights.size());
    Rng check = draws;
    Rng with_total = draws;
    for (int i = 0; i < 20000; ++i) {
      const std::size_t expected = FirstHit(check.Uniform() * total, weights);
      ASSERT_EQ(draws.Categorical(weights), expected);
      ASSERT_EQ(with_total.Categorical(weights, total), expected);
    }
  }
}

}  // namespace
}  // namespace campsim
