// Policy bundles from runs: what `campsim run` writes for every trained arm and what
// `campsim export` rebuilds from a run folder's checkpoint.
//
// Contract: a bundle carries the world's feature pipeline and action catalogue, so scoring
// it on the raw inputs of a user reproduces the in-simulator policy's probabilities exactly.
// Rebuilding from a checkpoint gives the same bundle as the one written at the end of the
// run (byte for byte).
#ifndef CAMPSIM_SCENARIOS_POLICY_EXPORT_H_
#define CAMPSIM_SCENARIOS_POLICY_EXPORT_H_

#include <string>

#include "policies/policy_bundle.h"
#include "scenarios/registry.h"
#include "scenarios/scenario_config.h"
#include "sim/world_model.h"

namespace campsim {

// A bundle for `config`'s world without a policy: its feature pipeline, actions, scenario
// name and hash (of `resolved_yaml`), and the scenario's seed for sampling.
PolicyBundle ScenarioBundle(const ScenarioConfig& config, const WorldModel& model,
                            const std::string& resolved_yaml);

// The bundle of one arm's frozen policy. `decisions` is the number of decisions it learned
// from; `resolved_yaml` is hashed into the bundle.
PolicyBundle MakePolicyBundle(const ScenarioConfig& config, const WorldModel& model, int arm,
                              std::shared_ptr<const Policy> policy, std::int64_t decisions,
                              const std::string& resolved_yaml);

// Run-folder file names of an arm's checkpoint and bundle.
std::string CheckpointFileName(const std::string& arm);
std::string PolicyFileName(const std::string& arm);
// A checkpoint file: a header naming the arm, its agent and the decisions it learned from,
// then the agent's SaveState() text.
std::string CheckpointText(const std::string& arm, const std::string& agent, std::int64_t decisions,
                           const std::string& state);

// Rebuilds arm `arm_name`'s agent from `dir`/config.resolved.yaml and its checkpoint and
// exports its policy. Throws ConfigError or OutputError naming the file and what is wrong.
PolicyBundle ExportFromRunFolder(const std::string& dir, const std::string& arm_name,
                                 const Registry& registry);

}  // namespace campsim

#endif  // CAMPSIM_SCENARIOS_POLICY_EXPORT_H_
