# Rendered by daxbench report; run `gnuplot fig-run1-mmap-write-bandwidth-2.gp` to redraw.
set terminal svg size 1000,462 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-mmap-write-bandwidth-2.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'Store bandwidth through a shared mapping (backing=anon)' font 'sans,14'
$data << EOD
"64B" 0.0428296 0.0331354 0.0433026
"2MiB" 5.30799 5.18216 5.42952
EOD
set style data histogram
set style histogram errorbars gap 1 lw 1
set style fill solid 0.75 border -1
set logscale y
set xtics norotate
set xlabel 'store'
set ylabel 'throughput (GB/s)'
plot $data using 2:3:4:xtic(1) title 'ref/anon'
