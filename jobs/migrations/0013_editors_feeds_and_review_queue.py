"""
The Editors group gets add, change, delete and view on feeds, title rules and the "Needs a
role" list (a proxy of postings, with its own permissions), and view on feed runs: runs
are history, which nobody edits.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Editors"
ACTIONS = ["add", "change", "delete", "view"]
GRANTS = {
    "feed": ACTIONS,
    "titlerule": ACTIONS,
    "postingneedingrole": ACTIONS,
    "feedrun": ["view"],
}


def codenames():
    return [f"{action}_{model}" for model, actions in GRANTS.items() for action in actions]


def grant(apps, schema_editor):
    using = schema_editor.connection.alias
    create_permissions(global_apps.get_app_config("jobs"), verbosity=0, using=using, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = list(
        Permission.objects.using(using).filter(
            content_type__app_label="jobs", codename__in=codenames()
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
                content_type__app_label="jobs", codename__in=codenames()
            )
        )


class Migration(migrations.Migration):

    dependencies = [
        ("jobs", "0012_tally_rule_countable"),
        ("roles", "0004_editors_edit_new_guide_parts"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(grant, revoke),
    ]
