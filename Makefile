# The two commands of the README. Everything else is set up by the scripts they call.
.PHONY: run test bench messages backup restore

run:  ## serve the portal with demo data on http://127.0.0.1:8000 (PORT=… for another)
	./scripts/run.sh

test:  ## the whole suite on real PostgreSQL and Redis (ARGS="…" passes options to pytest)
	./scripts/test.sh $(ARGS)

bench:  ## the benchmark harness: prints a table of ratios
	./scripts/bench.sh

backup:  ## back up the database and the media (DIR=… a new folder; default var/backups/<time>)
	./scripts/backup.sh backup $(DIR)

restore:  ## restore DIR=… (a backup folder) into an empty database and media folder
	@test -n "$(DIR)" || { echo "Say which backup: make restore DIR=var/backups/…" >&2; exit 2; }
	./scripts/backup.sh restore $(DIR)

messages:  ## update the translation catalogues after changing strings
	.venv/bin/python manage.py makemessages -l sv -l en --ignore=.venv --ignore=node_modules --ignore=.tools --no-obsolete
