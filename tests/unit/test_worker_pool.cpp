// The generic worker pool: every task runs once, on the pool's threads, several at a time;
// futures carry exceptions; tasks not started when the pool ends are dropped, not run.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <set>
#include <stdexcept>
#include <thread>

#include "worker_pool.hpp"

namespace qrseal::detail {
namespace {

TEST(WorkerPool, RunsEveryTaskOnceOnItsThreads) {
  std::atomic<int> sum{0};
  std::mutex m;
  std::set<std::thread::id> threads;
  std::vector<std::future<void>> done;
  {
    worker_pool pool(2);
    EXPECT_EQ(pool.size(), 2u);
    for (int i = 1; i <= 100; ++i)
      done.push_back(pool.submit([&, i] {
        sum += i;
        std::lock_guard lock(m);
        threads.insert(std::this_thread::get_id());
      }));
    for (auto& f : done) f.get();
  }
  EXPECT_EQ(sum, 5050);
  EXPECT_EQ(threads.count(std::this_thread::get_id()), 0u);
  EXPECT_LE(threads.size(), 2u);
}

TEST(WorkerPool, TwoTasksRunAtOnce) {
  // Each task waits for the other to have started: with one thread this would never end.
  std::atomic<int> started{0};
  worker_pool pool(2);
  auto meet = [&] {
    ++started;
    while (started < 2) std::this_thread::yield();
  };
  auto a = pool.submit(meet);
  auto b = pool.submit(meet);
  EXPECT_EQ(a.wait_for(std::chrono::seconds(30)), std::future_status::ready);
  EXPECT_EQ(b.wait_for(std::chrono::seconds(30)), std::future_status::ready);
}

TEST(WorkerPool, ExceptionsComeOutOfTheFuture) {
  worker_pool pool(1);
  auto f = pool.submit([] { throw std::runtime_error("boom"); });
  EXPECT_THROW(f.get(), std::runtime_error);
  auto g = pool.submit([] {});
  EXPECT_NO_THROW(g.get());
}

TEST(WorkerPool, TasksNotStartedAreDroppedWhenThePoolEnds) {
  std::atomic<bool> release{false};
  std::atomic<bool> running{false};
  std::atomic<int> ran{0};
  std::future<void> first, second;
  {
    worker_pool pool(1);
    first = pool.submit([&] {
      running = true;
      while (!release) std::this_thread::yield();
      ++ran;
    });
    second = pool.submit([&] { ++ran; });
    while (!running) std::this_thread::yield();
    std::thread releaser([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      release = true;
    });
    releaser.detach();
    // Leaving the scope: the running task finishes, the queued one (which the only thread
    // cannot have picked up) is dropped.
  }
  EXPECT_NO_THROW(first.get());
  EXPECT_THROW(second.get(), std::future_error);
  EXPECT_EQ(ran, 1);
}

}  // namespace
}  // namespace qrseal::detail
