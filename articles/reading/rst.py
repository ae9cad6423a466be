"""reStructuredText to HTML with docutils, Sphinx's own roles and directives degraded to text.

Documentation written for Sphinx uses roles (``:doc:``, ``:ref:``, ``:class:``) and directives
(``.. versionadded::``, ``.. code-block::``, ``.. toctree::``) that plain docutils does not
know. Before parsing, every unknown one the text uses is registered as a generic one that keeps
its text (a code-like role as inline code, a code directive as a literal block, navigation
directives as nothing), so no article is refused and no error message ends up in the output.
Reports are silenced (report level 5) and nothing halts the parse (halt level 5); file
inclusion and raw HTML are off.
"""

import re

from docutils import nodes
from docutils.core import publish_parts
from docutils.parsers.rst import Directive, directives, roles
from docutils.parsers.rst.languages import en as english

ROLE_USE = re.compile(r"(?<![\w`]):(?P<name>[A-Za-z][\w.+-]*(?::[A-Za-z][\w.+-]*)?):`")
DIRECTIVE_USE = re.compile(r"^[ \t]*\.\.[ \t]+(?P<name>[A-Za-z][\w.+-]*(?::[\w.+-]+)?)::", re.M)
# Roles whose text is code (Python domain and friends): shown as inline code.
CODE_ROLES = re.compile(
    r"(?:py:|js:|c:|cpp:|rb:)?(?:class|func|meth|mod|attr|obj|data|exc|const|var|member|"
    r"envvar|option|program|file|command|kbd|samp|makevar|function|type|macro|struct)"
)
CODE_DIRECTIVES = {"code-block", "sourcecode", "highlight-block", "literal", "doctest", "testcode"}
# Directives that only drive a documentation build (navigation, API pages): dropped.
BUILD_DIRECTIVES = re.compile(
    r"(?:py:|js:)?(?:toctree|autosummary|auto\w+|literalinclude|highlight|index|currentmodule|"
    r"module|tabularcolumns|include|graphviz|inheritance-diagram|program|option|envvar|"
    r"sectionauthor|moduleauthor|codeauthor|default-domain|testsetup|testcleanup)"
)
VERSION_LABELS = {
    "versionadded": "New in version",
    "versionchanged": "Changed in version",
    "deprecated": "Deprecated since version",
    "versionremoved": "Removed in version",
}
SETTINGS = {
    "report_level": 5,
    "halt_level": 5,
    "warning_stream": False,
    "file_insertion_enabled": False,
    "raw_enabled": False,
    "syntax_highlight": "none",
    "input_encoding": "unicode",
    "output_encoding": "unicode",
    "embed_stylesheet": False,
    "doctitle_xform": True,
    "sectsubtitle_xform": False,
    "footnote_references": "superscript",
    "smart_quotes": False,
}


def text_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """A Sphinx cross-reference as its text: 'Title <target>' reads 'Title', '~a.b.C' reads 'C'."""
    shown = text
    if match := re.fullmatch(r"(?s)(.*?)\s*<[^<>]*>", text):
        shown = match.group(1) or text
    shown = shown.lstrip("!")
    if shown.startswith("~"):
        shown = shown[1:].rsplit(".", 1)[-1]
    if CODE_ROLES.fullmatch(name):
        return [nodes.literal(rawtext, shown)], []
    return [nodes.Text(shown)], []


class AnyOptions(dict):
    """An option spec that accepts every option, unchanged: a Sphinx option is never an error."""

    def __contains__(self, key):
        return True

    def __getitem__(self, key):
        return directives.unchanged


class TextDirective(Directive):
    """An unknown directive as its text: code as a literal block, prose parsed as prose."""

    has_content = True
    optional_arguments = 10
    final_argument_whitespace = True
    option_spec = AnyOptions()

    def run(self):
        name = self.name.split(":")[-1]
        content = "\n".join(self.content)
        if name in CODE_DIRECTIVES:
            return [nodes.literal_block(content, content)] if content.strip() else []
        if BUILD_DIRECTIVES.fullmatch(self.name):
            return []
        container = nodes.container()
        words = " ".join(" ".join(self.arguments).split())
        if name in VERSION_LABELS:
            version, _, explanation = words.partition(" ")
            words = f"{VERSION_LABELS[name]} {version}" + (
                f": {explanation}" if explanation else ""
            )
        if words:
            container += nodes.paragraph(words, words)
        if self.content:
            self.state.nested_parse(self.content, self.content_offset, container)
        return [container] if len(container) else []


def register_unknown(source):
    """Register every role and directive the text uses that docutils does not know.

    Sphinx's code-block and sourcecode are docutils' 'code' by another name, but with Sphinx's
    options (':linenos:', ':emphasize-lines:'), which 'code' refuses: they are always ours.
    """
    for name in CODE_DIRECTIVES:
        directives.register_directive(name, TextDirective)
    known_directives = (
        directives._directive_registry.keys()
        | directives._directives.keys()
        | english.directives.keys()
    )
    for name in set(DIRECTIVE_USE.findall(source)) - known_directives:
        directives.register_directive(name, TextDirective)
    known_roles = roles._role_registry.keys() | roles._roles.keys() | english.roles.keys()
    for name in {match.group("name") for match in ROLE_USE.finditer(source)} - known_roles:
        roles.register_local_role(name, text_role)


def rst_to_html(source):
    """(HTML of the whole document, its title as plain text) for a reStructuredText text."""
    register_unknown(source)
    parts = publish_parts(source=source, writer="html5", settings_overrides=SETTINGS)
    title = " ".join(re.sub(r"<[^>]+>", "", parts["title"]).split())
    return parts["html_body"], title


RST_MARKERS = (
    re.compile(r"^\.\. [\w:-]+::", re.M),  # a directive
    re.compile(r"^\.\. _[^:]+:", re.M),  # a link target
    re.compile(r"`[^`\n]+`_{1,2}"),  # a reference
    re.compile(r":[\w:-]+:`[^`]+`"),  # a role
    re.compile(r"::\n\n[ \t]+\S"),  # a literal block
    re.compile(r"``[^`\n]+``"),  # inline literal
)
UNDERLINE = re.compile(r"^(?P<title>[^\n]*\S[^\n]*)\n(?P<rule>([=\-~^\"'`#*+])\3{2,})[ \t]*$", re.M)


def looks_like_rst(text):
    """A .txt that is reStructuredText: section underlines as long as their titles, and rst markup.

    Plain text rarely underlines a line with exactly its own length of '=' or '-', and never
    uses directives, roles or `references`_; two different signs of rst are needed.
    """
    underlined = sum(
        1
        for match in UNDERLINE.finditer(text)
        if len(match.group("rule")) >= len(match.group("title").rstrip()) >= 2
    )
    signs = sum(1 for marker in RST_MARKERS if marker.search(text))
    return signs + (1 if underlined else 0) >= 2
