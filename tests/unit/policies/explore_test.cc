#include "policies/explore.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "core/rng.h"

namespace campsim {
namespace {

const std::vector<std::uint8_t> kAll3 = {1, 1, 1};

std::vector<double> MonteCarloGaussian(const std::vector<double>& m, const std::vector<double>& s) {
  Rng rng(3, StreamTag::kTest);
  std::vector<double> wins(m.size(), 0.0);
  const int n = 400000;
  for (int i = 0; i < n; ++i) {
    int best = 0;
    double top = -1e300;
    for (std::size_t a = 0; a < m.size(); ++a) {
      const double x = rng.Normal(m[a], s[a]);
      if (x > top) {
        top = x;
        best = static_cast<int>(a);
      }
    }
    wins[best] += 1.0 / n;
  }
  return wins;
}

TEST(Explore, GaussianArgmaxMatchesMonteCarloEvenWithVeryDifferentSpreads) {
  for (const auto& [m, s] : std::vector<std::pair<std::vector<double>, std::vector<double>>>{
           {{1, 0, 0}, {1e-3, 1, 1}}, {{0.2, 0.0, 0.1}, {0.3, 0.5, 0.2}}, {{5, 4.9, -3}, {0.01, 2, 1}}}) {
    std::vector<double> out(3);
    GaussianArgmaxPmf(m, s, kAll3, out);
    const auto mc = MonteCarloGaussian(m, s);
    for (int a = 0; a < 3; ++a) EXPECT_NEAR(out[a], mc[a], 0.005) << a;
  }
}

TEST(Explore, GaussianTwoContendersClosedFormAndPruning) {
  std::vector<double> out(3);
  GaussianArgmaxPmf(std::vector<double>{1.0, 0.0, -100.0}, std::vector<double>{1.0, 1.0, 1.0}, kAll3, out);
  EXPECT_NEAR(out[0], 0.5 * std::erfc(-1.0 / std::sqrt(2.0) / std::sqrt(2.0)), 1e-12);
  EXPECT_EQ(out[2], 0.0);  // cannot reach the leader: exactly 0, so it is never sampled
}

TEST(Explore, BetaArgmaxHandlesConcentratedPosteriors) {
  std::vector<double> out(3);
  // 10 successes in a million, 0 in 700k, 2 in 1000: the last is clearly best.
  BetaArgmaxPmf(std::vector<double>{11, 1, 3}, std::vector<double>{1000001, 700001, 1000}, kAll3, out);
  EXPECT_GT(out[2], 0.999);
  std::vector<double> two(2);
  BetaArgmaxPmf(std::vector<double>{2, 3}, std::vector<double>{2, 2}, std::vector<std::uint8_t>{1, 1}, two);
  EXPECT_NEAR(two[1], 0.6285, 0.002);  // P(Beta(3,2) > Beta(2,2)), by simulation
}

TEST(Explore, PmfsAreProperAndRespectEligibility) {
  const std::vector<double> scores = {0.3, 0.9, 0.1, 0.9};
  const std::vector<std::uint8_t> mask = {1, 0, 1, 1};
  std::vector<double> out(4);
  EpsilonGreedyPmf(scores, mask, 0.3, out);
  EXPECT_DOUBLE_EQ(out[3], 0.7 + 0.1);
  EXPECT_EQ(out[1], 0.0);
  SoftmaxPmf(scores, mask, 0.5, out);
  EXPECT_NEAR(out[0] + out[2] + out[3], 1.0, 1e-12);
  EXPECT_EQ(out[1], 0.0);
  EXPECT_EQ(SampleFromPmf(std::vector<double>{0.0, 0.5, 0.0, 0.5}, 0.99), 3);
  EXPECT_EQ(SampleFromPmf(std::vector<double>{0.0, 0.5, 0.0, 0.5}, 0.0), 1);
  EXPECT_THROW(ArgmaxPmf(scores, std::vector<std::uint8_t>{0, 0, 0, 0}, out), std::invalid_argument);
}

}  // namespace
}  // namespace campsim
