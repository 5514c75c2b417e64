# The table comes from orgs (orgs.0006 renames orgs_sentemail to common_sentemail); this
# migration only records the model's state in its new app.
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('orgs', '0006_sentemail_to_common'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='SentEmail',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('key', models.CharField(help_text='What the email is about, e.g. membership-claim:42; one email per key.', max_length=200, unique=True, verbose_name='key')),
                        ('to', models.EmailField(max_length=254, verbose_name='recipient')),
                        ('subject', models.CharField(max_length=300, verbose_name='subject')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='queued')),
                        ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='sent')),
                    ],
                    options={
                        'verbose_name': 'sent email',
                        'verbose_name_plural': 'sent emails',
                        'ordering': ['-created_at'],
                    },
                ),
            ],
        ),
    ]
