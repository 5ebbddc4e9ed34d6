# Rendered by daxbench report; run `gnuplot fig-run1-access-chase-load-1.gp` to redraw.
set terminal svg size 1000,482 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-access-chase-load-1.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'access chase load: time per access (processes=1)' font 'sans,14'
$line0 << EOD
4.1943e+06 9.7676 9.75186 11.2836
1.67772e+07 34.4732 31.616 37.7005
6.71089e+07 193.483 159.721 225.307
1.07374e+09 898.628 688.425 953.089
EOD
$line1 << EOD
4.1943e+06 7.17592 7.10189 7.50063
1.67772e+07 35.6537 35.3979 36.1282
6.71089e+07 338.287 322.711 481.199
1.07374e+09 611.508 533.445 657.89
EOD
$line2 << EOD
4.1943e+06 7.29962 7.14352 7.5675
1.67772e+07 30.1393 23.7126 30.7933
6.71089e+07 57.4963 48.4405 79.4474
1.07374e+09 357.029 315.429 371.573
EOD
set logscale x 2
set logscale y
set xtics ('4MiB' 4.1943e+06, '16MiB' 1.67772e+07, '64MiB' 6.71089e+07, '1GiB' 1.07374e+09)
set xlabel 'working_set'
set ylabel 'time per access (ns)'
plot $line0 using 1:2:3:4 with yerrorlines lw 2 pt 7 title 'pte/file/pagecache/ext4', $line1 using 1:2:3:4 with yerrorlines lw 2 pt 7 title 'pte/anon/pagecache/ext4', $line2 using 1:2:3:4 with yerrorlines lw 2 pt 7 title 'pmd/anon/pagecache/ext4'
