# Rendered by daxbench report; run `gnuplot fig-run1-pmd.gp` to redraw.
set terminal svg size 1240,730 dynamic font 'sans,11' background '#ffffff'
set termoption noenhanced
set output 'fig-run1-pmd.svg'
set datafile missing '?'
set grid ytics lc rgb '#dddddd'
set key below
set title 'PMD faults mapped vs fallback, run 1 (dax-vs-pagecache.json)'
$data << EOD
"pmd/cache:warm/pagecache/ext4" 0 0
"pmd-misaligned/cache:warm/pagecache/ext4" 0 0
"pmd/cache:warm/pagecache/xfs" 0 0
"pmd-misaligned/cache:warm/pagecache/xfs" 0 0
"pmd/cache:bypassed/dax-inode/ext4" 32 0
"pmd-misaligned/cache:bypassed/dax-inode/ext4" 0 32
"pmd/cache:bypassed/dax-inode/xfs" 32 0
"pmd-misaligned/cache:bypassed/dax-inode/xfs" 0 32
"pmd/cache:warm/dax-inode-off/ext4" 0 0
"pmd-misaligned/cache:warm/dax-inode-off/ext4" 0 0
"pmd/cache:warm/dax-inode-off/xfs" 0 0
"pmd-misaligned/cache:warm/dax-inode-off/xfs" 0 0
"pmd/cache:bypassed/dax-always/ext4" 32 0
"pmd-misaligned/cache:bypassed/dax-always/ext4" 0 32
"pmd/cache:bypassed/dax-always/xfs" 32 0
"pmd-misaligned/cache:bypassed/dax-always/xfs" 0 32
EOD
set style data histogram
set style histogram rowstacked
set style fill solid 0.8 border -1
set boxwidth 0.6
set xtics rotate by 90 right
set yrange [0:*]
set ylabel 'PMD faults per iteration (median)'
plot $data using 2:xtic(1) title 'mapped as PMD (pmd_mapped_per_iteration)' lc rgb '#2a9d8f', '' using 3 title 'fell back to PTE (pmd_fallback_per_iteration)' lc rgb '#e76f51'
