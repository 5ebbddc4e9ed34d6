// Merging results files of one kernel (the rounds of an interleaved A/B).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "analysis/results.h"

namespace daxbench::analysis {

// Inputs are (path, parsed document). Throws UsageError when one is not a
// results file or differs from the first in kernel_release or clock.
// `output_path` (the merged file) rebases the relative paths of --profile
// files (daxbench.profile.file, .buildid_cache: relative to the results file
// that names them) so they still name the same files from the output.
Json merge_results(const std::vector<std::pair<std::string, Json>>& inputs,
                   const std::string& output_path = "");

}  // namespace daxbench::analysis
