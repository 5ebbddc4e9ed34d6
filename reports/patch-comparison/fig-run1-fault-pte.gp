# Rendered by daxbench report; run `gnuplot fig-run1-fault-pte.gp` to redraw.
set terminal svg size 1000,522 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-fault-pte.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title '4 KiB faults: time per page touched' font 'sans,14'
$data << EOD
"read" 1.11999 1.11995 1.12058 1.12775 1.12743 1.12907 4.09194 4.09096 4.0973 5.2157 5.21532 5.21819
"write" 4.07794 4.07779 4.08067 4.78447 4.7842 4.80449 5.16164 5.16156 5.16184 4.53073 4.52964 4.5309
"write-after-read" 4.14698 4.14685 4.17429 4.81727 4.81719 4.81756 9.21592 9.21573 9.21727 9.67154 9.67086 9.68762
EOD
set style data histogram
set style histogram errorbars gap 1 lw 1
set style fill solid 0.75 border -1
set yrange [0:*]
set xtics rotate by 30 right
set xlabel 'access'
set ylabel 'time per page (k insn-ns)'
plot $data using 2:3:4:xtic(1) title 'pagecache (warm)/ext4', '' using 5:6:7 title 'pagecache (warm)/xfs', '' using 8:9:10 title 'dax-inode/ext4', '' using 11:12:13 title 'dax-inode/xfs'
