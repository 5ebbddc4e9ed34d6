# mmap-write, flag-switch and flag-switch-stress: host tests (page cache on
# tmpfs and the host's own filesystem) and lab tests (real fsdax in
# lab/daxlab; label "lab", run with `ctest -L lab`).
daxbench_test(mmap_write_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/mmap_write_test.cc)
daxbench_test(flag_switch_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/flag_switch_test.cc)
