# Rendered by daxbench report; run `gnuplot fig-run1-access-chase-load-2.gp` to redraw.
set terminal svg size 1000,482 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-access-chase-load-2.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'access chase load: time per access (processes=2)' font 'sans,14'
$line0 << EOD
1.67772e+07 19.6137 19.1729 20.8846
EOD
$line1 << EOD
1.67772e+07 18.9225 16.877 20.0924
EOD
$line2 << EOD
1.67772e+07 23.8132 23.5943 27.3148
EOD
set logscale x 2
set logscale y
set xtics ('16MiB' 1.67772e+07)
set xlabel 'working_set'
set ylabel 'time per access (ns)'
plot $line0 using 1:2:3:4 with yerrorlines lw 2 pt 7 title 'pte/file/pagecache/ext4', $line1 using 1:2:3:4 with yerrorlines lw 2 pt 7 title 'pte/anon/pagecache/ext4', $line2 using 1:2:3:4 with yerrorlines lw 2 pt 7 title 'pmd/anon/pagecache/ext4'
