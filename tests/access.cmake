# The access family (workloads/access.cc): host tests on anonymous memory,
# tmpfs and the host's own filesystem; the DAX pmd scenarios in the lab.
daxbench_test(access_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/access_test.cc)

# Lab: one boot; DAX pmd access scenarios map PMDs on ext4 and xfs, every
# inode mode runs. Outside the guest its test skips.
daxbench_test_executable(access_lab_test ${CMAKE_CURRENT_SOURCE_DIR}/access_lab_test.cc)
daxlab_run_test(access_lab TIMEOUT 1200 GUEST_TIMEOUT 900 BINARY access_lab_test)
# The data TLB's size (CPUID) that the access family's derived page-walk rows
# are judged against.
daxbench_test(dtlb_size_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/dtlb_size_test.cc)
