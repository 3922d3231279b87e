#include "sim/owned_channel.h"

#include <cmath>
#include <initializer_list>
#include <limits>
#include <utility>

namespace campsim {

void OwnedChannelParams::Describe(ConfigVisitor& v) {
  v.Field("cost_per_send", cost_per_send, "Cost of one send, charged when the send is decided.",
          InRange(0.0, 1e6));
  v.Field("consent_rate", consent_rate,
          "Share of users who consent to the channel at t=0 (opt-in; app installed for in_app).",
          Probability());
  v.Field("latency_median_minutes", latency_median_minutes,
          "Median delivery latency (log-normal).", NonNegative());
  v.Field("latency_sigma", latency_sigma, "Standard deviation of log latency.", NonNegative());
  v.Field("latency_max_hours", latency_max_hours, "Latency is clipped at this value.",
          InRange(0.0, 1e5));
  v.Field("open_delay_mean_hours", open_delay_mean_hours,
          "Mean delay from delivery to open (exponential, truncated at open_delay_max_hours).",
          Positive());
  v.Field("open_delay_max_hours", open_delay_max_hours, "Latest open after delivery.",
          InRange(1.0 / 60.0, 1e5));
  v.Field("open_base", open_base,
          "Open probability with zero affinity, zero fatigue and no recent visit.", Probability());
  v.Field("open_affinity_weight", open_affinity_weight, "Open logit per unit of affinity.");
  v.Field("open_fatigue_weight", open_fatigue_weight, "Open logit lost per unit of fatigue.");
  v.Field("open_recency_weight", open_recency_weight,
          "Open logit gained by a user who visited just now (decays with recency_scale_days).");
  v.Field("recency_scale_days", recency_scale_days, "Decay scale of the recency signal.",
          Positive());
  v.Field("click_base", click_base, "Click probability given an open, at zero affinity.",
          Probability());
  v.Field("click_affinity_weight", click_affinity_weight, "Click logit per unit of affinity.");
  v.Field("click_discount_weight", click_discount_weight,
          "Click logit per unit of discount x segment discount_sensitivity.");
  v.Field("visit_on_open", visit_on_open,
          "If true an open (not a click) starts the session, e.g. in_app or push.");
  v.Field("landing_node", landing_node, "Journey node where the message's session starts.");
  v.Field("fatigue_half_life_days", fatigue_half_life_days,
          "Half-life of the channel's fatigue; each send adds 1.", Positive());
  v.Field("unsubscribe_base", unsubscribe_base,
          "Unsubscribe probability per delivered message at zero fatigue.", Probability());
  v.Field("unsubscribe_fatigue_weight", unsubscribe_fatigue_weight,
          "Unsubscribe logit per unit of fatigue (over-contact).");
  v.Field("churn_base", churn_base, "Churn probability per delivered message at zero fatigue.",
          Probability());
  v.Field("churn_fatigue_weight", churn_fatigue_weight, "Churn logit per unit of fatigue.");
  v.Field("cap_max_sends", cap_max_sends,
          "Frequency cap: at most this many sends per cap window.", IntRange(1, 255));
  v.Field("cap_window_days", cap_window_days,
          "Length of the calendar-aligned frequency-cap window (windows start at t=0).",
          InRange(1.0 / 24.0, 20000.0));
  v.Field("cap_min_gap_hours", cap_min_gap_hours, "Minimum time between two sends.",
          InRange(0.0, 1e5));
  v.Require(latency_max_hours * 60.0 >= latency_median_minutes,
            "latency_max_hours must be at least the median latency");
  v.Require(cap_min_gap_hours > latency_max_hours,
            "cap_min_gap_hours must be greater than latency_max_hours, so that two messages of "
            "one channel are never in flight at once");
}

OwnedChannelParams OwnedChannelParams::Email() { return OwnedChannelParams{}; }

OwnedChannelParams OwnedChannelParams::Push() {
  OwnedChannelParams p;
  p.cost_per_send = 0.0005;
  p.consent_rate = 0.55;
  p.latency_median_minutes = 0.5;
  p.latency_sigma = 0.5;
  p.latency_max_hours = 0.25;
  p.open_delay_mean_hours = 1.0;
  p.open_delay_max_hours = 12.0;
  p.open_base = 0.035;
  p.click_base = 1.0;
  p.click_affinity_weight = 0.0;
  p.click_discount_weight = 0.0;
  p.visit_on_open = true;
  p.landing_node = "app";
  p.fatigue_half_life_days = 2.0;
  p.unsubscribe_base = 0.002;
  p.unsubscribe_fatigue_weight = 0.5;
  p.cap_max_sends = 5;
  p.cap_min_gap_hours = 8.0;
  return p;
}

OwnedChannelParams OwnedChannelParams::Sms() {
  OwnedChannelParams p;
  p.cost_per_send = 0.015;
  p.consent_rate = 0.15;
  p.latency_median_minutes = 0.5;
  p.latency_sigma = 0.5;
  p.latency_max_hours = 0.25;
  p.open_delay_mean_hours = 0.5;
  p.open_delay_max_hours = 6.0;
  p.open_base = 0.9;
  p.click_base = 0.05;
  p.fatigue_half_life_days = 5.0;
  p.unsubscribe_base = 0.003;
  p.unsubscribe_fatigue_weight = 0.5;
  p.churn_base = 0.0005;
  p.cap_max_sends = 2;
  p.cap_min_gap_hours = 48.0;
  return p;
}

OwnedChannelParams OwnedChannelParams::InApp() {
  OwnedChannelParams p;
  p.cost_per_send = 0.0;
  p.consent_rate = 0.35;
  p.latency_median_minutes = 60.0;
  p.latency_sigma = 1.0;
  p.latency_max_hours = 12.0;
  p.open_delay_mean_hours = 0.1;
  p.open_delay_max_hours = 1.0;
  p.open_base = 0.25;
  p.click_base = 0.12;
  p.visit_on_open = false;
  p.landing_node = "app";
  p.fatigue_half_life_days = 1.0;
  p.unsubscribe_base = 0.0;
  p.unsubscribe_fatigue_weight = 0.0;
  p.churn_base = 0.0;
  p.churn_fatigue_weight = 0.0;
  p.cap_max_sends = 7;
  p.cap_min_gap_hours = 13.0;
  return p;
}

namespace {
double FixedOrNan(double logit, std::initializer_list<double> weights) {
  for (double w : weights) {
    if (w != 0.0) return std::numeric_limits<double>::quiet_NaN();
  }
  return Sigmoid(logit);
}
}  // namespace

OwnedChannel::OwnedChannel(std::string name, const OwnedChannelParams& params)
    : name_(std::move(name)),
      params_(params),
      open_logit_(Logit(params.open_base)),
      click_logit_(Logit(params.click_base)),
      unsubscribe_logit_(Logit(params.unsubscribe_base)),
      churn_logit_(Logit(params.churn_base)),
      open_fixed_(FixedOrNan(open_logit_, {params.open_affinity_weight, params.open_fatigue_weight,
                                           params.open_recency_weight})),
      click_fixed_(
          FixedOrNan(click_logit_, {params.click_affinity_weight, params.click_discount_weight})),
      unsubscribe_fixed_(FixedOrNan(unsubscribe_logit_, {params.unsubscribe_fatigue_weight})),
      churn_fixed_(FixedOrNan(churn_logit_, {params.churn_fatigue_weight})),
      fatigue_decay_per_s_(std::log(2.0) / (params.fatigue_half_life_days * kDay)),
      latency_max_(HoursToTime(params.latency_max_hours)),
      open_delay_max_(HoursToTime(params.open_delay_max_hours)),
      min_gap_(HoursToTime(params.cap_min_gap_hours)),
      cap_window_(DaysToTime(params.cap_window_days)),
      open_delay_mean_s_(params.open_delay_mean_hours * kHour),
      open_delay_tail_(std::exp(-static_cast<double>(open_delay_max_) / open_delay_mean_s_)),
      cost_micros_(ToMicros(params.cost_per_send)) {}

double OwnedChannel::OpenRecency(double days_since_visit) const {
  return params_.open_recency_weight == 0.0
             ? 0.0
             : std::exp(-days_since_visit / params_.recency_scale_days);
}

double OwnedChannel::OpenProbabilityAt(double affinity, double fatigue, double recency) const {
  if (!std::isnan(open_fixed_)) return open_fixed_;
  return Sigmoid(open_logit_ + params_.open_affinity_weight * affinity -
                 params_.open_fatigue_weight * fatigue + params_.open_recency_weight * recency);
}

double OwnedChannel::ClickProbability(double affinity, double discount,
                                      double discount_sensitivity) const {
  if (!std::isnan(click_fixed_)) return click_fixed_;
  return Sigmoid(click_logit_ + params_.click_affinity_weight * affinity +
                 params_.click_discount_weight * discount * discount_sensitivity);
}

double OwnedChannel::UnsubscribeProbability(double fatigue) const {
  if (!std::isnan(unsubscribe_fixed_)) return unsubscribe_fixed_;
  return Sigmoid(unsubscribe_logit_ + params_.unsubscribe_fatigue_weight * fatigue);
}

double OwnedChannel::ChurnProbability(double fatigue) const {
  if (!std::isnan(churn_fixed_)) return churn_fixed_;
  return Sigmoid(churn_logit_ + params_.churn_fatigue_weight * fatigue);
}

double OwnedChannel::DecayedFatigue(double value, SimTime since, SimTime now) const {
  if (value == 0.0 || now <= since) return value;
  return value * std::exp(-fatigue_decay_per_s_ * static_cast<double>(now - since));
}

}  // namespace campsim
