#include "sim/metrics.h"

#include <utility>

#include "core/check.h"

namespace campsim {

const char* MetricName(Metric m) {
  switch (m) {
    case Metric::kSends: return "sends";
    case Metric::kDeliveries: return "deliveries";
    case Metric::kOpens: return "opens";
    case Metric::kClicks: return "clicks";
    case Metric::kVisits: return "visits";
    case Metric::kConversions: return "conversions";
    case Metric::kRevenue: return "revenue";
    case Metric::kCost: return "cost";
    case Metric::kUnsubscribes: return "unsubscribes";
    case Metric::kChurned: return "churned";
    case Metric::kCount: break;
  }
  return "?";
}

const char* DecisionMetricName(DecisionMetric m) {
  switch (m) {
    case DecisionMetric::kDecisions: return "decisions";
    case DecisionMetric::kRejected: return "rejected_over_budget";
    case DecisionMetric::kReward: return "reward";
    case DecisionMetric::kExpectedReward: return "expected_reward";
    case DecisionMetric::kOracleReward: return "oracle_expected_reward";
    case DecisionMetric::kCount: break;
  }
  return "?";
}

Metrics::Metrics(int num_days, std::vector<std::string> sources)
    : num_days_(num_days),
      sources_(std::move(sources)),
      values_(static_cast<std::size_t>(num_days) * sources_.size() * kNumMetrics, 0.0),
      decisions_(static_cast<std::size_t>(num_days) * kNumDecisionMetrics, 0.0) {}

double Metrics::Total(Metric m) const {
  double total = 0.0;
  for (int s = 0; s < static_cast<int>(sources_.size()); ++s) total += Total(s, m);
  return total;
}

double Metrics::Total(int source, Metric m) const {
  double total = 0.0;
  for (int d = 0; d < num_days_; ++d) total += Get(d, source, m);
  return total;
}

double Metrics::Total(DecisionMetric m) const {
  double total = 0.0;
  for (int d = 0; d < num_days_; ++d) total += GetDecision(d, m);
  return total;
}

void Metrics::Merge(const Metrics& other) {
  CAMPSIM_CHECK(other.values_.size() == values_.size());
  for (std::size_t i = 0; i < values_.size(); ++i) values_[i] += other.values_[i];
  for (std::size_t i = 0; i < decisions_.size(); ++i) decisions_[i] += other.decisions_[i];
}

}  // namespace campsim
