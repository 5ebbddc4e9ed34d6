# Rendered by daxbench report; run `gnuplot fig-run1-fault-pte.gp` to redraw.
set terminal svg size 1000,544 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-fault-pte.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title '4 KiB faults: time per page touched' font 'sans,14'
$data << EOD
"read" 3.14154 3.13808 3.47822 3.26771 3.18834 3.45603 3.20779 3.15169 3.27689 3.19878 3.18849 3.44475 7.77275 7.50243 9.59679 8.58343 8.42388 8.71362 7.89267 7.71959 8.7766 8.49391 8.33934 10.5037
"write" 8.63743 8.39846 8.75341 8.89629 8.71914 11.0454 8.5793 8.43487 8.76527 9.29101 9.04614 10.9145 10.3442 9.22881 10.3871 8.56675 8.27967 8.84551 10.1529 9.46029 11.3315 8.19147 8.09801 8.35253
"write-after-read" 10.3523 10.2318 10.465 10.7446 10.3353 13.3655 10.6109 10.285 10.9512 10.906 10.5484 12.1082 17.7163 17.631 18.3051 16.8636 16.475 17.866 17.5484 16.353 18.1083 16.5274 16.2964 16.921
EOD
set style data histogram
set style histogram errorbars gap 1 lw 1
set style fill solid 0.75 border -1
set yrange [0:*]
set xtics rotate by 30 right
set xlabel 'access'
set ylabel 'time per page (µs)'
plot $data using 2:3:4:xtic(1) title 'pagecache (warm)/ext4', '' using 5:6:7 title 'pagecache (warm)/xfs', '' using 8:9:10 title 'dax-inode-off (warm)/ext4', '' using 11:12:13 title 'dax-inode-off (warm)/xfs', '' using 14:15:16 title 'dax-inode/ext4', '' using 17:18:19 title 'dax-inode/xfs', '' using 20:21:22 title 'dax-always/ext4', '' using 23:24:25 title 'dax-always/xfs'
