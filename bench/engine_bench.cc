// Micro-benchmarks of the engine's hot pieces: the event queue, random draws and the exact
// journey solve.
#include <benchmark/benchmark.h>

#include "core/rng.h"
#include "sim/event_queue.h"
#include "sim/journey.h"

namespace campsim {
namespace {

// Steady state: a queue of N events, each pop followed by a push at a later time.
void BM_EventQueueHold(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  EventQueue queue;
  Rng rng(1, StreamTag::kTest);
  for (std::size_t i = 0; i < n; ++i) queue.Push(static_cast<SimTime>(rng.Below(86400)), EventKind::kWake, 0);
  for (auto _ : state) {
    const Event e = queue.Pop();
    queue.Push(e.time + 1 + static_cast<SimTime>(rng.Below(86400)), EventKind::kWake, e.user);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EventQueueHold)->Arg(1 << 10)->Arg(1 << 16)->Arg(1 << 20);

// The engine's use: N events spread over an hour ahead; each window pops everything due
// before its end (PopBefore), each pop pushing one event up to an hour later (some land in the
// same window), then the next window starts an hour on.
void BM_EventQueueWindows(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  EventQueue queue;
  Rng rng(1, StreamTag::kTest);
  for (std::size_t i = 0; i < n; ++i)
    queue.Push(static_cast<SimTime>(rng.Below(3600)), EventKind::kWake, 0);
  SimTime window_end = 3600;
  Event e;
  for (auto _ : state) {
    while (!queue.PopBefore(window_end, e)) window_end += 3600;
    queue.Push(e.time + 1 + static_cast<SimTime>(rng.Below(3600)), EventKind::kWake, e.user);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EventQueueWindows)->Arg(1 << 10)->Arg(1 << 16)->Arg(1 << 20);

// Random draws: a stream's draws one after another (throughput), and a new stream's first draw
// when each stream's name depends on the last draw (latency: what an event waits for before
// its first random decision).
void BM_RngDraw(benchmark::State& state) {
  Rng rng(1, StreamTag::kTest);
  for (auto _ : state) benchmark::DoNotOptimize(rng.Uniform());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RngDraw);

void BM_RngNewStreamFirstDrawLatency(benchmark::State& state) {
  std::uint64_t user = 0;
  for (auto _ : state) {
    Rng rng(1, StreamTag::kOrganic, user & 1023);
    user += rng.NextU64() & 1;
    benchmark::DoNotOptimize(user);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RngNewStreamFirstDrawLatency);

void BM_JourneyExactConversion(benchmark::State& state) {
  const JourneyGraph graph(JourneyConfig::Default(), {});
  double values[JourneyGraph::kMaxNodes];
  double shift = 0.0;
  for (auto _ : state) {
    graph.ConversionProbabilities(shift, values);
    benchmark::DoNotOptimize(values);
    shift += 1e-9;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_JourneyExactConversion);

}  // namespace
}  // namespace campsim
