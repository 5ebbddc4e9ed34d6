# Rendered by daxbench report; run `gnuplot fig-run1-latency-8.gp` to redraw.
set terminal svg size 720,556 dynamic font 'sans,11' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-latency-8.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'Latency CDF: mmap-write/seq/store:2MiB/temporal/none/prefault:yes/threads:1/size:16MiB, run 1 (dax-vs-pagecache.json)'
$line0 << EOD
393215 0.30103
491519 1
589823 2
655359 3
884500 4
EOD
$line1 << EOD
393215 0.30103
491519 1
589823 2
643260 3
643260 4
EOD
$line2 << EOD
360447 0.30103
458751 1
589823 2
589823 3
759540 4
EOD
$line3 << EOD
360447 0.30103
458751 1
589823 2
655359 3
758280 4
EOD
$line4 << EOD
360447 0.30103
458751 1
655359 2
1.31072e+06 3
2.64677e+06 4
EOD
$line5 << EOD
360447 0.30103
458751 1
655359 2
851967 3
902570 4
EOD
$line6 << EOD
360447 0.30103
458751 1
589823 2
655359 3
703370 4
EOD
$line7 << EOD
360447 0.30103
458751 1
524287 2
589823 3
668100 4
EOD
set logscale x
set xlabel 'latency per operation (ns, log scale)'
set ylabel 'percentile'
set ytics ('50%%' 0.30103, '90%%' 1, '99%%' 2, '99.9%%' 3, 'max' 4)
set yrange [0:4.3]
plot $line0 using 1:2 with linespoints lw 2 title 'pagecache/ext4', $line1 using 1:2 with linespoints lw 2 title 'pagecache/xfs', $line2 using 1:2 with linespoints lw 2 title 'dax-inode-off/ext4', $line3 using 1:2 with linespoints lw 2 title 'dax-inode-off/xfs', $line4 using 1:2 with linespoints lw 2 title 'dax-inode/ext4', $line5 using 1:2 with linespoints lw 2 title 'dax-inode/xfs', $line6 using 1:2 with linespoints lw 2 title 'dax-always/ext4', $line7 using 1:2 with linespoints lw 2 title 'dax-always/xfs'
