#include "policies/tabular_policy.h"

#include <algorithm>
#include <stdexcept>

#include "policies/explore.h"

namespace campsim {

TabularPolicy::TabularPolicy(Rule rule, int num_features, std::vector<double> values,
                             std::vector<double> beta)
    : rule_(rule), num_features_(num_features), values_(std::move(values)), beta_(std::move(beta)) {
  if (rule_ == Rule::kBetaThompson && beta_.size() != values_.size()) {
    throw std::invalid_argument("tabular policy: alpha and beta must have one entry per action");
  }
}

std::string TabularPolicy::kind() const {
  return rule_ == Rule::kArgmax ? "tabular_argmax" : "tabular_beta_thompson";
}

void TabularPolicy::Pmf(std::span<const float>, std::span<const std::uint8_t> eligible,
                        std::span<double> out) const {
  if (eligible.size() != values_.size()) {
    throw std::invalid_argument("tabular policy: mask has " + std::to_string(eligible.size()) +
                                " actions, policy has " + std::to_string(values_.size()));
  }
  if (rule_ == Rule::kArgmax) {
    ArgmaxPmf(values_, eligible, out);
    return;
  }
  const std::string mask(eligible.begin(), eligible.end());
  const std::lock_guard<std::mutex> lock(cache_->mutex);
  auto it = cache_->pmfs.find(mask);
  if (it == cache_->pmfs.end()) {
    std::vector<double> pmf(values_.size());
    BetaArgmaxPmf(values_, beta_, eligible, pmf);
    it = cache_->pmfs.emplace(mask, std::move(pmf)).first;
  }
  std::copy(it->second.begin(), it->second.end(), out.begin());
}

}  // namespace campsim
