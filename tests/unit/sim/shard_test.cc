#include "sim/shard.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <stdexcept>

#include "../test_worlds.h"

namespace campsim {
namespace {

// A shard over a small world's whole population, generated for seed 1.
struct OneShard {
  WorldModel model{testing::SmallWorld()};
  PopulationState pop;
  OneShard() {
    std::vector<double> consent_rates;
    for (const auto& ch : model.owned()) consent_rates.push_back(ch.params().consent_rate);
    GeneratePopulation(model.config().population, model.problem().channel_names, consent_rates, 1,
                       pop);
  }
  Shard Make() { return Shard(model, pop, 1, 0, 0, static_cast<UserId>(pop.size)); }
};

TEST(Shard, OrganicStreamPositionsAdvance) {
  OneShard world;
  Shard shard = world.Make();
  shard.ScheduleInitial();
  shard.AdvanceTo(world.model.horizon(), 0.0);
  const double sessions = shard.metrics().Total(world.model.organic_source(), Metric::kVisits);
  ASSERT_GT(sessions, 100.0);
  // One draw for each first wake, then at least an entry node, a churn draw and (for who
  // stays) a gap per session.
  std::uint64_t draws = 0;
  for (const std::uint32_t d : world.pop.organic_draws) draws += d;
  EXPECT_GE(static_cast<double>(draws), static_cast<double>(world.pop.size) + 2.0 * sessions);
}

// Positions are kept in 4 bytes: a stream that would pass 2^32 - 1 draws is refused, never
// wrapped around (which would repeat draws).
TEST(Shard, AnOrganicStreamPastFourBytesIsRefused) {
  OneShard world;
  for (auto& d : world.pop.organic_draws) d = std::numeric_limits<std::uint32_t>::max() - 3;
  Shard shard = world.Make();
  shard.ScheduleInitial();  // one draw each
  try {
    shard.AdvanceTo(world.model.horizon(), 0.0);
    FAIL() << "no error";
  } catch (const std::overflow_error& e) {
    EXPECT_NE(std::string(e.what()).find("organic random stream"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace campsim
