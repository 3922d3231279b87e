// campsim: run, validate, compare, export and score campaign scenarios and policies.
//
// Exit status: 0 success; 2 bad input (usage, scenario, overrides, policy bundle, input file,
// output folder in the way), with a message on stderr naming what is wrong; 1 an internal
// failure.
#include <iostream>
#include <string>
#include <vector>

#include "cli/common.h"
#include "core/config.h"
#include "policies/lane_scoring.h"
#include "policies/policy_bundle.h"
#include "scenarios/csv_reader.h"
#include "scenarios/run_folder.h"

namespace campsim::cli {
namespace {

constexpr const char* kUsage =
    "usage: campsim <command> [options]\n\n"
    "commands:\n"
    "  run [SCENARIO]     run every arm of a scenario and print the results table\n"
    "  validate SCENARIO  check a scenario without running it\n"
    "  compare SCENARIO   true values across replications; off-policy estimates vs truth\n"
    "  export RUN_DIR|CHECKPOINT  write a trained arm's policy bundle (JSON or ONNX)\n"
    "  score              score rows of raw inputs with a policy bundle\n"
    "  evaluate           estimate a policy bundle's value offline from a decision log\n"
    "  train --log        learn a policy bundle offline from a decision log\n"
    "  schema             print the scenario reference (docs/scenario-reference.md)\n"
    "  catalog            list the built-in scenarios\n\n"
    "SCENARIO is a YAML file or a built-in name (see `campsim catalog`); default quickstart.\n"
    "`campsim <command> --help` shows the command's options.\n";

int Main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::cout << kUsage;
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "--version") {
    std::cout << "campsim 0.1.0\n";
    return 0;
  }
  const std::string command = args[0];
  args.erase(args.begin());
  try {
    ChosenSimdLevel();  // a bad CAMPSIM_SIMD fails every command up front
    if (command == "run") return Run(args);
    if (command == "validate") return Validate(args);
    if (command == "compare") return CompareCommand(args);
    if (command == "schema") return Schema(args);
    if (command == "catalog") return ListCatalog(args);
    if (command == "export") return Export(args);
    if (command == "score") return Score(args);
    if (command == "evaluate") return Evaluate(args);
    if (command == "train") return Train(args);
    std::cerr << "campsim: unknown command '" << command << "'\n\n" << kUsage;
    return 2;
  } catch (const UsageError& e) {
    std::cerr << "campsim " << command << ": " << e.what() << "\n(see campsim " << command
              << " --help)\n";
    return 2;
  } catch (const std::exception& e) {
    // Bad input of any kind names what is wrong and exits 2; anything else is our bug.
    if (dynamic_cast<const ConfigError*>(&e) || dynamic_cast<const BundleError*>(&e) ||
        dynamic_cast<const CsvError*>(&e) || dynamic_cast<const FeatureError*>(&e) ||
        dynamic_cast<const OutputError*>(&e) || dynamic_cast<const SimdLevelError*>(&e)) {
      std::cerr << "campsim: error: " << e.what() << "\n";
      return 2;
    }
    std::cerr << "campsim: internal error: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace
}  // namespace campsim::cli

int main(int argc, char** argv) { return campsim::cli::Main(argc, argv); }
