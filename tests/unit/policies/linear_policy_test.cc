#include "policies/linear_policy.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/rng.h"
#include "policies/explore.h"

namespace campsim {
namespace {

// The scalar formulas of linear_policy.h, one action at a time: what the interleaved scoring
// must reproduce bit for bit.
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
    double m = 0.0;
    for (std::size_t i = 0; i < p; ++i) m += w[i] * x[i];
    mean[a] = m;
    double q = 0.0;
    if (params.diagonal) {
      const double* c = params.covariances.data() + a * p;
      for (std::size_t i = 0; i < p; ++i) q += c[i] * x[i] * x[i];
    } else {
      const double* c = params.covariances.data() + a * p * p;
      for (std::size_t i = 0; i < p; ++i) {
        double row = 0.5 * c[i * p + i] * x[i];
        for (std::size_t j = i + 1; j < p; ++j) row += c[i * p + j] * x[j];
        q += x[i] * row;
      }
      q *= 2.0;
    }
    spread[a] = std::sqrt(std::max(q, 0.0));
  }
}

LinearPolicyParams RandomParams(int actions, int features, bool diagonal, Rng& rng) {
  LinearPolicyParams params;
  params.exploration = LinearExploration::kThompson;
  params.num_actions = actions;
  params.num_features = features;
  params.diagonal = diagonal;
  const int p = features + 1;
  for (int i = 0; i < actions * p; ++i) params.weights.push_back(rng.Normal());
  const int per_action = diagonal ? p : p * p;
  for (int i = 0; i < actions * per_action; ++i) params.covariances.push_back(rng.Normal() * 0.1);
  return params;
}

// Thompson's pmf (scale 1) is a smooth function of every action's mean and spread, so a score
// off by one rounding would change its bits: pmfs are compared exactly. Action counts around
// the lane width (8), full and diagonal covariances, some actions ineligible.
TEST(LinearPolicy, InterleavedScoringMatchesTheScalarFormulasBitForBit) {
  Rng rng(7, StreamTag::kTest);
  for (const int actions : {1, 3, 8, 11, 17}) {
    for (const bool diagonal : {false, true}) {
      const LinearPolicyParams params = RandomParams(actions, 5, diagonal, rng);
      const LinearPolicy policy(params);
      for (int row = 0; row < 20; ++row) {
        std::vector<float> context(5);
        for (float& v : context) v = static_cast<float>(rng.Normal());
        std::vector<std::uint8_t> eligible(static_cast<std::size_t>(actions), 1);
        for (int a = 1; a < actions; ++a) eligible[a] = rng.Uniform() < 0.7 ? 1 : 0;
        std::vector<double> mean, spread;
        ReferenceScores(params, context, eligible, mean, spread);
        std::vector<double> expected(static_cast<std::size_t>(actions));
        GaussianArgmaxPmf(mean, spread, eligible, expected);
        std::vector<double> got(static_cast<std::size_t>(actions));
        policy.Pmf(context, eligible, got);
        for (int a = 0; a < actions; ++a) {
          EXPECT_EQ(got[a], expected[a]) << actions << " actions, diagonal " << diagonal << ", row "
                                         << row << ", action " << a;
        }
      }
    }
  }
}

}  // namespace
}  // namespace campsim
