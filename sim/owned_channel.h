// Owned channels (email, push, sms, in_app): per-user sends with a per-send cost, a delivery
// latency, frequency caps, required consent, and a logistic response model.
//
// Contract (formulas; tests check them literally):
//   affinity        = latent preferences . message attributes
//   recency_signal  = exp(-days since the user's last visit / recency_scale_days)
//   P(open)         = sigmoid(logit(open_base) + open_affinity_weight * affinity
//                             - open_fatigue_weight * fatigue + open_recency_weight * recency)
//   P(click | open) = sigmoid(logit(click_base) + click_affinity_weight * affinity
//                             + click_discount_weight * discount * discount_sensitivity)
//   P(unsubscribe)  = sigmoid(logit(unsubscribe_base) + unsubscribe_fatigue_weight * fatigue)
//   P(churn)        = sigmoid(logit(churn_base) + churn_fatigue_weight * fatigue)
//   fatigue(t)      = fatigue(t0) * 2^(-(t - t0) / fatigue_half_life), +1 per send
// where fatigue is the channel's fatigue just before the send (open, click) or just before
// the delivery (unsubscribe, churn). Per-channel defaults come from the registered type.
#ifndef CAMPSIM_SIM_OWNED_CHANNEL_H_
#define CAMPSIM_SIM_OWNED_CHANNEL_H_

#include <cmath>
#include <cstdint>
#include <string>

#include "core/config.h"
#include "core/sim_time.h"

namespace campsim {

struct OwnedChannelParams : DescribableBase<OwnedChannelParams> {
  double cost_per_send = 0.001;
  double consent_rate = 0.8;
  double latency_median_minutes = 2.0;
  double latency_sigma = 0.8;
  double latency_max_hours = 1.0;
  double open_delay_mean_hours = 4.0;
  double open_delay_max_hours = 48.0;
  double open_base = 0.18;
  double open_affinity_weight = 0.5;
  double open_fatigue_weight = 0.3;
  double open_recency_weight = 0.5;
  double recency_scale_days = 14.0;
  double click_base = 0.05;
  double click_affinity_weight = 0.5;
  double click_discount_weight = 2.0;
  bool visit_on_open = false;
  std::string landing_node = "web";
  double fatigue_half_life_days = 3.0;
  double unsubscribe_base = 0.001;
  double unsubscribe_fatigue_weight = 0.4;
  double churn_base = 0.0002;
  double churn_fatigue_weight = 0.3;
  std::int64_t cap_max_sends = 3;
  double cap_window_days = 7.0;
  double cap_min_gap_hours = 20.0;

  void Describe(ConfigVisitor& v) override;

  // Registered defaults per channel type, calibrated in docs/world-model.md.
  static OwnedChannelParams Email();
  static OwnedChannelParams Push();
  static OwnedChannelParams Sms();
  static OwnedChannelParams InApp();
};

inline double Sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }
// logit(p) for p in (0, 1); +-infinity at the ends, so a 0 or 1 base stays fixed.
inline double Logit(double p) {
  if (p <= 0.0) return -INFINITY;
  if (p >= 1.0) return INFINITY;
  return std::log(p / (1.0 - p));
}

// The response model of one owned channel, with the parameters pre-digested.
class OwnedChannel {
 public:
  OwnedChannel(std::string name, const OwnedChannelParams& params);

  const std::string& name() const { return name_; }
  const OwnedChannelParams& params() const { return params_; }

  // P(open) = sigmoid(logit + w_affinity affinity - w_fatigue fatigue + w_recency recency),
  // recency = OpenRecency(days_since_visit) (0 when its weight is 0). Two steps, so that a
  // caller scoring several messages of one user computes the recency once.
  double OpenRecency(double days_since_visit) const;
  double OpenProbabilityAt(double affinity, double fatigue, double recency) const;
  double ClickProbability(double affinity, double discount, double discount_sensitivity) const;
  // Probability that a delivered message starts a session: P(open), or P(open) P(click|open).
  double VisitProbability(double p_open, double p_click) const {
    return params_.visit_on_open ? p_open : p_open * p_click;
  }
  double UnsubscribeProbability(double fatigue) const;
  double ChurnProbability(double fatigue) const;
  // Whether a probability above reads its fatigue argument (a weight on it is not 0); when
  // it does not, callers may skip decaying fatigue and pass 0: the result is the same bits.
  bool OpenReadsFatigue() const { return params_.open_fatigue_weight != 0.0; }
  // Whether a delivery can never unsubscribe nor churn (both probabilities fixed at 0): then
  // no uniform compares below them, whatever its value.
  bool LosesNoOne() const { return unsubscribe_fixed_ == 0.0 && churn_fixed_ == 0.0; }
  bool LossReadsFatigue() const {
    return params_.unsubscribe_fatigue_weight != 0.0 || params_.churn_fatigue_weight != 0.0;
  }
  // Fatigue `value` recorded at `since`, decayed to `now`.
  double DecayedFatigue(double value, SimTime since, SimTime now) const;

  SimTime latency_max() const { return latency_max_; }
  SimTime open_delay_max() const { return open_delay_max_; }
  // The open delay's mean in seconds and exp(-open_delay_max / mean), for
  // Rng::TruncatedExponentialWithTail.
  double open_delay_mean_s() const { return open_delay_mean_s_; }
  double open_delay_tail() const { return open_delay_tail_; }
  SimTime min_gap() const { return min_gap_; }
  SimTime cap_window() const { return cap_window_; }
  std::int64_t cost_micros() const { return cost_micros_; }

 private:
  std::string name_;
  OwnedChannelParams params_;
  double open_logit_, click_logit_, unsubscribe_logit_, churn_logit_;
  // A probability whose weights are all 0 is the sigmoid of its logit (0 x finite input adds
  // an exact zero): computed once; NaN when the probability depends on its inputs.
  double open_fixed_, click_fixed_, unsubscribe_fixed_, churn_fixed_;
  double fatigue_decay_per_s_;
  SimTime latency_max_, open_delay_max_, min_gap_, cap_window_;
  double open_delay_mean_s_, open_delay_tail_;
  std::int64_t cost_micros_;
};

// Money is held in integer micro-units (1e-6 of the currency) so budget sums are exact.
inline std::int64_t ToMicros(double amount) {
  return static_cast<std::int64_t>(std::llround(amount * 1e6));
}
inline double FromMicros(std::int64_t micros) { return static_cast<double>(micros) * 1e-6; }

}  // namespace campsim

#endif  // CAMPSIM_SIM_OWNED_CHANNEL_H_
