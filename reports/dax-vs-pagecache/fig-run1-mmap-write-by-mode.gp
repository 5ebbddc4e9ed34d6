# Rendered by daxbench report; run `gnuplot fig-run1-mmap-write-by-mode.gp` to redraw.
set terminal svg size 1000,506 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-mmap-write-by-mode.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'mmap-write: DAX vs page cache, store bandwidth' font 'sans,14'
$data << EOD
"64B" 0.0182871 0.0147257 0.0228222 0.0197717 0.0150682 0.0238234 0.0159648 0.0127537 0.0196296 0.0165177 0.0115869 0.0222264 0.0119431 0.0113282 0.0196674 0.0137611 0.0122557 0.0188371 0.0205517 0.0142229 0.0223237 0.0139371 0.0131314 0.0176379 0.0129504 0.0109193 0.0210897
"2MiB" 2.67074 2.50063 2.89159 2.09555 2.06389 2.90009 2.05444 1.83533 2.9277 2.04259 1.96588 2.66771 1.97329 1.94876 2.82886 2.32472 1.96914 2.75145 1.86406 1.80494 2.40257 2.36105 1.94034 2.87805 2.32593 1.7841 2.74764
EOD
set style data histogram
set style histogram errorbars gap 1 lw 1
set style fill solid 0.75 border -1
set logscale y
set xtics norotate
set xlabel 'store'
set ylabel 'throughput (GB/s)'
plot $data using 2:3:4:xtic(1) title 'file/pagecache/ext4', '' using 5:6:7 title 'anon/ref/anon', '' using 8:9:10 title 'file/pagecache/xfs', '' using 11:12:13 title 'file/dax-inode/ext4', '' using 14:15:16 title 'file/dax-inode/xfs', '' using 17:18:19 title 'file/dax-inode-off/ext4', '' using 20:21:22 title 'file/dax-inode-off/xfs', '' using 23:24:25 title 'file/dax-always/ext4', '' using 26:27:28 title 'file/dax-always/xfs'
