# Rendered by daxbench trend; run `gnuplot fig-trend-access-change.gp` to redraw.
set terminal svg size 1000,640 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-trend-access-change.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key outside right
set ylabel 'change from 6.1-lab (%)'
set title 'access: change from 6.1-lab (%), instructions per access by kernel'
set xrange [-0.3:2.3]
set xtics ('6.1-lab' 0, '6.12-lab' 1, '7.3-lab' 2)
$row0 << EOD
0 0
1 0.0582317
2 0.0547745
EOD
$row1 << EOD
0 0
1 0.00129694
2 0.0766859
EOD
$row2 << EOD
0 0
1 0.0429498
2 0.0361044
EOD
$row3 << EOD
0 0
1 0.0281366
2 0.0925503
EOD
$row4 << EOD
0 0
1 0.0406878
2 0.0799664
EOD
$row5 << EOD
0 0
1 0.0247679
2 0.0778998
EOD
plot $row0 using 1:2 with linespoints title 'access ext4 pagecache pte chase', \
     $row1 using 1:2 with linespoints title 'access xfs pagecache pte chase', \
     $row2 using 1:2 with linespoints title 'access ext4 dax-inode pte chase', \
     $row3 using 1:2 with linespoints title 'access ext4 dax-inode pmd chase', \
     $row4 using 1:2 with linespoints title 'access xfs dax-inode pte chase', \
     $row5 using 1:2 with linespoints title 'access xfs dax-inode pmd chase'
