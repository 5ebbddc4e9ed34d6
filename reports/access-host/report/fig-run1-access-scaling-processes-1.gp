# Rendered by daxbench report; run `gnuplot fig-run1-access-scaling-processes-1.gp` to redraw.
set terminal svg size 1000,504 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-access-scaling-processes-1.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'access chase: accesses/s against processes (working_set=16MiB)' font 'sans,14'
$line0 << EOD
1 27.0403 26.5068 27.4594 27.0403 "100%"
2 57.9825 56.088 62.6823 54.0807 "107%"
3 46.2894 39.2541 47.629 81.121 "57%"
4 52.0579 50.7668 53.4187 108.161 "48%"
EOD
$line1 << EOD
1 28.6657 25.4402 30.3943 28.6657 "100%"
2 48.3932 42.8312 53.5799 57.3315 "84%"
3 37.3284 37.0361 39.3232 85.9972 "43%"
4 39.48 37.5082 46.6976 114.663 "34%"
EOD
$line2 << EOD
1 33.662 32.5724 38.1855 33.662 "100%"
2 54.6519 49.9203 58.3462 67.3241 "81%"
3 35.5926 34.0083 39.4381 100.986 "35%"
4 54.2145 39.4337 56.6565 134.648 "40%"
EOD
set yrange [0:*]
set xtics 1
set xlabel 'processes'
set ylabel 'accesses/s (M)'
plot $line0 using 1:2:3:4 with yerrorlines lw 2 pt 7 lc 1 title 'pmd/anon/ref/anon', $line0 using 1:5 with lines dt 2 lc 1 title 'linear: pmd/anon/ref/anon', $line0 using 1:2:6 with labels offset 0,1 font ",9" notitle, $line1 using 1:2:3:4 with yerrorlines lw 2 pt 7 lc 2 title 'pte/anon/ref/anon', $line1 using 1:5 with lines dt 2 lc 2 title 'linear: pte/anon/ref/anon', $line1 using 1:2:6 with labels offset 0,1 font ",9" notitle, $line2 using 1:2:3:4 with yerrorlines lw 2 pt 7 lc 3 title 'pte/file/pagecache/ext4', $line2 using 1:5 with lines dt 2 lc 3 title 'linear: pte/file/pagecache/ext4', $line2 using 1:2:6 with labels offset 0,1 font ",9" notitle
