# Rendered by daxbench report; run `gnuplot fig-run1-latency-2.gp` to redraw.
set terminal svg size 720,556 dynamic font 'sans,11' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-latency-2.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'Latency CDF: fault/write/shared/pte/populate:none/threads:1/size:64MiB, run 1 (dax-vs-pagecache.json)'
$line0 << EOD
6143 0.30103
6655 1
12287 2
98303 3
2.41201e+06 4
EOD
$line1 << EOD
6655 0.30103
7167 1
15359 2
122879 3
1.10184e+06 4
EOD
$line2 << EOD
6143 0.30103
6655 1
13311 2
122879 3
2.40109e+06 4
EOD
$line3 << EOD
9215 0.30103
9215 1
22527 2
163839 3
542760 4
EOD
$line4 << EOD
7679 0.30103
9215 1
30719 2
147455 3
532500 4
EOD
$line5 << EOD
6655 0.30103
7167 1
14335 2
147455 3
5.02202e+06 4
EOD
$line6 << EOD
9215 0.30103
9215 1
30719 2
131071 3
519150 4
EOD
$line7 << EOD
6655 0.30103
7167 1
14335 2
147455 3
535320 4
EOD
set logscale x
set xlabel 'latency per operation (ns, log scale)'
set ylabel 'percentile'
set ytics ('50%%' 0.30103, '90%%' 1, '99%%' 2, '99.9%%' 3, 'max' 4)
set yrange [0:4.3]
plot $line0 using 1:2 with linespoints lw 2 title 'pagecache (warm)/ext4', $line1 using 1:2 with linespoints lw 2 title 'pagecache (warm)/xfs', $line2 using 1:2 with linespoints lw 2 title 'dax-inode-off (warm)/ext4', $line3 using 1:2 with linespoints lw 2 title 'dax-inode-off (warm)/xfs', $line4 using 1:2 with linespoints lw 2 title 'dax-inode/ext4', $line5 using 1:2 with linespoints lw 2 title 'dax-inode/xfs', $line6 using 1:2 with linespoints lw 2 title 'dax-always/ext4', $line7 using 1:2 with linespoints lw 2 title 'dax-always/xfs'
