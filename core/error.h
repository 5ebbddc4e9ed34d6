// The one error type every layer throws for bad input from the user (missing
// target, bad config value, impossible mode): the CLI prints the message as
// one line and exits with status 2. Anything else is a failure of the run.
#pragma once

#include <stdexcept>

namespace daxbench {

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace daxbench
