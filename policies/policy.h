// Policy: a frozen, inference-only decision rule. This is what production links.
//
// Contract:
// - Implementations write only Pmf(): the probability of every action given a context and
//   an eligibility mask; 0 on ineligible actions, eligible ones summing to 1. Pmf is a
//   pure function of the policy's parameters and its inputs.
// - Act() (non-virtual) samples from Pmf with the stream (seed, agent, decision id), so a
//   logged decision and its propensity replay exactly wherever the same policy, context,
//   mask, seed and decision id meet again.
#ifndef CAMPSIM_POLICIES_POLICY_H_
#define CAMPSIM_POLICIES_POLICY_H_

#include <cstdint>
#include <span>
#include <string>

#include "core/sim_time.h"

namespace campsim {

struct Decision {
  int action = 0;
  double propensity = 1.0;
};

class Policy {
 public:
  virtual ~Policy() = default;
  virtual std::string kind() const = 0;
  virtual int num_actions() const = 0;
  virtual int num_features() const = 0;
  virtual void Pmf(std::span<const float> context, std::span<const std::uint8_t> eligible,
                   std::span<double> out) const = 0;

  Decision Act(std::span<const float> context, std::span<const std::uint8_t> eligible,
               DecisionId decision_id, std::uint64_t seed) const;
};

// The uniform draw Act() uses for a decision: the first draw of (seed, agent, decision id).
double DecisionUniform(std::uint64_t seed, DecisionId decision_id);

}  // namespace campsim

#endif  // CAMPSIM_POLICIES_POLICY_H_
