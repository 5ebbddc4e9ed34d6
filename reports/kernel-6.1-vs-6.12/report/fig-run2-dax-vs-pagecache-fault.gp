# Rendered by daxbench report; run `gnuplot fig-run2-dax-vs-pagecache-fault.gp` to redraw.
set terminal svg size 2080,580 dynamic font 'sans,11' background '#ffffff'
set termoption noenhanced
set output 'fig-run2-dax-vs-pagecache-fault.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'fault: DAX vs page cache, run 2 (new.json)'
$data << EOD
"read/pte" 2.07958e+06 2.07882e+06 2.08028e+06 599912 599703 600447 2.07951e+06 2.07914e+06 2.08052e+06 599831 599697 600764 1.08311e+07 1.08296e+07 1.08343e+07 1.13587e+07 1.13536e+07 1.13628e+07 1.10015e+07 1.09967e+07 1.10076e+07 1.14313e+07 1.14291e+07 1.14386e+07
"read/pmd" 2.07821e+06 2.07811e+06 2.07902e+06 600145 600008 600888 2.07985e+06 2.07922e+06 2.08116e+06 600970 600134 601095 47244.8 46382.4 47892.1 48602.2 48193 49074 47678.6 47354.7 48353.8 48437.5 47654.2 49601.5
"write/pte" 8.35374e+06 8.35299e+06 8.36066e+06 9.28314e+06 9.28208e+06 9.28324e+06 8.35501e+06 8.35474e+06 8.35813e+06 9.28299e+06 9.2819e+06 9.28384e+06 1.31516e+07 1.31464e+07 1.31559e+07 1.02855e+07 1.02824e+07 1.02879e+07 1.32295e+07 1.32254e+07 1.32336e+07 1.03627e+07 1.03521e+07 1.03669e+07
"write/pmd" 8.35357e+06 8.35311e+06 8.35677e+06 9.28366e+06 9.28093e+06 9.28475e+06 8.35309e+06 8.35288e+06 8.35615e+06 9.2827e+06 9.28056e+06 9.28368e+06 64380.8 62609.8 65051.5 62726.5 62120.7 63109.8 64508 64413.4 65204.4 63082 62497.6 63532.1
"write-after-read/pte" 8.25931e+06 8.25909e+06 8.26283e+06 8.3786e+06 8.37339e+06 8.38558e+06 8.26254e+06 8.25911e+06 8.26512e+06 8.37641e+06 8.37456e+06 8.37862e+06 2.42405e+07 2.42071e+07 2.42598e+07 2.14665e+07 2.14365e+07 2.14797e+07 2.43911e+07 2.43632e+07 2.44001e+07 2.16267e+07 2.1588e+07 2.16291e+07
"write-after-read/pmd" 8.2595e+06 8.25923e+06 8.25987e+06 8.37768e+06 8.3754e+06 8.3778e+06 8.25941e+06 8.25893e+06 8.26236e+06 8.37618e+06 8.37361e+06 8.3812e+06 99406.6 98101.5 99429.9 98475.5 97938.1 98940 99259.2 99216.2 99826.8 98653 98140.9 99170.1
EOD
set style data histogram
set style histogram errorbars gap 1 lw 1
set style fill solid 0.7 border -1
set logscale y
set xtics rotate by 20 right
set ylabel 'median time per iteration (instruction-ns)'
plot $data using 2:3:4:xtic(1) title 'pagecache (warm)/ext4', '' using 5:6:7 title 'pagecache (warm)/xfs', '' using 8:9:10 title 'dax-inode-off (warm)/ext4', '' using 11:12:13 title 'dax-inode-off (warm)/xfs', '' using 14:15:16 title 'dax-inode/ext4', '' using 17:18:19 title 'dax-inode/xfs', '' using 20:21:22 title 'dax-always/ext4', '' using 23:24:25 title 'dax-always/xfs'
