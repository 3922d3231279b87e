// Paid channels (social, search, display): spend per budget period buys impressions through
// a Hill saturation curve applied to geometrically adstocked spend (the order Robyn and
// PyMC-Marketing use: carry-over first, then saturation).
//
// Contract (formulas; tests check them literally), per budget period p:
//   adstock_p      = spend_p + adstock_decay * adstock_{p-1}
//   impressions_p  = effectiveness(day_p) * max_impressions * adstock_p^hill_shape
//                                      / (adstock_p^hill_shape + half_saturation^hill_shape)
//   paid visits_p ~ Poisson(click_through_rate * impressions_p), spread uniformly over the
//                   population and the period, each a session starting at landing_node
//   conversion logit shift in period p (every session) = conversion_lift * impressions_p / N
// where N is the population size (impressions per user in the period) and effectiveness(d)
// is the multiplier of the last `seasonality` step with from_day <= d (1 before any step),
// d_p being the period's first day: a channel whose effectiveness shifts mid-horizon.
#ifndef CAMPSIM_SIM_PAID_CHANNEL_H_
#define CAMPSIM_SIM_PAID_CHANNEL_H_

#include <string>
#include <utility>
#include <vector>

#include "core/config.h"

namespace campsim {

// From `from_day` on (until the next step), impressions are multiplied by `multiplier`.
struct SeasonalityStep : DescribableBase<SeasonalityStep> {
  double from_day = 0.0;
  double multiplier = 1.0;
  void Describe(ConfigVisitor& v) override;
};

struct PaidChannelParams : DescribableBase<PaidChannelParams> {
  double max_impressions = 450000.0;
  double half_saturation = 3000.0;
  double hill_shape = 1.3;
  double adstock_decay = 0.4;
  double click_through_rate = 0.012;
  double conversion_lift = 0.02;
  std::string landing_node = "web";
  std::vector<SeasonalityStep> seasonality;  // steps in increasing from_day

  void Describe(ConfigVisitor& v) override;

  // Registered defaults per channel type, calibrated in docs/world-model.md.
  static PaidChannelParams Social();
  static PaidChannelParams Search();
  static PaidChannelParams Display();

  // The effectiveness multiplier on `day` (see the contract above).
  double Effectiveness(double day) const;
};

// Hill saturation: max * x^shape / (x^shape + half^shape); 0 for x <= 0.
double HillCurve(double x, double max_value, double half_saturation, double shape);

// The state of one paid channel across budget periods.
class PaidChannel {
 public:
  PaidChannel(std::string name, const PaidChannelParams& params)
      : name_(std::move(name)), params_(params) {}

  const std::string& name() const { return name_; }
  const PaidChannelParams& params() const { return params_; }

  // Starts a period beginning on `day` with `spend`; updates adstock and returns the
  // period's impressions.
  double StartPeriod(double spend, double day);
  double adstock() const { return adstock_; }
  double impressions() const { return impressions_; }

 private:
  std::string name_;
  PaidChannelParams params_;
  double adstock_ = 0.0;
  double impressions_ = 0.0;
};

}  // namespace campsim

#endif  // CAMPSIM_SIM_PAID_CHANNEL_H_
