"""Stories' images move out of MEDIA_ROOT (which the reverse proxy serves to anyone) into
the "stories" storage (PRIVATE_MEDIA_ROOT), where ``/media/stories/…`` is answered by a
view that checks the story may be seen. Their names, and so their addresses, stay the
same: the Markdown of the bodies needs no change."""

from django.core.files.storage import storages
from django.db import migrations, models

import cairn.stories.models


def move_images(apps, schema_editor):  # type: ignore[no-untyped-def]
    Story = apps.get_model("stories", "Story")
    StoryImage = apps.get_model("stories", "StoryImage")
    public, stories = storages["default"], storages["stories"]
    names = [*Story.objects.values_list("cover_image", flat=True), *StoryImage.objects.values_list("image", flat=True)]
    for name in names:
        # Idempotent: a file already moved, or never there, is left alone.
        if not name or not public.exists(name) or stories.exists(name):
            continue
        with public.open(name, "rb") as handle:
            saved = stories.save(name, handle)
        if saved != name:  # the storage chose another name: keep the public file, the address must not change
            stories.delete(saved)
            continue
        public.delete(name)


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0002_projects"),
    ]

    operations = [
        migrations.AlterField(
            model_name="story",
            name="cover_image",
            field=models.ImageField(
                max_length=200,
                storage=cairn.stories.models.story_storage,
                upload_to=cairn.stories.models.cover_path,
                verbose_name="image de couverture",
            ),
        ),
        migrations.AlterField(
            model_name="storyimage",
            name="image",
            field=models.ImageField(
                max_length=200, storage=cairn.stories.models.story_storage, upload_to=cairn.stories.models.body_image_path, verbose_name="image"
            ),
        ),
        migrations.RunPython(move_images, migrations.RunPython.noop),
    ]
