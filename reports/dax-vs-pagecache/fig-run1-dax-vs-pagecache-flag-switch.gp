# Rendered by daxbench report; run `gnuplot fig-run1-dax-vs-pagecache-flag-switch.gp` to redraw.
set terminal svg size 1600,664 dynamic font 'sans,11' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-dax-vs-pagecache-flag-switch.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'flag-switch: DAX vs page cache, run 1 (dax-vs-pagecache.json)'
$data << EOD
"holder:none/to-dax" 78172.5 77182.8 80388.7 67981.5 67348.6 72618.8 79777.8 77992.9 85618 69682 68152.4 71346.4 ? ? ? ? ? ?
"holder:fd/hold:20ms/to-dax" 2.06531e+07 2.06073e+07 2.07243e+07 2.04584e+07 2.04032e+07 2.05275e+07 2.06142e+07 2.0593e+07 2.09742e+07 2.05006e+07 2.04899e+07 2.05626e+07 ? ? ? ? ? ?
"holder:mmap/hold:20ms/to-dax" 2.54548e+07 2.51175e+07 2.55594e+07 2.2717e+07 2.24524e+07 2.31796e+07 2.5009e+07 2.47022e+07 2.51249e+07 2.30201e+07 2.29114e+07 2.32038e+07 ? ? ? ? ? ?
"holder:none/to-pagecache" ? ? ? ? ? ? ? ? ? ? ? ? 80840.9 78928.7 81791.3 70992.1 68738 72880.9
"holder:fd/hold:20ms/to-pagecache" ? ? ? ? ? ? ? ? ? ? ? ? 2.04653e+07 2.041e+07 2.10645e+07 2.03531e+07 2.03334e+07 2.05088e+07
"holder:mmap/hold:20ms/to-pagecache" ? ? ? ? ? ? ? ? ? ? ? ? 2.111e+07 2.09066e+07 2.14067e+07 2.07999e+07 2.05667e+07 2.10809e+07
EOD
set style data histogram
set style histogram errorbars gap 1 lw 1
set style fill solid 0.7 border -1
set logscale y
set xtics rotate by 90 right
set ylabel 'median time per iteration (ns)'
plot $data using 2:3:4:xtic(1) title 'pagecache/ext4', '' using 5:6:7 title 'pagecache/xfs', '' using 8:9:10 title 'dax-inode-off/ext4', '' using 11:12:13 title 'dax-inode-off/xfs', '' using 14:15:16 title 'dax-inode/ext4', '' using 17:18:19 title 'dax-inode/xfs'
