#include "sim/pending_feedback.h"

#include <algorithm>
#include <utility>

#include "core/check.h"
#include "core/worker_pool.h"

namespace campsim {
namespace {

// Exchanges the row arrays of a and b (not their sync-point fields).
void SwapRows(FeedbackBatch& a, FeedbackBatch& b) {
  a.decision_ids.swap(b.decision_ids);
  a.users.swap(b.users);
  a.times.swap(b.times);
  a.actions.swap(b.actions);
  a.propensities.swap(b.propensities);
  a.rewards.swap(b.rewards);
  a.costs.swap(b.costs);
  a.contexts.swap(b.contexts);
}

// Copies `from` into `to` starting at element `at` (to is already that long).
template <typename T>
void CopyInto(RowArray<T>& to, std::size_t at, const RowArray<T>& from) {
  std::copy(from.begin(), from.end(), to.begin() + static_cast<std::ptrdiff_t>(at));
}

}  // namespace

void PendingFeedback::Reset(int num_features) {
  num_features_ = num_features;
  for (auto& entry : pending_) spare_.push_back(std::move(entry.rows));
  pending_.clear();
}

FeedbackBatch& PendingFeedback::Append(SimTime t, std::size_t n, std::size_t total) {
  CAMPSIM_CHECK_MSG(pending_.empty() || pending_.back().time <= t,
                    "PendingFeedback::Append: decision times must not go back");
  if (pending_.empty() || pending_.back().time != t) {
    FeedbackBatch rows;
    if (!spare_.empty()) {
      rows = std::move(spare_.back());
      spare_.pop_back();
    }
    rows.Clear();
    rows.num_features = num_features_;
    rows.Reserve(std::max(n, total));
    pending_.push_back({t, std::move(rows)});
  }
  FeedbackBatch& rows = pending_.back().rows;
  rows.Resize(rows.size() + n);
  return rows;
}

void PendingFeedback::Release(SimTime t, SimTime window, FeedbackBatch& out, WorkerPool* pool) {
  std::size_t matured = 0;
  std::vector<std::size_t> starts{out.size()};  // each matured batch's first row in out
  for (; matured < pending_.size() && pending_[matured].time + window <= t; ++matured) {
    CAMPSIM_CHECK_MSG(pending_[matured].rows.num_features == out.num_features,
                      "PendingFeedback::Release: context widths differ");
    starts.push_back(starts.back() + pending_[matured].rows.size());
  }
  if (matured == 0) return;
  if (out.size() == 0 && matured == 1) {
    SwapRows(out, pending_.front().rows);  // out's old (empty) arrays become spare storage
  } else {
    // Several windows closed together (at the horizon, or with syncs longer than the decision
    // interval): out grows once, and the batches' columns are copied in on the pool (the
    // copies touch fresh pages, whose faults are costly on virtual machines).
    out.Resize(starts.back());
    const auto d = static_cast<std::size_t>(out.num_features);
    constexpr std::size_t kColumns = 8;
    RunOn(pool, matured * kColumns, [&](std::size_t task, int) {
      const FeedbackBatch& rows = pending_[task / kColumns].rows;
      const std::size_t at = starts[task / kColumns];
      switch (task % kColumns) {
        case 0:
          CopyInto(out.decision_ids, at, rows.decision_ids);
          break;
        case 1:
          CopyInto(out.users, at, rows.users);
          break;
        case 2:
          CopyInto(out.times, at, rows.times);
          break;
        case 3:
          CopyInto(out.actions, at, rows.actions);
          break;
        case 4:
          CopyInto(out.propensities, at, rows.propensities);
          break;
        case 5:
          CopyInto(out.rewards, at, rows.rewards);
          break;
        case 6:
          CopyInto(out.costs, at, rows.costs);
          break;
        default:
          CopyInto(out.contexts, at * d, rows.contexts);
          break;
      }
    });
  }
  for (std::size_t i = 0; i < matured; ++i) {
    spare_.push_back(std::move(pending_.front().rows));
    pending_.pop_front();
  }
}

}  // namespace campsim
