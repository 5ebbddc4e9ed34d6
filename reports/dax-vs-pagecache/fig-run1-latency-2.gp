# Rendered by daxbench report; run `gnuplot fig-run1-latency-2.gp` to redraw.
set terminal svg size 720,556 dynamic font 'sans,11' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-latency-2.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'Latency CDF: fault/write/shared/pte/populate:none/threads:1/size:64MiB, run 1 (dax-vs-pagecache.json)'
$line0 << EOD
9215 0.30103
10239 1
57343 2
360447 3
2.97787e+06 4
EOD
$line1 << EOD
7167 0.30103
7679 1
32767 2
294911 3
1.03999e+06 4
EOD
$line2 << EOD
7679 0.30103
9215 1
22527 2
131071 3
966120 4
EOD
$line3 << EOD
6655 0.30103
7167 1
36863 2
360447 3
4.62227e+06 4
EOD
$line4 << EOD
30719 0.30103
32767 1
163839 2
393215 3
4.38959e+06 4
EOD
$line5 << EOD
24575 0.30103
28671 1
131071 2
393215 3
7.69114e+07 4
EOD
$line6 << EOD
28671 0.30103
36863 1
212991 2
2.62144e+06 3
8.96755e+06 4
EOD
$line7 << EOD
26623 0.30103
32767 1
180223 2
1.17965e+06 3
4.64426e+06 4
EOD
set logscale x
set xlabel 'latency per operation (ns, log scale)'
set ylabel 'percentile'
set ytics ('50%%' 0.30103, '90%%' 1, '99%%' 2, '99.9%%' 3, 'max' 4)
set yrange [0:4.3]
plot $line0 using 1:2 with linespoints lw 2 title 'pagecache (warm)/ext4', $line1 using 1:2 with linespoints lw 2 title 'pagecache (warm)/xfs', $line2 using 1:2 with linespoints lw 2 title 'dax-inode-off (warm)/ext4', $line3 using 1:2 with linespoints lw 2 title 'dax-inode-off (warm)/xfs', $line4 using 1:2 with linespoints lw 2 title 'dax-inode/ext4', $line5 using 1:2 with linespoints lw 2 title 'dax-inode/xfs', $line6 using 1:2 with linespoints lw 2 title 'dax-always/ext4', $line7 using 1:2 with linespoints lw 2 title 'dax-always/xfs'
