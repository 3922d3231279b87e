#include "cli/progress.h"

#include <unistd.h>

#include <cstdio>

namespace campsim {

ProgressPrinter::ProgressPrinter(bool quiet) : quiet_(quiet), terminal_(::isatty(2) == 1) {}

void ProgressPrinter::Update(int arm, int arms, const std::string& name, double done) {
  if (quiet_) return;
  const double overall = (arm + done) / arms;
  if (terminal_) {
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(overall * kWidth);
    std::fprintf(stderr, "\r[%-*s] %3d%%  arm %d/%d %-24s", kWidth, std::string(filled, '#').c_str(),
                 static_cast<int>(overall * 100.0), arm + 1, arms, name.c_str());
    std::fflush(stderr);
    drawn_ = true;
    return;
  }
  const int quarter = static_cast<int>(done * 4.0);
  if (arm == last_arm_ && quarter == last_quarter_) return;
  last_arm_ = arm;
  last_quarter_ = quarter;
  std::fprintf(stderr, "campsim: arm %d/%d (%s) %d%%\n", arm + 1, arms, name.c_str(), quarter * 25);
}

void ProgressPrinter::Finish() {
  if (drawn_) std::fprintf(stderr, "\n");
}

}  // namespace campsim
