# Rendered by daxbench report; run `gnuplot fig-run1-latency-5.gp` to redraw.
set terminal svg size 720,556 dynamic font 'sans,11' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-latency-5.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'Latency CDF: fault/write/shared/pmd-misaligned/populate:none/threads:1/size:64MiB, run 1 (dax-vs-pagecache.json)'
$line0 << EOD
9215 0.30103
10239 1
24575 2
131071 3
497120 4
EOD
$line1 << EOD
6655 0.30103
7679 1
53247 2
196607 3
944650 4
EOD
$line2 << EOD
9215 0.30103
10239 1
24575 2
163839 3
574140 4
EOD
$line3 << EOD
6655 0.30103
7679 1
16383 2
147455 3
2.65761e+06 4
EOD
$line4 << EOD
28671 0.30103
36863 1
196607 2
5.24288e+06 3
1.23544e+07 4
EOD
$line5 << EOD
24575 0.30103
28671 1
180223 2
4.71859e+06 3
1.02734e+07 4
EOD
$line6 << EOD
26623 0.30103
30719 1
147455 2
360447 3
896450 4
EOD
$line7 << EOD
24575 0.30103
28671 1
131071 2
393215 3
1.19714e+06 4
EOD
set logscale x
set xlabel 'latency per operation (ns, log scale)'
set ylabel 'percentile'
set ytics ('50%%' 0.30103, '90%%' 1, '99%%' 2, '99.9%%' 3, 'max' 4)
set yrange [0:4.3]
plot $line0 using 1:2 with linespoints lw 2 title 'pagecache (warm)/ext4', $line1 using 1:2 with linespoints lw 2 title 'pagecache (warm)/xfs', $line2 using 1:2 with linespoints lw 2 title 'dax-inode-off (warm)/ext4', $line3 using 1:2 with linespoints lw 2 title 'dax-inode-off (warm)/xfs', $line4 using 1:2 with linespoints lw 2 title 'dax-inode/ext4', $line5 using 1:2 with linespoints lw 2 title 'dax-inode/xfs', $line6 using 1:2 with linespoints lw 2 title 'dax-always/ext4', $line7 using 1:2 with linespoints lw 2 title 'dax-always/xfs'
