// Hand-encoded ONNX (protobuf wire format) so campsim needs no protobuf library: only the
// handful of ModelProto fields a runtime reads are written (field numbers from onnx.proto).
#include "scenarios/onnx_export.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "policies/linear_policy.h"
#include "policies/mlp_policy.h"

namespace campsim {

namespace {

// A protobuf message under construction.
class Proto {
 public:
  Proto& Varint(int field, std::uint64_t value) {
    Key(field, 0);
    Raw(value);
    return *this;
  }
  Proto& Bytes(int field, const std::string& bytes) {
    Key(field, 2);
    Raw(bytes.size());
    out_ += bytes;
    return *this;
  }
  Proto& Message(int field, const Proto& m) { return Bytes(field, m.out_); }
  const std::string& str() const { return out_; }

 private:
  void Key(int field, int wire) { Raw(static_cast<std::uint64_t>(field) << 3 | static_cast<std::uint64_t>(wire)); }
  void Raw(std::uint64_t v) {
    while (v >= 0x80) {
      out_ += static_cast<char>((v & 0x7F) | 0x80);
      v >>= 7;
    }
    out_ += static_cast<char>(v);
  }
  std::string out_;
};

// onnx.proto enums
constexpr int kFloat = 1, kInt64 = 7, kDouble = 11;
constexpr int kAttrInt = 2, kAttrInts = 7;

template <typename T>
std::string RawBytes(const std::vector<T>& values) {
  std::string bytes(values.size() * sizeof(T), '\0');
  if (!values.empty()) std::memcpy(bytes.data(), values.data(), bytes.size());
  return bytes;
}

class GraphBuilder {
 public:
  std::string Constant(const std::vector<double>& values, const std::vector<std::int64_t>& dims) {
    return Initializer(kDouble, RawBytes(values), dims);
  }
  std::string ConstantInt(const std::vector<std::int64_t>& values, const std::vector<std::int64_t>& dims) {
    return Initializer(kInt64, RawBytes(values), dims);
  }
  std::string Scalar(double v) { return Constant({v}, {}); }

  struct Attr {
    std::string name;
    std::vector<std::int64_t> ints;
    bool list = false;
  };
  // Adds a node and returns its output's name (`output`, or a fresh one).
  std::string Node(const std::string& op, const std::vector<std::string>& inputs,
                   const std::vector<Attr>& attrs = {}, std::string output = "") {
    if (output.empty()) output = "t" + std::to_string(next_++);
    Proto node;
    for (const auto& in : inputs) node.Bytes(1, in);
    node.Bytes(2, output).Bytes(3, op + "_" + output).Bytes(4, op);
    for (const auto& a : attrs) {
      Proto attr;
      attr.Bytes(1, a.name);
      if (a.list) {
        for (std::int64_t v : a.ints) attr.Varint(8, static_cast<std::uint64_t>(v));
        attr.Varint(20, kAttrInts);
      } else {
        attr.Varint(3, static_cast<std::uint64_t>(a.ints.at(0))).Varint(20, kAttrInt);
      }
      node.Message(5, attr);
    }
    graph_.Message(1, node);
    return output;
  }

  void Input(const std::string& name, int elem, const std::vector<std::string>& dims) { io_inputs_.push_back(ValueInfo(name, elem, dims)); }
  void Output(const std::string& from, const std::string& name, int elem, const std::vector<std::string>& dims) {
    Node("Identity", {from}, {}, name);
    io_outputs_.push_back(ValueInfo(name, elem, dims));
  }

  std::string Model(const std::string& graph_name) {
    Proto g = graph_;
    g.Bytes(2, graph_name);
    for (const auto& init : initializers_) g.Message(5, init);
    for (const auto& in : io_inputs_) g.Message(11, in);
    for (const auto& out : io_outputs_) g.Message(12, out);
    Proto opset;
    opset.Bytes(1, "").Varint(2, 13);
    Proto model;
    model.Varint(1, 7).Bytes(2, "campsim").Bytes(3, "0.1.0").Message(7, g).Message(8, opset);
    return model.str();
  }

 private:
  std::string Initializer(int type, const std::string& bytes, const std::vector<std::int64_t>& dims) {
    const std::string name = "c" + std::to_string(next_++);
    Proto t;
    for (std::int64_t d : dims) t.Varint(1, static_cast<std::uint64_t>(d));
    t.Varint(2, static_cast<std::uint64_t>(type)).Bytes(8, name).Bytes(9, bytes);
    initializers_.push_back(t);
    return name;
  }
  static Proto ValueInfo(const std::string& name, int elem, const std::vector<std::string>& dims) {
    Proto shape;
    for (const auto& d : dims) {
      Proto dim;
      if (!d.empty() && d.find_first_not_of("0123456789") == std::string::npos) {
        dim.Varint(1, std::stoull(d));
      } else {
        dim.Bytes(2, d);
      }
      shape.Message(1, dim);
    }
    Proto tensor;
    tensor.Varint(1, static_cast<std::uint64_t>(elem)).Message(2, shape);
    Proto type;
    type.Message(1, tensor);
    Proto info;
    info.Bytes(1, name).Message(2, type);
    return info;
  }

  Proto graph_;
  std::vector<Proto> initializers_, io_inputs_, io_outputs_;
  int next_ = 0;
};

// The feature pipeline, column by column, ending in the float-rounded context (as double).
std::string PipelineNodes(GraphBuilder& g, const FeaturePipeline& fp, const std::string& raw) {
  using Op = FeatureStep::Op;
  std::vector<std::string> columns;
  for (const FeatureOutput& out : fp.outputs()) {
    std::string v = g.Node("Gather", {raw, g.ConstantInt({out.input}, {1})}, {{"axis", {1}}});
    for (const FeatureStep& s : out.steps) {
      switch (s.op) {
        case Op::kFillMissing: v = g.Node("Where", {g.Node("IsNaN", {v}), g.Scalar(s.a), v}); break;
        case Op::kClip:
          if (std::isfinite(s.a)) v = g.Node("Max", {v, g.Scalar(s.a)});
          if (std::isfinite(s.b)) v = g.Node("Min", {v, g.Scalar(s.b)});
          break;
        case Op::kLog1p: v = g.Node("Log", {g.Node("Add", {v, g.Scalar(1.0)})}); break;
        case Op::kDivide: v = g.Node("Div", {v, g.Scalar(s.a)}); break;
        case Op::kStandardize: v = g.Node("Div", {g.Node("Sub", {v, g.Scalar(s.a)}), g.Scalar(s.b)}); break;
        case Op::kOneHot: v = g.Node("Cast", {g.Node("Equal", {v, g.Scalar(s.a)})}, {{"to", {kDouble}}}); break;
      }
    }
    columns.push_back(v);
  }
  const std::string context = g.Node("Concat", columns, {{"axis", {1}}});
  return g.Node("Cast", {g.Node("Cast", {context}, {{"to", {kFloat}}})}, {{"to", {kDouble}}});
}

}  // namespace

namespace {

// Q-values of an MLP policy from the context x (N x d): Gemm-free MatMul + Add + Relu layers.
std::string MlpScores(GraphBuilder& g, const std::string& x, const MlpPolicyParams& p) {
  auto layer = [&](const std::string& in, const std::vector<double>& w, const std::vector<double>& b,
                   std::int64_t rows, std::int64_t cols, bool relu) {
    std::vector<double> wt(static_cast<std::size_t>(rows * cols));  // transposed: cols x rows
    for (std::int64_t r = 0; r < rows; ++r) {
      for (std::int64_t c = 0; c < cols; ++c) wt[c * rows + r] = w[r * cols + c];
    }
    const std::string out = g.Node("Add", {g.Node("MatMul", {in, g.Constant(wt, {cols, rows})}), g.Constant(b, {rows})});
    return relu ? g.Node("Relu", {out}) : out;
  };
  const std::int64_t d = p.num_features, h = p.hidden, k = p.num_actions;
  const std::string h1 = layer(x, p.w1, p.b1, h, d, true);
  const std::string h2 = layer(h1, p.w2, p.b2, h, h, true);
  return layer(h2, p.w3, p.b3, k, h, false);
}

}  // namespace

std::string WriteOnnxModel(const PolicyBundle& bundle) {
  const auto* linear = dynamic_cast<const LinearPolicy*>(bundle.policy.get());
  const auto* mlp = dynamic_cast<const MlpPolicy*>(bundle.policy.get());
  if (mlp == nullptr && (linear == nullptr || linear->params().exploration == LinearExploration::kThompson)) {
    throw BundleError("ONNX export supports linear policies with greedy, epsilon_greedy, softmax or "
                      "ucb exploration and mlp policies; this policy is " + bundle.policy->kind() +
                      " (use --format json: its probabilities need numerical integration)");
  }
  LinearPolicyParams p;
  if (linear != nullptr) {
    p = linear->params();
  } else {
    p.num_features = mlp->params().num_features;
    p.num_actions = mlp->params().num_actions;
    p.exploration = mlp->params().epsilon_greedy ? LinearExploration::kEpsilonGreedy : LinearExploration::kGreedy;
    p.epsilon = mlp->params().epsilon;
  }
  if (p.num_features < 1) throw BundleError("ONNX export needs at least one feature");
  const std::int64_t k = p.num_actions, d = p.num_features, w = d + 1;
  GraphBuilder g;
  const std::string n_inputs = std::to_string(bundle.features.num_inputs());
  const std::string n_actions = std::to_string(k);
  g.Input("raw", kDouble, {"N", n_inputs});
  g.Input("eligible", kDouble, {"N", n_actions});
  const std::string x = PipelineNodes(g, bundle.features, "raw");
  std::string scores;
  if (mlp != nullptr) {
    scores = MlpScores(g, x, mlp->params());
  } else {
    // mean = x W' + b, with the bias in column 0 of each weight row.
    std::vector<double> wt(static_cast<std::size_t>(d * k)), bias(static_cast<std::size_t>(k));
    for (std::int64_t a = 0; a < k; ++a) {
      bias[a] = p.weights[a * w];
      for (std::int64_t i = 0; i < d; ++i) wt[i * k + a] = p.weights[a * w + i + 1];
    }
    scores = g.Node("Add", {g.Node("MatMul", {x, g.Constant(wt, {d, k})}), g.Constant(bias, {k})});
  }
  if (p.exploration == LinearExploration::kUcb) {
    // x1 = [1, x]; q_a = x1' C_a x1; scores += alpha sqrt(max(q, 0)).
    const std::string first = g.Node("Gather", {x, g.ConstantInt({0}, {1})}, {{"axis", {1}}});
    const std::string ones = g.Node("Add", {g.Node("Mul", {first, g.Scalar(0.0)}), g.Scalar(1.0)});
    const std::string x1 = g.Node("Concat", {ones, x}, {{"axis", {1}}});
    std::string q;
    if (p.diagonal) {
      std::vector<double> ct(static_cast<std::size_t>(w * k));
      for (std::int64_t a = 0; a < k; ++a) {
        for (std::int64_t i = 0; i < w; ++i) ct[i * k + a] = p.covariances[a * w + i];
      }
      q = g.Node("MatMul", {g.Node("Mul", {x1, x1}), g.Constant(ct, {w, k})});
    } else {
      std::vector<double> ct(static_cast<std::size_t>(w * k * w));
      for (std::int64_t a = 0; a < k; ++a) {
        for (std::int64_t i = 0; i < w; ++i) {
          for (std::int64_t j = 0; j < w; ++j) ct[i * k * w + a * w + j] = p.covariances[a * w * w + i * w + j];
        }
      }
      const std::string m = g.Node("Reshape", {g.Node("MatMul", {x1, g.Constant(ct, {w, k * w})}),
                                              g.ConstantInt({0, k, w}, {3})});
      const std::string x1u = g.Node("Unsqueeze", {x1, g.ConstantInt({1}, {1})});
      q = g.Node("ReduceSum", {g.Node("Mul", {m, x1u}), g.ConstantInt({2}, {1})}, {{"keepdims", {0}}});
    }
    const std::string spread = g.Node("Sqrt", {g.Node("Max", {q, g.Scalar(0.0)})});
    scores = g.Node("Add", {scores, g.Node("Mul", {spread, g.Scalar(p.alpha)})});
  }
  const std::string allowed = g.Node("Greater", {"eligible", g.Scalar(0.5)});
  const std::string masked =
      g.Node("Where", {allowed, scores, g.Scalar(-std::numeric_limits<double>::infinity())});
  const std::string count = g.Node("ReduceSum", {"eligible", g.ConstantInt({1}, {1})}, {{"keepdims", {1}}});
  std::string probs;
  if (p.exploration == LinearExploration::kSoftmax) {
    const std::string top = g.Node("ReduceMax", {masked}, {{"axes", {1}, true}, {"keepdims", {1}}});
    const std::string e = g.Node("Exp", {g.Node("Div", {g.Node("Sub", {masked, top}), g.Scalar(p.temperature)})});
    probs = g.Node("Div", {e, g.Node("ReduceSum", {e, g.ConstantInt({1}, {1})}, {{"keepdims", {1}}})});
  } else {
    std::vector<std::int64_t> ids(static_cast<std::size_t>(k));
    for (std::int64_t a = 0; a < k; ++a) ids[a] = a;
    const std::string best = g.Node("ArgMax", {masked}, {{"axis", {1}}, {"keepdims", {1}}, {"select_last_index", {0}}});
    const std::string onehot =
        g.Node("Cast", {g.Node("Equal", {best, g.ConstantInt(ids, {k})})}, {{"to", {kDouble}}});
    probs = onehot;
    if (p.exploration == LinearExploration::kEpsilonGreedy) {
      const std::string spread = g.Node("Mul", {g.Node("Div", {g.Scalar(p.epsilon), count}), "eligible"});
      probs = g.Node("Add", {spread, g.Node("Mul", {onehot, g.Scalar(1.0 - p.epsilon)})});
    }
  }
  if (bundle.probability_floor > 0.0) {
    const double f = bundle.probability_floor;
    const std::string keep = g.Node("Sub", {g.Scalar(1.0), g.Node("Mul", {count, g.Scalar(f)})});
    probs = g.Node("Add", {g.Node("Mul", {"eligible", g.Scalar(f)}), g.Node("Mul", {probs, keep})});
  }
  g.Output(probs, "probabilities", kDouble, {"N", n_actions});
  return g.Model("campsim_" + bundle.policy->kind());
}

}  // namespace campsim
