# Rendered by daxbench report; run `gnuplot fig-run1-dax-vs-pagecache-mmap-write.gp` to redraw.
set terminal svg size 1440,574 dynamic font 'sans,11' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-dax-vs-pagecache-mmap-write.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'mmap-write: DAX vs page cache, run 1 (dax-vs-pagecache.json)'
$data << EOD
"store:64B" 4.18131e+08 4.08096e+08 4.31918e+08 4.0466e+08 4.02058e+08 4.08745e+08 4.42605e+08 4.3286e+08 5.20701e+08 4.27283e+08 4.19918e+08 4.57112e+08 4.07649e+08 4.00767e+08 4.14996e+08 4.21444e+08 4.07411e+08 4.33131e+08 4.33138e+08 4.21482e+08 4.47303e+08 4.28021e+08 4.10631e+08 4.6415e+08
"store:64B/ref/anon" 4.10861e+08 4.04025e+08 4.1725e+08 ? ? ? ? ? ? ? ? ? ? ? ? ? ? ? ? ? ? ? ? ?
"store:2MiB" 3.1297e+06 2.98255e+06 3.29851e+06 3.02272e+06 2.95547e+06 3.38257e+06 3.27073e+06 3.08794e+06 3.37744e+06 3.18866e+06 3.01275e+06 3.24846e+06 3.08843e+06 3.04092e+06 3.43325e+06 3.38913e+06 3.17856e+06 3.4874e+06 3.28775e+06 3.09279e+06 3.29251e+06 3.26739e+06 3.16903e+06 3.40491e+06
"store:2MiB/ref/anon" 3.23011e+06 3.12968e+06 3.26252e+06 ? ? ? ? ? ? ? ? ? ? ? ? ? ? ? ? ? ? ? ? ?
EOD
set style data histogram
set style histogram errorbars gap 1 lw 1
set style fill solid 0.7 border -1
set logscale y
set xtics rotate by 20 right
set ylabel 'median time per iteration (ns)'
plot $data using 2:3:4:xtic(1) title 'pagecache/ext4', '' using 5:6:7 title 'pagecache/xfs', '' using 8:9:10 title 'dax-inode-off/ext4', '' using 11:12:13 title 'dax-inode-off/xfs', '' using 14:15:16 title 'dax-inode/ext4', '' using 17:18:19 title 'dax-inode/xfs', '' using 20:21:22 title 'dax-always/ext4', '' using 23:24:25 title 'dax-always/xfs'
