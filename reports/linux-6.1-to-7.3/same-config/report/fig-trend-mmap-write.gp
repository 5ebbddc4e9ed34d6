# Rendered by daxbench trend; run `gnuplot fig-trend-mmap-write.gp` to redraw.
set terminal svg size 1000,640 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-trend-mmap-write.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key outside right
set logscale y
set ylabel 'instructions per byte'
set title 'mmap-write: instructions per byte by kernel'
set xrange [-0.3:2.3]
set xtics ('6.1-lab' 0, '6.12-lab' 1, '7.3-lab' 2)
$row0 << EOD
0 1.11019
1 1.27277
2 0.324145
EOD
$row1 << EOD
0 0.952975
1 1.04197
2 0.341164
EOD
$row2 << EOD
0 1.32283
1 1.32532
2 1.31847
EOD
$row3 << EOD
0 0.313607
1 0.315268
2 0.313234
EOD
$row4 << EOD
0 0.313257
1 0.314829
2 0.313242
EOD
plot $row0 using 1:2 with linespoints title 'mmap-write xfs pagecache seq size:8MiB', \
     $row1 using 1:2 with linespoints title 'mmap-write ext4 pagecache seq size:8MiB', \
     $row2 using 1:2 with linespoints title 'mmap-write anon ref seq size:8MiB', \
     $row3 using 1:2 with linespoints title 'mmap-write ext4 dax-inode seq size:8MiB', \
     $row4 using 1:2 with linespoints title 'mmap-write xfs dax-inode seq size:8MiB'
