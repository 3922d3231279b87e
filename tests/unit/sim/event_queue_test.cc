#include "sim/event_queue.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

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

}  // namespace
}  // namespace campsim
