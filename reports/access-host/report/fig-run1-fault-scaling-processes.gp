# Rendered by daxbench report; run `gnuplot fig-run1-fault-scaling-processes.gp` to redraw.
set terminal svg size 1000,482 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-fault-scaling-processes.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'pages touched/s against processes' font 'sans,14'
$line0 << EOD
1 11.4759 10.2281 11.7128 11.4759 "100%"
2 19.5327 18.9559 20.5532 22.9517 "85%"
3 13.8604 12.1063 14.2053 34.4276 "40%"
4 18.3322 17.4075 19.2775 45.9034 "40%"
EOD
set yrange [0:*]
set xtics 1
set xlabel 'processes'
set ylabel 'pages touched/s (M)'
plot $line0 using 1:2:3:4 with yerrorlines lw 2 pt 7 lc 1 title 'write/pte/pagecache/ext4', $line0 using 1:5 with lines dt 2 lc 1 title 'linear: write/pte/pagecache/ext4', $line0 using 1:2:6 with labels offset 0,1 font ",9" notitle
