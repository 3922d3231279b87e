#include "evaluation/t_interval.h"

#include <cmath>

namespace campsim {

double T95(int df) {
  static const double kTable[] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306,
                                  2.262,  2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120,
                                  2.110,  2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
                                  2.060,  2.056, 2.052, 2.048, 2.045, 2.042};
  if (df < 1) return 0.0;
  return df <= 30 ? kTable[df - 1] : 1.96;
}

void MeanInterval(const std::vector<double>& xs, double& mean, double& low, double& high) {
  const auto n = static_cast<double>(xs.size());
  mean = 0.0;
  for (double x : xs) mean += x / n;
  double ss = 0.0;
  for (double x : xs) ss += (x - mean) * (x - mean);
  const double half = xs.size() > 1 ? T95(static_cast<int>(xs.size()) - 1) * std::sqrt(ss / (n - 1) / n) : 0.0;
  low = mean - half;
  high = mean + half;
}

}  // namespace campsim
