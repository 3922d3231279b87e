#include "core/worker_pool.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

namespace campsim {
namespace {

TEST(WorkerPool, RunsEveryIndexExactlyOnceWhateverTheThreadCount) {
  for (int threads : {1, 2, 4}) {
    WorkerPool pool(threads);
    for (std::size_t n : {0UL, 1UL, 7UL, 1000UL}) {
      std::vector<int> hits(n, 0);
      std::vector<int> slots(n, -1);
      pool.Run(n, [&](std::size_t i, int slot) {
        ++hits[i];
        slots[i] = slot;
      });
      for (std::size_t i = 0; i < n; ++i) {
        EXPECT_EQ(hits[i], 1);
        EXPECT_GE(slots[i], 0);
        EXPECT_LT(slots[i], pool.threads());
      }
    }
  }
}

TEST(WorkerPool, RethrowsTheLowestFailingIndexAndStaysUsable) {
  WorkerPool pool(3);
  try {
    pool.Run(100, [](std::size_t i, int) {
      if (i == 70 || i == 30) throw std::runtime_error("index " + std::to_string(i));
    });
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "index 30");
  }
  std::vector<int> hits(50, 0);
  pool.Run(50, [&](std::size_t i, int) { ++hits[i]; });
  for (int h : hits) EXPECT_EQ(h, 1);
}

}  // namespace
}  // namespace campsim
