// The event queue of one shard: a priority queue keyed by (time, seq), organised around the
// engine's sync windows.
//
// Contract: events come out in increasing time; events with equal times come out in the
// order they were pushed (seq is assigned at Push and strictly increases), so a run is
// bit-reproducible. Events are plain data; the world interprets `kind` with a switch.
//
// Layout (bench/RESULTS.md): events due before the current bound (the end of the window being
// processed) sit in a sorted run, plus a small heap for events pushed during the window that
// are due within it; later events wait in push order, unsorted. Raising the bound moves the
// newly due events out in push (= seq) order and radix-sorts them stably by time alone: no
// data-dependent branches, where a heap of every future event mispredicts at each level of
// every pop. The pop order is exactly that of one heap over all events.
//
// Memory: the run and the later events share one array. Later events pushed during a window
// take the places of popped run records (a tail only once those are full), and at the end of
// the window the tail moves down, so the array holds the queued events and little more
// (docs/world-model.md). The sort needs one scratch array per thread, the size of one shard's
// window of due events (a second one when a window spans more than 2^22 s, about 48 days, or
// when Pop() drains everything).
#ifndef CAMPSIM_SIM_EVENT_QUEUE_H_
#define CAMPSIM_SIM_EVENT_QUEUE_H_

#include <cstdint>
#include <vector>

#include "core/sim_time.h"

namespace campsim {

// What payload and tag hold for each kind is the world's business (sim/shard.cc): message
// events carry the outcome their handler needs, so no handler looks up the decision.
enum class EventKind : std::uint16_t {
  kWake = 1,          // a user starts an organic session
  kDelivery = 2,      // a message reaches the user
  kOpen = 3,          // the user opens a delivered message
  kMessageVisit = 4,  // a click (or open) starts a session
  kPaidVisit = 5,     // a paid impression starts a session (payload: paid channel index)
};

struct Event {
  SimTime time = 0;
  std::uint64_t seq = 0;
  std::uint64_t payload = 0;
  UserId user = 0;
  EventKind kind = EventKind::kWake;
  std::uint16_t tag = 0;  // a second, small payload
};

class EventQueue {
 public:
  // Times must lie in [0, kMaxTime] and one queue takes at most kMaxPushes events: Push
  // throws std::length_error beyond either (shards push nothing at or after the horizon, and
  // horizon_days <= 20000 keeps times in range; more shards keep the per-queue count down).
  static constexpr int kTimeBits = 31;
  static constexpr SimTime kMaxTime = (SimTime{1} << kTimeBits) - 1;
  // One less than the seq space, so no key equals the "no event" marker UINT64_MAX.
  static constexpr std::uint64_t kMaxPushes = (std::uint64_t{1} << (64 - kTimeBits)) - 1;

  // Adds an event; its seq is assigned here.
  void Push(SimTime time, EventKind kind, UserId user, std::uint64_t payload = 0,
            std::uint16_t tag = 0);
  // If the earliest event's time is < t: removes it into `out` and returns true. Otherwise
  // returns false. A window-by-window loop pops with the window's end as t.
  bool PopBefore(SimTime t, Event& out);
  // Removes and returns the earliest event; the queue must not be empty.
  Event Pop();
  bool empty() const { return size() == 0; }
  std::size_t size() const {
    return (run_end_ - next_) + heap_.size() + fill_ + (events_.size() - run_end_);
  }
  std::uint64_t pushed() const { return next_seq_; }

 private:
  static constexpr int kSeqBits = 64 - kTimeBits;
  // 24 bytes: (time, seq) packed into one key that orders as the pair.
  struct Record {
    std::uint64_t key;  // time << kSeqBits | seq
    std::uint64_t payload;
    UserId user;
    EventKind kind;
    std::uint16_t tag;
    SimTime time() const { return static_cast<SimTime>(key >> kSeqBits); }
  };
  static_assert(sizeof(Record) == 24, "the tag fits the record's padding");
  // Makes every event with time < t poppable (moves them from the later events into the run).
  void RaiseBound(SimTime t);
  // Key of the earliest poppable event, or UINT64_MAX if none.
  std::uint64_t FrontKey() const;
  Record TakeFront();
  static Event ToEvent(const Record& r);
  void HeapPush(const Record& r);
  Record HeapPop();

  // Moves the tail's later events down to fill_ (over popped run records).
  void MoveTailDown();
  // Once the run is used up: the later events become [0, size) (MoveTailDown).
  void Reclaim();

  SimTime bound_ = 0;  // the later events are exactly those with time >= bound_
  // [0, fill_): later events, those kept at the last raise, then those pushed since over
  // popped run records; [next_, run_end_): the rest of the run, sorted by key;
  // [run_end_, size): later events pushed once the popped space was full. The two later
  // parts, in that order, are in push (seq) order.
  std::vector<Record> events_;
  std::size_t fill_ = 0;
  std::size_t next_ = 0;
  std::size_t run_end_ = 0;
  std::vector<Record> heap_;  // 4-ary min-heap: pushed while their time was < bound_
  std::uint64_t next_seq_ = 0;
};

}  // namespace campsim

#endif  // CAMPSIM_SIM_EVENT_QUEUE_H_
