# Rendered by daxbench trend; run `gnuplot fig-trend-access.gp` to redraw.
set terminal svg size 1000,640 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-trend-access.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key outside right
set logscale y
set ylabel 'instructions per access'
set title 'access: instructions per access by kernel'
set xrange [-0.3:3.3]
set xtics ('6.1' 0, '6.12' 1, '7.2' 2, '7.3' 3)
$row0 << EOD
0 4.00518
1 4.00571
2 4.00532
3 4.00518
EOD
$row1 << EOD
0 4.00585
1 4.0054
2 4.0052
3 4.00345
EOD
$row2 << EOD
0 4.00492
1 4.0042
2 4.00316
3 4.00341
EOD
$row3 << EOD
0 4.00543
1 4.00505
2 4.00556
3 4.00512
EOD
$row4 << EOD
0 4.00584
1 4.00464
2 4.00315
3 4.00561
EOD
$row5 << EOD
0 4.00544
1 4.00549
2 4.0049
3 4.00516
EOD
plot $row0 using 1:2 with linespoints title 'access ext4 pagecache pte chase', \
     $row1 using 1:2 with linespoints title 'access xfs pagecache pte chase', \
     $row2 using 1:2 with linespoints title 'access ext4 dax-inode pte chase', \
     $row3 using 1:2 with linespoints title 'access ext4 dax-inode pmd chase', \
     $row4 using 1:2 with linespoints title 'access xfs dax-inode pte chase', \
     $row5 using 1:2 with linespoints title 'access xfs dax-inode pmd chase'
