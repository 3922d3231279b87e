// Decisions whose attribution window is still open, kept as the feedback rows they will
// become, in canonical order (decision time, then user): one batch per decision time. The
// environment appends each message batch's rows at decision time, the shards write their own
// rows in place (in parallel), and a matured batch reaches the agent by swapping its arrays
// into the step's feedback, not by copying it.
//
// Contract:
// - Append(t, n, total) adds n rows to decision time t's batch; t is never earlier than a
//   pending time, and rows of one time are appended in user order (message batches come that
//   way). `total` is how many rows time t will have in all (a hint: the arrays are sized for
//   it once instead of growing by doubling). The caller writes every column of the new rows
//   (they are not initialised).
// - Release(t, window, out) moves, oldest first, every batch whose decision time + window <= t
//   to the end of out; rows already in out stay first. One batch into an empty out is a swap
//   of arrays; otherwise rows are copied (out then makes room for everything pending at once:
//   at the horizon the last windows close one sync after another with no step in between).
//   Released storage is reused by later Appends, so the steady state allocates nothing.
#ifndef CAMPSIM_SIM_PENDING_FEEDBACK_H_
#define CAMPSIM_SIM_PENDING_FEEDBACK_H_

#include <cstddef>
#include <deque>
#include <vector>

#include "policies/decisions.h"

namespace campsim {

class WorkerPool;

class PendingFeedback {
 public:
  // num_features 0 keeps no contexts.
  explicit PendingFeedback(int num_features = 0) : num_features_(num_features) {}

  // Forgets everything pending and sets the context width.
  void Reset(int num_features);
  // Adds n rows for decision time t and returns the batch holding them; the first new row is
  // the batch's size() before the call.
  FeedbackBatch& Append(SimTime t, std::size_t n, std::size_t total);
  // Removes the last n rows appended for time t (the newest time), e.g. when writing them
  // failed.
  void DropLast(SimTime t, std::size_t n);
  // See the contract above. With a pool, batches that must be concatenated are copied in
  // parallel (the result is the same).
  void Release(SimTime t, SimTime window, FeedbackBatch& out, WorkerPool* pool = nullptr);
  bool empty() const { return pending_.empty(); }

 private:
  struct Entry {
    SimTime time;
    FeedbackBatch rows;
  };
  int num_features_;
  std::deque<Entry> pending_;         // by decision time, oldest first
  std::vector<FeedbackBatch> spare_;  // released arrays, capacity kept
};

}  // namespace campsim

#endif  // CAMPSIM_SIM_PENDING_FEEDBACK_H_
