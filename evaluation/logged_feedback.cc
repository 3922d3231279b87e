#include "evaluation/logged_feedback.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace campsim {

void Validate(const LoggedFeedback& log, std::span<const double> eval_pmf) {
  const std::size_t n = log.size();
  const auto k = static_cast<std::size_t>(log.num_actions);
  auto fail = [](std::size_t row, const std::string& what) {
    throw std::invalid_argument("logged feedback row " + std::to_string(row) + ": " + what);
  };
  if (log.num_actions < 1) throw std::invalid_argument("logged feedback: num_actions must be >= 1");
  if (log.rewards.size() != n || log.pscores.size() != n) {
    throw std::invalid_argument("logged feedback: " + std::to_string(n) + " actions but " +
                                std::to_string(log.rewards.size()) + " rewards and " +
                                std::to_string(log.pscores.size()) + " pscores");
  }
  if (log.contexts.size() != n * static_cast<std::size_t>(log.num_features)) {
    throw std::invalid_argument("logged feedback: contexts must be rows x num_features");
  }
  if (!log.eligible.empty() && log.eligible.size() != n * k) {
    throw std::invalid_argument("logged feedback: eligible must be rows x num_actions");
  }
  if (eval_pmf.size() != n * k) {
    throw std::invalid_argument("evaluation policy: expected " + std::to_string(n) + " x " +
                                std::to_string(k) + " action probabilities, got " +
                                std::to_string(eval_pmf.size()) +
                                " values (mismatched action counts?)");
  }
  for (std::size_t i = 0; i < n; ++i) {
    const int a = log.actions[i];
    if (a < 0 || a >= log.num_actions) fail(i, "action " + std::to_string(a) + " is out of range");
    const double p = log.pscores[i];
    if (std::isnan(p) || !(p > 0.0) || p > 1.0 + 1e-12) {
      fail(i, "pscore " + std::to_string(p) + " is not in (0, 1] (zero or missing propensity?)");
    }
    if (!std::isfinite(log.rewards[i])) fail(i, "reward is not a finite number");
    for (float x : log.Context(i)) {
      if (!std::isfinite(x)) fail(i, "context has a NaN or infinite value");
    }
    double total = 0.0;
    for (std::size_t b = 0; b < k; ++b) {
      const double q = eval_pmf[i * k + b];
      if (std::isnan(q) || q < 0.0) fail(i, "evaluation probability of action " + std::to_string(b) + " is negative or NaN");
      if (q > 0.0 && !log.Eligible(i, static_cast<int>(b))) {
        fail(i, "evaluation policy puts probability on ineligible action " + std::to_string(b));
      }
      total += q;
    }
    if (std::abs(total - 1.0) > 1e-6) {
      fail(i, "evaluation probabilities sum to " + std::to_string(total) + ", not 1");
    }
  }
}

}  // namespace campsim
