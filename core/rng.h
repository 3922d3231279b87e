// Counter-based random numbers: Philox2x64-10 (Salmon et al., "Parallel random numbers: as
// easy as 1, 2, 3", SC 2011).
//
// Contract:
// - A stream is named by (seed, tag, a, b): the seed is the run's seed, the tag says what the
//   stream is for (population, organic visits, a message's response chain, ...) and a, b are
//   free coordinates such as a user id and a decision time. The same name always yields the
//   same sequence, on any thread, shard or machine; different names give independent streams.
// - Draws never depend on what other streams did, so a user's organic behaviour is the same
//   in every arm of a comparison (common random numbers) until the arms' actions diverge.
// - Rng is a value type of 24 bytes; copying it forks the sequence.
#ifndef CAMPSIM_CORE_RNG_H_
#define CAMPSIM_CORE_RNG_H_

#include <cmath>
#include <cstdint>
#include <numbers>
#include <span>

namespace campsim {

// What a stream is for. Values are part of the determinism contract: never renumber.
enum class StreamTag : std::uint64_t {
  kPopulation = 1,
  kOrganic = 2,
  kMessageChain = 3,
  kPaidVisits = 4,
  kAgent = 5,
  kPaidSchedule = 6,
  kTest = 99,
};

__extension__ using Uint128 = unsigned __int128;  // GCC/Clang builtin, for 64x64->128 products

// SplitMix64 finaliser: a bijective 64-bit mix used to spread names over the counter space.
inline constexpr std::uint64_t Mix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

// Philox2x64 with 10 rounds: maps (counter hi, counter lo, key) to 128 random bits.
inline void Philox2x64(std::uint64_t hi, std::uint64_t lo, std::uint64_t key,
                       std::uint64_t out[2]) {
  constexpr std::uint64_t kMultiplier = 0xD2B74407B1CE6E93ULL;
  constexpr std::uint64_t kWeyl = 0x9E3779B97F4A7C15ULL;
  std::uint64_t r0 = lo, r1 = hi;
  for (int round = 0; round < 10; ++round) {
    const Uint128 product = static_cast<Uint128>(kMultiplier) * r0;
    const auto prod_hi = static_cast<std::uint64_t>(product >> 64);
    const auto prod_lo = static_cast<std::uint64_t>(product);
    r0 = prod_hi ^ key ^ r1;
    r1 = prod_lo;
    key += kWeyl;
  }
  out[0] = r0;
  out[1] = r1;
}

class Rng {
 public:
  Rng(std::uint64_t seed, StreamTag tag, std::uint64_t a = 0, std::uint64_t b = 0)
      : key_(Mix64(seed ^ 0x6A09E667F3BCC909ULL)),
        stream_(Mix64(Mix64(static_cast<std::uint64_t>(tag)) ^ Mix64(a + 0x3C6EF372FE94F82BULL) ^
                      Mix64(Mix64(b) + 0xA54FF53A5F1D36F1ULL))),
        counter_(0) {}

  // Resumes a stream at a given draw index (per-user state stores only this counter).
  Rng(std::uint64_t seed, StreamTag tag, std::uint64_t a, std::uint64_t b, std::uint64_t counter)
      : Rng(seed, tag, a, b) {
    counter_ = counter;
  }

  std::uint64_t counter() const { return counter_; }

  // Moves past `draws` draws without making them: a caller that will not read a draw skips it,
  // and the later draws keep their values. Every draw below takes one place, except Poisson,
  // which takes one per uniform it uses.
  void Skip(std::uint64_t draws) { counter_ += draws; }

  // 64 uniformly distributed bits.
  std::uint64_t NextU64() {
    std::uint64_t out[2];
    Philox2x64(stream_, counter_++, key_, out);
    return out[0];
  }

  // Uniform on [0, 1) with 53 bits of precision.
  double Uniform() { return static_cast<double>(NextU64() >> 11) * 0x1.0p-53; }

  // Uniform on (0, 1]: safe to take the logarithm of.
  double UniformPositive() { return 1.0 - Uniform(); }

  bool Bernoulli(double p) { return Uniform() < p; }

  // Uniform integer in [0, n), n > 0 (Lemire's multiply-shift; bias below 2^-64 * n).
  std::uint64_t Below(std::uint64_t n) {
    const Uint128 product = static_cast<Uint128>(NextU64()) * n;
    return static_cast<std::uint64_t>(product >> 64);
  }

  // Standard normal by Box-Muller from one 128-bit draw (no cached second value, so the
  // stream position after a call is always counter + 1).
  double Normal() {
    std::uint64_t out[2];
    Philox2x64(stream_, counter_++, key_, out);
    const double u1 = 1.0 - static_cast<double>(out[0] >> 11) * 0x1.0p-53;
    const double u2 = static_cast<double>(out[1] >> 11) * 0x1.0p-53;
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
  }

  double Normal(double mean, double sd) { return mean + sd * Normal(); }

  // Exponential with the given mean (mean > 0).
  double Exponential(double mean) { return -mean * std::log(UniformPositive()); }

  // Exponential with the given mean, conditioned on being below `limit` (inverse CDF).
  double TruncatedExponential(double mean, double limit) {
    return TruncatedExponentialWithTail(mean, std::exp(-limit / mean));
  }
  // The same, with tail = exp(-limit / mean) computed once by the caller.
  double TruncatedExponentialWithTail(double mean, double tail) {
    return -mean * std::log(1.0 - Uniform() * (1.0 - tail));
  }

  // Log-normal whose median is `median` and whose log has standard deviation `sigma`.
  double LogNormalMedian(double median, double sigma) {
    if (sigma == 0.0) {  // median * exp(0 * z) == median: skip the draw's arithmetic, not its place
      Skip(1);
      return median;
    }
    return median * std::exp(sigma * Normal());
  }

  // Index drawn with probability proportional to weights (weights non-negative, sum > 0).
  std::size_t Categorical(std::span<const double> weights) {
    double total = 0.0;
    for (double w : weights) total += w;
    return Categorical(weights, total);
  }
  // The same, with total = the weights' sum in index order computed once by the caller. The
  // walk over the weights has no data-dependent branch (a random index mispredicts).
  std::size_t Categorical(std::span<const double> weights, double total) {
    double u = Uniform() * total;
    const std::size_t n = weights.size();
    std::size_t pick = n;
    for (std::size_t i = 0; i < n; ++i) {
      pick = pick == n && u < weights[i] ? i : pick;
      u -= weights[i];
    }
    if (pick != n) return pick;
    for (std::size_t i = n; i-- > 0;) {  // rounding left u at or above the total
      if (weights[i] > 0.0) return i;
    }
    return 0;
  }

  // Poisson(mean): inversion for small means, normal approximation rounded for large ones
  // (mean > 1e4), both deterministic in the number of draws they take per call.
  std::uint64_t Poisson(double mean) {
    if (mean <= 0.0) return 0;
    if (mean > 1e4) {
      const double x = std::floor(Normal(mean, std::sqrt(mean)) + 0.5);
      return x < 0.0 ? 0 : static_cast<std::uint64_t>(x);
    }
    // Split large means into chunks so exp(-chunk) never underflows.
    std::uint64_t count = 0;
    double remaining = mean;
    while (remaining > 0.0) {
      const double chunk = remaining > 500.0 ? 500.0 : remaining;
      remaining -= chunk;
      const double limit = std::exp(-chunk);
      double product = Uniform();
      while (product > limit) {
        ++count;
        product *= Uniform();
      }
    }
    return count;
  }

 private:
  std::uint64_t key_;
  std::uint64_t stream_;
  std::uint64_t counter_;
};

}  // namespace campsim

#endif  // CAMPSIM_CORE_RNG_H_
