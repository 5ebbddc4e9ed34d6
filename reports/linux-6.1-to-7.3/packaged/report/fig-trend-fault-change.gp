# Rendered by daxbench trend; run `gnuplot fig-trend-fault-change.gp` to redraw.
set terminal svg size 1000,640 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-trend-fault-change.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key outside right
set ylabel 'change from 6.1 (%)'
set title 'fault: change from 6.1 (%), instructions per fault by kernel'
set xrange [-0.3:3.3]
set xtics ('6.1' 0, '6.12' 1, '7.2' 2, '7.3' 3)
$row0 << EOD
0 0
1 -6.55197
2 -96.8554
3 -96.8771
EOD
$row1 << EOD
0 0
1 -4.169
2 -95.0176
3 -94.7381
EOD
$row2 << EOD
0 0
1 -10.8575
2 -86.564
3 -86.3998
EOD
$row3 << EOD
0 0
1 -10.8766
2 -86.5595
3 -86.3947
EOD
$row4 << EOD
0 0
1 -6.81042
2 318.822
3 393.968
EOD
$row5 << EOD
0 0
1 -74.8759
2 -86.6454
3 -86.4659
EOD
$row6 << EOD
0 0
1 26.0511
2 20.8431
3 27.4056
EOD
$row7 << EOD
0 0
1 25.8402
2 26.7618
3 34.2889
EOD
$row8 << EOD
0 0
1 22.0886
2 22.9121
3 29.3604
EOD
$row9 << EOD
0 0
1 -16.3272
2 -16.205
3 -12.65
EOD
$row10 << EOD
0 0
1 -16.0401
2 -15.0315
3 -12.2912
EOD
$row11 << EOD
0 0
1 -14.6078
2 -13.5435
3 -10.6963
EOD
$row12 << EOD
0 0
1 -14.0034
2 -11.4335
3 -8.33962
EOD
$row13 << EOD
0 0
1 -13.9122
2 -13.6964
3 -10.4963
EOD
$row14 << EOD
0 0
1 -9.94108
2 -11.7833
3 -8.87637
EOD
$row15 << EOD
0 0
1 -8.86554
2 -9.90319
3 -7.04149
EOD
$row16 << EOD
0 0
1 8.71573
2 13.4272
3 20.0978
EOD
$row17 << EOD
0 0
1 7.05461
2 4.75901
3 10.1685
EOD
$row18 << EOD
0 0
1 5.01265
2 7.364
3 13.2367
EOD
plot $row0 using 1:2 with linespoints title 'fault xfs pagecache write size:8MiB (x2) [per page]', \
     $row1 using 1:2 with linespoints title 'fault ext4 pagecache write size:8MiB (x2) [per page]', \
     $row2 using 1:2 with linespoints title 'fault ext4 pagecache pte read size:8MiB [per page]', \
     $row3 using 1:2 with linespoints title 'fault ext4 pagecache pmd read size:8MiB [per page]', \
     $row4 using 1:2 with linespoints title 'fault ext4 pagecache write-after-read size:8MiB (x2) [per page]', \
     $row5 using 1:2 with linespoints title 'fault xfs pagecache read size:8MiB (x2) [per page]', \
     $row6 using 1:2 with linespoints title 'fault ext4 dax-inode pte write-after-read size:8MiB', \
     $row7 using 1:2 with linespoints title 'fault ext4 dax-inode pte read size:8MiB', \
     $row8 using 1:2 with linespoints title 'fault ext4 dax-inode pte write size:8MiB', \
     $row9 using 1:2 with linespoints title 'fault xfs pagecache write-after-read size:8MiB (x2) [per page]', \
     $row10 using 1:2 with linespoints title 'fault ext4 dax-inode pmd read size:8MiB', \
     $row11 using 1:2 with linespoints title 'fault xfs dax-inode pmd read size:8MiB', \
     $row12 using 1:2 with linespoints title 'fault xfs dax-inode pmd write size:8MiB', \
     $row13 using 1:2 with linespoints title 'fault ext4 dax-inode pmd write size:8MiB', \
     $row14 using 1:2 with linespoints title 'fault ext4 dax-inode pmd write-after-read size:8MiB', \
     $row15 using 1:2 with linespoints title 'fault xfs dax-inode pmd write-after-read size:8MiB', \
     $row16 using 1:2 with linespoints title 'fault xfs dax-inode pte write size:8MiB', \
     $row17 using 1:2 with linespoints title 'fault xfs dax-inode pte write-after-read size:8MiB', \
     $row18 using 1:2 with linespoints title 'fault xfs dax-inode pte read size:8MiB'
