#include "scenarios/report.h"

#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>

namespace campsim {

namespace {

using Json = nlohmann::ordered_json;

struct Column {
  const char* name;
  double ArmTotals::*field;
  int decimals;
};

const Column kColumns[] = {
    {"revenue", &ArmTotals::revenue, 2},           {"cost", &ArmTotals::cost, 2},
    {"profit", &ArmTotals::profit, 2},             {"conversions", &ArmTotals::conversions, 0},
    {"sends", &ArmTotals::sends, 0},               {"opens", &ArmTotals::opens, 0},
    {"clicks", &ArmTotals::clicks, 0},             {"unsubscribes", &ArmTotals::unsubscribes, 0},
    {"churned", &ArmTotals::churned, 0},
};

std::string Fixed(double x, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, x);
  return buffer;
}

Json SourceJson(const Metrics& m, int source) {
  Json j;
  for (int k = 0; k < kNumMetrics; ++k) j[MetricName(static_cast<Metric>(k))] = m.Total(source, static_cast<Metric>(k));
  return j;
}

}  // namespace

ArmTotals Totals(const ArmResult& arm) {
  const Metrics& m = arm.metrics;
  ArmTotals t;
  t.revenue = m.Total(Metric::kRevenue);
  t.cost = arm.budget_spent;
  t.profit = t.revenue - t.cost;
  t.conversions = m.Total(Metric::kConversions);
  t.sends = m.Total(Metric::kSends);
  t.deliveries = m.Total(Metric::kDeliveries);
  t.opens = m.Total(Metric::kOpens);
  t.clicks = m.Total(Metric::kClicks);
  t.visits = m.Total(Metric::kVisits);
  t.unsubscribes = m.Total(Metric::kUnsubscribes);
  t.churned = m.Total(Metric::kChurned);
  t.decisions = m.Total(DecisionMetric::kDecisions);
  t.rejected = m.Total(DecisionMetric::kRejected);
  t.reward = m.Total(DecisionMetric::kReward);
  t.expected_reward = m.Total(DecisionMetric::kExpectedReward);
  t.oracle_expected_reward = m.Total(DecisionMetric::kOracleReward);
  return t;
}

std::string Fnv1a64(const std::string& text) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(h));
  return buffer;
}

std::string SummaryJson(const ScenarioConfig& config, const RunResult& result,
                        const std::string& resolved_yaml) {
  Json j;
  j["campsim_version"] = "0.1.0";
  j["scenario"] = config.name;
  j["seed"] = config.seed;
  j["config_fnv1a64"] = Fnv1a64(resolved_yaml);
  j["horizon_days"] = config.world.horizon_days;
  j["population"] = config.world.population.size;
  Json arms = Json::array();
  for (const auto& arm : result.arms) {
    const ArmTotals t = Totals(arm);
    Json a;
    a["name"] = arm.name;
    a["message_agent"] = arm.message_agent;
    a["budget_agent"] = arm.budget_agent;
    a["revenue"] = t.revenue;
    a["cost"] = t.cost;
    a["profit"] = t.profit;
    a["conversions"] = t.conversions;
    a["sends"] = t.sends;
    a["deliveries"] = t.deliveries;
    a["opens"] = t.opens;
    a["clicks"] = t.clicks;
    a["visits"] = t.visits;
    a["unsubscribes"] = t.unsubscribes;
    a["churned"] = t.churned;
    a["decisions"] = t.decisions;
    a["rejected_over_budget"] = t.rejected;
    a["reward"] = t.reward;
    a["expected_reward"] = t.expected_reward;
    a["oracle_expected_reward"] = t.oracle_expected_reward;
    a["regret"] = t.oracle_expected_reward - t.expected_reward;
    a["budget_total"] = arm.budget_total;
    a["budget_spent"] = arm.budget_spent;
    a["events"] = arm.events;
    Json spend;
    for (std::size_t line = 0; line < arm.budget_lines.size(); ++line) {
      double total = 0.0;
      for (const auto& period : arm.period_spend) total += period[line];
      spend[arm.budget_lines[line]] = total;
    }
    a["budget_by_line"] = spend;
    Json sources;
    for (std::size_t s = 0; s < arm.metrics.sources().size(); ++s) {
      sources[arm.metrics.sources()[s]] = SourceJson(arm.metrics, static_cast<int>(s));
    }
    a["by_source"] = sources;
    arms.push_back(a);
  }
  j["arms"] = arms;
  return j.dump(2) + "\n";
}

std::string MetricsCsv(const RunResult& result) {
  std::ostringstream out;
  out << "arm,day,source";
  for (int k = 0; k < kNumMetrics; ++k) out << ',' << MetricName(static_cast<Metric>(k));
  for (int k = 0; k < kNumDecisionMetrics; ++k) out << ',' << DecisionMetricName(static_cast<DecisionMetric>(k));
  out << ",cumulative_reward,cumulative_regret\n";
  for (const auto& arm : result.arms) {
    const Metrics& m = arm.metrics;
    double cumulative_reward = 0.0, cumulative_regret = 0.0;
    for (int day = 0; day < m.num_days(); ++day) {
      for (std::size_t s = 0; s <= m.sources().size(); ++s) {
        const bool total_row = s == m.sources().size();
        out << arm.name << ',' << day << ',' << (total_row ? "total" : m.sources()[s]);
        for (int k = 0; k < kNumMetrics; ++k) {
          double value = 0.0;
          if (total_row) {
            for (std::size_t t = 0; t < m.sources().size(); ++t) value += m.Get(day, static_cast<int>(t), static_cast<Metric>(k));
          } else {
            value = m.Get(day, static_cast<int>(s), static_cast<Metric>(k));
          }
          out << ',' << FormatNumber(value);
        }
        for (int k = 0; k < kNumDecisionMetrics; ++k) {
          out << ',';
          if (total_row) out << FormatNumber(m.GetDecision(day, static_cast<DecisionMetric>(k)));
        }
        if (total_row) {
          cumulative_reward += m.GetDecision(day, DecisionMetric::kReward);
          cumulative_regret += m.GetDecision(day, DecisionMetric::kOracleReward) -
                               m.GetDecision(day, DecisionMetric::kExpectedReward);
          out << ',' << FormatNumber(cumulative_reward) << ',' << FormatNumber(cumulative_regret);
        } else {
          out << ",,";
        }
        out << '\n';
      }
    }
  }
  return out.str();
}

std::string FormatResults(const RunResult& result, const std::string& format) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> header = {"arm"};
  for (const auto& c : kColumns) header.push_back(c.name);
  for (const auto& arm : result.arms) {
    const ArmTotals t = Totals(arm);
    std::vector<std::string> row = {arm.name};
    for (const auto& c : kColumns) row.push_back(Fixed(t.*(c.field), c.decimals));
    rows.push_back(row);
  }
  std::ostringstream out;
  if (format == "json") {
    Json j = Json::array();
    for (const auto& arm : result.arms) {
      const ArmTotals t = Totals(arm);
      Json a;
      a["arm"] = arm.name;
      for (const auto& c : kColumns) a[c.name] = t.*(c.field);
      j.push_back(a);
    }
    return j.dump(2) + "\n";
  }
  if (format == "csv") {
    for (std::size_t i = 0; i < header.size(); ++i) out << (i ? "," : "") << header[i];
    out << '\n';
    for (const auto& row : rows) {
      for (std::size_t i = 0; i < row.size(); ++i) out << (i ? "," : "") << row[i];
      out << '\n';
    }
    return out.str();
  }
  std::vector<std::size_t> width(header.size());
  for (std::size_t i = 0; i < header.size(); ++i) width[i] = header[i].size();
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
  }
  auto line = [&](const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
      const std::string pad(width[i] - cells[i].size(), ' ');
      out << (i ? "  " : "") << (i == 0 ? cells[i] + pad : pad + cells[i]);
    }
    out << '\n';
  };
  line(header);
  std::vector<std::string> rule;
  for (std::size_t w : width) rule.push_back(std::string(w, '-'));
  line(rule);
  for (const auto& row : rows) line(row);
  return out.str();
}

}  // namespace campsim
