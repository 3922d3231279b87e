// `campsim compare`: arms' true values across replications, and off-policy estimates judged
// against the simulator's truth.
//
// Replications: the scenario runs R times with seeds seed, seed + 1, ...; every arm sees the
// same worlds (common random numbers). An arm's value in a replication is its total reward
// per decision; reported are the mean, a 95% t-interval across replications, and for each
// arm the mean paired difference to the reference arm with its 95% t-interval.
//
// Off-policy (with an `ope` behaviour arm), in every replication: the behaviour arm runs again
// alone on a world of its own (seed + 1000003) and logs its decisions; for every other arm
// with an exported policy, its final policy's probabilities are computed on those logged rows
// (contexts and eligibility masks), and each estimator's value and bootstrap
// interval is compared with the truth on those same rows:
// mean_i sum_a pi_e(a | x_i) E[r | x_i, a], exact because the simulator logs the expected
// reward of every action. Across replications: coverage, bias, RMSE and interval width.
#ifndef CAMPSIM_SCENARIOS_COMPARE_H_
#define CAMPSIM_SCENARIOS_COMPARE_H_

#include <string>
#include <vector>

#include "evaluation/estimators.h"
#include "evaluation/reward_model.h"
#include "scenarios/runner.h"

namespace campsim {

struct ArmValue {
  std::string arm;
  double mean = 0, ci_low = 0, ci_high = 0;          // per-decision reward across replications
  double diff = 0, diff_low = 0, diff_high = 0;      // paired difference to the reference
};

struct OpeRow {
  std::string arm;
  Estimate estimate;
  double truth = 0.0;
};

struct CompareOptions {
  int replications = 1;
  std::string reference;  // default: the first arm
  std::string ope;        // behaviour arm; empty = no off-policy evaluation
  std::vector<Estimator> estimators = AllEstimators();
  EstimatorOptions estimator_options;
  RewardModelOptions reward_model;
  RunOptions run;
};

// An estimator's record for one evaluated arm across replications.
struct OpeSummary {
  std::string arm;
  Estimator estimator = Estimator::kIPS;
  int replications = 0;
  double coverage = 0.0;    // share of replications whose interval holds the truth
  double bias = 0.0;        // mean (estimate - truth)
  double rmse = 0.0;
  double mean_width = 0.0;  // mean interval width
};

struct CompareResult {
  std::vector<ArmValue> values;
  std::vector<OpeRow> ope;              // the first replication's estimates
  std::vector<OpeSummary> ope_summary;  // every replication's, summarised
};

// Throws ConfigError for an unknown reference or behaviour arm.
CompareResult Compare(const ScenarioConfig& config, const Registry& registry,
                      const CompareOptions& options);
std::string FormatCompare(const CompareResult& result, const std::string& format);

}  // namespace campsim

#endif  // CAMPSIM_SCENARIOS_COMPARE_H_
