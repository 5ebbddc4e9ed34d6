# Rendered by daxbench report; run `gnuplot fig-run1-fault-scaling-threads.gp` to redraw.
set terminal svg size 1000,482 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-fault-scaling-threads.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'pages touched/s against threads' font 'sans,14'
$line0 << EOD
1 11.4759 10.2281 11.7128 11.4759 "100%"
2 12.6435 11.9123 12.7914 22.9517 "55%"
3 11.899 11.0117 12.9555 34.4276 "35%"
4 13.4311 12.2674 14.3849 45.9034 "29%"
EOD
set yrange [0:*]
set xtics 1
set xlabel 'threads'
set ylabel 'pages touched/s (M)'
plot $line0 using 1:2:3:4 with yerrorlines lw 2 pt 7 lc 1 title 'write/pte/pagecache/ext4', $line0 using 1:5 with lines dt 2 lc 1 title 'linear: write/pte/pagecache/ext4', $line0 using 1:2:6 with labels offset 0,1 font ",9" notitle
