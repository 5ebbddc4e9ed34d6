// --pin-tasks: each worker thread or process of a scenario with threads or
// processes > 1 on one CPU of those the run may use, task i on CPU i mod n,
// as will-it-scale pins its tasks. Without it the scheduler places them,
// and a scaling curve mixes migration into what the kernel did.
#pragma once

#include <pthread.h>
#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

namespace daxbench {

// The CPUs the calling thread may run on (its affinity: a NUMA placement
// narrows it), ascending. Throws std::system_error.
std::vector<int> allowed_cpus();

// The CPU of task i: cpus[i % cpus.size()]; -1 when cpus is empty (unpinned).
int task_cpu(const std::vector<int>& cpus, unsigned task);

// Pins a thread (pthread_setaffinity_np) or a process (sched_setaffinity)
// to one CPU. Throws WorkloadFailure naming the task and the CPU.
void pin_thread(pthread_t thread, unsigned task, int cpu);
void pin_process(pid_t pid, unsigned task, int cpu);

// "0,1,0,1": the CPU of each of `tasks` tasks, for the benchmark's facts.
std::string describe_task_cpus(const std::vector<int>& cpus, unsigned tasks);

// What a family's pool takes: with --pin-tasks and more than one task, the
// allowed CPUs now (after the NUMA placement bound the run), recorded as
// facts["task_cpus"]; empty otherwise (unpinned, no fact).
std::vector<int> pinned_cpus(bool pin_tasks, unsigned tasks,
                             std::map<std::string, std::string>& facts);

}  // namespace daxbench
