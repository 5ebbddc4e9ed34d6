# Perf counters, NUMA placement and pmd-check (issue 4). Host tests run
# anywhere (root for kernel-mode counting and tracepoints); lab tests run the
# same checks in the daxlab guest with real fsdax.
daxbench_test(counters_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/counters_test.cc)
daxbench_test(numa_placement_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/numa_placement_test.cc)
daxbench_test(counters_cli_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/counters_cli_test.cc)
# Counter resolution against fake tracefs trees (6.1/6.12/later shapes) and
# the private tracefs mount.
daxbench_test(counter_sources_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/counter_sources_test.cc)

# Lab: the same binary runs inside the daxlab guest (real fsdax, pmem on NUMA
# node 1); one boot for the whole suite. Outside the guest its tests skip.
daxbench_test_executable(counters_lab_test ${CMAKE_CURRENT_SOURCE_DIR}/counters_lab_test.cc)
daxlab_run_test(counters_lab TIMEOUT 1800 GUEST_TIMEOUT 1500 BINARY counters_lab_test
                ARGS --gtest_filter=-Lab.CountingOverhead:LabHandlers.*:LabFaultPath.*)
# Counting overhead in instructions (-icount): the timing noise of TCG and of
# a shared host would swamp a few percent.
daxlab_run_test(counters_lab_overhead TIMEOUT 1800 GUEST_TIMEOUT 1500 BINARY counters_lab_test DETERMINISTIC
                ARGS --gtest_filter=Lab.CountingOverhead)
# The handler and fault-path counters on three kernels (Debian 6.1, 6.12 and
# 7.3): each default counter of the fault family counts what the path must
# do, or is unsupported with its reason. Three boots (up to 900 s each).
daxbench_lab_test(
  counters_lab_kernels
  TIMEOUT 3000
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/counters_lab_kernels.sh ${CMAKE_SOURCE_DIR} ${CMAKE_BINARY_DIR}
          $<TARGET_FILE:counters_lab_test>
  WORKING_DIRECTORY ${CMAKE_BINARY_DIR})
