#include "cli/progress.h"

#include <unistd.h>

#include <cstdio>

namespace campsim {

ProgressPrinter::ProgressPrinter(bool quiet) : quiet_(quiet), terminal_(::isatty(2) == 1) {}

void ProgressPrinter::Update(int arm, int arms, const std::string& name, double done) {
  if (quiet_) return;
  if (static_cast<int>(done_.size()) != arms) {
    done_.assign(arms, 0.0);
    last_quarter_.assign(arms, -1);
  }
  done_[arm] = done;
  if (terminal_) {
    double overall = 0.0;
    int finished = 0;
    for (double d : done_) {
      overall += d / arms;
      finished += d >= 1.0 ? 1 : 0;
    }
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(overall * kWidth);
    std::fprintf(stderr, "\r[%-*s] %3d%%  %d/%d arms done", kWidth,
                 std::string(filled, '#').c_str(), static_cast<int>(overall * 100.0), finished,
                 arms);
    std::fflush(stderr);
    drawn_ = true;
    return;
  }
  const int quarter = static_cast<int>(done * 4.0);
  if (quarter == last_quarter_[arm]) return;
  last_quarter_[arm] = quarter;
  std::fprintf(stderr, "campsim: arm %d/%d (%s) %d%%\n", arm + 1, arms, name.c_str(), quarter * 25);
}

void ProgressPrinter::Finish() {
  if (drawn_) std::fprintf(stderr, "\n");
}

}  // namespace campsim
