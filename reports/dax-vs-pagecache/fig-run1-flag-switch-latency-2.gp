# Rendered by daxbench report; run `gnuplot fig-run1-flag-switch-latency-2.gp` to redraw.
set terminal svg size 1000,474 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-flag-switch-latency-2.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'Time to effective past the holder’s release: 20ms/fd' font 'sans,14'
$line0 << EOD
0.180223 0.30103
0.294911 1
0.294911 2
0.294911 3
1.83008 4
EOD
$line1 << EOD
0.147455 0.30103
0.147455 1
0.147455 2
0.147455 3
0.84466 4
EOD
$line2 << EOD
0.163839 0.30103
0.180223 1
0.180223 2
0.180223 3
1.48419 4
EOD
$line3 << EOD
0.163839 0.30103
0.180223 1
0.180223 2
0.180223 3
1.11617 4
EOD
$line4 << EOD
0.163839 0.30103
0.180223 1
0.180223 2
0.180223 3
0.64481 4
EOD
$line5 << EOD
0.163839 0.30103
0.245759 1
0.245759 2
0.245759 3
0.30093 4
EOD
set logscale x
set xlabel 'latency per switch (ms, log scale)'
set ylabel 'percentile'
set ytics ('50%%' 0.30103, '90%%' 1, '99%%' 2, '99.9%%' 3, 'max' 4)
set yrange [0:4.3]
plot $line0 using 1:2 with linespoints lw 2 pt 7 title 'pagecache/ext4', $line1 using 1:2 with linespoints lw 2 pt 7 title 'pagecache/xfs', $line2 using 1:2 with linespoints lw 2 pt 7 title 'dax-inode-off/ext4', $line3 using 1:2 with linespoints lw 2 pt 7 title 'dax-inode-off/xfs', $line4 using 1:2 with linespoints lw 2 pt 7 title 'dax-inode/ext4', $line5 using 1:2 with linespoints lw 2 pt 7 title 'dax-inode/xfs'
