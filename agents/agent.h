// The agent contracts. Agents own mutable learning state; the world never calls them.
//
// MessageAgent answers MessageBatches (DESIGN.md section 3):
// - Pmf() gives the exact probability of every action for one row: 0 on ineligible actions,
//   eligible ones summing to 1. It depends only on the agent's state and the row (and, for
//   oracles only, the row's expected_reward), never on other rows.
// - Act() (non-virtual) draws each row's action from BatchPmf() (= Pmf row by row) with the stream
//   (seed, agent, decision id) and logs that probability as the propensity, so the logged
//   propensity is exact and the same seed gives the same decisions.
// - Learn() receives matured feedback in canonical order at sync points; agents that do not
//   learn implement it as a no-op, explicitly. Learning from an empty batch changes nothing.
//   It may use the pool's threads when one is given; what it learns must not depend on the
//   pool (the same as with none, bit for bit).
//
// Optional capabilities are separate interfaces: CheckpointableAgent (save and load the
// learning state exactly) and ExportableAgent (freeze the current decision rule as a
// Policy whose Pmf equals the agent's).
//
// BudgetAgent answers BudgetObservations with the spend per budget line for the next period.
#ifndef CAMPSIM_AGENTS_AGENT_H_
#define CAMPSIM_AGENTS_AGENT_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/worker_pool.h"
#include "policies/decisions.h"
#include "policies/policy.h"

namespace campsim {

class MessageAgent {
 public:
  explicit MessageAgent(std::uint64_t seed) : seed_(seed) {}
  virtual ~MessageAgent() = default;

  virtual void Pmf(const MessageBatch& batch, std::size_t row, std::span<double> out) const = 0;
  // Pmf of every row at once (batch.size() x num_actions, row-major). The default calls Pmf
  // row by row, on the pool's threads when one is given (Pmf is const and must be safe to
  // call concurrently); agents whose cost is per call (a Python agent) override it. Must
  // equal Pmf.
  virtual void BatchPmf(const MessageBatch& batch, std::span<double> out, WorkerPool* pool = nullptr) const;
  virtual void Learn(const FeedbackBatch& feedback, WorkerPool* pool = nullptr) = 0;
  // False promises that Learn() never reads feedback contexts: an environment may then hand
  // out feedback without them (num_features 0), saving their storage and copies.
  virtual bool LearnsFromContexts() const { return true; }
  // False promises that Learn() never reads feedback rows (it may read the spend status, now
  // and the budget fields): an environment may then hand out feedback without rows, and keep
  // no pending decisions at all.
  virtual bool LearnsFromFeedback() const { return true; }
  // The context features Pmf() reads (indices into MessageProblem::feature_names), or nullopt
  // (the default) for all of them. An environment may hand this agent batches whose other
  // features are NaN; Pmf() must then give what it gives on the full batch.
  virtual std::optional<std::vector<int>> FeaturesRead() const { return std::nullopt; }
  // Decisions for every row; the same for any pool (rows are independent).
  void Act(const MessageBatch& batch, Decisions& out, WorkerPool* pool = nullptr) const;

  std::uint64_t seed() const { return seed_; }

 private:
  std::uint64_t seed_;
};

class CheckpointableAgent {
 public:
  virtual ~CheckpointableAgent() = default;
  // The complete learning state as text; LoadState(SaveState()) restores it exactly.
  virtual std::string SaveState() const = 0;
  // Throws std::invalid_argument naming what is wrong with `state`.
  virtual void LoadState(const std::string& state) = 0;
};

class ExportableAgent {
 public:
  virtual ~ExportableAgent() = default;
  virtual std::unique_ptr<Policy> ExportPolicy() const = 0;
};

class BudgetAgent {
 public:
  virtual ~BudgetAgent() = default;
  virtual BudgetAction Act(const BudgetObservation& observation) = 0;
};

}  // namespace campsim

#endif  // CAMPSIM_AGENTS_AGENT_H_
