# Rendered by daxbench trend; run `gnuplot fig-trend-fault-change.gp` to redraw.
set terminal svg size 1000,640 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-trend-fault-change.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key outside right
set ylabel 'change from 6.1 (%)'
set title 'fault: change from 6.1 (%), instructions per fault by kernel'
set xrange [-0.3:2.3]
set xtics ('6.1' 0, '7.3' 1, 'fix' 2)
$row0 << EOD
0 0
1 -97.4787
2 -97.4785
EOD
$row1 << EOD
0 0
1 -95.1852
2 -95.186
EOD
$row2 << EOD
0 0
1 -88.7066
2 -88.6907
EOD
$row3 << EOD
0 0
1 -88.6224
2 -88.6187
EOD
$row4 << EOD
0 0
1 420.861
2 420.775
EOD
$row5 << EOD
0 0
1 -24.8149
2 -24.7993
EOD
$row6 << EOD
0 0
1 -2.26965
2 -19.1977
EOD
$row7 << EOD
0 0
1 9.92506
2 -6.59854
EOD
$row8 << EOD
0 0
1 15.5708
2 -1.70985
EOD
$row9 << EOD
0 0
1 13.4088
2 -1.24234
EOD
$row10 << EOD
0 0
1 -5.01855
2 -13.6253
EOD
$row11 << EOD
0 0
1 3.33577
2 3.09407
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
