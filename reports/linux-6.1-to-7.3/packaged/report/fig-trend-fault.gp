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
set xrange [-0.3:3.3]
set xtics ('6.1' 0, '6.12' 1, '7.2' 2, '7.3' 3)
$row0 << EOD
0 4790.11
1 4476.27
2 150.63
3 149.591
EOD
$row1 << EOD
0 4194.66
1 4019.78
2 208.994
3 220.719
EOD
$row2 << EOD
0 1129.13
1 1006.53
2 151.71
3 153.563
EOD
$row3 << EOD
0 1129.38
1 1006.54
2 151.794
3 153.655
EOD
$row4 << EOD
0 4265.86
1 3975.34
2 17866.4
3 21072
EOD
$row5 << EOD
0 1136.87
1 285.628
2 151.824
3 153.865
EOD
$row6 << EOD
0 4617.94
1 5820.97
2 5580.47
3 5883.52
EOD
$row7 << EOD
0 4128.79
1 5195.67
2 5233.72
3 5544.5
EOD
$row8 << EOD
0 5171.21
1 6313.46
2 6356.05
3 6689.5
EOD
$row9 << EOD
0 4825.78
1 4037.86
2 4043.76
3 4215.32
EOD
$row10 << EOD
0 11216.2
1 9417.07
2 9530.2
3 9837.56
EOD
$row11 << EOD
0 11359.7
1 9700.32
2 9821.22
3 10144.7
EOD
$row12 << EOD
0 11653.1
1 10021.3
2 10320.8
3 10681.3
EOD
$row13 << EOD
0 12296.4
1 10585.7
2 10612.2
3 11005.7
EOD
$row14 << EOD
0 9659.6
1 8699.33
2 8521.37
3 8802.17
EOD
$row15 << EOD
0 9462.24
1 8623.36
2 8525.17
3 8795.95
EOD
$row16 << EOD
0 4563.32
1 4961.04
2 5176.04
3 5480.45
EOD
$row17 << EOD
0 4845.17
1 5186.98
2 5075.75
3 5337.85
EOD
$row18 << EOD
0 5232.48
1 5494.76
2 5617.8
3 5925.09
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
