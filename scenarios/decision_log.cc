#include "scenarios/decision_log.h"

#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "core/config.h"

namespace campsim {

DecisionRecorder::DecisionRecorder(const MessageProblem& problem) {
  log_.num_features = problem.num_features();
  log_.num_actions = problem.num_actions();
  log_.feature_names = problem.feature_names;
  for (const auto& a : problem.actions) log_.action_names.push_back(a.name);
}

void DecisionRecorder::OnBatch(const MessageBatch& batch) {
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const auto truth = batch.ExpectedReward(i);
    const auto eligible = batch.Eligible(i);
    Pending& p = pending_[batch.decision_ids[i]];
    p.truth.assign(truth.begin(), truth.end());
    p.eligible.assign(eligible.begin(), eligible.end());
  }
}

void DecisionRecorder::OnFeedback(const FeedbackBatch& f) {
  for (std::size_t i = 0; i < f.size(); ++i) {
    const auto it = pending_.find(f.decision_ids[i]);
    if (it == pending_.end()) throw std::logic_error("decision log: feedback for an unseen decision");
    log_.decision_ids.push_back(f.decision_ids[i]);
    log_.times.push_back(f.times[i]);
    log_.users.push_back(f.users[i]);
    log_.actions.push_back(f.actions[i]);
    log_.rewards.push_back(f.rewards[i]);
    log_.pscores.push_back(f.propensities[i]);
    log_.positions.push_back(0);
    log_.costs.push_back(f.costs[i]);
    const auto context = f.Context(i);
    log_.contexts.insert(log_.contexts.end(), context.begin(), context.end());
    log_.expected_rewards.insert(log_.expected_rewards.end(), it->second.truth.begin(), it->second.truth.end());
    log_.eligible.insert(log_.eligible.end(), it->second.eligible.begin(), it->second.eligible.end());
    pending_.erase(it);
  }
}

std::string DecisionLog::ToCsv() const {
  std::ostringstream out;
  out << "decision_id,time,user,action,action_name,reward,pscore,position,cost";
  for (int j = 0; j < num_features; ++j) out << ",context_" << j;
  for (int a = 0; a < num_actions; ++a) out << ",expected_reward_" << a;
  for (int a = 0; a < num_actions; ++a) out << ",eligible_" << a;
  out << '\n';
  for (std::size_t i = 0; i < size(); ++i) {
    out << decision_ids[i] << ',' << times[i] << ',' << users[i] << ',' << actions[i] << ','
        << action_names[actions[i]] << ',' << FormatNumber(rewards[i]) << ','
        << FormatNumber(pscores[i]) << ',' << positions[i] << ',' << FormatNumber(costs[i]);
    for (int j = 0; j < num_features; ++j) out << ',' << FormatFloat(contexts[i * num_features + j]);
    for (int a = 0; a < num_actions; ++a) out << ',' << FormatNumber(expected_rewards[i * num_actions + a]);
    for (int a = 0; a < num_actions; ++a) out << ',' << static_cast<int>(eligible[i * num_actions + a]);
    out << '\n';
  }
  return out.str();
}

std::string DecisionLog::SchemaJson() const {
  nlohmann::ordered_json j;
  j["format"] = "campsim decision log v1";
  j["columns"] = {"decision_id", "time", "user", "action", "action_name", "reward", "pscore",
                  "position", "cost", "context_<j>", "expected_reward_<a>", "eligible_<a>"};
  j["feature_names"] = feature_names;
  j["action_names"] = action_names;
  return j.dump(2) + "\n";
}

}  // namespace campsim
