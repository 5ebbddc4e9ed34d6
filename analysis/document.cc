#include "analysis/document.h"

#include <cctype>
#include <sstream>

namespace daxbench::analysis {

namespace {

// The page loads nothing: no script, no font, no image from anywhere. The
// Content-Security-Policy makes any attempt a console error, which the
// rendering test (tests/analysis_report_test.cc) would catch.
constexpr const char* kStyle = R"(
body { font-family: sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #222; }
h1, h2, h3 { font-weight: 600; }
table { border-collapse: collapse; margin: 1em 0; font-size: 90%; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
pre { background: #f6f6f6; padding: 0.6em; overflow-x: auto; white-space: pre-wrap; }
figure { margin: 1.5em 0; }
figure svg { width: 100%; height: auto; }
figcaption { font-size: 90%; color: #444; }
.table-wrap { overflow-x: auto; }
)";

// Numbers, humanised values ("4.57 µs", "1.23 GB/s", "16.4k"), changes
// ("+10.0%"), intervals ("[0.98, 1.02]") and "±1.2%": right-aligned.
bool looks_numeric(const std::string& s) {
  if (s.empty() || s.size() > 40) return false;
  size_t i = 0;
  if (s[0] == '[' || s[0] == '+' || s[0] == '-') i = 1;
  if (s.compare(0, 2, "\u00b1") == 0) i = 2;  // "±"
  if (i >= s.size() || !std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  for (char c : s)
    if (std::isalpha(static_cast<unsigned char>(c)) && s.find(' ') == std::string::npos &&
        c != 'e' && c != 'k' && c != 'M' && c != 'G')
      return false;
  return s.find(' ') == std::string::npos || s.size() < 16 || s[0] == '[';
}

std::string md_cell(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n') {
      out += "<br>";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string html_escape(const std::string& s) {
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
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

void Document::heading(int level, std::string text) {
  Block b;
  b.kind = Block::Kind::kHeading;
  b.level = level;
  b.text = std::move(text);
  blocks_.push_back(std::move(b));
}

void Document::paragraph(std::string text) {
  Block b;
  b.kind = Block::Kind::kParagraph;
  b.text = std::move(text);
  blocks_.push_back(std::move(b));
}

void Document::code(std::string text) {
  Block b;
  b.kind = Block::Kind::kCode;
  b.text = std::move(text);
  blocks_.push_back(std::move(b));
}

void Document::list(std::vector<std::string> items) {
  Block b;
  b.kind = Block::Kind::kList;
  b.items = std::move(items);
  blocks_.push_back(std::move(b));
}

void Document::table(std::vector<std::string> header, std::vector<std::vector<std::string>> rows) {
  Block b;
  b.kind = Block::Kind::kTable;
  b.header = std::move(header);
  b.rows = std::move(rows);
  blocks_.push_back(std::move(b));
}

void Document::figure(Figure f) {
  Block b;
  b.kind = Block::Kind::kFigure;
  b.figure = std::move(f);
  blocks_.push_back(std::move(b));
}

void Document::fold_begin(std::string summary, int level, bool markdown_omit) {
  Block b;
  b.kind = Block::Kind::kFoldBegin;
  b.text = std::move(summary);
  b.level = level;
  b.markdown_omit = markdown_omit;
  blocks_.push_back(std::move(b));
}

void Document::fold_end() {
  Block b;
  b.kind = Block::Kind::kFoldEnd;
  blocks_.push_back(std::move(b));
}

std::string Document::to_html(const std::string& title) const {
  std::ostringstream out;
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
         "style-src 'unsafe-inline'\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<title>" << html_escape(title) << "</title>\n<style>" << kStyle << "</style>\n"
      << "</head>\n<body>\n<h1>" << html_escape(title) << "</h1>\n";
  for (const auto& b : blocks_) {
    if (b.only == "markdown") continue;
    switch (b.kind) {
      case Block::Kind::kFoldBegin:
        out << "<details>\n<summary>" << html_escape(b.text) << "</summary>\n";
        break;
      case Block::Kind::kFoldEnd:
        out << "</details>\n";
        break;
      case Block::Kind::kHeading:
        out << "<h" << b.level << ">" << html_escape(b.text) << "</h" << b.level << ">\n";
        break;
      case Block::Kind::kParagraph:
        out << "<p>" << html_escape(b.text) << "</p>\n";
        break;
      case Block::Kind::kCode:
        out << "<pre><code>" << html_escape(b.text) << "</code></pre>\n";
        break;
      case Block::Kind::kList:
        out << "<ul>\n";
        for (const auto& i : b.items) out << "<li>" << html_escape(i) << "</li>\n";
        out << "</ul>\n";
        break;
      case Block::Kind::kTable:
        out << "<div class=\"table-wrap\"><table>\n<thead><tr>";
        for (const auto& h : b.header) out << "<th>" << html_escape(h) << "</th>";
        out << "</tr></thead>\n<tbody>\n";
        for (const auto& row : b.rows) {
          out << "<tr>";
          for (const auto& cell : row) {
            out << (looks_numeric(cell) ? "<td class=\"num\">" : "<td>") << html_escape(cell)
                << "</td>";
          }
          out << "</tr>\n";
        }
        out << "</tbody></table></div>\n";
        break;
      case Block::Kind::kFigure:
        out << "<figure id=\"" << html_escape(b.figure.id) << "\" data-plot=\""
            << html_escape(b.figure.kind) << "\">\n"
            << b.figure.svg << "\n<figcaption><strong>" << html_escape(b.figure.title)
            << "</strong>. " << html_escape(b.figure.caption) << "</figcaption>\n</figure>\n";
        break;
    }
  }
  out << "</body>\n</html>\n";
  return out.str();
}

std::string Document::to_markdown(const std::string& title) const {
  std::ostringstream out;
  out << "# " << title << "\n\n";
  int omitting = 0;  // depth inside folds Markdown leaves out
  for (const auto& b : blocks_) {
    if (b.only == "html") continue;
    if (b.kind == Block::Kind::kFoldBegin && (omitting || b.markdown_omit)) {
      ++omitting;
      continue;
    }
    if (b.kind == Block::Kind::kFoldEnd && omitting) {
      --omitting;
      continue;
    }
    if (omitting) continue;
    switch (b.kind) {
      case Block::Kind::kFoldBegin:
        out << std::string(static_cast<size_t>(b.level), '#') << " " << b.text << "\n\n";
        break;
      case Block::Kind::kFoldEnd:
        break;
      case Block::Kind::kHeading:
        out << std::string(static_cast<size_t>(b.level), '#') << " " << b.text << "\n\n";
        break;
      case Block::Kind::kParagraph:
        out << b.text << "\n\n";
        break;
      case Block::Kind::kCode:
        out << "```\n" << b.text << "\n```\n\n";
        break;
      case Block::Kind::kList:
        for (const auto& i : b.items) out << "- " << i << "\n";
        out << "\n";
        break;
      case Block::Kind::kTable: {
        out << "|";
        for (const auto& h : b.header) out << " " << md_cell(h) << " |";
        out << "\n|";
        for (size_t i = 0; i < b.header.size(); ++i) out << "---|";
        out << "\n";
        for (const auto& row : b.rows) {
          out << "|";
          for (const auto& cell : row) out << " " << md_cell(cell) << " |";
          out << "\n";
        }
        out << "\n";
        break;
      }
      case Block::Kind::kFigure:
        out << "![" << b.figure.title << "](" << b.figure.file << ")\n\n*" << b.figure.title
            << ".* " << b.figure.caption << "\n\n";
        break;
    }
  }
  return out.str();
}

}  // namespace daxbench::analysis
