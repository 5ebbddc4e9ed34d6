# Rendered by daxbench report; run `gnuplot fig-run1-flag-switch.gp` to redraw.
set terminal svg size 720,776 dynamic font 'sans,11' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-flag-switch.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'flag-switch time-to-effective, run 1 (dax-vs-pagecache.json)'
$line0 << EOD
57343 0.30103
65535 1
212991 2
720895 3
2.31482e+06 4
EOD
$line1 << EOD
327679 0.30103
393215 1
393215 2
393215 3
2.2693e+06 4
EOD
$line2 << EOD
6.29146e+06 0.30103
6.29146e+06 1
6.29146e+06 2
6.29146e+06 3
6.46985e+06 4
EOD
$line3 << EOD
49151 0.30103
53247 1
360447 2
589823 3
1.24305e+06 4
EOD
$line4 << EOD
229375 0.30103
393215 1
393215 2
393215 3
1.21497e+06 4
EOD
$line5 << EOD
2.88358e+06 0.30103
2.88358e+06 1
2.88358e+06 2
2.88358e+06 3
4.09604e+06 4
EOD
$line6 << EOD
57343 0.30103
65535 1
245759 2
655359 3
1.28376e+06 4
EOD
$line7 << EOD
262143 0.30103
294911 1
294911 2
294911 3
4.01495e+06 4
EOD
$line8 << EOD
2.62144e+06 0.30103
3.14573e+06 1
3.14573e+06 2
3.14573e+06 3
7.01292e+06 4
EOD
$line9 << EOD
53247 0.30103
57343 1
212991 2
491519 3
524010 4
EOD
$line10 << EOD
229375 0.30103
262143 1
262143 2
262143 3
269660 4
EOD
$line11 << EOD
425983 0.30103
524287 1
524287 2
524287 3
558860 4
EOD
$line12 << EOD
53247 0.30103
57343 1
294911 2
655359 3
1.84835e+06 4
EOD
$line13 << EOD
229375 0.30103
262143 1
262143 2
262143 3
3.75673e+06 4
EOD
$line14 << EOD
5.33643e+06 0.30103
5.33643e+06 1
5.33643e+06 2
5.33643e+06 3
5.33643e+06 4
EOD
$line15 << EOD
49151 0.30103
53247 1
327679 2
524287 3
902910 4
EOD
$line16 << EOD
196607 0.30103
262143 1
262143 2
262143 3
1.26029e+06 4
EOD
$line17 << EOD
2.88358e+06 0.30103
3.14573e+06 1
3.14573e+06 2
3.14573e+06 3
4.42666e+06 4
EOD
set logscale x
set xlabel 'time to effective (ns, log scale)'
set ylabel 'percentile'
set ytics ('50%%' 0.30103, '90%%' 1, '99%%' 2, '99.9%%' 3, 'max' 4)
set yrange [0:4.3]
plot $line0 using 1:2 with linespoints lw 2 title 'holder:none/to-dax/pagecache/ext4', $line1 using 1:2 with linespoints lw 2 title 'holder:fd/hold:20ms/to-dax/pagecache/ext4', $line2 using 1:2 with linespoints lw 2 title 'holder:mmap/hold:20ms/to-dax/pagecache/ext4', $line3 using 1:2 with linespoints lw 2 title 'holder:none/to-dax/pagecache/xfs', $line4 using 1:2 with linespoints lw 2 title 'holder:fd/hold:20ms/to-dax/pagecache/xfs', $line5 using 1:2 with linespoints lw 2 title 'holder:mmap/hold:20ms/to-dax/pagecache/xfs', $line6 using 1:2 with linespoints lw 2 title 'holder:none/to-pagecache/dax-inode/ext4', $line7 using 1:2 with linespoints lw 2 title 'holder:fd/hold:20ms/to-pagecache/dax-inode/ext4', $line8 using 1:2 with linespoints lw 2 title 'holder:mmap/hold:20ms/to-pagecache/dax-inode/ext4', $line9 using 1:2 with linespoints lw 2 title 'holder:none/to-pagecache/dax-inode/xfs', $line10 using 1:2 with linespoints lw 2 title 'holder:fd/hold:20ms/to-pagecache/dax-inode/xfs', $line11 using 1:2 with linespoints lw 2 title 'holder:mmap/hold:20ms/to-pagecache/dax-inode/xfs', $line12 using 1:2 with linespoints lw 2 title 'holder:none/to-dax/dax-inode-off/ext4', $line13 using 1:2 with linespoints lw 2 title 'holder:fd/hold:20ms/to-dax/dax-inode-off/ext4', $line14 using 1:2 with linespoints lw 2 title 'holder:mmap/hold:20ms/to-dax/dax-inode-off/ext4', $line15 using 1:2 with linespoints lw 2 title 'holder:none/to-dax/dax-inode-off/xfs', $line16 using 1:2 with linespoints lw 2 title 'holder:fd/hold:20ms/to-dax/dax-inode-off/xfs', $line17 using 1:2 with linespoints lw 2 title 'holder:mmap/hold:20ms/to-dax/dax-inode-off/xfs'
