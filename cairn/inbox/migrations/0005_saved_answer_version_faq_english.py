import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("inbox", "0004_faq")]

    operations = [
        migrations.AddField(
            model_name="savedanswer",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, default=django.utils.timezone.now),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="faqentry",
            name="question_en",
            field=models.TextField(blank=True, verbose_name="question (anglais)"),
        ),
        migrations.AddField(
            model_name="faqentry",
            name="answer_en",
            field=models.TextField(blank=True, verbose_name="réponse (anglais)"),
        ),
    ]
