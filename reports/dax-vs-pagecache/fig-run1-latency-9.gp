# Rendered by daxbench report; run `gnuplot fig-run1-latency-9.gp` to redraw.
set terminal svg size 720,402 dynamic font 'sans,11' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-latency-9.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'Latency CDF: mmap-write/seq/store:2MiB/temporal/none/prefault:yes/ref/anon/threads:1/size:16MiB, run 1 (dax-vs-pagecache.json)'
$line0 << EOD
393215 0.30103
491519 1
589823 2
713430 3
713430 4
EOD
set logscale x
set xlabel 'latency per operation (ns, log scale)'
set ylabel 'percentile'
set ytics ('50%%' 0.30103, '90%%' 1, '99%%' 2, '99.9%%' 3, 'max' 4)
set yrange [0:4.3]
plot $line0 using 1:2 with linespoints lw 2 title 'pagecache/ext4'
