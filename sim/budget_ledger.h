// The budget ledger: the one place money is spent.
//
// Contract (invariants, checked by CAMPSIM_CHECK and by tests):
// - amounts are integer micro-units, so sums are exact;
// - spent() <= total() at all times: a period's requested spend is clipped to what remains,
//   and an owned-channel send is refused unless it fits both the period's owned allowance
//   and the remaining budget;
// - budget lines are the paid channels followed by one "owned" line; paid lines are charged
//   in full when the period starts, the owned line per send; an unused owned allowance
//   lapses at the period's end.
#ifndef CAMPSIM_SIM_BUDGET_LEDGER_H_
#define CAMPSIM_SIM_BUDGET_LEDGER_H_

#include <cstdint>
#include <vector>

namespace campsim {

class BudgetLedger {
 public:
  BudgetLedger(std::int64_t total_micros, int num_lines);

  std::int64_t total() const { return total_; }
  std::int64_t spent() const { return spent_; }
  std::int64_t remaining() const { return total_ - spent_; }
  std::int64_t owned_allowance() const { return owned_allowance_; }
  std::int64_t line_spent(int line) const { return line_spent_[line]; }
  int num_lines() const { return static_cast<int>(line_spent_.size()); }
  int owned_line() const { return num_lines() - 1; }

  // Starts a period: requested[i] >= 0 per line. If the request exceeds what remains, every
  // line is scaled down by the same factor (rounded down). Charges the paid lines, sets the
  // owned allowance, and returns the granted amount per line.
  std::vector<std::int64_t> StartPeriod(const std::vector<std::int64_t>& requested);

  bool CanSend(std::int64_t cost) const {
    return cost <= owned_allowance_ && cost <= remaining();
  }
  // Charges one owned-channel send; CanSend(cost) must hold.
  void ChargeSend(std::int64_t cost);

 private:
  std::int64_t total_;
  std::int64_t spent_ = 0;
  std::int64_t owned_allowance_ = 0;
  std::vector<std::int64_t> line_spent_;
};

}  // namespace campsim

#endif  // CAMPSIM_SIM_BUDGET_LEDGER_H_
