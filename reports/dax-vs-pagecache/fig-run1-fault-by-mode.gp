# Rendered by daxbench report; run `gnuplot fig-run1-fault-by-mode.gp` to redraw.
set terminal svg size 1000,564 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-fault-by-mode.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'fault: DAX vs page cache, time per page touched' font 'sans,14'
$data << EOD
"read/pte" 5.81797 4.63938 6.83044 4.30809 3.71381 7.5466 5.61923 4.03315 6.8514 6.33498 4.01774 9.10903 42.891 36.1874 54.475 38.318 26.8722 52.8138 26.6553 22.9735 52.4762 32.8789 23.4346 49.3242
"write/pte" 7.6127 4.904 9.32778 7.16037 4.42996 8.68275 5.81972 4.49039 7.46187 5.41277 3.86344 7.93186 52.2134 37.0228 68.2412 46.9893 28.8137 74.4055 33.7449 29.5927 55.6101 31.1747 22.4739 41.9583
"write-after-read/pte" 55.3855 38.3933 70.1724 37.8447 21.4637 52.5049 69.1649 55.2744 79.4949 28.9623 20.6686 51.9456 69.4799 56.3007 96.1782 89.6224 62.6959 98.2747 83.5967 75.6581 108.69 66.1545 59.5595 103.098
"write/pmd" 7.538 4.02612 9.01043 4.20032 3.65062 8.25663 4.91724 4.28303 7.92466 4.8653 3.74847 7.12752 6.54723 4.07924 8.5084 6.50903 3.94256 10.2622 4.26225 3.04518 7.31642 3.47049 2.99703 5.56735
"write/pmd-misaligned" 42.5482 22.1285 47.3294 23.4371 12.2948 31.5721 26.1223 20.9928 39.935 12.9148 11.0696 23.5815 68.0523 61.7975 76.5588 39.9101 24.942 62.0835 26.775 25.3066 38.4489 39.1978 25.1161 49.9207
EOD
set style data histogram
set style histogram errorbars gap 1 lw 1
set style fill solid 0.75 border -1
set logscale y
set xtics rotate by 30 right
set xlabel 'access/pages'
set ylabel 'time per page (µs)'
plot $data using 2:3:4:xtic(1) title 'pagecache/ext4', '' using 5:6:7 title 'pagecache/xfs', '' using 8:9:10 title 'dax-inode-off/ext4', '' using 11:12:13 title 'dax-inode-off/xfs', '' using 14:15:16 title 'dax-inode/ext4', '' using 17:18:19 title 'dax-inode/xfs', '' using 20:21:22 title 'dax-always/ext4', '' using 23:24:25 title 'dax-always/xfs'
