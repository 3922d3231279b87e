// Context-free policies: one parameter set per action, the context ignored.
//   ucb:         ArgmaxPmf(values)        (UCB1 indices frozen at export)
//   beta_thompson: BetaArgmaxPmf(alpha, beta)
#ifndef CAMPSIM_POLICIES_TABULAR_POLICY_H_
#define CAMPSIM_POLICIES_TABULAR_POLICY_H_

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "policies/policy.h"

namespace campsim {

class TabularPolicy final : public Policy {
 public:
  enum class Rule { kArgmax, kBetaThompson };
  // values: argmax scores (kArgmax) or alpha (kBetaThompson); beta only for kBetaThompson.
  TabularPolicy(Rule rule, int num_features, std::vector<double> values, std::vector<double> beta = {});

  std::string kind() const override;
  int num_actions() const override { return static_cast<int>(values_.size()); }
  int num_features() const override { return num_features_; }
  void Pmf(std::span<const float> context, std::span<const std::uint8_t> eligible,
           std::span<double> out) const override;

  Rule rule() const { return rule_; }
  const std::vector<double>& values() const { return values_; }
  const std::vector<double>& beta() const { return beta_; }

 private:
  Rule rule_;
  int num_features_;
  std::vector<double> values_;
  std::vector<double> beta_;
  // The Beta pmf ignores the context, so it is computed once per eligibility mask.
  struct Cache {
    std::mutex mutex;
    std::map<std::string, std::vector<double>> pmfs;  // key: the mask's bytes
  };
  std::shared_ptr<Cache> cache_ = std::make_shared<Cache>();
};

}  // namespace campsim

#endif  // CAMPSIM_POLICIES_TABULAR_POLICY_H_
