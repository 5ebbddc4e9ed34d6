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
set xrange [-0.3:2.3]
set xtics ('6.1-lab' 0, '6.12-lab' 1, '7.3-lab' 2)
$row0 << EOD
0 4.01172
1 4.01406
2 4.01392
EOD
$row1 << EOD
0 4.01278
1 4.01283
2 4.01585
EOD
$row2 << EOD
0 4.01234
1 4.01406
2 4.01378
EOD
$row3 << EOD
0 4.01165
1 4.01278
2 4.01536
EOD
$row4 << EOD
0 4.01206
1 4.01369
2 4.01527
EOD
$row5 << EOD
0 4.01216
1 4.01315
2 4.01528
EOD
plot $row0 using 1:2 with linespoints title 'access ext4 pagecache pte chase', \
     $row1 using 1:2 with linespoints title 'access xfs pagecache pte chase', \
     $row2 using 1:2 with linespoints title 'access ext4 dax-inode pte chase', \
     $row3 using 1:2 with linespoints title 'access ext4 dax-inode pmd chase', \
     $row4 using 1:2 with linespoints title 'access xfs dax-inode pte chase', \
     $row5 using 1:2 with linespoints title 'access xfs dax-inode pmd chase'
