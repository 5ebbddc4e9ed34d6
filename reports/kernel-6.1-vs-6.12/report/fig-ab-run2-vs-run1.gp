# Rendered by daxbench report; run `gnuplot fig-ab-run2-vs-run1.gp` to redraw.
set terminal svg size 1000,1322 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-ab-run2-vs-run1.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'A/B time ratio: run 2 (new.json) / run 1 (base.json)' font 'sans,14'
$v0 << EOD
12 1.26614 1.26505 1.26652
14 1.22867 1.22818 1.22907
16 1.26742 1.26568 1.26843
18 1.05085 1.05029 1.05122
20 1.08785 1.08734 1.08816
22 1.06385 1.06237 1.06525
36 1.27943 1.27884 1.28014
38 1.23064 1.23013 1.23102
40 1.26935 1.2679 1.27002
42 1.0498 1.04915 1.05047
44 1.08689 1.08577 1.08754
46 1.06345 1.06155 1.06509
0 ? ? ?
EOD
$v1 << EOD
0 0.893217 0.892866 0.894012
1 0.892602 0.892498 0.893407
2 0.95985 0.959562 0.960645
3 0.959839 0.959659 0.960215
4 0.932834 0.932231 0.933349
5 0.932957 0.932854 0.933047
6 0.255852 0.255755 0.25608
7 0.255945 0.255883 0.256262
8 0.935388 0.935181 0.93553
9 0.935468 0.93518 0.935591
10 0.836897 0.836377 0.837595
11 0.837017 0.836521 0.837143
13 0.891896 0.875616 0.904202
15 0.922225 0.896857 0.931833
17 0.951562 0.939069 0.954582
19 0.899028 0.891119 0.914381
21 0.927162 0.917565 0.936227
23 0.955334 0.950121 0.962252
24 0.892838 0.892661 0.893273
25 0.892956 0.89254 0.893519
26 0.960449 0.960285 0.960821
27 0.960041 0.960015 0.960393
28 0.933309 0.932923 0.933602
29 0.932613 0.932175 0.933023
30 0.255815 0.255733 0.256213
31 0.256302 0.255932 0.256363
32 0.935384 0.935076 0.935489
33 0.935343 0.9351 0.93547
34 0.836883 0.836619 0.837131
35 0.836743 0.836344 0.837259
37 0.898761 0.891689 0.91149
39 0.922707 0.918834 0.932667
41 0.948585 0.944137 0.95401
43 0.900057 0.885501 0.921686
45 0.934188 0.925533 0.940853
47 0.956124 0.951161 0.961135
0 ? ? ?
EOD
$v2 << EOD
0 ? ? ?
EOD
$v3 << EOD
0 ? ? ?
EOD
set ytics ('read/pte/cache:warm/pagecache/ext4' 0, 'read/pmd/cache:warm/pagecache/ext4' 1, 'write/pte/cache:warm/pagecache/ext4' 2, 'write/pmd/cache:warm/pagecache/ext4' 3, 'write-after-read/pte/cache:warm/pagecache/ext4' 4, 'write-after-read/pmd/cache:warm/pagecache/ext4' 5, 'read/pte/cache:warm/pagecache/xfs' 6, 'read/pmd/cache:warm/pagecache/xfs' 7, 'write/pte/cache:warm/pagecache/xfs' 8, 'write/pmd/cache:warm/pagecache/xfs' 9, 'write-after-read/pte/cache:warm/pagecache/xfs' 10, 'write-after-read/pmd/cache:warm/pagecache/xfs' 11, 'read/pte/cache:bypassed/dax-inode/ext4' 12, 'read/pmd/cache:bypassed/dax-inode/ext4' 13, 'write/pte/cache:bypassed/dax-inode/ext4' 14, 'write/pmd/cache:bypassed/dax-inode/ext4' 15, 'write-after-read/pte/cache:bypassed/dax-inode/ext4' 16, 'write-after-read/pmd/cache:bypassed/dax-inode/ext4' 17, 'read/pte/cache:bypassed/dax-inode/xfs' 18, 'read/pmd/cache:bypassed/dax-inode/xfs' 19, 'write/pte/cache:bypassed/dax-inode/xfs' 20, 'write/pmd/cache:bypassed/dax-inode/xfs' 21, 'write-after-read/pte/cache:bypassed/dax-inode/xfs' 22, 'write-after-read/pmd/cache:bypassed/dax-inode/xfs' 23, 'read/pte/cache:warm/dax-inode-off/ext4' 24, 'read/pmd/cache:warm/dax-inode-off/ext4' 25, 'write/pte/cache:warm/dax-inode-off/ext4' 26, 'write/pmd/cache:warm/dax-inode-off/ext4' 27, 'write-after-read/pte/cache:warm/dax-inode-off/ext4' 28, 'write-after-read/pmd/cache:warm/dax-inode-off/ext4' 29, 'read/pte/cache:warm/dax-inode-off/xfs' 30, 'read/pmd/cache:warm/dax-inode-off/xfs' 31, 'write/pte/cache:warm/dax-inode-off/xfs' 32, 'write/pmd/cache:warm/dax-inode-off/xfs' 33, 'write-after-read/pte/cache:warm/dax-inode-off/xfs' 34, 'write-after-read/pmd/cache:warm/dax-inode-off/xfs' 35, 'read/pte/cache:bypassed/dax-always/ext4' 36, 'read/pmd/cache:bypassed/dax-always/ext4' 37, 'write/pte/cache:bypassed/dax-always/ext4' 38, 'write/pmd/cache:bypassed/dax-always/ext4' 39, 'write-after-read/pte/cache:bypassed/dax-always/ext4' 40, 'write-after-read/pmd/cache:bypassed/dax-always/ext4' 41, 'read/pte/cache:bypassed/dax-always/xfs' 42, 'read/pmd/cache:bypassed/dax-always/xfs' 43, 'write/pte/cache:bypassed/dax-always/xfs' 44, 'write/pmd/cache:bypassed/dax-always/xfs' 45, 'write-after-read/pte/cache:bypassed/dax-always/xfs' 46, 'write-after-read/pmd/cache:bypassed/dax-always/xfs' 47)
set yrange [47.7:-0.7]
set grid xtics lc rgb '#dddddd'
set xlabel 'time ratio new/base (median), 95 % CI'
set arrow from 1, graph 0 to 1, graph 1 nohead lc rgb '#000000'
set arrow from 0.98, graph 0 to 0.98, graph 1 nohead dt 2 lc rgb '#888888'
set arrow from 1.02, graph 0 to 1.02, graph 1 nohead dt 2 lc rgb '#888888'
plot $v0 using 2:1:3:4 with xerrorbars pt 7 ps 1 lw 1.5 lc rgb '#d62828' title 'regressed', $v1 using 2:1:3:4 with xerrorbars pt 7 ps 1 lw 1.5 lc rgb '#2a9d8f' title 'improved', $v2 using 2:1:3:4 with xerrorbars pt 7 ps 1 lw 1.5 lc rgb '#555555' title 'unchanged', $v3 using 2:1:3:4 with xerrorbars pt 7 ps 1 lw 1.5 lc rgb '#e9c46a' title 'noisy'
