#include "policies/policy.h"

#include <vector>

#include "core/rng.h"
#include "policies/explore.h"

namespace campsim {

double DecisionUniform(std::uint64_t seed, DecisionId decision_id) {
  return Rng(seed, StreamTag::kAgent, decision_id, 0).Uniform();
}

Decision Policy::Act(std::span<const float> context, std::span<const std::uint8_t> eligible,
                     DecisionId decision_id, std::uint64_t seed) const {
  std::vector<double> pmf(eligible.size());
  Pmf(context, eligible, pmf);
  const int action = SampleFromPmf(pmf, DecisionUniform(seed, decision_id));
  return Decision{action, pmf[action]};
}

}  // namespace campsim
