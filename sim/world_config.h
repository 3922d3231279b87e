// The world's configuration: everything DESIGN.md section 2 describes, declared once.
//
// WorldConfig is what the simulator needs; the scenario (scenarios/) adds the agents to
// compare and the seed. Field checks run while reading; cross-references (a message naming a
// channel, a landing node naming a journey node) are checked by WorldModel at build time,
// with errors located at the YAML line of the offending entry.
#ifndef CAMPSIM_SIM_WORLD_CONFIG_H_
#define CAMPSIM_SIM_WORLD_CONFIG_H_

#include <string>
#include <vector>

#include "core/config.h"
#include "sim/journey.h"
#include "sim/population.h"

namespace campsim {

struct MessageConfig : DescribableBase<MessageConfig> {
  std::string name;
  std::vector<double> attributes = {0.0, 0.0, 0.0, 0.0};
  double discount = 0.0;
  std::vector<std::string> channels;
  SourceLocation where;
  void Describe(ConfigVisitor& v) override;
};

struct ScheduleConfig : DescribableBase<ScheduleConfig> {
  double every_days = 1.0;
  double hour = 10.0;
  void Describe(ConfigVisitor& v) override;
};

struct RewardConfig : DescribableBase<RewardConfig> {
  std::string kind = "revenue";
  double attribution_window_days = 3.0;
  void Describe(ConfigVisitor& v) override;
};

struct BudgetConfig : DescribableBase<BudgetConfig> {
  double total = 50000.0;
  double period_days = 7.0;
  void Describe(ConfigVisitor& v) override;
};

struct EngineConfig : DescribableBase<EngineConfig> {
  double sync_window_hours = 24.0;
  std::int64_t shards = 4;
  std::int64_t max_batch = 8192;
  void Describe(ConfigVisitor& v) override;
};

struct WorldConfig : DescribableBase<WorldConfig> {
  double horizon_days = 90.0;
  PopulationConfig population;
  std::vector<ComponentConfig> owned_channels;
  std::vector<ComponentConfig> paid_channels;
  std::vector<MessageConfig> messages;
  JourneyConfig journey = JourneyConfig::Default();
  ScheduleConfig schedule;
  RewardConfig reward;
  BudgetConfig budget;
  EngineConfig engine;
  void Describe(ConfigVisitor& v) override;
};

}  // namespace campsim

#endif  // CAMPSIM_SIM_WORLD_CONFIG_H_
