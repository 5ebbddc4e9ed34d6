// --pin-tasks: worker threads and processes each on one CPU, task i on the
// i-th allowed CPU mod their count. The pools are checked by where each job
// really ran (sched_getcpu inside it); the CLI by the facts and context it
// records and by refusing a bad value before anything runs.
#include <gtest/gtest.h>
#include <sched.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <vector>

#include "tests/test_util.h"
#include "workloads/process_pool.h"
#include "workloads/task_cpus.h"
#include "workloads/worker_pool.h"

namespace daxbench::testing {
namespace {

TEST(TaskPinning, TasksGoRoundRobinOverTheCpus) {
  EXPECT_EQ(describe_task_cpus({0, 1}, 4), "0,1,0,1");
  EXPECT_EQ(describe_task_cpus({3}, 2), "3,3");
  EXPECT_EQ(task_cpu({}, 5), -1);
  const std::vector<int> cpus = allowed_cpus();
  ASSERT_FALSE(cpus.empty());
  EXPECT_TRUE(std::is_sorted(cpus.begin(), cpus.end()));
}

TEST(TaskPinning, EachWorkerThreadRunsOnItsCpu) {
  const std::vector<int> cpus = allowed_cpus();
  const unsigned threads = 2 * static_cast<unsigned>(cpus.size());
  std::vector<std::atomic<int>> ran_on(threads);
  WorkerPool pool;
  pool.start(
      threads,
      [&](unsigned i) {
        // Many samples: a job that was only placed there once would show.
        int cpu = ::sched_getcpu();
        for (int k = 0; k < 1000 && cpu == ::sched_getcpu(); ++k) sched_yield();
        ran_on[i] = cpu == ::sched_getcpu() ? cpu : -2;
      },
      cpus);
  for (int round = 0; round < 3; ++round) {
    pool.run_once();
    for (unsigned i = 0; i < threads; ++i)
      EXPECT_EQ(ran_on[i], task_cpu(cpus, i)) << "thread " << i;
  }
}

TEST(TaskPinning, EachWorkerProcessRunsOnItsCpu) {
  const std::vector<int> cpus = allowed_cpus();
  const unsigned processes = 2 * static_cast<unsigned>(cpus.size());
  ProcessPool<int> pool;
  pool.start(
      processes, [](unsigned) {},
      [](unsigned) {
        const int cpu = ::sched_getcpu();
        for (int k = 0; k < 1000; ++k) {
          sched_yield();
          if (::sched_getcpu() != cpu) return -2;
        }
        return cpu;
      },
      cpus);
  pool.run_once();
  for (unsigned i = 0; i < processes; ++i) EXPECT_EQ(pool.result(i), task_cpu(cpus, i)) << i;
}

TEST(TaskPinning, UnpinnedWorkersKeepTheCallersCpus) {
  // Without cpus a worker may run on every CPU the caller may.
  const size_t allowed = allowed_cpus().size();
  ProcessPool<size_t> processes;
  processes.start(
      2, [](unsigned) {}, [](unsigned) { return allowed_cpus().size(); });
  processes.run_once();
  EXPECT_EQ(processes.result(0), allowed);
  EXPECT_EQ(processes.result(1), allowed);
  std::vector<size_t> seen(2);
  WorkerPool threads;
  threads.start(2, [&](unsigned i) { seen[i] = allowed_cpus().size(); });
  threads.run_once();
  EXPECT_EQ(seen, std::vector<size_t>(2, allowed));
}

TEST(TaskPinning, RunRecordsTheCpuOfEachTask) {
  TempDir shm("/dev/shm");
  TempDir work;
  const CommandResult r = run_daxbench(
      "run --target " + shm.path() +
      " --family fault --access write --pages pte --size 2MiB --threads 1,2 --pin-tasks "
      "--events none --benchmark_min_time=0.01 --out " +
      work.file("r.json"));
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(read_file(work.file("r.json")));
  EXPECT_EQ(j["context"]["task_pinning"].get<std::string>().rfind("one CPU per worker", 0), 0u);
  const std::string expected = describe_task_cpus(allowed_cpus(), 2);
  size_t pinned = 0, single = 0;
  for (const auto& b : j["benchmarks"]) {
    const auto& facts = b["daxbench"]["facts"];
    const std::string name = b["name"];
    if (name.find("/threads:2/") != std::string::npos) {
      ASSERT_TRUE(facts.contains("task_cpus")) << name;
      EXPECT_EQ(facts["task_cpus"], expected) << name;
      ++pinned;
    } else {
      // One task runs on the harness's own thread: nothing to pin.
      EXPECT_FALSE(facts.contains("task_cpus")) << name;
      ++single;
    }
  }
  EXPECT_EQ(pinned, 1u);
  EXPECT_EQ(single, 1u);
  // Without the option: recorded as none, no task_cpus.
  const CommandResult u =
      run_daxbench("run --target " + shm.path() +
                   " --family fault --access write --pages pte --size 2MiB "
                   "--threads 2 --events none --benchmark_min_time=0.01 --out " +
                   work.file("u.json"));
  ASSERT_EQ(u.status, 0) << u.err;
  const auto k = nlohmann::json::parse(read_file(work.file("u.json")));
  EXPECT_EQ(k["context"]["task_pinning"].get<std::string>().rfind("none", 0), 0u);
  EXPECT_FALSE(k["benchmarks"][0]["daxbench"]["facts"].contains("task_cpus"));
}

TEST(TaskPinning, ABadValueIsRefusedBeforeAnythingRuns) {
  TempDir shm("/dev/shm");
  TempDir work;
  const CommandResult r =
      run_daxbench("run --target " + shm.path() + " --family fault --pin-tasks=maybe --out " +
                   work.file("r.json"));
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_NE(r.err.find("pin-tasks"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_FALSE(std::filesystem::exists(work.file("r.json")));
}

}  // namespace
}  // namespace daxbench::testing
