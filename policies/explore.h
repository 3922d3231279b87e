// Exploration math: pure functions from scores (or posteriors) and an eligibility mask to
// the probability of every action. Shared by the learning agents, the frozen policies and
// the production scorer, so a logged propensity is reproduced exactly wherever it is
// recomputed. Every function writes `out` (same length as `eligible`), puts 0 on every
// ineligible action and makes the eligible ones sum to 1; at least one action must be
// eligible. Ties go to the lowest action id.
#ifndef CAMPSIM_POLICIES_EXPLORE_H_
#define CAMPSIM_POLICIES_EXPLORE_H_

#include <cstdint>
#include <span>

namespace campsim {

// All mass on the eligible action with the highest score.
void ArgmaxPmf(std::span<const double> scores, std::span<const std::uint8_t> eligible,
               std::span<double> out);

// Epsilon-greedy: 1 - epsilon on the greedy action plus epsilon spread uniformly over the
// eligible actions (the greedy one included). epsilon in [0, 1].
void EpsilonGreedyPmf(std::span<const double> scores, std::span<const std::uint8_t> eligible,
                      double epsilon, std::span<double> out);

// Boltzmann exploration: p(a) proportional to exp(score(a) / temperature), temperature > 0,
// computed stably (max subtracted).
void SoftmaxPmf(std::span<const double> scores, std::span<const std::uint8_t> eligible,
                double temperature, std::span<double> out);

// Thompson sampling over independent Gaussian scores N(mean[a], sd[a]^2): the probability
// that each eligible action has the largest sampled score,
//   p(a) = integral of pdf_a(s) * prod_{b != a} cdf_b(s) ds.
// Tails beyond 5 standard deviations (3e-7) count as 0: an action that cannot reach the best
// action's lower reach gets exactly 0; one contender gets 1; two get the closed form
// Phi((mean_a - mean_b) / sqrt(sd_a^2 + sd_b^2)); with three or more, each contender is
// integrated in its own standardised variable (trapezoid rule, kGaussianGrid points on
// [-5, 5]), so very different spreads are resolved alike; the result is normalised.
// Actions with sd == 0 are point masses. The result is a deterministic function of the
// inputs, so sampling from it logs exact propensities.
inline constexpr int kGaussianGrid = 41;
void GaussianArgmaxPmf(std::span<const double> means, std::span<const double> sds,
                       std::span<const std::uint8_t> eligible, std::span<double> out);

// Thompson sampling over independent Beta(alpha[a], beta[a]) means: the probability that
// each eligible action's draw is the largest, on kBetaGrid points spanning the contenders'
// mass (mean +- 8 sd), densities in log space so concentrated posteriors do not underflow;
// actions that cannot reach the best lower reach get exactly 0.
inline constexpr int kBetaGrid = 400;
void BetaArgmaxPmf(std::span<const double> alpha, std::span<const double> beta,
                   std::span<const std::uint8_t> eligible, std::span<double> out);

// The action whose cumulative probability first exceeds u (u in [0, 1)); never an action
// with probability 0.
int SampleFromPmf(std::span<const double> pmf, double u);

}  // namespace campsim

#endif  // CAMPSIM_POLICIES_EXPLORE_H_
