# Rendered by daxbench report; run `gnuplot fig-run1-access-scaling-processes-1.gp` to redraw.
set terminal svg size 1000,504 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-access-scaling-processes-1.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'access chase: accesses/s against processes (working_set=16MiB)' font 'sans,14'
$line0 << EOD
1 76.5046 62.641 77.754 76.5046 "100%"
2 149.077 108.218 152.212 153.009 "97%"
3 95.4544 90.0803 110.351 229.514 "42%"
4 107.951 106.251 137.617 306.018 "35%"
EOD
$line1 << EOD
1 60.7887 45.856 63.9633 60.7887 "100%"
2 91.4415 78.1441 122.647 121.577 "75%"
3 69.5844 62.0699 88.2394 182.366 "38%"
4 92.1155 85.3402 93.7315 243.155 "38%"
EOD
$line2 << EOD
1 65.676 49.1003 66.7208 65.676 "100%"
2 93.6579 91.465 97.0024 131.352 "71%"
3 74.0874 49.4241 86.1386 197.028 "38%"
4 80.6491 79.9463 112.819 262.704 "31%"
EOD
set yrange [0:*]
set xtics 1
set xlabel 'processes'
set ylabel 'accesses/s (M)'
plot $line0 using 1:2:3:4 with yerrorlines lw 2 pt 7 lc 1 title 'pmd/anon/ref/anon', $line0 using 1:5 with lines dt 2 lc 1 title 'linear: pmd/anon/ref/anon', $line0 using 1:2:6 with labels offset 0,1 font ",9" notitle, $line1 using 1:2:3:4 with yerrorlines lw 2 pt 7 lc 2 title 'pte/anon/ref/anon', $line1 using 1:5 with lines dt 2 lc 2 title 'linear: pte/anon/ref/anon', $line1 using 1:2:6 with labels offset 0,1 font ",9" notitle, $line2 using 1:2:3:4 with yerrorlines lw 2 pt 7 lc 3 title 'pte/file/pagecache/ext4', $line2 using 1:5 with lines dt 2 lc 3 title 'linear: pte/file/pagecache/ext4', $line2 using 1:2:6 with labels offset 0,1 font ",9" notitle
