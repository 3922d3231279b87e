#include "sim/paid_channel.h"

#include <gtest/gtest.h>

#include <cmath>

namespace campsim {
namespace {

TEST(Hill, Formula) {
  EXPECT_DOUBLE_EQ(HillCurve(0.0, 100, 10, 2), 0.0);
  EXPECT_DOUBLE_EQ(HillCurve(-5.0, 100, 10, 2), 0.0);
  EXPECT_DOUBLE_EQ(HillCurve(10.0, 100, 10, 2), 50.0);  // half saturation gives half
  EXPECT_NEAR(HillCurve(30.0, 100, 10, 2), 100.0 * 900 / (900 + 100), 1e-12);
  EXPECT_NEAR(HillCurve(1e9, 100, 10, 1.5), 100.0, 1e-6);
}

TEST(Hill, DiminishingReturnsAboveHalfSaturation) {
  const double a = HillCurve(10, 100, 10, 1.0) - HillCurve(5, 100, 10, 1.0);
  const double b = HillCurve(15, 100, 10, 1.0) - HillCurve(10, 100, 10, 1.0);
  EXPECT_GT(a, b);
}

TEST(PaidChannel, GeometricAdstock) {
  PaidChannelParams p;
  p.adstock_decay = 0.5;
  p.max_impressions = 1000;
  p.half_saturation = 100;
  p.hill_shape = 1.0;
  PaidChannel ch("social", p);
  ch.StartPeriod(100, 0);
  EXPECT_DOUBLE_EQ(ch.adstock(), 100);
  EXPECT_DOUBLE_EQ(ch.impressions(), 500);
  ch.StartPeriod(0, 7);
  EXPECT_DOUBLE_EQ(ch.adstock(), 50);  // carry-over without spend
  ch.StartPeriod(20, 14);
  EXPECT_DOUBLE_EQ(ch.adstock(), 45);
  EXPECT_NEAR(ch.impressions(), 1000.0 * 45 / 145, 1e-9);
}

TEST(PaidChannel, SeasonalityStepsScaleImpressionsFromTheirDayOn) {
  PaidChannelParams p;
  p.adstock_decay = 0.0;
  p.max_impressions = 1000;
  p.half_saturation = 100;
  p.hill_shape = 1.0;
  p.seasonality = {SeasonalityStep{}, SeasonalityStep{}};
  p.seasonality[0].from_day = 14;
  p.seasonality[0].multiplier = 0.5;
  p.seasonality[1].from_day = 28;
  p.seasonality[1].multiplier = 2.0;
  EXPECT_EQ(p.Effectiveness(0), 1.0);
  EXPECT_EQ(p.Effectiveness(13.9), 1.0);
  EXPECT_EQ(p.Effectiveness(14), 0.5);
  EXPECT_EQ(p.Effectiveness(30), 2.0);
  PaidChannel ch("social", p);
  EXPECT_DOUBLE_EQ(ch.StartPeriod(100, 7), 500);
  EXPECT_DOUBLE_EQ(ch.StartPeriod(100, 21), 250);
  EXPECT_DOUBLE_EQ(ch.StartPeriod(100, 35), 1000);
}

}  // namespace
}  // namespace campsim
