#include "scenarios/budget_training.h"

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>

#include "agents/baselines/budget_baselines.h"
#include "core/worker_pool.h"
#include "evaluation/t_interval.h"
#include "scenarios/runner.h"
#include "sim/campaign_env.h"

namespace campsim {

double RunBudgetEpisode(const ScenarioConfig& config, const ArmConfig& arm, std::uint64_t seed,
                        BudgetAgent& agent, BudgetLearner* learner, bool explore, int threads) {
  CampaignEnv env(config.world, seed, threads);
  MessageProblem problem = env.problem();
  problem.seed = seed;
  auto message_agent = BuiltinRegistry().MakeMessageAgent(arm.message_agent, problem);
  if (learner != nullptr) learner->BeginEpisode(explore);
  Decisions decisions;
  try {
    const EnvStep* step = &env.Reset();
    while (!step->done()) {
      if (step->kind == EnvStep::Kind::kBudget) {
        step = &env.Step(agent.Act(step->budget));
      } else {
        message_agent->Act(step->messages, decisions, &env.pool());
        step = &env.Step(decisions);
      }
      if (step->feedback.now >= 0) message_agent->Learn(step->feedback, &env.pool());
    }
  } catch (...) {
    if (learner != nullptr) learner->AbortEpisode();  // learns nothing, leaves the episode
    throw;
  }
  const BudgetObservation status = env.BudgetStatus();
  if (learner != nullptr) return learner->EndEpisode(status);
  double total = 0.0;
  for (double r : status.revenue_to_date) total += r;
  return total;
}

std::vector<EpisodeRecord> TrainBudgetLearner(const ScenarioConfig& config, const ArmConfig& arm,
                                              BudgetLearner& learner,
                                              const BudgetTrainOptions& options) {
  const int batch = std::max(1, learner.batch_episodes());
  const int eval_every = options.eval_every > 0 ? options.eval_every : batch;
  std::vector<EpisodeRecord> records;
  for (int i = 0; i < options.episodes; ++i) {
    EpisodeRecord r;
    r.episode = learner.episodes();
    r.seed = static_cast<std::uint64_t>(config.seed) + kTrainSeedOffset +
             static_cast<std::uint64_t>(r.episode / batch);
    r.train_return = RunBudgetEpisode(config, arm, r.seed, learner, &learner, true, options.threads);
    if (learner.episodes() % eval_every == 0 && options.validation_seeds > 0) {
      const BudgetPolicy greedy = learner.Greedy();
      const std::vector<BudgetContender> frozen = {
          {"greedy", [&](const BudgetProblem&) { return std::make_unique<BudgetPolicyAgent>(greedy); }}};
      ScenarioConfig validation = config;
      validation.seed += kValidationSeedOffset;
      const BudgetEvaluation e = EvaluateBudgetAgents(validation, arm, frozen, options.validation_seeds, options.threads);
      double mean = 0.0;
      for (double v : e.returns[0]) mean += v / static_cast<double>(e.returns[0].size());
      r.greedy_return = mean;
    }
    records.push_back(r);
    if (options.on_episode) options.on_episode(r);
  }
  return records;
}

BudgetEvaluation EvaluateBudgetAgents(const ScenarioConfig& config, const ArmConfig& arm,
                                      const std::vector<BudgetContender>& contenders, int seeds,
                                      int threads) {
  BudgetEvaluation e;
  for (const auto& c : contenders) e.names.push_back(c.name);
  for (int i = 0; i < seeds; ++i) e.seeds.push_back(static_cast<std::uint64_t>(config.seed + i));
  e.returns.assign(contenders.size(), std::vector<double>(e.seeds.size(), 0.0));
  // Each world's agents are made from that world's own budget problem, as a run makes them.
  std::vector<BudgetProblem> problems(e.seeds.size());
  WorkerPool pool(threads);
  pool.Run(e.seeds.size(), [&](std::size_t s, int) {
    ScenarioConfig world = config;
    world.seed = static_cast<std::int64_t>(e.seeds[s]);
    problems[s] = ScenarioBudgetProblem(world);
  });
  const std::size_t cells = contenders.size() * e.seeds.size();
  pool.Run(cells, [&](std::size_t cell, int) {
    const std::size_t c = cell / e.seeds.size(), s = cell % e.seeds.size();
    auto agent = contenders[c].make(problems[s]);
    e.returns[c][s] = RunBudgetEpisode(config, arm, e.seeds[s], *agent, nullptr, false, 1);
  });
  return e;
}

std::vector<BudgetContender> BudgetBaselines(const Registry& registry) {
  std::vector<BudgetContender> out;
  for (const char* type : {"uniform_split", "last_roi_proportional", "mmm_optimal_static"}) {
    const Registry::Entry* entry = registry.Find("budget_agent", type);
    out.push_back({type, [entry](const BudgetProblem& problem) {
                     return entry->make_budget_agent(*entry->make_params(), problem);
                   }});
  }
  return out;
}

std::string FormatBudgetEvaluation(const BudgetEvaluation& e, const std::string& reference,
                                   const std::string& format) {
  std::size_t ref = 0;
  for (std::size_t c = 0; c < e.names.size(); ++c) {
    if (e.names[c] == reference) ref = c;
  }
  struct Row {
    double mean, low, high, ratio, diff, diff_low, diff_high;
  };
  std::vector<Row> rows;
  for (std::size_t c = 0; c < e.names.size(); ++c) {
    Row r{};
    MeanInterval(e.returns[c], r.mean, r.low, r.high);
    std::vector<double> diffs;
    for (std::size_t s = 0; s < e.seeds.size(); ++s) diffs.push_back(e.returns[c][s] - e.returns[ref][s]);
    MeanInterval(diffs, r.diff, r.diff_low, r.diff_high);
    rows.push_back(r);
  }
  for (auto& r : rows) r.ratio = rows[ref].mean != 0.0 ? r.mean / rows[ref].mean : 0.0;
  std::ostringstream out;
  if (format == "json") {
    nlohmann::ordered_json j;
    j["reference"] = e.names[ref];
    j["seeds"] = e.seeds;
    j["agents"] = nlohmann::ordered_json::array();
    for (std::size_t c = 0; c < e.names.size(); ++c) {
      const Row& r = rows[c];
      j["agents"].push_back({{"agent", e.names[c]}, {"return", r.mean}, {"ci_low", r.low},
                             {"ci_high", r.high}, {"ratio", r.ratio}, {"diff", r.diff},
                             {"diff_low", r.diff_low}, {"diff_high", r.diff_high},
                             {"returns", e.returns[c]}});
    }
    return j.dump(2) + "\n";
  }
  if (format == "csv") {
    out << "agent,return,ci_low,ci_high,ratio,diff,diff_low,diff_high\n";
    for (std::size_t c = 0; c < e.names.size(); ++c) {
      const Row& r = rows[c];
      out << e.names[c] << ',' << FormatNumber(r.mean) << ',' << FormatNumber(r.low) << ','
          << FormatNumber(r.high) << ',' << FormatNumber(r.ratio) << ',' << FormatNumber(r.diff) << ','
          << FormatNumber(r.diff_low) << ',' << FormatNumber(r.diff_high) << '\n';
    }
    return out.str();
  }
  char line[256];
  out << "return over the horizon on " << e.seeds.size() << " worlds (common random numbers); ratio "
      << "and paired difference to " << e.names[ref] << "\n";
  std::snprintf(line, sizeof line, "%-24s %12s %26s %8s %12s %26s\n", "agent", "return", "95% CI",
                "ratio", "diff", "95% CI");
  out << line;
  for (std::size_t c = 0; c < e.names.size(); ++c) {
    const Row& r = rows[c];
    std::snprintf(line, sizeof line, "%-24s %12.1f   [%10.1f, %10.1f] %8.4f %+12.1f   [%+10.1f, %+10.1f]\n",
                  e.names[c].c_str(), r.mean, r.low, r.high, r.ratio, r.diff, r.diff_low, r.diff_high);
    out << line;
  }
  return out.str();
}

}  // namespace campsim
