// campsim train SCENARIO --agent NAME: online RL training on a scenario (scenarios/train.h),
// with learning curves, checkpoints (and resuming from them), the exported policy, and a final
// judgement on common evaluation worlds. `campsim train --log ...` learns from a decision log
// instead (train_command.cc).
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "cli/common.h"
#include "scenarios/run_folder.h"
#include "scenarios/train.h"

namespace campsim::cli {

namespace {

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError("cannot read " + path + " (is --resume a campsim train folder of this agent?)");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

int Train(const std::vector<std::string>& args) {
  for (const auto& a : args) {
    if (a == "--log" || a.rfind("--log=", 0) == 0) return TrainFromLog(args);
  }
  po::options_description options("campsim train SCENARIO --agent NAME [options]");
  std::string scenario, out, resume, format = "table";
  std::vector<std::string> sets;
  TrainRequest request;
  int threads = 0;
  options.add_options()
      ("help,h", "show this help")
      ("scenario", po::value(&scenario), "YAML file or built-in name")
      ("agent", po::value(&request.agent), "an arm of the scenario whose budget agent learns or whose message agent is dqn, or a budget learner type (q_learning, actor_critic, cem)")
      ("episodes", po::value(&request.training.episodes), "episodes to train (more, when resuming; default 200)")
      ("out", po::value(&out), "output folder (default runs/train-<scenario>-<agent>)")
      ("resume", po::value(&resume), "a previous train folder: continue from its checkpoint and curve")
      ("eval-seeds", po::value(&request.eval_seeds), "worlds for the final comparison (default 10)")
      ("curve-seeds", po::value(&request.training.validation_seeds), "validation worlds per greedy evaluation on the learning curve (default 3; 0 = none)")
      ("eval-every", po::value(&request.training.eval_every), "episodes between greedy evaluations (default: every update)")
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
                 "rules), then compares its policy on --eval-seeds common worlds: a budget learner "
                 "with uniform_split, last_roi_proportional and mmm_optimal_static, dqn with every "
                 "arm of the scenario. Writes learning_curve.csv, checkpoint_<agent>.txt, "
                 "policy_<agent>.json, evaluation.json and config.resolved.yaml.\n";
    return 0;
  }
  if (scenario.empty() || request.agent.empty()) throw UsageError("train needs SCENARIO and --agent NAME (or --log)");
  if (threads < 0) throw UsageError("--threads must be >= 0");
  if (format != "table" && format != "csv" && format != "json") {
    throw UsageError("--format must be table, csv or json, not '" + format + "'");
  }
  ScenarioConfig config = LoadScenario(scenario, sets);
  const std::string dir = out.empty() ? "runs/train-" + config.name + "-" + request.agent : out;
  if (!vm.count("overwrite") && std::filesystem::exists(dir)) {
    throw OutputError("output folder " + dir + " already exists; choose another --out or pass --overwrite");
  }
  request.training.threads = threads == 0 ? static_cast<int>(std::max(1U, std::thread::hardware_concurrency())) : threads;
  const std::string checkpoint = TrainCheckpointName(request.agent);
  if (!resume.empty()) {
    request.resume_checkpoint = ReadText((std::filesystem::path(resume) / checkpoint).string());
    request.resume_curve = ReadText((std::filesystem::path(resume) / "learning_curve.csv").string());
    const auto best = std::filesystem::path(resume) / ("best_" + checkpoint);
    if (std::filesystem::exists(best)) request.resume_best = ReadText(best.string());
  }
  const bool quiet = vm.count("quiet") > 0;
  request.training.on_episode = [&](const EpisodeRecord& r) {
    if (quiet || std::isnan(r.greedy_return)) return;
    std::cerr << "campsim: episode " << r.episode + 1 << ": return " << FormatNumber(r.train_return)
              << ", greedy " << FormatNumber(r.greedy_return) << "\n";
  };
  TrainOutcome outcome;
  try {
    outcome = TrainAgent(config, request);
  } catch (const TrainError& e) {
    throw UsageError(std::string(e.what()) + (resume.empty() ? "" : " (resuming from " + resume + "/" + checkpoint + ")"));
  }
  WriteRunFolder(dir, outcome.files, vm.count("overwrite") > 0);
  if (!quiet && !outcome.note.empty()) std::cerr << "campsim: " << outcome.note << "\n";
  if (!quiet) std::cerr << "campsim: wrote " << dir << "\n";
  std::cout << FormatBudgetEvaluation(outcome.evaluation, outcome.reference, format);
  return 0;
}

}  // namespace campsim::cli
