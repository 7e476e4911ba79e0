// Inside the library: a fixed set of threads running tasks in the order they were submitted.
// Each task's future says when it has run; a caller that waits for the futures in submission
// order gets results in input order while every thread keeps working.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

namespace qrseal::detail {

class worker_pool {
 public:
  explicit worker_pool(unsigned threads);
  // Tasks not yet started are dropped (their futures report a broken promise); running ones
  // finish first.
  ~worker_pool();
  worker_pool(const worker_pool&) = delete;
  worker_pool& operator=(const worker_pool&) = delete;

  // An exception thrown by `task` comes out of the future's get().
  std::future<void> submit(std::function<void()> task);

  unsigned size() const noexcept { return static_cast<unsigned>(threads_.size()); }

 private:
  void run();

  std::mutex mutex_;
  std::condition_variable work_ready_;
  std::deque<std::packaged_task<void()>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace qrseal::detail
