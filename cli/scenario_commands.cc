// campsim run, validate, compare, schema and catalog: the scenario commands.
#include <filesystem>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "cli/common.h"
#include "cli/progress.h"
#include "scenarios/catalog.h"
#include "scenarios/compare.h"
#include "scenarios/policy_export.h"
#include "scenarios/reference_doc.h"
#include "scenarios/registry.h"
#include "scenarios/report.h"
#include "scenarios/run_folder.h"
#include "scenarios/runner.h"
#include "scenarios/yaml_writer.h"

namespace campsim::cli {

namespace {

std::string DefaultOutDir(const ScenarioConfig& config) {
  const std::string base = "runs/" + config.name + "-seed" + std::to_string(config.seed);
  std::string dir = base;
  for (int i = 2; std::filesystem::exists(dir); ++i) dir = base + "-" + std::to_string(i);
  return dir;
}

}  // namespace

int Run(const std::vector<std::string>& args) {
  po::options_description options("campsim run [SCENARIO] [options]");
  std::string scenario = "quickstart", out, format = "table";
  std::vector<std::string> sets;
  std::int64_t seed = -1;
  int threads = 0;
  options.add_options()
      ("help,h", "show this help")
      ("scenario", po::value(&scenario), "YAML file or built-in name (default quickstart)")
      ("set", po::value(&sets)->composing(), "override a field: path=value (repeatable)")
      ("seed", po::value(&seed), "override the scenario's seed")
      ("out", po::value(&out), "run folder (default runs/<name>-seed<seed>, never reused)")
      ("overwrite", "replace --out if it exists")
      ("no-output", "write no run folder")
      ("format", po::value(&format), "results on stdout: table, csv or json")
      ("threads", po::value(&threads), "worker threads: arms in parallel, the rest inside each arm (0 = all cores); results never depend on it")
      ("log-decisions", "write every decision with its propensity (decisions_<arm>.csv)")
      ("quiet,q", "no progress on stderr");
  po::positional_options_description positional;
  positional.add("scenario", 1);
  const auto vm = Parse(args, options, positional);
  if (vm.count("help")) {
    std::cout << options << "\nRuns every arm on the same world and seed, prints a results table "
                            "on stdout, and writes config.resolved.yaml, summary.json, "
                            "metrics.csv, and for every learning arm its policy bundle "
                            "(policy_<arm>.json) and checkpoint (checkpoint_<arm>.txt) into the "
                            "run folder.\n";
    return 0;
  }
  if (format != "table" && format != "csv" && format != "json") {
    throw UsageError("--format must be table, csv or json, not '" + format + "'");
  }
  if (threads < 0) throw UsageError("--threads must be >= 0");
  if (seed >= 0) sets.push_back("seed=" + std::to_string(seed));
  ScenarioConfig config = LoadScenario(scenario, sets);
  ValidateScenario(config, BuiltinRegistry());
  const bool write = !vm.count("no-output");
  const std::string dir = out.empty() ? DefaultOutDir(config) : out;
  if (write && !vm.count("overwrite") && std::filesystem::exists(dir)) {
    throw OutputError("output folder " + dir + " already exists; choose another --out or pass "
                      "--overwrite to replace it");
  }
  ProgressPrinter progress(vm.count("quiet") > 0);
  RunOptions run_options;
  run_options.threads = threads;
  run_options.log_decisions = vm.count("log-decisions") > 0;
  run_options.progress = [&](int arm, int arms, const std::string& name, double done) {
    progress.Update(arm, arms, name, done);
  };
  const RunResult result = RunScenario(config, BuiltinRegistry(), run_options);
  progress.Finish();
  if (write) {
    const std::string resolved = WriteYaml(config);
    std::map<std::string, std::string> files = {
        {"config.resolved.yaml", resolved},
        {"summary.json", SummaryJson(config, result, resolved)},
        {"metrics.csv", MetricsCsv(result)}};
    const WorldModel model(config.world);
    for (std::size_t a = 0; a < result.arms.size(); ++a) {
      const ArmResult& arm = result.arms[a];
      const auto decisions = static_cast<std::int64_t>(Totals(arm).decisions);
      if (arm.policy) {
        files[PolicyFileName(arm.name)] = WritePolicyBundle(
            MakePolicyBundle(config, model, static_cast<int>(a), arm.policy, decisions, resolved));
      }
      if (!arm.checkpoint.empty()) {
        files[CheckpointFileName(arm.name)] =
            CheckpointText(arm.name, arm.message_agent, decisions, arm.checkpoint);
      }
    }
    for (const auto& arm : result.arms) {
      if (!arm.logged) continue;
      files["decisions_" + arm.name + ".csv"] = arm.log.ToCsv();
      files["decision_log_schema.json"] = arm.log.SchemaJson();
    }
    WriteRunFolder(dir, files, vm.count("overwrite") > 0);
    if (!vm.count("quiet")) std::cerr << "campsim: wrote " << dir << "\n";
  }
  std::cout << FormatResults(result, format);
  return 0;
}

int Validate(const std::vector<std::string>& args) {
  po::options_description options("campsim validate SCENARIO [options]");
  std::string scenario;
  std::vector<std::string> sets;
  options.add_options()("help,h", "show this help")(
      "scenario", po::value(&scenario), "YAML file or built-in name")(
      "set", po::value(&sets)->composing(), "override a field: path=value (repeatable)");
  po::positional_options_description positional;
  positional.add("scenario", 1);
  const auto vm = Parse(args, options, positional);
  if (vm.count("help")) {
    std::cout << options << "\nChecks a scenario (and overrides) without running it.\n";
    return 0;
  }
  if (scenario.empty()) throw UsageError("validate needs a SCENARIO");
  const ScenarioConfig config = LoadScenario(scenario, sets);
  ValidateScenario(config, BuiltinRegistry());
  std::cout << scenario << ": ok (" << config.arms.size() << " arms, "
            << config.world.population.size << " users, " << config.world.horizon_days
            << " days)\n";
  return 0;
}

int CompareCommand(const std::vector<std::string>& args) {
  po::options_description options("campsim compare SCENARIO [options]");
  std::string scenario, format = "table", reference, ope, estimators, reward_model = "ridge";
  std::vector<std::string> sets;
  int replications = 1, bootstrap = 1000, threads = 0;
  options.add_options()
      ("help,h", "show this help")
      ("scenario", po::value(&scenario), "YAML file or built-in name")
      ("set", po::value(&sets)->composing(), "override a field: path=value (repeatable)")
      ("replications", po::value(&replications), "runs with seeds seed, seed+1, ... (>= 1)")
      ("reference", po::value(&reference), "arm the paired differences are taken against (default: first)")
      ("ope", po::value(&ope), "behaviour arm whose decisions are logged and used to estimate the other arms offline")
      ("estimators", po::value(&estimators), "comma-separated: dm,ips,snips,dr,sndr,switch_dr (default all)")
      ("bootstrap", po::value(&bootstrap), "bootstrap resamples for the estimators' intervals")
      ("reward-model", po::value(&reward_model), "ridge or logistic (DM, DR, SNDR, Switch-DR)")
      ("threads", po::value(&threads), "worker threads: arms in parallel, the rest inside each arm (0 = all cores); results never depend on it")
      ("format", po::value(&format), "table, csv or json");
  po::positional_options_description positional;
  positional.add("scenario", 1);
  const auto vm = Parse(args, options, positional);
  if (vm.count("help")) {
    std::cout << options << "\nEvery arm's true reward per decision with a 95% interval across "
                            "replications and the paired difference to a reference arm; with "
                            "--ope, every learning arm's final policy estimated offline on the "
                            "behaviour arm's log, next to the simulator's truth.\n";
    return 0;
  }
  if (scenario.empty()) throw UsageError("compare needs a SCENARIO");
  if (replications < 1) throw UsageError("--replications must be >= 1");
  if (bootstrap < 0) throw UsageError("--bootstrap must be >= 0");
  if (format != "table" && format != "csv" && format != "json") {
    throw UsageError("--format must be table, csv or json, not '" + format + "'");
  }
  CompareOptions compare;
  compare.replications = replications;
  compare.reference = reference;
  compare.ope = ope;
  compare.estimator_options.bootstrap_resamples = bootstrap;
  compare.reward_model.kind = reward_model;
  compare.run.threads = threads;
  if (!estimators.empty()) compare.estimators = ParseEstimators(estimators);
  if (reward_model != "ridge" && reward_model != "logistic") {
    throw UsageError("--reward-model must be ridge or logistic, not '" + reward_model + "'");
  }
  const ScenarioConfig config = LoadScenario(scenario, sets);
  ValidateScenario(config, BuiltinRegistry());
  std::cout << FormatCompare(Compare(config, BuiltinRegistry(), compare), format);
  return 0;
}

int Schema(const std::vector<std::string>& args) {
  po::options_description options("campsim schema [options]");
  std::string out;
  options.add_options()("help,h", "show this help")(
      "out", po::value(&out), "write to this file (atomically) instead of stdout");
  const auto vm = Parse(args, options, {});
  if (vm.count("help")) {
    std::cout << options << "\nPrints the scenario reference generated from the code.\n";
    return 0;
  }
  const std::string text = GenerateScenarioReference(BuiltinRegistry());
  if (out.empty()) {
    std::cout << text;
  } else {
    WriteFileAtomically(out, text);
  }
  return 0;
}

int ListCatalog(const std::vector<std::string>& args) {
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
    std::cout << "campsim catalog: lists the built-in scenarios\n";
    return 0;
  }
  for (const auto& entry : Catalog()) std::cout << entry.name << "\n";
  return 0;
}

}  // namespace campsim::cli
