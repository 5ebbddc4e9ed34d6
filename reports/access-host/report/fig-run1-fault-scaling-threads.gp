# Rendered by daxbench report; run `gnuplot fig-run1-fault-scaling-threads.gp` to redraw.
set terminal svg size 1000,482 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-fault-scaling-threads.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'pages touched/s against threads' font 'sans,14'
$line0 << EOD
1 7.91812 7.76766 8.81437 7.91812 "100%"
2 10.48 8.23572 10.8783 15.8362 "66%"
3 6.58927 4.90764 6.68747 23.7543 "28%"
4 5.78124 4.48745 9.93761 31.6725 "18%"
EOD
set yrange [0:*]
set xtics 1
set xlabel 'threads'
set ylabel 'pages touched/s (M)'
plot $line0 using 1:2:3:4 with yerrorlines lw 2 pt 7 lc 1 title 'write/pte/pagecache/ext4', $line0 using 1:5 with lines dt 2 lc 1 title 'linear: write/pte/pagecache/ext4', $line0 using 1:2:6 with labels offset 0,1 font ",9" notitle
