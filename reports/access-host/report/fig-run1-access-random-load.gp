# Rendered by daxbench report; run `gnuplot fig-run1-access-random-load.gp` to redraw.
set terminal svg size 1000,482 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-access-random-load.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'access random load: time per access' font 'sans,14'
$line0 << EOD
1.07374e+09 55.2852 41.4943 80.7411
EOD
$line1 << EOD
1.07374e+09 49.9667 47.2651 64.5318
EOD
$line2 << EOD
1.07374e+09 57.6255 34.132 60.8891
EOD
set logscale x 2
set yrange [0:*]
set xtics ('1GiB' 1.07374e+09)
set xlabel 'working_set'
set ylabel 'time per access (ns)'
plot $line0 using 1:2:3:4 with yerrorlines lw 2 pt 7 title 'pte/file/pagecache/ext4', $line1 using 1:2:3:4 with yerrorlines lw 2 pt 7 title 'pte/anon/pagecache/ext4', $line2 using 1:2:3:4 with yerrorlines lw 2 pt 7 title 'pmd/anon/pagecache/ext4'
