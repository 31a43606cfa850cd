# The two commands of the README. Everything else is set up by the scripts they call.
.PHONY: run test bench messages

run:  ## serve the portal with demo data on http://127.0.0.1:8000 (PORT=… for another)
	./scripts/run.sh

test:  ## the whole suite on real PostgreSQL and Redis (ARGS="…" passes options to pytest)
	./scripts/test.sh $(ARGS)

bench:  ## the benchmark harness: prints a table of ratios
	./scripts/bench.sh

messages:  ## update the translation catalogues after changing strings
	.venv/bin/python manage.py makemessages -l sv -l en --ignore=.venv --ignore=node_modules --ignore=.tools --no-obsolete
