#include "policies/decisions.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/worker_pool.h"

namespace campsim {

int MessageProblem::FeatureIndex(const std::string& name) const {
  for (std::size_t i = 0; i < feature_names.size(); ++i) {
    if (feature_names[i] == name) return static_cast<int>(i);
  }
  return -1;
}

int MessageProblem::ActionIndex(const std::string& name) const {
  for (std::size_t i = 0; i < actions.size(); ++i) {
    if (actions[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

void FeedbackBatch::Clear() {
  ForEachColumn([](auto& column, std::size_t) { column.clear(); });
  now = -1;
}

void FeedbackBatch::Resize(std::size_t n) {
  ForEachColumn([n](auto& column, std::size_t width) { column.resize(n * width); });
}

void FeedbackBatch::Reserve(std::size_t n) {
  ForEachColumn([n](auto& column, std::size_t width) { column.reserve(n * width); });
}

void ValidateDecisions(const MessageBatch& batch, const Decisions& decisions, WorkerPool* pool) {
  if (decisions.actions.size() != batch.size() || decisions.propensities.size() != batch.size()) {
    throw std::invalid_argument("decisions: expected " + std::to_string(batch.size()) +
                                " answers, got " + std::to_string(decisions.actions.size()) +
                                " actions and " + std::to_string(decisions.propensities.size()) +
                                " propensities");
  }
  // The message names the row, built only when a check fails (this loop runs per decision).
  auto row = [&](std::size_t i) {
    return "decision " + std::to_string(i) + " (user " + std::to_string(batch.users[i]) + ")";
  };
  // Blocks in parallel; the pool rethrows the lowest block's error, so the first bad row.
  constexpr std::size_t kBlock = 16384;
  RunOn(pool, (batch.size() + kBlock - 1) / kBlock, [&](std::size_t block, int) {
    for (std::size_t i = block * kBlock; i < std::min(batch.size(), (block + 1) * kBlock); ++i) {
      const int a = decisions.actions[i];
      const double p = decisions.propensities[i];
      if (a < 0 || a >= batch.num_actions) {
        throw std::invalid_argument(row(i) + ": action " + std::to_string(a) + " is not in [0, " +
                                    std::to_string(batch.num_actions) + ")");
      }
      if (!batch.Eligible(i)[a]) {
        throw std::invalid_argument(row(i) + ": action " + std::to_string(a) + " is not eligible");
      }
      if (!(p > 0.0 && p <= 1.0) || std::isnan(p)) {
        throw std::invalid_argument(row(i) + ": propensity " + std::to_string(p) +
                                    " is not in (0, 1]");
      }
    }
  });
}

}  // namespace campsim
