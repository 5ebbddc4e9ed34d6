# Rendered by daxbench report; run `gnuplot fig-run1-mmap-write-bandwidth-1.gp` to redraw.
set terminal svg size 1000,484 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-mmap-write-bandwidth-1.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'Store bandwidth through a shared mapping (backing=file)' font 'sans,14'
$data << EOD
"64B" 0.0423724 0.0409641 0.043542 0.0410116 0.0405743 0.0423418 0.0432017 0.0389346 0.043417 0.0435685 0.0434388 0.0439072 0.0405709 0.038873 0.0424877 0.0430992 0.0423338 0.0435676 0.0426502 0.0420432 0.0432809 0.0431689 0.0429883 0.0435901
"2MiB" 5.41422 5.32072 5.46298 5.27358 5.19546 5.39344 5.62136 5.57677 5.67004 5.58193 5.35225 5.71367 5.47775 5.42955 5.63771 5.45162 5.37954 5.5656 5.57328 5.54046 5.67634 5.65613 5.53777 5.70356
EOD
set style data histogram
set style histogram errorbars gap 1 lw 1
set style fill solid 0.75 border -1
set logscale y
set xtics norotate
set xlabel 'store'
set ylabel 'throughput (GB/s)'
plot $data using 2:3:4:xtic(1) title 'pagecache/ext4', '' using 5:6:7 title 'pagecache/xfs', '' using 8:9:10 title 'dax-inode-off/ext4', '' using 11:12:13 title 'dax-inode-off/xfs', '' using 14:15:16 title 'dax-inode/ext4', '' using 17:18:19 title 'dax-inode/xfs', '' using 20:21:22 title 'dax-always/ext4', '' using 23:24:25 title 'dax-always/xfs'
