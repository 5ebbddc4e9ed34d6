# Rendered by daxbench report; run `gnuplot fig-run1-fault-pages.gp` to redraw.
set terminal svg size 1000,457 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-fault-pages.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'Write faults by mapping size: time per page touched' font 'sans,14'
$data << EOD
"pte" 4.07794 4.07779 4.08067 4.78447 4.7842 4.80449 5.16164 5.16156 5.16184 4.53073 4.52964 4.5309
"pmd" 4.07809 4.07798 4.07839 4.78415 4.78409 4.78429 0.029696 0.0296838 0.0297593 0.0283326 0.0281856 0.0286793
EOD
set style data histogram
set style histogram errorbars gap 1 lw 1
set style fill solid 0.75 border -1
set logscale y
set xtics norotate
set xlabel 'pages'
set ylabel 'time per page (k insn-ns)'
plot $data using 2:3:4:xtic(1) title 'pagecache (warm)/ext4', '' using 5:6:7 title 'pagecache (warm)/xfs', '' using 8:9:10 title 'dax-inode/ext4', '' using 11:12:13 title 'dax-inode/xfs'
