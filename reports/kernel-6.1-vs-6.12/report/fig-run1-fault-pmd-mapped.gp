# Rendered by daxbench report; run `gnuplot fig-run1-fault-pmd-mapped.gp` to redraw.
set terminal svg size 1000,479 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-fault-pmd-mapped.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'PMD faults that mapped 2 MiB, per page touched' font 'sans,14'
$data << EOD
"pte" 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
"pmd" 0 0 0 0 0 0 0 0 0 0 0 0 0.00195312 0.00195312 0.00195312 0.00195312 0.00195312 0.00195312 0.00195312 0.00195312 0.00195312 0.00195312 0.00195312 0.00195312
EOD
set style data histogram
set style histogram errorbars gap 1 lw 1
set style fill solid 0.75 border -1
set yrange [0:*]
set xtics norotate
set xlabel 'pages'
set ylabel 'pmd_mapped_per_page_touched (median)'
plot $data using 2:3:4:xtic(1) title 'pagecache (warm)/ext4', '' using 5:6:7 title 'pagecache (warm)/xfs', '' using 8:9:10 title 'dax-inode-off (warm)/ext4', '' using 11:12:13 title 'dax-inode-off (warm)/xfs', '' using 14:15:16 title 'dax-inode/ext4', '' using 17:18:19 title 'dax-inode/xfs', '' using 20:21:22 title 'dax-always/ext4', '' using 23:24:25 title 'dax-always/xfs'
