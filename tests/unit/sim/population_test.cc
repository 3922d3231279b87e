#include "sim/population.h"

#include <gtest/gtest.h>

#include <cmath>

#include "../test_worlds.h"

namespace campsim {
namespace {

PopulationState Generate(std::int64_t size, std::uint64_t seed, WorkerPool* pool = nullptr) {
  PopulationConfig config = testing::SmallWorld().population;
  config.size = size;
  PopulationState state;
  GeneratePopulation(config, {"email", "push"}, {0.8, 0.5}, seed, state, pool);
  return state;
}

TEST(Population, SegmentSharesAndLatentMeans) {
  const PopulationState s = Generate(40000, 1);
  int in_a = 0;
  double latent0_a = 0.0;
  for (std::size_t u = 0; u < s.size; ++u) {
    if (s.segment[u] == 0) {
      ++in_a;
      latent0_a += s.latent[u * 2];
    }
  }
  EXPECT_NEAR(in_a / 40000.0, 0.6, 0.01);
  EXPECT_NEAR(latent0_a / in_a, 0.5, 0.02);
}

TEST(Population, ConsentRatesPerSegmentOverride) {
  const PopulationState s = Generate(40000, 2);
  int a = 0, b = 0, email_a = 0, push_b = 0;
  for (std::size_t u = 0; u < s.size; ++u) {
    if (s.segment[u] == 0) {
      ++a;
      email_a += s.HasConsent(u, 0);
    } else {
      ++b;
      push_b += s.HasConsent(u, 1);
    }
  }
  EXPECT_NEAR(static_cast<double>(email_a) / a, 0.8, 0.015);
  EXPECT_NEAR(static_cast<double>(push_b) / b, 0.3, 0.015);  // segment b overrides push
}

TEST(Population, ObservedAffinityIsNoisyLatent) {
  const PopulationState s = Generate(20000, 3);
  double sq = 0.0;
  for (std::size_t i = 0; i < s.latent.size(); ++i) {
    const double d = s.affinity[i] - s.latent[i];
    sq += d * d;
  }
  EXPECT_NEAR(std::sqrt(sq / s.latent.size()), SegmentConfig{}.observation_noise_sd, 0.01);
}

TEST(Population, AUserDoesNotDependOnPopulationSize) {
  const PopulationState small = Generate(100, 9);
  const PopulationState large = Generate(5000, 9);
  for (std::size_t u = 0; u < 100; ++u) {
    EXPECT_EQ(small.segment[u], large.segment[u]);
    EXPECT_EQ(small.latent[u * 2], large.latent[u * 2]);
    EXPECT_EQ(small.consent[u], large.consent[u]);
    EXPECT_EQ(small.last_purchase[u], large.last_purchase[u]);
  }
  const PopulationState other_seed = Generate(100, 10);
  int same = 0;
  for (std::size_t u = 0; u < 100; ++u) same += small.latent[u * 2] == other_seed.latent[u * 2];
  EXPECT_LT(same, 3);
}

TEST(Population, APoolGeneratesTheSameUsers) {
  // 10,000 users: three blocks of the parallel generation, the last one partial.
  const PopulationState alone = Generate(10000, 5);
  WorkerPool pool(3);
  const PopulationState pooled = Generate(10000, 5, &pool);
  EXPECT_EQ(alone.segment, pooled.segment);
  EXPECT_EQ(alone.mobile, pooled.mobile);
  EXPECT_EQ(alone.consent, pooled.consent);
  EXPECT_EQ(alone.latent, pooled.latent);
  EXPECT_EQ(alone.affinity, pooled.affinity);
  EXPECT_EQ(alone.tenure_days, pooled.tenure_days);
  EXPECT_EQ(alone.last_purchase, pooled.last_purchase);
  EXPECT_EQ(alone.last_visit, pooled.last_visit);
  EXPECT_EQ(alone.purchases, pooled.purchases);
  EXPECT_EQ(alone.order_value, pooled.order_value);
}

TEST(Population, LifecycleStages) {
  const PopulationState s = Generate(2000, 4);
  const SimTime lapse = DaysToTime(90);
  int prospects = 0;
  for (std::size_t u = 0; u < s.size; ++u) {
    const Stage stage = s.StageAt(u, 0, lapse);
    EXPECT_NE(stage, Stage::kChurned);
    if (stage == Stage::kProspect) {
      ++prospects;
      EXPECT_EQ(s.purchases[u], 0);
    } else {
      EXPECT_GE(s.purchases[u], 1);
      EXPECT_LE(s.last_purchase[u], 0);
    }
  }
  EXPECT_NEAR(prospects / 2000.0, 0.5, 0.05);
  EXPECT_LT(s.BytesPerUser(), 128U);
}

}  // namespace
}  // namespace campsim
