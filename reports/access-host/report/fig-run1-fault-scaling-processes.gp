# Rendered by daxbench report; run `gnuplot fig-run1-fault-scaling-processes.gp` to redraw.
set terminal svg size 1000,482 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-fault-scaling-processes.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'pages touched/s against processes' font 'sans,14'
$line0 << EOD
1 7.91812 7.76766 8.81437 7.91812 "100%"
2 9.81382 9.18989 11.2596 15.8362 "62%"
3 5.99263 5.58783 6.21272 23.7543 "25%"
4 11.712 10.225 13.8445 31.6725 "37%"
EOD
set yrange [0:*]
set xtics 1
set xlabel 'processes'
set ylabel 'pages touched/s (M)'
plot $line0 using 1:2:3:4 with yerrorlines lw 2 pt 7 lc 1 title 'write/pte/pagecache/ext4', $line0 using 1:5 with lines dt 2 lc 1 title 'linear: write/pte/pagecache/ext4', $line0 using 1:2:6 with labels offset 0,1 font ",9" notitle
