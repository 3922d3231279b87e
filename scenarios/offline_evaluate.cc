#include "scenarios/offline_evaluate.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <exception>
#include <functional>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "core/config.h"
#include "scenarios/csv_reader.h"

namespace campsim {

namespace {

// Runs fn(begin, end) on contiguous chunks of [0, n) on up to `threads` threads; rethrows the
// error of the earliest failing chunk (so the first bad row in file order is reported).
void ParallelChunks(std::size_t n, int threads, const std::function<void(std::size_t, std::size_t)>& fn) {
  if (threads <= 0) threads = static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
  const std::size_t chunks = std::max<std::size_t>(1, std::min<std::size_t>(static_cast<std::size_t>(threads), n / 4096 + 1));
  std::vector<std::exception_ptr> errors(chunks);
  auto run = [&](std::size_t c) {
    try {
      fn(n * c / chunks, n * (c + 1) / chunks);
    } catch (...) {
      errors[c] = std::current_exception();
    }
  };
  std::vector<std::thread> pool;
  for (std::size_t c = 1; c < chunks; ++c) pool.emplace_back(run, c);
  run(0);
  for (auto& t : pool) t.join();
  for (const auto& e : errors) {
    if (e) std::rethrow_exception(e);
  }
}

}  // namespace

void ReadRawInputs(const CsvFile& csv, std::size_t row, const std::vector<std::string_view>& fields,
                   const std::vector<int>& columns, const FeaturePipeline& features, std::span<double> raw) {
  for (std::size_t i = 0; i < features.num_inputs(); ++i) {
    const auto c = static_cast<std::size_t>(columns[i]);
    const FeatureInput& input = features.inputs()[i];
    if (!input.categorical()) {
      raw[i] = csv.Number(fields[c], row, c);
      continue;
    }
    const std::string_view cell = fields[c];
    const int category = cell.empty() ? -1 : features.Category(static_cast<int>(i), std::string(cell));
    if (!cell.empty() && category < 0) {
      csv.Fail(row, c, "'" + std::string(cell) + "' is not a category (" + JoinNames(input.categories) + ")");
    }
    raw[i] = category < 0 ? std::numeric_limits<double>::quiet_NaN() : category;
  }
}

OfflineLog ReadDecisionLog(const std::string& path, const FeaturePipeline& features,
                           const std::vector<BundleAction>& actions, int threads) {
  const CsvFile csv = CsvFile::Read(path);
  const FeaturePipeline& fp = features;
  const auto k = static_cast<int>(actions.size());
  const auto d = static_cast<int>(fp.num_outputs());
  auto required = [&](const char* name) {
    const int c = csv.Column(name);
    if (c < 0) throw CsvError(path + ": no '" + name + "' column (a decision log needs action, reward and pscore)");
    return static_cast<std::size_t>(c);
  };
  const std::size_t action_col = required("action"), reward_col = required("reward"), pscore_col = required("pscore");
  const int name_col = csv.Column("action_name");
  // The context: the bundle's raw inputs, or the featurised context_j columns.
  std::vector<int> input_cols(fp.num_inputs()), context_cols(d);
  std::vector<std::string> missing_inputs;
  for (std::size_t i = 0; i < fp.num_inputs(); ++i) {
    input_cols[i] = csv.Column(fp.inputs()[i].name);
    if (input_cols[i] < 0) missing_inputs.push_back(fp.inputs()[i].name);
  }
  bool has_contexts = true;
  for (int j = 0; j < d; ++j) {
    context_cols[j] = csv.Column("context_" + std::to_string(j));
    has_contexts = has_contexts && context_cols[j] >= 0;
  }
  OfflineLog log;
  log.source = path;
  log.raw_inputs = missing_inputs.empty();
  if (!log.raw_inputs && !has_contexts) {
    throw CsvError(path + ": the context needs either the bundle's raw inputs (missing: " + JoinNames(missing_inputs) +
                   ") or columns context_0..context_" + std::to_string(d - 1));
  }
  if (has_contexts && csv.Column("context_" + std::to_string(d)) >= 0 && !log.raw_inputs) {
    throw CsvError(path + ": the log has more than " + std::to_string(d) +
                   " context columns; it was not logged for this policy's features");
  }
  std::vector<int> eligible_cols(k), truth_cols(k);
  int truth_count = 0;
  for (int a = 0; a < k; ++a) {
    eligible_cols[a] = csv.Column("eligible_" + std::to_string(a));
    truth_cols[a] = csv.Column("expected_reward_" + std::to_string(a));
    truth_count += truth_cols[a] >= 0 ? 1 : 0;
  }
  if (truth_count != 0 && truth_count != k) {
    throw CsvError(path + ": expected_reward_0..expected_reward_" + std::to_string(k - 1) +
                   " must be all present or all absent (found " + std::to_string(truth_count) + ")");
  }
  const std::size_t n = csv.num_rows();
  LoggedFeedback& f = log.feedback;
  f.num_actions = k;
  f.num_features = d;
  f.contexts.resize(n * static_cast<std::size_t>(d));
  f.actions.resize(n);
  f.rewards.resize(n);
  f.pscores.resize(n);
  f.eligible.assign(n * static_cast<std::size_t>(k), 1);
  if (truth_count == k) log.expected_rewards.resize(n * static_cast<std::size_t>(k));
  ParallelChunks(n, threads, [&](std::size_t begin, std::size_t end) {
    std::vector<std::string_view> fields;
    std::vector<double> raw(fp.num_inputs());
    for (std::size_t r = begin; r < end; ++r) {
      csv.Row(r, fields);
      const std::string_view action = fields[action_col];
      int a = -1;
      const auto [p, ec] = std::from_chars(action.data(), action.data() + action.size(), a);
      if (ec != std::errc() || p != action.data() + action.size() || a < 0 || a >= k) {
        csv.Fail(r, action_col, "'" + std::string(action) + "' is not an action id in [0, " + std::to_string(k) + ")");
      }
      if (name_col >= 0 && fields[static_cast<std::size_t>(name_col)] != actions[a].name) {
        csv.Fail(r, static_cast<std::size_t>(name_col),
                 "'" + std::string(fields[static_cast<std::size_t>(name_col)]) + "' but the policy's action " +
                     std::to_string(a) + " is '" + actions[a].name + "' (logged with another action catalogue?)");
      }
      f.actions[r] = a;
      f.rewards[r] = csv.Number(fields[reward_col], r, reward_col);
      if (std::isnan(f.rewards[r])) csv.Fail(r, reward_col, "missing reward");
      const double pscore = csv.Number(fields[pscore_col], r, pscore_col);
      if (!(pscore > 0.0 && pscore <= 1.0)) csv.Fail(r, pscore_col, "a propensity must be in (0, 1]");
      f.pscores[r] = pscore;
      float* context = f.contexts.data() + r * static_cast<std::size_t>(d);
      if (log.raw_inputs) {
        ReadRawInputs(csv, r, fields, input_cols, fp, raw);
        try {
          fp.Transform(raw, std::span<float>(context, static_cast<std::size_t>(d)));
        } catch (const FeatureError& e) {
          throw CsvError(path + " line " + std::to_string(csv.Line(r)) + ": " + e.what());
        }
      } else {
        for (int j = 0; j < d; ++j) {
          const auto c = static_cast<std::size_t>(context_cols[j]);
          const double v = csv.Number(fields[c], r, c);
          if (std::isnan(v)) csv.Fail(r, c, "missing context value");
          context[j] = static_cast<float>(v);
        }
      }
      for (int b = 0; b < k; ++b) {
        if (eligible_cols[b] >= 0) {
          const auto c = static_cast<std::size_t>(eligible_cols[b]);
          const double e = csv.Number(fields[c], r, c, 1.0);
          if (e != 0.0 && e != 1.0) csv.Fail(r, c, "expected 0 or 1");
          f.eligible[r * static_cast<std::size_t>(k) + static_cast<std::size_t>(b)] = e == 1.0 ? 1 : 0;
        }
        if (truth_count == k) {
          const auto c = static_cast<std::size_t>(truth_cols[b]);
          log.expected_rewards[r * static_cast<std::size_t>(k) + static_cast<std::size_t>(b)] = csv.Number(fields[c], r, c, 0.0);
        }
      }
      if (!f.eligible[r * static_cast<std::size_t>(k) + static_cast<std::size_t>(a)]) {
        csv.Fail(r, action_col, "the logged action is marked ineligible in this row");
      }
    }
  });
  if (n == 0) throw CsvError(path + ": the log has no rows");
  return log;
}

OfflineEvaluation EvaluateOffline(const OfflineLog& log, const PolicyBundle& bundle, const OfflineOptions& options) {
  const LoggedFeedback& f = log.feedback;
  const std::size_t n = f.size();
  const auto k = static_cast<std::size_t>(f.num_actions);
  std::vector<double> pmf(n * k);
  ParallelChunks(n, options.threads, [&](std::size_t begin, std::size_t end) {
    for (std::size_t r = begin; r < end; ++r) {
      try {
        bundle.PmfFromContext(f.Context(r), std::span<const std::uint8_t>(f.eligible.data() + r * k, k),
                              std::span<double>(pmf.data() + r * k, k));
      } catch (const std::invalid_argument& e) {
        throw CsvError(log.source + " line " + std::to_string(r + 2) + ": " + e.what());
      }
    }
  });
  OfflineEvaluation out;
  out.log_source = log.source;
  out.policy_kind = bundle.policy->kind();
  out.rows = n;
  double reward = 0.0, w = 0.0, w2 = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    reward += f.rewards[i];
    const double wi = pmf[i * k + static_cast<std::size_t>(f.actions[i])] / f.pscores[i];
    w += wi;
    w2 += wi * wi;
  }
  out.logged_value = reward / static_cast<double>(n);
  out.effective_sample_size = w2 > 0.0 ? w * w / w2 : 0.0;
  if (!log.expected_rewards.empty()) {
    out.has_truth = true;
    double truth = 0.0;
    for (std::size_t i = 0; i < n * k; ++i) truth += pmf[i] * log.expected_rewards[i];
    out.truth = truth / static_cast<double>(n);
  }
  std::vector<double> qhat;
  if (std::any_of(options.estimators.begin(), options.estimators.end(), NeedsRewardModel)) {
    qhat = CrossFitRewardModel(f, options.reward_model);
  }
  out.estimates = EstimatePolicyValue(f, pmf, qhat, options.estimators, options.estimator);
  return out;
}

std::string FormatOfflineEvaluation(const OfflineEvaluation& r, const std::string& format) {
  std::ostringstream out;
  if (format == "json") {
    nlohmann::json j = {{"log", r.log_source},
                        {"policy_kind", r.policy_kind},
                        {"rows", r.rows},
                        {"logged_value", r.logged_value},
                        {"effective_sample_size", r.effective_sample_size},
                        {"truth", r.has_truth ? nlohmann::json(r.truth) : nlohmann::json(nullptr)},
                        {"estimates", nlohmann::json::array()}};
    for (const Estimate& est : r.estimates) {
      j["estimates"].push_back({{"estimator", EstimatorName(est.estimator)},
                                {"value", est.value},
                                {"ci_low", est.ci_low},
                                {"ci_high", est.ci_high}});
    }
    return j.dump(1) + "\n";
  }
  if (format == "csv") {
    out << "estimator,value,ci_low,ci_high,truth,error\n";
    for (const Estimate& est : r.estimates) {
      out << EstimatorName(est.estimator) << "," << FormatNumber(est.value) << "," << FormatNumber(est.ci_low) << ","
          << FormatNumber(est.ci_high) << "," << (r.has_truth ? FormatNumber(r.truth) : "") << ","
          << (r.has_truth ? FormatNumber(est.value - r.truth) : "") << "\n";
    }
    return out.str();
  }
  char line[256];
  out << r.rows << " logged decisions (" << r.log_source << "); logged reward per decision "
      << FormatFloat(static_cast<float>(r.logged_value)) << "; policy " << r.policy_kind
      << "; effective sample size " << static_cast<long long>(std::llround(r.effective_sample_size)) << "\n";
  std::snprintf(line, sizeof line, "%-10s %12s %12s %12s %12s %12s\n", "estimator", "estimate", "ci_low", "ci_high",
                "truth", "error");
  out << line;
  for (const Estimate& est : r.estimates) {
    if (r.has_truth) {
      std::snprintf(line, sizeof line, "%-10s %12.6f %12.6f %12.6f %12.6f %+12.6f\n", EstimatorName(est.estimator),
                    est.value, est.ci_low, est.ci_high, r.truth, est.value - r.truth);
    } else {
      std::snprintf(line, sizeof line, "%-10s %12.6f %12.6f %12.6f %12s %12s\n", EstimatorName(est.estimator),
                    est.value, est.ci_low, est.ci_high, "-", "-");
    }
    out << line;
  }
  return out.str();
}

}  // namespace campsim
