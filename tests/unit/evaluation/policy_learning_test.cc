#include "evaluation/policy_learning.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/rng.h"

namespace campsim {
namespace {

// Rewards r = 0.2 + 0.5 a x0 - 0.3 x1 + noise, logged by a policy that favours action 2 when
// x0 > 0 (so the logger's choices depend on the context).
LoggedFeedback ConfoundedLog(int n) {
  LoggedFeedback log;
  log.num_actions = 3;
  log.num_features = 2;
  Rng rng(4, StreamTag::kTest);
  for (int i = 0; i < n; ++i) {
    const double x0 = rng.Normal(), x1 = rng.Normal();
    log.contexts.push_back(static_cast<float>(x0));
    log.contexts.push_back(static_cast<float>(x1));
    const double p2 = x0 > 0 ? 0.8 : 0.1;
    const double u = rng.Uniform();
    const int a = u < p2 ? 2 : (u < p2 + (1 - p2) / 2 ? 0 : 1);
    log.actions.push_back(a);
    log.pscores.push_back(a == 2 ? p2 : (1 - p2) / 2);
    log.rewards.push_back(0.2 + 0.5 * a * static_cast<float>(x0) - 0.3 * static_cast<float>(x1) + rng.Normal(0, 0.3));
  }
  return log;
}

TEST(PolicyLearning, EveryMethodRecoversALinearRewardModel) {
  const LoggedFeedback log = ConfoundedLog(20000);
  for (const char* method : {"dm", "iw", "dr"}) {
    PolicyLearningOptions options;
    options.method = method;
    const LinearRewardFit fit = LearnLinearRewards(log, options);
    ASSERT_EQ(fit.weights.size(), 9U);
    for (int a = 0; a < 3; ++a) {
      EXPECT_NEAR(fit.weights[a * 3 + 0], 0.2, 0.05) << method << " action " << a;
      EXPECT_NEAR(fit.weights[a * 3 + 1], 0.5 * a, 0.05) << method << " action " << a;
      EXPECT_NEAR(fit.weights[a * 3 + 2], -0.3, 0.05) << method << " action " << a;
    }
    EXPECT_EQ(fit.counts[0] + fit.counts[1] + fit.counts[2], 20000.0);
    EXPECT_EQ(fit.covariances.size(), 27U);
    // The spread shrinks with data: the logger favours action 2, so its A^-1 is the smallest.
    for (int i = 0; i < 3; ++i) {
      EXPECT_LT(fit.covariances[2 * 9 + i * 3 + i], fit.covariances[0 * 9 + i * 3 + i]) << i;
      EXPECT_LT(fit.covariances[2 * 9 + i * 3 + i], fit.covariances[1 * 9 + i * 3 + i]) << i;
    }
  }
}

TEST(PolicyLearning, RejectsUnknownMethodsAndBadLogs) {
  LoggedFeedback log = ConfoundedLog(100);
  PolicyLearningOptions options;
  options.method = "magic";
  EXPECT_THROW(LearnLinearRewards(log, options), std::invalid_argument);
  options.method = "dr";
  log.pscores[5] = 0.0;
  EXPECT_THROW(LearnLinearRewards(log, options), std::invalid_argument);
}

}  // namespace
}  // namespace campsim
