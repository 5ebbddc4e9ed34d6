# Rendered by daxbench report; run `gnuplot fig-run1-dax-vs-pagecache-flag-switch.gp` to redraw.
set terminal svg size 1600,664 dynamic font 'sans,11' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-dax-vs-pagecache-flag-switch.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'flag-switch: DAX vs page cache, run 1 (dax-vs-pagecache.json)'
$data << EOD
"holder:none/to-dax" 85605.3 83096.4 91229.6 81436.6 76443.3 104341 80814.2 76482.9 96873.6 77530.9 74876.3 77996.1 ? ? ? ? ? ?
"holder:fd/hold:20ms/to-dax" 2.0867e+07 2.07535e+07 2.17839e+07 2.05624e+07 2.0544e+07 2.0618e+07 2.09355e+07 2.08382e+07 2.12652e+07 2.06107e+07 2.05334e+07 2.17342e+07 ? ? ? ? ? ?
"holder:mmap/hold:20ms/to-dax" 2.69315e+07 2.64207e+07 2.86534e+07 2.32421e+07 2.3023e+07 2.34101e+07 2.60164e+07 2.54732e+07 2.71923e+07 2.36031e+07 2.32971e+07 2.41422e+07 ? ? ? ? ? ?
"holder:none/to-pagecache" ? ? ? ? ? ? ? ? ? ? ? ? 87040.3 80332.1 87773.9 81491 72936.1 85901.6
"holder:fd/hold:20ms/to-pagecache" ? ? ? ? ? ? ? ? ? ? ? ? 2.08182e+07 2.05659e+07 2.10343e+07 2.03742e+07 2.03462e+07 2.08418e+07
"holder:mmap/hold:20ms/to-pagecache" ? ? ? ? ? ? ? ? ? ? ? ? 2.332e+07 2.16478e+07 2.68593e+07 2.07436e+07 2.06776e+07 2.07816e+07
EOD
set style data histogram
set style histogram errorbars gap 1 lw 1
set style fill solid 0.7 border -1
set logscale y
set xtics rotate by 90 right
set ylabel 'median time per iteration (ns)'
plot $data using 2:3:4:xtic(1) title 'pagecache/ext4', '' using 5:6:7 title 'pagecache/xfs', '' using 8:9:10 title 'dax-inode-off/ext4', '' using 11:12:13 title 'dax-inode-off/xfs', '' using 14:15:16 title 'dax-inode/ext4', '' using 17:18:19 title 'dax-inode/xfs'
