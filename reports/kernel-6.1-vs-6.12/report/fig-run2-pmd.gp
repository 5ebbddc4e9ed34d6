# Rendered by daxbench report; run `gnuplot fig-run2-pmd.gp` to redraw.
set terminal svg size 1800,742 dynamic font 'sans,11' background '#ffffff'
set termoption noenhanced
set output 'fig-run2-pmd.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'PMD faults mapped vs fallback, run 2 (new.json)'
$data << EOD
"read/cache:warm/pagecache/ext4" 0 0
"write/cache:warm/pagecache/ext4" 0 0
"write-after-read/cache:warm/pagecache/ext4" 0 0
"read/cache:warm/pagecache/xfs" 0 0
"write/cache:warm/pagecache/xfs" 0 0
"write-after-read/cache:warm/pagecache/xfs" 0 0
"read/cache:bypassed/dax-inode/ext4" 4 0
"write/cache:bypassed/dax-inode/ext4" 4 0
"write-after-read/cache:bypassed/dax-inode/ext4" 8 0
"read/cache:bypassed/dax-inode/xfs" 4 0
"write/cache:bypassed/dax-inode/xfs" 4 0
"write-after-read/cache:bypassed/dax-inode/xfs" 8 0
"read/cache:warm/dax-inode-off/ext4" 0 0
"write/cache:warm/dax-inode-off/ext4" 0 0
"write-after-read/cache:warm/dax-inode-off/ext4" 0 0
"read/cache:warm/dax-inode-off/xfs" 0 0
"write/cache:warm/dax-inode-off/xfs" 0 0
"write-after-read/cache:warm/dax-inode-off/xfs" 0 0
"read/cache:bypassed/dax-always/ext4" 4 0
"write/cache:bypassed/dax-always/ext4" 4 0
"write-after-read/cache:bypassed/dax-always/ext4" 8 0
"read/cache:bypassed/dax-always/xfs" 4 0
"write/cache:bypassed/dax-always/xfs" 4 0
"write-after-read/cache:bypassed/dax-always/xfs" 8 0
EOD
set style data histogram
set style histogram rowstacked
set style fill solid 0.8 border -1
set boxwidth 0.6
set xtics rotate by 90 right
set yrange [0:*]
set ylabel 'PMD faults per iteration (median)'
plot $data using 2:xtic(1) title 'mapped as PMD (pmd_mapped_per_iteration)' lc rgb '#2a9d8f', '' using 3 title 'fell back to PTE (pmd_fallback_per_iteration)' lc rgb '#e76f51'
