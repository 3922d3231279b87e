// The decision contract's vocabulary: what the world asks, what an agent answers, and the
// delayed feedback it learns from. Shared by the simulator, agents, evaluation, Python and
// production scorers, so it depends on the standard library and core/ only.
//
// Message allocation (per user): the world hands out a MessageBatch of requests that share a
// decision time; the agent answers with one Decision per request. Action 0 is always
// "no send"; actions 1..K-1 are (channel, message) pairs from the ActionCatalog.
//
// Budget allocation (per budget period): the world hands out a BudgetObservation; the agent
// answers with a BudgetAction, the spend per budget line for the coming period.
#ifndef CAMPSIM_POLICIES_DECISIONS_H_
#define CAMPSIM_POLICIES_DECISIONS_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/default_init_allocator.h"
#include "core/sim_time.h"

namespace campsim {

inline constexpr int kNoSendAction = 0;

// One entry of the action catalogue.
struct ActionSpec {
  std::string name;     // "no_send" or "<channel>:<message>"
  int channel = -1;     // index into the owned channels; -1 for no_send
  int message = -1;     // index into the messages; -1 for no_send
  double cost = 0.0;    // per-send cost in currency units
};

// What every message agent is told once, before the first batch.
struct MessageProblem {
  std::vector<ActionSpec> actions;          // index = action id; actions[0] is no_send
  std::vector<std::string> feature_names;   // context column names, in order
  std::vector<std::string> channel_names;   // owned channels, in ActionSpec::channel order
  std::vector<std::string> message_names;   // in ActionSpec::message order
  // Features of the actions themselves (channel one-hot, message attributes, discount),
  // row-major num_actions x action_feature_names.size(); all 0 for no_send.
  std::vector<std::string> action_feature_names;
  std::vector<double> action_features;
  std::uint64_t seed = 0;                   // the run's seed, for agents' own streams

  int num_actions() const { return static_cast<int>(actions.size()); }
  int num_features() const { return static_cast<int>(feature_names.size()); }
  // Index of a feature by name, or -1.
  int FeatureIndex(const std::string& name) const;
  // Index of an action by name, or -1.
  int ActionIndex(const std::string& name) const;
};

// The batches' row arrays: a std::vector whose resize() leaves new elements uninitialised,
// for producers that write every row in parallel right after sizing (see
// core/default_init_allocator.h). Whoever resizes one must write every new element.
template <class T>
using RowArray = std::vector<T, DefaultInitAllocator<T>>;

// A batch of message-allocation requests at one decision time. Row i is one user. Arrays are
// row-major: contexts is size() x num_features, eligible and expected_reward are
// size() x num_actions.
struct MessageBatch {
  SimTime time = 0;
  int num_features = 0;
  int num_actions = 0;
  RowArray<UserId> users;
  RowArray<DecisionId> decision_ids;
  RowArray<float> contexts;
  RowArray<std::uint8_t> eligible;  // 1 when the action may be taken; no_send always is
  // Ground truth, for oracles, regret and logging only: the exact expected immediate reward
  // of each action (0 for ineligible ones). A learning agent must not read it.
  RowArray<double> expected_reward;

  std::size_t size() const { return users.size(); }
  std::span<const float> Context(std::size_t i) const {
    return {contexts.data() + i * num_features, static_cast<std::size_t>(num_features)};
  }
  std::span<const std::uint8_t> Eligible(std::size_t i) const {
    return {eligible.data() + i * num_actions, static_cast<std::size_t>(num_actions)};
  }
  std::span<const double> ExpectedReward(std::size_t i) const {
    return {expected_reward.data() + i * num_actions, static_cast<std::size_t>(num_actions)};
  }
};

// An agent's answers to a MessageBatch, aligned with its rows. propensity is the probability
// with which the agent chose that action (1 for a deterministic choice); it is logged.
struct Decisions {
  std::vector<std::int32_t> actions;
  std::vector<double> propensities;

  std::size_t size() const { return actions.size(); }
  void Resize(std::size_t n) {
    actions.assign(n, kNoSendAction);
    propensities.assign(n, 1.0);
  }
};

// Matured feedback for message decisions, in canonical order (decision time, user).
// Row-major contexts as in MessageBatch. reward is the scenario's reward (conversion count,
// revenue, or revenue minus cost) attributed to the decision within its window.
struct FeedbackBatch {
  int num_features = 0;
  // The row arrays; a new one joins WithColumn's list, which every per-column operation uses.
  RowArray<DecisionId> decision_ids;
  RowArray<UserId> users;
  RowArray<SimTime> times;
  RowArray<std::int32_t> actions;
  RowArray<double> propensities;
  RowArray<double> rewards;
  RowArray<double> costs;
  RowArray<float> contexts;
  // Spend status at the sync point that released this feedback, for pacing agents. A step
  // that crossed a sync point carries it even when no decision matured (now >= 0 then).
  SimTime now = -1;           // the sync point, or -1 when the step crossed none
  SimTime decisions_end = 0;  // the last scheduled decision time
  SimTime sync_length = 0;    // length of a sync window
  double budget_total = 0.0;  // the scenario's total budget
  double owned_spent = 0.0;   // owned-channel spend so far

  std::size_t size() const { return decision_ids.size(); }
  std::span<const float> Context(std::size_t i) const {
    return {contexts.data() + i * num_features, static_cast<std::size_t>(num_features)};
  }
  void Clear();
  // Sets the number of rows (contexts included). New rows are uninitialised: for writers
  // that then fill every value of their own rows in place (e.g. shards in parallel).
  void Resize(std::size_t n);
  // Makes room for n rows without changing size().
  void Reserve(std::size_t n);

  // The row arrays as columns: fn(a's column c, b's column c, values per row) for column c in
  // [0, kColumns) (contexts, num_features values per row, last). a and b are FeedbackBatches,
  // const or not; b may be a itself.
  static constexpr std::size_t kColumns = 8;
  template <typename A, typename B, typename Fn>
  static void WithColumn(std::size_t c, A& a, B& b, Fn&& fn) {
    switch (c) {
      case 0:
        fn(a.decision_ids, b.decision_ids, std::size_t{1});
        break;
      case 1:
        fn(a.users, b.users, std::size_t{1});
        break;
      case 2:
        fn(a.times, b.times, std::size_t{1});
        break;
      case 3:
        fn(a.actions, b.actions, std::size_t{1});
        break;
      case 4:
        fn(a.propensities, b.propensities, std::size_t{1});
        break;
      case 5:
        fn(a.rewards, b.rewards, std::size_t{1});
        break;
      case 6:
        fn(a.costs, b.costs, std::size_t{1});
        break;
      default:
        fn(a.contexts, b.contexts, static_cast<std::size_t>(a.num_features));
        break;
    }
  }
  // fn(column, values per row) for each of this batch's row arrays.
  template <typename Fn>
  void ForEachColumn(Fn&& fn) {
    for (std::size_t c = 0; c < kColumns; ++c) {
      WithColumn(c, *this, *this,
                 [&](auto& column, auto&, std::size_t width) { fn(column, width); });
    }
  }
};

// What a budget agent sees at the start of each budget period. Budget lines are the paid
// channels followed by one line named "owned" that funds all owned-channel sends.
struct BudgetObservation {
  int period = 0;                  // 0-based index of the period about to start
  int num_periods = 0;
  SimTime time = 0;                // start of the period
  double total_budget = 0.0;
  double remaining_budget = 0.0;   // total minus everything spent so far
  std::vector<std::string> lines;  // budget line names
  std::vector<double> spend_to_date;    // per line
  std::vector<double> revenue_to_date;  // per line, attributed revenue
  std::vector<double> adstock;          // per line; paid lines only, 0 for owned
};

// Spend per budget line for the period about to start (same order as lines). The world
// clips the total to the remaining budget and never spends more.
struct BudgetAction {
  std::vector<double> spend;
};

// One paid line's response as the world defines it (sim/paid_channel.h), with the expected
// attributed revenue of one impression. Ground truth, like MessageBatch::expected_reward: for
// the mmm_optimal_static baseline and for evaluation; a learning agent must not read it.
struct MediaCurve {
  double max_impressions = 0.0;
  double half_saturation = 1.0;
  double hill_shape = 1.0;
  double adstock_decay = 0.0;
  double value_per_impression = 0.0;   // click-through rate x expected revenue per paid visit
  std::vector<double> effectiveness;   // impressions multiplier per budget period
};

// What every budget agent is told once, before the first observation.
struct BudgetProblem {
  std::vector<std::string> lines;  // paid channels, then "owned"
  int num_periods = 0;
  double total_budget = 0.0;
  std::vector<MediaCurve> media;   // per paid line (lines.size() - 1 of them)
  bool owned_channels = true;      // false: nothing can spend the owned line's allowance
  std::uint64_t seed = 0;          // the run's seed, for agents' own streams
};

class WorkerPool;

// Throws std::invalid_argument naming the row when a decision is out of range, ineligible,
// or carries a propensity outside (0, 1]: the first such row, with or without a pool (which
// checks blocks of rows in parallel).
void ValidateDecisions(const MessageBatch& batch, const Decisions& decisions,
                       WorkerPool* pool = nullptr);

}  // namespace campsim

#endif  // CAMPSIM_POLICIES_DECISIONS_H_
