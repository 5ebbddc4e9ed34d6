# Rendered by daxbench report; run `gnuplot fig-run1-fault-scaling-threads.gp` to redraw.
set terminal svg size 1000,482 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-fault-scaling-threads.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'pages touched/s against threads' font 'sans,14'
$line0 << EOD
1 14.3701 13.9276 14.3774 14.3701 "100%"
2 15.1883 14.4343 15.3465 28.7403 "53%"
3 10.7959 10.2502 15.2331 43.1104 "25%"
4 12.8255 11.9332 14.5445 57.4805 "22%"
EOD
set yrange [0:*]
set xtics 1
set xlabel 'threads'
set ylabel 'pages touched/s (M)'
plot $line0 using 1:2:3:4 with yerrorlines lw 2 pt 7 lc 1 title 'write/pte/pagecache/ext4', $line0 using 1:5 with lines dt 2 lc 1 title 'linear: write/pte/pagecache/ext4', $line0 using 1:2:6 with labels offset 0,1 font ",9" notitle
