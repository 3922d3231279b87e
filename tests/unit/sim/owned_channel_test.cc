#include "sim/owned_channel.h"

#include <gtest/gtest.h>

#include <cmath>

namespace campsim {
namespace {

double Sig(double x) { return 1.0 / (1.0 + std::exp(-x)); }
double Lg(double p) { return std::log(p / (1.0 - p)); }

TEST(OwnedChannel, OpenProbabilityFormula) {
  const OwnedChannelParams p = OwnedChannelParams::Email();
  const OwnedChannel ch("email", p);
  const double affinity = 0.7, fatigue = 1.5, days = 3.0;
  const double expected = Sig(Lg(p.open_base) + p.open_affinity_weight * affinity -
                              p.open_fatigue_weight * fatigue +
                              p.open_recency_weight * std::exp(-days / p.recency_scale_days));
  EXPECT_NEAR(ch.OpenProbabilityAt(affinity, fatigue, ch.OpenRecency(days)), expected, 1e-15);
  // No affinity, fatigue or recent visit: exactly the base rate.
  EXPECT_NEAR(ch.OpenProbabilityAt(0.0, 0.0, ch.OpenRecency(1e9)), p.open_base, 1e-15);
}

TEST(OwnedChannel, ClickUnsubscribeChurnFormulas) {
  const OwnedChannelParams p = OwnedChannelParams::Sms();
  const OwnedChannel ch("sms", p);
  EXPECT_NEAR(ch.ClickProbability(0.4, 0.25, 2.0),
              Sig(Lg(p.click_base) + p.click_affinity_weight * 0.4 +
                  p.click_discount_weight * 0.25 * 2.0),
              1e-15);
  EXPECT_NEAR(ch.UnsubscribeProbability(2.0),
              Sig(Lg(p.unsubscribe_base) + p.unsubscribe_fatigue_weight * 2.0), 1e-15);
  EXPECT_NEAR(ch.ChurnProbability(3.0), Sig(Lg(p.churn_base) + p.churn_fatigue_weight * 3.0),
              1e-15);
  // Over-contact raises unsubscribes and churn.
  EXPECT_GT(ch.UnsubscribeProbability(3.0), ch.UnsubscribeProbability(0.0));
  EXPECT_GT(ch.ChurnProbability(3.0), ch.ChurnProbability(0.0));
}

TEST(OwnedChannel, ZeroBaseStaysZero) {
  OwnedChannelParams p = OwnedChannelParams::InApp();
  ASSERT_EQ(p.unsubscribe_base, 0.0);
  const OwnedChannel ch("in_app", p);
  EXPECT_EQ(ch.UnsubscribeProbability(100.0), 0.0);
}

TEST(OwnedChannel, VisitOnOpen) {
  const OwnedChannel push("push", OwnedChannelParams::Push());
  const OwnedChannel email("email", OwnedChannelParams::Email());
  EXPECT_DOUBLE_EQ(push.VisitProbability(0.3, 0.1), 0.3);
  EXPECT_DOUBLE_EQ(email.VisitProbability(0.3, 0.1), 0.03);
}

TEST(OwnedChannel, FatigueHalvesEveryHalfLife) {
  OwnedChannelParams p = OwnedChannelParams::Email();
  p.fatigue_half_life_days = 2.0;
  const OwnedChannel ch("email", p);
  EXPECT_NEAR(ch.DecayedFatigue(4.0, 0, 2 * kDay), 2.0, 1e-12);
  EXPECT_NEAR(ch.DecayedFatigue(4.0, kDay, 5 * kDay), 1.0, 1e-12);
  EXPECT_EQ(ch.DecayedFatigue(4.0, 10, 10), 4.0);
}

TEST(OwnedChannel, MoneyInMicros) {
  EXPECT_EQ(ToMicros(0.001), 1000);
  EXPECT_EQ(ToMicros(0.015), 15000);
  EXPECT_DOUBLE_EQ(FromMicros(ToMicros(12.5)), 12.5);
}

}  // namespace
}  // namespace campsim
