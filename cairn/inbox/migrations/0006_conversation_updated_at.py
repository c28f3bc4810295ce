import django.utils.timezone
from django.db import migrations, models
from django.db.models import F
from django.db.models.functions import Coalesce


def from_last_message(apps, schema_editor):
    """A conversation's last change, for those written before the field: its last message,
    or its arrival."""
    Conversation = apps.get_model("inbox", "Conversation")
    Conversation.objects.update(updated_at=Coalesce(F("last_message_at"), F("created_at")))


class Migration(migrations.Migration):
    dependencies = [
        ("inbox", "0005_saved_answer_version_faq_english"),
    ]

    operations = [
        migrations.AddField(
            model_name="conversation",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, default=django.utils.timezone.now, verbose_name="modifiée le"),
            preserve_default=False,
        ),
        migrations.RunPython(from_last_message, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="conversation",
            index=models.Index(fields=["updated_at"], name="inbox_conv_updated"),
        ),
    ]
