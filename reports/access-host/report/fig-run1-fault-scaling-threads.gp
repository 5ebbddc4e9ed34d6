# Rendered by daxbench report; run `gnuplot fig-run1-fault-scaling-threads.gp` to redraw.
set terminal svg size 1000,482 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-fault-scaling-threads.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'pages touched/s against threads' font 'sans,14'
$line0 << EOD
1 4.76539 4.20466 4.91957 4.76539 "100%"
2 4.93766 3.04041 6.99176 9.53078 "52%"
3 4.30496 4.10818 5.47989 14.2962 "30%"
4 6.50896 4.17606 10.5563 19.0616 "34%"
EOD
set yrange [0:*]
set xtics 1
set xlabel 'threads'
set ylabel 'pages touched/s (M)'
plot $line0 using 1:2:3:4 with yerrorlines lw 2 pt 7 lc 1 title 'write/pte/pagecache/ext4', $line0 using 1:5 with lines dt 2 lc 1 title 'linear: write/pte/pagecache/ext4', $line0 using 1:2:6 with labels offset 0,1 font ",9" notitle
