# The access family (workloads/access.cc): host tests on anonymous memory,
# tmpfs and the host's own filesystem; the DAX pmd scenarios in the lab.
daxbench_test(access_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/access_test.cc)
