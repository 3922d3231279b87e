#include "policies/feature_pipeline.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <limits>
#include <span>
#include <string>
#include <vector>

namespace campsim {
namespace {

using Op = FeatureStep::Op;
constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

FeaturePipeline Example() {
  FeaturePipeline fp;
  const int stage = fp.AddInput({"stage", {"new", "loyal"}, ""});
  const int days = fp.AddInput({"days", {}, ""});
  const int spend = fp.AddInput({"spend", {}, ""});
  fp.AddOutput({"stage=loyal", stage, {{Op::kOneHot, 1.0}}});
  fp.AddOutput({"log_days", days, {{Op::kFillMissing, 365.0}, {Op::kClip, 0.0, 1000.0}, {Op::kLog1p}}});
  fp.AddOutput({"spend_z", spend, {{Op::kDivide, 2.0}, {Op::kStandardize, 10.0, 4.0}}});
  return fp;
}

TEST(FeaturePipeline, AppliesStepsInOrderAndRoundsToFloat) {
  const FeaturePipeline fp = Example();
  std::vector<float> out(3);
  fp.Transform(std::vector<double>{1.0, 3.0, 30.0}, out);
  EXPECT_EQ(out[0], 1.0F);
  EXPECT_EQ(out[1], static_cast<float>(std::log1p(3.0)));
  EXPECT_EQ(out[2], static_cast<float>((30.0 / 2.0 - 10.0) / 4.0));
  fp.Transform(std::vector<double>{0.0, kMissing, 30.0}, out);  // missing days filled
  EXPECT_EQ(out[0], 0.0F);
  EXPECT_EQ(out[1], static_cast<float>(std::log1p(365.0)));
  fp.Transform(std::vector<double>{kMissing, -5.0, 30.0}, out);  // missing category: all zero; clip
  EXPECT_EQ(out[0], 0.0F);
  EXPECT_EQ(out[1], 0.0F);
}

// Whole numbers take log1p from a table (feature_pipeline.cc): the bits must be std::log1p's,
// signed zero included, on both sides of the table's end.
TEST(FeaturePipeline, Log1pGivesStdLog1pBitsForWholeAndOtherNumbers) {
  FeaturePipeline fp;
  fp.AddOutput({"log", fp.AddInput({"v", {}, ""}), {{Op::kLog1p}}});
  std::vector<double> values = {-0.0, 0.0, 0.5, -0.5, 1023.5, 1e9, 3.0000000001, 1e-300};
  for (int i = 1; i < 1100; ++i) values.push_back(i);
  std::vector<float> out(1);
  for (const double v : values) {
    fp.Transform(std::vector<double>{v}, out);
    EXPECT_EQ(std::bit_cast<std::uint32_t>(out[0]),
              std::bit_cast<std::uint32_t>(static_cast<float>(std::log1p(v))))
        << "log1p(" << v << ")";
  }
}

TEST(FeaturePipeline, ASubsetReadsOnlyItsInputsAndWritesOnlyItsOutputs) {
  const FeaturePipeline fp = Example();
  const FeatureSubset subset = fp.Subset({2, 0});
  EXPECT_EQ(subset.inputs, (std::vector<std::uint8_t>{1, 0, 1}));
  std::vector<float> all(3), some(3, -7.0F);
  fp.Transform(std::vector<double>{1.0, 3.0, 30.0}, all);
  fp.TransformSome(std::vector<double>{1.0, kMissing, 30.0}, subset, some);  // days not read
  EXPECT_EQ(some, (std::vector<float>{all[0], -7.0F, all[2]}));
  EXPECT_THROW(fp.Subset({3}), FeatureError);
  EXPECT_THROW(fp.Subset({-1}), FeatureError);
}

TEST(FeaturePipeline, MissingWithoutFillAndBadCategoriesAreErrorsNamingTheFeature) {
  const FeaturePipeline fp = Example();
  std::vector<float> out(3);
  try {
    fp.Transform(std::vector<double>{1.0, 3.0, kMissing}, out);
    FAIL();
  } catch (const FeatureError& e) {
    EXPECT_NE(std::string(e.what()).find("'spend_z': input 'spend' is missing"), std::string::npos) << e.what();
  }
  EXPECT_THROW(fp.Transform(std::vector<double>{2.0, 3.0, 1.0}, out), FeatureError);  // no category 2
  EXPECT_THROW(fp.Transform(std::vector<double>{1.0, 3.0}, out), FeatureError);       // wrong width
}

// Rows at once, a column at a time: every value's bits, the subset's untouched entries and
// the first failing row's error are those of the row-by-row calls.
TEST(FeaturePipeline, RowsAtOnceGiveTheRowByRowValuesAndFirstError) {
  const FeaturePipeline fp = Example();
  const std::vector<std::vector<double>> rows = {{1.0, 3.0, 30.0},      {0.0, kMissing, -2.5},
                                                 {kMissing, -5.0, 1e6}, {1.0, 1e5, 0.1},
                                                 {0.0, 2.5, -0.0},      {1.0, 0.0, 7.0}};
  std::vector<double> raw;
  for (const auto& row : rows) raw.insert(raw.end(), row.begin(), row.end());
  std::vector<float> block(rows.size() * 3, -7.0F);
  fp.TransformRows(raw, rows.size(), block);
  const FeatureSubset subset = fp.Subset({2, 0});
  std::vector<float> some_block(rows.size() * 3, -7.0F);
  fp.TransformRows(raw, rows.size(), some_block, &subset);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    std::vector<float> one(3), some(3, -7.0F);
    fp.Transform(rows[r], one);
    fp.TransformSome(rows[r], subset, some);
    for (std::size_t o = 0; o < 3; ++o) {
      EXPECT_EQ(std::bit_cast<std::uint32_t>(block[r * 3 + o]),
                std::bit_cast<std::uint32_t>(one[o]))
          << "row " << r << " output " << o;
      EXPECT_EQ(std::bit_cast<std::uint32_t>(some_block[r * 3 + o]),
                std::bit_cast<std::uint32_t>(some[o]))
          << "row " << r << " output " << o;
    }
  }
  // Row 1 lacks spend, row 2 has no category 2: row 1's error, as Transform gives it.
  const std::vector<double> bad = {1.0, 3.0, 30.0, 1.0, 3.0, kMissing, 2.0, 3.0, 1.0};
  try {
    fp.TransformRows(bad, 3, std::span<float>(block).subspan(0, 9));
    FAIL();
  } catch (const FeatureError& e) {
    EXPECT_NE(std::string(e.what()).find("'spend_z': input 'spend' is missing"), std::string::npos)
        << e.what();
  }
  const std::vector<double> bad_category = {1.0, 3.0, 30.0, 2.0, 3.0, 1.0};
  try {
    fp.TransformRows(bad_category, 2, std::span<float>(block).subspan(0, 6));
    FAIL();
  } catch (const FeatureError& e) {
    EXPECT_NE(std::string(e.what()).find("has no category 2"), std::string::npos) << e.what();
  }
  EXPECT_THROW(fp.TransformRows(raw, rows.size() + 1, block), FeatureError);  // wrong size
}

TEST(FeaturePipeline, RejectsStepsThatDoNotFitTheInput) {
  FeaturePipeline fp;
  const int cat = fp.AddInput({"c", {"x"}, ""});
  const int num = fp.AddInput({"n", {}, ""});
  EXPECT_THROW(fp.AddInput({"n", {}, ""}), FeatureError);
  EXPECT_THROW(fp.AddOutput({"a", num, {{Op::kOneHot, 0.0}}}), FeatureError);
  EXPECT_THROW(fp.AddOutput({"b", cat, {{Op::kLog1p}}}), FeatureError);
  EXPECT_THROW(fp.AddOutput({"c", cat, {{Op::kOneHot, 1.0}}}), FeatureError);
  EXPECT_THROW(fp.AddOutput({"d", num, {{Op::kDivide, 0.0}}}), FeatureError);
  EXPECT_THROW(fp.AddOutput({"e", num, {{Op::kStandardize, 0.0, 0.0}}}), FeatureError);
  EXPECT_THROW(fp.AddOutput({"f", num, {{Op::kClip, 2.0, 1.0}}}), FeatureError);
  EXPECT_THROW(fp.AddOutput({"g", 5, {}}), FeatureError);
  EXPECT_EQ(fp.num_outputs(), 0U);
}

}  // namespace
}  // namespace campsim
