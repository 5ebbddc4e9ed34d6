# Rendered by daxbench trend; run `gnuplot fig-trend-flag-switch.gp` to redraw.
set terminal svg size 1000,640 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-trend-flag-switch.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key outside right
set logscale y
set ylabel 'instructions per switch'
set title 'flag-switch: instructions per switch by kernel'
set xrange [-0.3:2.3]
set xtics ('6.1-lab' 0, '6.12-lab' 1, '7.3-lab' 2)
$row0 << EOD
0 4.9097e+06
1 5.1352e+06
2 2.86418e+06
EOD
$row1 << EOD
0 4.01216e+06
1 4.37592e+06
2 2.66654e+06
EOD
$row2 << EOD
0 37242.2
1 36573.3
2 31298.1
EOD
$row3 << EOD
0 31860.5
1 30755.7
2 28941.2
EOD
plot $row0 using 1:2 with linespoints title 'flag-switch ext4 dax-inode size:2MiB', \
     $row1 using 1:2 with linespoints title 'flag-switch xfs dax-inode size:2MiB', \
     $row2 using 1:2 with linespoints title 'flag-switch ext4 pagecache size:2MiB', \
     $row3 using 1:2 with linespoints title 'flag-switch xfs pagecache size:2MiB'
