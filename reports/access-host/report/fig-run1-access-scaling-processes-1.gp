# Rendered by daxbench report; run `gnuplot fig-run1-access-scaling-processes-1.gp` to redraw.
set terminal svg size 1000,504 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-access-scaling-processes-1.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'access chase: accesses/s against processes (working_set=16MiB)' font 'sans,14'
$line0 << EOD
1 84.2518 84.0135 84.9771 84.2518 "100%"
2 125.318 110.009 143.05 168.504 "74%"
3 116.274 83.336 119.585 252.755 "46%"
4 92.3191 89.1274 104.738 337.007 "27%"
EOD
$line1 << EOD
1 67.1523 60.2299 74.6493 67.1523 "100%"
2 91.2601 91.0723 108.324 134.305 "68%"
3 86.1461 82.1625 103.071 201.457 "43%"
4 121.091 81.1394 124.837 268.609 "45%"
EOD
$line2 << EOD
1 69.446 39.2298 73.4531 69.446 "100%"
2 111.599 79.3263 136.997 138.892 "80%"
3 101.039 91.0284 106.847 208.338 "48%"
4 86.9081 84.2668 110.342 277.784 "31%"
EOD
set yrange [0:*]
set xtics 1
set xlabel 'processes'
set ylabel 'accesses/s (M)'
plot $line0 using 1:2:3:4 with yerrorlines lw 2 pt 7 lc 1 title 'pmd/anon/ref/anon', $line0 using 1:5 with lines dt 2 lc 1 title 'linear: pmd/anon/ref/anon', $line0 using 1:2:6 with labels offset 0,1 font ",9" notitle, $line1 using 1:2:3:4 with yerrorlines lw 2 pt 7 lc 2 title 'pte/anon/ref/anon', $line1 using 1:5 with lines dt 2 lc 2 title 'linear: pte/anon/ref/anon', $line1 using 1:2:6 with labels offset 0,1 font ",9" notitle, $line2 using 1:2:3:4 with yerrorlines lw 2 pt 7 lc 3 title 'pte/file/pagecache/ext4', $line2 using 1:5 with lines dt 2 lc 3 title 'linear: pte/file/pagecache/ext4', $line2 using 1:2:6 with labels offset 0,1 font ",9" notitle
