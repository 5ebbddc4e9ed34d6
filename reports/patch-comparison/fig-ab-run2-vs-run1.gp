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
0 1.00024 0.999713 1.0004
1 1.00011 0.999843 1.00022
2 1.00041 0.999739 1.00053
3 1.00027 1.00019 1.00038
4 1.00156 0.995005 1.00259
5 1.00145 0.995114 1.00261
6 0.999946 0.998872 1.00107
7 1.00004 0.998384 1.00114
8 1.0002 0.996028 1.00296
9 1.00038 1.00023 1.00065
10 1.00133 1.00124 1.00135
11 1.00136 1.00127 1.00143
12 1.00018 0.998872 1.00144
13 1.00116 0.998356 1.00556
14 1.00038 1.00028 1.00076
15 0.998901 0.996774 1.00013
16 1.00047 1.0003 1.0005
17 1.00042 0.998066 1.00239
18 1.00022 0.999744 1.00045
19 0.998728 0.99748 1.00198
20 1.00015 0.999976 1.00052
21 1.00174 0.989627 1.00756
22 1.00017 0.998505 1.00053
23 0.99964 0.998311 1.00096
0 ? ? ?
EOD
$v3 << EOD
0 ? ? ?
EOD
set ytics ('read/pte/cache:warm/pagecache/ext4' 0, 'read/pmd/cache:warm/pagecache/ext4' 1, 'write/pte/cache:warm/pagecache/ext4' 2, 'write/pmd/cache:warm/pagecache/ext4' 3, 'write-after-read/pte/cache:warm/pagecache/ext4' 4, 'write-after-read/pmd/cache:warm/pagecache/ext4' 5, 'read/pte/cache:warm/pagecache/xfs' 6, 'read/pmd/cache:warm/pagecache/xfs' 7, 'write/pte/cache:warm/pagecache/xfs' 8, 'write/pmd/cache:warm/pagecache/xfs' 9, 'write-after-read/pte/cache:warm/pagecache/xfs' 10, 'write-after-read/pmd/cache:warm/pagecache/xfs' 11, 'read/pte/cache:bypassed/dax-inode/ext4' 12, 'read/pmd/cache:bypassed/dax-inode/ext4' 13, 'write/pte/cache:bypassed/dax-inode/ext4' 14, 'write/pmd/cache:bypassed/dax-inode/ext4' 15, 'write-after-read/pte/cache:bypassed/dax-inode/ext4' 16, 'write-after-read/pmd/cache:bypassed/dax-inode/ext4' 17, 'read/pte/cache:bypassed/dax-inode/xfs' 18, 'read/pmd/cache:bypassed/dax-inode/xfs' 19, 'write/pte/cache:bypassed/dax-inode/xfs' 20, 'write/pmd/cache:bypassed/dax-inode/xfs' 21, 'write-after-read/pte/cache:bypassed/dax-inode/xfs' 22, 'write-after-read/pmd/cache:bypassed/dax-inode/xfs' 23)
set yrange [23.7:-0.7]
set grid xtics lc rgb '#dddddd'
set xlabel 'time ratio new/base (median), 95 % CI'
set arrow from 1, graph 0 to 1, graph 1 nohead lc rgb '#000000'
set arrow from 0.98, graph 0 to 0.98, graph 1 nohead dt 2 lc rgb '#888888'
set arrow from 1.02, graph 0 to 1.02, graph 1 nohead dt 2 lc rgb '#888888'
plot $v0 using 2:1:3:4 with xerrorbars pt 7 ps 1 lw 1.5 lc rgb '#d62828' title 'regressed', $v1 using 2:1:3:4 with xerrorbars pt 7 ps 1 lw 1.5 lc rgb '#2a9d8f' title 'improved', $v2 using 2:1:3:4 with xerrorbars pt 7 ps 1 lw 1.5 lc rgb '#555555' title 'unchanged', $v3 using 2:1:3:4 with xerrorbars pt 7 ps 1 lw 1.5 lc rgb '#e9c46a' title 'noisy'
