# Rendered by daxbench report; run `gnuplot fig-run1-access-chase-load-1.gp` to redraw.
set terminal svg size 1000,482 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-access-chase-load-1.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'access chase load: time per access (processes=1)' font 'sans,14'
$line0 << EOD
4.1943e+06 7.0646 6.96511 7.97167
1.67772e+07 15.2263 14.9878 20.3665
6.71089e+07 38.6213 36.7082 38.8529
1.07374e+09 322.356 214.5 341.216
EOD
$line1 << EOD
4.1943e+06 6.32218 6.31673 6.38247
1.67772e+07 16.4504 15.634 21.8074
6.71089e+07 39.662 39.1457 39.682
1.07374e+09 285.047 249.455 324.546
EOD
$line2 << EOD
4.1943e+06 6.35736 6.33963 6.45654
1.67772e+07 13.0711 12.8611 15.964
6.71089e+07 28.9019 28.6937 30.6241
1.07374e+09 189.556 177.748 198.683
EOD
set logscale x 2
set logscale y
set xtics ('4MiB' 4.1943e+06, '16MiB' 1.67772e+07, '64MiB' 6.71089e+07, '1GiB' 1.07374e+09)
set xlabel 'working_set'
set ylabel 'time per access (ns)'
plot $line0 using 1:2:3:4 with yerrorlines lw 2 pt 7 title 'pte/file/pagecache/ext4', $line1 using 1:2:3:4 with yerrorlines lw 2 pt 7 title 'pte/anon/ref/anon', $line2 using 1:2:3:4 with yerrorlines lw 2 pt 7 title 'pmd/anon/ref/anon'
