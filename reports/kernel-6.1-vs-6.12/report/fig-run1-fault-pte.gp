# Rendered by daxbench report; run `gnuplot fig-run1-fault-pte.gp` to redraw.
set terminal svg size 1000,544 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-fault-pte.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title '4 KiB faults: time per page touched' font 'sans,14'
$data << EOD
"read" 1.13681 1.1358 1.1371 1.1449 1.14467 1.14511 1.13726 1.13708 1.13748 1.14491 1.1448 1.14525 4.17695 4.17671 4.18056 5.2779 5.27762 5.2807 4.19859 4.19842 4.19887 5.31689 5.31659 5.32016
"write" 4.2496 4.2482 4.25087 4.84589 4.84517 4.84696 4.24759 4.24626 4.2483 4.84583 4.84528 4.84712 5.22654 5.22506 5.22863 4.61664 4.61533 4.61879 5.24909 5.24862 5.24978 4.65543 4.65391 4.6574
"write-after-read" 4.32324 4.32239 4.32603 4.88843 4.88652 4.88946 4.32273 4.32241 4.3241 4.88723 4.8864 4.88794 9.33878 9.33685 9.34163 9.85258 9.83961 9.85302 9.38254 9.3809 9.38578 9.92987 9.91457 9.93155
EOD
set style data histogram
set style histogram errorbars gap 1 lw 1
set style fill solid 0.75 border -1
set yrange [0:*]
set xtics rotate by 30 right
set xlabel 'access'
set ylabel 'time per page (k insn-ns)'
plot $data using 2:3:4:xtic(1) title 'pagecache (warm)/ext4', '' using 5:6:7 title 'pagecache (warm)/xfs', '' using 8:9:10 title 'dax-inode-off (warm)/ext4', '' using 11:12:13 title 'dax-inode-off (warm)/xfs', '' using 14:15:16 title 'dax-inode/ext4', '' using 17:18:19 title 'dax-inode/xfs', '' using 20:21:22 title 'dax-always/ext4', '' using 23:24:25 title 'dax-always/xfs'
