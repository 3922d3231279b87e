#include "agents/agent.h"

#include <algorithm>
#include <vector>

#include "policies/explore.h"

namespace campsim {

namespace {

constexpr std::size_t kRowsPerTask = 256;

// fn(row) for every row, in chunks on the pool when there is one.
template <typename Fn>
void ForEachRow(std::size_t n, WorkerPool* pool, const Fn& fn) {
  RunOn(pool, (n + kRowsPerTask - 1) / kRowsPerTask, [&](std::size_t task, int) {
    const std::size_t end = std::min(n, (task + 1) * kRowsPerTask);
    for (std::size_t i = task * kRowsPerTask; i < end; ++i) fn(i);
  });
}

}  // namespace

void MessageAgent::BatchPmf(const MessageBatch& batch, std::span<double> out, WorkerPool* pool) const {
  const auto k = static_cast<std::size_t>(batch.num_actions);
  ForEachRow(batch.size(), pool, [&](std::size_t i) { Pmf(batch, i, out.subspan(i * k, k)); });
}

void MessageAgent::Act(const MessageBatch& batch, Decisions& out, WorkerPool* pool) const {
  out.Resize(batch.size());
  const auto k = static_cast<std::size_t>(batch.num_actions);
  thread_local std::vector<double> pmf;
  pmf.resize(batch.size() * k);
  BatchPmf(batch, pmf, pool);
  const std::vector<double>& probabilities = pmf;  // this thread's buffer, read by the pool
  ForEachRow(batch.size(), pool, [&](std::size_t i) {
    const std::span<const double> row(probabilities.data() + i * k, k);
    // With one entry that SampleFromPmf can pick (it skips only p <= 0, so NaN counts), every
    // u picks it: the draw is skipped.
    const bool choice =
        std::count_if(row.begin(), row.end(), [](double p) { return !(p <= 0.0); }) > 1;
    const int action =
        SampleFromPmf(row, choice ? DecisionUniform(seed_, batch.decision_ids[i]) : 0.0);
    out.actions[i] = action;
    out.propensities[i] = row[action];
  });
}

}  // namespace campsim
