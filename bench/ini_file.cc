#include "bench/ini_file.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

#include "bench/config.h"
#include "core/error.h"
#include "core/util.h"

namespace daxbench {

namespace {

std::string file_kind(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

}  // namespace

std::string read_config_text(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0)
    throw UsageError("config " + path + ": cannot open (" + std::strerror(errno) + ")");
  if (!S_ISREG(st.st_mode))
    throw UsageError("config " + path + ": is " + file_kind(st.st_mode) +
                     ", not a regular file; give an INI file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError("config " + path + ": cannot open (" + std::strerror(errno) + ")");
  std::ostringstream text;
  text << in.rdbuf();
  std::string out = text.str();
  if (out.starts_with("\xEF\xBB\xBF")) out.erase(0, 3);
  return out;
}

void check_ini_duplicates(const std::string& text, const std::string& path) {
  std::map<std::string, int> sections;
  std::map<std::pair<std::string, std::string>, int> keys;
  std::istringstream in(text);
  std::string line, section;
  for (int n = 1; std::getline(in, line); ++n) {
    // As Boost reads it: "#" starts a comment anywhere on the line.
    const std::string t = trim(line.substr(0, line.find('#')));
    if (t.empty() || t[0] == '#' || t[0] == ';') continue;
    if (t.front() == '[' && t.back() == ']') {
      section = trim(t.substr(1, t.size() - 2));
      if (auto [it, fresh] = sections.emplace(section, n); !fresh)
        throw UsageError("config " + path + ": line " + std::to_string(n) + ": section [" +
                         shown(section).substr(1, shown(section).size() - 2) +
                         "] appears twice (first at line " + std::to_string(it->second) +
                         "); merge them, or name the second [" + section + ":other]");
      continue;
    }
    const auto eq = t.find('=');
    if (eq == std::string::npos) continue;  // Boost reports the syntax error
    const std::string key = trim(t.substr(0, eq));
    if (section.empty() && key == "target") continue;
    if (auto [it, fresh] = keys.emplace(std::make_pair(section, key), n); !fresh)
      throw UsageError("config " + path + ": line " + std::to_string(n) + ": key " + shown(key) +
                       (section.empty() ? " at top level" : " in [" + section + "]") +
                       " given twice (first at line " + std::to_string(it->second) +
                       "); give one line with a comma-separated list");
  }
}

}  // namespace daxbench
