# Kernel A/B lab tests (label `lab`, tests/kernel_lab_test.sh): a Debian 6.12
# package, a kernel built from linux-source-6.12 (lab/daxlab build-kernel),
# the known-answer A/B (planted regressions found at their size, A/A clean),
# trend over base, base, base + 5 % cost (3 boots) and bisect on a throw-away
# history; the seed's race planted in xfs caught by flag-switch-stress, the
# base clean. build_kernel makes the base build the others share (fixture
# kernel612); their patched builds are incremental.
# Times on the 2-core CI machine: docs/lab.md "Kernels built from source".
add_executable(known_answer_check ${CMAKE_CURRENT_SOURCE_DIR}/known_answer_check.cc)
target_link_libraries(known_answer_check PRIVATE nlohmann_json::nlohmann_json)
add_executable(profile_delta_check ${CMAKE_CURRENT_SOURCE_DIR}/profile_delta_check.cc)
target_link_libraries(profile_delta_check PRIVATE nlohmann_json::nlohmann_json)
target_include_directories(known_answer_check PRIVATE ${CMAKE_SOURCE_DIR})
target_include_directories(profile_delta_check PRIVATE ${CMAKE_SOURCE_DIR})

set(DAXBENCH_KERNEL_LAB_TEST ${CMAKE_CURRENT_SOURCE_DIR}/kernel_lab_test.sh)
function(kernel_lab_test name timeout)
  daxbench_lab_test(
    lab.${name}
    TIMEOUT ${timeout}
    COMMAND ${DAXBENCH_KERNEL_LAB_TEST} ${name} ${CMAKE_SOURCE_DIR} ${CMAKE_BINARY_DIR}
            $<TARGET_FILE:known_answer_check> $<TARGET_FILE:profile_delta_check>
    PROPERTIES ${ARGN})
endfunction()

kernel_lab_test(kernel_cli 120)
kernel_lab_test(kernel_package_6_12 900)
kernel_lab_test(kernel_package_7_3 900)
kernel_lab_test(build_kernel 3600 FIXTURES_SETUP kernel612)
kernel_lab_test(known_answer 2400 FIXTURES_REQUIRED kernel612)
kernel_lab_test(trend 1200 FIXTURES_REQUIRED kernel612)
kernel_lab_test(bisect 2400 FIXTURES_REQUIRED kernel612)
kernel_lab_test(profile_known_answer 3000 FIXTURES_REQUIRED kernel612)
kernel_lab_test(flag_switch_race 1200 FIXTURES_REQUIRED kernel612)

# The published known-answer report is what its committed results say (no
# lab: seconds).
add_test(NAME known_answer_published COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/known_answer_published.sh
                                             ${CMAKE_SOURCE_DIR} $<TARGET_FILE:known_answer_check>)
set_tests_properties(known_answer_published PROPERTIES LABELS unit TIMEOUT 60)
