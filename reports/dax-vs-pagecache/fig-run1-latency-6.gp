# Rendered by daxbench report; run `gnuplot fig-run1-latency-6.gp` to redraw.
set terminal svg size 720,556 dynamic font 'sans,11' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-latency-6.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'Latency CDF: mmap-write/seq/store:64B/temporal/none/prefault:yes/threads:1/size:16MiB, run 1 (dax-vs-pagecache.json)'
$line0 << EOD
767 0.30103
895 1
1151 2
4607 3
186150 4
EOD
$line1 << EOD
767 0.30103
831 1
1151 2
4607 3
160770 4
EOD
$line2 << EOD
703 0.30103
831 1
1151 2
4607 3
141710 4
EOD
$line3 << EOD
703 0.30103
831 1
1151 2
4607 3
132240 4
EOD
$line4 << EOD
767 0.30103
1151 1
1407 2
4607 3
311220 4
EOD
$line5 << EOD
703 0.30103
831 1
1151 2
4607 3
2.36743e+06 4
EOD
$line6 << EOD
703 0.30103
831 1
1023 2
4607 3
2.37254e+06 4
EOD
$line7 << EOD
703 0.30103
831 1
1023 2
4607 3
4.03511e+06 4
EOD
set logscale x
set xlabel 'latency per operation (ns, log scale)'
set ylabel 'percentile'
set ytics ('50%%' 0.30103, '90%%' 1, '99%%' 2, '99.9%%' 3, 'max' 4)
set yrange [0:4.3]
plot $line0 using 1:2 with linespoints lw 2 title 'pagecache/ext4', $line1 using 1:2 with linespoints lw 2 title 'pagecache/xfs', $line2 using 1:2 with linespoints lw 2 title 'dax-inode-off/ext4', $line3 using 1:2 with linespoints lw 2 title 'dax-inode-off/xfs', $line4 using 1:2 with linespoints lw 2 title 'dax-inode/ext4', $line5 using 1:2 with linespoints lw 2 title 'dax-inode/xfs', $line6 using 1:2 with linespoints lw 2 title 'dax-always/ext4', $line7 using 1:2 with linespoints lw 2 title 'dax-always/xfs'
