// The agent contracts. Agents own mutable learning state; the world never calls them.
//
// MessageAgent answers MessageBatches (DESIGN.md section 3):
// - Act() writes one decision per row: an eligible action and the exact probability with
//   which the agent chose it (its propensity, which is logged). It must not read
//   batch.expected_reward unless it is an oracle.
// - Learn() receives matured feedback in canonical order at sync points. Agents that do not
//   learn implement it as a no-op, explicitly.
// - Decisions depend only on the agent's state, the batch, and streams named by the run's
//   seed and each row's decision id, so the same seed gives the same decisions.
//
// BudgetAgent answers BudgetObservations with the spend per budget line for the next period.
#ifndef CAMPSIM_AGENTS_AGENT_H_
#define CAMPSIM_AGENTS_AGENT_H_

#include "policies/decisions.h"

namespace campsim {

class MessageAgent {
 public:
  virtual ~MessageAgent() = default;
  virtual void Act(const MessageBatch& batch, Decisions& out) = 0;
  virtual void Learn(const FeedbackBatch& feedback) = 0;
};

class BudgetAgent {
 public:
  virtual ~BudgetAgent() = default;
  virtual BudgetAction Act(const BudgetObservation& observation) = 0;
};

}  // namespace campsim

#endif  // CAMPSIM_AGENTS_AGENT_H_
