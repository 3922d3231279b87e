#include "scenarios/compare.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>

#include "evaluation/t_interval.h"

namespace campsim {

namespace {

constexpr std::uint64_t kLogSeedOffset = 1000003;

int ArmIndex(const ScenarioConfig& config, const std::string& name, const char* what) {
  std::string known;
  for (std::size_t a = 0; a < config.arms.size(); ++a) {
    if (config.arms[a].name == name) return static_cast<int>(a);
    known += (known.empty() ? "" : ", ") + config.arms[a].name;
  }
  throw ConfigError(SourceLocation{"--" + std::string(what), "", 0, 0},
                    "no arm named '" + name + "' (arms: " + known + ")");
}

double PerDecision(const ArmResult& arm) {
  const double decisions = arm.metrics.Total(DecisionMetric::kDecisions);
  return decisions > 0.0 ? arm.metrics.Total(DecisionMetric::kReward) / decisions : 0.0;
}

std::vector<OpeRow> OffPolicy(const RunResult& run, int behaviour, const DecisionLog& d,
                              const CompareOptions& options) {
  LoggedFeedback log;
  log.num_actions = d.num_actions;
  log.num_features = d.num_features;
  log.contexts = d.contexts;
  log.actions = d.actions;
  log.rewards = d.rewards;
  log.pscores = d.pscores;
  log.eligible = d.eligible;
  const std::vector<double> qhat = CrossFitRewardModel(log, options.reward_model);
  const auto k = static_cast<std::size_t>(d.num_actions);
  std::vector<OpeRow> rows;
  for (std::size_t a = 0; a < run.arms.size(); ++a) {
    if (static_cast<int>(a) == behaviour || !run.arms[a].policy) continue;
    std::vector<double> pmf(d.size() * k);
    double truth = 0.0;
    for (std::size_t i = 0; i < d.size(); ++i) {
      const std::span<double> row(pmf.data() + i * k, k);
      run.arms[a].policy->Pmf(log.Context(i), std::span<const std::uint8_t>(d.eligible.data() + i * k, k), row);
      for (std::size_t b = 0; b < k; ++b) truth += row[b] * d.expected_rewards[i * k + b];
    }
    truth /= static_cast<double>(d.size());
    for (const Estimate& e : EstimatePolicyValue(log, pmf, qhat, options.estimators, options.estimator_options)) {
      rows.push_back({run.arms[a].name, e, truth});
    }
  }
  return rows;
}

}  // namespace

CompareResult Compare(const ScenarioConfig& config, const Registry& registry,
                      const CompareOptions& options) {
  const int reference = options.reference.empty() ? 0 : ArmIndex(config, options.reference, "reference");
  const int behaviour = options.ope.empty() ? -1 : ArmIndex(config, options.ope, "ope");
  const std::size_t arms = config.arms.size();
  std::vector<std::vector<double>> values(arms), diffs(arms);
  CompareResult result;
  for (int r = 0; r < options.replications; ++r) {
    ScenarioConfig replica = config;
    replica.seed = static_cast<std::int64_t>((static_cast<std::uint64_t>(config.seed) + r) & 0x7FFFFFFFFFFFFFFFULL);
    const RunResult run = RunScenario(replica, registry, options.run);
    for (std::size_t a = 0; a < arms; ++a) {
      values[a].push_back(PerDecision(run.arms[a]));
      diffs[a].push_back(PerDecision(run.arms[a]) - PerDecision(run.arms[reference]));
    }
    if (behaviour < 0) continue;
    // The log comes from a world of its own (another seed): with common random numbers the
    // evaluated policies would have learned from the very response draws in the log, and
    // the estimates would be biased upwards like any evaluation on training data.
    ScenarioConfig logging = replica;
    logging.seed = static_cast<std::int64_t>((static_cast<std::uint64_t>(replica.seed) + kLogSeedOffset) &
                                             0x7FFFFFFFFFFFFFFFULL);
    logging.arms = {config.arms[behaviour]};
    RunOptions log_options = options.run;
    log_options.log_decisions = true;
    const RunResult logged = RunScenario(logging, registry, log_options);
    CompareOptions replica_options = options;
    replica_options.estimator_options.seed = options.estimator_options.seed + r;
    replica_options.reward_model.seed = options.reward_model.seed + r;
    const std::vector<OpeRow> rows = OffPolicy(run, behaviour, logged.arms[0].log, replica_options);
    if (r == 0) {
      result.ope = rows;
      for (const auto& row : rows) result.ope_summary.push_back({row.arm, row.estimate.estimator});
    }
    for (std::size_t i = 0; i < rows.size() && i < result.ope_summary.size(); ++i) {
      OpeSummary& sum = result.ope_summary[i];
      const Estimate& e = rows[i].estimate;
      const double error = e.value - rows[i].truth;
      sum.replications += 1;
      sum.coverage += (e.ci_low <= rows[i].truth && rows[i].truth <= e.ci_high) ? 1.0 : 0.0;
      sum.bias += error;
      sum.rmse += error * error;
      sum.mean_width += e.ci_high - e.ci_low;
    }
  }
  for (OpeSummary& sum : result.ope_summary) {
    const double n = std::max(1, sum.replications);
    sum.coverage /= n;
    sum.bias /= n;
    sum.rmse = std::sqrt(sum.rmse / n);
    sum.mean_width /= n;
  }
  for (std::size_t a = 0; a < arms; ++a) {
    ArmValue v;
    v.arm = config.arms[a].name;
    MeanInterval(values[a], v.mean, v.ci_low, v.ci_high);
    MeanInterval(diffs[a], v.diff, v.diff_low, v.diff_high);
    result.values.push_back(v);
  }
  return result;
}

std::string FormatCompare(const CompareResult& result, const std::string& format) {
  if (format == "json") {
    nlohmann::ordered_json j;
    j["arms"] = nlohmann::ordered_json::array();
    for (const auto& v : result.values) {
      j["arms"].push_back({{"arm", v.arm}, {"value", v.mean}, {"ci_low", v.ci_low},
                           {"ci_high", v.ci_high}, {"diff", v.diff}, {"diff_low", v.diff_low},
                           {"diff_high", v.diff_high}});
    }
    j["ope_summary"] = nlohmann::ordered_json::array();
    for (const auto& o : result.ope_summary) {
      j["ope_summary"].push_back({{"arm", o.arm}, {"estimator", EstimatorName(o.estimator)},
                                  {"replications", o.replications}, {"coverage", o.coverage},
                                  {"bias", o.bias}, {"rmse", o.rmse}, {"mean_width", o.mean_width}});
    }
    j["ope"] = nlohmann::ordered_json::array();
    for (const auto& o : result.ope) {
      j["ope"].push_back({{"arm", o.arm}, {"estimator", EstimatorName(o.estimate.estimator)},
                          {"estimate", o.estimate.value}, {"ci_low", o.estimate.ci_low},
                          {"ci_high", o.estimate.ci_high}, {"truth", o.truth},
                          {"error", o.estimate.value - o.truth}});
    }
    return j.dump(2) + "\n";
  }
  const bool csv = format == "csv";
  std::ostringstream out;
  char line[256];
  if (csv) {
    out << "section,arm,estimator,value,ci_low,ci_high,diff_or_truth,diff_low,diff_high\n";
    for (const auto& v : result.values) {
      out << "value," << v.arm << ",," << FormatNumber(v.mean) << ',' << FormatNumber(v.ci_low) << ','
          << FormatNumber(v.ci_high) << ',' << FormatNumber(v.diff) << ',' << FormatNumber(v.diff_low)
          << ',' << FormatNumber(v.diff_high) << '\n';
    }
    for (const auto& o : result.ope) {
      out << "ope," << o.arm << ',' << EstimatorName(o.estimate.estimator) << ','
          << FormatNumber(o.estimate.value) << ',' << FormatNumber(o.estimate.ci_low) << ','
          << FormatNumber(o.estimate.ci_high) << ',' << FormatNumber(o.truth) << ",,\n";
    }
    return out.str();
  }
  out << "true value per decision (95% CI across replications), paired difference to the reference\n";
  std::snprintf(line, sizeof line, "%-18s %10s %22s %10s %22s\n", "arm", "value", "95% CI", "diff", "95% CI");
  out << line;
  for (const auto& v : result.values) {
    std::snprintf(line, sizeof line, "%-18s %10.4f   [%8.4f, %8.4f] %10.4f   [%8.4f, %8.4f]\n",
                  v.arm.c_str(), v.mean, v.ci_low, v.ci_high, v.diff, v.diff_low, v.diff_high);
    out << line;
  }
  if (!result.ope.empty()) {
    out << "\noff-policy estimates on the behaviour log vs the simulator's truth\n";
    std::snprintf(line, sizeof line, "%-18s %-10s %10s %22s %10s %10s\n", "arm", "estimator", "estimate",
                  "95% CI", "truth", "error");
    out << line;
    for (const auto& o : result.ope) {
      std::snprintf(line, sizeof line, "%-18s %-10s %10.4f   [%8.4f, %8.4f] %10.4f %+10.4f\n",
                    o.arm.c_str(), EstimatorName(o.estimate.estimator), o.estimate.value,
                    o.estimate.ci_low, o.estimate.ci_high, o.truth, o.estimate.value - o.truth);
      out << line;
    }
  }
  if (result.ope_summary.size() > 0 && result.ope_summary[0].replications > 1) {
    out << "\noff-policy estimates across " << result.ope_summary[0].replications
        << " replications: coverage of the 95% intervals, bias, RMSE, mean width\n";
    std::snprintf(line, sizeof line, "%-18s %-10s %9s %10s %10s %10s\n", "arm", "estimator",
                  "coverage", "bias", "rmse", "width");
    out << line;
    for (const auto& o : result.ope_summary) {
      std::snprintf(line, sizeof line, "%-18s %-10s %8.1f%% %+10.4f %10.4f %10.4f\n", o.arm.c_str(),
                    EstimatorName(o.estimator), 100.0 * o.coverage, o.bias, o.rmse, o.mean_width);
      out << line;
    }
  }
  return out.str();
}

}  // namespace campsim
