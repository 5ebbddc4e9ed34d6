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
add_executable(counters_lab_test ${CMAKE_CURRENT_SOURCE_DIR}/counters_lab_test.cc)
target_link_libraries(counters_lab_test PRIVATE daxbench_bench daxbench_analysis daxbench_workloads daxbench_core
                                                GTest::gtest GTest::gtest_main)
target_compile_definitions(counters_lab_test PRIVATE DAXBENCH_SOURCE_DIR="${CMAKE_SOURCE_DIR}"
                                                     DAXBENCH_BINARY_DIR="${CMAKE_BINARY_DIR}")
add_test(NAME counters_lab
         COMMAND ${CMAKE_SOURCE_DIR}/lab/daxlab run --quiet --build ${CMAKE_BINARY_DIR}
                 --timeout 1500 -- $<TARGET_FILE:counters_lab_test>
                 --gtest_filter=-Lab.CountingOverhead:LabHandlers.*:LabFaultPath.*
         WORKING_DIRECTORY ${CMAKE_BINARY_DIR})
set_tests_properties(counters_lab PROPERTIES LABELS lab TIMEOUT 1800 RESOURCE_LOCK daxlab)
# Counting overhead in instructions (-icount): the timing noise of TCG and of
# a shared host would swamp a few percent.
add_test(NAME counters_lab_overhead
         COMMAND ${CMAKE_SOURCE_DIR}/lab/daxlab run --quiet --deterministic
                 --build ${CMAKE_BINARY_DIR} --timeout 1500 -- $<TARGET_FILE:counters_lab_test>
                 --gtest_filter=Lab.CountingOverhead
         WORKING_DIRECTORY ${CMAKE_BINARY_DIR})
set_tests_properties(counters_lab_overhead PROPERTIES LABELS lab TIMEOUT 1800 RESOURCE_LOCK daxlab)
# The handler and fault-path counters on three kernels (Debian 6.1, 6.12 and
# 7.3): each default counter of the fault family counts what the path must
# do, or is unsupported with its reason. Three boots (up to 900 s each).
add_test(NAME counters_lab_kernels
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/counters_lab_kernels.sh ${CMAKE_SOURCE_DIR}
                 ${CMAKE_BINARY_DIR} $<TARGET_FILE:counters_lab_test>
         WORKING_DIRECTORY ${CMAKE_BINARY_DIR})
set_tests_properties(counters_lab_kernels PROPERTIES LABELS lab TIMEOUT 3000 RESOURCE_LOCK daxlab)
