# Rendered by daxbench report; run `gnuplot fig-run1-flag-switch-by-mode.gp` to redraw.
set terminal svg size 1000,509 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-flag-switch-by-mode.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'flag-switch: DAX vs page cache, time per switch' font 'sans,14'
$data << EOD
"none" 0.190298 0.16745 0.224775 0.113907 0.105025 0.15595 0.16133 0.137402 0.176739 0.127077 0.120544 0.161656 0.151841 0.135308 0.194643 0.13774 0.0998597 0.160618
"20ms/fd" 0.798842 0.729923 0.815952 0.675216 0.621923 0.679175 0.714216 0.703655 0.755975 0.575188 0.537644 0.594802 0.746526 0.727165 0.783081 0.623745 0.551848 0.64151
"20ms/mmap" 9.62723 8.51998 10.4544 5.53519 5.38267 5.89151 8.19854 8.18282 8.80599 5.41046 5.10167 5.94849 3.60412 3.26987 3.85936 1.38762 1.26028 1.50063
EOD
set style data histogram
set style histogram errorbars gap 1 lw 1
set style fill solid 0.75 border -1
set logscale y
set xtics norotate
set xlabel 'hold/holder'
set ylabel 'time per switch (ms)'
plot $data using 2:3:4:xtic(1) title 'pagecache/ext4', '' using 5:6:7 title 'pagecache/xfs', '' using 8:9:10 title 'dax-inode-off/ext4', '' using 11:12:13 title 'dax-inode-off/xfs', '' using 14:15:16 title 'dax-inode/ext4', '' using 17:18:19 title 'dax-inode/xfs'
