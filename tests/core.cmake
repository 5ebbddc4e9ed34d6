# Core tests: CLI and configs, targets and scratch space, inode modes, the
# fault family, results JSON. Host only (no pmem needed).
daxbench_test(cli_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/cli_test.cc)
daxbench_test(modes_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/modes_test.cc)
daxbench_test(fault_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/fault_test.cc)
daxbench_test(results_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/results_test.cc)
daxbench_test(region_slots_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/region_slots_test.cc)
