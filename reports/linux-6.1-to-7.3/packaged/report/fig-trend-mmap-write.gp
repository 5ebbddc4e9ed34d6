# Rendered by daxbench trend; run `gnuplot fig-trend-mmap-write.gp` to redraw.
set terminal svg size 1000,640 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-trend-mmap-write.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key outside right
set logscale y
set ylabel 'instructions per byte'
set title 'mmap-write: instructions per byte by kernel'
set xrange [-0.3:3.3]
set xtics ('6.1' 0, '6.12' 1, '7.2' 2, '7.3' 3)
$row0 << EOD
0 1.29986
1 1.37955
2 0.327891
3 0.32739
EOD
$row1 << EOD
0 1.12104
1 1.15507
2 0.341097
3 0.343525
EOD
$row2 << EOD
0 2.32515
1 2.33242
2 1.32305
3 1.32355
EOD
$row3 << EOD
0 0.312482
1 0.312931
2 0.312157
3 0.312252
EOD
$row4 << EOD
0 0.312249
1 0.312796
2 0.312033
3 0.312072
EOD
plot $row0 using 1:2 with linespoints title 'mmap-write xfs pagecache seq size:8MiB', \
     $row1 using 1:2 with linespoints title 'mmap-write ext4 pagecache seq size:8MiB', \
     $row2 using 1:2 with linespoints title 'mmap-write anon ref seq size:8MiB', \
     $row3 using 1:2 with linespoints title 'mmap-write ext4 dax-inode seq size:8MiB', \
     $row4 using 1:2 with linespoints title 'mmap-write xfs dax-inode seq size:8MiB'
