#include "policies/feature_pipeline.h"

#include <array>
#include <cmath>
#include <vector>

namespace campsim {
namespace {

// std::log1p(v), looked up for whole numbers below kWholeLog1p: counts and whole day counts
// (sends at a daily decision hour) are most of the inputs the pipelines log, and the table holds
// std::log1p's own values, so the result is the same bits either way.
constexpr std::size_t kWholeLog1p = 1024;

double Log1p(double v) {
  static const auto table = [] {
    std::array<double, kWholeLog1p> values;
    for (std::size_t i = 0; i < kWholeLog1p; ++i) values[i] = std::log1p(static_cast<double>(i));
    return values;
  }();
  if (v == 0.0) return v;  // log1p(+-0) is +-0
  if (v > 0.0 && v < static_cast<double>(kWholeLog1p)) {
    const auto i = static_cast<std::size_t>(v);
    if (static_cast<double>(i) == v) return table[i];
  }
  return std::log1p(v);
}

// The errors of FeaturePipeline::Output, out of line: building their messages would otherwise
// give every feature's transform a large stack frame.
[[noreturn, gnu::cold, gnu::noinline]] void ThrowNoCategory(const FeatureOutput& f,
                                                            const FeatureInput& input, double v) {
  throw FeatureError("feature '" + f.name + "': input '" + input.name + "' has no category " +
                     std::to_string(v));
}

[[noreturn, gnu::cold, gnu::noinline]] void ThrowNotFinite(const FeatureOutput& f,
                                                           const FeatureInput& input, double raw) {
  throw FeatureError("feature '" + f.name + "': input '" + input.name + "' " +
                     (std::isnan(raw) ? "is missing and the feature has no fill_missing step"
                                      : "gives a non-finite value (" + std::to_string(raw) + ")"));
}

}  // namespace

const char* FeatureStepName(FeatureStep::Op op) {
  switch (op) {
    case FeatureStep::Op::kFillMissing: return "fill_missing";
    case FeatureStep::Op::kClip: return "clip";
    case FeatureStep::Op::kLog1p: return "log1p";
    case FeatureStep::Op::kDivide: return "divide";
    case FeatureStep::Op::kStandardize: return "standardize";
    case FeatureStep::Op::kOneHot: return "one_hot";
  }
  return "?";
}

int FeaturePipeline::AddInput(FeatureInput input) {
  if (input.name.empty()) throw FeatureError("feature input with an empty name");
  if (InputIndex(input.name) >= 0) throw FeatureError("feature input '" + input.name + "' is declared twice");
  inputs_.push_back(std::move(input));
  return static_cast<int>(inputs_.size()) - 1;
}

void FeaturePipeline::AddOutput(FeatureOutput output) {
  const std::string where = "feature '" + output.name + "'";
  if (output.input < 0 || output.input >= static_cast<int>(inputs_.size())) {
    throw FeatureError(where + ": input index " + std::to_string(output.input) + " out of range");
  }
  const FeatureInput& in = inputs_[output.input];
  for (std::size_t s = 0; s < output.steps.size(); ++s) {
    const FeatureStep& step = output.steps[s];
    const std::string at = where + " step " + std::to_string(s) + " (" + FeatureStepName(step.op) + ")";
    if (std::isnan(step.a) || std::isnan(step.b)) throw FeatureError(at + ": constants must not be NaN");
    switch (step.op) {
      case FeatureStep::Op::kOneHot:
        if (!in.categorical() || s != 0) {
          throw FeatureError(at + ": one_hot must be the first step, on a categorical input");
        }
        if (step.a < 0 || step.a >= static_cast<double>(in.categories.size()) || step.a != std::floor(step.a)) {
          throw FeatureError(at + ": category index out of range");
        }
        break;
      case FeatureStep::Op::kClip:
        if (step.a > step.b) throw FeatureError(at + ": min must not exceed max");
        break;
      case FeatureStep::Op::kDivide:
        if (step.a == 0.0 || !std::isfinite(step.a)) throw FeatureError(at + ": divisor must be finite and non-zero");
        break;
      case FeatureStep::Op::kStandardize:
        if (!std::isfinite(step.a) || !(step.b > 0.0) || !std::isfinite(step.b)) {
          throw FeatureError(at + ": mean must be finite and sd finite and > 0");
        }
        break;
      case FeatureStep::Op::kFillMissing:
        if (!std::isfinite(step.a)) throw FeatureError(at + ": fill value must be finite");
        break;
      case FeatureStep::Op::kLog1p: break;
    }
    if (in.categorical() && s == 0 && step.op != FeatureStep::Op::kOneHot) {
      throw FeatureError(where + ": a categorical input must start with one_hot");
    }
  }
  if (in.categorical() && output.steps.empty()) {
    throw FeatureError(where + ": a categorical input must start with one_hot");
  }
  outputs_.push_back(std::move(output));
}

int FeaturePipeline::InputIndex(const std::string& name) const {
  for (std::size_t i = 0; i < inputs_.size(); ++i) {
    if (inputs_[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

int FeaturePipeline::Category(int input, const std::string& name) const {
  const auto& cats = inputs_.at(input).categories;
  for (std::size_t c = 0; c < cats.size(); ++c) {
    if (cats[c] == name) return static_cast<int>(c);
  }
  return -1;
}

void FeaturePipeline::CheckSizes(std::span<const double> raw, std::span<float> out) const {
  if (raw.size() != inputs_.size() || out.size() != outputs_.size()) {
    throw FeatureError("feature pipeline: got " + std::to_string(raw.size()) + " inputs for " +
                       std::to_string(inputs_.size()) + " and room for " + std::to_string(out.size()) +
                       " features of " + std::to_string(outputs_.size()));
  }
}

float FeaturePipeline::Output(std::size_t o, std::span<const double> raw) const {
  const FeatureOutput& f = outputs_[o];
  double v = raw[f.input];
  for (const FeatureStep& step : f.steps) {
    switch (step.op) {
      case FeatureStep::Op::kFillMissing: if (std::isnan(v)) v = step.a; break;
      case FeatureStep::Op::kClip: v = std::min(std::max(v, step.a), step.b); break;
      case FeatureStep::Op::kLog1p:
        v = Log1p(v);
        break;
      case FeatureStep::Op::kDivide: v = v / step.a; break;
      case FeatureStep::Op::kStandardize: v = (v - step.a) / step.b; break;
      case FeatureStep::Op::kOneHot:
        if (!std::isnan(v) &&
            !(v >= 0.0 && v < static_cast<double>(inputs_[f.input].categories.size()))) {
          ThrowNoCategory(f, inputs_[f.input], v);
        }
        v = v == step.a ? 1.0 : 0.0;
        break;
    }
  }
  if (!std::isfinite(v)) ThrowNotFinite(f, inputs_[f.input], raw[f.input]);
  return static_cast<float>(v);
}

void FeaturePipeline::Transform(std::span<const double> raw, std::span<float> out) const {
  CheckSizes(raw, out);
  for (std::size_t o = 0; o < outputs_.size(); ++o) out[o] = Output(o, raw);
}

FeatureSubset FeaturePipeline::Subset(std::vector<int> outputs) const {
  FeatureSubset subset;
  subset.inputs.assign(inputs_.size(), 0);
  for (int o : outputs) {
    if (o < 0 || static_cast<std::size_t>(o) >= outputs_.size()) {
      throw FeatureError("feature pipeline: no output " + std::to_string(o) + " of " +
                         std::to_string(outputs_.size()));
    }
    subset.inputs[static_cast<std::size_t>(outputs_[o].input)] = 1;
  }
  subset.outputs = std::move(outputs);
  return subset;
}

void FeaturePipeline::TransformSome(std::span<const double> raw, const FeatureSubset& subset,
                                    std::span<float> out) const {
  CheckSizes(raw, out);
  for (int o : subset.outputs)
    out[static_cast<std::size_t>(o)] = Output(static_cast<std::size_t>(o), raw);
}

bool FeaturePipeline::OutputColumn(std::size_t o, std::span<const double> raw, std::size_t rows,
                                   std::span<float> out) const {
  // The same operations as Output, value by value, in the same order: the same bits.
  const FeatureOutput& f = outputs_[o];
  const std::size_t width = inputs_.size();
  thread_local std::vector<double> column;
  column.resize(rows);
  double* const v = column.data();
  for (std::size_t r = 0; r < rows; ++r) v[r] = raw[r * width + static_cast<std::size_t>(f.input)];
  bool ok = true;
  for (const FeatureStep& step : f.steps) {
    const double a = step.a;
    const double b = step.b;
    switch (step.op) {
      case FeatureStep::Op::kFillMissing:
        for (std::size_t r = 0; r < rows; ++r) v[r] = std::isnan(v[r]) ? a : v[r];
        break;
      case FeatureStep::Op::kClip:
        for (std::size_t r = 0; r < rows; ++r) v[r] = std::min(std::max(v[r], a), b);
        break;
      case FeatureStep::Op::kLog1p:
        for (std::size_t r = 0; r < rows; ++r) v[r] = Log1p(v[r]);
        break;
      case FeatureStep::Op::kDivide:
        for (std::size_t r = 0; r < rows; ++r) v[r] = v[r] / a;
        break;
      case FeatureStep::Op::kStandardize:
        for (std::size_t r = 0; r < rows; ++r) v[r] = (v[r] - a) / b;
        break;
      case FeatureStep::Op::kOneHot: {
        const auto categories = static_cast<double>(inputs_[f.input].categories.size());
        for (std::size_t r = 0; r < rows; ++r) {
          ok &= std::isnan(v[r]) || (v[r] >= 0.0 && v[r] < categories);
          v[r] = v[r] == a ? 1.0 : 0.0;
        }
        break;
      }
    }
  }
  const std::size_t outputs = outputs_.size();
  for (std::size_t r = 0; r < rows; ++r) {
    ok &= std::isfinite(v[r]);
    out[r * outputs + o] = static_cast<float>(v[r]);
  }
  return ok;
}

void FeaturePipeline::TransformRows(std::span<const double> raw, std::size_t rows,
                                    std::span<float> out, const FeatureSubset* subset) const {
  const std::size_t width = inputs_.size();
  const std::size_t outputs = outputs_.size();
  if (raw.size() != rows * width || out.size() != rows * outputs) {
    throw FeatureError("feature pipeline: got " + std::to_string(raw.size()) +
                       " inputs and room for " + std::to_string(out.size()) + " features for " +
                       std::to_string(rows) + " rows of " + std::to_string(width) + " inputs and " +
                       std::to_string(outputs) + " features");
  }
  bool ok = true;
  if (subset == nullptr) {
    for (std::size_t o = 0; o < outputs; ++o) ok &= OutputColumn(o, raw, rows, out);
  } else {
    for (const int o : subset->outputs)
      ok &= OutputColumn(static_cast<std::size_t>(o), raw, rows, out);
  }
  if (ok) return;
  // Some value is an error: the rows again, one by one, throw the first row's error.
  for (std::size_t r = 0; r < rows; ++r) {
    const auto row_raw = raw.subspan(r * width, width);
    const auto row_out = out.subspan(r * outputs, outputs);
    if (subset == nullptr) {
      Transform(row_raw, row_out);
    } else {
      TransformSome(row_raw, *subset, row_out);
    }
  }
}

}  // namespace campsim
