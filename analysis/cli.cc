#include "analysis/cli.h"

#include <iostream>
#include <system_error>

#include "core/error.h"
#include "core/util.h"

namespace daxbench::analysis {

void write_file_atomically(const std::string& path, const std::string& text) {
  try {
    daxbench::write_file_atomically(path, text);
  } catch (const std::system_error& e) {
    throw UsageError(e.what());  // a bad -o path is bad input here: exit 2
  }
}

void write_output(const OutputFile& out, const std::string& text) {
  try {
    out.write(text);
  } catch (const std::system_error& e) {
    throw UsageError(e.what());  // a bad -o path is bad input here: exit 2
  }
}

bool parse_files_and_options(int argc, char** argv, const std::string& command, const char* usage,
                             const boost::program_options::options_description& options,
                             std::vector<std::string>& files,
                             boost::program_options::variables_map& vm) {
  namespace po = boost::program_options;
  po::options_description hidden;
  hidden.add_options()("files", po::value<std::vector<std::string>>(&files));
  po::options_description all;
  all.add(options).add(hidden);
  po::positional_options_description positional;
  positional.add("files", -1);
  try {
    po::store(po::command_line_parser(argc, argv)
                  .options(all)
                  .positional(positional)
                  .style(kExactOptionStyle)
                  .run(),
              vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError(std::string(e.what()) + " (see daxbench " + command + " --help)");
  }
  if (vm.count("help")) {
    std::cout << usage << "\n\n" << options << "\n";
    return false;
  }
  return true;
}

}  // namespace daxbench::analysis
