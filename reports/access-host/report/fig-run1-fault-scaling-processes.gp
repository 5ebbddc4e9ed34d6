# Rendered by daxbench report; run `gnuplot fig-run1-fault-scaling-processes.gp` to redraw.
set terminal svg size 1000,482 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-fault-scaling-processes.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'pages touched/s against processes' font 'sans,14'
$line0 << EOD
1 14.3701 13.9276 14.3774 14.3701 "100%"
2 17.0636 15.2457 17.5135 28.7403 "59%"
3 17.7158 17.0695 19.2688 43.1104 "41%"
4 19.5298 18.4673 20.4618 57.4805 "34%"
EOD
set yrange [0:*]
set xtics 1
set xlabel 'processes'
set ylabel 'pages touched/s (M)'
plot $line0 using 1:2:3:4 with yerrorlines lw 2 pt 7 lc 1 title 'write/pte/pagecache/ext4', $line0 using 1:5 with lines dt 2 lc 1 title 'linear: write/pte/pagecache/ext4', $line0 using 1:2:6 with labels offset 0,1 font ",9" notitle
