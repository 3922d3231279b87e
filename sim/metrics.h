// Metrics per day and per source. A source is where an outcome is attributed: each owned
// channel, each paid channel, and "organic". Decision-level quantities (decisions, the
// chosen action's expected reward, the oracle's) are kept per day.
//
// Contract: shards keep their own Metrics and the environment merges them in shard order,
// so totals are identical on any number of threads.
#ifndef CAMPSIM_SIM_METRICS_H_
#define CAMPSIM_SIM_METRICS_H_

#include <array>
#include <string>
#include <vector>

namespace campsim {

enum class Metric : int {
  kSends,
  kDeliveries,
  kOpens,
  kClicks,
  kVisits,
  kConversions,
  kRevenue,
  kCost,
  kUnsubscribes,
  kChurned,
  kCount
};
inline constexpr int kNumMetrics = static_cast<int>(Metric::kCount);
const char* MetricName(Metric m);

enum class DecisionMetric : int { kDecisions, kRejected, kReward, kExpectedReward, kOracleReward, kCount };
inline constexpr int kNumDecisionMetrics = static_cast<int>(DecisionMetric::kCount);
const char* DecisionMetricName(DecisionMetric m);

class Metrics {
 public:
  Metrics() = default;
  Metrics(int num_days, std::vector<std::string> sources);

  int num_days() const { return num_days_; }
  const std::vector<std::string>& sources() const { return sources_; }

  void Add(int day, int source, Metric m, double value = 1.0) {
    values_[(static_cast<std::size_t>(day) * sources_.size() + source) * kNumMetrics +
            static_cast<int>(m)] += value;
  }
  void AddDecision(int day, DecisionMetric m, double value = 1.0) {
    decisions_[static_cast<std::size_t>(day) * kNumDecisionMetrics + static_cast<int>(m)] += value;
  }
  double Get(int day, int source, Metric m) const {
    return values_[(static_cast<std::size_t>(day) * sources_.size() + source) * kNumMetrics +
                   static_cast<int>(m)];
  }
  double GetDecision(int day, DecisionMetric m) const {
    return decisions_[static_cast<std::size_t>(day) * kNumDecisionMetrics + static_cast<int>(m)];
  }
  double Total(Metric m) const;
  double Total(int source, Metric m) const;
  double Total(DecisionMetric m) const;
  // Adds every value of `other` (same shape) into this.
  void Merge(const Metrics& other);

 private:
  int num_days_ = 0;
  std::vector<std::string> sources_;
  std::vector<double> values_;
  std::vector<double> decisions_;
};

}  // namespace campsim

#endif  // CAMPSIM_SIM_METRICS_H_
