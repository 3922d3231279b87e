#include "agents/baselines/message_baselines.h"

#include "core/rng.h"

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

void NoSendAgent::Act(const MessageBatch& batch, Decisions& out) { out.Resize(batch.size()); }

UniformRandomAgent::UniformRandomAgent(const UniformRandomParams& params,
                                       const MessageProblem& problem)
    : params_(params), seed_(problem.seed) {}

void UniformRandomAgent::Act(const MessageBatch& batch, Decisions& out) {
  out.Resize(batch.size());
  std::vector<int> choices;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    choices.clear();
    const auto eligible = batch.Eligible(i);
    for (int a = 1; a < batch.num_actions; ++a) {
      if (eligible[a]) choices.push_back(a);
    }
    if (params_.include_no_send || choices.empty()) choices.push_back(kNoSendAction);
    Rng rng(seed_, StreamTag::kAgent, batch.decision_ids[i], 0x756e69);
    out.actions[i] = choices[rng.Below(choices.size())];
    out.propensities[i] = 1.0 / static_cast<double>(choices.size());
  }
}

RuleAgent::RuleAgent(const RuleParams& params, const MessageProblem& problem) {
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

void RuleAgent::Act(const MessageBatch& batch, Decisions& out) {
  out.Resize(batch.size());
  const std::int64_t day = batch.time / kDay;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const auto context = batch.Context(i);
    for (const auto& rule : rules_) {
      if (context[rule.segment_feature] != 1.0F) continue;
      if (day % rule.every_days != rule.offset_days) break;
      if (batch.Eligible(i)[rule.action]) out.actions[i] = rule.action;
      break;
    }
  }
}

void MyopicOracleAgent::Act(const MessageBatch& batch, Decisions& out) {
  out.Resize(batch.size());
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const auto eligible = batch.Eligible(i);
    const auto rewards = batch.ExpectedReward(i);
    int best = kNoSendAction;
    double best_value = 0.0;
    for (int a = 1; a < batch.num_actions; ++a) {
      if (eligible[a] && rewards[a] > best_value) {
        best = a;
        best_value = rewards[a];
      }
    }
    out.actions[i] = best;
  }
}

}  // namespace campsim
