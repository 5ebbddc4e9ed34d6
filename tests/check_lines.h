// How the lab checkers (known_answer_check, profile_delta_check) report: one
// "ok" or "FAIL" line per expectation, failures counted for the exit status.
#pragma once

#include <iostream>
#include <string>

namespace daxbench::check {

inline int failures = 0;

inline void fail(const std::string& what) {
  std::cout << "FAIL " << what << "\n";
  ++failures;
}

inline void ok(const std::string& what) { std::cout << "ok   " << what << "\n"; }

inline bool has(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

}  // namespace daxbench::check
