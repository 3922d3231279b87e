#include "sim/pending_feedback.h"

#include <algorithm>
#include <utility>

#include "core/check.h"
#include "core/worker_pool.h"

namespace campsim {
namespace {

// Exchanges the row arrays of a and b (not their sync-point fields).
void SwapRows(FeedbackBatch& a, FeedbackBatch& b) {
  for (std::size_t c = 0; c < FeedbackBatch::kColumns; ++c) {
    FeedbackBatch::WithColumn(c, a, b, [](auto& x, auto& y, std::size_t) { x.swap(y); });
  }
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

void PendingFeedback::DropLast(SimTime t, std::size_t n) {
  CAMPSIM_CHECK_MSG(
      !pending_.empty() && pending_.back().time == t && pending_.back().rows.size() >= n,
      "PendingFeedback::DropLast: no such rows");
  FeedbackBatch& rows = pending_.back().rows;
  rows.Resize(rows.size() - n);
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
    // Feedback that already holds rows (at the horizon, windows close one sync after another
    // with no step in between) or several windows closing at once (syncs longer than the
    // decision interval): out makes room for everything pending, so the horizon's releases
    // grow it once, and the columns are copied on the pool (fresh pages fault, and faults are
    // costly on virtual machines).
    std::size_t all = out.size();
    for (const Entry& entry : pending_) all += entry.rows.size();
    out.Reserve(all);
    out.Resize(starts.back());
    // One task per piece of kPieceRows rows of one column of one batch: the columns differ
    // in width (contexts hold most of the bytes), so whole columns would leave a thread idle.
    constexpr std::size_t kColumns = FeedbackBatch::kColumns;
    constexpr std::size_t kPieceRows = std::size_t{1} << 16;
    std::vector<std::size_t> first_piece{0};  // per matured batch, its first task / kColumns
    for (std::size_t b = 0; b < matured; ++b) {
      const std::size_t rows = pending_[b].rows.size();
      first_piece.push_back(first_piece.back() + (rows + kPieceRows - 1) / kPieceRows);
    }
    RunOn(pool, first_piece.back() * kColumns, [&](std::size_t task, int) {
      const std::size_t piece = task / kColumns;
      const auto b = static_cast<std::size_t>(
          std::upper_bound(first_piece.begin(), first_piece.end(), piece) - first_piece.begin() - 1);
      const std::size_t begin = (piece - first_piece[b]) * kPieceRows;
      const std::size_t end = std::min(pending_[b].rows.size(), begin + kPieceRows);
      const std::size_t at = starts[b] + begin;
      FeedbackBatch::WithColumn(task % kColumns, out, pending_[b].rows,
                                [&](auto& to, const auto& from, std::size_t width) {
                                  std::copy(from.begin() + static_cast<std::ptrdiff_t>(begin * width),
                                            from.begin() + static_cast<std::ptrdiff_t>(end * width),
                                            to.begin() + static_cast<std::ptrdiff_t>(at * width));
                                });
    });
  }
  for (std::size_t i = 0; i < matured; ++i) {
    spare_.push_back(std::move(pending_.front().rows));
    pending_.pop_front();
  }
}

}  // namespace campsim
