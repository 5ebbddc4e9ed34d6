# Rendered by daxbench report; run `gnuplot fig-run1-latency-3.gp` to redraw.
set terminal svg size 720,556 dynamic font 'sans,11' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-latency-3.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'Latency CDF: fault/write-after-read/shared/pte/populate:none/threads:1/size:64MiB, run 1 (dax-vs-pagecache.json)'
$line0 << EOD
8191 0.30103
9215 1
22527 2
163839 3
2.1261e+06 4
EOD
$line1 << EOD
5631 0.30103
8191 1
16383 2
245759 3
757640 4
EOD
$line2 << EOD
8191 0.30103
9215 1
18431 2
106495 3
581410 4
EOD
$line3 << EOD
6143 0.30103
6655 1
15359 2
147455 3
5.20806e+06 4
EOD
$line4 << EOD
36863 0.30103
40959 1
114687 2
393215 3
4.36344e+06 4
EOD
$line5 << EOD
30719 0.30103
36863 1
114687 2
360447 3
4.34308e+06 4
EOD
$line6 << EOD
36863 0.30103
40959 1
131071 2
360447 3
526080 4
EOD
$line7 << EOD
30719 0.30103
36863 1
106495 2
360447 3
1.87654e+06 4
EOD
set logscale x
set xlabel 'latency per operation (ns, log scale)'
set ylabel 'percentile'
set ytics ('50%%' 0.30103, '90%%' 1, '99%%' 2, '99.9%%' 3, 'max' 4)
set yrange [0:4.3]
plot $line0 using 1:2 with linespoints lw 2 title 'pagecache (warm)/ext4', $line1 using 1:2 with linespoints lw 2 title 'pagecache (warm)/xfs', $line2 using 1:2 with linespoints lw 2 title 'dax-inode-off (warm)/ext4', $line3 using 1:2 with linespoints lw 2 title 'dax-inode-off (warm)/xfs', $line4 using 1:2 with linespoints lw 2 title 'dax-inode/ext4', $line5 using 1:2 with linespoints lw 2 title 'dax-inode/xfs', $line6 using 1:2 with linespoints lw 2 title 'dax-always/ext4', $line7 using 1:2 with linespoints lw 2 title 'dax-always/xfs'
