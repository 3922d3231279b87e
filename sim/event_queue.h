// The event queue of one shard: a 4-ary min-heap keyed by (time, seq).
//
// Contract: Pop() returns events in increasing time; events with equal times come out in
// the order they were pushed (seq is assigned at Push and strictly increases), so a run is
// bit-reproducible. Events are plain data; the world interprets `kind` with a switch.
#ifndef CAMPSIM_SIM_EVENT_QUEUE_H_
#define CAMPSIM_SIM_EVENT_QUEUE_H_

#include <cstdint>
#include <vector>

#include "core/sim_time.h"

namespace campsim {

enum class EventKind : std::uint16_t {
  kWake = 1,          // a user starts an organic session
  kDelivery = 2,      // a message reaches the user (payload: chain sequence number)
  kOpen = 3,          // the user opens a delivered message (payload: chain sequence number)
  kMessageVisit = 4,  // a click (or open) starts a session (payload: chain sequence number)
  kPaidVisit = 5,     // a paid impression starts a session (payload: paid channel index)
};

struct Event {
  SimTime time = 0;
  std::uint64_t seq = 0;
  std::uint64_t payload = 0;
  UserId user = 0;
  EventKind kind = EventKind::kWake;
};

class EventQueue {
 public:
  // Adds an event; its seq is assigned here.
  void Push(SimTime time, EventKind kind, UserId user, std::uint64_t payload = 0);
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  // Time of the earliest event; the queue must not be empty.
  SimTime top_time() const { return heap_.front().time; }
  // Removes and returns the earliest event; the queue must not be empty.
  Event Pop();
  std::uint64_t pushed() const { return next_seq_; }

 private:
  static bool Before(const Event& a, const Event& b) {
    return a.time < b.time || (a.time == b.time && a.seq < b.seq);
  }
  std::vector<Event> heap_;
  std::uint64_t next_seq_ = 0;
};

}  // namespace campsim

#endif  // CAMPSIM_SIM_EVENT_QUEUE_H_
