// Linear scores of interleaved actions (policies/linear_policy.h's layout), on the widest vector
// unit the CPU has.
//
// Contract: ScoreLanes writes, for each block of kLanes actions,
//   mean[lane]   = sum over i of w_i x_i                               (i = 0 .. p-1, in order)
//   spread[lane] = sqrt(max(q, 0)), q = 2 * sum over i of x_i * (0.5 c_ii x_i + sum_{j>i} c_ij x_j)
// (the diagonal form: q = sum over i of c_i x_i x_i), each lane doing exactly the scalar
// formula's operations in that order. Multiplications and additions are never fused (the
// build sets -ffp-contract=off), so every SIMD level gives the same bits: the level changes the
// speed, never a result. (Wider levels exist on x86-64 with GCC; elsewhere the two-wide kernel,
// named sse2, is the only one.)
#ifndef CAMPSIM_POLICIES_LANE_SCORING_H_
#define CAMPSIM_POLICIES_LANE_SCORING_H_

#include <cstddef>
#include <stdexcept>

namespace campsim {

enum class SimdLevel { kSse2, kAvx, kAvx512 };
const char* SimdLevelName(SimdLevel level);
// A CAMPSIM_SIMD value that names no level, or one this CPU does not run.
// (Not an std::invalid_argument, which callers building policies read as a bad policy.)
struct SimdLevelError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
// The level linear policies score with, chosen at the first call: the widest this CPU runs, or
// the one the environment variable CAMPSIM_SIMD names (sse2, avx or avx512; for checking that
// results do not depend on it, and for timing). Throws SimdLevelError naming the variable.
SimdLevel ChosenSimdLevel();
// Whether this CPU runs `level`.
bool CpuRuns(SimdLevel level);

enum class SpreadForm { kNone, kDiagonal, kFull };

struct LaneScoringInput {
  static constexpr std::size_t kLanes = 8;
  const double* weights = nullptr;      // blocks x p x kLanes
  const double* covariances = nullptr;  // blocks x (p or p(p+1)/2) x kLanes; unused for kNone
  const double* x = nullptr;            // p inputs, bias first
  std::size_t p = 0;
  std::size_t blocks = 0;
  SpreadForm form = SpreadForm::kNone;
};

// Writes blocks x kLanes values to mean, and to spread unless form is kNone. `level` must be
// one CpuRuns accepts.
void ScoreLanes(SimdLevel level, const LaneScoringInput& in, double* mean, double* spread);

}  // namespace campsim

#endif  // CAMPSIM_POLICIES_LANE_SCORING_H_
