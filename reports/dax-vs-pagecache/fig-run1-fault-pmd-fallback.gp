# Rendered by daxbench report; run `gnuplot fig-run1-fault-pmd-fallback.gp` to redraw.
set terminal svg size 1000,622 dynamic font 'sans,13' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-fault-pmd-fallback.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'PMD faults fallen back to PTEs per page touched' font 'sans,14'
$data << EOD
"pte" 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
"pmd" ? ? ? 0 0 0 ? ? ? ? ? ? 0 0 0 ? ? ? ? ? ? 0 0 0 ? ? ? ? ? ? 0 0 0 ? ? ? ? ? ? 0 0 0 ? ? ? ? ? ? 0 0 0 ? ? ? ? ? ? 0 0 0 ? ? ? ? ? ? 0 0 0 ? ? ?
"pmd-misaligned" ? ? ? 0 0 0 ? ? ? ? ? ? 0 0 0 ? ? ? ? ? ? 0.00402832 0.00402832 0.00402832 ? ? ? ? ? ? 0.00201416 0.00201416 0.00201416 ? ? ? ? ? ? 0 0 0 ? ? ? ? ? ? 0 0 0 ? ? ? ? ? ? 0.00402832 0.00402832 0.00402832 ? ? ? ? ? ? 0.00201416 0.00201416 0.00201416 ? ? ?
EOD
set style data histogram
set style histogram errorbars gap 1 lw 1
set style fill solid 0.75 border -1
set yrange [0:*]
set xtics norotate
set xlabel 'pages'
set ylabel 'pmd_fallback_per_page_touched (median)'
plot $data using 2:3:4:xtic(1) title 'read/pagecache/ext4', '' using 5:6:7 title 'write/pagecache/ext4', '' using 8:9:10 title 'write-after-read/pagecache/ext4', '' using 11:12:13 title 'read/pagecache/xfs', '' using 14:15:16 title 'write/pagecache/xfs', '' using 17:18:19 title 'write-after-read/pagecache/xfs', '' using 20:21:22 title 'read/dax-inode/ext4', '' using 23:24:25 title 'write/dax-inode/ext4', '' using 26:27:28 title 'write-after-read/dax-inode/ext4', '' using 29:30:31 title 'read/dax-inode/xfs', '' using 32:33:34 title 'write/dax-inode/xfs', '' using 35:36:37 title 'write-after-read/dax-inode/xfs', '' using 38:39:40 title 'read/dax-inode-off/ext4', '' using 41:42:43 title 'write/dax-inode-off/ext4', '' using 44:45:46 title 'write-after-read/dax-inode-off/ext4', '' using 47:48:49 title 'read/dax-inode-off/xfs', '' using 50:51:52 title 'write/dax-inode-off/xfs', '' using 53:54:55 title 'write-after-read/dax-inode-off/xfs', '' using 56:57:58 title 'read/dax-always/ext4', '' using 59:60:61 title 'write/dax-always/ext4', '' using 62:63:64 title 'write-after-read/dax-always/ext4', '' using 65:66:67 title 'read/dax-always/xfs', '' using 68:69:70 title 'write/dax-always/xfs', '' using 71:72:73 title 'write-after-read/dax-always/xfs'
