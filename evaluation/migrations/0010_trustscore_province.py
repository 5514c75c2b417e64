"""The organization's province on its score row, kept equal by the recompute and, when a profile
moves, by a trigger on the organizations table (an edit, an import, a merge or the admin: whatever
writes the row)."""

from django.db import migrations, models

FILL = """
UPDATE evaluation_trustscore ts SET province_code = o.province_id
FROM orgs_organization o WHERE o.id = ts.organization_id AND ts.province_code IS DISTINCT FROM o.province_id
"""

TRIGGER = """
CREATE FUNCTION evaluation_trustscore_follow_province() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE evaluation_trustscore SET province_code = NEW.province_id WHERE organization_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER evaluation_trustscore_follow_province
AFTER UPDATE OF province_id ON orgs_organization
FOR EACH ROW WHEN (OLD.province_id IS DISTINCT FROM NEW.province_id)
EXECUTE FUNCTION evaluation_trustscore_follow_province();
"""

DROP_TRIGGER = """
DROP TRIGGER IF EXISTS evaluation_trustscore_follow_province ON orgs_organization;
DROP FUNCTION IF EXISTS evaluation_trustscore_follow_province();
"""


class Migration(migrations.Migration):

    dependencies = [
        ("evaluation", "0009_trustscore_fillfactor"),
        ("orgs", "0015_trust_summary_table"),
    ]

    operations = [
        migrations.AddField(
            model_name="trustscore",
            name="province_code",
            field=models.CharField(blank=True, default="", max_length=6, verbose_name="province"),
        ),
        migrations.RunSQL(sql=FILL, reverse_sql=migrations.RunSQL.noop),
        migrations.RunSQL(sql=TRIGGER, reverse_sql=DROP_TRIGGER),
    ]
