// PolicyBundle: everything a decision service needs to score a trained policy without
// campsim — the feature pipeline, the action catalogue, the frozen policy, the sampling rule —
// in one JSON file (format: docs/policy-format.md).
//
// Contract:
// - WritePolicyBundle(b) followed by ReadPolicyBundle gives a bundle whose Pmf equals b's
//   bit for bit (numbers are written in shortest round-trip form).
// - The file carries a SHA-256 content checksum; ReadPolicyBundle rejects a malformed,
//   truncated, tampered or newer-schema file with a BundleError naming the file, the JSON
//   path and what would be valid. It never crashes on any input.
// - Decide() samples with the uniform DecisionUniform(sampling seed, decision id), so a
//   logged decision and its propensity replay exactly wherever the bundle is scored.
#ifndef CAMPSIM_POLICIES_POLICY_BUNDLE_H_
#define CAMPSIM_POLICIES_POLICY_BUNDLE_H_

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "policies/feature_pipeline.h"
#include "policies/policy.h"

namespace campsim {

inline constexpr int kPolicyBundleSchemaVersion = 1;

class BundleError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct BundleAction {
  std::string name;
  std::string channel;  // empty for no_send
  std::string message;  // empty for no_send
  double cost = 0.0;    // per send, currency units
};

struct PolicyBundle {
  std::shared_ptr<const Policy> policy;
  FeaturePipeline features;           // outputs() in the policy's context order
  std::vector<BundleAction> actions;  // index = action id; 0 is no_send
  // Every eligible action gets at least this probability (a mixture with the uniform over
  // the eligible actions): p' = floor + (1 - n_eligible * floor) * p. 0 <= floor <= 1/actions.
  double probability_floor = 0.0;
  std::uint64_t decision_seed = 0;    // the seed of Decide's stream
  std::string scenario_name;
  std::string scenario_hash;          // SHA-256 of the resolved scenario YAML
  nlohmann::json training = nlohmann::json::object();  // agent, seed, decisions, ...

  // Probabilities of every action for one row of raw inputs. Throws FeatureError on bad raw
  // values and std::invalid_argument on a bad mask.
  void Pmf(std::span<const double> raw, std::span<const std::uint8_t> eligible,
           std::span<double> out) const;
  // Pmf from an already featurised context (the policy's input).
  void PmfFromContext(std::span<const float> context, std::span<const std::uint8_t> eligible,
                      std::span<double> out) const;
  Decision Decide(std::span<const double> raw, std::span<const std::uint8_t> eligible,
                  DecisionId decision_id) const;
};

// The bundle as JSON text, checksum included. Throws BundleError if it holds non-finite
// numbers or parts that disagree (feature or action counts).
std::string WritePolicyBundle(const PolicyBundle& bundle);
// `source` names the file in error messages.
PolicyBundle ReadPolicyBundle(std::string_view text, const std::string& source);
PolicyBundle LoadPolicyBundle(const std::string& path);

// The frozen policy as the bundle's "policy" object, and back. PolicyFromJson throws
// BundleError with `path` (a JSON pointer) in the message.
nlohmann::json PolicyToJson(const Policy& policy);
std::shared_ptr<const Policy> PolicyFromJson(const nlohmann::json& j, const std::string& path);

}  // namespace campsim

#endif  // CAMPSIM_POLICIES_POLICY_BUNDLE_H_
