# Rendered by daxbench report; run `gnuplot fig-run2-dax-vs-pagecache-fault.gp` to redraw.
set terminal svg size 1120,580 dynamic font 'sans,11' background '#ffffff'
set termoption noenhanced
set output 'fig-run2-dax-vs-pagecache-fault.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'fault: DAX vs page cache, run 2 (new.json)'
$data << EOD
"read/pte" 4.58858e+06 4.58765e+06 4.58933e+06 4.61903e+06 4.61826e+06 4.62423e+06 1.67636e+07 1.67618e+07 1.67848e+07 2.13682e+07 2.13656e+07 2.13732e+07
"read/pmd" 4.58899e+06 4.58895e+06 4.58947e+06 4.61922e+06 4.619e+06 4.62428e+06 88162.8 88112.2 88369.8 89595.4 89495.7 89887.3
"write/pte" 1.67101e+07 1.67069e+07 1.6712e+07 1.9601e+07 1.96005e+07 1.96553e+07 2.115e+07 2.11481e+07 2.11581e+07 1.85607e+07 1.85574e+07 1.85674e+07
"write/pmd" 1.67083e+07 1.6707e+07 1.67103e+07 1.96033e+07 1.96004e+07 1.96085e+07 121501 121370 121650 116252 115639 116746
"write-after-read/pte" 1.70125e+07 1.70104e+07 1.70301e+07 1.97577e+07 1.97571e+07 1.97581e+07 3.7766e+07 3.77598e+07 3.77672e+07 3.96212e+07 3.96164e+07 3.96358e+07
"write-after-read/pmd" 1.70116e+07 1.70114e+07 1.70312e+07 1.97586e+07 1.97577e+07 1.97597e+07 190189 189741 190372 186866 186683 186873
EOD
set style data histogram
set style histogram errorbars gap 1 lw 1
set style fill solid 0.7 border -1
set logscale y
set xtics rotate by 20 right
set ylabel 'median time per iteration (instruction-ns)'
plot $data using 2:3:4:xtic(1) title 'pagecache (warm)/ext4', '' using 5:6:7 title 'pagecache (warm)/xfs', '' using 8:9:10 title 'dax-inode/ext4', '' using 11:12:13 title 'dax-inode/xfs'
