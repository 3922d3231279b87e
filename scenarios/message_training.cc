#include "scenarios/message_training.h"

#include "scenarios/report.h"
#include "scenarios/runner.h"

namespace campsim {

namespace {

// Lends a persistent agent to one run.
class BorrowedAgent final : public MessageAgent {
 public:
  explicit BorrowedAgent(MessageAgent& agent) : MessageAgent(agent.seed()), agent_(agent) {}
  void Pmf(const MessageBatch& batch, std::size_t row, std::span<double> out) const override {
    agent_.Pmf(batch, row, out);
  }
  void BatchPmf(const MessageBatch& batch, std::span<double> out, WorkerPool* pool) const override {
    agent_.BatchPmf(batch, out, pool);
  }
  void Learn(const FeedbackBatch& feedback, WorkerPool* pool) override {
    agent_.Learn(feedback, pool);
  }

 private:
  MessageAgent& agent_;
};

ScenarioConfig OneArm(const ScenarioConfig& config, const std::string& arm_name, std::int64_t seed) {
  ScenarioConfig c = config;
  c.seed = seed;
  c.arms.clear();
  for (const auto& arm : config.arms) {
    if (arm.name == arm_name) c.arms.push_back(arm);
  }
  return c;
}

double Profit(const ArmResult& arm) { return Totals(arm).profit; }

}  // namespace

MessageTraining TrainMessageAgent(const ScenarioConfig& config, const std::string& arm_name,
                                  DqnAgent& agent, const BudgetTrainOptions& options,
                                  MessageTraining best) {
  MessageTraining out = std::move(best);
  out.records.clear();
  std::vector<EpisodeRecord>& records = out.records;
  for (int i = 0; i < options.episodes; ++i) {
    EpisodeRecord r;
    r.episode = agent.episodes();
    r.seed = static_cast<std::uint64_t>(config.seed) + kTrainSeedOffset + static_cast<std::uint64_t>(r.episode);
    RunOptions run;
    run.threads = options.threads;
    run.message_agents[arm_name] = [&](const MessageProblem&) { return std::make_unique<BorrowedAgent>(agent); };
    const RunResult result = RunScenario(OneArm(config, arm_name, static_cast<std::int64_t>(r.seed)),
                                         BuiltinRegistry(), run);
    agent.EndRun();
    r.train_return = Profit(result.arms.front());
    const int every = std::max(1, options.eval_every);
    if (options.validation_seeds > 0 && (r.episode + 1) % every == 0) {
      const std::string state = agent.SaveState();
      const BudgetEvaluation e =
          EvaluateMessageArms(OneArm(config, arm_name, config.seed + kValidationSeedOffset), arm_name,
                              state, options.validation_seeds, options.threads);
      double mean = 0.0;
      for (double v : e.returns.front()) mean += v / static_cast<double>(e.returns.front().size());
      r.greedy_return = mean;
      if (out.best_episode < 0 || mean > out.best_return) {
        out.best_return = mean;
        out.best_episode = r.episode;
        out.best_state = state;
      }
    }
    records.push_back(r);
    if (options.on_episode) options.on_episode(r);
  }
  if (out.best_episode < 0) out.best_state = agent.SaveState();
  return out;
}

BudgetEvaluation EvaluateMessageArms(const ScenarioConfig& config, const std::string& arm_name,
                                     const std::string& state, int seeds, int threads) {
  BudgetEvaluation e;
  for (const auto& arm : config.arms) e.names.push_back(arm.name);
  e.returns.assign(config.arms.size(), std::vector<double>(static_cast<std::size_t>(seeds), 0.0));
  for (int s = 0; s < seeds; ++s) {
    e.seeds.push_back(static_cast<std::uint64_t>(config.seed + s));
    ScenarioConfig c = config;
    c.seed = config.seed + s;
    RunOptions run;
    run.threads = threads;
    run.message_agents[arm_name] = [&](const MessageProblem& problem) -> std::unique_ptr<MessageAgent> {
      const ArmConfig* arm = nullptr;
      for (const auto& a : config.arms) {
        if (a.name == arm_name) arm = &a;
      }
      auto made = BuiltinRegistry().MakeMessageAgent(arm->message_agent, problem);
      auto& dqn = dynamic_cast<DqnAgent&>(*made);
      dqn.LoadState(state);
      dqn.Freeze();
      return made;
    };
    const RunResult result = RunScenario(c, BuiltinRegistry(), run);
    for (std::size_t a = 0; a < result.arms.size(); ++a) e.returns[a][static_cast<std::size_t>(s)] = Profit(result.arms[a]);
  }
  return e;
}

}  // namespace campsim
