#include "policies/policy_bundle.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

#include "policies/explore.h"
#include "policies/json_access.h"
#include "policies/sha256.h"

namespace campsim {

namespace {

using bundle_json::Json;
namespace bj = bundle_json;

constexpr const char* kFormat = "campsim-policy";
constexpr const char* kChecksumPrefix = "sha256:";
const std::string kZeroDigest(64, '0');

// The checksum covers the file's bytes with its own 64 digits replaced by zeros.
std::string ContentDigest(std::string_view text, std::size_t digest_at) {
  std::string copy(text);
  copy.replace(digest_at, 64, kZeroDigest);
  return Sha256Hex(copy);
}

Json StepToJson(const FeatureStep& s, const FeatureInput& input) {
  using Op = FeatureStep::Op;
  Json j = {{"op", FeatureStepName(s.op)}};
  auto bound = [](double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); };
  switch (s.op) {
    case Op::kFillMissing: j["value"] = s.a; break;
    case Op::kClip: j["min"] = bound(s.a); j["max"] = bound(s.b); break;
    case Op::kLog1p: break;
    case Op::kDivide: j["by"] = s.a; break;
    case Op::kStandardize: j["mean"] = s.a; j["sd"] = s.b; break;
    case Op::kOneHot: j["category"] = input.categories.at(static_cast<std::size_t>(s.a)); break;
  }
  return j;
}

Json FeaturesToJson(const FeaturePipeline& fp) {
  Json inputs = Json::array(), outputs = Json::array();
  for (const auto& in : fp.inputs()) {
    Json j = {{"name", in.name}, {"type", in.categorical() ? "categorical" : "numeric"},
              {"description", in.description}};
    if (in.categorical()) j["categories"] = in.categories;
    inputs.push_back(j);
  }
  for (const auto& out : fp.outputs()) {
    Json steps = Json::array();
    for (const auto& s : out.steps) steps.push_back(StepToJson(s, fp.inputs()[out.input]));
    outputs.push_back({{"name", out.name}, {"input", fp.inputs()[out.input].name}, {"steps", steps}});
  }
  return {{"inputs", inputs}, {"outputs", outputs}};
}

FeatureStep StepFromJson(const Json& j, const std::string& path, const FeatureInput& input) {
  using Op = FeatureStep::Op;
  const std::string op = bj::StringField(j, path, "op");
  auto bound = [&](const char* key, double unbounded) {
    const Json& v = bj::Field(j, path, key);
    return v.is_null() ? unbounded : bj::Number(v, path + "/" + key);
  };
  constexpr double kInf = std::numeric_limits<double>::infinity();
  if (op == "fill_missing") return {Op::kFillMissing, bj::NumberField(j, path, "value"), 0.0};
  if (op == "clip") return {Op::kClip, bound("min", -kInf), bound("max", kInf)};
  if (op == "log1p") return {Op::kLog1p, 0.0, 0.0};
  if (op == "divide") return {Op::kDivide, bj::NumberField(j, path, "by"), 0.0};
  if (op == "standardize") {
    return {Op::kStandardize, bj::NumberField(j, path, "mean"), bj::NumberField(j, path, "sd")};
  }
  if (op == "one_hot") {
    const std::string category = bj::StringField(j, path, "category");
    const auto& cats = input.categories;
    const auto it = std::find(cats.begin(), cats.end(), category);
    if (it == cats.end()) bj::Fail(path + "/category", "'" + category + "' is not a category of input '" + input.name + "'");
    return {Op::kOneHot, static_cast<double>(it - cats.begin()), 0.0};
  }
  bj::Fail(path + "/op", "unknown step '" + op + "' (known: fill_missing, clip, log1p, divide, standardize, one_hot)");
}

FeaturePipeline FeaturesFromJson(const Json& j, const std::string& path) {
  FeaturePipeline fp;
  const Json& inputs = bj::Field(j, path, "inputs");
  if (!inputs.is_array()) bj::Fail(path + "/inputs", "expected an array");
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const std::string ip = path + "/inputs/" + std::to_string(i);
    FeatureInput in;
    in.name = bj::StringField(inputs[i], ip, "name");
    const std::string type = bj::StringField(inputs[i], ip, "type");
    if (type == "categorical") {
      const Json& cats = bj::Field(inputs[i], ip, "categories");
      if (!cats.is_array() || cats.empty()) bj::Fail(ip + "/categories", "expected a non-empty array of names");
      for (std::size_t c = 0; c < cats.size(); ++c) in.categories.push_back(bj::String(cats[c], ip + "/categories/" + std::to_string(c)));
    } else if (type != "numeric") {
      bj::Fail(ip + "/type", "expected numeric or categorical, not '" + type + "'");
    }
    if (inputs[i].contains("description")) in.description = bj::StringField(inputs[i], ip, "description");
    try {
      fp.AddInput(std::move(in));
    } catch (const FeatureError& e) {
      bj::Fail(ip, e.what());
    }
  }
  const Json& outputs = bj::Field(j, path, "outputs");
  if (!outputs.is_array()) bj::Fail(path + "/outputs", "expected an array");
  for (std::size_t o = 0; o < outputs.size(); ++o) {
    const std::string op = path + "/outputs/" + std::to_string(o);
    FeatureOutput out;
    out.name = bj::StringField(outputs[o], op, "name");
    const std::string input = bj::StringField(outputs[o], op, "input");
    out.input = fp.InputIndex(input);
    if (out.input < 0) bj::Fail(op + "/input", "no input named '" + input + "'");
    const Json& steps = bj::Field(outputs[o], op, "steps");
    if (!steps.is_array()) bj::Fail(op + "/steps", "expected an array");
    for (std::size_t s = 0; s < steps.size(); ++s) {
      out.steps.push_back(StepFromJson(steps[s], op + "/steps/" + std::to_string(s), fp.inputs()[out.input]));
    }
    try {
      fp.AddOutput(std::move(out));
    } catch (const FeatureError& e) {
      bj::Fail(op, e.what());
    }
  }
  return fp;
}

// nlohmann would write NaN and infinity as null: refuse instead of writing a bundle that
// cannot be read back.
void RequireFinite(const Json& j, const std::string& path) {
  if (j.is_number_float() && !std::isfinite(j.get<double>())) {
    throw BundleError(path + ": the policy holds a non-finite number; it cannot be exported");
  }
  if (j.is_object()) {
    for (const auto& [key, value] : j.items()) RequireFinite(value, path + "/" + key);
  } else if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i) RequireFinite(j[i], path + "/" + std::to_string(i));
  }
}

void CheckConsistent(const PolicyBundle& b) {
  if (!b.policy) throw BundleError("the bundle has no policy");
  if (b.features.num_outputs() != static_cast<std::size_t>(b.policy->num_features())) {
    throw BundleError("/features/outputs: " + std::to_string(b.features.num_outputs()) +
                      " features, but the policy reads " + std::to_string(b.policy->num_features()));
  }
  if (b.actions.size() != static_cast<std::size_t>(b.policy->num_actions())) {
    throw BundleError("/actions: " + std::to_string(b.actions.size()) + " actions, but the policy scores " +
                      std::to_string(b.policy->num_actions()));
  }
  if (!(b.probability_floor >= 0.0 && b.probability_floor * static_cast<double>(b.actions.size()) <= 1.0)) {
    throw BundleError("/sampling/probability_floor: expected a number in [0, 1/" +
                      std::to_string(b.actions.size()) + "]");
  }
}

}  // namespace

void PolicyBundle::PmfFromContext(std::span<const float> context, std::span<const std::uint8_t> eligible,
                                  std::span<double> out) const {
  policy->Pmf(context, eligible, out);
  if (probability_floor <= 0.0) return;
  double n = 0.0;
  for (std::uint8_t e : eligible) n += e ? 1.0 : 0.0;
  const double keep = 1.0 - n * probability_floor;
  for (std::size_t a = 0; a < out.size(); ++a) {
    if (eligible[a]) out[a] = probability_floor + keep * out[a];
  }
}

void PolicyBundle::Pmf(std::span<const double> raw, std::span<const std::uint8_t> eligible,
                       std::span<double> out) const {
  thread_local std::vector<float> context;
  context.resize(features.num_outputs());
  features.Transform(raw, context);
  PmfFromContext(context, eligible, out);
}

Decision PolicyBundle::Decide(std::span<const double> raw, std::span<const std::uint8_t> eligible,
                              DecisionId decision_id) const {
  thread_local std::vector<double> pmf;
  pmf.resize(eligible.size());
  Pmf(raw, eligible, pmf);
  const int action = SampleFromPmf(pmf, DecisionUniform(decision_seed, decision_id));
  return Decision{action, pmf[action]};
}

std::string WritePolicyBundle(const PolicyBundle& b) {
  CheckConsistent(b);
  Json actions = Json::array();
  for (const auto& a : b.actions) {
    actions.push_back({{"name", a.name}, {"channel", a.channel}, {"message", a.message}, {"cost", a.cost}});
  }
  Json j = {{"format", kFormat},
            {"schema_version", kPolicyBundleSchemaVersion},
            {"scenario", {{"name", b.scenario_name}, {"sha256", b.scenario_hash}}},
            {"training", b.training},
            {"features", FeaturesToJson(b.features)},
            {"actions", actions},
            {"sampling",
             {{"generator", "philox2x64-10"},
              {"seed", std::to_string(b.decision_seed)},
              {"probability_floor", b.probability_floor}}},
            {"policy", PolicyToJson(*b.policy)},
            {"checksum", std::string(kChecksumPrefix) + kZeroDigest}};
  RequireFinite(j, "");
  std::string text;
  try {
    text = j.dump(1) + "\n";
  } catch (const Json::exception& e) {
    throw BundleError(std::string("cannot write the bundle: ") + e.what());
  }
  const std::size_t at = text.rfind(std::string(kChecksumPrefix) + kZeroDigest) + std::string(kChecksumPrefix).size();
  text.replace(at, 64, ContentDigest(text, at));
  return text;
}

PolicyBundle ReadPolicyBundle(std::string_view text, const std::string& source) {
  try {
    Json j;
    try {
      j = Json::parse(text.begin(), text.end());
    } catch (const Json::parse_error& e) {
      throw BundleError(std::string("not valid JSON (truncated or corrupted?): ") + e.what());
    }
    if (!j.is_object()) bj::Fail("", "expected a JSON object");
    if (bj::StringField(j, "", "format") != kFormat) bj::Fail("/format", std::string("expected \"") + kFormat + "\"");
    const auto version = bj::IntegerField(j, "", "schema_version", 1, std::numeric_limits<std::int32_t>::max());
    if (version > kPolicyBundleSchemaVersion) {
      bj::Fail("/schema_version", "bundle schema version " + std::to_string(version) +
                                      " is newer than this reader understands (" +
                                      std::to_string(kPolicyBundleSchemaVersion) + "); upgrade campsim");
    }
    const std::string checksum = bj::StringField(j, "", "checksum");
    const std::size_t prefix = std::string(kChecksumPrefix).size();
    if (checksum.size() != prefix + 64 || checksum.compare(0, prefix, kChecksumPrefix) != 0 ||
        checksum.find_first_not_of("0123456789abcdef", prefix) != std::string::npos) {
      bj::Fail("/checksum", "expected \"sha256:\" and 64 lowercase hex digits");
    }
    const std::string quoted = "\"" + checksum + "\"";
    const std::size_t at = text.find(quoted);
    if (at == std::string_view::npos || text.find(quoted, at + 1) != std::string_view::npos) {
      bj::Fail("/checksum", "the digest must appear exactly once in the file");
    }
    const std::string actual = ContentDigest(text, at + 1 + prefix);
    if (actual != checksum.substr(prefix)) {
      bj::Fail("/checksum", "content does not match the checksum (the file was modified after it was "
                            "written); computed sha256:" + actual);
    }
    PolicyBundle b;
    const Json& scenario = bj::Field(j, "", "scenario");
    b.scenario_name = bj::StringField(scenario, "/scenario", "name");
    b.scenario_hash = bj::StringField(scenario, "/scenario", "sha256");
    b.training = bj::Field(j, "", "training");
    if (!b.training.is_object()) bj::Fail("/training", "expected an object");
    b.features = FeaturesFromJson(bj::Field(j, "", "features"), "/features");
    const Json& actions = bj::Field(j, "", "actions");
    if (!actions.is_array() || actions.empty()) bj::Fail("/actions", "expected a non-empty array");
    for (std::size_t a = 0; a < actions.size(); ++a) {
      const std::string ap = "/actions/" + std::to_string(a);
      BundleAction action{bj::StringField(actions[a], ap, "name"), bj::StringField(actions[a], ap, "channel"),
                          bj::StringField(actions[a], ap, "message"), bj::NumberField(actions[a], ap, "cost")};
      if (action.cost < 0.0) bj::Fail(ap + "/cost", "expected a number >= 0");
      b.actions.push_back(std::move(action));
    }
    const Json& sampling = bj::Field(j, "", "sampling");
    if (bj::StringField(sampling, "/sampling", "generator") != "philox2x64-10") {
      bj::Fail("/sampling/generator", "expected \"philox2x64-10\"");
    }
    const std::string seed = bj::StringField(sampling, "/sampling", "seed");
    if (seed.empty() || seed.size() > 20 || seed.find_first_not_of("0123456789") != std::string::npos) {
      bj::Fail("/sampling/seed", "expected a decimal unsigned 64-bit integer in a string");
    }
    try {
      b.decision_seed = std::stoull(seed);
    } catch (const std::exception&) {
      bj::Fail("/sampling/seed", "expected a decimal unsigned 64-bit integer in a string");
    }
    b.probability_floor = bj::NumberField(sampling, "/sampling", "probability_floor");
    b.policy = PolicyFromJson(bj::Field(j, "", "policy"), "/policy");
    CheckConsistent(b);
    return b;
  } catch (const BundleError& e) {
    throw BundleError(source + ": " + e.what());
  } catch (const std::exception& e) {  // allocation failures and anything unforeseen
    throw BundleError(source + ": unreadable bundle: " + e.what());
  }
}

PolicyBundle LoadPolicyBundle(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw BundleError(path + ": cannot open the policy bundle");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return ReadPolicyBundle(buffer.str(), path);
}

}  // namespace campsim
