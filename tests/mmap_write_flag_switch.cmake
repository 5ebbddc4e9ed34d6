# mmap-write, flag-switch and flag-switch-stress: host tests (page cache on
# tmpfs and the host's own filesystem) and lab tests (real fsdax in
# lab/daxlab; label "lab", run with `ctest -L lab`).
daxbench_test(mmap_write_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/mmap_write_test.cc)
daxbench_test(flag_switch_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/flag_switch_test.cc)

# Lab: one boot runs the whole lab suite inside the guest (real fsdax ext4 and
# xfs mounted dax=inode); outside the guest its tests skip.
daxbench_test_executable(mmap_write_flag_switch_lab_test
                         ${CMAKE_CURRENT_SOURCE_DIR}/mmap_write_flag_switch_lab_test.cc)
daxlab_run_test(mmap_write_flag_switch_lab TIMEOUT 1800 GUEST_TIMEOUT 1500 BINARY mmap_write_flag_switch_lab_test)
# The store-loop parity check in deterministic mode (instruction-ns clock).
daxlab_run_test(mmap_write_flag_switch_lab_deterministic TIMEOUT 1800 GUEST_TIMEOUT 1500
                BINARY mmap_write_flag_switch_lab_test DETERMINISTIC
                ARGS --gtest_filter=Lab.PrefaultedDaxStoresReachTheAnonymousReference)
