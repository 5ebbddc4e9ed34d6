# Rendered by daxbench trend; run `gnuplot fig-trend-fault-change.gp` to redraw.
set terminal svg size 1000,640 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-trend-fault-change.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key outside right
set ylabel 'change from 6.1-lab (%)'
set title 'fault: change from 6.1-lab (%), instructions per fault by kernel'
set xrange [-0.3:2.3]
set xtics ('6.1-lab' 0, '6.12-lab' 1, '7.3-lab' 2)
$row0 << EOD
0 0
1 10.1429
2 -96.8553
EOD
$row1 << EOD
0 0
1 13.479
2 -93.7264
EOD
$row2 << EOD
0 0
1 10.0305
2 -83.5358
EOD
$row3 << EOD
0 0
1 9.27701
2 605.976
EOD
$row4 << EOD
0 0
1 -67.696
2 -83.7132
EOD
$row5 << EOD
0 0
1 25.8275
2 22.7443
EOD
$row6 << EOD
0 0
1 24.9014
2 27.9991
EOD
$row7 << EOD
0 0
1 22.1948
2 25.9776
EOD
$row8 << EOD
0 0
1 8.21834
2 12.4359
EOD
$row9 << EOD
0 0
1 6.11575
2 3.00212
EOD
$row10 << EOD
0 0
1 4.12894
2 5.441
EOD
$row11 << EOD
0 0
1 -3.23402
2 -1.57597
EOD
$row12 << EOD
0 0
1 -2.46588
2 -1.206
EOD
$row13 << EOD
0 0
1 -2.02567
2 -0.430295
EOD
$row14 << EOD
0 0
1 -0.458049
2 -1.63056
EOD
$row15 << EOD
0 0
1 -1.3034
2 -2.4847
EOD
$row16 << EOD
0 0
1 -1.45379
2 0.455676
EOD
$row17 << EOD
0 0
1 -0.389639
2 -1.70853
EOD
plot $row0 using 1:2 with linespoints title 'fault xfs pagecache write size:8MiB (x2) [per page]', \
     $row1 using 1:2 with linespoints title 'fault ext4 pagecache write size:8MiB (x2) [per page]', \
     $row2 using 1:2 with linespoints title 'fault ext4 pagecache read size:8MiB (x2) [per page]', \
     $row3 using 1:2 with linespoints title 'fault ext4 pagecache write-after-read size:8MiB (x2) [per page]', \
     $row4 using 1:2 with linespoints title 'fault xfs pagecache read size:8MiB (x2) [per page]', \
     $row5 using 1:2 with linespoints title 'fault ext4 dax-inode pte write-after-read size:8MiB', \
     $row6 using 1:2 with linespoints title 'fault ext4 dax-inode pte read size:8MiB', \
     $row7 using 1:2 with linespoints title 'fault ext4 dax-inode pte write size:8MiB', \
     $row8 using 1:2 with linespoints title 'fault xfs dax-inode pte write size:8MiB', \
     $row9 using 1:2 with linespoints title 'fault xfs dax-inode pte write-after-read size:8MiB', \
     $row10 using 1:2 with linespoints title 'fault xfs dax-inode pte read size:8MiB', \
     $row11 using 1:2 with linespoints title 'fault ext4 dax-inode pmd read size:8MiB', \
     $row12 using 1:2 with linespoints title 'fault xfs dax-inode pmd read size:8MiB', \
     $row13 using 1:2 with linespoints title 'fault ext4 dax-inode pmd write size:8MiB', \
     $row14 using 1:2 with linespoints title 'fault xfs pagecache write-after-read size:8MiB (x2) [per page]', \
     $row15 using 1:2 with linespoints title 'fault ext4 dax-inode pmd write-after-read size:8MiB', \
     $row16 using 1:2 with linespoints title 'fault xfs dax-inode pmd write size:8MiB', \
     $row17 using 1:2 with linespoints title 'fault xfs dax-inode pmd write-after-read size:8MiB'
