"""SQL that only one database has a use for (Django's migration loader skips this module)."""


def run_on(vendor, statements):
    """A RunPython function executing STATEMENTS in order, on VENDOR's databases only."""

    def operation(apps, schema_editor):
        if schema_editor.connection.vendor != vendor:
            return
        for statement in statements:
            schema_editor.execute(statement)

    return operation
