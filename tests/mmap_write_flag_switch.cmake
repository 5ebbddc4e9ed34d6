# mmap-write, flag-switch and flag-switch-stress: host tests (page cache on
# tmpfs and the host's own filesystem) and lab tests (real fsdax in
# lab/daxlab; label "lab", run with `ctest -L lab`).
daxbench_test(mmap_write_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/mmap_write_test.cc)
daxbench_test(flag_switch_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/flag_switch_test.cc)

# Lab: one boot runs the whole lab suite inside the guest (real fsdax ext4 and
# xfs mounted dax=inode); outside the guest its tests skip.
add_executable(mmap_write_flag_switch_lab_test ${CMAKE_CURRENT_SOURCE_DIR}/mmap_write_flag_switch_lab_test.cc)
target_link_libraries(mmap_write_flag_switch_lab_test PRIVATE daxbench_bench daxbench_analysis
                                                  daxbench_workloads daxbench_core GTest::gtest GTest::gtest_main)
target_compile_definitions(mmap_write_flag_switch_lab_test PRIVATE DAXBENCH_SOURCE_DIR="${CMAKE_SOURCE_DIR}"
                                                       DAXBENCH_BINARY_DIR="${CMAKE_BINARY_DIR}")
add_test(NAME mmap_write_flag_switch_lab
         COMMAND ${CMAKE_SOURCE_DIR}/lab/daxlab run --quiet --build ${CMAKE_BINARY_DIR}
                 --timeout 1500 -- $<TARGET_FILE:mmap_write_flag_switch_lab_test>
         WORKING_DIRECTORY ${CMAKE_BINARY_DIR})
set_tests_properties(mmap_write_flag_switch_lab PROPERTIES LABELS lab TIMEOUT 1800 RESOURCE_LOCK daxlab)
# The store-loop parity check in deterministic mode (instruction-ns clock).
add_test(NAME mmap_write_flag_switch_lab_deterministic
         COMMAND ${CMAKE_SOURCE_DIR}/lab/daxlab run --quiet --deterministic --build ${CMAKE_BINARY_DIR}
                 --timeout 1500 -- $<TARGET_FILE:mmap_write_flag_switch_lab_test>
                 --gtest_filter=Lab.PrefaultedDaxStoresReachTheAnonymousReference
         WORKING_DIRECTORY ${CMAKE_BINARY_DIR})
set_tests_properties(mmap_write_flag_switch_lab_deterministic PROPERTIES LABELS lab TIMEOUT 1800 RESOURCE_LOCK daxlab)
