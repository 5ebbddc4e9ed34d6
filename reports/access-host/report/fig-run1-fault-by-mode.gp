# Rendered by daxbench report; run `gnuplot fig-run1-fault-by-mode.gp` to redraw.
set terminal svg size 1000,457 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-fault-by-mode.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'fault: DAX vs page cache, time per page touched' font 'sans,14'
$data << EOD
"1/1" 209.847 203.27 237.831
"1/2" 202.525 143.025 328.903
"1/3" 232.29 182.486 243.417
"1/4" 153.634 94.7302 239.46
"2/1" 223.828 148.421 238.154
"3/1" 167.341 144.467 308.787
"4/1" 202.785 149.561 293.471
EOD
set style data histogram
set style histogram errorbars gap 1 lw 1
set style fill solid 0.75 border -1
set yrange [0:*]
set xtics norotate
set xlabel 'processes/threads'
set ylabel 'time per page (ns)'
plot $data using 2:3:4:xtic(1) title 'pagecache/ext4'
