# Developer entry points. Each target is a thin wrapper: the logic lives in scripts/.
#   make setup [ARGS=--no-demo]   install and prepare everything (idempotent)
#   make run   [ARGS=--no-demo]   set up, then run web + Celery worker + beat  (PORT=8001 make run)
#   make test  [ARGS="-k map -x"] set up, then all checks and tests (what CI runs)
#   make bench [ARGS="--size national"]  benchmark in its own database: 100,000 organizations by
#                                 default, 1,000,000 with --size national, --size tiny in seconds
#   make backup  [DEST=dir]          database dump + uploaded media + manifest (var/backups/)
#   make restore BACKUP=dir [ARGS="--database-url URL --clean"]  load a backup and check it
#   make messages                 extract strings into locale/*/LC_MESSAGES/django.po
#   make clean                    remove var/ (logs, mails, uploads), .venv and the egg-info

ARGS ?=

.PHONY: setup run test bench backup restore messages clean

setup:
	bash scripts/setup.sh $(ARGS)

run:
	bash scripts/run.sh $(ARGS)

test:
	bash scripts/test.sh $(ARGS)

backup:
	bash scripts/backup.sh $(DEST)

restore:
	bash scripts/restore.sh $(BACKUP) $(ARGS)
bench:
	bash scripts/bench.sh $(ARGS)

messages:
	.venv/bin/python manage.py makemessages -l zh_Hans -l en -i .venv -i var -i node_modules

clean:
	rm -rf var .venv *.egg-info
