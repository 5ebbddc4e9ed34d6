// Renders plots with gnuplot (the kernel community's usual tool, as in
// mmtests) to SVG files, and prepares them for inlining into HTML.
#pragma once

#include <string>

namespace daxbench::analysis {

// Runs `gnuplot` on `script` in directory `dir`; the script must `set output`
// itself, to a path relative to `dir`. The script is written to
// dir/script_name first and kept beside the SVG, so the plot can be
// re-rendered by hand (`cd dir && gnuplot script_name`), with no absolute path
// in it. Throws UsageError if gnuplot is not installed and std::runtime_error
// with gnuplot's messages if it fails.
void run_gnuplot(const std::string& script, const std::string& dir, const std::string& script_name);

// A gnuplot string literal (single-quoted; quotes doubled... gnuplot has no
// escape in single quotes, so single quotes are replaced by a typographic one).
std::string gnuplot_quote(const std::string& s);
// A data-block field: double-quoted with inner double quotes removed.
std::string gnuplot_field(const std::string& s);

// An SVG file's text made ready to inline in HTML: the XML prolog dropped,
// every id prefixed with `id_prefix` (gnuplot reuses ids such as gpPt0 in
// every file), and its <title> set to `title`.
std::string inline_svg(const std::string& svg, const std::string& id_prefix,
                       const std::string& title);

}  // namespace daxbench::analysis
