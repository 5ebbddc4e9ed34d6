# Lab tests (label `lab`, tests/lab_test_helpers.cmake): each boots the daxlab
# QEMU guest (lab/daxlab) with emulated NVDIMMs and asserts what the guest
# kernel does with ext4 and xfs DAX files. They need qemu-system-x86, ndctl,
# xfsprogs, e2fsprogs, busybox-static, cpio and kmod (scripts/install-deps),
# and fail when the lab cannot boot.

# The probe the guest runs (tests/lab_probe.cc): standard library only, so it
# does not depend on the daxbench core.
add_executable(lab_probe ${CMAKE_CURRENT_SOURCE_DIR}/lab_probe.cc)

set(DAXLAB_TEST ${CMAKE_CURRENT_SOURCE_DIR}/lab_test.sh)
function(daxlab_test name timeout)
  daxbench_lab_test(lab.${name} TIMEOUT ${timeout}
                    COMMAND ${DAXLAB_TEST} ${name} ${CMAKE_SOURCE_DIR} ${CMAKE_BINARY_DIR} $<TARGET_FILE:lab_probe>)
endfunction()

daxlab_test(cli 60)                 # option errors, no boot
daxlab_test(kernel_behaviour 600)   # statx / PMD faults / MAP_SYNC / flag switch, ext4 and xfs, one boot
daxlab_test(daxbench_env 300)       # daxbench env in the guest: pmem on NUMA node 1
daxlab_test(daxbench_modes 600)     # daxbench run, all four inode modes, ext4 and xfs
daxlab_test(virtio_pmem 900)        # --pmem-device virtio-pmem: no NFIT, DAX mounts, PTE faults, MAP_SYNC skipped
daxlab_test(panic 300)              # a panicking guest command: non-zero exit, console tail
daxlab_test(hang 300)               # a hanging guest command: SIGTERM at --timeout, killed after --grace
daxlab_test(timeout_keeps_results 400) # a stuck benchmark at --timeout: what finished is kept
daxlab_test(kernel_log 900)          # a hung task fails its benchmark; a panic keeps what finished
daxlab_test(deterministic 900)      # two --deterministic boots agree within 1 %
