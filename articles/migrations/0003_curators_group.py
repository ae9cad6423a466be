"""The Curators group: exactly what curating needs, nothing that deletes sources or edits users."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Curators"
CURATOR_PERMISSIONS = {
    ("articles", "claim"): ("view", "add", "change"),
    ("articles", "source"): ("view", "add", "change"),
    ("criteria", "framework"): ("view", "add", "change"),
    ("criteria", "criterion"): ("view", "add", "change"),
}


def curators_create(apps, schema_editor):
    # The database being migrated, which need not be the default one (the scale corpus).
    using = schema_editor.connection.alias
    # Permissions are normally created after all migrations; create them now so the group can
    # hold them on a fresh database.
    for app_label in ("articles", "criteria"):
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True  # the stub in a migration's state lacks it
        create_permissions(app_config, verbosity=0, apps=apps, using=using)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.using(using).get_or_create(name=GROUP_NAME)
    codenames = [
        (app_label, f"{action}_{model}")
        for (app_label, model), actions in CURATOR_PERMISSIONS.items()
        for action in actions
    ]
    permissions = [
        Permission.objects.using(using).get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in codenames
    ]
    group.permissions.set(permissions)


def curators_remove(apps, schema_editor):
    using = schema_editor.connection.alias
    apps.get_model("auth", "Group").objects.using(using).filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_curation_fields"),
        ("criteria", "0002_curation_fields"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(curators_create, curators_remove)]
