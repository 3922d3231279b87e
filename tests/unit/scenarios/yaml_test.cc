#include <gtest/gtest.h>

#include "scenarios/catalog.h"
#include "scenarios/registry.h"
#include "scenarios/runner.h"
#include "scenarios/yaml_reader.h"
#include "scenarios/yaml_writer.h"
#include "sim/owned_channel.h"

namespace campsim {
namespace {

ScenarioConfig Tiny(const std::vector<std::string>& overrides = {}) {
  return ReadScenarioText(FindCatalogEntry("tiny")->text, "tiny.yaml", overrides,
                          BuiltinRegistry());
}

std::string ErrorOf(const std::string& yaml, const std::vector<std::string>& overrides = {}) {
  try {
    const ScenarioConfig c = ReadScenarioText(yaml, "s.yaml", overrides, BuiltinRegistry());
    ValidateScenario(c, BuiltinRegistry());
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

TEST(Yaml, CatalogScenariosAreValid) {
  for (const auto& entry : Catalog()) {
    const ScenarioConfig c =
        ReadScenarioText(entry.text, entry.name + ".yaml", {}, BuiltinRegistry());
    EXPECT_NO_THROW(ValidateScenario(c, BuiltinRegistry())) << entry.name;
  }
}

TEST(Yaml, WriteReadRoundTripIsExact) {
  ScenarioConfig first = Tiny();
  const std::string written = WriteYaml(first);
  ScenarioConfig second = ReadScenarioText(written, "resolved.yaml", {}, BuiltinRegistry());
  EXPECT_EQ(WriteYaml(second), written);
  EXPECT_EQ(second.world.population.segments[1].discount_sensitivity, 2.0);
  EXPECT_EQ(second.arms[2].message_agent.type, "rule");
}

TEST(Yaml, DefaultsThenFileThenOverrides) {
  const ScenarioConfig base = Tiny();
  EXPECT_EQ(base.world.population.size, 400);          // from the file
  EXPECT_EQ(base.world.population.lapse_days, 90.0);   // default
  const ScenarioConfig over = Tiny({"population.size=50", "population.lapse_days=30",
                                    "population.segments[1].share=0.4",
                                    "owned_channels[0].params.cost_per_send=0.002",
                                    "arms[1].name=chaos"});
  EXPECT_EQ(over.world.population.size, 50);
  EXPECT_EQ(over.world.population.lapse_days, 30.0);
  EXPECT_EQ(over.world.owned_channels[0].As<OwnedChannelParams>().cost_per_send, 0.002);
  EXPECT_EQ(over.arms[1].name, "chaos");
  // Later overrides win.
  EXPECT_EQ(Tiny({"seed=3", "seed=4"}).seed, 4);
}

TEST(Yaml, ComponentDefaultsComeFromTheRegisteredType) {
  const ScenarioConfig c = Tiny();
  const auto& push = c.world.owned_channels[1].As<OwnedChannelParams>();
  EXPECT_EQ(push.cost_per_send, OwnedChannelParams::Push().cost_per_send);
  EXPECT_TRUE(push.visit_on_open);
}

TEST(Yaml, UnknownKeySuggestsTheNearest) {
  const std::string error = ErrorOf("name: x\npopulaton: {size: 3}\n");
  EXPECT_NE(error.find("s.yaml:2:1: populaton: unknown key 'populaton'; did you mean 'population'?"),
            std::string::npos)
      << error;
}

TEST(Yaml, ErrorsNameFileLineAndPath) {
  const std::string error = ErrorOf("population:\n  size: 10\n  segments:\n    - {name: a, share: 2}\n");
  EXPECT_NE(error.find("s.yaml:4:24: population.segments[0].share: expected a probability in "
                       "[0, 1], got '2'"),
            std::string::npos)
      << error;
}

TEST(Yaml, OverrideErrorsNameTheOverride) {
  const std::string error = ErrorOf(FindCatalogEntry("tiny")->text, {"population.size=-5"});
  EXPECT_NE(error.find("--set population.size=-5"), std::string::npos) << error;
  EXPECT_NE(ErrorOf(FindCatalogEntry("tiny")->text, {"nonsense"}).find("expected path=value"),
            std::string::npos);
  EXPECT_NE(ErrorOf(FindCatalogEntry("tiny")->text, {"arms[9].name=x"}).find("outside the list"),
            std::string::npos);
}

TEST(Yaml, ListElementsStartFromTypeDefaultsNotDefaultEntries) {
  const ScenarioConfig c = ReadScenarioText(
      "journey:\n  nodes:\n    - {name: web, entry_weight: 1, absorbing: true}\n"
      "    - {name: other, absorbing: true}\n  edges: []\narms: [{name: a}]\n",
      "s.yaml", {}, BuiltinRegistry());
  ASSERT_EQ(c.world.journey.nodes.size(), 2U);
  EXPECT_EQ(c.world.journey.nodes[1].entry_weight, 0.0);  // not the default graph's 0.2
  EXPECT_EQ(c.world.journey.nodes[1].conversion_prob, 0.0);
}

TEST(Yaml, NearestName) {
  EXPECT_EQ(NearestName("emial", {"email", "push", "sms"}), "email");
  EXPECT_EQ(NearestName("zzzzzz", {"email", "push"}), "");
}

}  // namespace
}  // namespace campsim
