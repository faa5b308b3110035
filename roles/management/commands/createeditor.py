"""
Create an editor: a staff user in the Editors group, who can edit guides and postings in
the admin and cannot reach users, groups or permissions.

    python manage.py createeditor alice --email alice@example.com

The password comes from --password, else the DJANGO_EDITOR_PASSWORD environment variable,
else a prompt (typed twice); with --no-input and neither given, the command stops.
"""

import getpass
import os
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

EDITORS = "Editors"
PASSWORD_ENV = "DJANGO_EDITOR_PASSWORD"


class Command(BaseCommand):
    help = "Create a staff user in the Editors group, who can edit guides and postings."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="", help="The editor's email address.")
        parser.add_argument(
            "--password",
            help=(
                f"The password. Prefer {PASSWORD_ENV} or the prompt: a password on the "
                "command line shows in the process list and in shell history."
            ),
        )
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="Never prompt; fail when no password is given.",
        )

    def handle(self, *args, username, email, password, interactive, verbosity, **options):
        User = get_user_model()
        try:
            group = Group.objects.get(name=EDITORS)
        except Group.DoesNotExist:
            raise CommandError(
                f"There is no {EDITORS} group: run `python manage.py migrate` first."
            ) from None

        username_field = User._meta.get_field(User.USERNAME_FIELD)
        username = self._valid(username_field.clean, username, None, label="username")
        # Names that differ only in case are one name to the people reading them.
        taken = User._default_manager.filter(**{f"{User.USERNAME_FIELD}__iexact": username})
        if existing := taken.values_list(User.USERNAME_FIELD, flat=True).first():
            raise CommandError(
                f"A user named {existing!r} already exists (names are compared without case)."
            )
        if email:
            email = User._default_manager.normalize_email(email)
            self._valid(validate_email, email, label="email")

        password = password or os.environ.get(PASSWORD_ENV) or self._ask_password(interactive)
        user = User(**{User.USERNAME_FIELD: username}, email=email, is_staff=True)
        self._valid(validate_password, password, user, label="password")

        with transaction.atomic():
            user.set_password(password)
            user.save()
            user.groups.add(group)
        if verbosity >= 1:
            self.stdout.write(
                self.style.SUCCESS(f"Created editor {username!r} in the {EDITORS} group.")
            )

    def _ask_password(self, interactive):
        if not interactive or not sys.stdin.isatty():
            raise CommandError(
                f"No password: give --password, set {PASSWORD_ENV}, or run in a terminal "
                "to be asked for one."
            )
        password = getpass.getpass("Password: ")
        if not password:
            raise CommandError("The password must not be empty.")
        if getpass.getpass("Password (again): ") != password:
            raise CommandError("The two passwords differ.")
        return password

    @staticmethod
    def _valid(check, value, *args, label):
        try:
            result = check(value, *args)
        except ValidationError as error:
            raise CommandError(f"Invalid {label}: {' '.join(error.messages)}") from None
        return value if result is None else result
