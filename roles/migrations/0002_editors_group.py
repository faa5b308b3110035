"""
The Editors group: add, change, delete and view on content (guides and their parts,
postings, companies, locations, technologies), and nothing on users, groups or permissions.

Permissions are normally created after all migrations run (post_migrate), so on a fresh
database they do not exist yet here: they are created first, for the apps named below.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Editors"
CONTENT = {
    "roles": [
        "role",
        "responsibility",
        "skill",
        "careerstage",
        "specialization",
        "faq",
        "relatedrole",
    ],
    "jobs": ["jobposting", "company", "location", "technology"],
}
ACTIONS = ["add", "change", "delete", "view"]


def create_editors_group(apps, schema_editor):
    using = schema_editor.connection.alias
    for app_label in CONTENT:
        create_permissions(
            global_apps.get_app_config(app_label), verbosity=0, using=using, apps=apps
        )
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    wanted = {
        (app_label, f"{action}_{model}")
        for app_label, models in CONTENT.items()
        for model in models
        for action in ACTIONS
    }
    permissions = [
        permission
        for permission in Permission.objects.using(using)
        .filter(content_type__app_label__in=CONTENT)
        .select_related("content_type")
        if (permission.content_type.app_label, permission.codename) in wanted
    ]
    if len(permissions) != len(wanted):
        missing = wanted - {(p.content_type.app_label, p.codename) for p in permissions}
        raise RuntimeError(f"Permissions missing for the Editors group: {sorted(missing)}")
    group, _ = Group.objects.using(using).get_or_create(name=GROUP)
    group.permissions.set(permissions)


def delete_editors_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(name=GROUP).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("roles", "0001_initial"),
        ("jobs", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_editors_group, delete_editors_group),
    ]
