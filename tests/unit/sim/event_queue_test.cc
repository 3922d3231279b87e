#include "sim/event_queue.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>
#include <utility>
#include <vector>

#include "core/rng.h"

namespace campsim {
namespace {

TEST(EventQueue, PopsInTimeOrder) {
  EventQueue q;
  for (SimTime t : {50, 10, 40, 20, 30, 0, 60}) q.Push(t, EventKind::kWake, static_cast<UserId>(t));
  SimTime last = -1;
  while (!q.empty()) {
    const Event e = q.Pop();
    EXPECT_GT(e.time, last);
    last = e.time;
  }
}

TEST(EventQueue, EqualTimesPopInInsertionOrder) {
  EventQueue q;
  std::vector<UserId> expected_at_5, expected_at_7;
  for (UserId u = 0; u < 100; ++u) {
    const SimTime t = u % 3 == 0 ? 5 : 7;
    q.Push(t, EventKind::kDelivery, u);
    (t == 5 ? expected_at_5 : expected_at_7).push_back(u);
  }
  std::vector<UserId> got;
  while (!q.empty()) got.push_back(q.Pop().user);
  std::vector<UserId> expected = expected_at_5;
  expected.insert(expected.end(), expected_at_7.begin(), expected_at_7.end());
  EXPECT_EQ(got, expected);
  EXPECT_EQ(q.pushed(), 100U);
}

TEST(EventQueue, InterleavedPushPopKeepsOrder) {
  EventQueue q;
  q.Push(10, EventKind::kWake, 1);
  q.Push(10, EventKind::kWake, 2);
  EXPECT_EQ(q.Pop().user, 1U);
  q.Push(10, EventKind::kWake, 3);  // pushed later, same time: after 2
  q.Push(5, EventKind::kWake, 4);
  EXPECT_EQ(q.Pop().user, 4U);
  EXPECT_EQ(q.Pop().user, 2U);
  EXPECT_EQ(q.Pop().user, 3U);
  EXPECT_TRUE(q.empty());
}

TEST(EventQueue, TimesOutsideTheKeyRangeAreRefused) {
  EventQueue q;
  q.Push(EventQueue::kMaxTime, EventKind::kWake, 1);
  q.Push(0, EventKind::kWake, 2);
  EXPECT_THROW(q.Push(EventQueue::kMaxTime + 1, EventKind::kWake, 3), std::length_error);
  EXPECT_THROW(q.Push(-1, EventKind::kWake, 3), std::length_error);
  const Event first = q.Pop();
  EXPECT_EQ(first.user, 2U);
  EXPECT_EQ(first.seq, 1U);
  const Event second = q.Pop();
  EXPECT_EQ(second.time, EventQueue::kMaxTime);
  EXPECT_EQ(second.seq, 0U);
}

// Windows of random length; pushes during a window land before and after its end; some
// windows stop early and the rest is popped later, some are abandoned part-way. Every time is
// a multiple of `scale`, so windows span 1 to 300 x scale seconds: one radix pass for small
// scales, two for a day, three beyond 2^22 s.
void CheckWindowedOrder(SimTime scale) {
  EventQueue q;
  Rng rng(7, StreamTag::kTest, static_cast<std::uint64_t>(scale));
  std::vector<std::pair<SimTime, UserId>> expected;  // (time, push index)
  std::vector<std::pair<SimTime, UserId>> got;
  UserId pushed = 0;
  auto push = [&](SimTime units) {
    const SimTime t = units * scale;
    q.Push(t, EventKind::kWake, pushed);
    expected.emplace_back(t, pushed++);
  };
  for (int i = 0; i < 500; ++i) push(static_cast<SimTime>(rng.Below(1000)));
  for (int i = 0; i < 50; ++i) push(500);  // ties: push order
  SimTime end = 0;                         // in units of scale, like stop
  Event e;
  while (end < 20000) {
    end += 1 + static_cast<SimTime>(rng.Below(300));
    const SimTime stop = rng.Uniform() < 0.2 ? end - static_cast<SimTime>(rng.Below(50)) : end;
    // Some windows are abandoned part-way: the next, later bound then finds an unpopped run.
    const bool abandon = rng.Uniform() < 0.1;
    while (q.PopBefore(stop * scale, e)) {
      ASSERT_LT(e.time, stop * scale);
      got.emplace_back(e.time, e.user);
      if (rng.Uniform() < 0.7) push(e.time / scale + static_cast<SimTime>(rng.Below(400)));
      if (abandon && rng.Uniform() < 0.3) break;
    }
    for (int i = 0; i < 3; ++i) push(end + static_cast<SimTime>(rng.Below(500)));
    ASSERT_EQ(q.size(), expected.size() - got.size());
  }
  while (!q.empty()) {
    const Event rest = q.Pop();
    got.emplace_back(rest.time, rest.user);
  }
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(got, expected);
  EXPECT_EQ(q.pushed(), static_cast<std::uint64_t>(pushed));
}

TEST(EventQueue, WindowedPopsFollowTheOneOrderOfKeys) {
  for (const SimTime scale : {SimTime{1}, SimTime{300}, SimTime{30000}}) {
    SCOPED_TRACE(scale);
    CheckWindowedOrder(scale);
  }
}

TEST(EventQueue, PopAfterAWideBoundStillOrdersLaterPushes) {
  EventQueue q;
  q.Push(100, EventKind::kWake, 1);
  EXPECT_EQ(q.Pop().user, 1U);  // everything became due
  q.Push(50, EventKind::kWake, 2);
  q.Push(7, EventKind::kWake, 3);
  Event e;
  EXPECT_FALSE(q.PopBefore(7, e));
  ASSERT_TRUE(q.PopBefore(8, e));
  EXPECT_EQ(e.user, 3U);
  EXPECT_EQ(q.Pop().user, 2U);
  EXPECT_TRUE(q.empty());
}

}  // namespace
}  // namespace campsim
