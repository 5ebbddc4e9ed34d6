# Rendered by daxbench report; run `gnuplot fig-run1-dax-vs-pagecache-mmap-write.gp` to redraw.
set terminal svg size 1440,574 dynamic font 'sans,11' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-dax-vs-pagecache-mmap-write.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'mmap-write: DAX vs page cache, run 1 (dax-vs-pagecache.json)'
$data << EOD
"store:64B" 3.95947e+08 3.85311e+08 4.09559e+08 4.09085e+08 3.96233e+08 4.13493e+08 3.88346e+08 3.8642e+08 4.30907e+08 3.85077e+08 3.82106e+08 3.86226e+08 4.13528e+08 3.94873e+08 4.31591e+08 3.89269e+08 3.85085e+08 3.96308e+08 3.93368e+08 3.87636e+08 3.99047e+08 3.88641e+08 3.84886e+08 3.90274e+08
"store:64B/ref/anon" 3.9172e+08 3.87441e+08 5.06323e+08 ? ? ? ? ? ? ? ? ? ? ? ? ? ? ? ? ? ? ? ? ?
"store:2MiB" 3.09873e+06 3.07108e+06 3.15318e+06 3.18137e+06 3.11067e+06 3.22921e+06 2.98455e+06 2.95892e+06 3.00841e+06 3.00563e+06 2.93633e+06 3.13461e+06 3.06279e+06 2.97589e+06 3.08998e+06 3.07747e+06 3.01445e+06 3.11871e+06 3.01029e+06 2.95564e+06 3.02813e+06 2.9662e+06 2.94153e+06 3.0296e+06
"store:2MiB/ref/anon" 3.16075e+06 3.09e+06 3.2375e+06 ? ? ? ? ? ? ? ? ? ? ? ? ? ? ? ? ? ? ? ? ?
EOD
set style data histogram
set style histogram errorbars gap 1 lw 1
set style fill solid 0.7 border -1
set logscale y
set xtics rotate by 20 right
set ylabel 'median time per iteration (ns)'
plot $data using 2:3:4:xtic(1) title 'pagecache/ext4', '' using 5:6:7 title 'pagecache/xfs', '' using 8:9:10 title 'dax-inode-off/ext4', '' using 11:12:13 title 'dax-inode-off/xfs', '' using 14:15:16 title 'dax-inode/ext4', '' using 17:18:19 title 'dax-inode/xfs', '' using 20:21:22 title 'dax-always/ext4', '' using 23:24:25 title 'dax-always/xfs'
