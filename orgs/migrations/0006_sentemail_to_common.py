# SentEmail moved to the domain-free `common` app: the table is renamed here and the model's
# state is taken over by common.0001, so no row is lost.
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('orgs', '0005_trust_summary'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name='sentemail', table='common_sentemail'),
            ],
            state_operations=[
                migrations.DeleteModel(name='SentEmail'),
            ],
        ),
    ]
