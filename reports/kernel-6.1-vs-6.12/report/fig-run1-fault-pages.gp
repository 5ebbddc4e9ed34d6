# Rendered by daxbench report; run `gnuplot fig-run1-fault-pages.gp` to redraw.
set terminal svg size 1000,479 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-fault-pages.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'Write faults by mapping size: time per page touched' font 'sans,14'
$data << EOD
"pte" 4.2496 4.2482 4.25087 4.84589 4.84517 4.84696 4.24759 4.24626 4.2483 4.84583 4.84528 4.84712 5.22654 5.22506 5.22863 4.61664 4.61533 4.61879 5.24909 5.24862 5.24978 4.65543 4.65391 4.6574
"pmd" 4.24956 4.24845 4.25035 4.84575 4.84526 4.8465 4.24842 4.24706 4.24846 4.84589 4.84523 4.84656 0.0340871 0.0339179 0.0342192 0.0330343 0.0328407 0.0331175 0.0341366 0.0340226 0.034267 0.0329717 0.0328812 0.0330731
EOD
set style data histogram
set style histogram errorbars gap 1 lw 1
set style fill solid 0.75 border -1
set logscale y
set xtics norotate
set xlabel 'pages'
set ylabel 'time per page (k insn-ns)'
plot $data using 2:3:4:xtic(1) title 'pagecache (warm)/ext4', '' using 5:6:7 title 'pagecache (warm)/xfs', '' using 8:9:10 title 'dax-inode-off (warm)/ext4', '' using 11:12:13 title 'dax-inode-off (warm)/xfs', '' using 14:15:16 title 'dax-inode/ext4', '' using 17:18:19 title 'dax-inode/xfs', '' using 20:21:22 title 'dax-always/ext4', '' using 23:24:25 title 'dax-always/xfs'
