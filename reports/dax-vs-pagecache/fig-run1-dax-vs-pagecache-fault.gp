# Rendered by daxbench report; run `gnuplot fig-run1-dax-vs-pagecache-fault.gp` to redraw.
set terminal svg size 1760,580 dynamic font 'sans,11' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-dax-vs-pagecache-fault.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'fault: DAX vs page cache, run 1 (dax-vs-pagecache.json)'
$data << EOD
"read/pte" 5.1471e+07 5.14143e+07 5.69872e+07 5.35382e+07 5.22377e+07 5.66236e+07 5.25565e+07 5.16374e+07 5.36886e+07 5.24087e+07 5.22402e+07 5.64387e+07 1.27349e+08 1.2292e+08 1.57234e+08 1.40631e+08 1.38017e+08 1.42764e+08 1.29314e+08 1.26478e+08 1.43796e+08 1.39164e+08 1.36632e+08 1.72093e+08
"write/pte" 1.41516e+08 1.376e+08 1.43416e+08 1.45757e+08 1.42854e+08 1.80968e+08 1.40563e+08 1.38197e+08 1.4361e+08 1.52224e+08 1.48212e+08 1.78823e+08 1.69479e+08 1.51205e+08 1.70183e+08 1.40358e+08 1.35654e+08 1.44925e+08 1.66345e+08 1.54997e+08 1.85655e+08 1.34209e+08 1.32678e+08 1.36848e+08
"write-after-read/pte" 1.69611e+08 1.67638e+08 1.71458e+08 1.76039e+08 1.69333e+08 2.1898e+08 1.73849e+08 1.6851e+08 1.79424e+08 1.78684e+08 1.72825e+08 1.98381e+08 2.90264e+08 2.88866e+08 2.99911e+08 2.76293e+08 2.69926e+08 2.92717e+08 2.87513e+08 2.67927e+08 2.96687e+08 2.70785e+08 2.66999e+08 2.77233e+08
"write/pmd" 1.42307e+08 1.38507e+08 1.45438e+08 1.50781e+08 1.45125e+08 1.71833e+08 1.39187e+08 1.36834e+08 1.51667e+08 1.46127e+08 1.44649e+08 1.47566e+08 3.22114e+07 2.94481e+07 3.57392e+07 3.09485e+07 2.98523e+07 3.78907e+07 3.18242e+07 3.06772e+07 3.43883e+07 3.20114e+07 3.14249e+07 3.33832e+07
"write/pmd-misaligned" 1.4387e+08 1.40448e+08 1.466e+08 1.46471e+08 1.43584e+08 1.60634e+08 1.40852e+08 1.37121e+08 1.44094e+08 1.43388e+08 1.42388e+08 1.47003e+08 1.73996e+08 1.52518e+08 1.90901e+08 1.34343e+08 1.32748e+08 1.36946e+08 1.73969e+08 1.54902e+08 1.75633e+08 1.39601e+08 1.36546e+08 1.50527e+08
EOD
set style data histogram
set style histogram errorbars gap 1 lw 1
set style fill solid 0.7 border -1
set logscale y
set xtics rotate by 20 right
set ylabel 'median time per iteration (ns)'
plot $data using 2:3:4:xtic(1) title 'pagecache (warm)/ext4', '' using 5:6:7 title 'pagecache (warm)/xfs', '' using 8:9:10 title 'dax-inode-off (warm)/ext4', '' using 11:12:13 title 'dax-inode-off (warm)/xfs', '' using 14:15:16 title 'dax-inode/ext4', '' using 17:18:19 title 'dax-inode/xfs', '' using 20:21:22 title 'dax-always/ext4', '' using 23:24:25 title 'dax-always/xfs'
