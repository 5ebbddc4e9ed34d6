# Rendered by daxbench report; run `gnuplot fig-run1-access-chase-load-1.gp` to redraw.
set terminal svg size 1000,482 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-access-chase-load-1.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'access chase load: time per access (processes=1)' font 'sans,14'
$line0 << EOD
4.1943e+06 6.81338 6.70468 7.01182
1.67772e+07 29.7071 26.188 30.7009
6.71089e+07 48.1424 42.5607 53.6819
1.07374e+09 491.393 433.793 513.405
EOD
$line1 << EOD
4.1943e+06 7.07829 6.78958 7.47915
1.67772e+07 34.8849 32.9009 39.3078
6.71089e+07 91.7509 62.3088 217.535
1.07374e+09 451.153 446.995 550.472
EOD
$line2 << EOD
4.1943e+06 7.73696 7.4813 7.94316
1.67772e+07 36.9818 36.4174 37.7262
6.71089e+07 62.745 34.4278 66.6448
1.07374e+09 362.613 333.474 399.245
EOD
set logscale x 2
set logscale y
set xtics ('4MiB' 4.1943e+06, '16MiB' 1.67772e+07, '64MiB' 6.71089e+07, '1GiB' 1.07374e+09)
set xlabel 'working_set'
set ylabel 'time per access (ns)'
plot $line0 using 1:2:3:4 with yerrorlines lw 2 pt 7 title 'pte/file/pagecache/ext4', $line1 using 1:2:3:4 with yerrorlines lw 2 pt 7 title 'pte/anon/ref/anon', $line2 using 1:2:3:4 with yerrorlines lw 2 pt 7 title 'pmd/anon/ref/anon'
