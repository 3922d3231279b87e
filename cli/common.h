// Shared pieces of the campsim commands: argument parsing, scenario loading, the usage
// error every command raises for bad flags (exit status 2).
#ifndef CAMPSIM_CLI_COMMON_H_
#define CAMPSIM_CLI_COMMON_H_

#include <boost/program_options.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "evaluation/estimators.h"
#include "scenarios/scenario_config.h"

namespace campsim::cli {

namespace po = boost::program_options;

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A YAML file, or a built-in catalog name; overrides are "path=value". Throws ConfigError.
ScenarioConfig LoadScenario(const std::string& name, const std::vector<std::string>& overrides);
// Parses args; a bad flag throws UsageError.
po::variables_map Parse(const std::vector<std::string>& args, const po::options_description& options,
                        const po::positional_options_description& positional);

// "ips,dr,..." -> estimators; an unknown name throws UsageError listing the known ones.
std::vector<Estimator> ParseEstimators(const std::string& list);

// The commands; each returns the exit status.
int Run(const std::vector<std::string>& args);
int Validate(const std::vector<std::string>& args);
int CompareCommand(const std::vector<std::string>& args);
int Schema(const std::vector<std::string>& args);
int ListCatalog(const std::vector<std::string>& args);
int Export(const std::vector<std::string>& args);
int Score(const std::vector<std::string>& args);
int Evaluate(const std::vector<std::string>& args);
int Train(const std::vector<std::string>& args);
int TrainFromLog(const std::vector<std::string>& args);

}  // namespace campsim::cli

#endif  // CAMPSIM_CLI_COMMON_H_
