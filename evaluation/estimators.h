// Off-policy estimators of an evaluation policy's value from logged feedback, with the
// definitions of Open Bandit Pipeline (Saito et al., "Open Bandit Dataset and Pipeline",
// NeurIPS 2021 Datasets and Benchmarks). With w_i = pi_e(a_i | x_i) / pscore_i,
// qhat(x, a) a reward model and qpi_i = sum_a pi_e(a | x_i) qhat(x_i, a):
//   DM        mean(qpi_i)                                   (Beygelzimer & Langford 2009)
//   IPS       mean(w_i r_i)                                 (Horvitz & Thompson 1952)
//   SNIPS     sum(w_i r_i) / sum(w_i)                       (Swaminathan & Joachims 2015)
//   DR        mean(qpi_i + w_i (r_i - qhat(x_i, a_i)))       (Dudik, Langford, Li 2011)
//   SNDR      mean(qpi_i) + sum(w_i (r_i - qhat_i)) / sum(w_i)
//   Switch-DR mean(qpi_i + 1{w_i <= tau} w_i (r_i - qhat_i)) (Wang, Agarwal, Dudik 2017)
// Confidence intervals: percentile bootstrap over rows, seeded, `resamples` draws. Logs with
// more than kBootstrapRowLimit rows are resampled as kBootstrapBlocks blocks of randomly
// assigned rows (the blocks are i.i.d. sums of i.i.d. rows, so the resampled sums have the
// same variance as a row bootstrap's) to keep 1000 resamples of 1e6 rows well under a second.
#ifndef CAMPSIM_EVALUATION_ESTIMATORS_H_
#define CAMPSIM_EVALUATION_ESTIMATORS_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "evaluation/logged_feedback.h"

namespace campsim {

enum class Estimator { kDM, kIPS, kSNIPS, kDR, kSNDR, kSwitchDR };
const char* EstimatorName(Estimator e);
// All six, in the order above.
std::vector<Estimator> AllEstimators();
// Throws std::invalid_argument listing the names for an unknown one.
Estimator EstimatorFromName(const std::string& name);
// Each name's estimator, in order; throws std::invalid_argument like EstimatorFromName.
std::vector<Estimator> EstimatorsFromNames(const std::vector<std::string>& names);
bool NeedsRewardModel(Estimator e);

inline constexpr std::size_t kBootstrapRowLimit = 100000;
inline constexpr std::size_t kBootstrapBlocks = 20000;

struct EstimatorOptions {
  double switch_tau = 10.0;     // Switch-DR threshold on importance weights
  int bootstrap_resamples = 1000;
  double confidence = 0.95;
  std::uint64_t seed = 1;
};

struct Estimate {
  Estimator estimator = Estimator::kIPS;
  double value = 0.0;
  double ci_low = 0.0;
  double ci_high = 0.0;
};

// eval_pmf: n x K probabilities of the evaluation policy; qhat: n x K reward predictions
// (may be empty when no estimator needs it). Validates the inputs first.
std::vector<Estimate> EstimatePolicyValue(const LoggedFeedback& log, std::span<const double> eval_pmf,
                                          std::span<const double> qhat,
                                          const std::vector<Estimator>& estimators,
                                          const EstimatorOptions& options = {});

}  // namespace campsim

#endif  // CAMPSIM_EVALUATION_ESTIMATORS_H_
