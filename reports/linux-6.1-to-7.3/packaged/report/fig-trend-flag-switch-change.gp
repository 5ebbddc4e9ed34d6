# Rendered by daxbench trend; run `gnuplot fig-trend-flag-switch-change.gp` to redraw.
set terminal svg size 1000,640 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-trend-flag-switch-change.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key outside right
set ylabel 'change from 6.1 (%)'
set title 'flag-switch: change from 6.1 (%), instructions per switch by kernel'
set xrange [-0.3:3.3]
set xtics ('6.1' 0, '6.12' 1, '7.2' 2, '7.3' 3)
$row0 << EOD
0 0
1 0.789846
2 -35.1114
3 -34.3627
EOD
$row1 << EOD
0 0
1 3.66012
2 -25.4015
3 -24.4131
EOD
$row2 << EOD
0 0
1 -18.2332
2 -21.3052
3 -19.3994
EOD
$row3 << EOD
0 0
1 -17.2028
2 -22.6997
3 -19.7238
EOD
plot $row0 using 1:2 with linespoints title 'flag-switch ext4 dax-inode size:2MiB', \
     $row1 using 1:2 with linespoints title 'flag-switch xfs dax-inode size:2MiB', \
     $row2 using 1:2 with linespoints title 'flag-switch xfs pagecache size:2MiB', \
     $row3 using 1:2 with linespoints title 'flag-switch ext4 pagecache size:2MiB'
