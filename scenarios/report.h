// What a run reports: per-arm totals, summary.json, metrics.csv and the results table.
//
// Contract: every output is a pure function of (config, results), with numbers printed in
// the shortest round-trip form (JSON, CSV) or fixed decimals (table), so identical runs
// give byte-identical files.
#ifndef CAMPSIM_SCENARIOS_REPORT_H_
#define CAMPSIM_SCENARIOS_REPORT_H_

#include <string>

#include "scenarios/runner.h"
#include "scenarios/scenario_config.h"

namespace campsim {

struct ArmTotals {
  double revenue = 0, cost = 0, profit = 0, conversions = 0, sends = 0, deliveries = 0,
         opens = 0, clicks = 0, visits = 0, unsubscribes = 0, churned = 0, decisions = 0,
         rejected = 0, reward = 0, expected_reward = 0, oracle_expected_reward = 0;
};
ArmTotals Totals(const ArmResult& arm);

// `resolved_yaml` is hashed into the summary so a summary names the exact config it came from.
std::string SummaryJson(const ScenarioConfig& config, const RunResult& result,
                        const std::string& resolved_yaml);
std::string MetricsCsv(const RunResult& result);
// format: table (aligned, for people), csv, or json.
std::string FormatResults(const RunResult& result, const std::string& format);
// 64-bit FNV-1a of the text, as 16 hex digits.
std::string Fnv1a64(const std::string& text);

}  // namespace campsim

#endif  // CAMPSIM_SCENARIOS_REPORT_H_
