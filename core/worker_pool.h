// WorkerPool: a fixed set of threads running index-parallel loops, for the engine's
// deterministic parallelism (DESIGN.md section 4).
//
// Contract: Run(n, fn) calls fn(index, slot) exactly once for every index in [0, n), on the
// calling thread and the pool's workers, and returns when all calls are done. `slot` in
// [0, threads()) names the thread running the call (for per-thread scratch such as caches);
// which slot runs which index varies from run to run, so fn must write only to state owned
// by `index` (or to per-slot scratch whose content never changes results). If calls throw,
// Run rethrows the exception of the lowest index. A pool of 1 thread runs everything inline.
#ifndef CAMPSIM_CORE_WORKER_POOL_H_
#define CAMPSIM_CORE_WORKER_POOL_H_

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace campsim {

class WorkerPool {
 public:
  using Task = std::function<void(std::size_t index, int slot)>;

  explicit WorkerPool(int threads) : threads_(threads < 1 ? 1 : threads) {
    for (int slot = 1; slot < threads_; ++slot) workers_.emplace_back([this, slot] { Work(slot); });
  }
  ~WorkerPool() {
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    for (auto& w : workers_) w.join();
  }
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  int threads() const { return threads_; }

  void Run(std::size_t n, const Task& fn) {
    if (threads_ == 1 || n <= 1) {
      for (std::size_t i = 0; i < n; ++i) fn(i, 0);
      return;
    }
    std::vector<std::exception_ptr> errors(n);
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      task_ = &fn;
      errors_ = &errors;
      size_ = n;
      next_.store(0);
      busy_ = static_cast<int>(workers_.size());
      ++generation_;
    }
    wake_.notify_all();
    Drain(0);
    std::unique_lock<std::mutex> lock(mutex_);
    done_.wait(lock, [this] { return busy_ == 0; });
    task_ = nullptr;
    for (const auto& e : errors) {
      if (e) std::rethrow_exception(e);
    }
  }

 private:
  void Drain(int slot) {
    for (std::size_t i = next_++; i < size_; i = next_++) {
      try {
        (*task_)(i, slot);
      } catch (...) {
        (*errors_)[i] = std::current_exception();
      }
    }
  }

  void Work(int slot) {
    std::uint64_t seen = 0;
    while (true) {
      {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [&] { return stop_ || generation_ != seen; });
        if (stop_) return;
        seen = generation_;
      }
      Drain(slot);
      {
        const std::lock_guard<std::mutex> lock(mutex_);
        --busy_;
      }
      done_.notify_one();
    }
  }

  const int threads_;
  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable wake_, done_;
  const Task* task_ = nullptr;
  std::vector<std::exception_ptr>* errors_ = nullptr;
  std::size_t size_ = 0;
  std::atomic<std::size_t> next_{0};
  int busy_ = 0;
  std::uint64_t generation_ = 0;
  bool stop_ = false;
};

// pool->Run(n, fn) when there is a pool; otherwise every call inline on this thread, in index
// order, with slot 0. For code that takes an optional pool and must compute the same either way.
inline void RunOn(WorkerPool* pool, std::size_t n, const WorkerPool::Task& fn) {
  if (pool != nullptr) {
    pool->Run(n, fn);
    return;
  }
  for (std::size_t i = 0; i < n; ++i) fn(i, 0);
}

}  // namespace campsim

#endif  // CAMPSIM_CORE_WORKER_POOL_H_
