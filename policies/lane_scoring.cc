#include "policies/lane_scoring.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>

namespace campsim {
namespace {

// The kernel is compiled once per SIMD level: lane_scoring_kernel.inc is included below in a
// namespace that sets the vector width W, under that level's target. (A template
// instantiated inside a target function would not do: GCC splits its wide vectors into
// pieces for the default target before inlining it.)
namespace sse2 {
constexpr std::size_t W = 2;
#include "policies/lane_scoring_kernel.inc"
}  // namespace sse2

// The wider levels need GCC's per-function targets on x86-64 (Clang ignores the pragma, and
// other CPUs have no such units): elsewhere only the two-wide kernel is built and CpuRuns
// reports the wider levels as absent.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define CAMPSIM_WIDE_LANES 1
// AVX-512F has fused multiply-adds of its own: the build's -ffp-contract=off keeps products and
// sums apart, and EverySimdLevelGivesTheSameBits fails if anything is fused.
#pragma GCC push_options
#pragma GCC target("avx")
namespace avx {
constexpr std::size_t W = 4;
#include "policies/lane_scoring_kernel.inc"
}  // namespace avx
#pragma GCC pop_options

#pragma GCC push_options
#pragma GCC target("avx512f")
namespace avx512 {
constexpr std::size_t W = 8;
#include "policies/lane_scoring_kernel.inc"
}  // namespace avx512
#pragma GCC pop_options
#endif  // x86-64 GCC

}  // namespace

const char* SimdLevelName(SimdLevel level) {
  switch (level) {
    case SimdLevel::kSse2:
      return "sse2";
    case SimdLevel::kAvx:
      return "avx";
    case SimdLevel::kAvx512:
      return "avx512";
  }
  return "?";
}

bool CpuRuns(SimdLevel level) {
  switch (level) {
    case SimdLevel::kSse2:
      return true;
#ifdef CAMPSIM_WIDE_LANES
    case SimdLevel::kAvx:
      return __builtin_cpu_supports("avx");
    case SimdLevel::kAvx512:
      return __builtin_cpu_supports("avx512f");
#else
    case SimdLevel::kAvx:
    case SimdLevel::kAvx512:
      return false;
#endif
  }
  return false;
}

namespace {

SimdLevel ChooseSimdLevel() {
  const char* forced = std::getenv("CAMPSIM_SIMD");
  if (forced == nullptr || *forced == '\0') {
    return CpuRuns(SimdLevel::kAvx512) ? SimdLevel::kAvx512
           : CpuRuns(SimdLevel::kAvx)  ? SimdLevel::kAvx
                                       : SimdLevel::kSse2;
  }
  for (const SimdLevel level : {SimdLevel::kSse2, SimdLevel::kAvx, SimdLevel::kAvx512}) {
    if (std::strcmp(forced, SimdLevelName(level)) != 0) continue;
    if (!CpuRuns(level)) {
      throw SimdLevelError(std::string("CAMPSIM_SIMD=") + forced +
                           ": this CPU does not run it (unset CAMPSIM_SIMD to use the "
                           "widest level it runs)");
    }
    return level;
  }
  throw SimdLevelError(std::string("CAMPSIM_SIMD=") + forced +
                       ": unknown level (valid: sse2, avx, avx512)");
}

}  // namespace

SimdLevel ChosenSimdLevel() {
  static const SimdLevel chosen = ChooseSimdLevel();
  return chosen;
}

void ScoreLanes(SimdLevel level, const LaneScoringInput& in, double* mean, double* spread) {
  switch (level) {
    case SimdLevel::kSse2:
      sse2::Score(in, mean, spread);
      return;
#ifdef CAMPSIM_WIDE_LANES
    case SimdLevel::kAvx:
      avx::Score(in, mean, spread);
      return;
    case SimdLevel::kAvx512:
      avx512::Score(in, mean, spread);
      return;
#else
    case SimdLevel::kAvx:
    case SimdLevel::kAvx512:
      break;  // never chosen: CpuRuns is false
#endif
  }
}

}  // namespace campsim
