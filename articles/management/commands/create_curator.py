"""Create a curator: a staff account in the Curators group, and nothing more."""

import getpass
import os
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from articles.curation import CURATORS_GROUP, curator_create

PASSWORD_VARIABLE = "CURATOR_PASSWORD"


class Command(BaseCommand):
    help = (
        f"Create a curator account (staff, in the {CURATORS_GROUP} group). The password is read "
        f"from the {PASSWORD_VARIABLE} environment variable or asked for at a prompt; it is "
        "never an argument, so it stays out of shell history and process lists."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True, help="The curator's login name.")
        parser.add_argument("--email", default="", help="The curator's email address.")

    def handle(self, *args, username, email, **options):
        password = self.password()
        try:
            user = curator_create(username=username, email=email, password=password)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        if options["verbosity"] >= 1:
            self.stdout.write(
                self.style.SUCCESS(f"Created curator {user.get_username()!r} ({CURATORS_GROUP}).")
            )

    def password(self):
        password = os.environ.get(PASSWORD_VARIABLE)
        if password is None:
            if not sys.stdin.isatty():
                raise CommandError(
                    f"No password: set {PASSWORD_VARIABLE} or run the command in a terminal."
                )
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The two passwords differ.")
        if not password:
            raise CommandError("The password is empty.")
        return password
