// ONNX export of a policy bundle: raw inputs -> feature pipeline -> scores -> probabilities,
// as one ONNX graph (opset 13) that any ONNX runtime evaluates without campsim.
//
// Graph inputs:  raw      double [N, num_inputs]  (bundle input order; NaN = missing,
//                                                  categorical inputs as category indices)
//                eligible double [N, num_actions] (1 = may be taken, 0 = not)
// Graph output:  probabilities double [N, num_actions]
//
// Supported: linear policies with greedy, epsilon_greedy, softmax or ucb exploration (the
// probability floor included). Thompson, hybrid, tabular and throttled policies are refused
// with a BundleError: their probabilities need numerical integration that ONNX cannot express.
// The pipeline runs in double and rounds to float exactly where the C++ scorer does; ONNX
// has no log1p, so log1p(v) is computed as log(1 + v), which can differ in the last bits.
#ifndef CAMPSIM_SCENARIOS_ONNX_EXPORT_H_
#define CAMPSIM_SCENARIOS_ONNX_EXPORT_H_

#include <string>

#include "policies/policy_bundle.h"

namespace campsim {

// The serialized ModelProto (binary protobuf).
std::string WriteOnnxModel(const PolicyBundle& bundle);

}  // namespace campsim

#endif  // CAMPSIM_SCENARIOS_ONNX_EXPORT_H_
