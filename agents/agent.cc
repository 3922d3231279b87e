#include "agents/agent.h"

#include <vector>

#include "policies/explore.h"

namespace campsim {

void MessageAgent::BatchPmf(const MessageBatch& batch, std::span<double> out) const {
  const auto k = static_cast<std::size_t>(batch.num_actions);
  for (std::size_t i = 0; i < batch.size(); ++i) Pmf(batch, i, out.subspan(i * k, k));
}

void MessageAgent::Act(const MessageBatch& batch, Decisions& out) const {
  out.Resize(batch.size());
  const auto k = static_cast<std::size_t>(batch.num_actions);
  thread_local std::vector<double> pmf;
  pmf.resize(batch.size() * k);
  BatchPmf(batch, pmf);
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const std::span<const double> row(pmf.data() + i * k, k);
    const int action = SampleFromPmf(row, DecisionUniform(seed_, batch.decision_ids[i]));
    out.actions[i] = action;
    out.propensities[i] = row[action];
  }
}

}  // namespace campsim
