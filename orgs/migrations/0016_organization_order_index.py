"""The directory's whole order in one index: (status, updated_at, id). Rows sharing an updated_at
(a bulk import) made every walk of the older index sort each such group. The new index is built
before the old one goes, so the directory is never without one."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("orgs", "0015_trust_summary_table"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="organization",
            index=models.Index(fields=["status", "-updated_at", "-id"], name="org_status_updated_id"),
        ),
        migrations.RemoveIndex(
            model_name="organization",
            name="org_status_updated",
        ),
    ]
