# tlb:tlb_flush split by reason, on the host: munmap in a two-thread address
# space sends remote shootdowns, a single thread's does not.
daxbench_test(tlb_flush_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/tlb_flush_test.cc)
# --pin-tasks: worker threads and processes each on their CPU (sched_getcpu
# inside the job), and what a run records of it.
daxbench_test(task_pinning_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/task_pinning_test.cc)
