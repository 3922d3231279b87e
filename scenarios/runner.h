// The Runner: config -> world + agents -> results, one arm after another on the same world
// seed (common random numbers: every arm sees the same population and the same organic
// behaviour until its actions make the worlds diverge).
//
// Contract: ValidateScenario() builds the world model and every arm's agents without
// running anything, so all configuration errors surface before any output exists.
// RunScenario() is deterministic: same config, same results, bit for bit, whatever the
// number of threads (arms are independent and run on up to `threads` threads; 0 = one per
// core; threads beyond the number of arms go to each arm's engine, which advances shards and
// builds message batches in parallel). Progress callbacks are serialised.
#ifndef CAMPSIM_SCENARIOS_RUNNER_H_
#define CAMPSIM_SCENARIOS_RUNNER_H_

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "scenarios/decision_log.h"
#include "scenarios/registry.h"
#include "scenarios/scenario_config.h"
#include "agents/agent.h"
#include "policies/policy.h"
#include "sim/metrics.h"

namespace campsim {

struct ArmResult {
  std::string name;
  std::string message_agent;
  std::string budget_agent;
  Metrics metrics;  // per day and source; paid spend is booked on each period's first day
  std::vector<std::string> budget_lines;
  std::vector<std::vector<double>> period_spend;  // per period, per budget line
  double budget_total = 0.0;
  double budget_spent = 0.0;
  std::uint64_t events = 0;
  bool logged = false;
  DecisionLog log;  // when RunOptions::log_decisions
  // The message agent's final decision rule, when it can be exported (learning agents).
  std::shared_ptr<const Policy> policy;
  // The message agent's final learning state (CheckpointableAgent::SaveState), or empty.
  std::string checkpoint;
};

struct RunResult {
  std::vector<ArmResult> arms;
};

// Called as the run advances: arm index, number of arms, fraction of this arm done.
using ProgressFn = std::function<void(int arm, int arms, const std::string& name, double done)>;

// Makes an arm's message agent instead of the registry (e.g. an agent written in Python).
using MessageAgentFactory = std::function<std::unique_ptr<MessageAgent>(const MessageProblem&)>;

struct RunOptions {
  ProgressFn progress;
  // By arm name: agents made by these factories replace the arms' configured message agents.
  std::map<std::string, MessageAgentFactory> message_agents;
  int threads = 0;             // 0 = one per core
  bool log_decisions = false;  // keep every arm's DecisionLog
};

// The scenario's budget problem on its seed's population (what its budget agents are given).
BudgetProblem ScenarioBudgetProblem(const ScenarioConfig& config);

void ValidateScenario(const ScenarioConfig& config, const Registry& registry);
RunResult RunScenario(const ScenarioConfig& config, const Registry& registry,
                      const RunOptions& options = {});

}  // namespace campsim

#endif  // CAMPSIM_SCENARIOS_RUNNER_H_
