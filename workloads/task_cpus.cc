// Task pinning for the worker pools (task_cpus.h).
#include "workloads/task_cpus.h"

#include <sched.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "workloads/family.h"

namespace daxbench {

std::vector<int> allowed_cpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (::sched_getaffinity(0, sizeof set, &set) != 0)
    throw std::system_error(errno, std::generic_category(), "sched_getaffinity");
  std::vector<int> cpus;
  for (int c = 0; c < CPU_SETSIZE; ++c)
    if (CPU_ISSET(c, &set)) cpus.push_back(c);
  return cpus;
}

int task_cpu(const std::vector<int>& cpus, unsigned task) {
  return cpus.empty() ? -1 : cpus[task % cpus.size()];
}

namespace {

cpu_set_t one_cpu(int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  return set;
}

[[noreturn]] void pin_failed(const char* what, unsigned task, int cpu, int err) {
  throw WorkloadFailure(std::string("--pin-tasks: cannot pin ") + what + " " +
                        std::to_string(task) + " to CPU " + std::to_string(cpu) + ": " +
                        std::strerror(err));
}

}  // namespace

void pin_thread(pthread_t thread, unsigned task, int cpu) {
  const cpu_set_t set = one_cpu(cpu);
  if (const int err = ::pthread_setaffinity_np(thread, sizeof set, &set); err != 0)
    pin_failed("thread", task, cpu, err);
}

void pin_process(pid_t pid, unsigned task, int cpu) {
  const cpu_set_t set = one_cpu(cpu);
  if (::sched_setaffinity(pid, sizeof set, &set) != 0) pin_failed("process", task, cpu, errno);
}

std::vector<int> pinned_cpus(bool pin_tasks, unsigned tasks,
                             std::map<std::string, std::string>& facts) {
  if (!pin_tasks || tasks < 2) return {};
  std::vector<int> cpus = allowed_cpus();
  facts["task_cpus"] = describe_task_cpus(cpus, tasks);
  return cpus;
}

std::string describe_task_cpus(const std::vector<int>& cpus, unsigned tasks) {
  std::string out;
  for (unsigned i = 0; i < tasks; ++i) {
    if (i) out += ',';
    out += std::to_string(task_cpu(cpus, i));
  }
  return out;
}

}  // namespace daxbench
