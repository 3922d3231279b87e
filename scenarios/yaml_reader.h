// Reading scenarios from YAML, with `--set` overrides.
//
// Contract:
// - Every error is a ConfigError naming the file, the YAML path, the line and column, and
//   what would be valid: unknown keys come with the nearest valid key ("did you mean") and
//   the list of valid keys; unknown component types with the registered types.
// - Precedence: the structs' defaults < the YAML file < overrides, applied in order.
//   An override is `path=value`, path like population.segments[0].share, value parsed as
//   YAML (so lists and maps work). An error in an overridden value names the override.
// - Reading never touches the filesystem beyond the one file read.
#ifndef CAMPSIM_SCENARIOS_YAML_READER_H_
#define CAMPSIM_SCENARIOS_YAML_READER_H_

#include <string>
#include <vector>

#include "scenarios/registry.h"
#include "scenarios/scenario_config.h"

namespace campsim {

// Reads a scenario from YAML text; `file` is the name used in messages.
ScenarioConfig ReadScenarioText(const std::string& text, const std::string& file,
                                const std::vector<std::string>& overrides,
                                const Registry& registry);
// Reads a scenario file; a missing or unreadable file is a ConfigError too.
ScenarioConfig ReadScenarioFile(const std::string& path, const std::vector<std::string>& overrides,
                                const Registry& registry);

// Closest candidate by edit distance, or "" when nothing is close.
std::string NearestName(const std::string& name, const std::vector<std::string>& candidates);

}  // namespace campsim

#endif  // CAMPSIM_SCENARIOS_YAML_READER_H_
