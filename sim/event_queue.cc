#include "sim/event_queue.h"

#include <algorithm>
#include <bit>
#include <limits>
#include <stdexcept>
#include <string>

namespace campsim {

namespace {
constexpr std::size_t kArity = 4;  // the small heap: 4-ary, sifted with a hole
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
  } else {
    later_.push_back(r);
  }
}

void EventQueue::RaiseBound(SimTime t) {
  if (t <= bound_) return;
  bound_ = t;
  // Count the due events and their time range.
  std::size_t due = 0;
  SimTime lo = kMaxTime, hi = 0;
  for (const Record& r : later_) {
    const SimTime when = r.time();
    const bool is_due = when < t;
    due += is_due;
    lo = std::min(lo, is_due ? when : lo);
    hi = std::max(hi, is_due ? when : hi);
  }
  if (due == 0) return;
  // The sort ping-pongs between two buffers, chosen so that when the run is used up (the
  // normal case) the last pass writes into run_ itself. The others are per thread, not per
  // queue: a thread advances its shards one at a time.
  thread_local std::vector<Record> scratch, sorted;
  thread_local std::vector<std::size_t> counts;
  const int bits = std::bit_width(static_cast<std::uint64_t>(hi - lo));
  const int passes = (bits + kDigitBits - 1) / kDigitBits;
  const bool consumed = next_ == run_.size();
  std::vector<Record>* in = consumed && passes % 2 == 0 ? &run_ : &scratch;
  std::vector<Record>* out = consumed && passes % 2 == 1 ? &run_ : &sorted;
  // Split later_ without branching on the data: due events go to *in, the rest are compacted
  // in place; both keep push order.
  in->resize(due + 1);  // + 1: the slot a kept event is written to and then overwritten
  std::size_t d = 0, kept = 0;
  for (const Record r : later_) {
    const bool is_due = r.time() < t;
    (*in)[d] = r;
    later_[kept] = r;
    d += is_due;
    kept += !is_due;
  }
  later_.resize(kept);
  in->resize(due);
  // Stable LSD radix sort of the due events by time - lo: they are in seq order, so the
  // result is in (time, seq) order.
  for (int shift = 0; shift < bits; shift += kDigitBits) {
    counts.assign(std::size_t{1} << kDigitBits, 0);
    constexpr std::uint64_t kMask = (std::uint64_t{1} << kDigitBits) - 1;
    auto digit = [&](const Record& r) {
      return (static_cast<std::uint64_t>(r.time() - lo) >> shift) & kMask;
    };
    for (const Record& r : *in) ++counts[digit(r)];
    std::size_t sum = 0;
    for (auto& c : counts) {
      const std::size_t n = c;
      c = sum;
      sum += n;
    }
    out->resize(due);
    for (const Record& r : *in) (*out)[counts[digit(r)]++] = r;
    std::swap(in, out);
  }
  if (in != &run_) {
    // The unpopped rest of the run (a caller may stop early) is due before the old bound, so
    // before every newly due event: appending keeps the run sorted.
    run_.erase(run_.begin(), run_.begin() + static_cast<std::ptrdiff_t>(next_));
    run_.insert(run_.end(), in->begin(), in->end());
  }
  next_ = 0;
}

std::uint64_t EventQueue::FrontKey() const {
  const std::uint64_t run = next_ < run_.size() ? run_[next_].key : kNoKey;
  const std::uint64_t heap = heap_.empty() ? kNoKey : heap_.front().key;
  return std::min(run, heap);
}

EventQueue::Record EventQueue::TakeFront() {
  if (next_ < run_.size() && (heap_.empty() || run_[next_].key < heap_.front().key)) {
    return run_[next_++];
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
  if (key == kNoKey || static_cast<SimTime>(key >> kSeqBits) >= t) return false;
  out = ToEvent(TakeFront());
  return true;
}

Event EventQueue::Pop() {
  // Nothing below the bound: the earliest event waits in later_, so everything becomes due.
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
    const std::size_t end = first + kArity < n ? first + kArity : n;
    for (std::size_t c = first + 1; c < end; ++c) {
      if (heap_[c].key < heap_[best].key) best = c;
    }
    if (heap_[best].key >= last.key) break;
    heap_[i] = heap_[best];
    i = best;
  }
  heap_[i] = last;
  return top;
}

}  // namespace campsim
