#include "sim/pending_feedback.h"

#include <algorithm>
#include <utility>

#include "core/check.h"

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

template <typename T>
void AppendTo(RowArray<T>& to, const RowArray<T>& from) {
  to.insert(to.end(), from.begin(), from.end());
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

void PendingFeedback::Release(SimTime t, SimTime window, FeedbackBatch& out) {
  while (!pending_.empty() && pending_.front().time + window <= t) {
    FeedbackBatch& rows = pending_.front().rows;
    CAMPSIM_CHECK_MSG(rows.num_features == out.num_features,
                      "PendingFeedback::Release: context widths differ");
    if (out.size() == 0) {
      SwapRows(out, rows);  // out's old (empty) arrays become spare storage
    } else {
      out.Reserve(out.size() + rows.size());  // once, not by doubling
      AppendTo(out.decision_ids, rows.decision_ids);
      AppendTo(out.users, rows.users);
      AppendTo(out.times, rows.times);
      AppendTo(out.actions, rows.actions);
      AppendTo(out.propensities, rows.propensities);
      AppendTo(out.rewards, rows.rewards);
      AppendTo(out.costs, rows.costs);
      AppendTo(out.contexts, rows.contexts);
    }
    spare_.push_back(std::move(rows));
    pending_.pop_front();
  }
}

}  // namespace campsim
