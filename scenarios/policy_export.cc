#include "scenarios/policy_export.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "agents/agent.h"
#include "policies/sha256.h"
#include "scenarios/run_folder.h"
#include "scenarios/yaml_reader.h"

namespace campsim {

namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw OutputError(path + ": cannot read");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace

std::string CheckpointFileName(const std::string& arm) { return "checkpoint_" + arm + ".txt"; }
std::string PolicyFileName(const std::string& arm) { return "policy_" + arm + ".json"; }

std::string CheckpointText(const std::string& arm, const std::string& agent, std::int64_t decisions,
                           const std::string& state) {
  return "campsim-checkpoint 1\narm " + arm + "\nagent " + agent + "\ndecisions " +
         std::to_string(decisions) + "\n---\n" + state;
}

PolicyBundle ScenarioBundle(const ScenarioConfig& config, const WorldModel& model,
                            const std::string& resolved_yaml) {
  PolicyBundle b;
  b.features = model.feature_pipeline();
  const MessageProblem& problem = model.problem();
  for (const ActionSpec& a : problem.actions) {
    BundleAction action;
    action.name = a.name;
    if (a.channel >= 0) action.channel = problem.channel_names[a.channel];
    if (a.message >= 0) action.message = problem.message_names[a.message];
    action.cost = a.cost;
    b.actions.push_back(std::move(action));
  }
  b.decision_seed = static_cast<std::uint64_t>(config.seed);
  b.scenario_name = config.name;
  b.scenario_hash = Sha256Hex(resolved_yaml);
  return b;
}

PolicyBundle MakePolicyBundle(const ScenarioConfig& config, const WorldModel& model, int arm,
                              std::shared_ptr<const Policy> policy, std::int64_t decisions,
                              const std::string& resolved_yaml) {
  PolicyBundle b = ScenarioBundle(config, model, resolved_yaml);
  b.policy = std::move(policy);
  const ArmConfig& a = config.arms[arm];
  b.training = {{"arm", a.name},
                {"agent", a.message_agent.type},
                {"seed", config.seed},
                {"decisions_learned_from", decisions},
                {"users", config.world.population.size},
                {"horizon_days", config.world.horizon_days},
                {"campsim_version", "0.1.0"}};
  return b;
}

PolicyBundle ExportFromRunFolder(const std::string& dir, const std::string& arm_name,
                                 const Registry& registry) {
  const std::string config_path = (std::filesystem::path(dir) / "config.resolved.yaml").string();
  const std::string checkpoint_path = (std::filesystem::path(dir) / CheckpointFileName(arm_name)).string();
  const std::string resolved = ReadFile(config_path);
  const ScenarioConfig config = ReadScenarioText(resolved, config_path, {}, registry);
  int arm = -1;
  for (std::size_t i = 0; i < config.arms.size(); ++i) {
    if (config.arms[i].name == arm_name) arm = static_cast<int>(i);
  }
  if (arm < 0) throw OutputError(config_path + ": no arm named '" + arm_name + "'");
  const std::string text = ReadFile(checkpoint_path);
  // Header lines "campsim-checkpoint 1", "arm NAME", "agent TYPE", "decisions N", "---".
  std::istringstream in(text);
  std::string magic, arm_line, agent_line, decisions_line, separator;
  std::getline(in, magic);
  std::getline(in, arm_line);
  std::getline(in, agent_line);
  std::getline(in, decisions_line);
  std::getline(in, separator);
  const ComponentConfig& agent = config.arms[arm].message_agent;
  if (magic != "campsim-checkpoint 1" || arm_line != "arm " + arm_name ||
      agent_line != "agent " + agent.type || decisions_line.rfind("decisions ", 0) != 0 || separator != "---") {
    throw OutputError(checkpoint_path + ": not a checkpoint of arm '" + arm_name + "' (" + agent.type +
                      "); expected the header written by campsim run");
  }
  std::int64_t decisions = 0;
  try {
    decisions = std::stoll(decisions_line.substr(10));
  } catch (const std::exception&) {
    throw OutputError(checkpoint_path + ": line 4: 'decisions' needs a number");
  }
  const std::string state = text.substr(static_cast<std::size_t>(in.tellg()));
  const WorldModel model(config.world);
  MessageProblem problem = model.problem();
  problem.seed = static_cast<std::uint64_t>(config.seed);
  auto message_agent = registry.MakeMessageAgent(agent, problem);
  auto* checkpointable = dynamic_cast<CheckpointableAgent*>(message_agent.get());
  const auto* exportable = dynamic_cast<const ExportableAgent*>(message_agent.get());
  if (!checkpointable || !exportable) {
    throw OutputError("agent " + agent.type + " of arm '" + arm_name + "' cannot be exported");
  }
  try {
    checkpointable->LoadState(state);
  } catch (const std::invalid_argument& e) {
    throw OutputError(checkpoint_path + ": " + e.what());
  }
  return MakePolicyBundle(config, model, arm, exportable->ExportPolicy(), decisions, resolved);
}

}  // namespace campsim
