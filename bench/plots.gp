# SPDX-License-Identifier: GPL-2.0
# pidns benchmark plots: gnuplot -e "data='DIR'; out='DIR'" bench/plots.gp
# Reads the data files bench/plot_data.py writes (one dataset per way, headed by its name).

set terminal svg size 900,560 dynamic enhanced font "sans,12" background rgb "white"
set grid
set key below
set logscale xy
set format y "10^{%L}"
set style data linespoints

# Every dataset of a file, titled by its first line.
curves(f) = sprintf("for [i=0:%d] '%s' index i using 1:2 title columnheader(1) noenhanced lw 2 pt 7", \
		    blocks(f) - 1, f)
blocks(f) = (system(sprintf("grep -c '^\"' %s", f)) + 0)


f = data.'/sibling.dat'
if (blocks(f) > 0) {
	set output out.'/sibling.svg'
	set title "Pid of one container in its sibling, vs processes in the caller's namespace"
	set xlabel "processes"
	set ylabel "ns per lookup (TCG guest)"
	eval('plot '.curves(f))
}

f = data.'/idref.dat'
if (blocks(f) > 0) {
	set output out.'/idref.svg'
	set title "Translate by namespace id vs by fd, vs processes in the caller's namespace"
	set xlabel "processes"
	set ylabel "ns per call (TCG guest)"
	eval('plot '.curves(f))
}

f = data.'/batch.dat'
if (blocks(f) > 0) {
	set output out.'/batch.svg'
	set title "Per-pid cost of translating N pids out of a child namespace"
	set xlabel "N (pids per batch)"
	set ylabel "ns per pid (TCG guest)"
	eval('plot '.curves(f))
}

f = data.'/lastpids-task.dat'
if (blocks(f) > 0) {
	set output out.'/lastpids.svg'
	set terminal svg size 1400,560 dynamic enhanced font "sans,12" background rgb "white"
	set multiplot layout 1,3 title "ns\\_last\\_pid of every level of a chain of nested pid namespaces (TCG guest)"
	set key inside right bottom font ",10" opaque
	set xlabel "levels"
	set xrange [0.8:40]
	set xtics ("1" 1, "2" 2, "4" 4, "8" 8, "16" 16, "32" 32)
	set ylabel "ns per operation"
	set title "set the vector"
	eval('plot '.curves(data.'/lastpids-set.dat'))
	set title "read the vector"
	eval('plot '.curves(data.'/lastpids-get.dat'))
	set title "a task with a given pid on every level"
	eval('plot '.curves(f))
	unset multiplot
	set xrange [*:*]
	set xtics autofreq
	set terminal svg size 900,560 dynamic enhanced font "sans,12" background rgb "white"
	set key below font ",12"
}

f = data.'/ratios.dat'
if ((system(sprintf("wc -l < %s", f)) + 0) > 0) {
	set output out.'/ratios.svg'
	set terminal svg size 1000,700 dynamic enhanced font "sans,11" background rgb "white"
	set title "Per-call sections: each way relative to the first (mainline) way of its case, log scale"
	unset logscale x
	set logscale y
	unset xlabel
	set ylabel "ratio (1 = as fast as the baseline)"
	set xtics rotate by -60 left font ",9" noenhanced
	set style fill solid 0.7
	set boxwidth 0.7
	set key off
	set bmargin 16
	set rmargin 10
	plot f using 0:2:xtic(1) with boxes lc rgb "#4477aa", \
	     '' using 0:2:(sprintf("%.3g", $2)) with labels offset 0,0.7 font ",9", \
	     1 with lines lc rgb "black" dt 2
}
