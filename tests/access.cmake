# The access family (workloads/access.cc): host tests on anonymous memory,
# tmpfs and the host's own filesystem; the DAX pmd scenarios in the lab.
daxbench_test(access_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/access_test.cc)

# Lab: one boot; DAX pmd access scenarios map PMDs on ext4 and xfs, every
# inode mode runs. Outside the guest its test skips.
add_executable(access_lab_test ${CMAKE_CURRENT_SOURCE_DIR}/access_lab_test.cc)
target_link_libraries(access_lab_test PRIVATE daxbench_bench daxbench_analysis daxbench_workloads
                                              daxbench_core GTest::gtest GTest::gtest_main)
target_compile_definitions(access_lab_test PRIVATE DAXBENCH_SOURCE_DIR="${CMAKE_SOURCE_DIR}"
                                                   DAXBENCH_BINARY_DIR="${CMAKE_BINARY_DIR}")
add_test(NAME access_lab
         COMMAND ${CMAKE_SOURCE_DIR}/lab/daxlab run --quiet --build ${CMAKE_BINARY_DIR}
                 --timeout 900 -- $<TARGET_FILE:access_lab_test>
         WORKING_DIRECTORY ${CMAKE_BINARY_DIR})
set_tests_properties(access_lab PROPERTIES LABELS lab TIMEOUT 1200 RESOURCE_LOCK daxlab)
# The data TLB's size (CPUID) that the access family's derived page-walk rows
# are judged against.
daxbench_test(dtlb_size_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/dtlb_size_test.cc)
