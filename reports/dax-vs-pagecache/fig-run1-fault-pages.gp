# Rendered by daxbench report; run `gnuplot fig-run1-fault-pages.gp` to redraw.
set terminal svg size 1000,534 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-fault-pages.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'Write faults by mapping size: time per page touched' font 'sans,14'
$data << EOD
"pte" 8.63743 8.39846 8.75341 8.89629 8.71914 11.0454 8.5793 8.43487 8.76527 9.29101 9.04614 10.9145 10.3442 9.22881 10.3871 8.56675 8.27967 8.84551 10.1529 9.46029 11.3315 8.19147 8.09801 8.35253
"pmd" 8.68572 8.45377 8.87681 9.20294 8.85772 10.4879 8.4953 8.35166 9.25703 8.91891 8.82865 9.0067 1.96603 1.79737 2.18135 1.88895 1.82204 2.31267 1.9424 1.87239 2.0989 1.95382 1.91802 2.03755
"pmd-misaligned" 8.78112 8.57228 8.94778 8.9399 8.76369 9.80434 8.59691 8.36918 8.7948 8.75172 8.69066 8.97237 10.6199 9.30898 11.6517 8.19965 8.10232 8.3585 10.6182 9.45448 10.7198 8.52056 8.33412 9.18746
EOD
set style data histogram
set style histogram errorbars gap 1 lw 1
set style fill solid 0.75 border -1
set yrange [0:*]
set xtics norotate
set xlabel 'pages'
set ylabel 'time per page (µs)'
plot $data using 2:3:4:xtic(1) title 'pagecache (warm)/ext4', '' using 5:6:7 title 'pagecache (warm)/xfs', '' using 8:9:10 title 'dax-inode-off (warm)/ext4', '' using 11:12:13 title 'dax-inode-off (warm)/xfs', '' using 14:15:16 title 'dax-inode/ext4', '' using 17:18:19 title 'dax-inode/xfs', '' using 20:21:22 title 'dax-always/ext4', '' using 23:24:25 title 'dax-always/xfs'
