# Rendered by daxbench report; run `gnuplot fig-run1-latency-3.gp` to redraw.
set terminal svg size 720,556 dynamic font 'sans,11' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-latency-3.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'Latency CDF: fault/write-after-read/shared/pte/populate:none/threads:1/size:64MiB, run 1 (dax-vs-pagecache.json)'
$line0 << EOD
5631 0.30103
6143 1
12287 2
81919 3
419820 4
EOD
$line1 << EOD
6143 0.30103
6655 1
12287 2
90111 3
561100 4
EOD
$line2 << EOD
5631 0.30103
6143 1
12287 2
73727 3
478930 4
EOD
$line3 << EOD
6143 0.30103
6655 1
12287 2
98303 3
2.50491e+06 4
EOD
$line4 << EOD
8191 0.30103
9215 1
16383 2
114687 3
2.41968e+06 4
EOD
$line5 << EOD
6655 0.30103
7167 1
14335 2
122879 3
2.44616e+06 4
EOD
$line6 << EOD
9215 0.30103
9215 1
16383 2
147455 3
903060 4
EOD
$line7 << EOD
7167 0.30103
7167 1
14335 2
131071 3
1.34036e+06 4
EOD
set logscale x
set xlabel 'latency per operation (ns, log scale)'
set ylabel 'percentile'
set ytics ('50%%' 0.30103, '90%%' 1, '99%%' 2, '99.9%%' 3, 'max' 4)
set yrange [0:4.3]
plot $line0 using 1:2 with linespoints lw 2 title 'pagecache (warm)/ext4', $line1 using 1:2 with linespoints lw 2 title 'pagecache (warm)/xfs', $line2 using 1:2 with linespoints lw 2 title 'dax-inode-off (warm)/ext4', $line3 using 1:2 with linespoints lw 2 title 'dax-inode-off (warm)/xfs', $line4 using 1:2 with linespoints lw 2 title 'dax-inode/ext4', $line5 using 1:2 with linespoints lw 2 title 'dax-inode/xfs', $line6 using 1:2 with linespoints lw 2 title 'dax-always/ext4', $line7 using 1:2 with linespoints lw 2 title 'dax-always/xfs'
