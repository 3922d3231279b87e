// `campsim evaluate`: a policy bundle's value estimated offline from a decision log, with
// the simulator's truth beside the estimates when the log came from campsim.
//
// The log is a CSV in the shape `campsim run --log-decisions` writes (Open Bandit Pipeline's
// logged feedback): columns `action`, `reward` and `pscore` are required; the context is
// either the bundle's raw inputs by name (a production log: the bundle's own feature
// pipeline featurises it) or `context_0..context_{d-1}` (a campsim log, already featurised);
// `eligible_<a>` columns are optional (default: every action eligible); `action_name`, when
// present, must name the bundle's action of that id (a catalogue mismatch is an error, not a
// wrong answer); `expected_reward_<a>` columns, present in campsim logs, give the exact truth
// on the logged rows: mean_i sum_a pi(a | x_i) E[r | x_i, a].
//
// Contract: results depend only on the inputs and seeds, never on `threads` (rows are read
// and scored in parallel into fixed positions; sums run in row order). Bad input throws
// CsvError naming the file, line and column, or BundleError.
#ifndef CAMPSIM_SCENARIOS_OFFLINE_EVALUATE_H_
#define CAMPSIM_SCENARIOS_OFFLINE_EVALUATE_H_

#include <string>
#include <vector>

#include "evaluation/estimators.h"
#include "evaluation/logged_feedback.h"
#include "evaluation/reward_model.h"
#include "policies/policy_bundle.h"
#include "scenarios/csv_reader.h"

namespace campsim {

struct OfflineLog {
  std::string source;
  LoggedFeedback feedback;               // contexts in the bundle's feature order
  std::vector<double> expected_rewards;  // n x K, or empty when the log has none
  bool raw_inputs = false;               // featurised from raw inputs by the bundle
};

// The raw inputs of CSV row `row` (split into `fields`) in `features`' input order:
// columns[i] is input i's column; numbers parse as CsvFile::Number (empty = missing),
// categorical inputs by category name. Throws CsvError naming the file, line and column.
void ReadRawInputs(const CsvFile& csv, std::size_t row, const std::vector<std::string_view>& fields,
                   const std::vector<int>& columns, const FeaturePipeline& features, std::span<double> raw);

// Reads a log recorded with `features` and `actions` (a bundle's). threads: 0 = one per core.
OfflineLog ReadDecisionLog(const std::string& path, const FeaturePipeline& features,
                           const std::vector<BundleAction>& actions, int threads);

struct OfflineEvaluation {
  std::string log_source;
  std::string policy_kind;
  std::size_t rows = 0;
  double logged_value = 0.0;          // mean logged reward: the behaviour policy on this log
  double effective_sample_size = 0.0; // (sum w)^2 / sum w^2 of the importance weights
  std::vector<Estimate> estimates;
  bool has_truth = false;
  double truth = 0.0;
};

struct OfflineOptions {
  std::vector<Estimator> estimators = AllEstimators();
  EstimatorOptions estimator;
  RewardModelOptions reward_model;
  int threads = 0;
};

OfflineEvaluation EvaluateOffline(const OfflineLog& log, const PolicyBundle& bundle,
                                  const OfflineOptions& options);
// format: table, csv or json.
std::string FormatOfflineEvaluation(const OfflineEvaluation& result, const std::string& format);

}  // namespace campsim

#endif  // CAMPSIM_SCENARIOS_OFFLINE_EVALUATE_H_
