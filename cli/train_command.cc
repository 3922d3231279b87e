// campsim train --log: a linear policy learned offline from a decision log, written as a
// policy bundle. (Online RL training: rl_train_command.cc.)
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "cli/common.h"
#include "evaluation/policy_learning.h"
#include "policies/linear_policy.h"
#include "policies/policy_bundle.h"
#include "scenarios/offline_evaluate.h"
#include "scenarios/policy_export.h"
#include "scenarios/run_folder.h"
#include "scenarios/yaml_writer.h"
#include "sim/world_model.h"

namespace campsim::cli {

int TrainFromLog(const std::vector<std::string>& args) {
  po::options_description options("campsim train --log DECISIONS.csv --agent NAME --out POLICY.json [options]");
  std::string log_path, agent, out, method = "dr", template_path, scenario, seed = "1";
  double epsilon = 0.1, temperature = 0.05, alpha = 0.3, scale = 0.5, lambda = 1.0, max_weight = 100.0;
  int threads = 0;
  options.add_options()
      ("help,h", "show this help")
      ("log", po::value(&log_path), "decision log CSV to learn from")
      ("agent", po::value(&agent), "greedy, epsilon_greedy, softmax, lin_ucb or lin_ts: the policy's exploration")
      ("out", po::value(&out), "the policy bundle to write")
      ("template", po::value(&template_path), "a bundle recorded with the log: its feature pipeline and actions are reused")
      ("scenario", po::value(&scenario), "or the scenario (YAML or built-in name) whose world the log came from")
      ("method", po::value(&method), "dr (default), iw or dm: see docs/offline-evaluation.md")
      ("epsilon", po::value(&epsilon), "epsilon_greedy's exploration rate (default 0.1)")
      ("temperature", po::value(&temperature), "softmax's temperature (default 0.05)")
      ("alpha", po::value(&alpha), "lin_ucb's bonus scale (default 0.3)")
      ("scale", po::value(&scale), "lin_ts's posterior scale (default 0.5)")
      ("lambda", po::value(&lambda), "ridge penalty (default 1)")
      ("max-weight", po::value(&max_weight), "iw: importance weights clipped here (default 100)")
      ("seed", po::value(&seed), "the bundle's sampling seed, and the cross-fitting folds' (default 1)")
      ("threads", po::value(&threads), "threads for reading the log (0 = all cores)")
      ("overwrite", "replace --out if it exists");
  const auto vm = Parse(args, options, {});
  if (vm.count("help")) {
    std::cout << options
              << "\nFits one linear reward model per action on the log (dr: doubly robust "
                 "pseudo-rewards; iw: importance-weighted; dm: direct) and freezes it as a policy "
                 "with the chosen exploration. Without --log, `campsim train SCENARIO --agent NAME` "
                 "trains an RL agent online on the scenario.\n";
    return 0;
  }
  if (log_path.empty()) throw UsageError("train --log needs a decision log");
  if (agent.empty() || out.empty()) throw UsageError("train needs --agent and --out");
  if (template_path.empty() == scenario.empty()) {
    throw UsageError("train needs exactly one of --template POLICY.json or --scenario SCENARIO (where the "
                     "log's features and actions come from)");
  }
  const std::vector<std::string> agents = {"greedy", "epsilon_greedy", "softmax", "lin_ucb", "lin_ts"};
  if (std::find(agents.begin(), agents.end(), agent) == agents.end()) {
    throw UsageError("--agent must be greedy, epsilon_greedy, softmax, lin_ucb or lin_ts, not '" + agent + "'");
  }
  if (!(epsilon >= 0.0 && epsilon <= 1.0)) throw UsageError("--epsilon must be in [0, 1]");
  if (!(temperature > 0.0) || alpha < 0.0 || scale < 0.0) {
    throw UsageError("--temperature must be > 0, --alpha and --scale >= 0");
  }
  if (std::filesystem::exists(out) && !vm.count("overwrite")) {
    throw OutputError(out + " already exists; choose another --out or pass --overwrite");
  }
  std::uint64_t seed_value = 0;
  try {
    std::size_t used = 0;
    seed_value = std::stoull(seed, &used);
    if (used != seed.size()) throw std::invalid_argument(seed);
  } catch (const std::exception&) {
    throw UsageError("--seed must be an unsigned integer, not '" + seed + "'");
  }
  PolicyBundle bundle;
  if (!template_path.empty()) {
    const PolicyBundle t = LoadPolicyBundle(template_path);
    bundle.features = t.features;
    bundle.actions = t.actions;
    bundle.scenario_name = t.scenario_name;
    bundle.scenario_hash = t.scenario_hash;
  } else {
    ScenarioConfig config = LoadScenario(scenario, {});
    bundle = ScenarioBundle(config, WorldModel(config.world), WriteYaml(config));
  }
  bundle.decision_seed = seed_value;
  const OfflineLog log = ReadDecisionLog(log_path, bundle.features, bundle.actions, threads);
  PolicyLearningOptions learning;
  learning.method = method;
  learning.lambda = lambda;
  learning.max_weight = max_weight;
  learning.reward_model.seed = seed_value;
  LinearRewardFit fit;
  try {
    fit = LearnLinearRewards(log.feedback, learning);
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string(e.what()) + " (in " + log_path + ")");
  }
  LinearPolicyParams p;
  p.num_features = fit.num_features;
  p.num_actions = fit.num_actions;
  p.weights = fit.weights;
  p.epsilon = epsilon;
  p.temperature = temperature;
  p.alpha = alpha;
  p.scale = scale;
  if (agent == "greedy") p.exploration = LinearExploration::kGreedy;
  if (agent == "epsilon_greedy") p.exploration = LinearExploration::kEpsilonGreedy;
  if (agent == "softmax") p.exploration = LinearExploration::kSoftmax;
  if (agent == "lin_ucb" || agent == "lin_ts") {
    p.exploration = agent == "lin_ucb" ? LinearExploration::kUcb : LinearExploration::kThompson;
    p.covariances = fit.covariances;
  }
  bundle.policy = std::make_shared<LinearPolicy>(p);
  bundle.training = {{"agent", agent},
                     {"learned_offline_from", log_path},
                     {"method", method},
                     {"rows", log.feedback.size()},
                     {"rows_per_action", fit.counts},
                     {"lambda", lambda},
                     {"campsim_version", "0.1.0"}};
  WriteFileAtomically(out, WritePolicyBundle(bundle));
  std::cerr << "campsim: wrote " << out << " (" << bundle.policy->kind() << " learned by " << method << " from "
            << log.feedback.size() << " logged decisions)\n";
  return 0;
}

}  // namespace campsim::cli
