#include "scenarios/train.h"

#include <cmath>
#include <sstream>

#include "agents/baselines/budget_baselines.h"
#include "policies/policy_bundle.h"
#include "scenarios/message_training.h"
#include "scenarios/policy_export.h"
#include "scenarios/registry.h"
#include "scenarios/runner.h"
#include "scenarios/yaml_writer.h"
#include "sim/world_model.h"

namespace campsim {

namespace {

ArmConfig ResolveArm(const ScenarioConfig& config, const std::string& name) {
  for (const auto& arm : config.arms) {
    if (arm.name == name) return arm;
  }
  const Registry::Entry* entry = BuiltinRegistry().Find("budget_agent", name);
  if (entry == nullptr || config.arms.empty()) {
    std::vector<std::string> arms;
    for (const auto& arm : config.arms) arms.push_back(arm.name);
    throw TrainError("agent '" + name + "' is neither an arm of the scenario (" + JoinNames(arms) +
                     ") nor a budget agent type (q_learning, actor_critic, cem)");
  }
  ArmConfig arm = config.arms.front();
  arm.name = name;
  arm.budget_agent = ComponentConfig(name, entry->make_params());
  return arm;
}

std::string CurveCsv(const std::string& previous, const std::vector<EpisodeRecord>& records) {
  std::ostringstream out;
  out << (previous.empty() ? "episode,seed,train_return,greedy_return\n" : previous);
  for (const auto& r : records) {
    out << r.episode << ',' << r.seed << ',' << FormatNumber(r.train_return) << ','
        << (std::isnan(r.greedy_return) ? "" : FormatNumber(r.greedy_return)) << '\n';
  }
  return out.str();
}

void Load(CheckpointableAgent& agent, const std::string& state) {
  try {
    agent.LoadState(state);
  } catch (const std::invalid_argument& e) {
    throw TrainError(e.what());
  }
}

TrainOutcome TrainDqn(const ScenarioConfig& config, const ArmConfig& arm, const TrainRequest& request) {
  const WorldModel model(config.world);
  MessageProblem problem = model.problem();
  problem.seed = static_cast<std::uint64_t>(config.seed);
  auto made = BuiltinRegistry().MakeMessageAgent(arm.message_agent, problem);
  auto& dqn = dynamic_cast<DqnAgent&>(*made);
  if (!request.resume_checkpoint.empty()) Load(dqn, request.resume_checkpoint);
  BudgetTrainOptions options = request.training;
  if (options.eval_every == 0) options.eval_every = 1;
  MessageTraining best;  // the kept policy so far, from the resumed folder
  if (!request.resume_best.empty()) {
    std::istringstream curve(request.resume_curve);
    std::string line;
    std::getline(curve, line);  // header
    while (std::getline(curve, line)) {
      const std::size_t last = line.rfind(',');
      if (last == std::string::npos || last + 1 >= line.size()) continue;
      double value = 0.0;
      std::int64_t episode = 0;
      try {
        value = std::stod(line.substr(last + 1));
        episode = std::stoll(line.substr(0, line.find(',')));
      } catch (const std::exception&) {
        throw TrainError("learning_curve.csv: malformed row '" + line + "'");
      }
      if (best.best_episode < 0 || value > best.best_return) {
        best.best_return = value;
        best.best_episode = episode;
      }
    }
    if (best.best_episode >= 0) best.best_state = request.resume_best;
  }
  const MessageTraining trained = TrainMessageAgent(config, arm.name, dqn, options, std::move(best));
  auto kept_agent = BuiltinRegistry().MakeMessageAgent(arm.message_agent, problem);
  auto& kept = dynamic_cast<DqnAgent&>(*kept_agent);
  kept.LoadState(trained.best_state);
  kept.Freeze();
  TrainOutcome out;
  out.evaluation = EvaluateMessageArms(config, arm.name, trained.best_state, request.eval_seeds, request.training.threads);
  out.reference = config.arms.front().name;
  int arm_index = 0;
  for (std::size_t a = 0; a < config.arms.size(); ++a) {
    if (config.arms[a].name == "myopic_oracle") out.reference = "myopic_oracle";
    if (config.arms[a].name == arm.name) arm_index = static_cast<int>(a);
  }
  if (trained.best_episode >= 0) {
    out.note = "kept the policy after episode " + std::to_string(trained.best_episode + 1) +
               " (validation return " + FormatNumber(trained.best_return) + ")";
  }
  ScenarioConfig copy = config;
  const std::string resolved = WriteYaml(copy);
  const std::string checkpoint = TrainCheckpointName(request.agent);
  out.files = {{"config.resolved.yaml", resolved},
               {"learning_curve.csv", CurveCsv(request.resume_curve, trained.records)},
               {checkpoint, dqn.SaveState()},
               {"best_" + checkpoint, trained.best_state},
               {"policy_" + request.agent + ".json",
                WritePolicyBundle(MakePolicyBundle(config, model, arm_index, kept.ExportPolicy(),
                                                   static_cast<std::int64_t>(kept.decisions_learned()),
                                                   resolved))},
               {"evaluation.json", FormatBudgetEvaluation(out.evaluation, out.reference, "json")}};
  return out;
}

TrainOutcome TrainBudget(const ScenarioConfig& config, const ArmConfig& arm, const TrainRequest& request) {
  const BudgetProblem problem = ScenarioBudgetProblem(config);
  auto made = BuiltinRegistry().MakeBudgetAgent(arm.budget_agent, problem);
  auto* learner = dynamic_cast<BudgetLearner*>(made.get());
  if (learner == nullptr) {
    throw TrainError("arm '" + arm.name + "' has budget agent '" + arm.budget_agent.type +
                     "', which does not learn; budget learners are q_learning, actor_critic and cem, "
                     "and dqn learns messages");
  }
  if (!request.resume_checkpoint.empty()) Load(*learner, request.resume_checkpoint);
  const auto records = TrainBudgetLearner(config, arm, *learner, request.training);
  const std::string training = "{\"agent\": \"" + arm.budget_agent.type + "\", \"episodes\": " +
                               std::to_string(learner->episodes()) + ", \"campsim_version\": \"0.1.0\"}";
  const std::string policy_json = learner->Greedy().ToJson(config.name, training);
  // Judged as exported: the policy file's own reading of itself.
  const BudgetPolicy exported = BudgetPolicy::FromJson(policy_json);
  std::vector<BudgetContender> contenders = BudgetBaselines(BuiltinRegistry());
  contenders.push_back({request.agent, [&](const BudgetProblem&) -> std::unique_ptr<BudgetAgent> {
                          return std::make_unique<BudgetPolicyAgent>(exported);
                        }});
  TrainOutcome out;
  out.evaluation = EvaluateBudgetAgents(config, arm, contenders, request.eval_seeds, request.training.threads);
  out.reference = "mmm_optimal_static";
  ScenarioConfig copy = config;
  out.files = {{"config.resolved.yaml", WriteYaml(copy)},
               {"learning_curve.csv", CurveCsv(request.resume_curve, records)},
               {TrainCheckpointName(request.agent), learner->SaveState()},
               {"policy_" + request.agent + ".json", policy_json},
               {"evaluation.json", FormatBudgetEvaluation(out.evaluation, out.reference, "json")}};
  return out;
}

}  // namespace

std::string TrainCheckpointName(const std::string& agent) { return "checkpoint_" + agent + ".txt"; }

TrainOutcome TrainAgent(const ScenarioConfig& config, const TrainRequest& request) {
  const BudgetTrainOptions& t = request.training;
  if (t.episodes < 0 || request.eval_seeds < 2 || t.validation_seeds < 0 || t.eval_every < 0 || t.threads < 1) {
    throw TrainError("episodes, curve seeds and eval-every must be >= 0, evaluation seeds >= 2, threads >= 1");
  }
  ValidateScenario(config, BuiltinRegistry());
  const ArmConfig arm = ResolveArm(config, request.agent);
  if (arm.message_agent.type == "dqn") return TrainDqn(config, arm, request);
  return TrainBudget(config, arm, request);
}

}  // namespace campsim
