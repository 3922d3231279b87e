#include "agents/agent.h"

#include <vector>

#include "policies/explore.h"

namespace campsim {

void MessageAgent::Act(const MessageBatch& batch, Decisions& out) const {
  out.Resize(batch.size());
  std::vector<double> pmf(static_cast<std::size_t>(batch.num_actions));
  for (std::size_t i = 0; i < batch.size(); ++i) {
    Pmf(batch, i, pmf);
    const int action = SampleFromPmf(pmf, DecisionUniform(seed_, batch.decision_ids[i]));
    out.actions[i] = action;
    out.propensities[i] = pmf[action];
  }
}

}  // namespace campsim
