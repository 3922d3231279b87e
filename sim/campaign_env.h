// CampaignEnv: the facade through which agents meet the world (DESIGN.md section 3).
//
// The world never calls an agent. The caller loops:
//   const EnvStep* s = &env.Reset();
//   while (!s->done()) {
//     if (s->kind == EnvStep::Kind::kBudget) s = &env.Step(budget_agent.Act(s->budget));
//     else s = &env.Step(message_agent.Act(s->messages));     // Decisions
//     learn from s->feedback
//   }
//
// Contract:
// - Time advances to the next stop: a sync boundary, a budget period start, a scheduled
//   decision time, or the horizon. At one time, in that order: feedback whose attribution
//   window closed is released (at sync boundaries only, in canonical (decision time, user)
//   order), the budget request is handed out, then the message requests, in batches of at
//   most engine.max_batch users in increasing user id.
// - Scheduled decisions happen at schedule.hour + k * schedule.every_days while the
//   decision's attribution window fits in the horizon, so every decision's feedback matures
//   before the run ends. A world without owned channels (no action but no_send) has none.
// - A step's feedback holds what matured since the previous step. Step() must answer the
//   kind of request the last step handed out; anything else throws std::logic_error, and
//   invalid decisions throw std::invalid_argument (see ValidateDecisions).
// - Same config and seed give the same sequence of steps, bit for bit.
#ifndef CAMPSIM_SIM_CAMPAIGN_ENV_H_
#define CAMPSIM_SIM_CAMPAIGN_ENV_H_

#include <memory>
#include <optional>
#include <vector>

#include "core/worker_pool.h"
#include "policies/decisions.h"
#include "sim/budget_ledger.h"
#include "sim/metrics.h"
#include "sim/paid_channel.h"
#include "sim/pending_feedback.h"
#include "sim/shard.h"
#include "sim/world_model.h"

namespace campsim {

struct EnvStep {
  enum class Kind { kMessages, kBudget, kDone };
  Kind kind = Kind::kDone;
  SimTime time = 0;
  MessageBatch messages;     // kind == kMessages
  BudgetObservation budget;  // kind == kBudget
  FeedbackBatch feedback;    // matured since the previous step
  bool done() const { return kind == Kind::kDone; }
};

class CampaignEnv {
 public:
  // Validates the config (throws ConfigError) and prepares a world for `seed`. `threads`
  // (>= 1) advance shards and build message batches in parallel; every output is identical
  // for any thread count (shards own their users; batch rows are written in place).
  CampaignEnv(const WorldConfig& config, std::uint64_t seed, int threads = 1);

  const WorldModel& model() const { return model_; }
  const MessageProblem& problem() const { return model_.problem(); }
  // The environment's threads, for agents that score a batch in parallel (MessageAgent::Act).
  WorkerPool& pool() { return *pool_; }

  // Settings for the next runs; both throw std::logic_error during a run (after Reset() and
  // before the done step).
  // Whether feedback carries the decisions' contexts (default true). With false, feedback has
  // num_features 0 and no contexts, and pending decisions do not keep them (for agents that
  // never read them, MessageAgent::LearnsFromContexts).
  void set_feedback_contexts(bool keep);
  // Whether feedback carries rows at all (default true). With false, every step's feedback
  // has no rows (its spend status is still set at sync points) and no decision is kept until
  // its window closes (for agents that never learn from rows, MessageAgent::LearnsFromFeedback).
  void set_feedback_rows(bool keep);
  // Which context features message batches compute: nullopt (the default) = all; otherwise
  // only the listed ones (MessageAgent::FeaturesRead; throws std::out_of_range for an index
  // that is not a feature), the others being NaN (and the others' feature errors, such as a
  // missing input without a fill step, are not detected). Feedback then carries those same
  // contexts: meant for agents that do not learn from contexts.
  void set_batch_features(std::optional<std::vector<int>> which);

  // Starts (or restarts) the run and returns the first request.
  const EnvStep& Reset();
  // Answers a kMessages step.
  const EnvStep& Step(const Decisions& decisions);
  // Answers a kBudget step.
  const EnvStep& Step(const BudgetAction& action);

  // The budget problem of this world (lines, periods, total, the paid lines' true response
  // curves on the population as Reset() generated it). Call after Reset().
  const BudgetProblem& budget_problem();
  // The budget status now, as a budget request would show it; after the horizon it holds
  // every period's attributed revenue (what budget learners score an episode by).
  BudgetObservation BudgetStatus() const;

  // Metrics of all shards merged in shard order.
  Metrics MergedMetrics() const;
  const BudgetLedger& ledger() const { return ledger_; }
  const PopulationState& population() const { return pop_; }
  // Spend granted per period and budget line (currency units).
  const std::vector<std::vector<double>>& period_spend() const { return period_spend_; }
  SimTime now() const { return now_; }
  double progress() const;
  std::uint64_t events_processed() const;

 private:
  enum class Awaiting { kNothing, kMessages, kBudget };

  const EnvStep& Advance();
  void AdvanceShards(SimTime t);
  // Users who have not churned (the rows of a decision time that starts now).
  std::size_t CountActiveUsers();
  void ReleaseFeedback(SimTime t);
  bool BuildMessageChunk();
  void FillBudgetObservation(BudgetObservation& obs) const;

  WorldModel model_;
  std::uint64_t seed_;
  PopulationState pop_;
  BudgetLedger ledger_;
  std::vector<PaidChannel> paid_;
  std::vector<std::unique_ptr<Shard>> shards_;
  PendingFeedback pending_;  // decisions whose attribution window is open
  std::unique_ptr<WorkerPool> pool_;
  std::vector<std::uint8_t> funded_;  // per batch row: the ledger paid for the send
  std::vector<Shard::Resolved> resolved_;           // per batch row: its response (Step)
  RowArray<SendOdds> odds_;  // per batch row and eligible send: what Step resolves it with
  std::vector<ConversionCache> conversion_caches_;  // one per pool slot (memo only)
  std::vector<std::vector<double>> period_spend_;
  std::unique_ptr<BudgetProblem> budget_problem_;  // made on first request after Reset()
  EnvStep step_;
  Awaiting awaiting_ = Awaiting::kNothing;
  SimTime now_ = 0;
  SimTime next_sync_ = 0;
  SimTime next_period_ = 0;
  SimTime next_decision_ = 0;
  int period_ = 0;
  bool deciding_ = false;  // handing out the batches of the decision time now_
  UserId cursor_ = 0;      // next user to consider at that decision time
  std::size_t decision_users_ = 0;  // users not churned at that decision time
  double paid_shift_ = 0.0;
  bool started_ = false;
  bool feedback_contexts_ = true;
  bool feedback_rows_ = true;
  std::optional<FeatureSubset> batch_features_;
};

}  // namespace campsim

#endif  // CAMPSIM_SIM_CAMPAIGN_ENV_H_
