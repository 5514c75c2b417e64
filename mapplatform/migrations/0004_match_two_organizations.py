"""The database refuses a match whose need and offer belong to the same organization.

A CHECK constraint cannot look at another table, so a trigger compares the two posts'
organizations whenever a match is written (a personal offer has no organization and passes).
The service refuses it first with a readable message; this keeps every other path honest.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION mapplatform_match_two_organizations() RETURNS trigger AS $$
DECLARE
    need_org bigint;
    offer_org bigint;
BEGIN
    SELECT organization_id INTO need_org FROM mapplatform_resourcepost WHERE id = NEW.need_id;
    SELECT organization_id INTO offer_org FROM mapplatform_resourcepost WHERE id = NEW.offer_id;
    IF need_org IS NOT NULL AND need_org = offer_org THEN
        RAISE EXCEPTION 'match_two_organizations: need and offer belong to organization %', need_org
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER match_two_organizations
    BEFORE INSERT OR UPDATE OF need_id, offer_id ON mapplatform_match
    FOR EACH ROW EXECUTE FUNCTION mapplatform_match_two_organizations();
"""

DROP = """
DROP TRIGGER IF EXISTS match_two_organizations ON mapplatform_match;
DROP FUNCTION IF EXISTS mapplatform_match_two_organizations();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("mapplatform", "0003_match_two_confirmers"),
    ]

    operations = [migrations.RunSQL(CREATE, DROP)]
