#include "policies/policy_bundle.h"

#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <vector>

#include "core/rng.h"
#include "policies/hybrid_linucb_policy.h"
#include "policies/linear_policy.h"
#include "policies/sha256.h"
#include "policies/tabular_policy.h"
#include "policies/throttled_policy.h"

namespace campsim {
namespace {

using Op = FeatureStep::Op;
constexpr int kActions = 4;
constexpr int kFeatures = 4;  // segment=a, segment=b, log_days, spend

std::vector<double> Filled(std::size_t n, double scale, std::uint64_t salt) {
  Rng rng(5, StreamTag::kTest, salt);
  std::vector<double> v(n);
  for (double& x : v) x = scale * rng.Normal();
  return v;
}

// Positive-definite covariances: identity plus a small symmetric perturbation.
std::vector<double> Covariances(int p, bool diagonal, std::uint64_t salt) {
  Rng rng(6, StreamTag::kTest, salt);
  std::vector<double> c;
  for (int a = 0; a < kActions; ++a) {
    if (diagonal) {
      for (int i = 0; i < p; ++i) c.push_back(0.05 + 0.1 * rng.Uniform());
      continue;
    }
    std::vector<double> m(p * p, 0.0);
    for (int i = 0; i < p; ++i) {
      m[i * p + i] = 0.2;
      for (int j = i + 1; j < p; ++j) m[i * p + j] = m[j * p + i] = 0.01 * rng.Normal();
    }
    c.insert(c.end(), m.begin(), m.end());
  }
  return c;
}

std::shared_ptr<const Policy> Linear(LinearExploration rule, bool diagonal = false) {
  LinearPolicyParams p;
  p.exploration = rule;
  p.num_features = kFeatures;
  p.num_actions = kActions;
  p.weights = Filled(kActions * (kFeatures + 1), 0.5, 1);
  p.diagonal = diagonal;
  if (rule == LinearExploration::kUcb || rule == LinearExploration::kThompson) {
    p.covariances = Covariances(kFeatures + 1, diagonal, 2);
  }
  p.epsilon = 0.1;
  p.temperature = 0.3;
  p.alpha = 0.7;
  p.scale = 0.8;
  return std::make_shared<LinearPolicy>(p);
}

std::shared_ptr<const Policy> Hybrid() {
  HybridLinUcbParams p;
  p.num_actions = kActions;
  p.num_features = kFeatures;
  p.num_action_features = 2;
  p.action_features = Filled(kActions * 2, 1.0, 3);
  p.shared_features = {2};
  const int w = kFeatures + 1, k = p.shared_dims();
  p.theta = Filled(kActions * w, 0.3, 4);
  p.a_inverse = Covariances(w, false, 5);
  p.b_matrix = Filled(kActions * w * k, 0.05, 6);
  p.beta = Filled(k, 0.2, 7);
  p.a0_inverse.assign(k * k, 0.0);
  for (int i = 0; i < k; ++i) p.a0_inverse[i * k + i] = 0.3;
  return std::make_shared<HybridLinUcbPolicy>(p);
}

PolicyBundle Bundle(std::shared_ptr<const Policy> policy) {
  PolicyBundle b;
  b.policy = std::move(policy);
  const int segment = b.features.AddInput({"segment", {"a", "b"}, "segment"});
  const int days = b.features.AddInput({"days", {}, "days since"});
  const int spend = b.features.AddInput({"spend", {}, "spend"});
  b.features.AddOutput({"segment=a", segment, {{Op::kOneHot, 0.0}}});
  b.features.AddOutput({"segment=b", segment, {{Op::kOneHot, 1.0}}});
  b.features.AddOutput({"log_days", days,
                        {{Op::kFillMissing, 365.0}, {Op::kClip, 0.0, std::numeric_limits<double>::infinity()}, {Op::kLog1p}}});
  b.features.AddOutput({"spend", spend, {{Op::kStandardize, 20.0, 5.0}}});
  b.actions = {{"no_send", "", "", 0.0}, {"email:a", "email", "a", 0.001}, {"email:b", "email", "b", 0.001},
               {"sms:a", "sms", "a", 0.01}};
  b.decision_seed = 987654321987654321ULL;
  b.scenario_name = "unit";
  b.scenario_hash = Sha256Hex("scenario");
  b.training = {{"agent", "test"}};
  return b;
}

std::vector<std::shared_ptr<const Policy>> AllKinds() {
  return {Linear(LinearExploration::kGreedy),
          Linear(LinearExploration::kEpsilonGreedy),
          Linear(LinearExploration::kSoftmax),
          Linear(LinearExploration::kUcb),
          Linear(LinearExploration::kUcb, true),
          Linear(LinearExploration::kThompson),
          Hybrid(),
          std::make_shared<TabularPolicy>(TabularPolicy::Rule::kArgmax, kFeatures, std::vector<double>{0.1, 0.5, 0.3, 0.2}),
          std::make_shared<TabularPolicy>(TabularPolicy::Rule::kBetaThompson, kFeatures,
                                          std::vector<double>{3, 9, 12, 4}, std::vector<double>{40, 30, 35, 20}),
          std::make_shared<ThrottledPolicy>(Linear(LinearExploration::kThompson),
                                            std::vector<double>{0.0, 0.001, 0.001, 0.01}, 0.8)};
}

std::vector<double> RandomRaw(Rng& rng) {
  const double missing = std::numeric_limits<double>::quiet_NaN();
  return {rng.Bernoulli(0.1) ? missing : static_cast<double>(rng.Below(2)),
          rng.Bernoulli(0.2) ? missing : rng.Exponential(10.0), 20.0 + 5.0 * rng.Normal()};
}

std::vector<std::uint8_t> RandomMask(Rng& rng) {
  std::vector<std::uint8_t> m(kActions);
  for (int a = 0; a < kActions; ++a) m[a] = a == 0 || rng.Bernoulli(0.7) ? 1 : 0;
  return m;
}

TEST(PolicyBundle, RoundTripsEveryPolicyKindExactly) {
  for (const auto& policy : AllKinds()) {
    PolicyBundle original = Bundle(policy);
    original.probability_floor = policy->kind() == "linear_softmax" ? 0.05 : 0.0;
    const std::string text = WritePolicyBundle(original);
    const PolicyBundle loaded = ReadPolicyBundle(text, "bundle.json");
    EXPECT_EQ(WritePolicyBundle(loaded), text) << policy->kind();
    EXPECT_EQ(loaded.policy->kind(), policy->kind());
    Rng rng(9, StreamTag::kTest);
    std::vector<double> a(kActions), b(kActions);
    for (int i = 0; i < 2000; ++i) {
      const auto raw = RandomRaw(rng);
      const auto mask = RandomMask(rng);
      original.Pmf(raw, mask, a);
      loaded.Pmf(raw, mask, b);
      ASSERT_EQ(a, b) << policy->kind();
      const Decision da = original.Decide(raw, mask, 1000 + i), db = loaded.Decide(raw, mask, 1000 + i);
      ASSERT_EQ(da.action, db.action);
      ASSERT_EQ(da.propensity, a[da.action]);
    }
  }
}

TEST(PolicyBundle, ProbabilityFloorMixesWithTheUniform) {
  PolicyBundle b = Bundle(Linear(LinearExploration::kGreedy));
  b.probability_floor = 0.05;
  std::vector<double> pmf(kActions);
  b.Pmf(std::vector<double>{0.0, 3.0, 20.0}, std::vector<std::uint8_t>{1, 1, 0, 1}, pmf);
  EXPECT_EQ(pmf[2], 0.0);
  double total = 0.0;
  for (double p : pmf) total += p;
  EXPECT_NEAR(total, 1.0, 1e-15);
  for (int a : {0, 1, 3}) EXPECT_GE(pmf[a], 0.05);
  b.probability_floor = 0.3;  // above 1/4 actions
  EXPECT_THROW(WritePolicyBundle(b), BundleError);
}

std::string ErrorOf(const std::string& text) {
  try {
    ReadPolicyBundle(text, "p.json");
  } catch (const BundleError& e) {
    return e.what();
  }
  return "(no error)";
}

// Recomputes the checksum after an edit, as a careless tool that "fixes" files would.
std::string Reseal(std::string text) {
  const std::size_t at = text.find("\"sha256:");
  if (at == std::string::npos || at + 8 + 64 > text.size()) return text;
  text.replace(at + 8, 64, std::string(64, '0'));
  text.replace(at + 8, 64, Sha256Hex(text));
  return text;
}

TEST(PolicyBundle, SpecificErrorsForTamperedTruncatedNewerAndMalformedFiles) {
  const std::string text = WritePolicyBundle(Bundle(Linear(LinearExploration::kUcb)));
  std::string tampered = text;
  tampered[tampered.find("\"alpha\": ") + 9] = '9';
  EXPECT_NE(ErrorOf(tampered).find("p.json: /checksum: content does not match the checksum"), std::string::npos)
      << ErrorOf(tampered);
  EXPECT_NE(ErrorOf(text.substr(0, text.size() / 2)).find("p.json: not valid JSON"), std::string::npos);
  std::string newer = text;
  newer.replace(newer.find("\"schema_version\": 1"), 19, "\"schema_version\": 2");
  EXPECT_NE(ErrorOf(newer).find("/schema_version: bundle schema version 2 is newer"), std::string::npos)
      << ErrorOf(newer);
  std::string shape = text;
  shape.replace(shape.find("\"num_actions\": 4"), 16, "\"num_actions\": 3");
  EXPECT_NE(ErrorOf(Reseal(shape)).find("p.json: /policy/weights: expected 3 entries, got 4"), std::string::npos)
      << ErrorOf(Reseal(shape));
  std::string kind = text;
  kind.replace(kind.find("\"kind\": \"linear\""), 16, "\"kind\": \"neural\"");
  EXPECT_NE(ErrorOf(Reseal(kind)).find("/policy/kind: unknown policy kind 'neural'"), std::string::npos);
  std::string step = text;
  step.replace(step.find("\"op\": \"log1p\""), 13, "\"op\": \"log2\" ");
  EXPECT_NE(ErrorOf(Reseal(step)).find("/features/outputs/2/steps/2/op: unknown step 'log2'"), std::string::npos)
      << ErrorOf(Reseal(step));
  EXPECT_NE(ErrorOf("[1, 2]").find("expected a JSON object"), std::string::npos);
}

// Thousands of mutated bundles: each either loads and scores, or fails with a BundleError
// (never another exception, a crash or a hang). The sanitizer build runs this too.
TEST(PolicyBundle, FuzzedBundlesNeverCrashTheLoader) {
  const std::vector<std::string> tokens = {"-1", "0", "1e308", "-1e308", "\"x\"", "null", "[]", "{}",
                                           "true", "2.5", "99999999999999999999", "[[]]", "\"\""};
  Rng rng(11, StreamTag::kTest);
  int loaded = 0, rejected = 0;
  for (const auto& policy : AllKinds()) {
    const std::string base = WritePolicyBundle(Bundle(policy));
    for (int trial = 0; trial < 400; ++trial) {
      std::string text = base;
      const int edits = 1 + static_cast<int>(rng.Below(3));
      for (int e = 0; e < edits; ++e) {
        const std::size_t at = rng.Below(text.size());
        switch (rng.Below(6)) {
          case 0: text[at] = static_cast<char>(rng.Below(256)); break;
          case 1: text.erase(at, 1 + rng.Below(20)); break;
          case 2: text.resize(at); break;
          case 3: text.insert(at, tokens[rng.Below(tokens.size())]); break;
          default: {  // replace a number with another token
            const std::size_t digit = text.find_first_of("0123456789", at);
            if (digit == std::string::npos) break;
            const std::size_t end = text.find_first_of(",\n]}", digit);
            text.replace(digit, end == std::string::npos ? 1 : end - digit, tokens[rng.Below(tokens.size())]);
          }
        }
      }
      if (rng.Bernoulli(0.7)) text = Reseal(text);  // reach the structural checks
      try {
        const PolicyBundle b = ReadPolicyBundle(text, "fuzz.json");
        ++loaded;
        std::vector<double> pmf(b.actions.size());
        std::vector<double> raw(b.features.num_inputs(), 1.0);
        std::vector<std::uint8_t> mask(b.actions.size(), 1);
        try {
          b.Pmf(raw, mask, pmf);
        } catch (const std::invalid_argument&) {  // inputs that do not fit a mutated pipeline
        }
      } catch (const BundleError&) {
        ++rejected;
      }
    }
  }
  EXPECT_GT(rejected, 3000);
  EXPECT_GT(loaded, 0);
}

}  // namespace
}  // namespace campsim
