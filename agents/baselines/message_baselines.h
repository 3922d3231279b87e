// Baseline message agents: no_send, uniform_random, rule, myopic_oracle.
//
// - no_send: always action 0, propensity 1. The counterfactual of "do nothing".
// - uniform_random: uniform over the row's eligible actions (optionally excluding no_send
//   when a send is eligible); propensity 1/|choices|. The natural logging policy for
//   off-policy evaluation.
// - rule: a fixed schedule as marketers write it: per segment, one action every N days
//   (days counted from t=0, sent when day % every_days == offset_days). Deterministic.
// - myopic_oracle: the eligible action with the highest true expected immediate reward
//   (ties to the lowest action id; no_send is worth 0). Reads batch.expected_reward, which
//   only oracles may. Deterministic.
#ifndef CAMPSIM_AGENTS_BASELINES_MESSAGE_BASELINES_H_
#define CAMPSIM_AGENTS_BASELINES_MESSAGE_BASELINES_H_

#include <memory>
#include <string>
#include <vector>

#include "agents/agent.h"
#include "core/config.h"

namespace campsim {

struct NoParams : DescribableBase<NoParams> {
  void Describe(ConfigVisitor&) override {}
};

struct UniformRandomParams : DescribableBase<UniformRandomParams> {
  bool include_no_send = true;
  void Describe(ConfigVisitor& v) override;
};

struct RuleEntry : DescribableBase<RuleEntry> {
  std::string segment;
  std::string action;
  std::int64_t every_days = 7;
  std::int64_t offset_days = 0;
  SourceLocation where;
  void Describe(ConfigVisitor& v) override;
};

struct RuleParams : DescribableBase<RuleParams> {
  std::vector<RuleEntry> rules;
  void Describe(ConfigVisitor& v) override;
};

class NoSendAgent final : public MessageAgent {
 public:
  explicit NoSendAgent(const MessageProblem& problem) : MessageAgent(problem.seed) {}
  void Pmf(const MessageBatch& batch, std::size_t row, std::span<double> out) const override;
  void Learn(const FeedbackBatch&, WorkerPool*) override {}
  bool LearnsFromContexts() const override { return false; }
  bool LearnsFromFeedback() const override { return false; }
  std::optional<std::vector<int>> FeaturesRead() const override { return std::vector<int>{}; }
};

class UniformRandomAgent final : public MessageAgent {
 public:
  UniformRandomAgent(const UniformRandomParams& params, const MessageProblem& problem);
  void Pmf(const MessageBatch& batch, std::size_t row, std::span<double> out) const override;
  void Learn(const FeedbackBatch&, WorkerPool*) override {}
  bool LearnsFromContexts() const override { return false; }
  bool LearnsFromFeedback() const override { return false; }
  std::optional<std::vector<int>> FeaturesRead() const override { return std::vector<int>{}; }

 private:
  UniformRandomParams params_;
};

class RuleAgent final : public MessageAgent {
 public:
  // Throws ConfigError at a rule naming an unknown segment or action.
  RuleAgent(const RuleParams& params, const MessageProblem& problem);
  void Pmf(const MessageBatch& batch, std::size_t row, std::span<double> out) const override;
  void Learn(const FeedbackBatch&, WorkerPool*) override {}
  bool LearnsFromContexts() const override { return false; }
  bool LearnsFromFeedback() const override { return false; }
  std::optional<std::vector<int>> FeaturesRead() const override;  // the rules' segment features

 private:
  struct Compiled {
    int segment_feature;
    int action;
    std::int64_t every_days;
    std::int64_t offset_days;
  };
  std::vector<Compiled> rules_;
};

class MyopicOracleAgent final : public MessageAgent {
 public:
  explicit MyopicOracleAgent(const MessageProblem& problem) : MessageAgent(problem.seed) {}
  void Pmf(const MessageBatch& batch, std::size_t row, std::span<double> out) const override;
  void Learn(const FeedbackBatch&, WorkerPool*) override {}
  bool LearnsFromContexts() const override { return false; }
  bool LearnsFromFeedback() const override { return false; }
  std::optional<std::vector<int>> FeaturesRead() const override { return std::vector<int>{}; }
};

}  // namespace campsim

#endif  // CAMPSIM_AGENTS_BASELINES_MESSAGE_BASELINES_H_
