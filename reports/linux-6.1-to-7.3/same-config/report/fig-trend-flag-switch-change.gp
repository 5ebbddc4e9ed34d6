# Rendered by daxbench trend; run `gnuplot fig-trend-flag-switch-change.gp` to redraw.
set terminal svg size 1000,640 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-trend-flag-switch-change.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key outside right
set ylabel 'change from 6.1-lab (%)'
set title 'flag-switch: change from 6.1-lab (%), instructions per switch by kernel'
set xrange [-0.3:2.3]
set xtics ('6.1-lab' 0, '6.12-lab' 1, '7.3-lab' 2)
$row0 << EOD
0 0
1 4.59291
2 -41.6627
EOD
$row1 << EOD
0 0
1 9.06646
2 -33.5385
EOD
$row2 << EOD
0 0
1 -1.79623
2 -15.9606
EOD
$row3 << EOD
0 0
1 -3.46774
2 -9.16295
EOD
plot $row0 using 1:2 with linespoints title 'flag-switch ext4 dax-inode size:2MiB', \
     $row1 using 1:2 with linespoints title 'flag-switch xfs dax-inode size:2MiB', \
     $row2 using 1:2 with linespoints title 'flag-switch ext4 pagecache size:2MiB', \
     $row3 using 1:2 with linespoints title 'flag-switch xfs pagecache size:2MiB'
