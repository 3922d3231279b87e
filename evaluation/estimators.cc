#include "evaluation/estimators.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/rng.h"

namespace campsim {

const char* EstimatorName(Estimator e) {
  switch (e) {
    case Estimator::kDM: return "dm";
    case Estimator::kIPS: return "ips";
    case Estimator::kSNIPS: return "snips";
    case Estimator::kDR: return "dr";
    case Estimator::kSNDR: return "sndr";
    case Estimator::kSwitchDR: return "switch_dr";
  }
  return "?";
}

std::vector<Estimator> AllEstimators() {
  return {Estimator::kDM, Estimator::kIPS, Estimator::kSNIPS, Estimator::kDR, Estimator::kSNDR,
          Estimator::kSwitchDR};
}

Estimator EstimatorFromName(const std::string& name) {
  for (Estimator e : AllEstimators()) {
    if (name == EstimatorName(e)) return e;
  }
  throw std::invalid_argument("unknown estimator '" + name + "' (dm, ips, snips, dr, sndr, switch_dr)");
}

std::vector<Estimator> EstimatorsFromNames(const std::vector<std::string>& names) {
  std::vector<Estimator> out;
  for (const auto& name : names) out.push_back(EstimatorFromName(name));
  return out;
}

bool NeedsRewardModel(Estimator e) {
  return e == Estimator::kDM || e == Estimator::kDR || e == Estimator::kSNDR ||
         e == Estimator::kSwitchDR;
}

namespace {

// Per-row ingredients; every estimator is a function of their sums over a row multiset.
struct Row {
  double w = 0.0;       // importance weight
  double wr = 0.0;      // w * r
  double qpi = 0.0;     // sum_a pi(a|x) qhat(x, a)
  double wres = 0.0;    // w * (r - qhat(x, a_logged))
  double switched = 0.0;  // 1{w <= tau} * wres
};

struct Sums {
  double n = 0, w = 0, wr = 0, qpi = 0, wres = 0, switched = 0;
  void Add(const Row& r) {
    n += 1;
    w += r.w;
    wr += r.wr;
    qpi += r.qpi;
    wres += r.wres;
    switched += r.switched;
  }
  void Merge(const Sums& o) {
    n += o.n;
    w += o.w;
    wr += o.wr;
    qpi += o.qpi;
    wres += o.wres;
    switched += o.switched;
  }
};

double Value(Estimator e, const Sums& s) {
  switch (e) {
    case Estimator::kDM: return s.qpi / s.n;
    case Estimator::kIPS: return s.wr / s.n;
    case Estimator::kSNIPS: return s.w > 0.0 ? s.wr / s.w : 0.0;
    case Estimator::kDR: return (s.qpi + s.wres) / s.n;
    case Estimator::kSNDR: return s.qpi / s.n + (s.w > 0.0 ? s.wres / s.w : 0.0);
    case Estimator::kSwitchDR: return (s.qpi + s.switched) / s.n;
  }
  return 0.0;
}

double Percentile(std::vector<double>& values, double q) {
  // Linear interpolation between order statistics (numpy's default).
  std::sort(values.begin(), values.end());
  const double position = q * static_cast<double>(values.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(position));
  const std::size_t hi = std::min(lo + 1, values.size() - 1);
  return values[lo] + (position - static_cast<double>(lo)) * (values[hi] - values[lo]);
}

}  // namespace

std::vector<Estimate> EstimatePolicyValue(const LoggedFeedback& log, std::span<const double> eval_pmf,
                                          std::span<const double> qhat,
                                          const std::vector<Estimator>& estimators,
                                          const EstimatorOptions& options) {
  Validate(log, eval_pmf);
  const std::size_t n = log.size();
  const auto k = static_cast<std::size_t>(log.num_actions);
  if (n == 0) throw std::invalid_argument("logged feedback: no rows");
  const bool model = std::any_of(estimators.begin(), estimators.end(), NeedsRewardModel);
  if (model && qhat.size() != n * k) {
    throw std::invalid_argument("reward model: expected rows x num_actions predictions");
  }
  if (options.bootstrap_resamples < 0 || !(options.confidence > 0.0 && options.confidence < 1.0)) {
    throw std::invalid_argument("bootstrap: resamples must be >= 0 and confidence in (0, 1)");
  }
  std::vector<Row> rows(n);
  for (std::size_t i = 0; i < n; ++i) {
    const int a = log.actions[i];
    Row& r = rows[i];
    r.w = eval_pmf[i * k + a] / log.pscores[i];
    r.wr = r.w * log.rewards[i];
    if (model) {
      for (std::size_t b = 0; b < k; ++b) r.qpi += eval_pmf[i * k + b] * qhat[i * k + b];
      r.wres = r.w * (log.rewards[i] - qhat[i * k + a]);
      r.switched = r.w <= options.switch_tau ? r.wres : 0.0;
    }
  }
  Sums full;
  for (const Row& r : rows) full.Add(r);
  // Resampling units: the rows themselves, or, for large logs, kBootstrapBlocks blocks of
  // rows assigned at random (each estimator is a function of sums, so a block enters a
  // resample as its sums; see the header).
  std::vector<Sums> units;
  if (n <= kBootstrapRowLimit) {
    units.resize(n);
    for (std::size_t i = 0; i < n; ++i) units[i].Add(rows[i]);
  } else {
    units.resize(kBootstrapBlocks);
    Rng assign(options.seed, StreamTag::kAgent, 0xB10C);
    for (const Row& r : rows) units[assign.Below(kBootstrapBlocks)].Add(r);
  }
  std::vector<std::vector<double>> draws(estimators.size());
  Rng rng(options.seed, StreamTag::kAgent, 0xB007);
  const std::size_t m = units.size();
  for (int b = 0; b < options.bootstrap_resamples; ++b) {
    Sums s;
    for (std::size_t i = 0; i < m; ++i) s.Merge(units[rng.Below(m)]);
    for (std::size_t e = 0; e < estimators.size(); ++e) draws[e].push_back(Value(estimators[e], s));
  }
  std::vector<Estimate> out;
  const double tail = (1.0 - options.confidence) / 2.0;
  for (std::size_t e = 0; e < estimators.size(); ++e) {
    Estimate est;
    est.estimator = estimators[e];
    est.value = Value(estimators[e], full);
    est.ci_low = est.ci_high = est.value;
    if (!draws[e].empty()) {
      est.ci_low = Percentile(draws[e], tail);
      est.ci_high = Percentile(draws[e], 1.0 - tail);
    }
    out.push_back(est);
  }
  return out;
}

}  // namespace campsim
