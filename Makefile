# The two commands of the README. Each installs what is missing first.
# `make bench` runs the performance benchmark (README, "Benchmark").
.PHONY: run run-postgres test bench simulate

run:
	scripts/run.sh

# The same on a throwaway PostgreSQL cluster, deleted when the server stops.
run-postgres:
	scripts/postgres.sh run

test:
	scripts/test.sh

bench:
	scripts/bench.sh

# Feeds the server of `make run` with conversations from simulated channels
# (README, "Channels"); options after ARGS=, such as ARGS="--rate 30".
simulate:
	node scripts/simulate-channels.mjs $(ARGS)
