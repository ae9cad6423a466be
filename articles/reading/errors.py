"""The one error every stage of reading raises: where (path or URL, line, claim) and what."""

from pathlib import Path


class ArticleError(Exception):
    """A problem with an article file, located as precisely as the file allows."""

    def __init__(self, path, message, *, line=None, claim=None):
        # A URL stays a string: Path() would fold its '//' into '/'.
        self.path = path if isinstance(path, str) and "://" in path else Path(path)
        self.message = message
        self.line = line
        self.claim = claim
        super().__init__(str(self))

    def __str__(self):
        where = str(self.path)
        if self.line is not None:
            where += f", line {self.line}"
        if self.claim is not None:
            where += f", claim #{self.claim}"
        return f"{where}: {self.message}"
