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
set xrange [-0.3:3.3]
set xtics ('6.1' 0, '6.12' 1, '7.2' 2, '7.3' 3)
$row0 << EOD
0 7.78171e+06
1 7.84317e+06
2 5.04944e+06
3 5.1077e+06
EOD
$row1 << EOD
0 6.5316e+06
1 6.77066e+06
2 4.87247e+06
3 4.93703e+06
EOD
$row2 << EOD
0 41064.2
1 33576.9
2 32315.4
3 33098
EOD
$row3 << EOD
0 45763.9
1 37891.2
2 35375.6
3 36737.5
EOD
plot $row0 using 1:2 with linespoints title 'flag-switch ext4 dax-inode size:2MiB', \
     $row1 using 1:2 with linespoints title 'flag-switch xfs dax-inode size:2MiB', \
     $row2 using 1:2 with linespoints title 'flag-switch xfs pagecache size:2MiB', \
     $row3 using 1:2 with linespoints title 'flag-switch ext4 pagecache size:2MiB'
