# Rendered by daxbench trend; run `gnuplot fig-trend-fault.gp` to redraw.
set terminal svg size 1000,640 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-trend-fault.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key outside right
set logscale y
set ylabel 'instructions per fault'
set title 'fault: instructions per fault by kernel'
set xrange [-0.3:2.3]
set xtics ('6.1' 0, '7.3' 1, 'fix' 2)
$row0 << EOD
0 4695.75
1 118.395
2 118.404
EOD
$row1 << EOD
0 4044.07
1 194.713
2 194.681
EOD
$row2 << EOD
0 1122.82
1 126.804
2 126.984
EOD
$row3 << EOD
0 1114.84
1 126.841
2 126.883
EOD
$row4 << EOD
0 4116.54
1 21441.4
2 21437.9
EOD
$row5 << EOD
0 4733.97
1 3559.24
2 3559.98
EOD
$row6 << EOD
0 5303.72
1 5183.35
2 4285.53
EOD
$row7 << EOD
0 4655.33
1 5117.38
2 4348.15
EOD
$row8 << EOD
0 4148.41
1 4794.35
2 4077.48
EOD
$row9 << EOD
0 5200.85
1 5898.23
2 5136.24
EOD
$row10 << EOD
0 4918.16
1 4671.34
2 4248.04
EOD
$row11 << EOD
0 4600.47
1 4753.93
2 4742.81
EOD
plot $row0 using 1:2 with linespoints title 'xfs dax-inode-off write', \
     $row1 using 1:2 with linespoints title 'ext4 dax-inode-off write', \
     $row2 using 1:2 with linespoints title 'xfs dax-inode-off read', \
     $row3 using 1:2 with linespoints title 'ext4 dax-inode-off read', \
     $row4 using 1:2 with linespoints title 'ext4 dax-inode-off write-after-read', \
     $row5 using 1:2 with linespoints title 'xfs dax-inode-off write-after-read', \
     $row6 using 1:2 with linespoints title 'xfs dax-inode read', \
     $row7 using 1:2 with linespoints title 'ext4 dax-inode write-after-read', \
     $row8 using 1:2 with linespoints title 'ext4 dax-inode read', \
     $row9 using 1:2 with linespoints title 'ext4 dax-inode write', \
     $row10 using 1:2 with linespoints title 'xfs dax-inode write-after-read', \
     $row11 using 1:2 with linespoints title 'xfs dax-inode write'
