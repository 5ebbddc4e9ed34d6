// `daxbench merge -o OUT.json IN.json...`: one results file from several runs
// of the same scenarios on the same kernel (the rounds of an interleaved A/B,
// lab/daxlab ab), so that compare sees every repetition of every round.
#include <boost/program_options.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "analysis/cli.h"
#include "analysis/merge.h"
#include "analysis/results.h"
#include "core/command.h"
#include "core/error.h"
#include "core/util.h"

namespace daxbench::analysis {

namespace {

namespace po = boost::program_options;

constexpr const char* kMergeUsage =
    R"(usage: daxbench merge -o OUT.json IN.json [IN.json...]

Merges results files of the same scenarios run on the same kernel with the
same clock (for example the rounds of lab/daxlab ab) into one: every
repetition of every input, renumbered, aggregates dropped (compare and report
compute their own). The context is the first input's, with "merged_from"
listing every input and "incomplete" true if any input was. Inputs with a
different kernel release or clock are refused: that is a comparison, not a
merge.

examples:
  daxbench merge -o base.json rounds/base-1.json rounds/base-2.json rounds/base-3.json)";

Json read_json(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw UsageError("cannot read " + path + ": no such readable file");
  std::stringstream buf;
  buf << in.rdbuf();
  try {
    return Json::parse(null_non_finite(buf.str()));
  } catch (const Json::exception& e) {
    throw UsageError(path + ": not JSON (" + e.what() + ")");
  }
}

std::string context_value(const Json& doc, const std::string& key) {
  const auto ctx = doc.find("context");
  if (ctx == doc.end() || !ctx->is_object()) return "";
  const auto v = ctx->find(key);
  return v != ctx->end() && v->is_string() ? v->get<std::string>() : "";
}

// A profile's paths are relative to the directory of the results file
// that names them: made relative to the merged file's directory instead.
void rebase_profile_paths(Json& benchmark, const std::string& input, const std::string& output) {
  if (output.empty() || !benchmark.contains("daxbench") || !benchmark["daxbench"].is_object())
    return;
  Json& dx = benchmark["daxbench"];
  if (!dx.contains("profile") || !dx["profile"].is_object()) return;
  namespace fs = std::filesystem;
  const fs::path from = fs::absolute(input).parent_path();
  const fs::path to = fs::absolute(output).parent_path();
  for (const char* key : {"file", "buildid_cache"}) {
    if (!dx["profile"].contains(key) || !dx["profile"][key].is_string()) continue;
    const fs::path p = dx["profile"][key].get<std::string>();
    if (p.is_absolute()) continue;
    dx["profile"][key] = (from / p).lexically_normal().lexically_relative(to).string();
  }
}

}  // namespace

Json merge_results(const std::vector<std::pair<std::string, Json>>& inputs,
                   const std::string& output_path) {
  const Json& first = inputs.front().second;
  Json out;
  out["context"] = first.value("context", Json::object());
  Json merged_from = Json::array();
  bool incomplete = false;
  std::set<std::string> unsupported_seen;
  Json unsupported = Json::array();
  // Iteration entries grouped by run_name, names in first-seen order.
  std::vector<std::string> order;
  std::map<std::string, std::vector<Json>> runs;
  for (const auto& [path, doc] : inputs) {
    if (!doc.contains("benchmarks") || !doc["benchmarks"].is_array() || !doc.contains("context")) {
      throw UsageError(path + ": not a daxbench results file (no context or benchmarks)");
    }
    for (const char* key : {"kernel_release", "clock"}) {
      if (context_value(doc, key) != context_value(first, key)) {
        throw UsageError(path + ": " + key + " \"" + context_value(doc, key) + "\" differs from " +
                         inputs.front().first + " (\"" + context_value(first, key) +
                         "\"); merge runs of one kernel and clock, compare different ones");
      }
    }
    const Json& ctx = doc["context"];
    merged_from.push_back({{"file", path}, {"date", ctx.value("date", "")}});
    incomplete |= ctx.value("incomplete", false);
    if (ctx.contains("unsupported_events") && ctx["unsupported_events"].is_array()) {
      for (const auto& u : ctx["unsupported_events"]) {
        if (unsupported_seen.insert(u.dump()).second) unsupported.push_back(u);
      }
    }
    for (const auto& b : doc["benchmarks"]) {
      if (b.value("run_type", "iteration") == "aggregate") continue;
      const std::string name = b.value("run_name", b.value("name", ""));
      if (!runs.contains(name)) order.push_back(name);
      runs[name].push_back(b);
      rebase_profile_paths(runs[name].back(), path, output_path);
    }
  }
  out["context"]["merged_from"] = merged_from;
  out["context"]["incomplete"] = incomplete;
  if (out["context"].contains("unsupported_events"))
    out["context"]["unsupported_events"] = unsupported;
  Json benchmarks = Json::array();
  for (const auto& name : order) {
    auto& entries = runs[name];
    for (size_t i = 0; i < entries.size(); ++i) {
      Json b = entries[i];
      b["repetitions"] = entries.size();
      b["repetition_index"] = i;
      benchmarks.push_back(std::move(b));
    }
  }
  out["benchmarks"] = std::move(benchmarks);
  return out;
}

int merge_main(int argc, char** argv) {
  std::string output;
  std::vector<std::string> files;
  po::options_description visible("options");
  visible.add_options()("help,h", "show this help")("output,o", po::value<std::string>(&output),
                                                    "the merged results file to write");
  po::variables_map vm;
  if (!parse_files_and_options(argc, argv, "merge", kMergeUsage, visible, files, vm)) return 0;
  if (output.empty()) throw UsageError("-o OUT.json is required (see daxbench merge --help)");
  if (files.empty()) throw UsageError("no input files (see daxbench merge --help)");
  // Before reading anything: never a directory, a device, /proc, or an input.
  const OutputFile out_file("-o", output, files);  // held by its directory fd
  std::vector<std::pair<std::string, Json>> inputs;
  for (const auto& f : files) inputs.emplace_back(f, read_json(f));
  const Json merged = merge_results(inputs, output);
  write_output(out_file, merged.dump(2) + "\n");
  return 0;
}

}  // namespace daxbench::analysis

DAXBENCH_REGISTER_COMMAND(Merge, "merge",
                          "one results file from several runs of one kernel (A/B rounds)",
                          daxbench::analysis::merge_main);
