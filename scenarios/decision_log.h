// The decision log: every message decision with its propensity, in Open Bandit Pipeline's
// logged-feedback shape (context, action, reward, pscore, position) plus what only a
// simulator knows, the exact expected reward of every action.
//
// Contract: rows are in canonical feedback order (decision time, user); one row per
// decision, written when its feedback matures. Columns are held in memory as arrays (for
// Python) and written as CSV: decision_id, time, user, action, action_name, reward, pscore,
// position, cost, context_0..context_{d-1}, expected_reward_0..expected_reward_{K-1},
// eligible_0..eligible_{K-1}.
// Feature and action names are in the problem (MessageProblem) and in the run folder's
// decision_log_schema.json.
#ifndef CAMPSIM_SCENARIOS_DECISION_LOG_H_
#define CAMPSIM_SCENARIOS_DECISION_LOG_H_

#include <string>
#include <unordered_map>
#include <vector>

#include "policies/decisions.h"

namespace campsim {

struct DecisionLog {
  int num_features = 0;
  int num_actions = 0;
  std::vector<std::string> feature_names;
  std::vector<std::string> action_names;
  std::vector<DecisionId> decision_ids;
  std::vector<SimTime> times;
  std::vector<UserId> users;
  std::vector<std::int32_t> actions;
  std::vector<double> rewards;
  std::vector<double> pscores;
  std::vector<std::int32_t> positions;  // always 0: one slot per decision
  std::vector<double> costs;
  std::vector<float> contexts;          // size() x num_features
  std::vector<double> expected_rewards; // size() x num_actions
  std::vector<std::uint8_t> eligible;   // size() x num_actions

  std::size_t size() const { return decision_ids.size(); }
  std::string ToCsv() const;
  std::string SchemaJson() const;
};

// Builds a DecisionLog from the batches and the feedback of one run.
class DecisionRecorder {
 public:
  explicit DecisionRecorder(const MessageProblem& problem);
  // Remembers the ground truth of every row until its feedback arrives.
  void OnBatch(const MessageBatch& batch);
  void OnFeedback(const FeedbackBatch& feedback);
  const DecisionLog& log() const { return log_; }

 private:
  DecisionLog log_;
  struct Pending {
    std::vector<double> truth;
    std::vector<std::uint8_t> eligible;
  };
  std::unordered_map<DecisionId, Pending> pending_;
};

}  // namespace campsim

#endif  // CAMPSIM_SCENARIOS_DECISION_LOG_H_
