"""
The Editors group gets add, change, delete and view on the guide parts of 0003
(credentials, other titles, sources), as on every other part (0002).

The search documents are derived data, rebuilt from the guides: nobody edits them, so
the group gets no permission on them.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Editors"
MODELS = ["credential", "othertitle", "source"]
ACTIONS = ["add", "change", "delete", "view"]


def codenames():
    return [f"{action}_{model}" for model in MODELS for action in ACTIONS]


def grant(apps, schema_editor):
    using = schema_editor.connection.alias
    create_permissions(global_apps.get_app_config("roles"), verbosity=0, using=using, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = list(
        Permission.objects.using(using).filter(
            content_type__app_label="roles", codename__in=codenames()
        )
    )
    if len(permissions) != len(codenames()):
        missing = set(codenames()) - {p.codename for p in permissions}
        raise RuntimeError(f"Permissions missing for the Editors group: {sorted(missing)}")
    group, _ = Group.objects.using(using).get_or_create(name=GROUP)
    group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    using = schema_editor.connection.alias
    group = Group.objects.using(using).filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.using(using).filter(
                content_type__app_label="roles", codename__in=codenames()
            )
        )


class Migration(migrations.Migration):

    dependencies = [
        ("roles", "0003_guide_parts_and_search"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(grant, revoke),
    ]
