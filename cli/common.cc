#include "cli/common.h"

#include <filesystem>
#include <sstream>

#include "core/config.h"
#include "scenarios/catalog.h"
#include "scenarios/registry.h"
#include "scenarios/yaml_reader.h"

namespace campsim::cli {

ScenarioConfig LoadScenario(const std::string& name, const std::vector<std::string>& overrides) {
  const Registry& registry = BuiltinRegistry();
  if (std::filesystem::exists(name)) return ReadScenarioFile(name, overrides, registry);
  if (const auto entry = FindCatalogEntry(name)) {
    return ReadScenarioText(entry->text, "scenarios/catalog/" + entry->name + ".yaml", overrides,
                            registry);
  }
  std::vector<std::string> names;
  for (const auto& e : Catalog()) names.push_back(e.name);
  const std::string near = NearestName(name, names);
  throw ConfigError(SourceLocation{name, "", 0, 0},
                    "no such file, and no built-in scenario of that name" +
                        (near.empty() ? "" : "; did you mean '" + near + "'?") +
                        " (built-in: " + JoinNames(names) + ")");
}

po::variables_map Parse(const std::vector<std::string>& args, const po::options_description& options,
                        const po::positional_options_description& positional) {
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(options).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError(e.what());
  }
  return vm;
}

std::vector<Estimator> ParseEstimators(const std::string& list) {
  std::vector<std::string> names;
  std::stringstream stream(list);
  for (std::string name; std::getline(stream, name, ',');) names.push_back(name);
  try {
    return EstimatorsFromNames(names);
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
}

}  // namespace campsim::cli
