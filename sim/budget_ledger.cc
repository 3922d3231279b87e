#include "sim/budget_ledger.h"

#include "core/check.h"

namespace campsim {

BudgetLedger::BudgetLedger(std::int64_t total_micros, int num_lines)
    : total_(total_micros), line_spent_(num_lines, 0) {
  CAMPSIM_CHECK(total_micros >= 0);
  CAMPSIM_CHECK(num_lines >= 1);
}

std::vector<std::int64_t> BudgetLedger::StartPeriod(const std::vector<std::int64_t>& requested) {
  CAMPSIM_CHECK(requested.size() == line_spent_.size());
  __extension__ __int128 asked = 0;  // K lines of up to the whole budget each
  for (std::int64_t r : requested) {
    CAMPSIM_CHECK(r >= 0);
    asked += r;
  }
  std::vector<std::int64_t> granted = requested;
  const std::int64_t available = remaining();
  if (asked > available) {
    const long double scale = static_cast<long double>(available) / static_cast<long double>(asked);
    CAMPSIM_CHECK(scale <= 1.0L);
    for (auto& g : granted) g = static_cast<std::int64_t>(static_cast<long double>(g) * scale);
  }
  std::int64_t total_granted = 0;
  for (std::int64_t g : granted) total_granted += g;
  CAMPSIM_CHECK_MSG(total_granted <= available, "period grant exceeds the remaining budget");
  for (int line = 0; line < owned_line(); ++line) {
    line_spent_[line] += granted[line];
    spent_ += granted[line];
  }
  owned_allowance_ = granted[owned_line()];
  CAMPSIM_CHECK(spent_ <= total_);
  return granted;
}

void BudgetLedger::ChargeSend(std::int64_t cost) {
  CAMPSIM_CHECK_MSG(CanSend(cost), "send charged beyond the owned allowance or the budget");
  owned_allowance_ -= cost;
  spent_ += cost;
  line_spent_[owned_line()] += cost;
  CAMPSIM_CHECK(spent_ <= total_);
}

}  // namespace campsim
