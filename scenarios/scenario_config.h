// ScenarioConfig: a world plus the arms to compare on it, and the seed.
//
// The world's fields sit at the top level of a scenario file (horizon_days, population,
// owned_channels, ...); `arms` lists the agent pairs compared on common random numbers.
#ifndef CAMPSIM_SCENARIOS_SCENARIO_CONFIG_H_
#define CAMPSIM_SCENARIOS_SCENARIO_CONFIG_H_

#include <string>
#include <vector>

#include "core/config.h"
#include "sim/world_config.h"

namespace campsim {

struct ArmConfig : DescribableBase<ArmConfig> {
  std::string name;
  ComponentConfig message_agent;
  ComponentConfig budget_agent;
  SourceLocation where;
  ArmConfig();
  void Describe(ConfigVisitor& v) override;
};

struct ScenarioConfig : DescribableBase<ScenarioConfig> {
  std::string name = "scenario";
  std::string description;
  std::int64_t seed = 1;
  WorldConfig world;
  std::vector<ArmConfig> arms;
  void Describe(ConfigVisitor& v) override;
};

}  // namespace campsim

#endif  // CAMPSIM_SCENARIOS_SCENARIO_CONFIG_H_
