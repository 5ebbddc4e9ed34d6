# Perf counters, NUMA placement and pmd-check (issue 4). Host tests run
# anywhere (root for kernel-mode counting and tracepoints); lab tests run the
# same checks in the daxlab guest with real fsdax.
daxbench_test(counters_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/counters_test.cc)
daxbench_test(numa_placement_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/numa_placement_test.cc)
daxbench_test(counters_cli_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/counters_cli_test.cc)
