#include "sim/pending_feedback.h"

#include <gtest/gtest.h>

#include <vector>

#include "core/worker_pool.h"

namespace campsim {
namespace {

// Appends n rows for time t whose users are first, first + 1, ... and whose contexts hold
// the user id in every column.
void AppendRows(PendingFeedback& pending, SimTime t, UserId first, std::size_t n,
                std::size_t total) {
  FeedbackBatch& rows = pending.Append(t, n, total);
  const std::size_t start = rows.size() - n;
  const auto d = static_cast<std::size_t>(rows.num_features);
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t r = start + i;
    const auto u = static_cast<UserId>(first + i);
    rows.decision_ids[r] = MakeDecisionId(t, u);
    rows.users[r] = u;
    rows.times[r] = t;
    rows.actions[r] = static_cast<std::int32_t>(u % 3);
    rows.propensities[r] = 0.5;
    rows.rewards[r] = static_cast<double>(u);
    rows.costs[r] = 0.25;
    for (std::size_t j = 0; j < d; ++j) rows.contexts[r * d + j] = static_cast<float>(u);
  }
}

std::vector<UserId> Users(const FeedbackBatch& f) { return {f.users.begin(), f.users.end()}; }

TEST(PendingFeedback, ReleasesWholeDecisionTimesOnceTheirWindowCloses) {
  PendingFeedback pending(2);
  AppendRows(pending, 100, 0, 3, 5);
  AppendRows(pending, 100, 3, 2, 5);  // a second chunk of the same decision time
  AppendRows(pending, 200, 10, 2, 2);
  FeedbackBatch out;
  out.num_features = 2;
  pending.Release(149, 50, out);  // 100 + 50 > 149: nothing matured
  EXPECT_EQ(out.size(), 0U);
  pending.Release(150, 50, out);
  EXPECT_EQ(Users(out), (std::vector<UserId>{0, 1, 2, 3, 4}));
  ASSERT_EQ(out.contexts.size(), 10U);
  EXPECT_EQ(out.Context(4)[1], 4.0F);
  EXPECT_EQ(out.times[4], 100);
  EXPECT_EQ(out.decision_ids[3], MakeDecisionId(100, 3));
  EXPECT_FALSE(pending.empty());
  pending.Release(1000, 50, out);  // appended after the rows already there
  EXPECT_EQ(Users(out), (std::vector<UserId>{0, 1, 2, 3, 4, 10, 11}));
  EXPECT_EQ(out.Context(6)[0], 11.0F);
  EXPECT_EQ(out.rewards[5], 10.0);
  EXPECT_TRUE(pending.empty());
}

TEST(PendingFeedback, SeveralMaturedTimesComeOutOldestFirst) {
  PendingFeedback pending(0);
  AppendRows(pending, 10, 5, 2, 2);
  AppendRows(pending, 20, 1, 1, 1);
  AppendRows(pending, 30, 7, 1, 1);
  FeedbackBatch out;
  pending.Release(25, 5, out);
  EXPECT_EQ(Users(out), (std::vector<UserId>{5, 6, 1}));
  EXPECT_TRUE(out.contexts.empty());
  EXPECT_FALSE(pending.empty());
}

TEST(PendingFeedback, APoolConcatenatesTheSameRows) {
  FeedbackBatch alone, pooled;
  WorkerPool pool(2);
  for (FeedbackBatch* out : {&alone, &pooled}) {
    PendingFeedback pending(3);
    out->num_features = 3;
    AppendRows(pending, 10, 0, 5, 5);
    pending.Release(20, 10, *out);  // out already holds rows: the next release appends
    AppendRows(pending, 15, 20, 4, 4);
    AppendRows(pending, 16, 40, 6, 6);
    pending.Release(30, 10, *out, out == &pooled ? &pool : nullptr);
  }
  EXPECT_EQ(Users(pooled),
            (std::vector<UserId>{0, 1, 2, 3, 4, 20, 21, 22, 23, 40, 41, 42, 43, 44, 45}));
  EXPECT_EQ(Users(alone), Users(pooled));
  EXPECT_EQ(std::vector<float>(alone.contexts.begin(), alone.contexts.end()),
            std::vector<float>(pooled.contexts.begin(), pooled.contexts.end()));
  EXPECT_EQ(pooled.Context(14)[2], 45.0F);
  EXPECT_EQ(pooled.times[9], 16);
}

TEST(PendingFeedback, LargeBatchesAreCopiedPieceByPieceToTheirPlaces) {
  // Batches longer than one copy piece (65,536 rows), one of them empty, released together
  // into feedback that already holds rows: every row lands at its canonical place.
  PendingFeedback pending(2);
  FeedbackBatch out;
  out.num_features = 2;
  AppendRows(pending, 10, 0, 3, 3);
  pending.Release(20, 10, out);
  AppendRows(pending, 11, 1000, 70000, 70000);
  AppendRows(pending, 12, 0, 0, 0);
  AppendRows(pending, 13, 500000, 140000, 140000);
  WorkerPool pool(2);
  pending.Release(30, 10, out, &pool);
  ASSERT_EQ(out.size(), 3U + 70000U + 140000U);
  ASSERT_EQ(out.contexts.size(), 2 * out.size());
  for (std::size_t r = 0; r < out.size(); ++r) {
    const UserId expected = r < 3 ? static_cast<UserId>(r)
                            : r < 70003 ? static_cast<UserId>(1000 + r - 3)
                                        : static_cast<UserId>(500000 + r - 70003);
    ASSERT_EQ(out.users[r], expected) << r;
    ASSERT_EQ(out.Context(r)[1], static_cast<float>(expected)) << r;
    ASSERT_EQ(out.rewards[r], static_cast<double>(expected)) << r;
    ASSERT_EQ(out.decision_ids[r], MakeDecisionId(out.times[r], expected)) << r;
  }
  EXPECT_EQ(out.times[70002], 11);
  EXPECT_EQ(out.times[70003], 13);
}

TEST(PendingFeedback, DroppedRowsNeverComeOut) {
  PendingFeedback pending(1);
  AppendRows(pending, 10, 0, 3, 5);
  AppendRows(pending, 10, 3, 2, 5);
  pending.DropLast(10, 2);  // the second chunk failed
  FeedbackBatch out;
  out.num_features = 1;
  pending.Release(20, 10, out);
  EXPECT_EQ(Users(out), (std::vector<UserId>{0, 1, 2}));
  EXPECT_EQ(out.contexts.size(), 3U);
}

TEST(PendingFeedback, ReusedStorageCarriesNothingOver) {
  PendingFeedback pending(1);
  FeedbackBatch out;
  out.num_features = 1;
  for (SimTime t = 0; t < 10; ++t) {
    AppendRows(pending, t, static_cast<UserId>(100 * t), 4, 4);
    out.Clear();
    pending.Release(t + 1, 1, out);  // time t matures at once
    EXPECT_EQ(Users(out), (std::vector<UserId>{
                              static_cast<UserId>(100 * t), static_cast<UserId>(100 * t + 1),
                              static_cast<UserId>(100 * t + 2), static_cast<UserId>(100 * t + 3)}));
    EXPECT_EQ(out.contexts.size(), 4U);
  }
  AppendRows(pending, 50, 0, 1, 1);
  pending.Reset(1);
  EXPECT_TRUE(pending.empty());
  out.Clear();
  pending.Release(1000, 1, out);
  EXPECT_EQ(out.size(), 0U);
}

}  // namespace
}  // namespace campsim
