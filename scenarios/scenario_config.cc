#include "scenarios/scenario_config.h"

#include <set>

#include "agents/baselines/message_baselines.h"

namespace campsim {

ArmConfig::ArmConfig()
    : message_agent("no_send", std::make_unique<NoParams>()),
      budget_agent("uniform_split", std::make_unique<NoParams>()) {}

void ArmConfig::Describe(ConfigVisitor& v) {
  v.Locate(where);
  v.Field("name", name, "Arm name, shown in the results table and used in file names.",
          Check<std::string>{"a name of letters, digits, '_', '-' or '.'", [](const std::string& n) {
            return !n.empty() && n.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.") == std::string::npos;
          }});
  v.Component("message_agent", message_agent, "message_agent",
              "Who decides which message to send to whom.");
  v.Component("budget_agent", budget_agent, "budget_agent",
              "Who splits the budget across lines each period.");
  v.Require(!name.empty(), "every arm needs a name");
}

void ScenarioConfig::Describe(ConfigVisitor& v) {
  v.Field("name", name, "Scenario name; names the default output folder.");
  v.Field("description", description, "Free text.");
  v.Field("seed", seed, "Seed of every random stream; same scenario + seed = same results.",
          AtLeast(0));
  world.Describe(v);
  v.ListOf("arms", arms, "Agent pairs compared on the same world and seed.");
  std::set<std::string> names;
  bool unique = true;
  for (const auto& arm : arms) unique = names.insert(arm.name).second && unique;
  v.Require(!arms.empty(), "at least one arm is needed");
  v.Require(unique, "arm names must be unique");
}

}  // namespace campsim
