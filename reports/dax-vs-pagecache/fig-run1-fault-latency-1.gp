# Rendered by daxbench report; run `gnuplot fig-run1-fault-latency-1.gp` to redraw.
set terminal svg size 1000,474 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-fault-latency-1.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'Per-page fault latency: read' font 'sans,14'
$line0 << EOD
0.000959 0.30103
0.001151 1
0.012287 2
0.045055 3
2.59894 4
EOD
$line1 << EOD
0.001023 0.30103
0.001279 1
0.013311 2
0.040959 3
0.25726 4
EOD
$line2 << EOD
0.000959 0.30103
0.001151 1
0.011263 2
0.028671 3
0.25217 4
EOD
$line3 << EOD
0.000959 0.30103
0.001151 1
0.012287 2
0.053247 3
1.62174 4
EOD
$line4 << EOD
0.006143 0.30103
0.006655 1
0.014335 2
0.114687 3
0.46609 4
EOD
$line5 << EOD
0.007167 0.30103
0.007679 1
0.016383 2
0.114687 3
1.23826 4
EOD
$line6 << EOD
0.006143 0.30103
0.006655 1
0.012287 2
0.106495 3
0.42 4
EOD
$line7 << EOD
0.007167 0.30103
0.007679 1
0.014335 2
0.147455 3
0.41885 4
EOD
set logscale x
set xlabel 'latency per page (ms, log scale)'
set ylabel 'percentile'
set ytics ('50%%' 0.30103, '90%%' 1, '99%%' 2, '99.9%%' 3, 'max' 4)
set yrange [0:4.3]
plot $line0 using 1:2 with linespoints lw 2 pt 7 title 'pagecache (warm)/ext4', $line1 using 1:2 with linespoints lw 2 pt 7 title 'pagecache (warm)/xfs', $line2 using 1:2 with linespoints lw 2 pt 7 title 'dax-inode-off (warm)/ext4', $line3 using 1:2 with linespoints lw 2 pt 7 title 'dax-inode-off (warm)/xfs', $line4 using 1:2 with linespoints lw 2 pt 7 title 'dax-inode/ext4', $line5 using 1:2 with linespoints lw 2 pt 7 title 'dax-inode/xfs', $line6 using 1:2 with linespoints lw 2 pt 7 title 'dax-always/ext4', $line7 using 1:2 with linespoints lw 2 pt 7 title 'dax-always/xfs'
