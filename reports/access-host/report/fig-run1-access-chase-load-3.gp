# Rendered by daxbench report; run `gnuplot fig-run1-access-chase-load-3.gp` to redraw.
set terminal svg size 1000,482 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-access-chase-load-3.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'access chase load: time per access (processes=3)' font 'sans,14'
$line0 << EOD
1.67772e+07 28.0957 25.3562 29.4046
EOD
$line1 << EOD
1.67772e+07 26.7893 25.4303 27.0007
EOD
$line2 << EOD
1.67772e+07 21.6032 20.9956 25.475
EOD
set logscale x 2
set logscale y
set xtics ('16MiB' 1.67772e+07)
set xlabel 'working_set'
set ylabel 'time per access (ns)'
plot $line0 using 1:2:3:4 with yerrorlines lw 2 pt 7 title 'pte/file/pagecache/ext4', $line1 using 1:2:3:4 with yerrorlines lw 2 pt 7 title 'pte/anon/ref/anon', $line2 using 1:2:3:4 with yerrorlines lw 2 pt 7 title 'pmd/anon/ref/anon'
