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
set xtics ('6.1-lab' 0, '6.12-lab' 1, '7.3-lab' 2)
$row0 << EOD
0 3637.27
1 4006.2
2 114.38
EOD
$row1 << EOD
0 3040.8
1 3450.67
2 190.768
EOD
$row2 << EOD
0 656.527
1 722.38
2 108.092
EOD
$row3 << EOD
0 3032.72
1 3314.06
2 21410.3
EOD
$row4 << EOD
0 664.053
1 214.516
2 108.153
EOD
$row5 << EOD
0 4219.83
1 5309.71
2 5179.6
EOD
$row6 << EOD
0 3772.89
1 4712.39
2 4829.27
EOD
$row7 << EOD
0 4732.02
1 5782.29
2 5961.29
EOD
$row8 << EOD
0 4251.26
1 4600.64
2 4779.94
EOD
$row9 << EOD
0 4530.41
1 4807.48
2 4666.42
EOD
$row10 << EOD
0 4911.51
1 5114.3
2 5178.74
EOD
$row11 << EOD
0 9555.71
1 9246.67
2 9405.11
EOD
$row12 << EOD
0 9756.07
1 9515.5
2 9638.41
EOD
$row13 << EOD
0 10603.8
1 10389
2 10558.2
EOD
$row14 << EOD
0 3593.63
1 3577.17
2 3535.03
EOD
$row15 << EOD
0 8753.27
1 8639.18
2 8535.78
EOD
$row16 << EOD
0 10104.6
1 9957.73
2 10150.7
EOD
$row17 << EOD
0 8588.68
1 8555.21
2 8441.94
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
