# Rendered by daxbench report; run `gnuplot fig-run1-flag-switch-latency-1.gp` to redraw.
set terminal svg size 1000,474 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-flag-switch-latency-1.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'Time to effective past the holder’s release: none' font 'sans,14'
$line0 << EOD
0.049151 0.30103
0.065535 1
0.180223 2
0.458751 3
3.91598 4
EOD
$line1 << EOD
0.045055 0.30103
0.049151 1
0.180223 2
0.458751 3
2.66284 4
EOD
$line2 << EOD
0.053247 0.30103
0.081919 1
0.180223 2
0.458751 3
1.4657 4
EOD
$line3 << EOD
0.045055 0.30103
0.053247 1
0.147455 2
0.458751 3
0.74659 4
EOD
$line4 << EOD
0.053247 0.30103
0.073727 1
0.262143 2
0.589823 3
0.93489 4
EOD
$line5 << EOD
0.045055 0.30103
0.065535 1
0.262143 2
0.393215 3
2.57186 4
EOD
set logscale x
set xlabel 'latency per switch (ms, log scale)'
set ylabel 'percentile'
set ytics ('50%%' 0.30103, '90%%' 1, '99%%' 2, '99.9%%' 3, 'max' 4)
set yrange [0:4.3]
plot $line0 using 1:2 with linespoints lw 2 pt 7 title 'pagecache/ext4', $line1 using 1:2 with linespoints lw 2 pt 7 title 'pagecache/xfs', $line2 using 1:2 with linespoints lw 2 pt 7 title 'dax-inode-off/ext4', $line3 using 1:2 with linespoints lw 2 pt 7 title 'dax-inode-off/xfs', $line4 using 1:2 with linespoints lw 2 pt 7 title 'dax-inode/ext4', $line5 using 1:2 with linespoints lw 2 pt 7 title 'dax-inode/xfs'
