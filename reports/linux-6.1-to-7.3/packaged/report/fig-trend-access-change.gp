# Rendered by daxbench trend; run `gnuplot fig-trend-access-change.gp` to redraw.
set terminal svg size 1000,640 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-trend-access-change.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key outside right
set ylabel 'change from 6.1 (%)'
set title 'access: change from 6.1 (%), instructions per access by kernel'
set xrange [-0.3:3.3]
set xtics ('6.1' 0, '6.12' 1, '7.2' 2, '7.3' 3)
$row0 << EOD
0 0
1 0.0131437
2 0.00335055
3 -0.000200693
EOD
$row1 << EOD
0 0
1 -0.0111383
2 -0.016182
3 -0.0598272
EOD
$row2 << EOD
0 0
1 -0.0180091
2 -0.0439308
3 -0.0376613
EOD
$row3 << EOD
0 0
1 -0.00943198
2 0.00323129
3 -0.00766327
EOD
$row4 << EOD
0 0
1 -0.0298915
2 -0.0670714
3 -0.00560147
EOD
$row5 << EOD
0 0
1 0.00116326
2 -0.0134422
3 -0.00692856
EOD
plot $row0 using 1:2 with linespoints title 'access ext4 pagecache pte chase', \
     $row1 using 1:2 with linespoints title 'access xfs pagecache pte chase', \
     $row2 using 1:2 with linespoints title 'access ext4 dax-inode pte chase', \
     $row3 using 1:2 with linespoints title 'access ext4 dax-inode pmd chase', \
     $row4 using 1:2 with linespoints title 'access xfs dax-inode pte chase', \
     $row5 using 1:2 with linespoints title 'access xfs dax-inode pmd chase'
