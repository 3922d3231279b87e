// campsim train SCENARIO --agent NAME: online RL training on a scenario, with learning curves,
// checkpoints (and resuming from them), the exported policy, and a final judgement against
// the baselines on common evaluation worlds. `campsim train --log ...` learns from a decision
// log instead (train_command.cc).
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <thread>

#include "agents/baselines/budget_baselines.h"
#include "cli/common.h"
#include "scenarios/budget_training.h"
#include "scenarios/message_training.h"
#include "scenarios/policy_export.h"
#include "policies/policy_bundle.h"
#include "sim/world_model.h"
#include "scenarios/registry.h"
#include "scenarios/run_folder.h"
#include "scenarios/runner.h"
#include "scenarios/yaml_writer.h"

namespace campsim::cli {

namespace {

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw OutputError("cannot read " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The arm to train: the scenario's arm called `name`, or the first arm with its budget agent
// replaced by the registered budget agent type `name` (default params).
ArmConfig ResolveArm(const ScenarioConfig& config, const std::string& name) {
  for (const auto& arm : config.arms) {
    if (arm.name == name) return arm;
  }
  const Registry::Entry* entry = BuiltinRegistry().Find("budget_agent", name);
  if (entry == nullptr || config.arms.empty()) {
    std::string known;
    for (const auto& arm : config.arms) known += (known.empty() ? "" : ", ") + arm.name;
    throw UsageError("--agent '" + name + "' is neither an arm of the scenario (" + known +
                     ") nor a budget agent type (q_learning, actor_critic, cem)");
  }
  ArmConfig arm = config.arms.front();
  arm.name = name;
  arm.budget_agent = ComponentConfig(name, entry->make_params());
  return arm;
}

std::string CurveCsv(const std::vector<EpisodeRecord>& records) {
  std::ostringstream out;
  out << "episode,seed,train_return,greedy_return\n";
  for (const auto& r : records) {
    out << r.episode << ',' << r.seed << ',' << FormatNumber(r.train_return) << ','
        << (std::isnan(r.greedy_return) ? "" : FormatNumber(r.greedy_return)) << '\n';
  }
  return out.str();
}

}  // namespace

int Train(const std::vector<std::string>& args) {
  for (const auto& a : args) {
    if (a == "--log" || a.rfind("--log=", 0) == 0) return TrainFromLog(args);
  }
  po::options_description options("campsim train SCENARIO --agent NAME [options]");
  std::string scenario, agent, out, resume, format = "table";
  std::vector<std::string> sets;
  int episodes = 200, eval_seeds = 10, curve_seeds = 3, eval_every = 0, threads = 0;
  options.add_options()
      ("help,h", "show this help")
      ("scenario", po::value(&scenario), "YAML file or built-in name")
      ("agent", po::value(&agent), "an arm of the scenario whose budget agent learns or whose message agent is dqn, or a budget learner type (q_learning, actor_critic, cem)")
      ("episodes", po::value(&episodes), "episodes to train (more, when resuming; default 200)")
      ("out", po::value(&out), "output folder (default runs/train-<scenario>-<agent>)")
      ("resume", po::value(&resume), "a previous train folder: continue from its checkpoint and curve")
      ("eval-seeds", po::value(&eval_seeds), "worlds for the final comparison with the baselines (default 10)")
      ("curve-seeds", po::value(&curve_seeds), "worlds per greedy evaluation on the learning curve (default 3; 0 = none)")
      ("eval-every", po::value(&eval_every), "episodes between greedy evaluations (default: every update)")
      ("set", po::value(&sets)->composing(), "override a field: path=value (repeatable)")
      ("threads", po::value(&threads), "threads (0 = all cores); results never depend on it")
      ("format", po::value(&format), "final comparison on stdout: table, csv or json")
      ("overwrite", "replace --out if it exists")
      ("quiet,q", "no progress on stderr");
  po::positional_options_description positional;
  positional.add("scenario", 1);
  const auto vm = Parse(args, options, positional);
  if (vm.count("help")) {
    std::cout << options
              << "\nTrains the agent for --episodes episodes (docs/rl.md has the seeds and update "
                 "rules), then compares its greedy policy with uniform_split, "
                 "last_roi_proportional and mmm_optimal_static on --eval-seeds common worlds. Writes "
                 "learning_curve.csv, checkpoint_<agent>.txt, policy_<agent>.json, evaluation.json "
                 "and config.resolved.yaml.\n";
    return 0;
  }
  if (scenario.empty() || agent.empty()) throw UsageError("train needs SCENARIO and --agent NAME (or --log)");
  if (episodes < 0 || eval_seeds < 2 || curve_seeds < 0 || eval_every < 0 || threads < 0) {
    throw UsageError("--episodes, --curve-seeds, --eval-every and --threads must be >= 0, --eval-seeds >= 2");
  }
  if (format != "table" && format != "csv" && format != "json") {
    throw UsageError("--format must be table, csv or json, not '" + format + "'");
  }
  ScenarioConfig config = LoadScenario(scenario, sets);
  ValidateScenario(config, BuiltinRegistry());
  const ArmConfig arm = ResolveArm(config, agent);
  const std::string dir = out.empty() ? "runs/train-" + config.name + "-" + agent : out;
  if (!vm.count("overwrite") && std::filesystem::exists(dir)) {
    throw OutputError("output folder " + dir + " already exists; choose another --out or pass --overwrite");
  }
  if (threads == 0) threads = static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
  const bool quiet = vm.count("quiet") > 0;
  const std::string checkpoint_name = "checkpoint_" + agent + ".txt";
  BudgetTrainOptions train;
  train.episodes = episodes;
  train.eval_every = eval_every;
  train.eval_seeds = curve_seeds;
  train.threads = threads;
  train.on_episode = [&](const EpisodeRecord& r) {
    if (quiet || std::isnan(r.greedy_return)) return;
    std::cerr << "campsim: episode " << r.episode + 1 << ": return " << FormatNumber(r.train_return)
              << ", greedy " << FormatNumber(r.greedy_return) << "\n";
  };
  if (arm.message_agent.type == "dqn") {
    const WorldModel model(config.world);
    MessageProblem message_problem = model.problem();
    message_problem.seed = static_cast<std::uint64_t>(config.seed);
    auto made = BuiltinRegistry().MakeMessageAgent(arm.message_agent, message_problem);
    auto& dqn = dynamic_cast<DqnAgent&>(*made);
    std::string curve;
    std::int64_t done = 0;
    if (!resume.empty()) {
      try {
        dqn.LoadState(ReadText((std::filesystem::path(resume) / checkpoint_name).string()));
      } catch (const std::invalid_argument& e) {
        throw UsageError(std::string(e.what()) + " (in " + resume + "/" + checkpoint_name + ")");
      }
      curve = ReadText((std::filesystem::path(resume) / "learning_curve.csv").string());
      for (char c : curve) done += c == '\n' ? 1 : 0;
      done = std::max<std::int64_t>(0, done - 1);
    }
    if (eval_every == 0) train.eval_every = 1;
    const MessageTraining trained = TrainMessageAgent(config, arm.name, dqn, done, train);
    const std::string new_rows = CurveCsv(trained.records);
    curve = curve.empty() ? new_rows : curve + new_rows.substr(new_rows.find('\n') + 1);
    // The kept policy: the best on the validation worlds (message_training.h).
    auto kept_agent = BuiltinRegistry().MakeMessageAgent(arm.message_agent, message_problem);
    auto& kept = dynamic_cast<DqnAgent&>(*kept_agent);
    kept.LoadState(trained.best_state);
    kept.Freeze();
    const BudgetEvaluation evaluation =
        EvaluateMessageArms(config, arm.name, trained.best_state, eval_seeds, threads);
    const std::string reference = "myopic_oracle";
    int arm_index = 0;
    for (std::size_t a = 0; a < config.arms.size(); ++a) {
      if (config.arms[a].name == arm.name) arm_index = static_cast<int>(a);
    }
    if (!quiet && trained.best_episode >= 0) {
      std::cerr << "campsim: kept the policy after episode " << trained.best_episode + 1
                << " (validation return " << FormatNumber(trained.best_return) << ")\n";
    }
    WriteRunFolder(dir,
                   {{"config.resolved.yaml", WriteYaml(config)},
                    {"learning_curve.csv", curve},
                    {checkpoint_name, dqn.SaveState()},
                    {"best_" + checkpoint_name, trained.best_state},
                    {"policy_" + agent + ".json",
                     WritePolicyBundle(MakePolicyBundle(config, model, arm_index, kept.ExportPolicy(),
                                                        static_cast<std::int64_t>(kept.decisions_learned()),
                                                        WriteYaml(config)))},
                    {"evaluation.json", FormatBudgetEvaluation(evaluation, reference, "json")}},
                   vm.count("overwrite") > 0);
    if (!quiet) std::cerr << "campsim: wrote " << dir << "\n";
    std::cout << FormatBudgetEvaluation(evaluation, reference, format);
    return 0;
  }
  const BudgetProblem problem = ScenarioBudgetProblem(config);
  auto made = BuiltinRegistry().MakeBudgetAgent(arm.budget_agent, problem);
  auto* learner = dynamic_cast<BudgetLearner*>(made.get());
  if (learner == nullptr) {
    throw UsageError("arm '" + arm.name + "' has budget agent '" + arm.budget_agent.type +
                     "', which does not learn; budget learners are q_learning, actor_critic and cem");
  }
  std::string curve;
  if (!resume.empty()) {
    try {
      learner->LoadState(ReadText((std::filesystem::path(resume) / checkpoint_name).string()));
    } catch (const std::invalid_argument& e) {
      throw UsageError(std::string(e.what()) + " (in " + resume + "/" + checkpoint_name + ")");
    }
    curve = ReadText((std::filesystem::path(resume) / "learning_curve.csv").string());
  }
  const auto records = TrainBudgetLearner(config, arm, *learner, train);
  const std::string new_rows = CurveCsv(records);
  curve = curve.empty() ? new_rows : curve + new_rows.substr(new_rows.find('\n') + 1);

  std::vector<BudgetContender> contenders = BudgetBaselines(BuiltinRegistry());
  const BudgetPolicy greedy = learner->Greedy();
  const std::string training = "{\"agent\": \"" + arm.budget_agent.type + "\", \"episodes\": " +
                               std::to_string(learner->episodes()) + ", \"campsim_version\": \"0.1.0\"}";
  const std::string policy_json = greedy.ToJson(config.name, training);
  // Judged as exported: the policy file's own reading of itself.
  const BudgetPolicy exported = BudgetPolicy::FromJson(policy_json);
  contenders.push_back({agent, [&](const BudgetProblem&) -> std::unique_ptr<BudgetAgent> {
                          return std::make_unique<BudgetPolicyAgent>(exported);
                        }});
  const BudgetEvaluation evaluation = EvaluateBudgetAgents(config, arm, contenders, eval_seeds, threads);
  std::map<std::string, std::string> files = {
      {"config.resolved.yaml", WriteYaml(config)},
      {"learning_curve.csv", curve},
      {checkpoint_name, learner->SaveState()},
      {"policy_" + agent + ".json", policy_json},
      {"evaluation.json", FormatBudgetEvaluation(evaluation, "mmm_optimal_static", "json")}};
  WriteRunFolder(dir, files, vm.count("overwrite") > 0);
  if (!quiet) std::cerr << "campsim: wrote " << dir << "\n";
  std::cout << FormatBudgetEvaluation(evaluation, "mmm_optimal_static", format);
  return 0;
}

}  // namespace campsim::cli
