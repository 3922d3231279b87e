#include "sim/event_queue.h"

#include <utility>

namespace campsim {

void EventQueue::Push(SimTime time, EventKind kind, UserId user, std::uint64_t payload) {
  heap_.push_back(Event{time, next_seq_++, payload, user, kind});
  std::size_t i = heap_.size() - 1;
  while (i > 0) {
    const std::size_t parent = (i - 1) / 2;
    if (!Before(heap_[i], heap_[parent])) break;
    std::swap(heap_[i], heap_[parent]);
    i = parent;
  }
}

Event EventQueue::Pop() {
  Event top = heap_.front();
  heap_.front() = heap_.back();
  heap_.pop_back();
  const std::size_t n = heap_.size();
  std::size_t i = 0;
  while (true) {
    const std::size_t left = 2 * i + 1;
    if (left >= n) break;
    std::size_t best = left;
    if (left + 1 < n && Before(heap_[left + 1], heap_[left])) best = left + 1;
    if (!Before(heap_[best], heap_[i])) break;
    std::swap(heap_[i], heap_[best]);
    i = best;
  }
  return top;
}

}  // namespace campsim
