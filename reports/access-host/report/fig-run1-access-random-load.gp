# Rendered by daxbench report; run `gnuplot fig-run1-access-random-load.gp` to redraw.
set terminal svg size 1000,482 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-access-random-load.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'access random load: time per access' font 'sans,14'
$line0 << EOD
1.07374e+09 25.8532 20.2814 32.0437
EOD
$line1 << EOD
1.07374e+09 19.1566 18.0811 20.2817
EOD
$line2 << EOD
1.07374e+09 15.9211 15.4522 18.3904
EOD
set logscale x 2
set yrange [0:*]
set xtics ('1GiB' 1.07374e+09)
set xlabel 'working_set'
set ylabel 'time per access (ns)'
plot $line0 using 1:2:3:4 with yerrorlines lw 2 pt 7 title 'pte/file/pagecache/ext4', $line1 using 1:2:3:4 with yerrorlines lw 2 pt 7 title 'pte/anon/ref/anon', $line2 using 1:2:3:4 with yerrorlines lw 2 pt 7 title 'pmd/anon/ref/anon'
