# Rendered by daxbench trend; run `gnuplot fig-trend-mmap-write-change.gp` to redraw.
set terminal svg size 1000,640 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-trend-mmap-write-change.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key outside right
set ylabel 'change from 6.1 (%)'
set title 'mmap-write: change from 6.1 (%), instructions per byte by kernel'
set xrange [-0.3:3.3]
set xtics ('6.1' 0, '6.12' 1, '7.2' 2, '7.3' 3)
$row0 << EOD
0 0
1 6.13042
2 -74.775
3 -74.8135
EOD
$row1 << EOD
0 0
1 3.0354
2 -69.5731
3 -69.3565
EOD
$row2 << EOD
0 0
1 0.312677
2 -43.0985
3 -43.0768
EOD
$row3 << EOD
0 0
1 0.143507
2 -0.104206
3 -0.0738671
EOD
$row4 << EOD
0 0
1 0.175187
2 -0.0691779
3 -0.0564335
EOD
plot $row0 using 1:2 with linespoints title 'mmap-write xfs pagecache seq size:8MiB', \
     $row1 using 1:2 with linespoints title 'mmap-write ext4 pagecache seq size:8MiB', \
     $row2 using 1:2 with linespoints title 'mmap-write anon ref seq size:8MiB', \
     $row3 using 1:2 with linespoints title 'mmap-write ext4 dax-inode seq size:8MiB', \
     $row4 using 1:2 with linespoints title 'mmap-write xfs dax-inode seq size:8MiB'
