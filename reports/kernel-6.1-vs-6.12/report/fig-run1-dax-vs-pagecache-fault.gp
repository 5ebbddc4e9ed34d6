# Rendered by daxbench report; run `gnuplot fig-run1-dax-vs-pagecache-fault.gp` to redraw.
set terminal svg size 2080,580 dynamic font 'sans,11' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-dax-vs-pagecache-fault.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'fault: DAX vs page cache, run 1 (base.json)'
$data << EOD
"read/pte" 2.32819e+06 2.32612e+06 2.32879e+06 2.34476e+06 2.34429e+06 2.34518e+06 2.3291e+06 2.32875e+06 2.32955e+06 2.34478e+06 2.34455e+06 2.34547e+06 8.5544e+06 8.5539e+06 8.56178e+06 1.08091e+07 1.08086e+07 1.08149e+07 8.59871e+06 8.59836e+06 8.59928e+06 1.0889e+07 1.08884e+07 1.08957e+07
"read/pmd" 2.32826e+06 2.32679e+06 2.32852e+06 2.34482e+06 2.34425e+06 2.34492e+06 2.32918e+06 2.32885e+06 2.3301e+06 2.34478e+06 2.34431e+06 2.34565e+06 52971.2 52525.7 53401.1 54060.8 53513.7 54256.7 53049.2 52845.9 53469.9 53816.1 53625.3 54089.7
"write/pte" 8.70318e+06 8.70031e+06 8.70579e+06 9.92438e+06 9.92291e+06 9.92657e+06 8.69907e+06 8.69634e+06 8.70052e+06 9.92426e+06 9.92314e+06 9.92691e+06 1.07039e+07 1.07009e+07 1.07082e+07 9.45487e+06 9.4522e+06 9.45928e+06 1.07501e+07 1.07492e+07 1.07515e+07 9.53433e+06 9.5312e+06 9.53836e+06
"write/pmd" 8.7031e+06 8.70082e+06 8.70472e+06 9.92409e+06 9.9231e+06 9.92564e+06 8.70076e+06 8.69797e+06 8.70085e+06 9.92439e+06 9.92304e+06 9.92576e+06 69810.3 69463.9 70080.9 67654.3 67257.8 67824.6 69911.7 69678.2 70178.7 67526.1 67340.7 67733.7
"write-after-read/pte" 8.854e+06 8.85226e+06 8.85972e+06 1.00115e+07 1.00076e+07 1.00136e+07 8.85294e+06 8.8523e+06 8.85576e+06 1.00091e+07 1.00073e+07 1.00105e+07 1.91258e+07 1.91219e+07 1.91317e+07 2.01781e+07 2.01515e+07 2.0179e+07 1.92154e+07 1.92121e+07 1.92221e+07 2.03364e+07 2.0305e+07 2.03398e+07
"write-after-read/pmd" 8.85304e+06 8.85229e+06 8.85401e+06 1.0009e+07 1.00075e+07 1.00149e+07 8.85621e+06 8.85312e+06 8.86037e+06 1.00105e+07 1.00075e+07 1.00152e+07 104467 104136 104975 103080 102619 103113 104639 104565 105132 103180 103088 103346
EOD
set style data histogram
set style histogram errorbars gap 1 lw 1
set style fill solid 0.7 border -1
set logscale y
set xtics rotate by 20 right
set ylabel 'median time per iteration (instruction-ns)'
plot $data using 2:3:4:xtic(1) title 'pagecache (warm)/ext4', '' using 5:6:7 title 'pagecache (warm)/xfs', '' using 8:9:10 title 'dax-inode-off (warm)/ext4', '' using 11:12:13 title 'dax-inode-off (warm)/xfs', '' using 14:15:16 title 'dax-inode/ext4', '' using 17:18:19 title 'dax-inode/xfs', '' using 20:21:22 title 'dax-always/ext4', '' using 23:24:25 title 'dax-always/xfs'
