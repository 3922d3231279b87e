#include "scenarios/runner.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>

#include "sim/campaign_env.h"
#include "sim/media_curves.h"

namespace campsim {

namespace {

MessageProblem ProblemWithSeed(const WorldModel& model, std::int64_t seed) {
  MessageProblem problem = model.problem();
  problem.seed = static_cast<std::uint64_t>(seed);
  return problem;
}

}  // namespace

BudgetProblem ScenarioBudgetProblem(const ScenarioConfig& config) {
  const auto seed = static_cast<std::uint64_t>(config.seed);
  const WorldModel model(config.world);
  // Only the paid lines' media curves read the population: without paid channels there is
  // nothing to generate (a whole population, for a scenario that may have millions of users).
  if (model.paid_params().empty()) return MakeBudgetProblem(model, PopulationState{}, seed);
  CampaignEnv env(config.world, seed);
  env.Reset();
  return env.budget_problem();
}

void ValidateScenario(const ScenarioConfig& config, const Registry& registry) {
  const WorldModel model(config.world);
  const MessageProblem problem = ProblemWithSeed(model, config.seed);
  for (const auto& arm : config.arms) registry.MakeMessageAgent(arm.message_agent, problem);
  const BudgetProblem budget = ScenarioBudgetProblem(config);
  for (const auto& arm : config.arms) registry.MakeBudgetAgent(arm.budget_agent, budget);
}

namespace {

ArmResult RunArm(const ScenarioConfig& config, const Registry& registry, int a,
                 const ProgressFn& progress, const RunOptions& options, int env_threads) {
  const bool log_decisions = options.log_decisions;
  const int num_arms = static_cast<int>(config.arms.size());
  const ArmConfig& arm = config.arms[a];
  CampaignEnv env(config.world, static_cast<std::uint64_t>(config.seed), env_threads);
  const MessageProblem problem = ProblemWithSeed(env.model(), config.seed);
  const auto custom = options.message_agents.find(arm.name);
  auto message_agent = custom != options.message_agents.end() ? custom->second(problem)
                                                              : registry.MakeMessageAgent(arm.message_agent, problem);
  DecisionRecorder recorder(problem);
  Decisions decisions;
  env.set_feedback_contexts(log_decisions || message_agent->LearnsFromContexts());
  env.set_feedback_rows(log_decisions || message_agent->LearnsFromFeedback());
  if (!log_decisions && !message_agent->LearnsFromContexts()) {
    env.set_batch_features(message_agent->FeaturesRead());
  }
  const EnvStep* step = &env.Reset();
  auto budget_agent = registry.MakeBudgetAgent(arm.budget_agent, env.budget_problem());
  SimTime last_report = -1;
  while (!step->done()) {
    if (step->kind == EnvStep::Kind::kBudget) {
      step = &env.Step(budget_agent->Act(step->budget));
    } else {
      message_agent->Act(step->messages, decisions, &env.pool());
      if (log_decisions) recorder.OnBatch(step->messages);
      step = &env.Step(decisions);
    }
    if (step->feedback.now >= 0) {  // a sync point: learn, even from no matured decision
      if (log_decisions) recorder.OnFeedback(step->feedback);
      message_agent->Learn(step->feedback, &env.pool());
    }
    if (progress && step->time / kDay != last_report) {
      last_report = step->time / kDay;
      progress(a, num_arms, arm.name, env.progress());
    }
  }
  if (progress) progress(a, num_arms, arm.name, 1.0);

  ArmResult r;
  r.name = arm.name;
  r.message_agent = custom != options.message_agents.end() ? "custom" : arm.message_agent.type;
  r.budget_agent = arm.budget_agent.type;
  r.metrics = env.MergedMetrics();
  r.budget_lines = env.model().budget_lines();
  r.period_spend = env.period_spend();
  const SimTime period = env.model().period_length();
  for (std::size_t p = 0; p < r.period_spend.size(); ++p) {
    const int day = static_cast<int>(static_cast<SimTime>(p) * period / kDay);
    for (std::size_t line = 0; line + 1 < r.budget_lines.size(); ++line) {
      r.metrics.Add(day, env.model().paid_source(static_cast<int>(line)), Metric::kCost,
                    r.period_spend[p][line]);
    }
  }
  r.budget_total = FromMicros(env.ledger().total());
  r.budget_spent = FromMicros(env.ledger().spent());
  r.events = env.events_processed();
  if (const auto* exportable = dynamic_cast<const ExportableAgent*>(message_agent.get())) {
    r.policy = exportable->ExportPolicy();
  }
  if (const auto* checkpointable = dynamic_cast<const CheckpointableAgent*>(message_agent.get())) {
    r.checkpoint = checkpointable->SaveState();
  }
  r.logged = log_decisions;
  if (log_decisions) r.log = recorder.log();
  return r;
}

}  // namespace

RunResult RunScenario(const ScenarioConfig& config, const Registry& registry,
                      const RunOptions& options) {
  const ProgressFn& progress = options.progress;
  int threads = options.threads;
  const int num_arms = static_cast<int>(config.arms.size());
  RunResult result;
  result.arms.resize(num_arms);
  if (threads <= 0) threads = static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
  // Arms run side by side; threads left over go to each arm's engine (shards and batches).
  const int env_threads = std::max(1, threads / std::max(1, std::min(threads, num_arms)));
  threads = std::min(threads, num_arms);
  std::mutex progress_mutex;
  const ProgressFn locked = [&](int arm, int arms, const std::string& name, double done) {
    if (!progress) return;
    const std::lock_guard<std::mutex> lock(progress_mutex);
    progress(arm, arms, name, done);
  };
  std::atomic<int> next{0};
  std::vector<std::exception_ptr> errors(num_arms);
  auto worker = [&] {
    for (int a = next++; a < num_arms; a = next++) {
      try {
        result.arms[a] = RunArm(config, registry, a, locked, options, env_threads);
      } catch (...) {
        errors[a] = std::current_exception();
      }
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& thread : pool) thread.join();
  for (const auto& error : errors) {
    if (error) std::rethrow_exception(error);
  }
  return result;
}

}  // namespace campsim
