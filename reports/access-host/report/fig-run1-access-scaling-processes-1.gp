# Rendered by daxbench report; run `gnuplot fig-run1-access-scaling-processes-1.gp` to redraw.
set terminal svg size 1000,504 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-access-scaling-processes-1.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'access chase: accesses/s against processes (working_set=16MiB)' font 'sans,14'
$line0 << EOD
1 33.1793 32.4746 42.1716 33.1793 "100%"
2 41.9935 36.6102 42.3831 66.3585 "63%"
3 22.6531 7.47241 26.3615 99.5378 "23%"
4 16.8925 12.3816 28.3338 132.717 "13%"
EOD
$line1 << EOD
1 28.0476 27.6792 28.2502 28.0476 "100%"
2 52.8471 49.77 59.2523 56.0951 "94%"
3 53.0189 43.8088 54.5276 84.1427 "63%"
4 45.7562 40.6963 50.3385 112.19 "41%"
EOD
$line2 << EOD
1 29.0081 26.5249 31.6296 29.0081 "100%"
2 50.9848 47.8822 52.1571 58.0162 "88%"
3 46.1377 45.2788 48.6959 87.0242 "53%"
4 46.6937 42.2128 51.2901 116.032 "40%"
EOD
set yrange [0:*]
set xtics 1
set xlabel 'processes'
set ylabel 'accesses/s (M)'
plot $line0 using 1:2:3:4 with yerrorlines lw 2 pt 7 lc 1 title 'pmd/anon/pagecache/ext4', $line0 using 1:5 with lines dt 2 lc 1 title 'linear: pmd/anon/pagecache/ext4', $line0 using 1:2:6 with labels offset 0,1 font ",9" notitle, $line1 using 1:2:3:4 with yerrorlines lw 2 pt 7 lc 2 title 'pte/anon/pagecache/ext4', $line1 using 1:5 with lines dt 2 lc 2 title 'linear: pte/anon/pagecache/ext4', $line1 using 1:2:6 with labels offset 0,1 font ",9" notitle, $line2 using 1:2:3:4 with yerrorlines lw 2 pt 7 lc 3 title 'pte/file/pagecache/ext4', $line2 using 1:5 with lines dt 2 lc 3 title 'linear: pte/file/pagecache/ext4', $line2 using 1:2:6 with labels offset 0,1 font ",9" notitle
