# Rendered by daxbench report; run `gnuplot fig-run1-latency-1.gp` to redraw.
set terminal svg size 720,556 dynamic font 'sans,11' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-latency-1.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'Latency CDF: fault/read/shared/pte/populate:none/threads:1/size:64MiB, run 1 (dax-vs-pagecache.json)'
$line0 << EOD
959 0.30103
1151 1
12287 2
45055 3
2.59894e+06 4
EOD
$line1 << EOD
1023 0.30103
1279 1
13311 2
40959 3
257260 4
EOD
$line2 << EOD
959 0.30103
1151 1
11263 2
28671 3
252170 4
EOD
$line3 << EOD
959 0.30103
1151 1
12287 2
53247 3
1.62174e+06 4
EOD
$line4 << EOD
6143 0.30103
6655 1
14335 2
114687 3
466090 4
EOD
$line5 << EOD
7167 0.30103
7679 1
16383 2
114687 3
1.23826e+06 4
EOD
$line6 << EOD
6143 0.30103
6655 1
12287 2
106495 3
420000 4
EOD
$line7 << EOD
7167 0.30103
7679 1
14335 2
147455 3
418850 4
EOD
set logscale x
set xlabel 'latency per operation (ns, log scale)'
set ylabel 'percentile'
set ytics ('50%%' 0.30103, '90%%' 1, '99%%' 2, '99.9%%' 3, 'max' 4)
set yrange [0:4.3]
plot $line0 using 1:2 with linespoints lw 2 title 'pagecache (warm)/ext4', $line1 using 1:2 with linespoints lw 2 title 'pagecache (warm)/xfs', $line2 using 1:2 with linespoints lw 2 title 'dax-inode-off (warm)/ext4', $line3 using 1:2 with linespoints lw 2 title 'dax-inode-off (warm)/xfs', $line4 using 1:2 with linespoints lw 2 title 'dax-inode/ext4', $line5 using 1:2 with linespoints lw 2 title 'dax-inode/xfs', $line6 using 1:2 with linespoints lw 2 title 'dax-always/ext4', $line7 using 1:2 with linespoints lw 2 title 'dax-always/xfs'
