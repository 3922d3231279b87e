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
  // Times must lie in [0, kMaxTime] and one queue takes at most kMaxPushes events: Push
  // throws std::length_error beyond either (horizon_days <= 20000 keeps times in range; more
  // shards keep the per-queue count down).
  static constexpr int kTimeBits = 31;
  static constexpr SimTime kMaxTime = (SimTime{1} << kTimeBits) - 1;
  static constexpr std::uint64_t kMaxPushes = std::uint64_t{1} << (64 - kTimeBits);

  // Adds an event; its seq is assigned here.
  void Push(SimTime time, EventKind kind, UserId user, std::uint64_t payload = 0);
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  // Time of the earliest event; the queue must not be empty.
  SimTime top_time() const { return static_cast<SimTime>(heap_.front().key >> kSeqBits); }
  // Removes and returns the earliest event; the queue must not be empty.
  Event Pop();
  std::uint64_t pushed() const { return next_seq_; }

 private:
  static constexpr int kSeqBits = 64 - kTimeBits;
  // 24 bytes instead of Event's 40: (time, seq) packed into one key that orders as the pair.
  struct Record {
    std::uint64_t key;  // time << kSeqBits | seq
    std::uint64_t payload;
    UserId user;
    EventKind kind;
  };
  std::vector<Record> heap_;
  std::uint64_t next_seq_ = 0;
};

}  // namespace campsim

#endif  // CAMPSIM_SIM_EVENT_QUEUE_H_
