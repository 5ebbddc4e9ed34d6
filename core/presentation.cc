#include "core/presentation.h"

#include <algorithm>

namespace daxbench {

std::string per_unit(const std::string& quantity) {
  const size_t end = std::min(quantity.find('_'), quantity.size());
  std::string word = quantity.substr(0, end);
  const std::string rest = quantity.substr(end);
  for (const char* plural : {"ches", "shes", "sses", "xes"})
    if (word.ends_with(plural)) return word.substr(0, word.size() - 2) + rest;
  if (word.ends_with("s") && !word.ends_with("ss")) word.pop_back();
  return word + rest;
}

}  // namespace daxbench
