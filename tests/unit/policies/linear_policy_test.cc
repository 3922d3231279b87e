#include "policies/linear_policy.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <vector>

#include "core/rng.h"
#include "policies/explore.h"
#include "policies/lane_scoring.h"

namespace campsim {
namespace {

// The scalar formulas of lane_scoring.h and linear_policy.h for one action, x the inputs (bias
// first): the mean from its weights w(i), the spread from its covariance entries c(i, j), j >= i.
template <class Weight>
double ScalarMean(std::size_t p, const double* x, Weight w) {
  double m = 0.0;
  for (std::size_t i = 0; i < p; ++i) m += w(i) * x[i];
  return m;
}

template <class Covariance>
double ScalarSpread(std::size_t p, const double* x, bool diagonal, Covariance c) {
  double q = 0.0;
  if (diagonal) {
    for (std::size_t i = 0; i < p; ++i) q += c(i, i) * x[i] * x[i];
  } else {
    for (std::size_t i = 0; i < p; ++i) {
      double row = 0.5 * c(i, i) * x[i];
      for (std::size_t j = i + 1; j < p; ++j) row += c(i, j) * x[j];
      q += x[i] * row;
    }
    q *= 2.0;
  }
  return std::sqrt(std::max(q, 0.0));
}

// linear_policy.h's scores, one action at a time: what the interleaved scoring must reproduce
// bit for bit.
void ReferenceScores(const LinearPolicyParams& params, const std::vector<float>& context,
                     const std::vector<std::uint8_t>& eligible, std::vector<double>& mean,
                     std::vector<double>& spread) {
  const int k = params.num_actions;
  const auto p = static_cast<std::size_t>(params.num_features) + 1;
  std::vector<double> x(p, 1.0);
  for (std::size_t i = 1; i < p; ++i) x[i] = context[i - 1];
  mean.assign(k, 0.0);
  spread.assign(k, 0.0);
  for (int a = 0; a < k; ++a) {
    if (!eligible[a]) continue;
    const double* w = params.weights.data() + a * p;
    const double* c = params.covariances.data() + a * (params.diagonal ? p : p * p);
    mean[a] = ScalarMean(p, x.data(), [&](std::size_t i) { return w[i]; });
    spread[a] = ScalarSpread(p, x.data(), params.diagonal, [&](std::size_t i, std::size_t j) {
      return params.diagonal ? c[i] : c[i * p + j];
    });
  }
}

// Weights N(0, 1); covariances positive definite (C = B B' / p + 0.1 I), so every spread is
// positive and reaches the pmf.
LinearPolicyParams RandomParams(LinearExploration rule, int actions, int features, bool diagonal,
                                Rng& rng) {
  LinearPolicyParams params;
  params.exploration = rule;
  params.num_actions = actions;
  params.num_features = features;
  params.diagonal = diagonal;
  const int p = features + 1;
  for (int i = 0; i < actions * p; ++i) params.weights.push_back(rng.Normal());
  for (int a = 0; a < actions; ++a) {
    if (diagonal) {
      for (int i = 0; i < p; ++i) params.covariances.push_back(0.1 + rng.Uniform());
      continue;
    }
    std::vector<double> b(static_cast<std::size_t>(p * p));
    for (double& v : b) v = rng.Normal();
    for (int i = 0; i < p; ++i) {
      for (int j = 0; j < p; ++j) {
        double c = i == j ? 0.1 : 0.0;
        for (int m = 0; m < p; ++m) c += b[i * p + m] * b[j * p + m] / p;
        params.covariances.push_back(c);
      }
    }
  }
  return params;
}

// Softmax (temperature 1) and Thompson (scale 1) pmfs are smooth functions of every eligible
// action's mean (softmax) and mean and spread (Thompson), so a score off by one rounding
// changes their bits: pmfs are compared exactly with those built from the scalar scores.
// Action counts around the lane width (8), contexts with and without features, full and
// diagonal covariances, some actions ineligible.
TEST(LinearPolicy, InterleavedScoringMatchesTheScalarFormulasBitForBit) {
  Rng rng(7, StreamTag::kTest);
  for (const int features : {0, 5}) {
    for (const int actions : {1, 3, 8, 11, 16, 17}) {
      for (const bool diagonal : {false, true}) {
        const LinearPolicyParams thompson =
            RandomParams(LinearExploration::kThompson, actions, features, diagonal, rng);
        LinearPolicyParams softmax = thompson;
        softmax.exploration = LinearExploration::kSoftmax;
        const LinearPolicy thompson_policy(thompson), softmax_policy(softmax);
        for (int row = 0; row < 20; ++row) {
          std::vector<float> context(static_cast<std::size_t>(features));
          for (float& v : context) v = static_cast<float>(rng.Normal());
          std::vector<std::uint8_t> eligible(static_cast<std::size_t>(actions), 1);
          for (int a = 1; a < actions; ++a) eligible[a] = rng.Uniform() < 0.7 ? 1 : 0;
          std::vector<double> mean, spread;
          ReferenceScores(thompson, context, eligible, mean, spread);
          std::vector<double> expected(static_cast<std::size_t>(actions));
          std::vector<double> got(static_cast<std::size_t>(actions));
          GaussianArgmaxPmf(mean, spread, eligible, expected);
          thompson_policy.Pmf(context, eligible, got);
          EXPECT_EQ(got, expected) << "thompson, " << actions << " actions, " << features
                                   << " features, diagonal " << diagonal << ", row " << row;
          SoftmaxPmf(mean, eligible, 1.0, expected);
          softmax_policy.Pmf(context, eligible, got);
          EXPECT_EQ(got, expected) << "softmax, " << actions << " actions, " << features
                                   << " features, diagonal " << diagonal << ", row " << row;
        }
      }
    }
  }
}

// lane_scoring.h's layout (lanes interleaved, the upper triangle row by row), one lane at a
// time through the scalar formulas.
void ScalarLanes(const LaneScoringInput& in, double* mean, double* spread) {
  constexpr std::size_t kLanes = LaneScoringInput::kLanes;
  const std::size_t p = in.p;
  const bool diagonal = in.form == SpreadForm::kDiagonal;
  const std::size_t terms = in.form == SpreadForm::kFull ? p * (p + 1) / 2 : p;
  for (std::size_t b = 0; b < in.blocks; ++b) {
    for (std::size_t l = 0; l < kLanes; ++l) {
      auto w = [&](std::size_t i) { return in.weights[(b * p + i) * kLanes + l]; };
      auto c = [&](std::size_t i, std::size_t j) {
        const std::size_t t = diagonal ? i : i * (2 * p + 1 - i) / 2 + (j - i);
        return in.covariances[(b * terms + t) * kLanes + l];
      };
      mean[b * kLanes + l] = ScalarMean(p, in.x, w);
      if (in.form != SpreadForm::kNone) spread[b * kLanes + l] = ScalarSpread(p, in.x, diagonal, c);
    }
  }
}

// Every SIMD level this CPU runs gives the scalar formulas' bits (lane_scoring.h): a run must
// not depend on the machine's vector unit. Random interleaved weights and covariances (any
// values: the kernel only multiplies and adds; some spreads come out negative), all three
// forms, sizes around the widths and the rows scored side by side.
TEST(LaneScoring, EverySimdLevelGivesTheSameBits) {
  Rng rng(11, StreamTag::kTest);
  constexpr std::size_t kLanes = LaneScoringInput::kLanes;
  SimdLevel widest = SimdLevel::kSse2;
  for (const SimdLevel level : {SimdLevel::kSse2, SimdLevel::kAvx, SimdLevel::kAvx512}) {
    if (!CpuRuns(level)) continue;
    widest = level;
    for (const std::size_t p : {1, 2, 3, 4, 6, 7, 8, 17, 33}) {
      for (const std::size_t blocks : {1, 3}) {
        for (const SpreadForm form :
             {SpreadForm::kNone, SpreadForm::kDiagonal, SpreadForm::kFull}) {
          const std::size_t terms = form == SpreadForm::kFull ? p * (p + 1) / 2 : p;
          std::vector<double> weights(blocks * p * kLanes), covariances(blocks * terms * kLanes),
              x(p);
          for (double& v : weights) v = rng.Normal();
          for (double& v : covariances) v = rng.Uniform() - 0.3;
          for (double& v : x) v = rng.Normal() * 3.0;
          LaneScoringInput in{weights.data(), covariances.data(), x.data(), p, blocks, form};
          std::vector<double> mean(blocks * kLanes), spread(blocks * kLanes, -1.0);
          std::vector<double> want_mean(blocks * kLanes), want_spread(blocks * kLanes, -1.0);
          // The scalar formulas: so the test holds on a CPU with SSE2 alone as well.
          ScalarLanes(in, want_mean.data(), want_spread.data());
          ScoreLanes(level, in, mean.data(), spread.data());
          EXPECT_EQ(mean, want_mean) << SimdLevelName(level) << ", p " << p;
          EXPECT_EQ(spread, want_spread) << SimdLevelName(level) << ", p " << p;
        }
      }
    }
  }
  // Policies score with the widest level unless CAMPSIM_SIMD names another.
  const char* forced = std::getenv("CAMPSIM_SIMD");
  if (forced == nullptr || *forced == '\0') {
    EXPECT_EQ(ChosenSimdLevel(), widest);
  }
  EXPECT_TRUE(CpuRuns(ChosenSimdLevel()));
}

}  // namespace
}  // namespace campsim
