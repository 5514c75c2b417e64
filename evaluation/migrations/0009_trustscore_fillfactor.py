"""Room on every page of the scores table, so a score whose evidence changed but whose indexed
columns did not (a new rating that moves no rounded score, a new method version) is rewritten in
place (a HOT update: no new entry in any of its eight indexes). Applies to pages written from now
on; `VACUUM FULL evaluation_trustscore` repacks the existing ones."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("evaluation", "0008_trusthistory_one_index"),
    ]

    operations = [
        migrations.RunSQL(
            sql="ALTER TABLE evaluation_trustscore SET (fillfactor = 70)",
            reverse_sql="ALTER TABLE evaluation_trustscore RESET (fillfactor)",
        ),
    ]
