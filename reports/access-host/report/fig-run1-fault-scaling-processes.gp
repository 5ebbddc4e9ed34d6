# Rendered by daxbench report; run `gnuplot fig-run1-fault-scaling-processes.gp` to redraw.
set terminal svg size 1000,482 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-fault-scaling-processes.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'pages touched/s against processes' font 'sans,14'
$line0 << EOD
1 4.76539 4.20466 4.91957 4.76539 "100%"
2 4.46771 4.19897 6.73757 9.53078 "47%"
3 5.97582 3.23847 6.92199 14.2962 "42%"
4 4.93134 3.40749 6.68622 19.0616 "26%"
EOD
set yrange [0:*]
set xtics 1
set xlabel 'processes'
set ylabel 'pages touched/s (M)'
plot $line0 using 1:2:3:4 with yerrorlines lw 2 pt 7 lc 1 title 'write/pte/pagecache/ext4', $line0 using 1:5 with lines dt 2 lc 1 title 'linear: write/pte/pagecache/ext4', $line0 using 1:2:6 with labels offset 0,1 font ",9" notitle
