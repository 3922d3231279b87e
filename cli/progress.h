// Progress on stderr: a redrawn bar on a terminal, a line per quarter of each arm otherwise,
// nothing with --quiet. Arms may run in parallel; calls must be serialised by the caller. Results never go to stderr, so stdout stays machine-readable.
#ifndef CAMPSIM_CLI_PROGRESS_H_
#define CAMPSIM_CLI_PROGRESS_H_

#include <string>
#include <vector>

namespace campsim {

class ProgressPrinter {
 public:
  explicit ProgressPrinter(bool quiet);
  void Update(int arm, int arms, const std::string& name, double done);
  void Finish();

 private:
  bool quiet_;
  bool terminal_;
  std::vector<double> done_;       // per arm
  std::vector<int> last_quarter_;  // per arm, for line mode
  bool drawn_ = false;
};

}  // namespace campsim

#endif  // CAMPSIM_CLI_PROGRESS_H_
