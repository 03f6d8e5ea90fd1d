# Token throughput against concurrency (docs/perf/token-throughput.png), from the data file
# bench/report.py writes: conns, HTTP tokens/s, TLS tokens/s, peer tokens/s, raw RS256 sign/s.
# Usage: gnuplot -e "datafile='...'; outfile='...'" bench/plot.gp
set terminal pngcairo size 900,540 font "sans,11"
set output outfile
set title "xfx-authd RS256 token endpoint vs concurrency (wrk keep-alive, 127.0.0.1)"
set xlabel "wrk connections"
set ylabel "tokens / s"
set logscale x 2
set xtics (1, 2, 8, 32, 128)
set xrange [0.8:180]
set grid
set key outside bottom center horizontal
set yrange [0:*]
set datafile missing "?"
plot datafile using 1:5 with lines lw 2 dt 2 lc rgb "#aa0000" title "raw RS256 sign rate (jose, all cores)", \
     datafile using 1:($5*0.8) with lines lw 1 dt 3 lc rgb "#aa0000" title "0.8 x sign rate (target)", \
     datafile using 1:2 with linespoints lw 2 pt 7 lc rgb "#0060c0" title "xfx-authd HTTP", \
     datafile using 1:3 with linespoints lw 2 pt 5 lc rgb "#00a040" title "xfx-authd TLS", \
     datafile using 1:4 with linespoints lw 2 pt 9 lc rgb "#808080" title "node-oidc-provider HTTP"
