# Rendered by daxbench report; run `gnuplot fig-run1-access-random-load.gp` to redraw.
set terminal svg size 1000,482 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-access-random-load.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'access random load: time per access' font 'sans,14'
$line0 << EOD
1.07374e+09 63.2523 39.6696 63.3283
EOD
$line1 << EOD
1.07374e+09 48.3415 33.4354 75.1768
EOD
$line2 << EOD
1.07374e+09 42.6108 39.8496 44.8644
EOD
set logscale x 2
set yrange [0:*]
set xtics ('1GiB' 1.07374e+09)
set xlabel 'working_set'
set ylabel 'time per access (ns)'
plot $line0 using 1:2:3:4 with yerrorlines lw 2 pt 7 title 'pte/file/pagecache/ext4', $line1 using 1:2:3:4 with yerrorlines lw 2 pt 7 title 'pte/anon/ref/anon', $line2 using 1:2:3:4 with yerrorlines lw 2 pt 7 title 'pmd/anon/ref/anon'
