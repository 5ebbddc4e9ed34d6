# Rendered by daxbench report; run `gnuplot fig-run1-fault-latency-2.gp` to redraw.
set terminal svg size 1000,474 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-fault-latency-2.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'Per-page fault latency: write' font 'sans,14'
$line0 << EOD
0.006143 0.30103
0.006655 1
0.012287 2
0.098303 3
2.41201 4
EOD
$line1 << EOD
0.006655 0.30103
0.007167 1
0.015359 2
0.122879 3
1.10184 4
EOD
$line2 << EOD
0.006143 0.30103
0.006655 1
0.013311 2
0.122879 3
2.40109 4
EOD
$line3 << EOD
0.009215 0.30103
0.009215 1
0.022527 2
0.163839 3
0.54276 4
EOD
$line4 << EOD
0.007679 0.30103
0.009215 1
0.030719 2
0.147455 3
0.5325 4
EOD
$line5 << EOD
0.006655 0.30103
0.007167 1
0.014335 2
0.147455 3
5.02202 4
EOD
$line6 << EOD
0.009215 0.30103
0.009215 1
0.030719 2
0.131071 3
0.51915 4
EOD
$line7 << EOD
0.006655 0.30103
0.007167 1
0.014335 2
0.147455 3
0.53532 4
EOD
set logscale x
set xlabel 'latency per page (ms, log scale)'
set ylabel 'percentile'
set ytics ('50%%' 0.30103, '90%%' 1, '99%%' 2, '99.9%%' 3, 'max' 4)
set yrange [0:4.3]
plot $line0 using 1:2 with linespoints lw 2 pt 7 title 'pagecache (warm)/ext4', $line1 using 1:2 with linespoints lw 2 pt 7 title 'pagecache (warm)/xfs', $line2 using 1:2 with linespoints lw 2 pt 7 title 'dax-inode-off (warm)/ext4', $line3 using 1:2 with linespoints lw 2 pt 7 title 'dax-inode-off (warm)/xfs', $line4 using 1:2 with linespoints lw 2 pt 7 title 'dax-inode/ext4', $line5 using 1:2 with linespoints lw 2 pt 7 title 'dax-inode/xfs', $line6 using 1:2 with linespoints lw 2 pt 7 title 'dax-always/ext4', $line7 using 1:2 with linespoints lw 2 pt 7 title 'dax-always/xfs'
