# The two commands of the README. Each installs what is missing first.
# `make bench` runs the performance benchmark (README, "Benchmark").
.PHONY: run test bench

run:
	scripts/run.sh

test:
	scripts/test.sh

bench:
	scripts/bench.sh
