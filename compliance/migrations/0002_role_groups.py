"""Create the three role groups. Their permissions are set by compliance.roles after migrate."""

from django.db import migrations

ROLE_GROUPS = ("DPO", "Legal", "Entity coordinator")


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLE_GROUPS:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("compliance", "0001_registry"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
