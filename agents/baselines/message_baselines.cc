#include "agents/baselines/message_baselines.h"

#include <algorithm>

namespace campsim {

void UniformRandomParams::Describe(ConfigVisitor& v) {
  v.Field("include_no_send", include_no_send,
          "Whether no_send is one of the uniform choices when a send is eligible.");
}

void RuleEntry::Describe(ConfigVisitor& v) {
  v.Locate(where);
  v.Field("segment", segment, "Segment the rule applies to (a population segment name).");
  v.Field("action", action, "Action to take, <channel>:<message>.");
  v.Field("every_days", every_days, "Send every this many days.", IntRange(1, 3650));
  v.Field("offset_days", offset_days, "Send on days where day % every_days == offset_days.",
          IntRange(0, 3649));
  v.Require(offset_days < every_days, "offset_days must be smaller than every_days");
}

void RuleParams::Describe(ConfigVisitor& v) {
  v.ListOf("rules", rules, "One rule per segment; segments without a rule get no_send.");
}

void NoSendAgent::Pmf(const MessageBatch&, std::size_t, std::span<double> out) const {
  std::fill(out.begin(), out.end(), 0.0);
  out[kNoSendAction] = 1.0;
}

UniformRandomAgent::UniformRandomAgent(const UniformRandomParams& params,
                                       const MessageProblem& problem)
    : MessageAgent(problem.seed), params_(params) {}

void UniformRandomAgent::Pmf(const MessageBatch& batch, std::size_t row,
                             std::span<double> out) const {
  const auto eligible = batch.Eligible(row);
  int sends = 0;
  for (int a = 1; a < batch.num_actions; ++a) sends += eligible[a] ? 1 : 0;
  const bool with_no_send = params_.include_no_send || sends == 0;
  const double p = 1.0 / (sends + (with_no_send ? 1 : 0));
  for (int a = 0; a < batch.num_actions; ++a) {
    out[a] = (a == kNoSendAction ? with_no_send : eligible[a] != 0) ? p : 0.0;
  }
}

RuleAgent::RuleAgent(const RuleParams& params, const MessageProblem& problem)
    : MessageAgent(problem.seed) {
  for (const auto& rule : params.rules) {
    const int feature = problem.FeatureIndex("segment=" + rule.segment);
    if (feature < 0) {
      throw ConfigError(rule.where, "rule names unknown segment '" + rule.segment + "'");
    }
    const int action = problem.ActionIndex(rule.action);
    if (action < 0) {
      std::string known;
      for (const auto& a : problem.actions) known += (known.empty() ? "" : ", ") + a.name;
      throw ConfigError(rule.where, "rule names unknown action '" + rule.action +
                                        "' (actions: " + known + ")");
    }
    rules_.push_back({feature, action, rule.every_days, rule.offset_days});
  }
}

void RuleAgent::Pmf(const MessageBatch& batch, std::size_t row, std::span<double> out) const {
  std::fill(out.begin(), out.end(), 0.0);
  int chosen = kNoSendAction;
  const std::int64_t day = batch.time / kDay;
  const auto context = batch.Context(row);
  for (const auto& rule : rules_) {
    if (context[rule.segment_feature] != 1.0F) continue;
    if (day % rule.every_days == rule.offset_days && batch.Eligible(row)[rule.action]) {
      chosen = rule.action;
    }
    break;
  }
  out[chosen] = 1.0;
}

std::optional<std::vector<int>> RuleAgent::FeaturesRead() const {
  std::vector<int> features;
  for (const auto& rule : rules_) features.push_back(rule.segment_feature);
  std::sort(features.begin(), features.end());
  features.erase(std::unique(features.begin(), features.end()), features.end());
  return features;
}

void MyopicOracleAgent::Pmf(const MessageBatch& batch, std::size_t row,
                            std::span<double> out) const {
  std::fill(out.begin(), out.end(), 0.0);
  const auto eligible = batch.Eligible(row);
  const auto rewards = batch.ExpectedReward(row);
  int best = kNoSendAction;
  double best_value = 0.0;
  for (int a = 1; a < batch.num_actions; ++a) {
    if (eligible[a] && rewards[a] > best_value) {
      best = a;
      best_value = rewards[a];
    }
  }
  out[best] = 1.0;
}

}  // namespace campsim
