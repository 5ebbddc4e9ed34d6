# Rendered by daxbench report; run `gnuplot fig-run1-flag-switch-latency-3.gp` to redraw.
set terminal svg size 1000,474 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-flag-switch-latency-3.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'Time to effective past the holder’s release: 20ms/mmap' font 'sans,14'
$line0 << EOD
5.24288 0.30103
5.24288 1
5.24288 2
5.24288 3
5.58595 4
EOD
$line1 << EOD
2.35929 0.30103
2.35929 1
2.35929 2
2.35929 3
3.90131 4
EOD
$line2 << EOD
4.68604 0.30103
4.68604 1
4.68604 2
4.68604 3
4.68604 4
EOD
$line3 << EOD
2.62144 0.30103
2.88358 1
2.88358 2
2.88358 3
5.28564 4
EOD
$line4 << EOD
0.720895 0.30103
0.83287 1
0.83287 2
0.83287 3
0.83287 4
EOD
$line5 << EOD
0.327679 0.30103
0.524287 1
0.524287 2
0.524287 3
0.53645 4
EOD
set logscale x
set xlabel 'latency per switch (ms, log scale)'
set ylabel 'percentile'
set ytics ('50%%' 0.30103, '90%%' 1, '99%%' 2, '99.9%%' 3, 'max' 4)
set yrange [0:4.3]
plot $line0 using 1:2 with linespoints lw 2 pt 7 title 'pagecache/ext4', $line1 using 1:2 with linespoints lw 2 pt 7 title 'pagecache/xfs', $line2 using 1:2 with linespoints lw 2 pt 7 title 'dax-inode-off/ext4', $line3 using 1:2 with linespoints lw 2 pt 7 title 'dax-inode-off/xfs', $line4 using 1:2 with linespoints lw 2 pt 7 title 'dax-inode/ext4', $line5 using 1:2 with linespoints lw 2 pt 7 title 'dax-inode/xfs'
