#include "sim/population.h"

#include <algorithm>
#include <cmath>

#include "core/check.h"
#include "core/rng.h"

namespace campsim {

double SegmentConfig::DrawRevenue(Rng& rng) const {
  if (revenue_distribution == "exponential") return rng.Exponential(revenue_mean);
  const double median = revenue_mean * std::exp(-0.5 * revenue_sigma * revenue_sigma);
  return rng.LogNormalMedian(median, revenue_sigma);
}

void SegmentConfig::Describe(ConfigVisitor& v) {
  v.Locate(where);
  v.Field("name", name, "Segment name, used in features (segment=<name>) and rules.");
  v.Field("share", share, "Fraction of the population in this segment; shares sum to 1.",
          Probability());
  v.Field("latent_mean", latent_mean,
          "Mean of the hidden latent preference vector (length population.latent_dims). A "
          "message's appeal is the dot product of these preferences with its attributes.");
  v.Field("latent_sd", latent_sd, "Standard deviation of each latent preference around the mean.",
          NonNegative());
  v.Field("observation_noise_sd", observation_noise_sd,
          "Noise between a latent preference and its observable affinity feature.", NonNegative());
  v.Field("visit_gap_days", visit_gap_days,
          "Mean of the exponential gap between a user's organic sessions.", Positive());
  v.Field("intent", intent, "Logit shift of every conversion probability for this segment.");
  v.Field("revenue_mean", revenue_mean, "Mean revenue of one conversion.", Positive());
  v.Field("revenue_sigma", revenue_sigma, "Standard deviation of log revenue (log-normal only).",
          NonNegative());
  v.Field("revenue_distribution", revenue_distribution,
          "Distribution of one conversion's revenue, with mean revenue_mean: lognormal (with "
          "revenue_sigma) or exponential.",
          OneOf({"lognormal", "exponential"}));
  v.Field("discount_sensitivity", discount_sensitivity,
          "How strongly a discount raises click and conversion logits (multiplies the discount).",
          NonNegative());
  v.Field("purchased_before", purchased_before,
          "Probability that a user has purchased before t=0 (else a prospect).", Probability());
  v.Field("purchase_recency_days", purchase_recency_days,
          "Mean days since the last purchase at t=0, for past purchasers (exponential).",
          Positive());
  v.Field("purchase_frequency", purchase_frequency,
          "Mean number of past purchases of past purchasers (1 + Poisson).", NonNegative());
  v.Field("tenure_days", tenure_days, "Mean account age at t=0 (exponential).", Positive());
  v.Field("mobile_share", mobile_share, "Probability that the user is mainly on mobile.",
          Probability());
  v.Field("churn_per_session", churn_per_session,
          "Probability that a user churns (leaves for good) after an organic session.",
          Probability());
  v.Field("consent", consent,
          "Per-channel consent rate overriding the channel's consent_rate, e.g. {sms: 0.1}.");
  v.Require(std::all_of(consent.begin(), consent.end(),
                        [](const auto& kv) { return kv.second >= 0.0 && kv.second <= 1.0; }),
            "consent rates must be probabilities in [0, 1]");
}

void PopulationConfig::Describe(ConfigVisitor& v) {
  v.Field("size", size, "Number of users.", IntRange(1, 2'000'000'000));
  v.Field("latent_dims", latent_dims,
          "Length of latent preference and message attribute vectors.", IntRange(1, 64));
  v.Field("lapse_days", lapse_days, "Days without a purchase after which a customer is lapsed.",
          Positive());
  v.Field("prospect_intent", prospect_intent,
          "Conversion logit shift for users who never purchased.");
  v.Field("lapsed_intent", lapsed_intent, "Conversion logit shift for lapsed customers.");
  v.Field("lapsed_visit_gap_multiplier", lapsed_visit_gap_multiplier,
          "Lapsed customers' organic visit gaps are this many times longer.", Positive());
  v.ListOf("segments", segments, "The segment mixture users are drawn from.");
  double total = 0.0;
  for (const auto& s : segments) total += s.share;
  v.Require(!segments.empty(), "at least one segment is needed");
  v.Require(std::abs(total - 1.0) < 1e-6,
            "segment shares must sum to 1 (they sum to " + FormatNumber(total) + ")");
  bool dims_ok = true;
  for (const auto& s : segments) {
    dims_ok = dims_ok && static_cast<std::int64_t>(s.latent_mean.size()) == latent_dims;
  }
  v.Require(dims_ok, "every segment's latent_mean must have latent_dims (" +
                         std::to_string(latent_dims) + ") entries");
  v.Require(segments.size() <= 255, "at most 255 segments");
}

std::size_t PopulationState::BytesPerUser() const {
  const std::size_t per_channel = sizeof(float) + sizeof(std::int32_t) + sizeof(std::uint16_t) +
                                  sizeof(std::uint8_t);
  const std::size_t per_latent = 2 * sizeof(float);
  const std::size_t fixed = 4 * sizeof(std::uint8_t) + 3 * sizeof(std::int32_t) +
                            sizeof(std::uint16_t) + 2 * sizeof(float) + sizeof(std::uint32_t);
  return fixed + per_channel * static_cast<std::size_t>(num_channels) +
         per_latent * static_cast<std::size_t>(latent_dims);
}

void GeneratePopulation(const PopulationConfig& config, const std::vector<std::string>& channels,
                        const std::vector<double>& channel_consent_rates, std::uint64_t seed,
                        PopulationState& s, WorkerPool* pool) {
  CAMPSIM_CHECK(channels.size() == channel_consent_rates.size());
  CAMPSIM_CHECK(channels.size() <= kMaxOwnedChannels);
  const std::size_t n = static_cast<std::size_t>(config.size);
  const int dims = static_cast<int>(config.latent_dims);
  const int nc = static_cast<int>(channels.size());
  s.size = n;
  s.latent_dims = dims;
  s.num_channels = nc;
  s.segment.assign(n, 0);
  s.churned.assign(n, 0);
  s.mobile.assign(n, 0);
  s.consent.assign(n, 0);
  s.latent.assign(n * dims, 0.0F);
  s.affinity.assign(n * dims, 0.0F);
  s.fatigue.assign(n * nc, 0.0F);
  s.last_contact.assign(n * nc, kNever);
  s.cap_window.assign(n * nc, 0);
  s.cap_count.assign(n * nc, 0);
  s.last_purchase.assign(n, kNever);
  s.last_visit.assign(n, kNever);
  s.last_click.assign(n, kNever);
  s.purchases.assign(n, 0);
  s.order_value.assign(n, 0.0F);
  s.tenure_days.assign(n, 0.0F);
  s.organic_draws.assign(n, 0);

  std::vector<double> shares;
  for (const auto& seg : config.segments) shares.push_back(seg.share);
  // Consent rate per (segment, channel).
  std::vector<double> consent_rate(config.segments.size() * nc);
  for (std::size_t g = 0; g < config.segments.size(); ++g) {
    for (int c = 0; c < nc; ++c) {
      const auto it = config.segments[g].consent.find(channels[c]);
      consent_rate[g * nc + c] =
          it == config.segments[g].consent.end() ? channel_consent_rates[c] : it->second;
    }
  }

  // Each user draws from its own stream, so blocks of users are independent.
  const auto generate = [&](std::size_t u) {
    Rng rng(seed, StreamTag::kPopulation, u);
    const std::size_t g = rng.Categorical(shares);
    const SegmentConfig& seg = config.segments[g];
    s.segment[u] = static_cast<std::uint8_t>(g);
    for (int k = 0; k < dims; ++k) {
      const double latent = rng.Normal(seg.latent_mean[k], seg.latent_sd);
      s.latent[u * dims + k] = static_cast<float>(latent);
      s.affinity[u * dims + k] = static_cast<float>(latent + rng.Normal(0.0, seg.observation_noise_sd));
    }
    s.mobile[u] = rng.Bernoulli(seg.mobile_share) ? 1 : 0;
    for (int c = 0; c < nc; ++c) {
      if (rng.Bernoulli(consent_rate[g * nc + c]))
        s.consent[u] |= static_cast<std::uint8_t>(1U << c);
    }
    const double tenure = rng.Exponential(seg.tenure_days);
    s.tenure_days[u] = static_cast<float>(tenure);
    if (rng.Bernoulli(seg.purchased_before)) {
      const double recency_days = std::min(rng.Exponential(seg.purchase_recency_days), tenure);
      s.last_purchase[u] = -static_cast<std::int32_t>(DaysToTime(recency_days));
      s.last_visit[u] = s.last_purchase[u];
      s.purchases[u] = static_cast<std::uint16_t>(
          std::min<std::uint64_t>(1 + rng.Poisson(seg.purchase_frequency), 65535));
      s.order_value[u] = static_cast<float>(seg.DrawRevenue(rng));
    }
  };
  constexpr std::size_t kUsersPerTask = 4096;
  const std::size_t tasks = (n + kUsersPerTask - 1) / kUsersPerTask;
  RunOn(pool, tasks, [&](std::size_t task, int /*slot*/) {
    const std::size_t end = std::min(n, (task + 1) * kUsersPerTask);
    for (std::size_t u = task * kUsersPerTask; u < end; ++u) generate(u);
  });
}

}  // namespace campsim
