// The "policy" object of a bundle: one JSON shape per frozen policy kind (see
// docs/policy-format.md). Reading checks every shape before a policy is constructed.
#include <string>
#include <vector>

#include "policies/hybrid_linucb_policy.h"
#include "policies/json_access.h"
#include "policies/linear_policy.h"
#include "policies/mlp_policy.h"
#include "policies/policy_bundle.h"
#include "policies/tabular_policy.h"
#include "policies/throttled_policy.h"

namespace campsim {

namespace {

using bundle_json::Json;
namespace bj = bundle_json;

constexpr std::int64_t kMaxDim = 1 << 20;  // generous bound on features and actions

Json LinearToJson(const LinearPolicy& policy) {
  const LinearPolicyParams& p = policy.params();
  const std::size_t k = p.num_actions, w = p.num_features + 1;
  Json j = {{"kind", "linear"},
            {"num_features", p.num_features},
            {"num_actions", p.num_actions},
            {"exploration",
             {{"rule", LinearExplorationName(p.exploration)},
              {"epsilon", p.epsilon},
              {"temperature", p.temperature},
              {"alpha", p.alpha},
              {"scale", p.scale}}},
            {"weights", bj::Rows(p.weights, k, w)}};
  if (p.exploration == LinearExploration::kUcb || p.exploration == LinearExploration::kThompson) {
    j["diagonal"] = p.diagonal;
    j["covariances"] = bj::Rows(p.covariances, k, p.diagonal ? w : w * w);
  }
  return j;
}

std::shared_ptr<const Policy> LinearFromJson(const Json& j, const std::string& path) {
  LinearPolicyParams p;
  p.num_features = static_cast<int>(bj::IntegerField(j, path, "num_features", 0, kMaxDim));
  p.num_actions = static_cast<int>(bj::IntegerField(j, path, "num_actions", 1, kMaxDim));
  const std::string ep = path + "/exploration";
  const Json& e = bj::Field(j, path, "exploration");
  const std::string rule = bj::StringField(e, ep, "rule");
  const LinearExploration rules[] = {LinearExploration::kGreedy, LinearExploration::kEpsilonGreedy,
                                     LinearExploration::kSoftmax, LinearExploration::kUcb,
                                     LinearExploration::kThompson};
  bool known = false;
  for (LinearExploration r : rules) {
    if (rule == LinearExplorationName(r)) {
      p.exploration = r;
      known = true;
    }
  }
  if (!known) bj::Fail(ep + "/rule", "unknown rule '" + rule + "' (known: greedy, epsilon_greedy, softmax, ucb, thompson)");
  p.epsilon = bj::NumberField(e, ep, "epsilon");
  p.temperature = bj::NumberField(e, ep, "temperature");
  p.alpha = bj::NumberField(e, ep, "alpha");
  p.scale = bj::NumberField(e, ep, "scale");
  if (!(p.epsilon >= 0.0 && p.epsilon <= 1.0)) bj::Fail(ep + "/epsilon", "expected a number in [0, 1]");
  if (!(p.temperature > 0.0)) bj::Fail(ep + "/temperature", "expected a number > 0");
  if (p.alpha < 0.0) bj::Fail(ep + "/alpha", "expected a number >= 0");
  if (p.scale < 0.0) bj::Fail(ep + "/scale", "expected a number >= 0");
  const std::size_t k = p.num_actions, w = p.num_features + 1;
  bj::Matrix(bj::Field(j, path, "weights"), path + "/weights", k, w, p.weights);
  if (p.exploration == LinearExploration::kUcb || p.exploration == LinearExploration::kThompson) {
    p.diagonal = bj::BoolField(j, path, "diagonal");
    bj::Matrix(bj::Field(j, path, "covariances"), path + "/covariances", k, p.diagonal ? w : w * w,
               p.covariances);
  }
  return std::make_shared<LinearPolicy>(std::move(p));
}

Json MlpToJson(const MlpPolicy& policy) {
  const MlpPolicyParams& p = policy.params();
  const std::size_t d = p.num_features, h = p.hidden, k = p.num_actions;
  return {{"kind", "mlp"},
          {"num_features", p.num_features},
          {"hidden", p.hidden},
          {"num_actions", p.num_actions},
          {"exploration", {{"rule", p.epsilon_greedy ? "epsilon_greedy" : "greedy"}, {"epsilon", p.epsilon}}},
          {"w1", bj::Rows(p.w1, h, d)},
          {"b1", p.b1},
          {"w2", bj::Rows(p.w2, h, h)},
          {"b2", p.b2},
          {"w3", bj::Rows(p.w3, k, h)},
          {"b3", p.b3}};
}

std::shared_ptr<const Policy> MlpFromJson(const Json& j, const std::string& path) {
  MlpPolicyParams p;
  p.num_features = static_cast<int>(bj::IntegerField(j, path, "num_features", 1, kMaxDim));
  p.hidden = static_cast<int>(bj::IntegerField(j, path, "hidden", 1, 4096));
  p.num_actions = static_cast<int>(bj::IntegerField(j, path, "num_actions", 1, kMaxDim));
  const std::string ep = path + "/exploration";
  const Json& e = bj::Field(j, path, "exploration");
  const std::string rule = bj::StringField(e, ep, "rule");
  if (rule != "greedy" && rule != "epsilon_greedy") {
    bj::Fail(ep + "/rule", "unknown rule '" + rule + "' (known: greedy, epsilon_greedy)");
  }
  p.epsilon_greedy = rule == "epsilon_greedy";
  p.epsilon = bj::NumberField(e, ep, "epsilon");
  if (!(p.epsilon >= 0.0 && p.epsilon <= 1.0)) bj::Fail(ep + "/epsilon", "expected a number in [0, 1]");
  const std::size_t d = p.num_features, h = p.hidden, k = p.num_actions;
  bj::Matrix(bj::Field(j, path, "w1"), path + "/w1", h, d, p.w1);
  p.b1 = bj::Vector(bj::Field(j, path, "b1"), path + "/b1", h);
  bj::Matrix(bj::Field(j, path, "w2"), path + "/w2", h, h, p.w2);
  p.b2 = bj::Vector(bj::Field(j, path, "b2"), path + "/b2", h);
  bj::Matrix(bj::Field(j, path, "w3"), path + "/w3", k, h, p.w3);
  p.b3 = bj::Vector(bj::Field(j, path, "b3"), path + "/b3", k);
  return std::make_shared<MlpPolicy>(std::move(p));
}

Json HybridToJson(const HybridLinUcbPolicy& policy) {
  const HybridLinUcbParams& p = policy.params();
  const std::size_t n = p.num_actions, w = p.num_features + 1, k = p.shared_dims();
  return {{"kind", "hybrid_lin_ucb"},
          {"num_features", p.num_features},
          {"num_actions", p.num_actions},
          {"num_action_features", p.num_action_features},
          {"action_features", bj::Rows(p.action_features, n, p.num_action_features)},
          {"shared_features", p.shared_features},
          {"alpha", p.alpha},
          {"theta", bj::Rows(p.theta, n, w)},
          {"a_inverse", bj::Rows(p.a_inverse, n, w * w)},
          {"b_matrix", bj::Rows(p.b_matrix, n, w * k)},
          {"beta", p.beta},
          {"a0_inverse", bj::Rows(p.a0_inverse, k, k)}};
}

std::shared_ptr<const Policy> HybridFromJson(const Json& j, const std::string& path) {
  HybridLinUcbParams p;
  p.num_features = static_cast<int>(bj::IntegerField(j, path, "num_features", 0, kMaxDim));
  p.num_actions = static_cast<int>(bj::IntegerField(j, path, "num_actions", 1, kMaxDim));
  p.num_action_features = static_cast<int>(bj::IntegerField(j, path, "num_action_features", 0, kMaxDim));
  p.alpha = bj::NumberField(j, path, "alpha");
  if (p.alpha < 0.0) bj::Fail(path + "/alpha", "expected a number >= 0");
  const Json& shared = bj::Field(j, path, "shared_features");
  if (!shared.is_array()) bj::Fail(path + "/shared_features", "expected an array of feature indices");
  for (std::size_t i = 0; i < shared.size(); ++i) {
    p.shared_features.push_back(static_cast<int>(
        bj::Integer(shared[i], path + "/shared_features/" + std::to_string(i), 0, p.num_features - 1)));
  }
  const std::size_t n = p.num_actions, w = p.num_features + 1;
  if (static_cast<double>(p.num_action_features) * (1.0 + static_cast<double>(p.shared_features.size())) > kMaxDim) {
    bj::Fail(path + "/shared_features", "too many shared dimensions");
  }
  const std::size_t k = p.shared_dims();
  bj::Matrix(bj::Field(j, path, "action_features"), path + "/action_features", n, p.num_action_features,
             p.action_features);
  bj::Matrix(bj::Field(j, path, "theta"), path + "/theta", n, w, p.theta);
  bj::Matrix(bj::Field(j, path, "a_inverse"), path + "/a_inverse", n, w * w, p.a_inverse);
  bj::Matrix(bj::Field(j, path, "b_matrix"), path + "/b_matrix", n, w * k, p.b_matrix);
  p.beta = bj::Vector(bj::Field(j, path, "beta"), path + "/beta", k);
  bj::Matrix(bj::Field(j, path, "a0_inverse"), path + "/a0_inverse", k, k, p.a0_inverse);
  return std::make_shared<HybridLinUcbPolicy>(std::move(p));
}

Json TabularToJson(const TabularPolicy& policy) {
  const bool beta = policy.rule() == TabularPolicy::Rule::kBetaThompson;
  Json j = {{"kind", "tabular"},
            {"num_features", policy.num_features()},
            {"num_actions", policy.num_actions()},
            {"rule", beta ? "beta_thompson" : "argmax"}};
  if (beta) {
    j["alpha"] = policy.values();
    j["beta"] = policy.beta();
  } else {
    j["values"] = policy.values();
  }
  return j;
}

std::shared_ptr<const Policy> TabularFromJson(const Json& j, const std::string& path) {
  const int d = static_cast<int>(bj::IntegerField(j, path, "num_features", 0, kMaxDim));
  const auto k = static_cast<std::size_t>(bj::IntegerField(j, path, "num_actions", 1, kMaxDim));
  const std::string rule = bj::StringField(j, path, "rule");
  if (rule == "argmax") {
    return std::make_shared<TabularPolicy>(TabularPolicy::Rule::kArgmax, d,
                                           bj::Vector(bj::Field(j, path, "values"), path + "/values", k));
  }
  if (rule != "beta_thompson") bj::Fail(path + "/rule", "unknown rule '" + rule + "' (known: argmax, beta_thompson)");
  std::vector<double> alpha = bj::Vector(bj::Field(j, path, "alpha"), path + "/alpha", k);
  std::vector<double> beta = bj::Vector(bj::Field(j, path, "beta"), path + "/beta", k);
  for (std::size_t a = 0; a < k; ++a) {
    if (!(alpha[a] > 0.0)) bj::Fail(path + "/alpha/" + std::to_string(a), "expected a number > 0");
    if (!(beta[a] > 0.0)) bj::Fail(path + "/beta/" + std::to_string(a), "expected a number > 0");
  }
  return std::make_shared<TabularPolicy>(TabularPolicy::Rule::kBetaThompson, d, std::move(alpha), std::move(beta));
}

Json ThrottledToJson(const ThrottledPolicy& policy) {
  return {{"kind", "throttled"},
          {"price", policy.price()},
          {"costs", policy.costs()},
          {"inner", PolicyToJson(policy.inner())}};
}

std::shared_ptr<const Policy> ThrottledFromJson(const Json& j, const std::string& path, int depth) {
  if (depth > 4) bj::Fail(path, "throttled policies nested too deeply");
  const double price = bj::NumberField(j, path, "price");
  if (price < 0.0) bj::Fail(path + "/price", "expected a number >= 0");
  const Json& inner_json = bj::Field(j, path, "inner");
  std::shared_ptr<const Policy> inner;
  if (inner_json.is_object() && inner_json.contains("kind") && inner_json["kind"] == "throttled") {
    inner = ThrottledFromJson(inner_json, path + "/inner", depth + 1);
  } else {
    inner = PolicyFromJson(inner_json, path + "/inner");
  }
  std::vector<double> costs = bj::Vector(bj::Field(j, path, "costs"), path + "/costs", inner->num_actions());
  for (std::size_t a = 0; a < costs.size(); ++a) {
    if (costs[a] < 0.0) bj::Fail(path + "/costs/" + std::to_string(a), "expected a number >= 0");
  }
  return std::make_shared<ThrottledPolicy>(std::move(inner), std::move(costs), price);
}

}  // namespace

Json PolicyToJson(const Policy& policy) {
  if (const auto* p = dynamic_cast<const LinearPolicy*>(&policy)) return LinearToJson(*p);
  if (const auto* p = dynamic_cast<const HybridLinUcbPolicy*>(&policy)) return HybridToJson(*p);
  if (const auto* p = dynamic_cast<const MlpPolicy*>(&policy)) return MlpToJson(*p);
  if (const auto* p = dynamic_cast<const TabularPolicy*>(&policy)) return TabularToJson(*p);
  if (const auto* p = dynamic_cast<const ThrottledPolicy*>(&policy)) return ThrottledToJson(*p);
  throw BundleError("policy kind '" + policy.kind() + "' cannot be written to a bundle");
}

std::shared_ptr<const Policy> PolicyFromJson(const Json& j, const std::string& path) {
  const std::string kind = bj::StringField(j, path, "kind");
  try {
    if (kind == "linear") return LinearFromJson(j, path);
    if (kind == "hybrid_lin_ucb") return HybridFromJson(j, path);
    if (kind == "mlp") return MlpFromJson(j, path);
    if (kind == "tabular") return TabularFromJson(j, path);
    if (kind == "throttled") return ThrottledFromJson(j, path, 0);
  } catch (const std::invalid_argument& e) {  // a constructor's own check
    bj::Fail(path, e.what());
  }
  bj::Fail(path + "/kind", "unknown policy kind '" + kind + "' (known: linear, hybrid_lin_ucb, mlp, tabular, throttled)");
}

}  // namespace campsim
