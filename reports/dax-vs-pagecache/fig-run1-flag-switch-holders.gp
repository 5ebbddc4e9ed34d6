# Rendered by daxbench report; run `gnuplot fig-run1-flag-switch-holders.gp` to redraw.
set terminal svg size 1000,484 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-flag-switch-holders.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'Time to effective past the holder’s release' font 'sans,14'
$data << EOD
"none" 0.053247 0.049151 0.053247 0.045055 0.045055 0.045055 0.053247 0.053247 0.053247 0.045055 0.045055 0.045055 0.053247 0.053247 0.053247 0.045055 0.045055 0.045055
"fd" 0.180223 0.180223 0.229375 0.147455 0.147455 0.163839 0.163839 0.163839 0.180223 0.163839 0.163839 0.180223 0.180223 0.163839 0.294911 0.147455 0.147455 0.163839
"mmap" 5.24288 4.71859 5.24288 2.35929 1.96608 2.35929 4.71859 4.61487 5.20528 2.62144 2.35929 2.62144 0.786431 0.720895 0.851967 0.393215 0.327679 0.393215
EOD
set style data histogram
set style histogram errorbars gap 1 lw 1
set style fill solid 0.75 border -1
set logscale y
set xtics norotate
set xlabel 'holder'
set ylabel 'time per switch (ms)'
plot $data using 2:3:4:xtic(1) title 'pagecache/ext4', '' using 5:6:7 title 'pagecache/xfs', '' using 8:9:10 title 'dax-inode-off/ext4', '' using 11:12:13 title 'dax-inode-off/xfs', '' using 14:15:16 title 'dax-inode/ext4', '' using 17:18:19 title 'dax-inode/xfs'
