# Rendered by daxbench report; run `gnuplot fig-ab-run2-vs-run1.gp` to redraw.
set terminal svg size 1000,746 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-ab-run2-vs-run1.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'A/B time ratio: run 2 (new.json) / run 1 (base.json)' font 'sans,14'
$v0 << EOD
0 ? ? ?
EOD
$v1 << EOD
0 ? ? ?
EOD
$v2 << EOD
0 1.00154 0.994273 1.01038
1 1.00134 1.00117 1.00175
2 1.00133 1.00132 1.00136
3 1.00112 1.00089 1.00116
4 1.00107 1.001 1.00176
6 1.0002 1.00005 1.00053
7 1.00019 0.999833 1.00041
8 1.00018 1.00015 1.00042
9 1.0001 0.999731 1.00018
10 1.00009 0.99995 1.00022
11 1.00008 0.99973 1.0005
12 0.999915 0.999746 1.00024
13 0.999899 0.999433 0.999932
14 0.999884 0.999732 1.00037
15 0.999876 0.998535 1.0015
16 0.99987 0.999504 1.00024
17 0.999828 0.999803 1.00088
18 0.999819 0.99973 0.999857
19 0.998539 0.996569 0.999782
20 0.997569 0.991664 1.00327
21 0.997534 0.991517 1.00163
22 0.996831 0.995144 1.00103
23 0.996299 0.991554 1.00679
0 ? ? ?
EOD
$v3 << EOD
5 1.0002 0.979123 1.02109
0 ? ? ?
EOD
set ytics ('read/pmd/cache:bypassed/dax-inode/ext4' 0, 'write-after-read/pmd/cache:warm/pagecache/ext4' 1, 'write-after-read/pte/cache:warm/pagecache/ext4' 2, 'write-after-read/pte/cache:warm/pagecache/xfs' 3, 'write-after-read/pmd/cache:warm/pagecache/xfs' 4, 'read/pte/cache:warm/pagecache/ext4' 5, 'read/pte/cache:bypassed/dax-inode/xfs' 6, 'write/pmd/cache:warm/pagecache/ext4' 7, 'write/pte/cache:warm/pagecache/ext4' 8, 'write/pte/cache:warm/pagecache/xfs' 9, 'write/pmd/cache:warm/pagecache/xfs' 10, 'read/pte/cache:bypassed/dax-inode/ext4' 11, 'write-after-read/pte/cache:bypassed/dax-inode/ext4' 12, 'read/pmd/cache:warm/pagecache/ext4' 13, 'write/pte/cache:bypassed/dax-inode/xfs' 14, 'write-after-read/pte/cache:bypassed/dax-inode/xfs' 15, 'write/pte/cache:bypassed/dax-inode/ext4' 16, 'read/pmd/cache:warm/pagecache/xfs' 17, 'read/pte/cache:warm/pagecache/xfs' 18, 'write-after-read/pmd/cache:bypassed/dax-inode/ext4' 19, 'write/pmd/cache:bypassed/dax-inode/xfs' 20, 'write-after-read/pmd/cache:bypassed/dax-inode/xfs' 21, 'write/pmd/cache:bypassed/dax-inode/ext4' 22, 'read/pmd/cache:bypassed/dax-inode/xfs' 23)
set yrange [23.7:-0.7]
set grid xtics lc rgb '#dddddd'
set logscale x 2
set xlabel 'time ratio new/base (median), 95 % CI, log scale'
set arrow from 1, graph 0 to 1, graph 1 nohead lc rgb '#000000'
set arrow from 0.98, graph 0 to 0.98, graph 1 nohead dt 2 lc rgb '#888888'
set arrow from 1.02, graph 0 to 1.02, graph 1 nohead dt 2 lc rgb '#888888'
plot $v0 using 2:1:3:4 with xerrorbars pt 7 ps 1 lw 1.5 lc rgb '#d62828' title 'regressed', $v1 using 2:1:3:4 with xerrorbars pt 7 ps 1 lw 1.5 lc rgb '#2a9d8f' title 'improved', $v2 using 2:1:3:4 with xerrorbars pt 7 ps 1 lw 1.5 lc rgb '#555555' title 'unchanged', $v3 using 2:1:3:4 with xerrorbars pt 7 ps 1 lw 1.5 lc rgb '#e9c46a' title 'noisy'
