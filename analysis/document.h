// A tiny document model for `daxbench report`: the same blocks render to a
// self-contained HTML page and to Markdown, so the two never drift apart.
#pragma once

#include <string>
#include <vector>

namespace daxbench::analysis {

struct Figure {
  std::string id;       // HTML id and SVG file stem: "fig-run1-dax-vs-pagecache-fault"
  std::string kind;     // "dax-vs-pagecache", "latency-cdf", "pmd", "flag-switch", "ab-ratio"
  std::string title;    // one line
  std::string caption;  // states unit, clock and whether the run was emulated
  std::string file;     // SVG file name beside README.md
  std::string svg;      // inline-ready SVG text (see inline_svg)
};

struct Block {
  enum class Kind { kHeading, kParagraph, kTable, kCode, kFigure, kList, kFoldBegin, kFoldEnd };
  // Which output shows the block: both, or one ("html", "markdown").
  std::string only;
  // kFoldBegin: the HTML is a <details> with `text` as its summary; in
  // Markdown the fold is a level-`level` heading, or left out whole.
  bool markdown_omit = false;
  Kind kind = Kind::kParagraph;
  int level = 2;                               // headings
  std::string text;                            // heading, paragraph, code
  std::vector<std::string> header;             // table
  std::vector<std::vector<std::string>> rows;  // table
  std::vector<std::string> items;              // list
  Figure figure;
};

class Document {
 public:
  void heading(int level, std::string text);
  void paragraph(std::string text);
  void code(std::string text);
  void list(std::vector<std::string> items);
  void table(std::vector<std::string> header, std::vector<std::vector<std::string>> rows);
  void figure(Figure f);
  // Everything until fold_end() is folded in HTML (<details><summary>); in
  // Markdown it is a heading of `level` with its content, or, with
  // markdown_omit, absent.
  void fold_begin(std::string summary, int level = 2, bool markdown_omit = false);
  void fold_end();
  // The last block added shows only in one output ("html" or "markdown").
  void only_in(const std::string& output) { blocks_.back().only = output; }

  const std::vector<Block>& blocks() const { return blocks_; }
  std::string to_html(const std::string& title) const;
  std::string to_markdown(const std::string& title) const;

 private:
  std::vector<Block> blocks_;
};

std::string html_escape(const std::string& s);

}  // namespace daxbench::analysis
