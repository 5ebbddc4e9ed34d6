# Rendered by daxbench report; run `gnuplot fig-run1-dax-vs-pagecache-fault.gp` to redraw.
set terminal svg size 1120,580 dynamic font 'sans,11' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-dax-vs-pagecache-fault.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'fault: DAX vs page cache, run 1 (base.json)'
$data << EOD
"read/pte" 4.58748e+06 4.5873e+06 4.5899e+06 4.61928e+06 4.61797e+06 4.62467e+06 1.67606e+07 1.67566e+07 1.67825e+07 2.13635e+07 2.1362e+07 2.13737e+07
"read/pmd" 4.58847e+06 4.58817e+06 4.58971e+06 4.61904e+06 4.61885e+06 4.6267e+06 88060.2 87675.1 88272.2 89709.5 89600 89821.7
"write/pte" 1.67032e+07 1.67026e+07 1.67144e+07 1.95972e+07 1.95961e+07 1.96792e+07 2.11421e+07 2.11418e+07 2.11429e+07 1.85579e+07 1.85534e+07 1.85586e+07
"write/pmd" 1.67039e+07 1.67034e+07 1.67051e+07 1.95959e+07 1.95956e+07 1.95964e+07 121635 121585 121894 116050 115448 117470
"write-after-read/pte" 1.6986e+07 1.69855e+07 1.70979e+07 1.97315e+07 1.97312e+07 1.97327e+07 3.77484e+07 3.77476e+07 3.77539e+07 3.96146e+07 3.96118e+07 3.96805e+07
"write-after-read/pmd" 1.69869e+07 1.69865e+07 1.70951e+07 1.97317e+07 1.9731e+07 1.97335e+07 190108 189861 190219 186934 186686 187129
EOD
set style data histogram
set style histogram errorbars gap 1 lw 1
set style fill solid 0.7 border -1
set logscale y
set xtics rotate by 20 right
set ylabel 'median time per iteration (instruction-ns)'
plot $data using 2:3:4:xtic(1) title 'pagecache (warm)/ext4', '' using 5:6:7 title 'pagecache (warm)/xfs', '' using 8:9:10 title 'dax-inode/ext4', '' using 11:12:13 title 'dax-inode/xfs'
