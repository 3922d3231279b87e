#include "sim/event_queue.h"

#include <utility>

namespace campsim {

// A 4-ary heap, sifted with a hole (each level moves one event instead of swapping two): a
// shallower tree whose four children share a cache line or two, which matters because popping
// is the simulator's single largest cost (bench/RESULTS.md). Keys (time, seq) are unique, so
// the pop order is the same as any other heap's.
namespace {
constexpr std::size_t kArity = 4;
}  // namespace

void EventQueue::Push(SimTime time, EventKind kind, UserId user, std::uint64_t payload) {
  const Event e{time, next_seq_++, payload, user, kind};
  heap_.push_back(e);
  std::size_t i = heap_.size() - 1;
  while (i > 0) {
    const std::size_t parent = (i - 1) / kArity;
    if (!Before(e, heap_[parent])) break;
    heap_[i] = heap_[parent];
    i = parent;
  }
  heap_[i] = e;
}

Event EventQueue::Pop() {
  const Event top = heap_.front();
  const Event last = heap_.back();
  heap_.pop_back();
  const std::size_t n = heap_.size();
  if (n == 0) return top;
  std::size_t i = 0;
  while (true) {
    const std::size_t first = kArity * i + 1;
    if (first >= n) break;
    std::size_t best = first;
    const std::size_t end = first + kArity < n ? first + kArity : n;
    for (std::size_t c = first + 1; c < end; ++c) {
      if (Before(heap_[c], heap_[best])) best = c;
    }
    if (!Before(heap_[best], last)) break;
    heap_[i] = heap_[best];
    i = best;
  }
  heap_[i] = last;
  return top;
}

}  // namespace campsim
