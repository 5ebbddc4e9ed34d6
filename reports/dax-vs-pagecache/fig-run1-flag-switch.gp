# Rendered by daxbench report; run `gnuplot fig-run1-flag-switch.gp` to redraw.
set terminal svg size 720,776 dynamic font 'sans,11' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-flag-switch.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'flag-switch time-to-effective, run 1 (dax-vs-pagecache.json)'
$line0 << EOD
49151 0.30103
65535 1
180223 2
458751 3
3.91598e+06 4
EOD
$line1 << EOD
180223 0.30103
294911 1
294911 2
294911 3
1.83008e+06 4
EOD
$line2 << EOD
5.24288e+06 0.30103
5.24288e+06 1
5.24288e+06 2
5.24288e+06 3
5.58595e+06 4
EOD
$line3 << EOD
45055 0.30103
49151 1
180223 2
458751 3
2.66284e+06 4
EOD
$line4 << EOD
147455 0.30103
147455 1
147455 2
147455 3
844660 4
EOD
$line5 << EOD
2.3593e+06 0.30103
2.3593e+06 1
2.3593e+06 2
2.3593e+06 3
3.90131e+06 4
EOD
$line6 << EOD
53247 0.30103
73727 1
262143 2
589823 3
934890 4
EOD
$line7 << EOD
163839 0.30103
180223 1
180223 2
180223 3
644810 4
EOD
$line8 << EOD
720895 0.30103
832870 1
832870 2
832870 3
832870 4
EOD
$line9 << EOD
45055 0.30103
65535 1
262143 2
393215 3
2.57186e+06 4
EOD
$line10 << EOD
163839 0.30103
245759 1
245759 2
245759 3
300930 4
EOD
$line11 << EOD
327679 0.30103
524287 1
524287 2
524287 3
536450 4
EOD
$line12 << EOD
53247 0.30103
81919 1
180223 2
458751 3
1.4657e+06 4
EOD
$line13 << EOD
163839 0.30103
180223 1
180223 2
180223 3
1.48419e+06 4
EOD
$line14 << EOD
4.68604e+06 0.30103
4.68604e+06 1
4.68604e+06 2
4.68604e+06 3
4.68604e+06 4
EOD
$line15 << EOD
45055 0.30103
53247 1
147455 2
458751 3
746590 4
EOD
$line16 << EOD
163839 0.30103
180223 1
180223 2
180223 3
1.11617e+06 4
EOD
$line17 << EOD
2.62144e+06 0.30103
2.88358e+06 1
2.88358e+06 2
2.88358e+06 3
5.28564e+06 4
EOD
set logscale x
set xlabel 'time to effective (ns, log scale)'
set ylabel 'percentile'
set ytics ('50%%' 0.30103, '90%%' 1, '99%%' 2, '99.9%%' 3, 'max' 4)
set yrange [0:4.3]
plot $line0 using 1:2 with linespoints lw 2 title 'holder:none/to-dax/pagecache/ext4', $line1 using 1:2 with linespoints lw 2 title 'holder:fd/hold:20ms/to-dax/pagecache/ext4', $line2 using 1:2 with linespoints lw 2 title 'holder:mmap/hold:20ms/to-dax/pagecache/ext4', $line3 using 1:2 with linespoints lw 2 title 'holder:none/to-dax/pagecache/xfs', $line4 using 1:2 with linespoints lw 2 title 'holder:fd/hold:20ms/to-dax/pagecache/xfs', $line5 using 1:2 with linespoints lw 2 title 'holder:mmap/hold:20ms/to-dax/pagecache/xfs', $line6 using 1:2 with linespoints lw 2 title 'holder:none/to-pagecache/dax-inode/ext4', $line7 using 1:2 with linespoints lw 2 title 'holder:fd/hold:20ms/to-pagecache/dax-inode/ext4', $line8 using 1:2 with linespoints lw 2 title 'holder:mmap/hold:20ms/to-pagecache/dax-inode/ext4', $line9 using 1:2 with linespoints lw 2 title 'holder:none/to-pagecache/dax-inode/xfs', $line10 using 1:2 with linespoints lw 2 title 'holder:fd/hold:20ms/to-pagecache/dax-inode/xfs', $line11 using 1:2 with linespoints lw 2 title 'holder:mmap/hold:20ms/to-pagecache/dax-inode/xfs', $line12 using 1:2 with linespoints lw 2 title 'holder:none/to-dax/dax-inode-off/ext4', $line13 using 1:2 with linespoints lw 2 title 'holder:fd/hold:20ms/to-dax/dax-inode-off/ext4', $line14 using 1:2 with linespoints lw 2 title 'holder:mmap/hold:20ms/to-dax/dax-inode-off/ext4', $line15 using 1:2 with linespoints lw 2 title 'holder:none/to-dax/dax-inode-off/xfs', $line16 using 1:2 with linespoints lw 2 title 'holder:fd/hold:20ms/to-dax/dax-inode-off/xfs', $line17 using 1:2 with linespoints lw 2 title 'holder:mmap/hold:20ms/to-dax/dax-inode-off/xfs'
