#include "analysis/short_names.h"

#include <algorithm>

#include "analysis/families.h"
#include "core/util.h"

namespace daxbench::analysis {

namespace {

// Parameters a page-cache file of the fault-type workloads does not act on:
// `pages=pmd` asks for a 2 MiB mapping, which only DAX gives a shared file
// mapping here (mm/memory.c: do_set_pmd needs a PMD-sized folio; the page
// cache of these 8 MiB files served 0 PMD mappings in
// reports/kernel-6.1-vs-6.12, pmd_mapped_per_iteration 0 on both kernels).
// Benchmarks merged on this ground are still split when their changes differ.
const char* const kPageCacheBlind[] = {"pages"};

struct NamePart {
  std::string key;
  std::string text;
};

std::vector<std::string> split(const std::string& name) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t slash; (slash = name.find('/', start)) != std::string::npos; start = slash + 1)
    out.push_back(name.substr(start, slash - start));
  out.push_back(name.substr(start));
  return out;
}

// family, fs, mode, plain words from the name's end, key:value parameters.
std::vector<NamePart> parts_of(const BenchmarkResult& b) {
  const auto components = split(b.name);
  std::vector<NamePart> plain, keyed;
  for (const auto& key : param_keys(b)) {
    const std::string value = key_value(b, key);
    const std::string keyed_text = key + ":" + value;
    // A parameter the name leaves out ("processes") is said with its key.
    const bool has_key = std::find(components.begin(), components.end(), value) == components.end();
    (has_key ? keyed : plain).push_back({key, has_key ? keyed_text : value});
  }
  // Plain words in the name's order, reversed: "read/shared/pte" -> "pte shared read".
  auto position = [&](const NamePart& p) {
    return std::find(components.begin(), components.end(), p.text) - components.begin();
  };
  std::stable_sort(plain.begin(), plain.end(),
                   [&](const auto& a, const auto& z) { return position(a) > position(z); });
  std::stable_sort(keyed.begin(), keyed.end(),
                   [&](const auto& a, const auto& z) { return position(a) < position(z); });
  std::vector<NamePart> out = {{"family", b.family()}, {"fs", b.fs_type()}, {"mode", b.mode()}};
  out.insert(out.end(), plain.begin(), plain.end());
  out.insert(out.end(), keyed.begin(), keyed.end());
  return out;
}

}  // namespace

std::string mode_class(const std::string& mode) {
  if (is_dax_mode(mode)) return "dax";
  for (const char* dax : {"dax-inode", "dax-always"})
    if (baseline_mode(dax) == mode) return "pagecache";
  return mode;
}

static bool page_cache_blind(const std::string& key) {
  return std::find(std::begin(kPageCacheBlind), std::end(kPageCacheBlind), key) !=
         std::end(kPageCacheBlind);
}

std::string mode_group(const BenchmarkResult& b) {
  const std::string cls = mode_class(b.mode());
  if (cls != "dax") return cls;
  std::vector<std::string> words = {cls};
  for (const auto& key : param_keys(b))
    if (page_cache_blind(key)) words.push_back(key_value(b, key));
  return join_nonempty(words, " ");
}

ShortNames short_names(const std::vector<const BenchmarkResult*>& benchmarks) {
  ShortNames names;
  std::map<std::string, std::set<std::string>> texts;  // key -> values
  std::map<std::string, std::map<std::string, std::set<std::string>>>
      by_class;  // key -> class -> values
  std::vector<std::string> order;
  for (const auto* b : benchmarks) {
    for (const auto& p : parts_of(*b)) {
      if (!texts.count(p.key)) order.push_back(p.key);
      texts[p.key].insert(p.text);
      by_class[p.key][mode_class(b->mode())].insert(p.text);
    }
  }
  std::vector<std::string> common;
  for (const auto& key : order) {
    const auto& values = texts[key];
    if (values.size() == 1) {
      common.push_back(*values.begin());
      continue;
    }
    // One value per mode class: it follows from the mode (cache:warm/bypassed).
    bool follows_mode = key != "mode" && by_class[key].size() > 1;
    for (const auto& [cls, v] : by_class[key]) follows_mode = follows_mode && v.size() == 1;
    if (!follows_mode) names.varying.insert(key);
  }
  names.common = join_nonempty(common, " ");
  for (const auto* b : benchmarks) {
    std::vector<std::string> words;
    for (const auto& p : parts_of(*b))
      if (names.varying.count(p.key)) words.push_back(p.text);
    names.of[b->name] = join_nonempty(words, " ");
  }
  return names;
}

ScenarioClass scenario_class(const BenchmarkResult& b, const ShortNames& names,
                             bool merge_page_cache_blind) {
  const std::string cls = mode_class(b.mode());
  std::vector<std::string> words;
  for (const auto& p : parts_of(b)) {
    if (!names.varying.count(p.key)) continue;
    if (p.key == "mode") {
      words.push_back(cls);
      continue;
    }
    const bool blind = merge_page_cache_blind && cls == "pagecache" && page_cache_blind(p.key);
    if (!blind) words.push_back(p.text);
  }
  ScenarioClass out;
  out.name = join_nonempty(words, " ");
  out.key = b.family() + "|" + out.name;
  return out;
}

}  // namespace daxbench::analysis
