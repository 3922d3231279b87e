#include "policies/budget_policy.h"

#include <algorithm>
#include <cmath>

#include "policies/json_access.h"

namespace campsim {

using namespace bundle_json;

double EvenPacingAmount(const BudgetObservation& observation) {
  const int left = std::max(1, observation.num_periods - observation.period);
  return std::max(0.0, observation.remaining_budget) / left;
}

double TimeFraction(const BudgetObservation& observation) {
  if (observation.num_periods <= 1) return 0.0;
  return static_cast<double>(observation.period) / (observation.num_periods - 1);
}

double Pace(const BudgetObservation& observation) {
  if (observation.total_budget <= 0.0 || observation.num_periods <= 0) return 0.0;
  return observation.remaining_budget / observation.total_budget -
         static_cast<double>(observation.num_periods - observation.period) / observation.num_periods;
}

std::array<double, kNumBudgetFeatures> BudgetFeatures(const BudgetObservation& observation) {
  const double f = TimeFraction(observation);
  std::array<double, kNumBudgetFeatures> out{};
  out[0] = 1.0;
  for (int k = 0; k < 4; ++k) {
    const double z = (f - k / 3.0) * 3.0;
    out[1 + k] = std::exp(-0.5 * z * z);
  }
  out[5] = Pace(observation);
  return out;
}

int BudgetState(const BudgetObservation& observation) {
  const double pace = Pace(observation);
  const int bucket = pace < -0.02 ? 0 : pace > 0.02 ? 2 : 1;
  const int period = std::clamp(observation.period, 0, std::max(0, observation.num_periods - 1));
  return period * kPaceBuckets + bucket;
}

void SoftmaxShares(const std::vector<double>& logits, std::vector<double>& out) {
  out.resize(logits.size());
  const double top = *std::max_element(logits.begin(), logits.end());
  double total = 0.0;
  for (std::size_t i = 0; i < logits.size(); ++i) total += out[i] = std::exp(logits[i] - top);
  for (double& v : out) v /= total;
}

namespace {

const char* KindName(BudgetPolicy::Kind kind) {
  switch (kind) {
    case BudgetPolicy::Kind::kSchedule: return "schedule";
    case BudgetPolicy::Kind::kLinearSoftmax: return "linear_softmax";
    case BudgetPolicy::Kind::kTabular: return "tabular";
  }
  return "?";
}

std::size_t Rows(BudgetPolicy::Kind kind, int num_periods) {
  switch (kind) {
    case BudgetPolicy::Kind::kSchedule: return static_cast<std::size_t>(num_periods);
    case BudgetPolicy::Kind::kLinearSoftmax: return 0;
    case BudgetPolicy::Kind::kTabular: return static_cast<std::size_t>(num_periods) * kPaceBuckets;
  }
  return 0;
}

std::size_t ParamCount(BudgetPolicy::Kind kind, int num_periods, std::size_t lines) {
  if (kind == BudgetPolicy::Kind::kLinearSoftmax) return lines * kNumBudgetFeatures;
  return Rows(kind, num_periods) * lines;
}

}  // namespace

BudgetPolicy::BudgetPolicy(Kind kind, std::vector<std::string> lines, int num_periods,
                           std::vector<double> params)
    : kind_(kind), lines_(std::move(lines)), num_periods_(num_periods), params_(std::move(params)) {
  if (lines_.empty()) throw BundleError("budget policy: no budget lines");
  if (num_periods_ < 1) throw BundleError("budget policy: num_periods must be >= 1");
  const std::size_t expected = ParamCount(kind_, num_periods_, lines_.size());
  if (params_.size() != expected) {
    throw BundleError("budget policy: " + std::string(KindName(kind_)) + " expects " +
                      std::to_string(expected) + " parameters, got " + std::to_string(params_.size()));
  }
  for (double v : params_) {
    if (!std::isfinite(v)) throw BundleError("budget policy: parameters must be finite");
  }
  if (kind_ != Kind::kLinearSoftmax) {
    for (std::size_t r = 0; r < Rows(kind_, num_periods_); ++r) {
      double total = 0.0;
      for (std::size_t l = 0; l < lines_.size(); ++l) {
        const double share = params_[r * lines_.size() + l];
        if (share < 0.0) throw BundleError("budget policy: row " + std::to_string(r) + " has a negative share");
        total += share;
      }
      if (std::abs(total - 1.0) > 1e-6) {
        throw BundleError("budget policy: row " + std::to_string(r) + "'s shares sum to " +
                          std::to_string(total) + ", not 1");
      }
    }
  }
}

std::vector<double> BudgetPolicy::Shares(const BudgetObservation& observation) const {
  if (observation.lines != lines_) {
    throw std::invalid_argument("budget policy: the observation's budget lines differ from the policy's");
  }
  const std::size_t n = lines_.size();
  std::size_t row = 0;
  switch (kind_) {
    case Kind::kLinearSoftmax: {
      const auto x = BudgetFeatures(observation);
      std::vector<double> logits(n, 0.0), shares;
      for (std::size_t l = 0; l < n; ++l) {
        for (int k = 0; k < kNumBudgetFeatures; ++k) logits[l] += params_[l * kNumBudgetFeatures + k] * x[k];
      }
      SoftmaxShares(logits, shares);
      return shares;
    }
    case Kind::kSchedule:
      row = static_cast<std::size_t>(std::clamp(observation.period, 0, num_periods_ - 1));
      break;
    case Kind::kTabular:
      row = static_cast<std::size_t>(std::min(BudgetState(observation), num_periods_ * kPaceBuckets - 1));
      break;
  }
  return {params_.begin() + static_cast<std::ptrdiff_t>(row * n),
          params_.begin() + static_cast<std::ptrdiff_t>((row + 1) * n)};
}

BudgetAction BudgetPolicy::Act(const BudgetObservation& observation) const {
  const double amount = EvenPacingAmount(observation);
  BudgetAction action;
  for (double share : Shares(observation)) action.spend.push_back(amount * share);
  return action;
}

std::string BudgetPolicy::ToJson(const std::string& scenario, const std::string& training) const {
  Json j;
  j["format"] = "campsim-budget-policy";
  j["schema_version"] = 1;
  j["kind"] = KindName(kind_);
  j["scenario"] = scenario;
  j["lines"] = lines_;
  j["num_periods"] = num_periods_;
  const std::size_t rows = kind_ == Kind::kLinearSoftmax ? lines_.size() : Rows(kind_, num_periods_);
  j["params"] = bundle_json::Rows(params_, rows, params_.size() / rows);
  j["training"] = training.empty() ? Json::object() : Json::parse(training);
  return j.dump(1) + "\n";
}

BudgetPolicy BudgetPolicy::FromJson(const std::string& text) {
  Json j;
  try {
    j = Json::parse(text);
  } catch (const Json::parse_error& e) {
    throw BundleError(std::string("budget policy: not JSON: ") + e.what());
  }
  if (StringField(j, "", "format") != "campsim-budget-policy") {
    Fail("/format", "expected \"campsim-budget-policy\"");
  }
  IntegerField(j, "", "schema_version", 1, 1);
  const std::string kind_name = StringField(j, "", "kind");
  Kind kind = Kind::kSchedule;
  if (kind_name == "linear_softmax") {
    kind = Kind::kLinearSoftmax;
  } else if (kind_name == "tabular") {
    kind = Kind::kTabular;
  } else if (kind_name != "schedule") {
    Fail("/kind", "expected one of schedule, linear_softmax, tabular; got \"" + kind_name + "\"");
  }
  const Json& lines_json = Field(j, "", "lines");
  if (!lines_json.is_array() || lines_json.empty()) Fail("/lines", "expected a non-empty array");
  std::vector<std::string> lines;
  for (std::size_t i = 0; i < lines_json.size(); ++i) lines.push_back(String(lines_json[i], "/lines/" + std::to_string(i)));
  const int periods = static_cast<int>(IntegerField(j, "", "num_periods", 1, 100000));
  const std::size_t rows = kind == Kind::kLinearSoftmax ? lines.size() : Rows(kind, periods);
  const std::size_t cols = kind == Kind::kLinearSoftmax ? kNumBudgetFeatures : lines.size();
  std::vector<double> params;
  Matrix(Field(j, "", "params"), "/params", rows, cols, params);
  return BudgetPolicy(kind, std::move(lines), periods, std::move(params));
}

}  // namespace campsim
