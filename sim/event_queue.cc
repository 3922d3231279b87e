#include "sim/event_queue.h"

#include <algorithm>
#include <bit>
#include <limits>
#include <stdexcept>
#include <string>

namespace campsim {

namespace {
// The small heap: 4-ary, sifted with a hole; HeapPop picks among four children by a tournament.
constexpr std::size_t kArity = 4;
constexpr int kDigitBits = 11;     // radix digits: 2048 counters stay in L1
constexpr std::uint64_t kNoKey = std::numeric_limits<std::uint64_t>::max();
}  // namespace

void EventQueue::Push(SimTime time, EventKind kind, UserId user, std::uint64_t payload,
                      std::uint16_t tag) {
  if (time < 0 || time > kMaxTime) {
    throw std::length_error("event time " + std::to_string(time) + " s is outside [0, " +
                            std::to_string(kMaxTime) + "] s");
  }
  if (next_seq_ >= kMaxPushes) {
    throw std::length_error("more than " + std::to_string(kMaxPushes) +
                            " events in one shard: raise engine.shards");
  }
  const Record r{static_cast<std::uint64_t>(time) << kSeqBits | next_seq_++, payload, user, kind,
                 tag};
  if (time < bound_) {
    HeapPush(r);
  } else if (fill_ < next_ && run_end_ == events_.size()) {
    events_[fill_++] = r;  // over a popped run record (nothing pushed to the tail yet)
  } else {
    events_.push_back(r);
  }
}

void EventQueue::MoveTailDown() {
  if (fill_ == run_end_) return;
  const std::size_t tail = events_.size() - run_end_;
  std::move(events_.begin() + static_cast<std::ptrdiff_t>(run_end_), events_.end(),
            events_.begin() + static_cast<std::ptrdiff_t>(fill_));
  events_.resize(fill_ + tail);
}

void EventQueue::Reclaim() {
  if (next_ != run_end_) return;
  MoveTailDown();
  fill_ = next_ = run_end_ = events_.size();
}

void EventQueue::RaiseBound(SimTime t) {
  if (t <= bound_) return;
  // Every later event is due at or after the old bound: the newly due ones lie in [lo, t).
  // The bound moves only once everything that can throw (allocations) is done.
  const SimTime lo = bound_;
  Reclaim();
  // A stable LSD radix sort of the due events by time - lo, in passes of at most kDigitBits:
  // they come in seq order, so the result is in (time, seq) order. One counting pass over the
  // later events ([0, fill_) then the tail) finds how many are due and every pass's counts.
  const int bits = std::bit_width(static_cast<std::uint64_t>(t - 1 - lo));
  const int passes = std::max(1, (bits + kDigitBits - 1) / kDigitBits);
  const int digit_bits = std::max(1, (bits + passes - 1) / passes);
  const std::size_t buckets = std::size_t{1} << digit_bits;
  const std::uint64_t mask = buckets - 1;
  const auto digit = [&](const Record& r, int pass) {
    return (static_cast<std::uint64_t>(r.time() - lo) >> (pass * digit_bits)) & mask;
  };
  thread_local std::vector<std::size_t> counts;  // passes x buckets
  counts.assign(static_cast<std::size_t>(passes) * buckets, 0);
  std::size_t due = 0;
  const auto count = [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      const Record& r = events_[i];
      const std::size_t is_due = r.time() < t;
      due += is_due;
      for (int pass = 0; pass < passes; ++pass) counts[pass * buckets + digit(r, pass)] += is_due;
    }
  };
  count(0, fill_);
  count(run_end_, events_.size());
  if (due == 0) {  // nothing moves: the later events stay later, the run (if any) stays
    bound_ = t;
    return;
  }
  for (int pass = 0; pass < passes; ++pass) {  // counts become each bucket's first position
    std::size_t sum = 0;
    for (std::size_t b = 0; b < buckets; ++b) {
      const std::size_t n = counts[pass * buckets + b];
      counts[pass * buckets + b] = sum;
      sum += n;
    }
  }
  // An unpopped rest of the run (a caller stopped a window early) is kept aside; then the later
  // events are made contiguous, [0, later), in push order.
  std::vector<Record> rest(events_.begin() + static_cast<std::ptrdiff_t>(next_),
                           events_.begin() + static_cast<std::ptrdiff_t>(run_end_));
  // Per-thread buffers (a thread advances its shards one at a time): the second only when a
  // window needs more than two passes (longer than 2^22 s, or a Pop() that drains everything).
  thread_local std::vector<Record> first, second;
  first.resize(due + 1);
  if (passes > 2) second.resize(due);
  // Nothing below allocates: events_ only shrinks (the rest fits where the run was).
  MoveTailDown();
  const std::size_t later = events_.size();
  // The first pass splits the later events: due ones are scattered by their first digit into
  // `first`, kept ones are compacted to the front of events_ (never past the one being read),
  // in push order. No branch on the data: a kept event's scatter goes to a sink slot.
  Record* const sink = first.data() + due;
  std::size_t kept = 0;
  for (std::size_t i = 0; i < later; ++i) {
    const Record r = events_[i];
    const bool is_due = r.time() < t;
    std::size_t& slot = counts[digit(r, 0)];
    *(is_due ? first.data() + slot : sink) = r;
    slot += is_due;
    events_[kept] = r;
    kept += !is_due;
  }
  // The new layout: [kept later events | rest of the old run | newly due events, sorted]. The
  // rest is due before the old bound, so before every newly due event.
  events_.resize(kept + rest.size() + due);
  std::copy(rest.begin(), rest.end(), events_.begin() + static_cast<std::ptrdiff_t>(kept));
  Record* const run = events_.data() + kept + rest.size();
  // The other passes ping-pong between the two buffers; the last writes into the run.
  const Record* src = first.data();
  for (int pass = 1; pass < passes; ++pass) {
    Record* dst = pass == passes - 1 ? run : (src == first.data() ? second.data() : first.data());
    std::size_t* const at = counts.data() + pass * buckets;
    for (std::size_t i = 0; i < due; ++i) dst[at[digit(src[i], pass)]++] = src[i];
    src = dst;
  }
  if (passes == 1) std::copy(first.begin(), first.begin() + static_cast<std::ptrdiff_t>(due), run);
  fill_ = next_ = kept;
  run_end_ = events_.size();
  bound_ = t;
}

std::uint64_t EventQueue::FrontKey() const {
  const std::uint64_t run = next_ < run_end_ ? events_[next_].key : kNoKey;
  const std::uint64_t heap = heap_.empty() ? kNoKey : heap_.front().key;
  return std::min(run, heap);
}

EventQueue::Record EventQueue::TakeFront() {
  if (next_ < run_end_ && (heap_.empty() || events_[next_].key < heap_.front().key)) {
    return events_[next_++];
  }
  return HeapPop();
}

Event EventQueue::ToEvent(const Record& r) {
  constexpr std::uint64_t kSeqMask = (std::uint64_t{1} << kSeqBits) - 1;
  return Event{r.time(), r.key & kSeqMask, r.payload, r.user, r.kind, r.tag};
}

bool EventQueue::PopBefore(SimTime t, Event& out) {
  RaiseBound(t);
  const std::uint64_t key = FrontKey();
  if (key == kNoKey || static_cast<SimTime>(key >> kSeqBits) >= t) {
    Reclaim();  // the window is done: its run's space goes back to the later events
    return false;
  }
  out = ToEvent(TakeFront());
  return true;
}

Event EventQueue::Pop() {
  // Nothing below the bound: the earliest event is a later one, so everything becomes due.
  if (FrontKey() == kNoKey) RaiseBound(kMaxTime + 1);
  return ToEvent(TakeFront());
}

void EventQueue::HeapPush(const Record& r) {
  heap_.push_back(r);
  std::size_t i = heap_.size() - 1;
  while (i > 0) {
    const std::size_t parent = (i - 1) / kArity;
    if (r.key >= heap_[parent].key) break;
    heap_[i] = heap_[parent];
    i = parent;
  }
  heap_[i] = r;
}

EventQueue::Record EventQueue::HeapPop() {
  const Record top = heap_.front();
  const Record last = heap_.back();
  heap_.pop_back();
  const std::size_t n = heap_.size();
  if (n == 0) return top;
  std::size_t i = 0;
  while (true) {
    const std::size_t first = kArity * i + 1;
    if (first >= n) break;
    std::size_t best = first;
    if (first + kArity <= n) {
      // Four children: a tournament of selects, no branch on the keys (the smallest child of
      // random keys would mispredict about once per level). Keys are unique, so it is the
      // child the loop below would pick.
      const Record* child = heap_.data() + first;
      const std::size_t left = child[1].key < child[0].key ? 1 : 0;
      const std::size_t right = child[3].key < child[2].key ? 3 : 2;
      best += child[right].key < child[left].key ? right : left;
    } else {
      for (std::size_t c = first + 1; c < n; ++c) {
        if (heap_[c].key < heap_[best].key) best = c;
      }
    }
    if (heap_[best].key >= last.key) break;
    heap_[i] = heap_[best];
    i = best;
  }
  heap_[i] = last;
  return top;
}

}  // namespace campsim
