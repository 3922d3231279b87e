// A shard: a contiguous range of users with its own event queue and metrics. Within a sync window
// shards advance independently; they touch only their own users' state, and the only shared objects
// (the WorldModel, read-only, and the budget ledger, charged only by the environment in canonical
// order) are never written concurrently.
//
// Contract:
// - AdvanceTo(t) processes this shard's events with time < t, in (time, seq) order.
// - A decision is applied in two steps. Resolve() draws its whole response chain at decision
//   time from the stream (seed, message chain, user, decision time) with the probabilities
//   WorldModel::ExpectedRewards computed when the batch was built (the send's SendOdds, from
//   the user's state at that time, which nothing has changed since), and updates the user's
//   fatigue and caps; it touches nothing but that user's state, so the environment resolves a
//   batch's rows in parallel, in any split.
//   Record() then adds the decision to the shard's metrics and schedules the chain's events;
//   the environment records each shard's rows in user order, one Record() at a time, possibly
//   while other threads Resolve() later users of the same shard (so Record() must touch only
//   the metrics and the queue, and Resolve() never them). A send the budget refused
//   (`funded` false) is recorded as rejected with zero reward: the environment charges the
//   ledger for a whole batch in canonical order before shards resolve it. The attributed
//   reward is therefore known at once: the environment keeps it as a feedback row until the
//   attribution window closes (sim/pending_feedback.h).
#ifndef CAMPSIM_SIM_SHARD_H_
#define CAMPSIM_SIM_SHARD_H_

#include "sim/event_queue.h"
#include "sim/metrics.h"
#include "sim/world_model.h"

namespace campsim {

class Shard {
 public:
  Shard(const WorldModel& model, PopulationState& pop, std::uint64_t seed, int index,
        UserId begin, UserId end);

  UserId begin() const { return begin_; }
  UserId end() const { return end_; }
  const Metrics& metrics() const { return metrics_; }
  std::uint64_t events_processed() const { return events_processed_; }

  // Schedules every user's first organic session.
  void ScheduleInitial();
  // Processes events with time < t; paid_shift is the current period's paid-media lift.
  void AdvanceTo(SimTime t, double paid_shift);
  // Schedules this shard's share of a paid channel's visits for [start, end).
  void SchedulePaidVisits(int paid, int period, SimTime start, SimTime end,
                          double expected_visits_total);
  // A decision as Resolve() drew it: the attributed reward, the send's cost (0 for no send
  // or a refused one), and what Record() schedules.
  struct Resolved {
    double reward = 0.0;
    double cost = 0.0;
    double revenue = 0.0;                 // of a converting message visit
    std::uint64_t delivery_uniforms = 0;  // the delivery's unsubscribe and churn draws
    SimTime delivered = 0;
    SimTime opened_at = 0;
    int action = kNoSendAction;
    bool funded = true;
    bool opened = false;
    bool visited = false;
    bool converted = false;
  };
  // See the contract above: writes only user u's state (the caller resolves each user of a
  // batch once). `odds` are the action's SendOdds for user u at t, unread for no send or a
  // refused one.
  Resolved Resolve(UserId u, SimTime t, int action, const SendOdds& odds, bool funded);
  // Adds a resolved decision of user u at time t to the metrics and queues its events.
  // expected and oracle are the chosen action's and the best action's expected rewards, for
  // the regret metrics.
  void Record(UserId u, SimTime t, const Resolved& r, double expected, double oracle);

 private:
  void OnWake(const Event& e, double paid_shift);
  void OnDelivery(const Event& e);
  void OnOpen(const Event& e);
  void OnMessageVisit(const Event& e);
  void OnPaidVisit(const Event& e, double paid_shift);
  void RecordPurchase(UserId u, SimTime t, double revenue, int source);
  double DrawRevenue(UserId u, Rng& rng) const;
  int Day(SimTime t) const;

  const WorldModel& model_;
  PopulationState& pop_;
  std::uint64_t seed_;
  int index_;
  UserId begin_, end_;
  EventQueue queue_;
  NodeOddsMemo walk_memo_;  // organic and paid sessions' (AdvanceTo runs on one thread)
  Metrics metrics_;
  std::uint64_t events_processed_ = 0;
};

}  // namespace campsim

#endif  // CAMPSIM_SIM_SHARD_H_
