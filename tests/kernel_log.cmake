# Issue 22: the kernel log during a run (bench/kernel_log.h): the parser and
# the complaint list on kernels' own lines, windows and the stuck watcher
# through a pipe, and the real /dev/kmsg (root: a process cannot forge a
# kernel record).
daxbench_test(kernel_log_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/kernel_log_test.cc LABELS host)
