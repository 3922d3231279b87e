#include "sim/budget_ledger.h"

#include <gtest/gtest.h>

#include "core/check.h"

namespace campsim {
namespace {

TEST(BudgetLedger, GrantsWhatIsAskedWhenItFits) {
  BudgetLedger ledger(1000, 3);
  const auto granted = ledger.StartPeriod({100, 200, 300});
  EXPECT_EQ(granted, (std::vector<std::int64_t>{100, 200, 300}));
  EXPECT_EQ(ledger.spent(), 300);  // paid lines charged now
  EXPECT_EQ(ledger.owned_allowance(), 300);
  EXPECT_EQ(ledger.remaining(), 700);
}

TEST(BudgetLedger, ScalesDownAnOverRequest) {
  BudgetLedger ledger(1000, 2);
  const auto granted = ledger.StartPeriod({3000, 1000});
  EXPECT_LE(granted[0] + granted[1], 1000);
  EXPECT_EQ(granted[0], 750);
  EXPECT_EQ(granted[1], 250);
  EXPECT_LE(ledger.spent(), ledger.total());
}

TEST(BudgetLedger, SendsNeverExceedAllowanceOrBudget) {
  BudgetLedger ledger(100, 2);
  ledger.StartPeriod({60, 40});
  int sends = 0;
  while (ledger.CanSend(7)) {
    ledger.ChargeSend(7);
    ++sends;
  }
  EXPECT_EQ(sends, 5);
  EXPECT_EQ(ledger.spent(), 95);
  EXPECT_THROW(ledger.ChargeSend(7), InvariantError);
  EXPECT_LE(ledger.spent(), ledger.total());
}

TEST(BudgetLedger, UnusedAllowanceLapses) {
  BudgetLedger ledger(100, 1);
  ledger.StartPeriod({50});
  ledger.ChargeSend(10);
  ledger.StartPeriod({20});
  EXPECT_EQ(ledger.owned_allowance(), 20);
  EXPECT_EQ(ledger.spent(), 10);
}

TEST(BudgetLedger, ExhaustedBudgetGrantsNothing) {
  BudgetLedger ledger(10, 2);
  ledger.StartPeriod({10, 0});
  const auto granted = ledger.StartPeriod({5, 5});
  EXPECT_EQ(granted[0] + granted[1], 0);
  EXPECT_FALSE(ledger.CanSend(1));
}

}  // namespace
}  // namespace campsim
