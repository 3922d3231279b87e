// FeaturePipeline: raw business inputs -> the float context a policy scores.
//
// The simulator computes every context through this pipeline (WorldModel::Features fills the
// raw inputs and calls Transform), and a policy bundle carries the same pipeline, so training
// and serving featurise identically by construction: the mismatch between the two is the most
// common failure of a deployed policy.
//
// Inputs are named, in a fixed order. A numeric input is a double; NaN means missing. A
// categorical input is given as its category index (Category() maps a name), NaN for missing.
// Each output column reads one input and applies its steps in order to a double v:
//   fill_missing(value)   v = value if v is missing
//   clip(min, max)        v = min(max(v, min), max)          (either bound may be infinite)
//   log1p                 v = log1p(v)                        (v must be > -1)
//   divide(by)            v = v / by                          (by != 0)
//   standardize(mean, sd) v = (v - mean) / sd                 (sd > 0)
//   one_hot(category)     v = 1 if v == category else 0 (missing -> 0); categorical inputs only
// and stores float(v). A missing value that reaches the end (no fill_missing) or a non-finite
// result is an error naming the column and input: never a silent NaN in a context.
#ifndef CAMPSIM_POLICIES_FEATURE_PIPELINE_H_
#define CAMPSIM_POLICIES_FEATURE_PIPELINE_H_

#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace campsim {

class FeatureError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

struct FeatureInput {
  std::string name;
  std::vector<std::string> categories;  // empty: numeric
  std::string description;              // unit and meaning, for the people wiring a service
  bool categorical() const { return !categories.empty(); }
};

struct FeatureStep {
  enum class Op { kFillMissing, kClip, kLog1p, kDivide, kStandardize, kOneHot };
  Op op = Op::kLog1p;
  double a = 0.0;  // fill value, clip min, divisor, mean, or category index
  double b = 0.0;  // clip max, or sd
};
const char* FeatureStepName(FeatureStep::Op op);

struct FeatureOutput {
  std::string name;
  int input = 0;
  std::vector<FeatureStep> steps;
};

// Some outputs of a pipeline and the inputs they read (FeaturePipeline::Subset).
struct FeatureSubset {
  std::vector<int> outputs;          // output indices
  std::vector<std::uint8_t> inputs;  // per input: 1 when a listed output reads it
};

class FeaturePipeline {
 public:
  // Adds an input and returns its index. Throws FeatureError on a duplicate name.
  int AddInput(FeatureInput input);
  // Adds an output column. Throws FeatureError when the steps do not fit the input (one_hot on
  // a numeric input or out of range, divide by 0, sd <= 0, clip with min > max, NaN constants).
  void AddOutput(FeatureOutput output);

  const std::vector<FeatureInput>& inputs() const { return inputs_; }
  const std::vector<FeatureOutput>& outputs() const { return outputs_; }
  std::size_t num_inputs() const { return inputs_.size(); }
  std::size_t num_outputs() const { return outputs_.size(); }
  // Index of an input by name, or -1.
  int InputIndex(const std::string& name) const;
  // Index of a category of a categorical input, or -1.
  int Category(int input, const std::string& name) const;

  // raw: num_inputs() values; out: num_outputs() floats. Throws FeatureError (see above).
  void Transform(std::span<const double> raw, std::span<float> out) const;
  // The listed outputs and the inputs they read; throws FeatureError for an index that is not
  // an output.
  FeatureSubset Subset(std::vector<int> outputs) const;
  // Transform() of only the subset's outputs (a Subset() of this pipeline; raw need hold only
  // the subset's inputs); the other entries of `out` are left as they are. Each listed value is
  // the one Transform() gives.
  void TransformSome(std::span<const double> raw, const FeatureSubset& subset,
                     std::span<float> out) const;
  // Transform() (or, with a subset, TransformSome()) of `rows` rows at once: raw holds rows x
  // num_inputs() values and out rows x num_outputs() floats, row after row. Each value is the
  // one the row's own call gives, and the error thrown is the one the first failing row's call
  // throws (out's contents are then unspecified). The steps run a column at a time, so the
  // choice of step is made once per column instead of once per value.
  void TransformRows(std::span<const double> raw, std::size_t rows, std::span<float> out,
                     const FeatureSubset* subset = nullptr) const;

 private:
  void CheckSizes(std::span<const double> raw, std::span<float> out) const;
  float Output(std::size_t o, std::span<const double> raw) const;
  // Output o of every row of TransformRows' raw into out (rows x num_outputs()); false when
  // some row's value is an error (Output would throw).
  bool OutputColumn(std::size_t o, std::span<const double> raw, std::size_t rows,
                    std::span<float> out) const;

  std::vector<FeatureInput> inputs_;
  std::vector<FeatureOutput> outputs_;
};

}  // namespace campsim

#endif  // CAMPSIM_POLICIES_FEATURE_PIPELINE_H_
