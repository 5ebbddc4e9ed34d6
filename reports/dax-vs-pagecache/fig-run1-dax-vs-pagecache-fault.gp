# Rendered by daxbench report; run `gnuplot fig-run1-dax-vs-pagecache-fault.gp` to redraw.
set terminal svg size 1760,580 dynamic font 'sans,11' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-dax-vs-pagecache-fault.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'fault: DAX vs page cache, run 1 (dax-vs-pagecache.json)'
$data << EOD
"read/pte" 6.72046e+07 5.49654e+07 6.85131e+07 6.48602e+07 5.31422e+07 6.77098e+07 5.6392e+07 5.55141e+07 5.73255e+07 6.46235e+07 5.27314e+07 1.1147e+08 1.50617e+08 1.21007e+08 1.52283e+08 1.4023e+08 1.36853e+08 1.49012e+08 1.52525e+08 1.43354e+08 1.62999e+08 1.52795e+08 1.39934e+08 1.57169e+08
"write/pte" 2.40306e+08 2.3191e+08 2.50539e+08 1.78585e+08 1.67617e+08 1.96739e+08 2.03806e+08 1.8032e+08 2.18956e+08 1.63294e+08 1.49284e+08 2.16731e+08 6.25133e+08 5.65585e+08 6.92056e+08 4.70162e+08 4.53237e+08 5.41545e+08 6.61313e+08 5.93379e+08 7.07443e+08 5.57246e+08 4.70112e+08 5.92047e+08
"write-after-read/pte" 2.54471e+08 2.37949e+08 2.77284e+08 1.99698e+08 1.88557e+08 2.16092e+08 2.34772e+08 2.30632e+08 2.51059e+08 1.98007e+08 1.84348e+08 2.30772e+08 8.24299e+08 8.10016e+08 8.41318e+08 7.72752e+08 7.65813e+08 7.93227e+08 8.6804e+08 8.20775e+08 1.47912e+09 9.06173e+08 7.57416e+08 1.34858e+09
"write/pmd" 2.02505e+08 1.85876e+08 2.2557e+08 1.78145e+08 1.68403e+08 2.69662e+08 2.03138e+08 1.91433e+08 2.06787e+08 1.53941e+08 1.43433e+08 3.41311e+08 5.01093e+07 4.51617e+07 6.79735e+07 1.12558e+08 6.89924e+07 1.30419e+08 4.30782e+07 3.9192e+07 5.51554e+07 5.18873e+07 4.57097e+07 6.97279e+07
"write/pmd-misaligned" 2.08657e+08 2.01267e+08 2.16875e+08 2.25222e+08 1.67015e+08 3.07781e+08 2.06693e+08 2.04305e+08 2.24722e+08 1.71891e+08 1.44157e+08 3.27483e+08 5.28317e+08 5.1945e+08 1.11548e+09 4.89403e+08 4.56259e+08 8.03133e+08 5.17718e+08 5.03409e+08 6.1993e+08 4.9491e+08 4.5667e+08 5.28055e+08
EOD
set style data histogram
set style histogram errorbars gap 1 lw 1
set style fill solid 0.7 border -1
set logscale y
set xtics rotate by 20 right
set ylabel 'median time per iteration (ns)'
plot $data using 2:3:4:xtic(1) title 'pagecache (warm)/ext4', '' using 5:6:7 title 'pagecache (warm)/xfs', '' using 8:9:10 title 'dax-inode-off (warm)/ext4', '' using 11:12:13 title 'dax-inode-off (warm)/xfs', '' using 14:15:16 title 'dax-inode/ext4', '' using 17:18:19 title 'dax-inode/xfs', '' using 20:21:22 title 'dax-always/ext4', '' using 23:24:25 title 'dax-always/xfs'
