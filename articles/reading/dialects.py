"""Markdown dialects turned into the markdown the reader renders, at import time.

The reader renders Python-Markdown with its own extensions (admonition, attr_list, abbr,
footnotes, def_list, md_in_html, tables: see rendering.py). Other sites' dialects are rewritten
here into that markdown, so the reading copy holds clean markdown and no page shows syntax
as text:

- MkDocs content tabs (``=== "Label"`` with indented content): the label in bold, then the content;
- GitHub alerts (``> [!NOTE]``) and ``:::note[Title]`` directives (Astro, Docusaurus, VitePress):
  admonitions (``!!! note "Title"``);
- Liquid (Jekyll): ``{% highlight lang %}`` blocks become fenced code, other tags go;
- Hugo shortcodes: ``{{< ref "page" >}}`` becomes its target, other shortcodes go (their
  inner text stays);
- doc-site macros (MDN's KumaScript): ``{{glossary("JSON")}}`` becomes its text,
  navigation macros (``{{PreviousMenuNext(...)}}``) go; Tera comments ``{{/* ... */}}`` go;
- emoji shortcodes (``:white_check_mark:``) become the emoji they stand for (the emoji library's
  table, GitHub's aliases included).

Code (fenced, indented or inline) is left as written, apart from Liquid's highlight fences and
Tera comments, which are the template's, not the code's.
"""

import re

import emoji

from .blocks import code_lines, indent_of

TERA_COMMENT = re.compile(r"\{\{/\*.*?\*/\}\}|\{#.*?#\}", re.S)
LIQUID_HIGHLIGHT = re.compile(
    r"^(?P<indent>[ \t]*)\{%-?\s*highlight\s+(?P<lang>[\w+#.-]+)[^%]*-?%\}[ \t]*$", re.M
)
LIQUID_END_HIGHLIGHT = re.compile(r"^(?P<indent>[ \t]*)\{%-?\s*endhighlight\s*-?%\}[ \t]*$", re.M)
LIQUID_TAG = re.compile(r"\{%-?.*?-?%\}")
LIQUID_OUTPUT = re.compile(r"\{\{-?\s*[\w.]+(?:\s*\|[^{}]*)?\s*-?\}\}")
HUGO_REF = re.compile(r"\{\{[<%]\s*(?:rel)?ref\s+\"?(?P<target>[^\"\s>%]+)\"?\s*[>%]\}\}")
HUGO_SHORTCODE = re.compile(r"\{\{[<%]\s*/?\s*[\w./-]+(?:\s[^{}]*?)?\s*/?[>%]\}\}")
MACRO = re.compile(r"(?<!\\)\{\{\s*(?P<name>[A-Za-z_][\w-]*)\s*(?:\((?P<args>[^{}]*)\))?\s*\}\}")
MACRO_ARGUMENT = re.compile(r"\"((?:[^\"\\]|\\.)*)\"|'((?:[^'\\]|\\.)*)'")
# Macros that stand for a word or a name in the sentence (their display text is the last string
# argument when there are two, else the first); every other macro is page furniture.
TEXT_MACROS = re.compile(
    r"glossary|\w*xref|htmlelement|htmlattr\w*|httpheader|httpmethod|httpstatus|svgelement|"
    r"svgattr|mathmlelement|cssxref|jsxref|domxref|event|rfc|term|abbr",
    re.I,
)
INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")
TAB = re.compile(r"^(?P<indent>[ \t]*)===[!+]?[ \t]+\"(?P<label>[^\"]*)\"[ \t]*$")
ALERT = re.compile(
    r"^(?P<indent>[ \t]*)>[ \t]*\[!(?P<kind>NOTE|TIP|IMPORTANT|WARNING|CAUTION)\][ \t]*(?P<rest>.*)$",
    re.I,
)
DIRECTIVE_OPEN = re.compile(
    r"^(?P<indent>[ \t]*)(?P<colons>:{3,})[ \t]*(?P<kind>[A-Za-z][\w-]*)"
    r"(?:\[(?P<bracket>[^\]]*)\]|\{[^}]*title=\"(?P<attr>[^\"]*)\"[^}]*\}|[ \t]+(?P<plain>[^\n{]+))?"
    r"[^\n]*$"
)
DIRECTIVE_CLOSE = re.compile(r"^[ \t]*:{3,}[ \t]*$")
ADMONITION_KINDS = {
    "note": "note", "tip": "tip", "info": "info", "important": "important", "warning": "warning",
    "caution": "caution", "danger": "danger", "success": "success", "question": "question",
    "example": "example", "quote": "quote", "abstract": "abstract", "bug": "bug",
    "failure": "failure", "hint": "tip", "attention": "warning", "error": "danger",
}  # fmt: skip


def convert_dialects(text):
    """A markdown text with every dialect above rewritten as the reader's markdown."""
    text = TERA_COMMENT.sub("", text)
    text = LIQUID_HIGHLIGHT.sub(lambda m: f"{m['indent']}```{m['lang']}", text)
    text = LIQUID_END_HIGHLIGHT.sub(lambda m: f"{m['indent']}```", text)
    lines = text.split("\n")
    lines = content_tabs(lines)
    lines = alerts(lines)
    lines = directives(lines)
    lines = inline_pass(lines)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))


def title_case(kind):
    return kind[:1].upper() + kind[1:].lower()


def admonition(kind, title, content, indent=""):
    """Python-Markdown's admonition: '!!! kind "Title"' and its content indented four spaces."""
    kind = ADMONITION_KINDS.get(kind.lower(), "note")
    title = " ".join((title or "").split()).replace('"', "'")
    opener = f'{indent}!!! {kind} "{title}"' if title else f"{indent}!!! {kind}"
    body = [f"{indent}    {line}" if line.strip() else "" for line in content]
    while body and not body[-1]:
        body.pop()
    return [opener, *body, ""]


def content_tabs(lines):
    """MkDocs tabs: the label as a bold line, the tab's content dedented under it."""
    out, index, code = [], 0, code_lines(lines)
    while index < len(lines):
        match = TAB.match(lines[index])
        if code[index] or not match:
            out.append(lines[index])
            index += 1
            continue
        base = indent_of(match["indent"])
        out.extend([f"{match['indent']}**{match['label']}**", ""])
        index += 1
        while index < len(lines) and (
            not lines[index].strip() or indent_of(lines[index]) >= base + 4
        ):
            line = lines[index]
            out.append(line[:base] + line[base + 4 :] if line.strip() else "")
            index += 1
        out.append("")
    return out


def alerts(lines):
    """GitHub alerts ('> [!NOTE]' and the quote under it) as admonitions."""
    out, index, code = [], 0, code_lines(lines)
    while index < len(lines):
        match = ALERT.match(lines[index])
        if code[index] or not match:
            out.append(lines[index])
            index += 1
            continue
        content = [match["rest"]] if match["rest"].strip() else []
        index += 1
        while index < len(lines) and re.match(r"[ \t]*>", lines[index]):
            content.append(re.sub(r"^[ \t]*>[ \t]?", "", lines[index]))
            index += 1
        out.extend(admonition(match["kind"], "", content, match["indent"]))
    return out


def directives(lines):
    """':::kind[Title]' ... ':::' containers as admonitions (any other kind as a note)."""
    out, index, code = [], 0, code_lines(lines)
    while index < len(lines):
        match = DIRECTIVE_OPEN.match(lines[index])
        if code[index] or not match:
            out.append(lines[index])
            index += 1
            continue
        end = next(
            (
                number
                for number in range(index + 1, len(lines))
                if not code[number] and DIRECTIVE_CLOSE.match(lines[number])
            ),
            None,
        )
        if end is None:
            out.append(lines[index])
            index += 1
            continue
        title = match["bracket"] or match["attr"] or (match["plain"] or "").strip()
        kind = match["kind"].lower()
        if kind not in ADMONITION_KINDS and not title:
            title = title_case(kind)
        inner = directives(lines[index + 1 : end])
        out.extend(admonition(kind, title, inner, match["indent"]))
        index = end + 1
    return out


def macro_text(match):
    """A doc-site macro as the words it stands for, or nothing when it is page furniture."""
    if not TEXT_MACROS.fullmatch(match["name"]) or not match["args"]:
        return ""
    strings = [a or b for a, b in MACRO_ARGUMENT.findall(match["args"])]
    if not strings:
        return ""
    return strings[1] if len(strings) > 1 and strings[1] else strings[0]


def prose(text):
    """Inline dialect markup in a piece of prose (never inside inline code)."""
    text = HUGO_REF.sub(lambda m: m["target"], text)
    text = HUGO_SHORTCODE.sub("", text)
    text = LIQUID_TAG.sub("", text)
    text = MACRO.sub(macro_text, text)
    text = LIQUID_OUTPUT.sub("", text)
    return emoji.emojize(text, language="alias")


def inline_pass(lines):
    """Shortcodes, macros, Liquid tags and emoji codes rewritten outside code."""
    out, code = [], code_lines(lines)
    for line, is_code in zip(lines, code, strict=True):
        if is_code:
            out.append(line)
            continue
        pieces, last = [], 0
        for span in INLINE_CODE.finditer(line):
            pieces.append(prose(line[last : span.start()]))
            pieces.append(span.group())
            last = span.end()
        pieces.append(prose(line[last:]))
        rewritten = "".join(pieces)
        if line.strip() and not rewritten.strip():
            continue  # a line that only held furniture (a navigation macro, a Liquid tag)
        out.append(rewritten)
    return out
