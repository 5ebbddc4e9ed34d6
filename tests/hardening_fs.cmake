# "Never outside its own files" (issue 11, docs/reliability.md): scratch
# space by fd, stale scratch directories, result files, report directories,
# targets. Runs as root (a second uid via setpriv); unit tests on the host.
daxbench_test(hardening_fs_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/hardening_fs_test.cc)
# A second user racing renames and symlinks against root daxbench runs.
daxbench_test(hardening_fs_race_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/hardening_fs_race_test.cc
              LABELS host TIMEOUT 300)
