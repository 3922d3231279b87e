#include "policies/decisions.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "core/worker_pool.h"

namespace campsim {
namespace {

// n rows, 3 actions, action 2 ineligible for every row; every decision valid (action 1).
void ValidRows(std::size_t n, MessageBatch& batch, Decisions& decisions) {
  batch.num_actions = 3;
  batch.users.resize(n);
  batch.eligible.resize(n * 3);
  decisions.actions.assign(n, 1);
  decisions.propensities.assign(n, 0.5);
  for (std::size_t i = 0; i < n; ++i) {
    batch.users[i] = static_cast<UserId>(1000 + i);
    batch.eligible[i * 3] = 1;
    batch.eligible[i * 3 + 1] = 1;
    batch.eligible[i * 3 + 2] = 0;
  }
}

std::string Error(const MessageBatch& batch, const Decisions& decisions, WorkerPool* pool) {
  try {
    ValidateDecisions(batch, decisions, pool);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

TEST(ValidateDecisions, NamesTheFirstBadRowWithOrWithoutAPool) {
  MessageBatch batch;
  Decisions decisions;
  ValidRows(100000, batch, decisions);
  WorkerPool pool(2);
  EXPECT_EQ(Error(batch, decisions, &pool), "");
  decisions.propensities[90000] = 0.0;  // in a late block
  decisions.actions[70000] = 2;         // ineligible, in an earlier block
  decisions.actions[70001] = 7;
  const std::string expected = "decision 70000 (user 71000): action 2 is not eligible";
  EXPECT_EQ(Error(batch, decisions, nullptr), expected);
  for (int repeat = 0; repeat < 20; ++repeat) EXPECT_EQ(Error(batch, decisions, &pool), expected);
  decisions.actions[70000] = 1;
  EXPECT_EQ(Error(batch, decisions, &pool),
            "decision 70001 (user 71001): action 7 is not in [0, 3)");
  decisions.actions[70001] = 1;
  EXPECT_EQ(Error(batch, decisions, &pool),
            "decision 90000 (user 91000): propensity 0.000000 is not in (0, 1]");
}

TEST(ValidateDecisions, RejectsAnswersOfTheWrongLength) {
  MessageBatch batch;
  Decisions decisions;
  ValidRows(10, batch, decisions);
  decisions.propensities.pop_back();
  EXPECT_EQ(Error(batch, decisions, nullptr),
            "decisions: expected 10 answers, got 10 actions and 9 propensities");
}

}  // namespace
}  // namespace campsim
