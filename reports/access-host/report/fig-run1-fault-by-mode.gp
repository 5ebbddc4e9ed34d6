# Rendered by daxbench report; run `gnuplot fig-run1-fault-by-mode.gp` to redraw.
set terminal svg size 1000,457 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-fault-by-mode.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'fault: DAX vs page cache, time per page touched' font 'sans,14'
$data << EOD
"1/1" 87.1394 85.3768 97.7703
"1/2" 79.0918 78.1777 83.9468
"1/3" 84.0409 77.1875 90.8123
"1/4" 74.4543 69.5172 81.5167
"2/1" 51.1962 48.6543 52.7541
"3/1" 72.1479 70.3962 82.6016
"4/1" 54.5488 51.8739 57.4465
EOD
set style data histogram
set style histogram errorbars gap 1 lw 1
set style fill solid 0.75 border -1
set yrange [0:*]
set xtics norotate
set xlabel 'processes/threads'
set ylabel 'time per page (ns)'
plot $data using 2:3:4:xtic(1) title 'pagecache/ext4'
