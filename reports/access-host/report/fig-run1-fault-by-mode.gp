# Rendered by daxbench report; run `gnuplot fig-run1-fault-by-mode.gp` to redraw.
set terminal svg size 1000,457 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-fault-by-mode.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'fault: DAX vs page cache, time per page touched' font 'sans,14'
$data << EOD
"1/1" 69.5888 69.5537 71.7998
"1/2" 65.8401 65.1615 69.2796
"1/3" 92.6282 65.6466 97.5591
"1/4" 77.9697 68.7546 83.7999
"2/1" 58.6042 57.0988 65.5922
"3/1" 56.4467 51.8974 58.5841
"4/1" 51.2039 48.8716 54.1496
EOD
set style data histogram
set style histogram errorbars gap 1 lw 1
set style fill solid 0.75 border -1
set yrange [0:*]
set xtics norotate
set xlabel 'processes/threads'
set ylabel 'time per page (ns)'
plot $data using 2:3:4:xtic(1) title 'pagecache/ext4'
