# Rendered by daxbench report; run `gnuplot fig-ab-run2-vs-run1.gp` to redraw.
set terminal svg size 1000,1322 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-ab-run2-vs-run1.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'A/B time ratio: run 2 (new.json) / run 1 (base.json)' font 'sans,14'
$v0 << EOD
0 1.28122 1.28059 1.28185
1 1.27212 1.27036 1.27223
2 1.27002 1.2683 1.27063
3 1.26779 1.26767 1.26802
4 1.23325 1.23282 1.2334
5 1.23087 1.23058 1.2312
6 1.08781 1.08756 1.08809
7 1.08682 1.08622 1.08729
8 1.06479 1.06219 1.06628
9 1.06364 1.06229 1.06507
10 1.0507 1.05039 1.05136
11 1.05035 1.0498 1.05082
0 ? ? ?
EOD
$v1 << EOD
12 0.96049 0.959846 0.960559
13 0.960444 0.960038 0.960467
14 0.960424 0.960383 0.960495
15 0.960338 0.960169 0.960346
16 0.935594 0.925635 0.936259
17 0.93547 0.935055 0.936373
18 0.93545 0.935107 0.935898
19 0.935426 0.935306 0.935597
20 0.933641 0.931526 0.943081
21 0.933253 0.933209 0.934631
22 0.933239 0.933198 0.933664
23 0.933206 0.932819 0.933651
24 0.933109 0.933061 0.933244
25 0.93229 0.928909 0.939196
26 0.922284 0.915648 0.926458
27 0.921134 0.913737 0.926968
28 0.89349 0.893111 0.893663
29 0.893309 0.893064 0.893883
30 0.893278 0.874629 0.893497
31 0.893072 0.892833 0.89312
32 0.88587 0.867377 0.893052
33 0.880375 0.874871 0.886263
34 0.875108 0.858396 0.882361
35 0.87318 0.87183 0.883754
36 0.8726 0.86229 0.874023
37 0.864756 0.849966 0.870391
38 0.863678 0.846167 0.883055
39 0.854378 0.836077 0.861054
40 0.837356 0.836928 0.837671
41 0.837229 0.836652 0.837488
42 0.837226 0.836753 0.83735
43 0.837113 0.837004 0.837328
44 0.254099 0.253997 0.255125
45 0.254009 0.25305 0.254067
46 0.253935 0.253666 0.253991
47 0.253865 0.253802 0.254018
0 ? ? ?
EOD
$v2 << EOD
0 ? ? ?
EOD
$v3 << EOD
0 ? ? ?
EOD
set ytics ('read/pte/cache:bypassed/dax-always/ext4' 0, 'write-after-read/pte/cache:bypassed/dax-always/ext4' 1, 'write-after-read/pte/cache:bypassed/dax-inode/ext4' 2, 'read/pte/cache:bypassed/dax-inode/ext4' 3, 'write/pte/cache:bypassed/dax-always/ext4' 4, 'write/pte/cache:bypassed/dax-inode/ext4' 5, 'write/pte/cache:bypassed/dax-inode/xfs' 6, 'write/pte/cache:bypassed/dax-always/xfs' 7, 'write-after-read/pte/cache:bypassed/dax-inode/xfs' 8, 'write-after-read/pte/cache:bypassed/dax-always/xfs' 9, 'read/pte/cache:bypassed/dax-inode/xfs' 10, 'read/pte/cache:bypassed/dax-always/xfs' 11, 'write/pmd/cache:warm/dax-inode-off/ext4' 12, 'write/pte/cache:warm/pagecache/ext4' 13, 'write/pmd/cache:warm/pagecache/ext4' 14, 'write/pte/cache:warm/dax-inode-off/ext4' 15, 'write/pte/cache:warm/pagecache/xfs' 16, 'write/pmd/cache:warm/pagecache/xfs' 17, 'write/pte/cache:warm/dax-inode-off/xfs' 18, 'write/pmd/cache:warm/dax-inode-off/xfs' 19, 'write-after-read/pmd/cache:bypassed/dax-inode/xfs' 20, 'write-after-read/pmd/cache:warm/pagecache/ext4' 21, 'write-after-read/pte/cache:warm/pagecache/ext4' 22, 'write-after-read/pmd/cache:warm/dax-inode-off/ext4' 23, 'write-after-read/pte/cache:warm/dax-inode-off/ext4' 24, 'write-after-read/pmd/cache:bypassed/dax-always/xfs' 25, 'write-after-read/pmd/cache:bypassed/dax-always/ext4' 26, 'write-after-read/pmd/cache:bypassed/dax-inode/ext4' 27, 'read/pte/cache:warm/dax-inode-off/ext4' 28, 'read/pmd/cache:warm/dax-inode-off/ext4' 29, 'read/pte/cache:warm/pagecache/ext4' 30, 'read/pmd/cache:warm/pagecache/ext4' 31, 'write/pmd/cache:bypassed/dax-inode/xfs' 32, 'write/pmd/cache:bypassed/dax-always/xfs' 33, 'read/pmd/cache:bypassed/dax-always/xfs' 34, 'write/pmd/cache:bypassed/dax-inode/ext4' 35, 'write/pmd/cache:bypassed/dax-always/ext4' 36, 'read/pmd/cache:bypassed/dax-always/ext4' 37, 'read/pmd/cache:bypassed/dax-inode/xfs' 38, 'read/pmd/cache:bypassed/dax-inode/ext4' 39, 'write-after-read/pmd/cache:warm/pagecache/xfs' 40, 'write-after-read/pmd/cache:warm/dax-inode-off/xfs' 41, 'write-after-read/pte/cache:warm/dax-inode-off/xfs' 42, 'write-after-read/pte/cache:warm/pagecache/xfs' 43, 'read/pmd/cache:warm/pagecache/xfs' 44, 'read/pmd/cache:warm/dax-inode-off/xfs' 45, 'read/pte/cache:warm/dax-inode-off/xfs' 46, 'read/pte/cache:warm/pagecache/xfs' 47)
set yrange [47.7:-0.7]
set grid xtics lc rgb '#dddddd'
set logscale x 2
set xlabel 'time ratio new/base (median), 95 % CI, log scale'
set arrow from 1, graph 0 to 1, graph 1 nohead lc rgb '#000000'
set arrow from 0.98, graph 0 to 0.98, graph 1 nohead dt 2 lc rgb '#888888'
set arrow from 1.02, graph 0 to 1.02, graph 1 nohead dt 2 lc rgb '#888888'
plot $v0 using 2:1:3:4 with xerrorbars pt 7 ps 1 lw 1.5 lc rgb '#d62828' title 'regressed', $v1 using 2:1:3:4 with xerrorbars pt 7 ps 1 lw 1.5 lc rgb '#2a9d8f' title 'improved', $v2 using 2:1:3:4 with xerrorbars pt 7 ps 1 lw 1.5 lc rgb '#555555' title 'unchanged', $v3 using 2:1:3:4 with xerrorbars pt 7 ps 1 lw 1.5 lc rgb '#e9c46a' title 'noisy'
