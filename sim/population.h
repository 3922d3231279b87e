// The synthetic population: segments, the users' struct-of-arrays state, and its generation.
//
// Contract:
// - Users are generated from a segment mixture. Each user gets hidden latent preferences
//   (drawn around the segment's mean), observable but noisy affinities derived from them,
//   RFM history (recency, frequency, monetary), tenure, device, and per-channel consent.
// - Generation draws only from the per-user stream (seed, population, user id), so a user's
//   attributes never depend on the population size's split into shards or threads.
// - PopulationState is a struct of arrays: one contiguous array per attribute, per-channel
//   attributes strided by the number of owned channels. Times are int32 seconds (a horizon
//   up to 68 years); kNever marks "never happened".
#ifndef CAMPSIM_SIM_POPULATION_H_
#define CAMPSIM_SIM_POPULATION_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/rng.h"
#include "core/sim_time.h"
#include "core/worker_pool.h"

namespace campsim {

struct SegmentConfig : DescribableBase<SegmentConfig> {
  std::string name = "everyone";
  double share = 1.0;
  std::vector<double> latent_mean = {0.0, 0.0, 0.0, 0.0};
  double latent_sd = 0.5;
  double observation_noise_sd = 0.3;
  double visit_gap_days = 10.0;
  double intent = 0.0;
  double revenue_mean = 80.0;
  double revenue_sigma = 0.5;
  std::string revenue_distribution = "lognormal";  // or "exponential"
  double discount_sensitivity = 1.0;
  double purchased_before = 0.5;
  double purchase_recency_days = 45.0;
  double purchase_frequency = 3.0;
  double tenure_days = 365.0;
  double mobile_share = 0.6;
  double churn_per_session = 0.002;
  std::map<std::string, double> consent;
  SourceLocation where;

  void Describe(ConfigVisitor& v) override;
  // One conversion's revenue (mean revenue_mean) from the segment's distribution.
  double DrawRevenue(Rng& rng) const;
};

struct PopulationConfig : DescribableBase<PopulationConfig> {
  std::int64_t size = 10000;
  std::int64_t latent_dims = 4;
  double lapse_days = 90.0;
  double prospect_intent = -0.5;
  double lapsed_intent = -0.3;
  double lapsed_visit_gap_multiplier = 2.0;
  std::vector<SegmentConfig> segments = {SegmentConfig{}};

  void Describe(ConfigVisitor& v) override;
};

// Lifecycle stages; churned is absorbing.
enum class Stage : std::uint8_t { kProspect = 0, kActive = 1, kLapsed = 2, kChurned = 3 };

inline constexpr std::int32_t kNever = -(1 << 30);
inline constexpr int kMaxOwnedChannels = 8;

// Per-user state, struct of arrays. See docs/world-model.md for the bytes per user.
struct PopulationState {
  std::size_t size = 0;
  int latent_dims = 0;
  int num_channels = 0;  // owned channels

  std::vector<std::uint8_t> segment;
  std::vector<std::uint8_t> churned;         // 1 once churned (absorbing)
  std::vector<std::uint8_t> mobile;
  std::vector<std::uint8_t> consent;         // bit c: consent to owned channel c
  std::vector<float> latent;                 // size x latent_dims, hidden
  std::vector<float> affinity;               // size x latent_dims, observable, noisy latent
  std::vector<float> fatigue;                // size x num_channels, value at last_contact
  std::vector<std::int32_t> last_contact;    // size x num_channels, send time
  std::vector<std::uint16_t> cap_window;     // size x num_channels, frequency-cap window index
  std::vector<std::uint8_t> cap_count;       // size x num_channels, sends in that window
  std::vector<std::int32_t> last_purchase;   // kNever for prospects; negative = before t=0
  std::vector<std::int32_t> last_visit;
  std::vector<std::int32_t> last_click;
  std::vector<std::uint16_t> purchases;      // frequency
  std::vector<float> order_value;            // running mean order value (monetary)
  std::vector<float> tenure_days;            // at t = 0
  std::vector<std::uint32_t> organic_draws;  // position in the user's organic stream (Shard
                                             // throws past 2^32 - 1)

  // Stage at time t; lapse_s is the lapse threshold in seconds.
  Stage StageAt(std::size_t u, SimTime t, SimTime lapse_s) const {
    if (churned[u]) return Stage::kChurned;
    if (last_purchase[u] == kNever) return Stage::kProspect;
    return t - last_purchase[u] > lapse_s ? Stage::kLapsed : Stage::kActive;
  }
  bool HasConsent(std::size_t u, int channel) const { return (consent[u] >> channel) & 1U; }
  // Bytes of per-user state held in the arrays above.
  std::size_t BytesPerUser() const;
};

// Fills `state` for users [0, config.size). `channel_consent_rates[c]` is channel c's default
// consent rate; a segment's `consent` map overrides it by channel name. Every user draws
// from its own stream, so `pool` (optional) generates blocks of users in parallel with the
// same result.
void GeneratePopulation(const PopulationConfig& config, const std::vector<std::string>& channels,
                        const std::vector<double>& channel_consent_rates, std::uint64_t seed,
                        PopulationState& state, WorkerPool* pool = nullptr);

}  // namespace campsim

#endif  // CAMPSIM_SIM_POPULATION_H_
