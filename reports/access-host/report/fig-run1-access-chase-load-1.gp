# Rendered by daxbench report; run `gnuplot fig-run1-access-chase-load-1.gp` to redraw.
set terminal svg size 1000,482 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-access-chase-load-1.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'access chase load: time per access (processes=1)' font 'sans,14'
$line0 << EOD
4.1943e+06 6.11078 6.10402 6.13053
1.67772e+07 14.3997 13.6141 25.4908
6.71089e+07 45.4707 35.0965 50.4766
1.07374e+09 227.884 224.803 385.014
EOD
$line1 << EOD
4.1943e+06 6.34319 6.32115 6.63455
1.67772e+07 14.8915 13.396 16.6031
6.71089e+07 44.5141 41.4763 150.909
1.07374e+09 421.545 382.211 439.947
EOD
$line2 << EOD
4.1943e+06 6.31926 6.19543 6.48439
1.67772e+07 11.8692 11.7679 11.9028
6.71089e+07 28.0794 27.978 29.5604
1.07374e+09 208.041 207.154 242.432
EOD
set logscale x 2
set logscale y
set xtics ('4MiB' 4.1943e+06, '16MiB' 1.67772e+07, '64MiB' 6.71089e+07, '1GiB' 1.07374e+09)
set xlabel 'working_set'
set ylabel 'time per access (ns)'
plot $line0 using 1:2:3:4 with yerrorlines lw 2 pt 7 title 'pte/file/pagecache/ext4', $line1 using 1:2:3:4 with yerrorlines lw 2 pt 7 title 'pte/anon/ref/anon', $line2 using 1:2:3:4 with yerrorlines lw 2 pt 7 title 'pmd/anon/ref/anon'
