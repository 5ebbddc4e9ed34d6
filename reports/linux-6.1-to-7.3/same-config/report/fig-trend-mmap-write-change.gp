# Rendered by daxbench trend; run `gnuplot fig-trend-mmap-write-change.gp` to redraw.
set terminal svg size 1000,640 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-trend-mmap-write-change.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key outside right
set ylabel 'change from 6.1-lab (%)'
set title 'mmap-write: change from 6.1-lab (%), instructions per byte by kernel'
set xrange [-0.3:2.3]
set xtics ('6.1-lab' 0, '6.12-lab' 1, '7.3-lab' 2)
$row0 << EOD
0 0
1 14.6443
2 -70.8026
EOD
$row1 << EOD
0 0
1 9.33885
2 -64.2001
EOD
$row2 << EOD
0 0
1 0.187845
2 -0.329677
EOD
$row3 << EOD
0 0
1 0.529488
2 -0.119115
EOD
$row4 << EOD
0 0
1 0.50171
2 -0.00493743
EOD
plot $row0 using 1:2 with linespoints title 'mmap-write xfs pagecache seq size:8MiB', \
     $row1 using 1:2 with linespoints title 'mmap-write ext4 pagecache seq size:8MiB', \
     $row2 using 1:2 with linespoints title 'mmap-write anon ref seq size:8MiB', \
     $row3 using 1:2 with linespoints title 'mmap-write ext4 dax-inode seq size:8MiB', \
     $row4 using 1:2 with linespoints title 'mmap-write xfs dax-inode seq size:8MiB'
