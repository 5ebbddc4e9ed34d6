# Rendered by daxbench report; run `gnuplot fig-run1-access-chase-load-2.gp` to redraw.
set terminal svg size 1000,482 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-access-chase-load-2.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'access chase load: time per access (processes=2)' font 'sans,14'
$line0 << EOD
1.67772e+07 8.96068 7.29943 12.6062
EOD
$line1 << EOD
1.67772e+07 10.9577 9.23156 10.9803
EOD
$line2 << EOD
1.67772e+07 7.97968 6.99055 9.09013
EOD
set logscale x 2
set logscale y
set xtics ('16MiB' 1.67772e+07)
set xlabel 'working_set'
set ylabel 'time per access (ns)'
plot $line0 using 1:2:3:4 with yerrorlines lw 2 pt 7 title 'pte/file/pagecache/ext4', $line1 using 1:2:3:4 with yerrorlines lw 2 pt 7 title 'pte/anon/ref/anon', $line2 using 1:2:3:4 with yerrorlines lw 2 pt 7 title 'pmd/anon/ref/anon'
