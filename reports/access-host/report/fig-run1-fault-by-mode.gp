# Rendered by daxbench report; run `gnuplot fig-run1-fault-by-mode.gp` to redraw.
set terminal svg size 1000,457 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-fault-by-mode.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'fault: DAX vs page cache, time per page touched' font 'sans,14'
$data << EOD
"1/1" 126.293 113.451 128.739
"1/2" 95.42 91.9264 121.422
"1/3" 151.762 149.533 203.764
"1/4" 172.973 100.628 222.844
"2/1" 101.897 88.8131 108.815
"3/1" 166.872 160.96 178.96
"4/1" 85.3822 72.231 97.7997
EOD
set style data histogram
set style histogram errorbars gap 1 lw 1
set style fill solid 0.75 border -1
set yrange [0:*]
set xtics norotate
set xlabel 'processes/threads'
set ylabel 'time per page (ns)'
plot $data using 2:3:4:xtic(1) title 'pagecache/ext4'
