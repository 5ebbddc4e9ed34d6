#include "analysis/gnuplot.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "core/error.h"

extern char** environ;

namespace daxbench::analysis {

namespace {

void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size()) {
    s.replace(pos, from.size(), to);
  }
}

std::string xml_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace

std::string gnuplot_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "\u2019";
    } else if (c == '\n') {
      out += "' . \"\\n\" . '";
    } else {
      out += c;
    }
  }
  return out + "'";
}

std::string gnuplot_field(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c != '"' && c != '\n') out += c;
  }
  return out + "\"";
}

void run_gnuplot(const std::string& script, const std::string& dir,
                 const std::string& script_name) {
  const std::string script_path = dir + "/" + script_name;
  {
    std::ofstream out(script_path, std::ios::trunc);
    out << script;
    if (!out) throw UsageError(script_path + ": cannot write (" + std::strerror(errno) + ")");
  }
  const std::string log_path = script_path + ".log";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  posix_spawn_file_actions_addchdir_np(&actions, dir.c_str());
  std::string program = "gnuplot";
  std::string argument = script_name;
  std::vector<char*> argv = {program.data(), argument.data(), nullptr};
  pid_t pid = -1;
  const int err = posix_spawnp(&pid, "gnuplot", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (err != 0) {
    std::remove(log_path.c_str());
    throw UsageError(std::string("cannot run gnuplot (") + std::strerror(err) +
                     "); install gnuplot-nox (scripts/install-deps)");
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  std::ifstream log(log_path);
  std::stringstream messages;
  messages << log.rdbuf();
  std::remove(log_path.c_str());
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
      throw UsageError("cannot run gnuplot; install gnuplot-nox (scripts/install-deps)");
    }
    std::string text = messages.str();
    replace_all(text, "\n", " ");
    throw std::runtime_error("gnuplot failed on " + script_path + ": " + text);
  }
}

std::string inline_svg(const std::string& svg, const std::string& id_prefix,
                       const std::string& title) {
  std::string out = svg;
  const size_t start = out.find("<svg");
  if (start != std::string::npos) out.erase(0, start);
  replace_all(out, "id='", "id='" + id_prefix);
  replace_all(out, "id=\"", "id=\"" + id_prefix);
  replace_all(out, "href='#", "href='#" + id_prefix);
  replace_all(out, "href=\"#", "href=\"#" + id_prefix);
  replace_all(out, "url(#", "url(#" + id_prefix);
  const size_t t0 = out.find("<title>");
  const size_t t1 = out.find("</title>");
  if (t0 != std::string::npos && t1 != std::string::npos && t1 > t0) {
    out.replace(t0, t1 + 8 - t0, "<title>" + xml_escape(title) + "</title>");
  }
  return out;
}

}  // namespace daxbench::analysis
