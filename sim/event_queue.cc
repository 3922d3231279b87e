#include "sim/event_queue.h"

#include <stdexcept>
#include <string>

namespace campsim {

// A 4-ary heap, sifted with a hole (each level moves one event instead of swapping two): a
// shallower tree whose four children share a cache line or two, which matters because popping
// is the simulator's single largest cost (bench/RESULTS.md). Keys (time, seq) are unique, so
// the pop order is the same as any other heap's. Records are 24 bytes with (time, seq) in one
// integer key: one comparison per child and more children per cache line.
namespace {
constexpr std::size_t kArity = 4;
}  // namespace

void EventQueue::Push(SimTime time, EventKind kind, UserId user, std::uint64_t payload) {
  if (time < 0 || time > kMaxTime) {
    throw std::length_error("event time " + std::to_string(time) + " s is outside [0, " +
                            std::to_string(kMaxTime) + "] s");
  }
  if (next_seq_ >= kMaxPushes) {
    throw std::length_error("more than " + std::to_string(kMaxPushes) +
                            " events in one shard: raise engine.shards");
  }
  const Record e{static_cast<std::uint64_t>(time) << kSeqBits | next_seq_++, payload, user, kind};
  heap_.push_back(e);
  std::size_t i = heap_.size() - 1;
  while (i > 0) {
    const std::size_t parent = (i - 1) / kArity;
    if (e.key >= heap_[parent].key) break;
    heap_[i] = heap_[parent];
    i = parent;
  }
  heap_[i] = e;
}

Event EventQueue::Pop() {
  const Record top = heap_.front();
  const Record last = heap_.back();
  heap_.pop_back();
  const std::size_t n = heap_.size();
  if (n > 0) {
    std::size_t i = 0;
    while (true) {
      const std::size_t first = kArity * i + 1;
      if (first >= n) break;
      std::size_t best = first;
      const std::size_t end = first + kArity < n ? first + kArity : n;
      for (std::size_t c = first + 1; c < end; ++c) {
        if (heap_[c].key < heap_[best].key) best = c;
      }
      if (heap_[best].key >= last.key) break;
      heap_[i] = heap_[best];
      i = best;
    }
    heap_[i] = last;
  }
  constexpr std::uint64_t kSeqMask = (std::uint64_t{1} << kSeqBits) - 1;
  return Event{static_cast<SimTime>(top.key >> kSeqBits), top.key & kSeqMask, top.payload, top.user, top.kind};
}

}  // namespace campsim
