// A shard: a contiguous range of users with its own event queue, pending decisions and
// metrics. Within a sync window shards advance independently; they touch only their own
// users' state, and the only shared objects (the WorldModel, read-only, and the budget
// ledger, charged only by the environment in canonical order) are never written
// concurrently.
//
// Contract:
// - AdvanceTo(t) processes this shard's events with time < t, in (time, seq) order.
// - Apply() resolves a decision's whole response chain at decision time from the stream
//   (seed, message chain, user, decision time) with the probabilities WorldModel::Appeal
//   gives, updates fatigue and caps, and schedules the chain's events (a send the budget
//   refused, `funded` false, is recorded as rejected with zero reward: the environment
//   charges the ledger for a whole batch in canonical order before shards apply it);
//   its attributed reward is therefore known at once but released only when the
//   attribution window closes (ReleaseMatured).
#ifndef CAMPSIM_SIM_SHARD_H_
#define CAMPSIM_SIM_SHARD_H_

#include <deque>
#include <span>

#include "core/check.h"
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
  // Applies one decision (see the contract above). expected and oracle are the chosen
  // action's and the best action's expected rewards, for the regret metrics.
  void Apply(UserId u, SimTime t, int action, double propensity, std::span<const float> context,
             double expected, double oracle, double paid_shift, bool funded);
  // Decision time of the oldest decision whose window has closed by t, or -1 if none.
  SimTime OldestMatured(SimTime t) const;
  // Number of pending decisions made at exactly `decision_time`, which must not be later than
  // the oldest pending decision's time (pass OldestMatured's answer, or the minimum of it
  // across shards).
  std::size_t CountAt(SimTime decision_time) const;
  // Writes those decisions, in user order, to out's rows [row, row + CountAt(decision_time))
  // (out already has them) and forgets them.
  void Release(SimTime decision_time, FeedbackBatch& out, std::size_t row);

 private:
  // A decision waiting for its attribution window to close: what the feedback row needs. The
  // chain's events carry their own outcome (see Apply), so nothing else is kept.
  struct Pending {
    DecisionId id;
    SimTime time;
    UserId user;
    std::int32_t action;
    double propensity;
    double reward;
    double cost;
  };
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
  Metrics metrics_;
  std::deque<Pending> pending_;
  std::deque<float> pending_contexts_;
  std::uint64_t events_processed_ = 0;
};

}  // namespace campsim

#endif  // CAMPSIM_SIM_SHARD_H_
