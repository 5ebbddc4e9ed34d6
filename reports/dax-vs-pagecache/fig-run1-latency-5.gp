# Rendered by daxbench report; run `gnuplot fig-run1-latency-5.gp` to redraw.
set terminal svg size 720,556 dynamic font 'sans,11' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-latency-5.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'Latency CDF: fault/write/shared/pmd-misaligned/populate:none/threads:1/size:64MiB, run 1 (dax-vs-pagecache.json)'
$line0 << EOD
6143 0.30103
6655 1
14335 2
131071 3
909480 4
EOD
$line1 << EOD
6655 0.30103
7167 1
20479 2
163839 3
2.39797e+06 4
EOD
$line2 << EOD
6143 0.30103
6655 1
14335 2
122879 3
2.47881e+06 4
EOD
$line3 << EOD
6655 0.30103
7167 1
14335 2
131071 3
708910 4
EOD
$line4 << EOD
9215 0.30103
9215 1
40959 2
147455 3
627500 4
EOD
$line5 << EOD
6655 0.30103
7167 1
14335 2
122879 3
983860 4
EOD
$line6 << EOD
9215 0.30103
9215 1
40959 2
147455 3
516780 4
EOD
$line7 << EOD
6655 0.30103
7167 1
15359 2
147455 3
2.32796e+06 4
EOD
set logscale x
set xlabel 'latency per operation (ns, log scale)'
set ylabel 'percentile'
set ytics ('50%%' 0.30103, '90%%' 1, '99%%' 2, '99.9%%' 3, 'max' 4)
set yrange [0:4.3]
plot $line0 using 1:2 with linespoints lw 2 title 'pagecache (warm)/ext4', $line1 using 1:2 with linespoints lw 2 title 'pagecache (warm)/xfs', $line2 using 1:2 with linespoints lw 2 title 'dax-inode-off (warm)/ext4', $line3 using 1:2 with linespoints lw 2 title 'dax-inode-off (warm)/xfs', $line4 using 1:2 with linespoints lw 2 title 'dax-inode/ext4', $line5 using 1:2 with linespoints lw 2 title 'dax-inode/xfs', $line6 using 1:2 with linespoints lw 2 title 'dax-always/ext4', $line7 using 1:2 with linespoints lw 2 title 'dax-always/xfs'
