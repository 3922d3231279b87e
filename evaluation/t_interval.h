// 95% Student t intervals for means and paired differences across replications.
#ifndef CAMPSIM_EVALUATION_T_INTERVAL_H_
#define CAMPSIM_EVALUATION_T_INTERVAL_H_

#include <vector>

namespace campsim {

// Two-sided 95% Student t quantile for `df` degrees of freedom (table to 30, 1.96 beyond;
// 0 for df < 1).
double T95(int df);

// Mean of xs with its 95% t-interval (low = high = mean for fewer than two values).
void MeanInterval(const std::vector<double>& xs, double& mean, double& low, double& high);

}  // namespace campsim

#endif  // CAMPSIM_EVALUATION_T_INTERVAL_H_
